//! The mirrors table: one row per mirror (name, status, typical download, first byte,
//! throughput), ordered by any column; a row opens to its Go-protocol checks and the stage
//! timings as a stacked bar. Columns collapse into the opened row on narrow windows.

mod details;

use super::status::{self, Look};
use super::theme;
use crate::i18n::{Lang, Text};
use crate::probe::model::Measurement;
use crate::state::drafts::MirrorSort;
use crate::state::{AppState, UiState};
use crate::ui::strings::strings;

/// One row, from a finished report or a mirror still being measured.
#[derive(Clone, Debug)]
pub struct Row<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub look: Look,
    pub reason: Option<&'a Text>,
    /// Typical download, ms (None: not usable or not measured).
    pub score: Option<f64>,
    pub rank: Option<usize>,
    pub usable: bool,
    pub fresh: Option<bool>,
    pub m: Option<&'a Measurement>,
}

/// The table's rows in the state's order (before sorting).
pub fn rows(state: &AppState, lang: Lang) -> Vec<Row<'_>> {
    match state.probe.round.ready() {
        Some(o) => o
            .reports
            .iter()
            .map(|r| Row {
                id: &r.measurement.id,
                name: r.measurement.name(lang),
                look: status::verdict(r.verdict),
                reason: Some(&r.reason),
                score: r.score,
                rank: r.rank,
                usable: r.verdict.usable(),
                fresh: r.fresh,
                m: Some(&r.measurement),
            })
            .collect(),
        None => state
            .probe
            .mirrors
            .iter()
            .enumerate()
            .map(|(i, mirror)| {
                let m = state.probe.measurements.get(i).and_then(Option::as_ref);
                Row {
                    id: &mirror.id,
                    name: mirror.name(lang),
                    look: status::pending(),
                    reason: None,
                    score: state.probe.estimates.get(i).copied().flatten(),
                    rank: None,
                    usable: true,
                    fresh: None,
                    m,
                }
            })
            .collect(),
    }
}

