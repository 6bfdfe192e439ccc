//! A traced path, drawn: this computer, each hop (its address and round trip), the target, and
//! the hop where the path breaks marked; the verdict in words and "Copy as text" for IT.

use crate::doctor::PathCheck;
use crate::i18n::Lang;
use crate::state::{Command, DoctorCommand};
use crate::trace::{HopKind, Trace};
use crate::ui::strings::doctor::DoctorStrings;
use crate::ui::theme::{Tone, tone_color};

/// Silent hops after the break are folded into one "… N more" stop.
const SHOWN_AFTER_BREAK: usize = 1;

/// One traced path: `index` is its place in the report's `paths` (for the copy command).
pub fn path_ui(
    ui: &mut egui::Ui,
    p: &PathCheck,
    index: usize,
    lang: Lang,
    s: &DoctorStrings,
    out: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.strong(p.role);
        ui.monospace(&p.url);
    });
    ui.add(egui::Label::new(egui::RichText::new(p.why.get(lang)).weak()).wrap());
    match (&p.trace, &p.error) {
        (Some(t), _) => {
            hops_ui(ui, t, lang, s);
            let color = if t.verdict == crate::trace::Verdict::Reached {
                tone_color(ui, Tone::Good)
            } else {
                tone_color(ui, Tone::Bad)
            };
            let words = if lang == Lang::Zh { &t.zh } else { &t.en };
            ui.add(egui::Label::new(egui::RichText::new(words).color(color)).wrap());
            if ui.button(s.copy_path).clicked() {
                out.push(Command::Doctor(DoctorCommand::CopyPath(index)));
            }
        }
        (None, Some(e)) => {
            ui.colored_label(tone_color(ui, Tone::Warn), e.get(lang));
        }
        (None, None) => {}
    }
}

fn hops_ui(ui: &mut egui::Ui, t: &Trace, lang: Lang, s: &DoctorStrings) {
    let broken = t.break_ttl();
    let bad = tone_color(ui, Tone::Bad);
    let good = tone_color(ui, Tone::Good);
    ui.horizontal_wrapped(|ui| {
        stop(ui, s.this_computer, "", None, false);
        let mut after_break = 0;
        for h in &t.hops {
            if broken.is_some_and(|b| h.ttl > b) {
                after_break += 1;
                if after_break > SHOWN_AFTER_BREAK {
                    continue;
                }
            }
            ui.weak("→");
            let is_break = broken == Some(h.ttl);
            let address = h.address.as_deref().unwrap_or(s.no_answer);
            let mut second = h
                .rtt_ms
                .map(|r| crate::trace::words::millis(r, lang))
                .unwrap_or_default();
            if is_break {
                second = format!("× {}", s.breaks_here);
            }
            let tint = if is_break {
                Some(bad)
            } else if h.kind == HopKind::Target && t.reached {
                Some(good)
            } else {
                None
            };
            stop(ui, &format!("{}  {address}", h.ttl), &second, tint, true);
        }
        let folded = after_break.saturating_sub(SHOWN_AFTER_BREAK);
        if folded > 0 {
            ui.weak(format!("→ … +{folded}"));
        }
    });
}

/// One stop on the path: a small frame of two lines, outlined when `tint` is set; a hop's
/// address in monospace.
fn stop(ui: &mut egui::Ui, first: &str, second: &str, tint: Option<egui::Color32>, mono: bool) {
    let stroke = match tint {
        Some(c) => egui::Stroke::new(1.5, c),
        None => ui.visuals().widgets.noninteractive.bg_stroke,
    };
    egui::Frame::group(ui.style())
        .stroke(stroke)
        .inner_margin(egui::Margin::symmetric(6, 3))
        .show(ui, |ui| {
            ui.vertical(|ui| {
                let first = egui::RichText::new(first);
                let first = if mono { first.monospace() } else { first };
                ui.label(match tint {
                    Some(c) => first.color(c),
                    None => first,
                });
                if !second.is_empty() {
                    let second = egui::RichText::new(second).small();
                    ui.label(match tint {
                        Some(c) => second.color(c),
                        None => second.weak(),
                    });
                }
            });
        });
}
