//! Mirrors / 镜像: the live table, the latency chart, re-probe and watch, custom mirrors and
//! "use recommended".

use crate::i18n::Lang;
use crate::probe::model::Verdict;
use crate::state::{AppCommand, MirrorsCommand};
use crate::state::{AppState, Command, UiState};
use crate::ui::strings::strings;

/// The Mirrors panel.
pub fn mirrors_ui(ui: &mut egui::Ui, state: &AppState, view: &mut UiState, out: &mut Vec<Command>) {
    let lang = state.lang();
    let s = strings(lang);
    ui.heading(s.panel_mirrors);
    ui.horizontal_wrapped(|ui| {
        if state.probe.round.is_pending() {
            crate::ui::widgets::busy(ui);
            ui.label(s.probing);
        } else if ui.button(s.reprobe).clicked() {
            out.push(Command::Mirrors(MirrorsCommand::StartProbe));
        }
        let mut watching = state.probe.watch.is_some();
        if ui.checkbox(&mut watching, s.watch).changed() {
            out.push(Command::Mirrors(MirrorsCommand::ToggleWatch));
        }
        let recommended = state.recommendation().is_some();
        if ui
            .add_enabled(recommended, egui::Button::new(s.use_recommended))
            .clicked()
        {
            out.push(Command::Mirrors(MirrorsCommand::UseRecommended));
            out.push(Command::App(AppCommand::Show(
                crate::state::Panel::Composer,
            )));
        }
    });
    if state.probe.round.ready().is_none() && state.probe.mirrors.is_empty() {
        // Nothing measured and nothing running: say what to do, with the button.
        ui.horizontal_wrapped(|ui| {
            ui.label(s.no_mirrors_yet);
            if !state.probe.round.is_pending() && ui.button(s.reprobe).clicked() {
                out.push(Command::Mirrors(MirrorsCommand::StartProbe));
            }
        });
    } else {
        super::mirrors_table::table_ui(ui, state, view, lang);
    }
    if let Some(o) = state.probe.round.ready() {
        ui.add_space(super::theme::space::SECTION);
        ui.strong(s.recommended);
        match (&o.recommended, &o.no_recommendation) {
            // The line wraps instead of being cut.
            (Some(r), _) => {
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(format!(
                            "GOPROXY={}  {}",
                            crate::goenv::gourl::redact_text(&r.goproxy),
                            r.gosumdb_line(lang)
                        ))
                        .monospace(),
                    )
                    .wrap(),
                );
            }
            (None, Some(n)) => super::status::no_recommendation_ui(ui, n, lang),
            (None, None) => {}
        }
    }
    login_ui(ui, state, view, lang, out);
    super::chart::chart_ui(ui, state, s);
    ui.separator();
    ui.strong(s.custom_mirrors);
    let mut edit = None;
    for (i, url) in state
        .custom_mirrors()
        .iter()
        .map(|m| m.url.clone())
        .enumerate()
    {
        ui.horizontal(|ui| {
            ui.monospace(crate::goenv::gourl::redact(&url));
            // Editing moves the entry back into the field (credentials included, never shown
            // elsewhere) and removes it; Add puts it back.
            if ui.small_button(s.edit).clicked() {
                edit = Some((i, url.clone()));
            }
            if ui.small_button(s.remove).clicked() {
                out.push(Command::Mirrors(MirrorsCommand::RemoveCustom(i)));
            }
        });
    }
    if let Some((i, url)) = edit {
        view.drafts.new_mirror = url;
        out.push(Command::Mirrors(MirrorsCommand::RemoveCustom(i)));
    }
    ui.horizontal(|ui| {
        super::labeled_edit(ui, s.mirror, &mut view.drafts.new_mirror, s.add_mirror_hint);
        if ui.button(s.add).clicked() && !view.drafts.new_mirror.trim().is_empty() {
            out.push(Command::Mirrors(MirrorsCommand::AddCustom(std::mem::take(
                &mut view.drafts.new_mirror,
            ))));
        }
    });
}

/// For each mirror that wants a login: a login form whose entry goes into .netrc (where the
/// go command reads it); the password is never shown again.
fn login_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut UiState,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let Some(o) = state.probe.round.ready() else {
        return;
    };
    let hosts: Vec<String> = o
        .reports
        .iter()
        .filter(|r| r.verdict == Verdict::NeedsAuth)
        // The netrc machine as the go command matches it: host:port when the URL has one.
        .filter_map(|r| crate::goenv::netrc::machine_for_url(&r.measurement.url))
        .collect();
    let s = crate::ui::strings::strings(lang);
    for host in hosts {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(format!("{} {host}", s.login_prompt));
            ui.horizontal_wrapped(|ui| {
                let l = ui.label(s.login_user);
                ui.add(
                    egui::TextEdit::singleline(&mut view.drafts.login_user)
                        .desired_width(140.0)
                        .id_salt(("login", &host)),
                )
                .labelled_by(l.id);
                let p = ui.label(s.login_password);
                ui.add(
                    egui::TextEdit::singleline(&mut view.drafts.login_password.0)
                        .password(true)
                        .desired_width(140.0)
                        .id_salt(("password", &host)),
                )
                .labelled_by(p.id);
                if ui.button(s.login_save).clicked() {
                    out.push(Command::Mirrors(MirrorsCommand::SaveLogin {
                        host: host.clone(),
                    }));
                }
            });
        });
    }
}
