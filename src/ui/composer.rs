//! GOPROXY composer / GOPROXY 编排: the ordered list, `,` or `|` per entry, the end keyword,
//! validated live with the core.

use crate::goenv::goproxy::Fallback;
use crate::goenv::validate;
use crate::state::AppCommand;
use crate::state::drafts::{ComposerEntry, ProxyEnd};
use crate::state::{AppState, Command, UiState};
use crate::ui::strings::strings;

/// The GOPROXY composer panel.
pub fn composer_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut UiState,
    out: &mut Vec<Command>,
) {
    let lang = state.lang();
    let s = strings(lang);
    ui.heading(s.panel_composer);
    ui.label(s.explain_comma);
    ui.label(s.explain_pipe);
    ui.separator();
    let measured = measured(state, lang);
    let drafts = &mut view.drafts;
    let mut action: Option<(usize, i32)> = None;
    let count = drafts.composer.len();
    if count == 0 {
        ui.weak(s.composer_empty);
    }
    for (i, entry) in drafts.composer.iter_mut().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.monospace(format!(
                "{}. {}",
                i + 1,
                crate::goenv::gourl::redact(&entry.url)
            ));
            // The live verdict of this mirror, when it was measured.
            if let Some(m) = measured.iter().find(|m| same_url(&m.url, &entry.url)) {
                super::status::badge(ui, &m.look, lang);
            }
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
    // The first way to add: pick a mirror the app has measured, with its verdict and time.
    let available: Vec<&Measured> = measured
        .iter()
        .filter(|m| !drafts.composer.iter().any(|e| same_url(&e.url, &m.url)))
        .collect();
    ui.add_space(super::theme::space::SECTION);
    ui.strong(s.pick_title);
    if available.is_empty() {
        ui.weak(if measured.is_empty() {
            s.pick_none_measured
        } else {
            s.pick_all_added
        });
    }
    for m in available {
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(m.usable, egui::Button::new(format!("+ {}", m.name)))
                .on_hover_text(crate::goenv::gourl::redact(&m.url))
                .clicked()
            {
                drafts.composer.push(ComposerEntry {
                    url: m.url.clone(),
                    fallback: Fallback::AnyError,
                });
                drafts.composer_touched = true;
            }
            super::status::badge(ui, &m.look, lang);
            if let Some(ms) = m.score {
                ui.label(format!("≈ {:.1} s", ms / 1000.0));
            }
        });
    }
    // The second way: a URL typed by hand.
    ui.add_space(super::theme::space::SECTION);
    ui.horizontal_wrapped(|ui| {
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
    ui.horizontal_wrapped(|ui| {
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
        out.push(Command::App(AppCommand::Show(crate::state::Panel::Apply)));
    }
}

/// A mirror the app measured (or is measuring), for the picker.
pub struct Measured {
    pub name: String,
    pub url: String,
    pub look: super::status::Look,
    pub score: Option<f64>,
    pub usable: bool,
}

/// The measured mirrors in the table's order (the recommendation's); those still measuring
/// too. The URL is the catalogue's (with any credentials of the user's own mirror).
fn measured(state: &AppState, lang: crate::i18n::Lang) -> Vec<Measured> {
    let list = state.mirror_list();
    let url_of = |id: &str, shown: &str| {
        list.iter()
            .find(|m| m.id == id)
            .map_or(shown.to_string(), |m| m.url.clone())
    };
    let mut rows = super::mirrors_table::rows(state, lang);
    super::mirrors_table::sort(&mut rows, crate::state::drafts::MirrorSort::Rank, true);
    rows.into_iter()
        .map(|r| Measured {
            name: r.name.to_string(),
            url: url_of(r.id, r.m.map_or("", |m| m.url.as_str())),
            look: r.look.clone(),
            score: r.score,
            usable: r.usable,
        })
        .filter(|m| !m.url.is_empty())
        .collect()
}

fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}
