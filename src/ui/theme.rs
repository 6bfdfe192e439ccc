//! Design tokens in one place (in the spirit of rerun's `re_ui`): the type scale, spacing,
//! corner radii and the colours of both themes, light and dark, and the egui style built from
//! them. Every text colour meets WCAG AA (contrast ≥ 4.5:1) on every background it is drawn
//! on; the unit test below checks each pair in both themes.

use egui::{Color32, CornerRadius, FontFamily, FontId, Margin, Stroke, TextStyle, Theme, Vec2};

/// Type scale, in points: visible steps from the panel title down to secondary text.
pub mod size {
    /// Labels, buttons, fields.
    pub const BODY: f32 = 15.0;
    /// Help text under fields, sources, timings (`ui.small`); never below 13 (CJK stays legible).
    pub const SECONDARY: f32 = 13.0;
    /// Values, commands, diffs.
    pub const MONO: f32 = 14.0;
    /// Section titles inside a panel.
    pub const SECTION: f32 = 17.0;
    /// Panel titles.
    pub const HEADING: f32 = 22.0;
    /// The outcome of a step (the onboarding's verdict card).
    pub const VERDICT: f32 = 20.0;
}

/// The text style of section titles ([`size::SECTION`]).
pub const SECTION_STYLE: &str = "section";

/// Spacing, in points.
pub mod space {
    /// Space between items.
    pub const ITEM: [f32; 2] = [8.0, 6.0];
    /// Padding inside buttons.
    pub const BUTTON_PADDING: [f32; 2] = [10.0, 4.0];
    /// Inside grouped frames and panels.
    pub const FRAME: i8 = 10;
    /// Between the sections of a panel.
    pub const SECTION: f32 = 12.0;
}

/// Corner radii.
pub mod radius {
    /// Corner radius of widgets.
    pub const WIDGET: u8 = 4;
    /// Corner radius of frames and cards.
    pub const FRAME: u8 = 8;
}

/// What a status colour means. Never used alone: [`crate::ui::status`] pairs each with a glyph
/// and a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Good,
    Warn,
    Bad,
    Info,
    Neutral,
}

/// The colours of one theme.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    /// The window and panel background.
    pub bg: Color32,
    /// Grouped frames, stripes, the navigation.
    pub surface: Color32,
    /// Text fields and code.
    pub field: Color32,
    pub text: Color32,
    /// Secondary text (help, sources, units).
    pub text_weak: Color32,
    /// Buttons at rest and under the pointer.
    pub button: Color32,
    pub button_hover: Color32,
    pub border: Color32,
    /// Links, selection, focus.
    pub accent: Color32,
    /// Text on the selection.
    pub on_accent: Color32,
    pub good: Color32,
    pub warn: Color32,
    pub bad: Color32,
    pub info: Color32,
    pub neutral: Color32,
}

/// The light palette.
pub const LIGHT: Palette = Palette {
    bg: Color32::from_rgb(0xf7, 0xf8, 0xfa),
    surface: Color32::from_rgb(0xec, 0xee, 0xf2),
    field: Color32::from_rgb(0xff, 0xff, 0xff),
    text: Color32::from_rgb(0x1f, 0x23, 0x28),
    text_weak: Color32::from_rgb(0x50, 0x57, 0x61),
    button: Color32::from_rgb(0xdf, 0xe3, 0xe9),
    button_hover: Color32::from_rgb(0xd0, 0xd6, 0xde),
    border: Color32::from_rgb(0x8c, 0x95, 0xa1),
    accent: Color32::from_rgb(0x0b, 0x57, 0xc8),
    on_accent: Color32::from_rgb(0xff, 0xff, 0xff),
    good: Color32::from_rgb(0x1a, 0x6b, 0x30),
    warn: Color32::from_rgb(0x85, 0x4d, 0x00),
    bad: Color32::from_rgb(0xb0, 0x1e, 0x1e),
    info: Color32::from_rgb(0x0b, 0x57, 0xc8),
    neutral: Color32::from_rgb(0x50, 0x57, 0x61),
};

/// The dark palette.
pub const DARK: Palette = Palette {
    bg: Color32::from_rgb(0x1b, 0x1d, 0x21),
    surface: Color32::from_rgb(0x25, 0x28, 0x2e),
    field: Color32::from_rgb(0x12, 0x14, 0x17),
    text: Color32::from_rgb(0xe8, 0xea, 0xed),
    text_weak: Color32::from_rgb(0xa9, 0xb0, 0xba),
    button: Color32::from_rgb(0x33, 0x37, 0x3e),
    button_hover: Color32::from_rgb(0x40, 0x45, 0x4d),
    border: Color32::from_rgb(0x6b, 0x72, 0x7d),
    accent: Color32::from_rgb(0x8a, 0xb4, 0xf8),
    on_accent: Color32::from_rgb(0x10, 0x1a, 0x2b),
    good: Color32::from_rgb(0x6f, 0xd0, 0x86),
    warn: Color32::from_rgb(0xf2, 0xc1, 0x4e),
    bad: Color32::from_rgb(0xff, 0x8f, 0x87),
    info: Color32::from_rgb(0x8a, 0xb4, 0xf8),
    neutral: Color32::from_rgb(0xa9, 0xb0, 0xba),
};

