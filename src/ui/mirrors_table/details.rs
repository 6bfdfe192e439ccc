//! An opened row of the mirrors table: the mirror's Go-protocol checks, facts, and one
//! typical request as a stacked bar of its stages (read out as words too).

use super::Row;
use crate::i18n::{Lang, Text};
use crate::probe::model::Measurement;
use crate::probe::model::Profile;
use crate::ui::status;
use crate::ui::strings::Strings;
use crate::ui::strings::both;
use crate::ui::theme;

/// The stages of one typical request, in ms: DNS, TCP, TLS, first byte, body (the typical
/// download's bytes per request at the measured throughput).
pub fn stages(m: &Measurement, profile: &Profile) -> Vec<(Text, f64)> {
    let med = |s: Option<crate::probe::model::StageStats>| s.map(|s| s.median_ms);
    let body = m
        .throughput_bps
        .filter(|b| *b > 0.0)
        .map(|b| profile.bytes / profile.requests.max(1.0) / b * 1000.0);
    [
        (both(|s| s.stage_dns), med(m.dns)),
        (both(|s| s.stage_tcp), med(m.connect)),
        (both(|s| s.stage_tls), med(m.tls)),
        (both(|s| s.stage_first_byte), med(m.ttfb)),
        (both(|s| s.stage_body), body),
    ]
    .into_iter()
    .filter_map(|(t, v)| Some((t, v?)))
    .collect()
}

/// An opened row: the URL, the reason, the stages, the checks.
pub fn details_ui(ui: &mut egui::Ui, row: &Row<'_>, s: &Strings, lang: Lang, profile: &Profile) {
    let Some(m) = row.m else {
        ui.weak(s.not_measured_yet);
        return;
    };
    ui.indent(("details", row.id), |ui| {
        ui.add(egui::Label::new(egui::RichText::new(&m.url).monospace()).wrap());
        if let Some(reason) = row.reason {
            ui.label(reason.get(lang));
        }
        let parts = stages(m, profile);
        if !parts.is_empty() {
            ui.label(s.stages_title);
            stage_bar(ui, &parts, lang);
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{}: {}",
                s.checksum_proxy,
                yes_no(m.checksum_db_proxied, s)
            ));
            ui.label(format!("{}: {}", s.fresh, yes_no(row.fresh, s)));
            ui.label(format!("{}: {:.0}%", s.success, m.success_rate * 100.0));
            ui.label(format!("{}: {}", s.throughput, super::throughput(Some(m))));
        });
        if !m.checks.is_empty() {
            ui.label(s.checks_title);
            for c in &m.checks {
                let look = if c.ok {
                    status::ok(both(|s| s.check_passed))
                } else {
                    status::problem(true)
                };
                let mut line = format!(
                    "{}  {}  {}",
                    c.name,
                    c.path,
                    c.status.map_or("-".into(), |s| s.to_string())
                );
                if let Some(ms) = c.total_ms {
                    line.push_str(&format!("  {ms:.0} ms"));
                }
                if let Some(e) = &c.error {
                    line.push_str(&format!("  {}", e.get(lang)));
                }
                status::message(ui, &look, &line);
            }
        }
    });
}

fn yes_no(v: Option<bool>, s: &Strings) -> &'static str {
    match v {
        Some(true) => s.yes,
        Some(false) => s.no,
        None => s.unknown,
    }
}

/// The stages as one stacked bar, each segment labelled below with its name and time (the
/// colours are not needed to read it).
fn stage_bar(ui: &mut egui::Ui, parts: &[(Text, f64)], lang: Lang) {
    let total: f64 = parts.iter().map(|(_, v)| v).sum();
    let width = ui.available_width().min(420.0);
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, 14.0), egui::Sense::hover());
    // Screen readers get the stages as words.
    let summary: Vec<String> = parts
        .iter()
        .map(|(name, v)| format!("{} {v:.0} ms", name.get(lang)))
        .collect();
    let summary = summary.join(", ");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &summary));
    let mut x = rect.left();
    for (i, (_, v)) in parts.iter().enumerate() {
        let w = if total > 0.0 {
            (*v / total) as f32 * width
        } else {
            0.0
        };
        let seg =
            egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(w, rect.height()));
        ui.painter().rect_filled(seg, 2.0, theme::series(ui, i));
        x += w;
    }
    ui.horizontal_wrapped(|ui| {
        for (i, (name, v)) in parts.iter().enumerate() {
            let text = format!("{} {v:.0} ms", name.get(lang));
            crate::ui::legend_entry(ui, "●", theme::series(ui, i), &text);
        }
    });
}
