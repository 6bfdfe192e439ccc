//! GOPROXY composer / GOPROXY 编排: the ordered list, `,` or `|` per entry, the end keyword,
//! validated live with the core.

use crate::goenv::goproxy::Fallback;
use crate::goenv::validate;
use crate::gui::drafts::{ComposerEntry, ProxyEnd};
use crate::gui::state::{AppState, Command};
use crate::gui::strings::strings;

pub fn composer_ui(ui: &mut egui::Ui, state: &mut AppState, out: &mut Vec<Command>) {
    let lang = state.lang();
    let s = strings(lang);
    ui.heading(s.panel_composer);
    ui.label(s.explain_comma);
    ui.label(s.explain_pipe);
    ui.separator();
    let drafts = &mut state.drafts;
    let mut action: Option<(usize, i32)> = None;
    let count = drafts.composer.len();
    for (i, entry) in drafts.composer.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.monospace(format!(
                "{}. {}",
                i + 1,
                crate::goenv::gourl::redact(&entry.url)
            ));
            let before = entry.fallback;
            ui.radio_value(
                &mut entry.fallback,
                Fallback::NotFound,
                s.fallback_not_found,
            );
            ui.radio_value(
                &mut entry.fallback,
                Fallback::AnyError,
                s.fallback_any_error,
            );
            if entry.fallback != before {
                action = Some((i, 0));
            }
            if ui
                .add_enabled(i > 0, egui::Button::new(s.move_up))
                .clicked()
            {
                action = Some((i, -1));
            }
            if ui
                .add_enabled(i + 1 < count, egui::Button::new(s.move_down))
                .clicked()
            {
                action = Some((i, 1));
            }
            if ui.button(s.remove).clicked() {
                action = Some((i, 2));
            }
        });
    }
    if let Some((i, what)) = action {
        drafts.composer_touched = true;
        match what {
            -1 => drafts.composer.swap(i, i - 1),
            1 => drafts.composer.swap(i, i + 1),
            2 => {
                drafts.composer.remove(i);
            }
            _ => {}
        }
    }
    ui.horizontal(|ui| {
        super::labeled_edit(ui, s.add_entry, &mut drafts.new_entry, s.add_mirror_hint);
        if ui.button(s.add).clicked() && !drafts.new_entry.trim().is_empty() {
            let url = crate::goenv::goproxy::complete_url(drafts.new_entry.trim());
            drafts.composer.push(ComposerEntry {
                url,
                fallback: Fallback::AnyError,
            });
            drafts.new_entry.clear();
            drafts.composer_touched = true;
        }
    });
    ui.horizontal(|ui| {
        let before = drafts.end;
        ui.radio_value(&mut drafts.end, ProxyEnd::Direct, s.end_direct);
        ui.radio_value(&mut drafts.end, ProxyEnd::Off, s.end_off);
        ui.radio_value(&mut drafts.end, ProxyEnd::Nothing, s.end_nothing);
        if drafts.end != before {
            drafts.composer_touched = true;
        }
    });
    let value = drafts.composed_goproxy();
    ui.horizontal(|ui| {
        ui.strong(s.composed_value);
        ui.monospace(crate::goenv::gourl::redact_text(&value));
    });
    let problems = validate::check_write("GOPROXY", &value, validate::WriteContext::default());
    super::problems_ui(ui, &problems, lang);
    if ui.button(s.panel_apply).clicked() {
        out.push(Command::Show(crate::gui::state::Panel::Apply));
    }
}
