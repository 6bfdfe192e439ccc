//! Checksum / 校验: the GOSUMDB choices with what each costs; `off` needs a confirmation.

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
    let value = d.chosen_gosumdb();
    ui.monospace(format!("GOSUMDB={value}"));
    let problems = validate::check_write("GOSUMDB", &value, validate::WriteContext::default());
    super::problems_ui(ui, &problems, lang);
    // The confirmation lives here, where the choice is; the pending-changes bar below the
    // panel previews and applies it, and waits for the confirmation (never sends the user to
    // the Apply panel only to be told to come back).
}
