//! Onboarding / 新手引导: Check → Recommend → Apply, three clicks from start to working
//! settings; every step explains itself and links to the detailed panel.

mod outcome;

use crate::i18n::Lang;
use crate::state::{AppCommand, ProjectCommand};
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
        Step::Apply => outcome::apply_step_ui(ui, state, view, lang, out),
    }
}

/// How many of the ranked mirrors the Check step lists (the link shows all).
const SHOWN_MIRRORS: usize = 5;

/// The widest a step's card grows: longer lines are hard to read.
const CARD_WIDTH: f32 = 880.0;

fn check_ui(ui: &mut egui::Ui, state: &AppState, lang: Lang, out: &mut Vec<Command>) {
    let s = strings(lang);
    // Side by side where there is room: the go command and its settings, then the mirrors.
    // (Not `ui.columns`: its justified layout spreads a label's letters across the card.)
    let gap = super::theme::space::SECTION;
    if ui.available_width() >= 900.0 {
        let half = ((ui.available_width() - gap) / 2.0).min(CARD_WIDTH);
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = gap;
            for left in [true, false] {
                ui.allocate_ui_with_layout(
                    egui::vec2(half, 0.0),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        super::card(ui, half, |ui| {
                            if left {
                                go_ui(ui, state, lang, out)
                            } else {
                                probe_progress_ui(ui, state, lang, Some(out))
                            }
                        })
                    },
                );
            }
        });
    } else {
        super::card(ui, CARD_WIDTH, |ui| go_ui(ui, state, lang, out));
        ui.add_space(gap);
        super::card(ui, CARD_WIDTH, |ui| {
            probe_progress_ui(ui, state, lang, Some(out))
        });
    }
    ui.add_space(gap);
    if super::widgets::default_button(ui, s.next, true) {
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
            crate::ui::widgets::busy(ui);
        }
    }
}

/// How many mirrors answered and the best few: while the round runs, the ones measured so far
/// (fastest estimate first) as they arrive; then their status. The rows are reserved from the
/// start, so nothing below moves while measuring. Given `out`, a link to all of them.
fn probe_progress_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    lang: Lang,
    out: Option<&mut Vec<Command>>,
) {
    let s = strings(lang);
    let probe = &state.probe;
    let done = probe.measurements.iter().filter(|m| m.is_some()).count();
    let total = probe.mirrors.len();
    ui.horizontal(|ui| {
        ui.label(format!("{}: {done}/{total}", s.panel_mirrors));
        if probe.round.is_pending() {
            super::widgets::busy(ui);
        }
    });
    let rows = SHOWN_MIRRORS.min(total.max(1));
    let row_h = ui.spacing().interact_size.y;
    let mut drawn = 0;
    let row = |ui: &mut egui::Ui, add: &mut dyn FnMut(&mut egui::Ui)| {
        ui.allocate_ui_with_layout(
            egui::vec2(ui.available_width(), row_h),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_height(row_h);
                add(ui)
            },
        );
    };
    if let Some(o) = probe.round.ready() {
        for r in o.reports.iter().take(rows) {
            row(ui, &mut |ui| {
                ui.label(r.measurement.name(lang));
                super::status::badge(ui, &super::status::verdict(r.verdict), lang);
            });
            drawn += 1;
        }
    } else {
        let mut measured: Vec<(usize, f64)> = probe
            .estimates
            .iter()
            .enumerate()
            .filter(|(i, _)| probe.measurements.get(*i).is_some_and(Option::is_some))
            .map(|(i, e)| (i, e.unwrap_or(f64::INFINITY)))
            .collect();
        measured.sort_by(|a, b| a.1.total_cmp(&b.1));
        for (i, estimate) in measured.into_iter().take(rows) {
            let Some(m) = probe.mirrors.get(i) else {
                continue;
            };
            row(ui, &mut |ui| {
                ui.label(m.name(lang));
                if estimate.is_finite() {
                    ui.weak(super::seconds(estimate, lang));
                } else {
                    ui.weak(s.onboarding.no_answer);
                }
            });
            drawn += 1;
        }
    }
    for _ in drawn..rows {
        row(ui, &mut |ui| {
            ui.weak(s.onboarding.waiting_mirror);
        });
    }
    if let Some(out) = out
        && total > rows
        && ui.link(s.all_mirrors).clicked()
    {
        out.push(Command::App(AppCommand::Show(Panel::Mirrors)));
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
        let ready = state.recommendation().is_some();
        if super::widgets::default_button(ui, s.next, ready) {
            out.push(Command::App(AppCommand::Step(Step::Apply)));
        }
        if ui.button(s.back).clicked() {
            out.push(Command::App(AppCommand::Step(Step::Check)));
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
                    ui.label(format!("√ {} {}", s.certain, super::seconds(*ms, lang)));
                    if state.probe.round.is_pending() && waiting > 0 {
                        crate::ui::widgets::busy(ui);
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
