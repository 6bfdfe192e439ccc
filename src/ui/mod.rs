//! The views of the desktop app: read the state, edit drafts, send commands. One file per
//! panel.

mod apply;
mod chart;
mod checksum;
mod composer;
mod doctor;
mod health;
mod mirrors;
pub mod mirrors_table;
mod onboarding;
mod overview;
mod path;
pub(crate) mod pending;
mod private;
mod profile;
mod project;
pub mod status;
pub mod strings;
pub mod theme;
mod top_bar;
mod verify;
pub mod widgets;

use crate::i18n::{Lang, Text};
use crate::state::{AppCommand, ApplyCommand, ProfileCommand, ProjectCommand};
use crate::state::{AppState, Command, Loadable, Panel, UiState};
use crate::ui::strings::{Strings, strings};

/// The whole window: top bar (title, language), navigation, notices, the current panel.
pub fn root_ui(ui: &mut egui::Ui, state: &AppState, view: &mut UiState, out: &mut Vec<Command>) {
    let lang = state.lang();
    let s = strings(lang);
    theme::ensure(ui.ctx(), state.settings.theme.preference());
    // Ctrl+Q (⌘Q) closes the window; its size and place are remembered.
    let quit = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Q);
    if ui.input_mut(|i| i.consume_shortcut(&quit)) {
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
    }
    // A folder (or a file in it) dropped onto the window opens it as a project; the worker
    // decides what it is (views read no files).
    let dropped: Vec<std::path::PathBuf> = ui.ctx().input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .collect()
    });
    let dropped: Vec<_> = dropped
        .into_iter()
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    if let Some(path) = dropped.into_iter().next() {
        let name = path.display().to_string();
        if name.ends_with(".gomirror.toml") {
            // A team profile: its preview, never a project.
            out.push(Command::App(AppCommand::Show(Panel::Profile)));
            out.push(Command::Profile(ProfileCommand::Open(name)));
        } else {
            out.push(Command::App(AppCommand::Show(Panel::Projects)));
            out.push(Command::Project(ProjectCommand::Open(name)));
        }
    }
    top_bar::top_bar_ui(ui, state, s, lang, out);
    egui::Panel::left("nav")
        .resizable(false)
        .exact_size(170.0)
        .show(ui, |ui| {
            ui.add_space(6.0);
            for (panel, label) in [
                (Panel::Onboarding, s.panel_onboarding),
                (Panel::Overview, s.panel_overview),
                (Panel::Mirrors, s.panel_mirrors),
                (Panel::Composer, s.panel_composer),
                (Panel::Private, s.panel_private),
                (Panel::Checksum, s.panel_checksum),
                (
                    Panel::Projects,
                    crate::ui::strings::strings(lang).project.panel,
                ),
                (
                    Panel::Verify,
                    crate::ui::strings::strings(lang).verify.panel,
                ),
                (
                    Panel::Doctor,
                    crate::ui::strings::strings(lang).doctor.panel,
                ),
                (
                    Panel::Profile,
                    crate::ui::strings::strings(lang).profile.panel,
                ),
                (Panel::Apply, s.panel_apply),
            ] {
                if ui.selectable_label(state.panel == panel, label).clicked() {
                    out.push(Command::App(AppCommand::Show(panel)));
                }
            }
        });
    if state.about_open {
        about_ui(ui.ctx(), s, out);
    }
    egui::CentralPanel::default().show(ui, |ui| {
        alert_ui(ui, state, lang, out);
        notices_ui(ui, state, lang, s, out);
        // The pending-changes bar stays below the panel; its height (measured last frame) is
        // kept free, so the panel scrolls above it and Tab reaches it after the panel.
        let with_bar = state.panel != Panel::Onboarding;
        let bar_id = egui::Id::unique("pending-bar-height");
        let bar_h = if with_bar {
            widgets::last_size(ui.ctx(), bar_id, 40.0)
        } else {
            0.0
        };
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .max_height((ui.available_height() - bar_h).max(80.0))
            .show(ui, |ui| match state.panel {
                Panel::Onboarding => onboarding::onboarding_ui(ui, state, view, out),
                Panel::Overview => overview::overview_ui(ui, state, out),
                Panel::Mirrors => mirrors::mirrors_ui(ui, state, view, out),
                Panel::Composer => composer::composer_ui(ui, state, view, out),
                Panel::Private => private::private_ui(ui, state, view, out),
                Panel::Checksum => checksum::checksum_ui(ui, state, view, out),
                Panel::Projects => project::project_ui(ui, state, view, out),
                Panel::Verify => verify::verify_ui(ui, state, view, out),
                Panel::Doctor => doctor::doctor_ui(ui, state, view, out),
                Panel::Profile => profile::profile_ui(ui, state, view, out),
                Panel::Apply => apply::apply_ui(ui, state, view, out),
            });
        if with_bar {
            let top = ui.cursor().min.y;
            ui.separator();
            pending::pending_bar_ui(ui, state, view, out);
            let used = ui.min_rect().max.y - top + ui.spacing().item_spacing.y;
            widgets::keep_size(ui.ctx(), bar_id, bar_h, used);
        }
    });
}

/// The watch's banner: the configured mirror degraded (with the switch) or recovered.
fn alert_ui(ui: &mut egui::Ui, state: &AppState, lang: Lang, out: &mut Vec<Command>) {
    let Some(alert) = &state.alerts.banner else {
        return;
    };
    let s = &crate::ui::strings::strings(lang).doctor;
    let tone = if alert.degraded {
        theme::Tone::Warn
    } else {
        theme::Tone::Good
    };
    let (glyph, color) = (status::glyph(tone), theme::tone_color(ui, tone));
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(color, format!("{glyph} {}", alert.title.get(lang)));
            ui.label(alert.body.get(lang));
            if let Some(goproxy) = &alert.switch_to
                && ui.button(s.alert_switch).clicked()
            {
                out.push(Command::Apply(ApplyCommand::PreviewFix(
                    [("GOPROXY".to_string(), goproxy.clone())].into(),
                )));
            }
            if ui.button(s.alert_dismiss).clicked() {
                out.push(Command::App(AppCommand::DismissAlert));
            }
        });
    });
}

