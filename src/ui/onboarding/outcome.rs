//! The onboarding's last step: one primary action, "Apply and verify", and its outcome in one
//! glance: a verdict card that says whether downloads work now (proven by the real go
//! command), or why not yet and the one fix. Done is right below it; the details (the diff,
//! apply without verifying, undo) are folded away.

use crate::i18n::Lang;
use crate::state::{AppCommand, ApplyCommand};
use crate::state::{AppState, Command, Loadable, Step, UiState};
use crate::ui::strings::strings;
use crate::ui::theme::Tone;
use crate::ui::widgets;

/// What the step has to say now.
enum Verdict {
    /// Nothing done yet: the button says what it will do.
    Before,
    Busy(&'static str),
    Works(String),
    NotYet {
        cause: String,
        fix: Option<std::collections::BTreeMap<String, String>>,
    },
}

fn verdict(state: &AppState, lang: Lang) -> Verdict {
    let o = &strings(lang).onboarding;
    if state.outcome.is_pending() || state.writing_soon() {
        return Verdict::Busy(o.applying);
    }
    if state.verify.after_load.is_some() {
        return Verdict::Busy(o.verifying);
    }
    if let Loadable::Failed(e) = &state.outcome {
        return Verdict::NotYet {
            cause: format!("{} {}", o.not_written, e.message.get(lang)),
            fix: None,
        };
    }
    let Some(after) = state.verify.after_apply() else {
        if state.outcome.ready().is_some() && state.snapshot().is_some_and(|s| s.go.is_none()) {
            return Verdict::NotYet {
                cause: o.no_go.to_string(),
                fix: None,
            };
        }
        return if state.outcome.ready().is_some() {
            Verdict::Busy(o.verifying)
        } else {
            Verdict::Before
        };
    };
    let Some(result) = &after.outcome else {
        return Verdict::Busy(o.verifying);
    };
    let secs = format!("{:.1}", result.elapsed_ms as f64 / 1000.0);
    let done = result.modules.iter().filter(|m| m.ok).count();
    let unverified = result
        .modules
        .iter()
        .filter(|m| m.verified == Some(false))
        .count();
    if result.ok {
        let template = match (&result.database, unverified) {
            (Some(_), 0) => o.works_verified,
            _ => o.works_unverified,
        };
        return Verdict::Works(
            template
                .replace("{n}", &done.to_string())
                .replace("{secs}", &secs)
                .replace("{db}", result.database.as_deref().unwrap_or("-"))
                .replace("{u}", &unverified.to_string()),
        );
    }
    match &result.failure {
        Some(f) => Verdict::NotYet {
            cause: format!(
                "{}: {}",
                f.class.label().get(lang),
                if lang == Lang::Zh { &f.zh } else { &f.en }
            ),
            fix: f.fix.clone(),
        },
        None => Verdict::NotYet {
            cause: strings(lang).verify.stopped.to_string(),
            fix: None,
        },
    }
}

/// The Apply step.
pub(super) fn apply_step_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut UiState,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let s = strings(lang);
    let o = &s.onboarding;
    let verdict = verdict(state, lang);
    // The step's one primary action until it has worked (then Done is): apply and verify,
    // after "Not yet" its one fix or the same again, on this step.
    let works = matches!(verdict, Verdict::Works(_));
    let ready = state.prepared.ready().is_some() && !state.outcome.is_pending();
    let failed_write = matches!(state.outcome, Loadable::Failed(_));
    ui.horizontal(|ui| match &verdict {
        Verdict::Works(_) => {}
        Verdict::NotYet { fix: Some(fix), .. } => {
            if widgets::default_button(ui, o.fix_and_verify, true) {
                out.push(Command::Apply(ApplyCommand::FixAndVerify(fix.clone())));
            }
        }
        Verdict::NotYet { fix: None, .. } => {
            let again = if failed_write {
                o.try_again
            } else {
                o.verify_again
            };
            if widgets::default_button(ui, again, true) {
                out.push(Command::Apply(ApplyCommand::VerifyAgain));
            }
        }
        Verdict::Before | Verdict::Busy(_) => {
            let idle = matches!(verdict, Verdict::Before);
            if widgets::default_button(ui, s.apply_and_verify, ready && idle) {
                out.push(Command::Apply(ApplyCommand::ApplyAndVerify));
            }
            if idle {
                ui.label(o.before);
            }
        }
    });
    ui.add_space(crate::ui::theme::space::SECTION);
    // The card's place is kept while the step works, so nothing jumps under the pointer.
    let min_h = 3.0 * ui.text_style_height(&egui::TextStyle::Body) + 24.0;
    ui.allocate_ui_with_layout(
        egui::vec2(ui.available_width(), min_h),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            ui.set_min_height(min_h);
            match &verdict {
                Verdict::Before => {}
                Verdict::Busy(what) => {
                    ui.horizontal(|ui| {
                        widgets::busy(ui);
                        ui.label(*what);
                    });
                }
                Verdict::Works(line) => {
                    widgets::verdict_card(ui, Tone::Good, o.works_title, &[line]);
                }
                Verdict::NotYet { cause, fix } => {
                    let shown = crate::goenv::gourl::redact_text(cause);
                    widgets::verdict_card(ui, Tone::Bad, o.not_yet_title, &[&shown]);
                    if let Some(fix) = fix {
                        // What the primary button above writes.
                        ui.horizontal_wrapped(|ui| {
                            ui.strong(o.the_fix);
                            let pairs: Vec<String> =
                                fix.iter().map(|(k, v)| format!("{k}={v}")).collect();
                            ui.monospace(crate::goenv::gourl::redact_text(&pairs.join(" ")));
                        });
                    }
                }
            }
        },
    );
    ui.add_space(crate::ui::theme::space::SECTION);
    ui.horizontal(|ui| {
        // Done is the primary action once downloads work; Back is never styled like it.
        let done = if works {
            widgets::default_button(ui, s.done, true)
        } else {
            ui.button(s.done).clicked()
        };
        if done {
            out.push(Command::App(AppCommand::FinishOnboarding));
        }
        ui.add_space(24.0);
        // Back without a frame: it never looks like Done.
        if ui.add(egui::Button::new(s.back).frame(false)).clicked() {
            out.push(Command::App(AppCommand::Step(Step::Recommend)));
        }
    });
    ui.add_space(crate::ui::theme::space::SECTION);
    egui::CollapsingHeader::new(o.details)
        .id_salt("onboarding-details")
        .show(ui, |ui| {
            if !state.verify.configs.is_empty() {
                let v = &s.verify;
                ui.strong(v.panel);
                crate::ui::verify::results_ui(ui, &state.verify.configs, lang, v, out);
                ui.separator();
            }
            crate::ui::apply::apply_ui(ui, state, view, out);
            crate::ui::pending::pending_bar_ui(ui, state, view, out);
        });
}
