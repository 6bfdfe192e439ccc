//! Private modules / 私有模块: the four pattern lists with inline lints, and the route tester.

use crate::goenv::route::{self, Fetch, RouteSettings};
use crate::goenv::validate;
use crate::gui::drafts::PATTERN_KEYS;
use crate::gui::state::{AppState, Command};
use crate::gui::strings::strings;

pub fn private_ui(ui: &mut egui::Ui, state: &mut AppState, _out: &mut Vec<Command>) {
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
        super::labeled_edit(ui, key, &mut state.drafts.patterns[i], s.tester_hint);
        let value = state.drafts.patterns[i].clone();
        if !value.is_empty() {
            super::problems_ui(ui, &validate::check_value(key, &value), lang);
        }
    }
    ui.separator();
    super::labeled_edit(ui, s.tester, &mut state.drafts.tester, s.tester_hint);
    let module = state.drafts.tester.trim().to_string();
    if module.is_empty() {
        return;
    }
    let settings = tester_settings(state);
    let r = route::route(&module, &settings);
    route_result_ui(ui, &r, lang);
}

/// The route tester's answer: which proxies (or git) fetch the module, and whether the
/// checksum database checks it.
pub fn route_result_ui(ui: &mut egui::Ui, r: &route::Route, lang: crate::i18n::Lang) {
    let s = strings(lang);
    match r.fetch {
        Fetch::Proxy => {
            ui.label(s.route_proxy);
            for p in &r.proxies {
                let rule = match p.fallback {
                    crate::goenv::goproxy::Fallback::NotFound => s.fallback_not_found,
                    crate::goenv::goproxy::Fallback::AnyError => s.fallback_any_error,
                };
                ui.monospace(format!("  {}  ({rule})", p.url));
            }
            if r.direct_after_proxies {
                ui.label(s.route_then_direct);
            }
        }
        Fetch::Direct => {
            ui.label(s.route_direct);
        }
        Fetch::Off => {
            ui.label(s.route_off);
        }
    }
    ui.label(if r.checksum {
        s.route_checksum_on
    } else {
        s.route_checksum_off
    });
    if r.insecure {
        super::warn_line(ui, s.route_insecure);
    }
    if let Some(e) = &r.error {
        super::error_line(ui, e);
    }
}

/// The route settings as they will be after applying the drafts (GONOPROXY and GONOSUMDB
/// default to GOPRIVATE, as in the go command).
pub fn tester_settings(state: &AppState) -> RouteSettings {
    let d = &state.drafts;
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