/// Colours of chart lines and bar segments (told apart by their labels too), each at least
/// 3:1 against the background (WCAG 1.4.11 for graphics).
pub const SERIES_LIGHT: [Color32; 6] = [
    Color32::from_rgb(0x0b, 0x57, 0xc8),
    Color32::from_rgb(0xc2, 0x4e, 0x00),
    Color32::from_rgb(0x1a, 0x7f, 0x37),
    Color32::from_rgb(0x8e, 0x24, 0xaa),
    Color32::from_rgb(0xb0, 0x1e, 0x5e),
    Color32::from_rgb(0x00, 0x6d, 0x75),
];
/// The chart's series colours on a dark background.
pub const SERIES_DARK: [Color32; 6] = [
    Color32::from_rgb(0x8a, 0xb4, 0xf8),
    Color32::from_rgb(0xff, 0xa8, 0x5c),
    Color32::from_rgb(0x6f, 0xd0, 0x86),
    Color32::from_rgb(0xd7, 0x9b, 0xf5),
    Color32::from_rgb(0xff, 0x8f, 0xb8),
    Color32::from_rgb(0x5f, 0xd4, 0xdc),
];

/// The colour of series `i` in the theme `ui` is drawn in.
pub fn series(ui: &egui::Ui, i: usize) -> Color32 {
    let all = if ui.visuals().dark_mode {
        &SERIES_DARK
    } else {
        &SERIES_LIGHT
    };
    all[i % all.len()]
}

/// How the `i`th line is told apart once the colours repeat (after six lines): each further
/// round of colours gets its own point shape (with the legend's glyph for it) and a dashed line.
pub fn series_mark(i: usize) -> (egui_plot::MarkerShape, &'static str, bool) {
    use egui_plot::MarkerShape;
    const MARKS: [(MarkerShape, &str); 4] = [
        (MarkerShape::Circle, "●"),
        (MarkerShape::Diamond, "◆"),
        (MarkerShape::Square, "■"),
        (MarkerShape::Up, "▲"),
    ];
    let round = i / SERIES_LIGHT.len();
    let (shape, glyph) = MARKS[round % MARKS.len()];
    (shape, glyph, round > 0)
}

/// The palette of a theme.
pub fn palette_of(theme: Theme) -> &'static Palette {
    match theme {
        Theme::Light => &LIGHT,
        Theme::Dark => &DARK,
    }
}

/// The palette of the theme `ui` is drawn in.
pub fn palette(ui: &egui::Ui) -> &'static Palette {
    palette_of(if ui.visuals().dark_mode {
        Theme::Dark
    } else {
        Theme::Light
    })
}

/// The colour of a tone in this theme.
pub fn tone_color(ui: &egui::Ui, tone: Tone) -> Color32 {
    let p = palette(ui);
    match tone {
        Tone::Good => p.good,
        Tone::Warn => p.warn,
        Tone::Bad => p.bad,
        Tone::Info => p.info,
        Tone::Neutral => p.neutral,
    }
}

/// The type scale as egui text styles (`ui.small` is the secondary size, never the 9 px
/// default).
pub fn text_styles() -> std::collections::BTreeMap<TextStyle, FontId> {
    [
        (
            TextStyle::Small,
            FontId::new(size::SECONDARY, FontFamily::Proportional),
        ),
        (
            TextStyle::Body,
            FontId::new(size::BODY, FontFamily::Proportional),
        ),
        (
            TextStyle::Button,
            FontId::new(size::BODY, FontFamily::Proportional),
        ),
        (
            TextStyle::Heading,
            FontId::new(size::HEADING, FontFamily::Proportional),
        ),
        (
            TextStyle::Monospace,
            FontId::new(size::MONO, FontFamily::Monospace),
        ),
        (
            TextStyle::Name(SECTION_STYLE.into()),
            FontId::new(size::SECTION, FontFamily::Proportional),
        ),
    ]
    .into()
}

