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
        // controls go to a row of their own (never drawn over the title). The controls are
        // made left to right, so Tab visits them in reading order; pushed to the right edge
        // by the width they took last frame.
        let title_w = 20.0 * s.app_title.chars().count() as f32;
        let width_id = egui::Id::unique("top-controls-width");
        let controls_w = super::widgets::last_size(ui.ctx(), width_id, TOP_CONTROLS_WIDTH);
        let used = if ui.available_width() >= title_w + controls_w + 16.0 {
            ui.horizontal(|ui| {
                ui.heading(s.app_title);
                let space = ui.available_width() - controls_w - ui.spacing().item_spacing.x;
                if space > 0.0 {
                    ui.add_space(space);
                }
                ui.horizontal(|ui| top_controls(ui, state, s, lang, out))
                    .response
                    .rect
                    .width()
            })
            .inner
        } else {
            ui.heading(s.app_title);
            ui.horizontal_wrapped(|ui| top_controls(ui, state, s, lang, out))
                .response
                .rect
                .width()
                .min(TOP_CONTROLS_WIDTH)
        };
        super::widgets::keep_size(ui.ctx(), width_id, controls_w, used);
    });
}

/// How wide the top bar's controls are (theme, language, About), to know whether the title
/// fits beside them.
const TOP_CONTROLS_WIDTH: f32 = 560.0;

/// The top bar's controls, in reading order: the busy indicator, theme, language, About.
fn top_controls(
    ui: &mut egui::Ui,
    state: &AppState,
    s: &Strings,
    lang: Lang,
    out: &mut Vec<Command>,
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
    let parts = vec![
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
