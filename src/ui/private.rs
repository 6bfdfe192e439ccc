//! Private modules / 私有模块: the four pattern lists with inline lints, and the route tester.

use crate::goenv::gourl::redact_text;
use crate::goenv::route::{self, Fetch, RouteSettings};
use crate::goenv::validate;
use crate::state::drafts::PATTERN_KEYS;
use crate::state::{AppState, Command, UiState};
use crate::ui::strings::strings;

/// The Private modules panel.
pub fn private_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut UiState,
    _out: &mut Vec<Command>,
) {
    let lang = state.lang();
    let s = strings(lang);
    ui.heading(s.panel_private);
    ui.label(s.patterns_help);
    let helps = [
        s.private_help,
        s.noproxy_help,
        s.nosumdb_help,
        s.insecure_help,
    ];
    for (i, key) in PATTERN_KEYS.iter().enumerate() {
        ui.separator();
        ui.small(helps[i]);
        super::labeled_edit(ui, key, &mut view.drafts.patterns[i], s.tester_hint);
        chips_ui(ui, key, &mut view.drafts.patterns[i], lang);
        let value = view.drafts.patterns[i].clone();
        if !value.is_empty() {
            super::problems_ui(ui, &validate::check_value(key, &value), lang);
        }
    }
    ui.separator();
    super::labeled_edit(ui, s.tester, &mut view.drafts.tester, s.tester_hint);
    let module = view.drafts.tester.trim().to_string();
    if module.is_empty() {
        return;
    }
    let settings = tester_settings(state, view);
    let r = route::route(&module, &settings);
    route_result_ui(ui, &r, lang);
}

/// The list as chips: each pattern with its lint glyph (√ fine, ⚠ suspicious, × never
/// matches; the reason on hover), a Fix button where the fix is obvious, and × to remove it.
fn chips_ui(ui: &mut egui::Ui, key: &str, value: &mut String, lang: crate::i18n::Lang) {
    use super::status;
    let s = strings(lang);
    let lints = crate::goenv::pattern::lint_patterns_for(key, value);
    let entries: Vec<String> = value
        .split(',')
        .filter(|e| !e.is_empty())
        .map(str::to_string)
        .collect();
    if entries.is_empty() {
        return;
    }
    let mut remove = None;
    let mut fix = None;
    ui.horizontal_wrapped(|ui| {
        for (i, entry) in entries.iter().enumerate() {
            let mine: Vec<&crate::goenv::pattern::PatternLint> = lints
                .iter()
                .filter(|l| l.pattern == *entry || l.pattern == *value)
                .collect();
            let look = if mine.iter().any(|l| l.never_matches) {
                status::problem(true)
            } else if !mine.is_empty() {
                status::problem(false)
            } else {
                status::ok(crate::ui::strings::both(|s| s.fine))
            };
            egui::Frame::new()
                .fill(super::theme::palette(ui).surface)
                .stroke(egui::Stroke::new(
                    1.0,
                    super::theme::tone_color(ui, look.tone),
                ))
                .corner_radius(egui::CornerRadius::same(12))
                .inner_margin(egui::Margin::symmetric(8, 2))
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        // What is drawn is redacted: a password pasted into the list stays
                        // in the field the user typed it into, nowhere else.
                        let shown = redact_text(entry);
                        let hover: Vec<String> = mine
                            .iter()
                            .map(|l| redact_text(l.message.get(lang)))
                            .collect();
                        let r = ui.colored_label(
                            super::theme::tone_color(ui, look.tone),
                            format!("{} {shown}", look.glyph),
                        );
                        if !hover.is_empty() {
                            r.on_hover_text(hover.join("\n"));
                        }
                        if let Some(sugg) = mine.iter().find_map(|l| l.suggestion.clone())
                            && ui
                                .small_button(s.chip_fix)
                                .on_hover_text(redact_text(&format!("{key}={sugg}")))
                                .clicked()
                        {
                            fix = Some(sugg);
                        }
                        // Read out as "Remove PATTERN", not as the glyph.
                        let name = format!("{} {shown}", s.chip_remove);
                        let r = ui.small_button("×").on_hover_text(&name);
                        r.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &name)
                        });
                        if r.clicked() {
                            remove = Some(i);
                        }
                    });
                });
        }
    });
    if let Some(sugg) = fix {
        *value = sugg;
    } else if let Some(i) = remove {
        let mut kept = entries;
        kept.remove(i);
        *value = kept.join(",");
    }
}

