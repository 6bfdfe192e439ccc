//! The app's own widgets, drawn from the design tokens: the primary (accent) button, section
//! titles, a quiet busy indicator, right-aligned numbers and the verdict card.

use super::theme::{self, Tone};
use egui::{Response, RichText, Sense, Ui, vec2};
use std::time::Duration;

/// The one primary action of a step or panel: accent fill, strong text. Everything else is a
/// plain button (or a link), so the eye finds what to do next.
pub fn primary_button(ui: &mut Ui, text: &str, enabled: bool) -> Response {
    let pal = theme::palette(ui);
    let label = RichText::new(text).strong().color(if enabled {
        pal.on_accent
    } else {
        pal.text_weak
    });
    let button = egui::Button::new(label)
        .fill(if enabled { pal.accent } else { pal.button })
        .min_size(vec2(96.0, 30.0));
    ui.add_enabled(enabled, button)
}

/// A step's one primary action: an accent button that Enter also presses when no widget holds
/// the keyboard focus (as a dialog's default button; a focused widget keeps Enter for itself).
/// True when pressed either way.
pub fn default_button(ui: &mut Ui, text: &str, enabled: bool) -> bool {
    let response = primary_button(ui, text, enabled);
    let by_enter = enabled
        && ui.memory(|m| m.focused().is_none())
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
    response.clicked() || by_enter
}

/// A section title inside a panel (a step above body text, below the panel title).
pub fn section(ui: &mut Ui, text: &str) -> Response {
    ui.add_space(theme::space::SECTION / 2.0);
    // The size itself, not the named style: the first frame is drawn before the tokens are
    // installed.
    ui.label(RichText::new(text).size(theme::size::SECTION).strong())
}

/// How often the busy indicator moves: four times a second, so a window waiting on the network
/// costs little CPU (egui's spinner repaints at the display's rate).
pub const BUSY_TICK: Duration = Duration::from_millis(250);

/// Something is being worked on: three dots, one lit in turn, redrawn only at [`BUSY_TICK`].
/// Read out as "busy" by screen readers.
pub fn busy(ui: &mut Ui) -> Response {
    let h = ui.text_style_height(&egui::TextStyle::Body);
    let (rect, response) = ui.allocate_exact_size(vec2(h * 1.6, h), Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, "busy"));
    if ui.is_rect_visible(rect) {
        let pal = theme::palette(ui);
        let tick = (ui.input(|i| i.time) / BUSY_TICK.as_secs_f64()) as usize % 3;
        let r = h * 0.14;
        for i in 0..3 {
            let x = rect.left() + h * 0.3 + i as f32 * h * 0.5;
            let color = if i == tick { pal.accent } else { pal.text_weak };
            ui.painter()
                .circle_filled(egui::pos2(x, rect.center().y), r, color);
        }
        ui.ctx().request_repaint_after(BUSY_TICK);
    }
    response
}

/// A number with its unit, right-aligned in a cell of `width` (tables line up by the digits).
pub fn number(ui: &mut Ui, width: f32, text: &str) -> Response {
    crate::ui::cell_with(
        ui,
        egui::Layout::right_to_left(egui::Align::Center),
        width,
        |ui| ui.label(RichText::new(text).monospace()),
    )
}

/// A width or height as it was measured when last drawn (egui lays a frame out in one pass, so
/// what is placed by its own size reads last frame's), `default` before the first.
pub fn last_size(ctx: &egui::Context, id: egui::Id, default: f32) -> f32 {
    ctx.data(|d| d.get_temp(id)).unwrap_or(default)
}

/// Keeps the size just measured for the next frame (see [`last_size`]) and draws again when
/// it changed, so the layout settles at once instead of on the next input.
pub fn keep_size(ctx: &egui::Context, id: egui::Id, before: f32, now: f32) {
    if (now - before).abs() > 0.5 {
        ctx.data_mut(|d| d.insert_temp(id, now));
        ctx.request_repaint();
    }
}

/// The outcome of a step in one glance: a large line with its glyph and tone, then what to do.
pub fn verdict_card(ui: &mut Ui, tone: Tone, title: &str, body: &[&str]) -> Response {
    let pal = theme::palette(ui);
    let color = theme::tone_color(ui, tone);
    egui::Frame::new()
        .fill(pal.surface)
        .stroke(egui::Stroke::new(2.0, color))
        .corner_radius(egui::CornerRadius::same(theme::radius::FRAME))
        .inner_margin(egui::Margin::same(theme::space::FRAME + 4))
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(880.0));
            ui.label(
                RichText::new(format!("{} {title}", super::status::glyph(tone)))
                    .size(theme::size::VERDICT)
                    .strong()
                    .color(color),
            );
            for line in body {
                ui.add(egui::Label::new(*line).wrap());
            }
        })
        .response
}

