//! Checksum / 校验: the GOSUMDB choices with what each costs (`off` needs a confirmation),
//! beside what is in force now (its source, and the modules that skip it) and the chosen value
//! with its problems; side by side on a wide window, stacked on a narrow one.

use crate::goenv::validate;
use crate::state::drafts::SumdbKind;
use crate::state::{AppState, Command, UiState};
use crate::ui::strings::strings;

/// The Checksum panel.
pub fn checksum_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut UiState,
    _out: &mut Vec<Command>,
) {
    let lang = state.lang();
    let s = strings(lang);
    ui.heading(s.panel_checksum);
    ui.label(s.checksum_intro);
    ui.add_space(6.0);
    if ui.available_width() >= WIDE {
        ui.horizontal_top(|ui| {
            let left = (ui.available_width() * 0.55).min(640.0);
            ui.allocate_ui_with_layout(
                egui::vec2(left, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| choices_ui(ui, state, view),
            );
            ui.add_space(16.0);
            ui.vertical(|ui| summary_ui(ui, state, view));
        });
    } else {
        choices_ui(ui, state, view);
        ui.add_space(8.0);
        summary_ui(ui, state, view);
    }
    // The confirmation lives here, where the choice is; the pending-changes bar below the
    // panel previews and applies it, and waits for the confirmation (never sends the user to
    // the Apply panel only to be told to come back).
}

/// From this width on, the choices and the summary stand side by side.
const WIDE: f32 = 880.0;

fn choices_ui(ui: &mut egui::Ui, state: &AppState, view: &mut UiState) {
    let s = strings(state.lang());
    let d = &mut view.drafts;
    let before = (d.sumdb, d.sumdb_mirror.clone(), d.sumdb_custom.clone());
    for (kind, label, cost) in [
        (SumdbKind::Default, s.sumdb_default, s.sumdb_default_cost),
        (SumdbKind::China, s.sumdb_cn, s.sumdb_cn_cost),
        (SumdbKind::Mirror, s.sumdb_mirror, s.sumdb_mirror_cost),
        (SumdbKind::Custom, s.sumdb_custom, s.sumdb_custom_cost),
        (SumdbKind::Off, s.sumdb_off, s.sumdb_off_cost),
    ] {
        ui.radio_value(&mut d.sumdb, kind, label);
        ui.indent(label, |ui| {
            ui.small(cost);
            if d.sumdb == kind && kind == SumdbKind::Mirror {
                super::labeled_edit(
                    ui,
                    s.sumdb_mirror,
                    &mut d.sumdb_mirror,
                    "https://goproxy.cn/sumdb/sum.golang.org",
                );
            }
            if d.sumdb == kind && kind == SumdbKind::Custom {
                super::labeled_edit(
                    ui,
                    s.sumdb_custom,
                    &mut d.sumdb_custom,
                    "name+hash+key https://sumdb.corp.example",
                );
            }
            if d.sumdb == kind && kind == SumdbKind::Off {
                ui.checkbox(&mut d.off_confirmed, s.sumdb_off_confirm);
            }
        });
    }
    if (d.sumdb, d.sumdb_mirror.clone(), d.sumdb_custom.clone()) != before {
        d.sumdb_touched = true;
    }
}

/// What is in force now, and the chosen value with its problems.
fn summary_ui(ui: &mut egui::Ui, state: &AppState, view: &UiState) {
    let lang = state.lang();
    let s = strings(lang);
    let redact = crate::goenv::gourl::redact_text;
    if let crate::state::Loadable::Ready(loaded) = &state.loaded {
        let snapshot = &loaded.1;
        super::card(ui, 560.0, |ui| {
            crate::ui::widgets::section(ui, s.checksum_in_force);
            if let Some(var) = snapshot.vars.get("GOSUMDB") {
                ui.monospace(format!("GOSUMDB={}", redact(&var.value)));
                ui.small(crate::ui::strings::source_label(var.source, lang));
            }
            // GONOSUMDB defaults to GOPRIVATE: those modules are never checked.
            let skipped = match snapshot.value("GONOSUMDB") {
                "" => snapshot.value("GOPRIVATE"),
                v => v,
            };
            if !skipped.is_empty() {
                ui.add(
                    egui::Label::new(format!("{} {}", s.checksum_skips, redact(skipped))).wrap(),
                );
            }
        });
        ui.add_space(8.0);
    }
    super::card(ui, 560.0, |ui| {
        crate::ui::widgets::section(ui, s.checksum_choice);
        let value = view.drafts.chosen_gosumdb();
        ui.monospace(format!("GOSUMDB={}", redact(&value)));
        let problems = validate::check_write("GOSUMDB", &value, validate::WriteContext::default());
        super::problems_ui(ui, &problems, lang);
    });
}