/// The route tester's answer as a path: module → proxy → proxy → origin, then how the
/// checksum is checked.
pub fn route_result_ui(ui: &mut egui::Ui, r: &route::Route, lang: crate::i18n::Lang) {
    let s = strings(lang);
    route_path_ui(ui, r, lang);
    if r.insecure {
        super::warn_line(ui, s.route_insecure);
    }
    if let Some(e) = &r.error {
        super::error_line(ui, e);
    }
}

/// The route settings as they will be after applying the drafts (GONOPROXY and GONOSUMDB
/// default to GOPRIVATE, as in the go command).
pub fn tester_settings(state: &AppState, view: &UiState) -> RouteSettings {
    let d = &view.drafts;
    let current = |k: &str| {
        state
            .snapshot()
            .map_or(String::new(), |s| s.value(k).to_string())
    };
    let goproxy = if d.composer_touched {
        d.composed_goproxy()
    } else {
        current("GOPROXY")
    };
    let gosumdb = if d.sumdb_touched {
        d.chosen_gosumdb()
    } else {
        current("GOSUMDB")
    };
    let private = d.patterns[0].clone();
    let or_private = |v: &str| {
        if v.is_empty() {
            private.clone()
        } else {
            v.to_string()
        }
    };
    RouteSettings {
        goproxy,
        gosumdb,
        gonoproxy: or_private(&d.patterns[1]),
        gonosumdb: or_private(&d.patterns[2]),
        goinsecure: d.patterns[3].clone(),
    }
}

/// One box of the route picture.
fn hop(ui: &mut egui::Ui, title: &str, detail: &str, tone: super::theme::Tone) {
    egui::Frame::new()
        .fill(super::theme::palette(ui).surface)
        .stroke(egui::Stroke::new(1.0, super::theme::tone_color(ui, tone)))
        .corner_radius(egui::CornerRadius::same(super::theme::radius::FRAME))
        .inner_margin(egui::Margin::symmetric(8, 4))
        .show(ui, |ui| {
            ui.vertical(|ui| {
                ui.strong(title);
                if !detail.is_empty() {
                    ui.small(detail);
                }
            });
        });
}

fn route_path_ui(ui: &mut egui::Ui, r: &route::Route, lang: crate::i18n::Lang) {
    use super::theme::Tone;
    let s = strings(lang);
    ui.label(match r.fetch {
        Fetch::Proxy => s.route_proxy,
        Fetch::Direct => s.route_direct,
        Fetch::Off => s.route_off,
    });
    ui.horizontal_wrapped(|ui| {
        hop(ui, &redact_text(&r.module), s.route_module, Tone::Info);
        match r.fetch {
            Fetch::Proxy => {
                for p in &r.proxies {
                    ui.label("→");
                    let rule = match p.fallback {
                        crate::goenv::goproxy::Fallback::NotFound => s.fallback_not_found,
                        crate::goenv::goproxy::Fallback::AnyError => s.fallback_any_error,
                    };
                    hop(ui, &crate::goenv::gourl::redact(&p.url), rule, Tone::Good);
                }
                if r.direct_after_proxies {
                    ui.label("→");
                    hop(ui, s.route_origin, s.route_then_direct, Tone::Neutral);
                }
            }
            Fetch::Direct => {
                ui.label("→");
                hop(ui, s.route_origin, s.route_origin_detail, Tone::Warn);
            }
            Fetch::Off => {
                ui.label("→");
                hop(ui, "off", s.route_off, Tone::Bad);
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        let (tone, title) = if r.checksum {
            (Tone::Good, s.route_checksum_on)
        } else {
            (Tone::Warn, s.route_checksum_off)
        };
        let detail = r
            .checksum_db
            .clone()
            .filter(|_| r.checksum)
            .or_else(|| r.nosumdb_pattern.clone())
            .unwrap_or_default();
        ui.label(super::status::glyph(tone));
        hop(ui, title, &detail, tone);
    });
}