fn notices_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    lang: Lang,
    s: &Strings,
    out: &mut Vec<Command>,
) {
    for (i, notice) in state.notices.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(notice.get(lang));
            if ui.small_button(s.dismiss).clicked() {
                out.push(Command::App(AppCommand::Dismiss(i)));
            }
        });
    }
    if let Loadable::Failed(e) = &state.loaded {
        error_text(ui, &e.message, lang);
    }
}

/// A fixed-width cell of a table row, its content aligned in the row as `align` says.
pub fn cell<R>(
    ui: &mut egui::Ui,
    align: egui::Align,
    width: f32,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    cell_with(ui, egui::Layout::left_to_right(align), width, add)
}

/// A table cell of a fixed width laid out as `layout` says (right to left for numbers).
pub fn cell_with<R>(
    ui: &mut egui::Ui,
    layout: egui::Layout,
    width: f32,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    ui.allocate_ui_with_layout(
        egui::vec2(width, ui.spacing().interact_size.y),
        layout,
        |ui| {
            ui.set_width(width);
            add(ui)
        },
    )
    .inner
}

/// One legend entry, a coloured mark and its words, as one unit: in a wrapping row it moves to
/// the next row whole, so a name is never split across rows.
pub fn legend_entry(ui: &mut egui::Ui, mark: &str, color: egui::Color32, text: &str) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let mut job = egui::text::LayoutJob::default();
    job.append(mark, 0.0, egui::TextFormat::simple(font.clone(), color));
    job.append(
        text,
        6.0,
        egui::TextFormat::simple(font, ui.visuals().text_color()),
    );
    ui.add(egui::Label::new(job).extend());
}

/// A grouped block on the surface colour with a border, at most `max_width` wide, so lines stay
/// readable on a large screen.
pub fn card<R>(ui: &mut egui::Ui, max_width: f32, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let pal = theme::palette(ui);
    let margin = theme::space::FRAME;
    let inner = ui.available_width().min(max_width) - 2.0 * f32::from(margin) - 2.0;
    egui::Frame::new()
        .fill(pal.surface)
        .stroke(egui::Stroke::new(1.0, pal.border))
        .corner_radius(egui::CornerRadius::same(theme::radius::FRAME))
        .inner_margin(egui::Margin::same(margin))
        .show(ui, |ui| {
            ui.set_width(inner.max(0.0));
            add(ui)
        })
        .inner
}

/// A duration in seconds with its unit in the language shown ("1.5 s", "1.5 秒").
pub fn seconds(ms: f64, lang: Lang) -> String {
    let v = ms / 1000.0;
    match lang {
        Lang::En => format!("{v:.1} s"),
        Lang::Zh => format!("{v:.1} 秒"),
    }
}

/// A label and a single-line text field tied to it (so screen readers and tests find it).
pub fn labeled_edit(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    hint: &str,
) -> egui::Response {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(420.0),
        )
        .labelled_by(l.id)
    })
    .inner
}

/// A warning line (⚠ and the warning colour), already in the user's language.
pub fn warn_line(ui: &mut egui::Ui, text: &str) {
    status::message(ui, &status::problem(false), text);
}

/// An error line (× and the error colour), already in the user's language.
pub fn error_line(ui: &mut egui::Ui, text: &str) {
    status::message(ui, &status::problem(true), text);
}

/// A bilingual error message: × and the error colour.
pub fn error_text(ui: &mut egui::Ui, text: &Text, lang: Lang) {
    status::message(ui, &status::problem(true), text.get(lang));
}

/// A bilingual warning: ⚠ and the warning colour.
pub fn warn_text(ui: &mut egui::Ui, text: &Text, lang: Lang) {
    status::message(ui, &status::problem(false), text.get(lang));
}

/// Shows validation problems: the go command's text (if any), the explanation, the fix.
pub fn problems_ui(ui: &mut egui::Ui, problems: &[crate::goenv::validate::Problem], lang: Lang) {
    for p in problems {
        let message = Text::new(
            format!(
                "{}: {}",
                p.key,
                crate::goenv::gourl::redact_text(&p.message.en)
            ),
            format!(
                "{}：{}",
                p.key,
                crate::goenv::gourl::redact_text(&p.message.zh)
            ),
        );
        if p.is_error() {
            error_text(ui, &message, lang);
        } else {
            warn_text(ui, &message, lang);
        }
        if let Some(go) = &p.go_text {
            ui.small(crate::goenv::gourl::redact_text(go));
        }
        if let Some(fix) = &p.suggestion {
            let label = strings(lang).suggestion;
            ui.small(format!("{label}{}", crate::goenv::gourl::redact_text(fix)));
        }
    }
}

/// The About box: name, version, licences (the app's and the fonts').
fn about_ui(ctx: &egui::Context, s: &Strings, out: &mut Vec<Command>) {
    egui::Window::new(s.about_title)
        .collapsible(false)
        .resizable(false)
        .default_width(420.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.heading(format!("gomirror {}", env!("CARGO_PKG_VERSION")));
            ui.label(s.about_body);
            ui.add_space(6.0);
            ui.small(s.about_licences);
            ui.add_space(6.0);
            if ui.button(s.close).clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                out.push(Command::App(AppCommand::ToggleAbout));
            }
        });
}
