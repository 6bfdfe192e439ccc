//! Onboarding / 新手引导: Check → Recommend → Apply, three clicks from start to working
//! settings; every step explains itself and links to the detailed panel.

use crate::i18n::Lang;
use crate::state::{AppCommand, ApplyCommand, ProjectCommand};
use crate::state::{AppState, Command, Loadable, Panel, Step, UiState};
use crate::ui::strings::strings;

/// The onboarding panel.
pub fn onboarding_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut UiState,
    out: &mut Vec<Command>,
) {
    let lang = state.lang();
    let s = strings(lang);
    ui.heading(s.panel_onboarding);
    ui.label(s.onboarding_intro);
    ui.horizontal(|ui| {
        for (step, label) in [
            (Step::Check, s.step_check),
            (Step::Recommend, s.step_recommend),
            (Step::Apply, s.step_apply),
        ] {
            if ui.selectable_label(state.step == step, label).clicked() {
                out.push(Command::App(AppCommand::Step(step)));
            }
        }
    });
    ui.separator();
    match state.step {
        Step::Check => check_ui(ui, state, lang, out),
        Step::Recommend => recommend_ui(ui, state, view, lang, out),
        Step::Apply => apply_step_ui(ui, state, view, lang, out),
    }
}

/// How many of the ranked mirrors the Check step lists (the link shows all).
const SHOWN_MIRRORS: usize = 5;

/// The widest a step's card grows: longer lines are hard to read.
const CARD_WIDTH: f32 = 880.0;

fn check_ui(ui: &mut egui::Ui, state: &AppState, lang: Lang, out: &mut Vec<Command>) {
    let s = strings(lang);
    // Side by side where there is room: the go command and its settings, then the mirrors.
    if ui.available_width() >= 900.0 {
        ui.columns(2, |cols| {
            super::card(&mut cols[0], CARD_WIDTH, |ui| go_ui(ui, state, lang, out));
            super::card(&mut cols[1], CARD_WIDTH, |ui| {
                probe_progress_ui(ui, state, lang, Some(out))
            });
        });
    } else {
        super::card(ui, CARD_WIDTH, |ui| go_ui(ui, state, lang, out));
        ui.add_space(super::theme::space::SECTION);
        super::card(ui, CARD_WIDTH, |ui| {
            probe_progress_ui(ui, state, lang, Some(out))
        });
    }
    ui.add_space(super::theme::space::SECTION);
    if ui.button(s.next).clicked() {
        out.push(Command::App(AppCommand::Step(Step::Recommend)));
    }
}

/// The go command found and the problems in the current settings.
fn go_ui(ui: &mut egui::Ui, state: &AppState, lang: Lang, out: &mut Vec<Command>) {
    let s = strings(lang);
    match &state.loaded {
        Loadable::Ready(l) => {
            let snapshot = &l.1;
            match &snapshot.go {
                Some(g) => {
                    let v = g.version.as_ref().map_or("?".into(), |v| v.raw.clone());
                    ui.label(format!("{}: {} ({v})", s.go_binary, g.path.display()));
                }
                None => {
                    super::status::message(
                        ui,
                        &super::status::problem(false),
                        &format!("{}: {}", s.go_binary, s.go_not_found),
                    );
                    ui.label(super::overview::install_help(lang));
                }
            }
            let conflicts: Vec<_> = snapshot
                .vars
                .values()
                .flat_map(|v| v.conflicts.iter())
                .collect();
            if conflicts.is_empty() {
                ui.label(s.onboarding_no_conflicts);
            } else {
                ui.label(s.onboarding_conflicts);
                for c in conflicts {
                    super::warn_text(ui, &c.message, lang);
                }
                if ui.link(s.panel_overview).clicked() {
                    out.push(Command::App(AppCommand::Show(Panel::Overview)));
                }
            }
        }
        _ => {
            ui.spinner();
        }
    }
}

/// How many mirrors answered, the best few with their status, and (given `out`) a link to all
/// of them.
fn probe_progress_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    lang: Lang,
    out: Option<&mut Vec<Command>>,
) {
    let s = strings(lang);
    let done = state
        .probe
        .measurements
        .iter()
        .filter(|m| m.is_some())
        .count();
    let total = state.probe.mirrors.len();
    ui.horizontal(|ui| {
        ui.label(format!("{}: {done}/{total}", s.panel_mirrors));
        if state.probe.round.is_pending() {
            ui.spinner();
        }
    });
    if let Some(o) = state.probe.round.ready() {
        for r in o.reports.iter().take(SHOWN_MIRRORS) {
            let name = r.measurement.name(lang);
            ui.horizontal(|ui| {
                ui.label(name);
                super::status::badge(ui, &super::status::verdict(r.verdict), lang);
            });
        }
        if let Some(out) = out
            && o.reports.len() > SHOWN_MIRRORS
            && ui.link(s.all_mirrors).clicked()
        {
            out.push(Command::App(AppCommand::Show(Panel::Mirrors)));
        }
    }
}

