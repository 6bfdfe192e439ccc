//! Apply / 应用: pending changes, target, preview diff, Apply (disabled with the reason),
//! the per-key result, Undo and the history.

use crate::apply::{KeyStatus, Target};
use crate::i18n::Lang;
use crate::state::{AppCommand, ApplyCommand, MirrorsCommand};
use crate::state::{AppState, Command, Loadable, UiState};
use crate::ui::strings::strings;

/// The Apply panel.
pub fn apply_ui(ui: &mut egui::Ui, state: &AppState, view: &mut UiState, out: &mut Vec<Command>) {
    let lang = state.lang();
    let s = strings(lang);
    ui.heading(s.panel_apply);
    if state.snapshot().is_none() {
        crate::ui::widgets::busy(ui);
        return;
    }
    // One truth: what a preview shows is what Apply writes, whatever made it (the drafts, a
    // fix, a team profile); the same as the pending-changes bar below, which has the buttons.
    let pending = super::pending::pending(state, view);
    let plan = &*pending.plan;
    ui.strong(s.pending_changes);
    if let Some(source) = &plan.source {
        ui.small(crate::goenv::gourl::redact_text(source));
    }
    if plan.changes.is_empty() {
        // The empty state says what to do next, with the buttons that do it.
        ui.label(s.no_changes_next);
        ui.horizontal_wrapped(|ui| {
            if state.recommendation().is_some() && ui.button(s.use_recommended).clicked() {
                out.push(Command::Mirrors(MirrorsCommand::UseRecommended));
                out.push(Command::Apply(ApplyCommand::Preview));
            }
            if ui.button(s.panel_composer).clicked() {
                out.push(Command::App(AppCommand::Show(
                    crate::state::Panel::Composer,
                )));
            }
            if ui.button(s.panel_private).clicked() {
                out.push(Command::App(AppCommand::Show(crate::state::Panel::Private)));
            }
        });
    }
    for line in plan.describe() {
        ui.monospace(line);
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(s.target);
        let mut target = state.target;
        ui.radio_value(&mut target, Target::Go, s.target_go);
        ui.radio_value(&mut target, Target::File, s.target_file);
        if state.goroot_writable {
            ui.radio_value(&mut target, Target::Goroot, s.target_goroot);
        }
        if target != state.target {
            out.push(Command::Apply(ApplyCommand::SetTarget(target)));
        }
    });
    super::problems_ui(ui, &pending.warnings, lang);
    let (blockers, preview_ready) = (&pending.blockers, pending.previewed);
    // With nothing pending (for example right after a successful apply) there is nothing to
    // block: the result below says what happened.
    if !blockers.is_empty() && !preview_ready && !plan.changes.is_empty() {
        ui.label(s.apply_disabled);
        for b in blockers {
            super::error_text(ui, b, lang);
        }
    }
    match &state.prepared {
        Loadable::Ready(p) => {
            ui.strong(format!("{} ({})", s.diff, p.file.display()));
            let diff = p.diff();
            if diff.is_empty() {
                ui.label(s.no_changes);
            }
            crate::ui::widgets::diff(ui, diff, "apply-diff");
        }
        Loadable::Failed(e) => {
            super::error_text(ui, &e.message, lang);
            super::problems_ui(ui, &e.problems, lang);
        }
        _ => {}
    }
    outcome_ui(ui, state, lang);
    history_ui(ui, state, lang);
}

fn outcome_ui(ui: &mut egui::Ui, state: &AppState, lang: Lang) {
    let s = strings(lang);
    match &state.outcome {
        Loadable::Ready(o) => {
            ui.separator();
            ui.strong(format!("{}: {}", s.result, o.file.display()));
            for (key, status) in &o.keys {
                match status {
                    KeyStatus::Applied { value } => {
                        super::status::message(
                            ui,
                            &super::status::ok(crate::ui::strings::both(|s| s.applied_done)),
                            &format!(
                                "{key}: {} = {}",
                                s.applied,
                                crate::goenv::gourl::redact_text(value)
                            ),
                        );
                    }
                    KeyStatus::Overridden { by, value, help } => {
                        super::warn_line(
                            ui,
                            &format!(
                                "{key}: {} ({by}) = {}",
                                s.overridden,
                                crate::goenv::gourl::redact_text(value)
                            ),
                        );
                        ui.label(help.get(lang));
                    }
                    KeyStatus::Failed { reason } => {
                        super::error_line(ui, &format!("{key}: {} — {reason}", s.failed));
                    }
                }
            }
            for note in &o.notes {
                super::warn_line(ui, note.get(lang));
            }
            for w in &o.go_warnings {
                ui.label(egui::RichText::new(format!("go: {w}")).monospace());
            }
        }
        Loadable::Failed(e) => {
            super::error_text(ui, &e.message, lang);
            super::problems_ui(ui, &e.problems, lang);
        }
        _ => {}
    }
}

fn history_ui(ui: &mut egui::Ui, state: &AppState, lang: Lang) {
    let s = strings(lang);
    if state.history.is_empty() {
        return;
    }
    ui.separator();
    ui.strong(s.history);
    for e in state.history.iter().rev().take(20) {
        let undone = if e.undone {
            format!(" ({})", s.undone)
        } else {
            String::new()
        };
        ui.label(
            egui::RichText::new(format!(
                "#{} {} [{}] {}{undone}",
                e.id,
                e.time,
                e.via,
                e.changes.join(" ")
            ))
            .monospace(),
        );
    }
}