/// Orders the rows by a column; missing values always last, ties by name.
pub fn sort(rows: &mut [Row<'_>], key: MirrorSort, ascending: bool) {
    use std::cmp::Ordering;
    fn opt(a: Option<f64>, b: Option<f64>, asc: bool) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) => {
                let o = x.total_cmp(&y);
                if asc { o } else { o.reverse() }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    let tone_order = |l: &Look| match l.tone {
        theme::Tone::Good => 0,
        theme::Tone::Info => 1,
        theme::Tone::Warn => 2,
        theme::Tone::Neutral => 3,
        theme::Tone::Bad => 4,
    };
    rows.sort_by(|a, b| {
        let o = match key {
            MirrorSort::Rank => {
                let ra = a.rank.map(|r| r as f64).or(a.score.filter(|_| a.usable));
                let rb = b.rank.map(|r| r as f64).or(b.score.filter(|_| b.usable));
                opt(ra, rb, ascending)
            }
            MirrorSort::Name => {
                let o = a.name.to_lowercase().cmp(&b.name.to_lowercase());
                if ascending { o } else { o.reverse() }
            }
            MirrorSort::Status => {
                let o = tone_order(&a.look).cmp(&tone_order(&b.look));
                if ascending { o } else { o.reverse() }
            }
            MirrorSort::FirstByte => opt(
                a.m.and_then(|m| m.wait.or(m.ttfb)).map(|s| s.median_ms),
                b.m.and_then(|m| m.wait.or(m.ttfb)).map(|s| s.median_ms),
                ascending,
            ),
            MirrorSort::Throughput => opt(
                a.m.and_then(|m| m.throughput_bps),
                b.m.and_then(|m| m.throughput_bps),
                !ascending,
            ),
        };
        o.then_with(|| a.name.cmp(b.name))
    });
}

fn seconds(ms: Option<f64>, lang: Lang) -> String {
    ms.map_or("-".into(), |v| format!("≈ {}", crate::ui::seconds(v, lang)))
}

fn millis(ms: Option<f64>, lang: Lang) -> String {
    ms.map_or("-".into(), |v| match lang {
        Lang::En => format!("{v:.0} ms"),
        Lang::Zh => format!("{v:.0} 毫秒"),
    })
}

/// A measurement's throughput, in words.
pub fn throughput(m: Option<&Measurement>) -> String {
    m.and_then(|m| m.throughput_bps)
        .map_or("-".into(), |b| format!("{:.1} MB/s", b / 1e6))
}

/// The mirrors table.
pub fn table_ui(ui: &mut egui::Ui, state: &AppState, view: &mut UiState, lang: Lang) {
    let s = strings(lang);
    let (key, ascending) = view.drafts.mirror_sort;
    let profile = state.spec.profile;
    let mut rows = rows(state, lang);
    sort(&mut rows, key, ascending);
    // Columns that do not fit go into the opened row.
    let width = ui.available_width();
    let wide = width >= 640.0;
    let (status_w, est_w, num_w) = (170.0, 110.0, 95.0);
    let fixed = status_w + est_w + if wide { 2.0 * num_w } else { 0.0 };
    // The name column is as wide as the widest name (values get the rest of the room, and
    // the table ends where its content does instead of stretching an empty column).
    let font = egui::TextStyle::Button.resolve(ui.style());
    let widest = rows
        .iter()
        .map(|r| {
            ui.painter()
                .layout_no_wrap(format!("+ {}", r.name), font.clone(), egui::Color32::WHITE)
                .size()
                .x
        })
        .fold(0.0_f32, f32::max);
    let room = (width - fixed - 8.0 * ui.spacing().item_spacing.x).max(120.0);
    let name_w = (widest + 3.0 * ui.spacing().button_padding.x).clamp(120.0, room);
    let mut clicked_sort = None;
    let mut toggled = None;
    ui.horizontal(|ui| {
        let mut header = |ui: &mut egui::Ui, w: f32, label: &str, k: MirrorSort| {
            let numeric = matches!(
                k,
                MirrorSort::Rank | MirrorSort::FirstByte | MirrorSort::Throughput
            );
            let layout = if numeric {
                egui::Layout::right_to_left(egui::Align::Center)
            } else {
                egui::Layout::left_to_right(egui::Align::Center)
            };
            super::cell_with(ui, layout, w, |ui| {
                let arrow = match (key == k, ascending) {
                    (true, true) => " ↑",
                    (true, false) => " ↓",
                    _ => "",
                };
                if ui
                    .add(
                        egui::Button::new(egui::RichText::new(format!("{label}{arrow}")).strong())
                            .frame(false),
                    )
                    .on_hover_text(s.sort_hint)
                    .clicked()
                {
                    clicked_sort = Some(k);
                }
            });
        };
        header(ui, name_w, s.mirror, MirrorSort::Name);
        header(ui, status_w, s.verdict, MirrorSort::Status);
        header(ui, est_w, s.estimate, MirrorSort::Rank);
        if wide {
            header(ui, num_w, s.ttfb, MirrorSort::FirstByte);
            header(ui, num_w, s.throughput, MirrorSort::Throughput);
        }
    });
    ui.separator();
    let pal = theme::palette(ui);
    for (i, row) in rows.iter().enumerate() {
        let open = view.drafts.expanded.contains(row.id);
        let frame = egui::Frame::new()
            .fill(if i % 2 == 1 { pal.surface } else { pal.bg })
            .corner_radius(egui::CornerRadius::same(theme::radius::WIDGET));
        frame.show(ui, |ui| {
            ui.horizontal(|ui| {
                super::cell(ui, egui::Align::Center, name_w, |ui| {
                    // A long name is cut with "…" (the full name and URL on hover).
                    let label = format!("{} {}", if open { "−" } else { "+" }, row.name);
                    let r = ui
                        .add(egui::Button::selectable(open, label).truncate())
                        .on_hover_text(format!(
                            "{}\n{}",
                            row.name,
                            row.m
                                .map_or(String::new(), |m| crate::goenv::gourl::redact(&m.url))
                        ));
                    if r.clicked() {
                        toggled = Some(row.id.to_string());
                    }
                });
                super::cell(ui, egui::Align::Center, status_w, |ui| {
                    if row.m.is_none() && state.probe.round.is_pending() {
                        crate::ui::widgets::busy(ui);
                    }
                    let r = status::badge(ui, &row.look, lang);
                    if let Some(reason) = row.reason {
                        r.on_hover_text(reason.get(lang));
                    }
                });
                // Numbers are right-aligned, so the digits line up.
                crate::ui::widgets::number(ui, est_w, &seconds(row.score, lang));
                if wide {
                    let ttfb = row.m.and_then(|m| m.wait.or(m.ttfb)).map(|s| s.median_ms);
                    crate::ui::widgets::number(ui, num_w, &millis(ttfb, lang));
                    crate::ui::widgets::number(ui, num_w, &throughput(row.m));
                }
            });
            if open {
                details::details_ui(ui, row, s, lang, &profile);
            }
        });
    }
    if let Some(k) = clicked_sort {
        view.drafts.mirror_sort = if k == key { (k, !ascending) } else { (k, true) };
    }
    if let Some(id) = toggled
        && !view.drafts.expanded.remove(&id)
    {
        view.drafts.expanded.insert(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(
        name: &'a str,
        rank: Option<usize>,
        score: Option<f64>,
        tone: status::Look,
    ) -> Row<'a> {
        Row {
            id: name,
            name,
            look: tone,
            reason: None,
            score,
            rank,
            usable: rank.is_some(),
            fresh: None,
            m: None,
        }
    }

    #[test]
    fn sorting_by_each_column_keeps_missing_values_last() {
        use crate::probe::model::Verdict;
        let mut rows = vec![
            row("b", Some(2), Some(900.0), status::verdict(Verdict::Healthy)),
            row("a", None, None, status::verdict(Verdict::Unreachable)),
            row("c", Some(1), Some(400.0), status::verdict(Verdict::Slow)),
        ];
        sort(&mut rows, MirrorSort::Rank, true);
        assert_eq!(
            rows.iter().map(|r| r.name).collect::<Vec<_>>(),
            ["c", "b", "a"]
        );
        sort(&mut rows, MirrorSort::Rank, false);
        assert_eq!(
            rows.iter().map(|r| r.name).collect::<Vec<_>>(),
            ["b", "c", "a"]
        );
        sort(&mut rows, MirrorSort::Name, true);
        assert_eq!(
            rows.iter().map(|r| r.name).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        sort(&mut rows, MirrorSort::Status, true);
        assert_eq!(
            rows.iter().map(|r| r.name).collect::<Vec<_>>(),
            ["b", "c", "a"]
        );
    }
}
