//! Team / 团队: open a team profile, see what it sets, preview it through the normal apply
//! path; the settings as snippets with copy buttons.

use crate::state::{AppState, Command, UiState};
use crate::state::{ApplyCommand, ProfileCommand};

use crate::profile::snippets::{self, Format};

/// The Team panel.
pub fn profile_ui(ui: &mut egui::Ui, state: &AppState, view: &mut UiState, out: &mut Vec<Command>) {
    let lang = state.lang();
    let s = &crate::ui::strings::strings(lang).profile;
    ui.heading(s.panel);
    ui.label(s.intro);
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(s.location);
        ui.add(
            egui::TextEdit::singleline(&mut view.profile.location)
                .desired_width(360.0)
                .id_salt("team-location"),
        )
        .labelled_by(label.id);
        if state.profile.loaded.is_pending() {
            crate::ui::widgets::busy(ui);
            ui.label(s.reading);
        } else {
            if ui.button(s.open).clicked() && !view.profile.location.trim().is_empty() {
                out.push(Command::Profile(ProfileCommand::Open(
                    view.profile.location.trim().to_string(),
                )));
            }
            if ui
                .add_enabled(
                    !state.profile.picking.is_pending(),
                    egui::Button::new(s.choose),
                )
                .clicked()
            {
                out.push(Command::Profile(ProfileCommand::Pick));
            }
        }
    });
    if let Some(problems) = state.profile.loaded.failed() {
        ui.colored_label(ui.visuals().error_fg_color, format!("× {}", s.refused));
        for p in problems {
            ui.label(format!("• {}", p.get(lang)));
        }
    }
    let colon = crate::ui::strings::strings(lang).colon;
    if let Some(p) = state.profile.loaded.ready().cloned() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            if let Some(name) = &p.team.name {
                ui.strong(format!("{}{colon}{name}", s.team));
            }
            if let Some(c) = &p.team.contact {
                ui.label(format!("{}{colon}{c}", s.contact));
            }
            ui.label(s.settings);
            for (k, v) in &p.settings {
                ui.monospace(format!("{k}={v}"));
            }
            if !p.mirrors.is_empty() {
                ui.label(s.mirrors);
                for m in &p.mirrors {
                    ui.monospace(format!("{} · {}", m.name, m.url));
                }
            }
            let installed = state
                .snapshot()
                .and_then(|snap| snap.go.as_ref())
                .and_then(|g| g.version.clone());
            if let Some((text, fix)) = crate::profile::min_go_check(&p, installed.as_ref()) {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(ui.visuals().warn_fg_color, format!("⚠ {}", text.get(lang)));
                    if !fix.is_empty() && ui.button(s.toolchain_fix).clicked() {
                        out.push(Command::Apply(ApplyCommand::PreviewFix(fix)));
                    }
                });
            }
            ui.horizontal_wrapped(|ui| {
                if !p.settings.is_empty() && ui.button(s.preview).clicked() {
                    out.push(Command::Profile(ProfileCommand::Preview));
                }
                if ui
                    .button(s.to_project)
                    .on_hover_text(s.to_project_hint)
                    .clicked()
                {
                    out.push(Command::Profile(ProfileCommand::ToProject));
                }
            });
            network_ui(ui, &p, lang, out);
        });
    }
    ui.separator();
    export_ui(ui, state, view, out);
    ui.separator();
    ui.strong(s.snippets);
    ui.weak(if state.profile.loaded.ready().is_some() {
        s.snippets_from_profile
    } else {
        s.snippets_from_yours
    });
    let settings = state.snippet_settings();
    if settings.is_empty() {
        ui.label(s.nothing_set);
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for f in Format::ALL {
            if ui
                .selectable_label(view.profile.format == f, f.label().get(lang))
                .clicked()
            {
                view.profile.format = f;
            }
        }
    });
    let snippet = snippets::render(view.profile.format, &settings);
    let mut text = crate::goenv::gourl::redact_text(&snippet.text);
    ui.add(
        egui::TextEdit::multiline(&mut text)
            .code_editor()
            .interactive(false)
            .desired_width(f32::INFINITY),
    );
    for n in &snippet.notes {
        ui.colored_label(ui.visuals().warn_fg_color, format!("⚠ {}", n.get(lang)));
    }
    if ui
        .button(format!(
            "{} · {}",
            s.copy,
            view.profile.format.label().get(lang)
        ))
        .clicked()
    {
        out.push(Command::Profile(ProfileCommand::CopySnippet(
            view.profile.format,
        )));
    }
}

fn network_ui(
    ui: &mut egui::Ui,
    p: &crate::profile::file::TeamProfile,
    lang: crate::i18n::Lang,
    out: &mut Vec<Command>,
) {
    let steps =
        crate::profile::network::instructions(p, crate::goenv::location::TargetOs::current());
    if steps.is_empty() {
        return;
    }
    let s = &crate::ui::strings::strings(lang).profile;
    ui.add_space(4.0);
    ui.strong(s.network);
    ui.label(s.network_intro);
    for step in &steps {
        ui.label(step.what.get(lang));
        for c in &step.commands {
            ui.monospace(crate::goenv::gourl::redact_text(c));
        }
    }
    if ui.button(s.copy_steps).clicked() {
        out.push(Command::Profile(ProfileCommand::CopyNetworkSteps));
    }
}

fn export_ui(ui: &mut egui::Ui, state: &AppState, view: &mut UiState, out: &mut Vec<Command>) {
    let lang = state.lang();
    let s = &crate::ui::strings::strings(lang).profile;
    ui.strong(s.export);
    ui.label(s.export_intro);
    let pending = state.plan(view).describe();
    if !pending.is_empty() {
        ui.weak(format!("{} {}", s.pending_included, pending.join(" ")));
    }
    if view.profile.export_path.is_empty() {
        view.profile.export_path = state.export_path(view);
    }
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(s.export_path);
        ui.add(
            egui::TextEdit::singleline(&mut view.profile.export_path)
                .desired_width(320.0)
                .id_salt("team-export-path"),
        )
        .labelled_by(label.id);
        if ui
            .add_enabled(
                !state.profile.picking.is_pending(),
                egui::Button::new(s.choose),
            )
            .clicked()
        {
            out.push(Command::Profile(ProfileCommand::PickExportPath));
        }
        if state.profile.export.is_pending() {
            crate::ui::widgets::busy(ui);
            ui.label(s.exporting);
        } else if ui.button(s.export_button).clicked() {
            out.push(Command::Profile(ProfileCommand::Export));
        }
    });
}
