//! The top bar: the app's title, the theme and the language, About.

use super::widgets;
use crate::i18n::Lang;
use crate::state::{AppCommand, AppState, Command};
use crate::ui::strings::Strings;

/// The top bar.
pub fn top_bar_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    s: &Strings,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    egui::Panel::top("top").show(ui, |ui| {
        // The title and the controls share a row where both fit; on a narrow window the
        // controls go to a row of their own (never drawn over the title).
        let title_w = 20.0 * s.app_title.chars().count() as f32;
        if ui.available_width() >= title_w + TOP_CONTROLS_WIDTH {
            ui.horizontal(|ui| {
                ui.heading(s.app_title);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    top_controls(ui, state, s, lang, out, true);
                });
            });
        } else {
            ui.heading(s.app_title);
            ui.horizontal_wrapped(|ui| top_controls(ui, state, s, lang, out, false));
        }
    });
}

/// How wide the top bar's controls are (theme, language, About), to know whether the title
/// fits beside them.
const TOP_CONTROLS_WIDTH: f32 = 560.0;

/// The top bar's controls, in reading order: the busy indicator, theme, language, About.
/// `right_to_left`: in a right-to-left layout (beside the title), so added from the right.
fn top_controls(
    ui: &mut egui::Ui,
    state: &AppState,
    s: &Strings,
    lang: Lang,
    out: &mut Vec<Command>,
    right_to_left: bool,
) {
    use crate::state::ThemeChoice;
    enum Part {
        Busy,
        Label(&'static str),
        Theme(ThemeChoice, &'static str),
        Lang(Lang, &'static str),
        Separator,
        About,
    }
    let mut parts = vec![
        Part::Busy,
        Part::Label(s.theme),
        Part::Theme(ThemeChoice::System, s.theme_system),
        Part::Theme(ThemeChoice::Light, s.theme_light),
        Part::Theme(ThemeChoice::Dark, s.theme_dark),
        Part::Separator,
        Part::Label(s.language),
        Part::Lang(Lang::Zh, "中文"),
        Part::Lang(Lang::En, "English"),
        Part::Separator,
        Part::About,
    ];
    if right_to_left {
        parts.reverse();
    }
    for part in parts {
        match part {
            Part::Busy => {
                if state.loaded.is_pending() || state.probe.round.is_pending() {
                    widgets::busy(ui);
                }
            }
            Part::Label(text) => {
                ui.label(text);
            }
            Part::Theme(choice, label) => {
                if ui
                    .selectable_label(state.settings.theme == choice, label)
                    .clicked()
                {
                    out.push(Command::App(AppCommand::SetTheme(choice)));
                }
            }
            Part::Lang(l, label) => {
                if ui.selectable_label(lang == l, label).clicked() {
                    out.push(Command::App(AppCommand::SetLang(l)));
                }
            }
            Part::Separator => {
                ui.separator();
            }
            Part::About => {
                if ui.button(s.about).clicked() {
                    out.push(Command::App(AppCommand::ToggleAbout));
                }
            }
        }
    }
}