fn recommend_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut UiState,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let s = strings(lang);
    super::card(ui, CARD_WIDTH, |ui| recommendation_ui(ui, state, lang));
    ui.add_space(super::theme::space::SECTION);
    super::card(ui, CARD_WIDTH, |ui| {
        super::labeled_edit(
            ui,
            s.company_host,
            &mut view.drafts.company_host,
            s.company_host_hint,
        );
        ui.horizontal_wrapped(|ui| {
            // The folder's go.mod is read by the worker when the text changes.
            if super::labeled_edit(ui, s.project_folder, &mut view.drafts.project_dir, "").changed()
            {
                out.push(Command::Project(ProjectCommand::FolderChanged));
            }
            if ui.button(s.pick_project).clicked() {
                out.push(Command::Project(ProjectCommand::PickFolder));
            }
        });
    });
    ui.add_space(super::theme::space::SECTION);
    ui.horizontal(|ui| {
        if ui.button(s.back).clicked() {
            out.push(Command::App(AppCommand::Step(Step::Check)));
        }
        let ready = state.recommendation().is_some();
        if ui.add_enabled(ready, egui::Button::new(s.next)).clicked() {
            out.push(Command::App(AppCommand::Step(Step::Apply)));
        }
        if ui.link(s.panel_mirrors).clicked() {
            out.push(Command::App(AppCommand::Show(Panel::Mirrors)));
        }
    });
}

/// The recommendation the moment it is decided, with how certain it is; the progress before.
fn recommendation_ui(ui: &mut egui::Ui, state: &AppState, lang: Lang) {
    let s = strings(lang);
    match state.recommendation() {
        Some(rec) => {
            ui.horizontal_wrapped(|ui| {
                ui.strong(s.recommended);
                if let Some((_, ms)) = &state.probe.decided {
                    let waiting = state
                        .probe
                        .measurements
                        .iter()
                        .filter(|m| m.is_none())
                        .count();
                    let secs = format!("{:.1}", ms / 1000.0);
                    ui.label(format!("√ {} {secs} s", s.certain));
                    if state.probe.round.is_pending() && waiting > 0 {
                        ui.spinner();
                        ui.weak(format!("{waiting} {}", s.still_measuring));
                    }
                }
            });
            ui.monospace(format!(
                "GOPROXY={}",
                crate::goenv::gourl::redact_text(&rec.goproxy)
            ));
            ui.monospace(rec.gosumdb_line(lang));
            for reason in &rec.reasons {
                ui.label(format!("• {}", reason.get(lang)));
            }
        }
        None => match state
            .probe
            .round
            .ready()
            .and_then(|o| o.no_recommendation.as_ref())
        {
            // The round ended and nothing worked: say so, never a guess.
            Some(none) => super::status::no_recommendation_ui(ui, none, lang),
            None => probe_progress_ui(ui, state, lang, None),
        },
    }
}

fn apply_step_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut UiState,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let s = strings(lang);
    let v = &crate::ui::strings::strings(lang).verify;
    // The step's own button: apply, then prove it with the real go command.
    let ready = state.prepared.ready().is_some() && !state.outcome.is_pending();
    if ui
        .add_enabled(ready, egui::Button::new(s.apply_and_verify))
        .clicked()
    {
        out.push(Command::Apply(ApplyCommand::ApplyAndVerify));
    }
    if !state.verify.configs.is_empty() {
        ui.strong(v.panel);
        super::verify::results_ui(ui, &state.verify.configs, lang, v, out);
        ui.separator();
    }
    super::apply::apply_ui(ui, state, view, out);
    ui.separator();
    ui.horizontal(|ui| {
        if ui.button(s.back).clicked() {
            out.push(Command::App(AppCommand::Step(Step::Recommend)));
        }
        if ui.button(s.done).clicked() {
            out.push(Command::App(AppCommand::FinishOnboarding));
        }
    });
}
