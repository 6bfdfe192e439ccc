//! Verify / 验证: the real `go mod download` with each chosen configuration, side by side, with
//! live progress from the go command's own output and a stop button.

use crate::i18n::Lang;
use crate::state::{AppState, Command, UiState, VerifyConfig};
use crate::state::{ApplyCommand, VerifyCommand};
use crate::ui::strings::verify::VerifyStrings;

/// The Verify panel.
pub fn verify_ui(ui: &mut egui::Ui, state: &AppState, view: &mut UiState, out: &mut Vec<Command>) {
    let lang = state.lang();
    let v = &crate::ui::strings::strings(lang).verify;
    ui.heading(v.panel);
    ui.label(v.intro);
    ui.add_space(6.0);
    // On a wide window what to run and the explainer stand side by side; the results, which
    // put the configurations side by side, get the whole width below.
    if ui.available_width() >= WIDE {
        ui.horizontal_top(|ui| {
            let left = (ui.available_width() - 16.0) / 2.0;
            ui.allocate_ui_with_layout(
                egui::vec2(left, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| run_ui(ui, state, view, v, out),
            );
            ui.add_space(16.0);
            ui.vertical(|ui| explain_ui(ui, state, view, lang, v, out));
        });
        ui.separator();
        results_ui(ui, &state.verify.configs, lang, v, out);
    } else {
        run_ui(ui, state, view, v, out);
        ui.separator();
        results_ui(ui, &state.verify.configs, lang, v, out);
        ui.separator();
        explain_ui(ui, state, view, lang, v, out);
    }
}

/// From this width on, the run and the explainer stand side by side.
const WIDE: f32 = 880.0;

/// What to verify, with what, for how long; the start and cancel buttons.
fn run_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut UiState,
    v: &VerifyStrings,
    out: &mut Vec<Command>,
) {
    crate::ui::widgets::section(ui, v.configs);
    ui.checkbox(&mut view.verify.use_current, v.current);
    if state.probe.round.ready().is_some() {
        ui.checkbox(&mut view.verify.use_recommended, v.recommended);
    } else {
        ui.add_enabled(
            false,
            egui::Checkbox::new(&mut false, v.recommended_missing),
        );
    }
    ui.checkbox(&mut view.verify.use_pending, v.pending);
    ui.add_space(6.0);
    crate::ui::widgets::section(ui, v.what);
    let project = state
        .project
        .snapshot
        .ready()
        .map(|s| s.project.dir.display().to_string());
    if let Some(dir) = &project {
        ui.checkbox(
            &mut view.verify.use_project,
            format!("{} ({dir})", v.the_project),
        );
    }
    if project.is_none() || !view.verify.use_project {
        super::labeled_edit(ui, v.modules, &mut view.verify.modules, v.modules_hint);
    }
    ui.horizontal(|ui| {
        let l = ui.label(v.timeout);
        ui.add(egui::DragValue::new(&mut view.verify.timeout_s).range(1..=3600))
            .labelled_by(l.id);
    });
    ui.horizontal(|ui| {
        let running = state.verify.round.is_pending();
        let choices = !state.verify_choices(view).is_empty();
        if ui
            .add_enabled(!running && choices, egui::Button::new(v.start))
            .clicked()
        {
            out.push(Command::Verify(VerifyCommand::Start));
        }
        if running {
            crate::ui::widgets::busy(ui);
            if ui
                .add_enabled(!state.verify.stopping, egui::Button::new(v.cancel))
                .clicked()
            {
                out.push(Command::Verify(VerifyCommand::Cancel));
            }
        }
    });
}

/// The explainer: paste go output, see each recognised line explained, preview a fix.
fn explain_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut UiState,
    lang: Lang,
    v: &VerifyStrings,
    out: &mut Vec<Command>,
) {
    crate::ui::widgets::section(ui, v.explain);
    ui.label(v.explain_help);
    let l = ui.label(v.pasted);
    let edit = ui
        .add(
            egui::TextEdit::multiline(&mut view.verify.pasted)
                .desired_rows(5)
                .desired_width(f32::INFINITY)
                .code_editor(),
        )
        .labelled_by(l.id);
    if edit.changed() {
        out.push(Command::Verify(VerifyCommand::Explain));
    }
    let known: Vec<_> = state
        .verify
        .findings
        .iter()
        .filter(|f| f.class != crate::verify::explain::Class::Unknown)
        .collect();
    if known.is_empty() && !view.verify.pasted.trim().is_empty() {
        ui.label(v.nothing_known);
    }
    for f in known {
        ui.group(|ui| {
            ui.strong(f.class.label().get(lang));
            ui.monospace(&f.line);
            ui.label(if lang == Lang::Zh { &f.zh } else { &f.en });
            fix_button(ui, f.fix.as_ref(), v, out);
        });
    }
}

/// The settings a problem's fix sets, with the button that previews them.
fn fix_button(
    ui: &mut egui::Ui,
    fix: Option<&std::collections::BTreeMap<String, String>>,
    v: &VerifyStrings,
    out: &mut Vec<Command>,
) {
    let Some(fix) = fix else {
        return;
    };
    let pairs: Vec<String> = fix.iter().map(|(k, v)| format!("{k}={v}")).collect();
    ui.horizontal_wrapped(|ui| {
        ui.monospace(format!("{} {}", v.fix, pairs.join(" ")));
        if ui.button(v.preview_fix).clicked() {
            out.push(Command::Apply(ApplyCommand::PreviewFix(fix.clone())));
        }
    });
}

/// One line per configuration: live progress, then the result in words.
pub fn results_ui(
    ui: &mut egui::Ui,
    configs: &[VerifyConfig],
    lang: Lang,
    v: &VerifyStrings,
    out: &mut Vec<Command>,
) {
    for c in configs {
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!("{}:", c.label.get(lang)));
            match &c.outcome {
                None => {
                    crate::ui::widgets::busy(ui);
                    ui.label(format!(
                        "{} · {} {} · {}",
                        v.running, c.progress.requests, v.requests, c.progress.last
                    ));
                }
                Some(o) if o.cancelled => {
                    ui.label(v.stopped);
                }
                Some(o) => {
                    let secs = o.elapsed_ms as f64 / 1000.0;
                    let done = o.modules.iter().filter(|m| m.ok).count();
                    let unverified = o
                        .modules
                        .iter()
                        .filter(|m| m.verified == Some(false))
                        .count();
                    let mut line = format!("{done} {} {secs:.1} {}", v.modules_in, v.seconds);
                    match (&o.database, unverified) {
                        (Some(db), 0) if done > 0 => {
                            line.push_str(&format!(", {} {db}", v.all_verified))
                        }
                        (_, n) if n > 0 => line.push_str(&format!(", {n} {}", v.not_verified)),
                        _ => {}
                    }
                    if o.ok {
                        super::status::message(
                            ui,
                            &super::status::ok(crate::ui::strings::both(|s| s.works)),
                            &line,
                        );
                    } else {
                        super::error_line(ui, &line);
                        if let Some(f) = &o.failure {
                            super::error_line(
                                ui,
                                &format!("{}: {}", f.class.label().get(lang), f.message),
                            );
                        }
                    }
                }
            }
        });
        if let Some(f) = c.outcome.as_ref().and_then(|o| o.failure.as_ref()) {
            ui.indent(("verify-failure", c.label.en.as_str()), |ui| {
                ui.label(if lang == Lang::Zh { &f.zh } else { &f.en });
                fix_button(ui, f.fix.as_ref(), v, out);
            });
        }
    }
}