/// A unified diff in monospace, coloured as GitHub Desktop does: added lines in the good colour
/// on a tint, removed lines in the bad one, hunk headers weak; a narrow window scrolls it
/// sideways (a diff keeps its lines). Also marked with `+`/`-`, never by colour alone.
pub fn diff(ui: &mut Ui, text: &str, id_salt: &str) {
    let pal = theme::palette(ui);
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let mut job = egui::text::LayoutJob::default();
    for line in text.split_inclusive('\n') {
        let (color, background) = match diff_line(line) {
            DiffLine::Added => (pal.good, pal.good.gamma_multiply(0.12)),
            DiffLine::Removed => (pal.bad, pal.bad.gamma_multiply(0.12)),
            DiffLine::Header => (pal.text_weak, egui::Color32::TRANSPARENT),
            DiffLine::Context => (pal.text, egui::Color32::TRANSPARENT),
        };
        job.append(
            line,
            0.0,
            egui::TextFormat {
                font_id: font.clone(),
                color,
                background,
                ..Default::default()
            },
        );
    }
    job.wrap.max_width = f32::INFINITY;
    egui::ScrollArea::horizontal()
        .id_salt(id_salt)
        .show(ui, |ui| {
            ui.add(egui::Label::new(job).wrap_mode(egui::TextWrapMode::Extend))
        });
}

/// What a line of a unified diff is.
#[derive(Debug, PartialEq, Eq)]
pub enum DiffLine {
    Added,
    Removed,
    /// `---`/`+++` file names and `@@` hunk headers.
    Header,
    Context,
}

/// Classifies one line of a unified diff.
pub fn diff_line(line: &str) -> DiffLine {
    if line.starts_with("+++") || line.starts_with("---") || line.starts_with("@@") {
        DiffLine::Header
    } else if line.starts_with('+') {
        DiffLine::Added
    } else if line.starts_with('-') {
        DiffLine::Removed
    } else {
        DiffLine::Context
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lines_are_told_apart_by_their_first_characters() {
        assert_eq!(diff_line("--- a/go/env\n"), DiffLine::Header);
        assert_eq!(diff_line("+++ b/go/env\n"), DiffLine::Header);
        assert_eq!(diff_line("@@ -1,2 +1,2 @@\n"), DiffLine::Header);
        assert_eq!(diff_line("+GOPROXY=https://goproxy.cn\n"), DiffLine::Added);
        assert_eq!(diff_line("-GOPROXY=off\n"), DiffLine::Removed);
        assert_eq!(diff_line(" GOSUMDB=off\n"), DiffLine::Context);
    }
}

/// Where a list value (`GOPROXY`'s URLs, `GOPRIVATE`'s patterns) may break a line: after a
/// `,` or a `|`, never inside a URL unless one URL alone is wider than the room. `width` says
/// how wide a piece of text is.
pub fn break_at_separators(value: &str, room: f32, width: impl Fn(&str) -> f32) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    let mut piece = String::new();
    let mut pieces = Vec::new();
    for c in value.chars() {
        piece.push(c);
        if c == ',' || c == '|' {
            pieces.push(std::mem::take(&mut piece));
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    for piece in pieces {
        let Some(line) = lines.last_mut() else { break };
        let joined = format!("{line}{piece}");
        if line.is_empty() || width(&joined) <= room {
            *line = joined;
        } else {
            lines.push(piece);
        }
    }
    lines.join("\n")
}

/// A list value in a cell of `room` points: lines broken after its separators (see
/// [`break_at_separators`]); strong for the values a project sets itself.
pub fn list_value(ui: &mut Ui, value: &str, room: f32, strong: bool) -> Response {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let painter = ui.painter().clone();
    let text = break_at_separators(value, room, |t| {
        painter
            .layout_no_wrap(t.to_string(), font.clone(), egui::Color32::WHITE)
            .size()
            .x
    });
    let text = RichText::new(text);
    ui.add(egui::Label::new(if strong { text.strong() } else { text }).wrap())
}

#[cfg(test)]
mod list_tests {
    use super::break_at_separators;

    #[test]
    fn a_list_breaks_after_its_separators_and_never_inside_a_url_that_fits() {
        let w = |t: &str| t.chars().count() as f32;
        let v = "https://proxy.golang.org,direct";
        assert_eq!(break_at_separators(v, 40.0, w), v);
        assert_eq!(
            break_at_separators(v, 26.0, w),
            "https://proxy.golang.org,\ndirect"
        );
        assert_eq!(
            break_at_separators("https://a.example|https://b.example,off", 20.0, w),
            "https://a.example|\nhttps://b.example,\noff"
        );
        // One URL wider than the room stays whole on its line (the label wraps it).
        assert_eq!(
            break_at_separators("https://a.example", 5.0, w),
            "https://a.example"
        );
        assert_eq!(break_at_separators("", 5.0, w), "");
    }
}
