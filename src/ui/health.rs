//! The health card at the top of the Overview: in one glance, the go command, where GOPROXY
//! comes from, how its first mirror did in the last measurement, and the last verification.
//! After a successful onboarding it says "you're set".

use crate::i18n::Lang;
use crate::state::AppState;
use crate::ui::strings::strings;
use crate::ui::theme::Tone;

/// One row of the card: a title, a status glyph and what it says.
fn row(ui: &mut egui::Ui, title: &str, tone: Tone, text: &str) {
    ui.horizontal_wrapped(|ui| {
        crate::ui::cell(ui, egui::Align::Center, 150.0, |ui| ui.strong(title));
        let color = crate::ui::theme::tone_color(ui, tone);
        ui.colored_label(color, crate::ui::status::glyph(tone));
        ui.add(egui::Label::new(text).wrap());
    });
}

/// The first mirror of a GOPROXY list (not `direct` or `off`).
fn first_mirror(goproxy: &str) -> Option<&str> {
    goproxy
        .split([',', '|'])
        .map(str::trim)
        .find(|e| !e.is_empty() && *e != "direct" && *e != "off")
}

/// The card.
pub fn health_ui(ui: &mut egui::Ui, state: &AppState, lang: Lang) {
    let s = strings(lang);
    let o = &s.onboarding;
    let Some(snapshot) = state.snapshot() else {
        return;
    };
    crate::ui::card(ui, 880.0, |ui| {
        crate::ui::widgets::section(ui, o.health);
        let verified = state
            .verify
            .after_apply()
            .or_else(|| {
                state
                    .verify
                    .configs
                    .iter()
                    .rev()
                    .find(|c| c.outcome.is_some())
            })
            .and_then(|c| c.outcome.as_ref());
        if state
            .verify
            .after_apply()
            .and_then(|c| c.outcome.as_ref())
            .is_some_and(|r| r.ok)
        {
            crate::ui::status::message(
                ui,
                &crate::ui::status::ok(crate::ui::strings::both(|s| s.works)),
                o.health_set,
            );
        }
        match &snapshot.go {
            Some(g) => {
                let v = g.version.as_ref().map_or("?".into(), |v| v.raw.clone());
                row(
                    ui,
                    o.health_go,
                    Tone::Good,
                    &format!("{} ({v})", g.path.display()),
                );
            }
            None => row(ui, o.health_go, Tone::Bad, s.go_not_found),
        }
        let goproxy = snapshot.value("GOPROXY");
        let source = snapshot.vars.get("GOPROXY").map_or(s.source_default, |v| {
            crate::ui::strings::source_label(v.source, lang)
        });
        row(
            ui,
            o.health_source,
            Tone::Info,
            &format!("{source} · {}", crate::goenv::gourl::redact_text(goproxy)),
        );
        if let Some(url) = first_mirror(goproxy) {
            let report = state.probe.round.ready().and_then(|r| {
                r.reports
                    .iter()
                    .find(|m| m.measurement.url.trim_end_matches('/') == url.trim_end_matches('/'))
            });
            let shown = crate::goenv::gourl::redact(url);
            match report {
                Some(r) => {
                    let look = crate::ui::status::verdict(r.verdict);
                    row(
                        ui,
                        o.health_mirror,
                        look.tone,
                        &format!("{shown} · {}", look.word.get(lang)),
                    );
                }
                None if state.probe.round.is_pending() => row(
                    ui,
                    o.health_mirror,
                    Tone::Neutral,
                    &format!("{shown} · {}", o.waiting_mirror),
                ),
                None => row(ui, o.health_mirror, Tone::Neutral, &shown),
            }
        }
        match verified {
            Some(r) if r.ok => {
                let done = r.modules.iter().filter(|m| m.ok).count();
                row(
                    ui,
                    o.health_verified,
                    Tone::Good,
                    &format!(
                        "{} · {done} {} {}",
                        s.works,
                        s.verify.modules_in,
                        crate::ui::seconds(r.elapsed_ms as f64, lang)
                    ),
                );
            }
            Some(r) => {
                let why = r
                    .failure
                    .as_ref()
                    .map_or(String::new(), |f| f.class.label().get(lang).to_string());
                row(
                    ui,
                    o.health_verified,
                    Tone::Bad,
                    &crate::goenv::gourl::redact_text(&why),
                );
            }
            None => row(ui, o.health_verified, Tone::Neutral, o.health_never),
        }
    });
    ui.add_space(crate::ui::theme::space::SECTION);
}