/// egui's visuals for one theme, from the palette.
pub fn visuals(theme: Theme) -> egui::Visuals {
    let p = palette_of(theme);
    let mut v = match theme {
        Theme::Light => egui::Visuals::light(),
        Theme::Dark => egui::Visuals::dark(),
    };
    v.panel_fill = p.bg;
    v.window_fill = p.bg;
    v.faint_bg_color = p.surface;
    v.extreme_bg_color = p.field;
    v.text_edit_bg_color = Some(p.field);
    v.code_bg_color = p.field;
    v.hyperlink_color = p.accent;
    v.warn_fg_color = p.warn;
    v.error_fg_color = p.bad;
    v.weak_text_color = Some(p.text_weak);
    v.override_text_color = None;
    v.window_stroke = Stroke::new(1.0, p.border);
    v.window_corner_radius = CornerRadius::same(radius::FRAME);
    v.menu_corner_radius = CornerRadius::same(radius::FRAME);
    v.selection.bg_fill = p.accent;
    v.selection.stroke = Stroke::new(1.0, p.on_accent);
    let w = &mut v.widgets;
    w.noninteractive.bg_fill = p.bg;
    w.noninteractive.weak_bg_fill = p.surface;
    w.noninteractive.bg_stroke = Stroke::new(1.0, p.border.gamma_multiply(0.6));
    w.noninteractive.fg_stroke = Stroke::new(1.0, p.text);
    for (state, fill) in [
        (&mut w.inactive, p.button),
        (&mut w.hovered, p.button_hover),
        (&mut w.active, p.button_hover),
        (&mut w.open, p.button_hover),
    ] {
        state.bg_fill = fill;
        state.weak_bg_fill = fill;
        state.fg_stroke = Stroke::new(1.0, p.text);
        state.corner_radius = CornerRadius::same(radius::WIDGET);
    }
    w.inactive.bg_stroke = Stroke::new(1.0, p.border);
    // The keyboard focus and the pointer get a visible ring.
    w.hovered.bg_stroke = Stroke::new(1.5, p.accent);
    w.active.bg_stroke = Stroke::new(2.0, p.accent);
    w.noninteractive.corner_radius = CornerRadius::same(radius::WIDGET);
    v
}

/// Installs the tokens into both of egui's styles (light and dark); which one is drawn follows
/// the theme preference (the OS by default).
pub fn install(ctx: &egui::Context) {
    for theme in [Theme::Light, Theme::Dark] {
        ctx.style_mut_of(theme, |style| {
            style.text_styles = text_styles();
            style.visuals = visuals(theme);
            style.spacing.item_spacing = Vec2::from(space::ITEM);
            style.spacing.button_padding = Vec2::from(space::BUTTON_PADDING);
            style.spacing.window_margin = Margin::same(space::FRAME);
            style.spacing.interact_size.y = 24.0;
        });
    }
}

/// Installs the tokens once per context and keeps the theme preference in step with the
/// user's choice (called at the start of every frame; cheap when nothing changed).
pub fn ensure(ctx: &egui::Context, preference: egui::ThemePreference) {
    let installed = ctx.style_of(ctx.theme()).visuals.panel_fill == palette_of(ctx.theme()).bg;
    if !installed {
        install(ctx);
    }
    if ctx.options(|o| o.theme_preference) != preference {
        ctx.set_theme(preference);
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
pub fn luminance(c: Color32) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
}

/// WCAG 2 contrast ratio of two opaque colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Every pair of text colour and background the app draws, by name, for one theme: the
/// palette's, and those egui draws from the visuals built here.
pub fn text_pairs(theme: Theme) -> Vec<(String, Color32, Color32)> {
    let p = palette_of(theme);
    let v = visuals(theme);
    let mut pairs = Vec::new();
    let backgrounds = [("bg", p.bg), ("surface", p.surface), ("field", p.field)];
    let texts = [
        ("text", p.text),
        ("text_weak", p.text_weak),
        ("accent", p.accent),
        ("good", p.good),
        ("warn", p.warn),
        ("bad", p.bad),
        ("info", p.info),
        ("neutral", p.neutral),
        ("egui weak text", v.weak_text_color()),
        ("egui warn", v.warn_fg_color),
        ("egui error", v.error_fg_color),
        ("egui link", v.hyperlink_color),
        ("egui label", v.widgets.noninteractive.fg_stroke.color),
    ];
    for (bn, b) in backgrounds {
        for (tn, t) in texts {
            pairs.push((format!("{tn} on {bn}"), t, b));
        }
    }
    for (name, w) in [
        ("button", &v.widgets.inactive),
        ("hovered button", &v.widgets.hovered),
        ("pressed button", &v.widgets.active),
    ] {
        pairs.push((format!("{name} text"), w.fg_stroke.color, w.bg_fill));
        pairs.push((
            format!("{name} text (weak fill)"),
            w.fg_stroke.color,
            w.weak_bg_fill,
        ));
    }
    pairs.push((
        "selected text".into(),
        v.selection.stroke.color,
        v.selection.bg_fill,
    ));
    pairs
}

#[cfg(test)]
mod tests;
