//! The latency history as a real time series: x is the time of day each round (or watch
//! sample) was taken, y the median time to first byte in ms; the axes are scaled to the data,
//! and the legend sits above the plot (as coloured dots with names), never over it.

use super::theme;
use crate::state::AppState;
use crate::ui::strings::Strings;

/// One line of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// (seconds since the Unix epoch, ms), in time order.
    pub points: Vec<[f64; 2]>,
}

/// The chart's lines: one per mirror that answered (in first-seen order), then the watch.
pub fn series(state: &AppState, watch_name: &str) -> Vec<Series> {
    let lang = state.lang();
    let name_of = |id: &str| {
        state
            .probe
            .mirrors
            .iter()
            .find(|m| m.id == id)
            .map_or(id.to_string(), |m| m.name(lang).to_string())
    };
    let mut ids: Vec<&str> = Vec::new();
    for (_, id, _) in &state.probe.history {
        if !ids.contains(&id.as_str()) {
            ids.push(id);
        }
    }
    let mut out: Vec<Series> = ids
        .into_iter()
        .map(|id| Series {
            name: name_of(id),
            points: state
                .probe
                .history
                .iter()
                .filter(|(_, i, _)| i == id)
                .map(|(t, _, ms)| [*t, *ms])
                .collect(),
        })
        .collect();
    let watch: Vec<[f64; 2]> = state
        .probe
        .watch_samples
        .iter()
        .filter(|(_, ms)| ms.is_finite())
        .map(|(t, ms)| [*t, *ms])
        .collect();
    if !watch.is_empty() {
        out.push(Series {
            name: watch_name.to_string(),
            points: watch,
        });
    }
    out
}

/// A time of day (local time) for an x value in seconds since the Unix epoch.
pub fn time_of_day(epoch_s: f64) -> String {
    use chrono::TimeZone;
    match chrono::Local.timestamp_opt(epoch_s.floor() as i64, 0) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.format("%H:%M:%S").to_string()
        }
        chrono::LocalResult::None => String::new(),
    }
}

/// The watch's first-byte chart.
pub fn chart_ui(ui: &mut egui::Ui, state: &AppState, s: &Strings) {
    let all = series(state, s.watch_line);
    if all.is_empty() {
        return;
    }
    ui.add_space(theme::space::SECTION);
    ui.strong(s.latency_chart);
    // The legend, above the plot: the line's mark in its colour and the name.
    ui.horizontal_wrapped(|ui| {
        for (i, line) in all.iter().enumerate() {
            let color = theme::series(ui, i);
            super::legend_entry(ui, theme::series_mark(i).1, color, &line.name);
            ui.add_space(6.0);
        }
    });
    // One round: one value per mirror, shown as bars (a line needs two points in time).
    if all.iter().all(|l| l.points.len() <= 1) {
        bars_ui(ui, &all, s);
        return;
    }
    let (mut x_min, mut x_max) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut y_max: f64 = 0.0;
    for p in all.iter().flat_map(|l| &l.points) {
        x_min = x_min.min(p[0]);
        x_max = x_max.max(p[0]);
        y_max = y_max.max(p[1]);
    }
    // A single round still gets a readable window of a minute around it.
    if x_max - x_min < 60.0 {
        let mid = (x_min + x_max) / 2.0;
        (x_min, x_max) = (mid - 30.0, mid + 30.0);
    }
    let colors: Vec<egui::Color32> = (0..all.len()).map(|i| theme::series(ui, i)).collect();
    egui_plot::Plot::new("latency")
        .height(200.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_label(s.chart_time)
        .y_axis_label("ms")
        .x_axis_formatter(|mark, _range| time_of_day(mark.value))
        .label_formatter(|pos| match pos {
            egui_plot::HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(format!(
                "{plot_name}\n{} · {:.0} ms",
                time_of_day(position.x),
                position.y
            )),
            _ => None,
        })
        .include_y(0.0)
        .include_y(y_max * 1.1 + 1.0)
        .include_x(x_min)
        .include_x(x_max)
        .show(ui, |plot| {
            for (i, (line, color)) in all.iter().zip(colors).enumerate() {
                let (shape, _, dashed) = theme::series_mark(i);
                let points: egui_plot::PlotPoints<'_> = line.points.iter().copied().collect();
                let mut drawn = egui_plot::Line::new(line.name.clone(), points)
                    .color(color)
                    .width(2.0);
                if dashed {
                    drawn = drawn.style(egui_plot::LineStyle::dashed_loose());
                }
                plot.line(drawn);
                let dots: egui_plot::PlotPoints<'_> = line.points.iter().copied().collect();
                plot.points(
                    egui_plot::Points::new(line.name.clone(), dots)
                        .color(color)
                        .shape(shape)
                        .radius(if shape == egui_plot::MarkerShape::Circle {
                            3.0
                        } else {
                            4.0
                        }),
                );
            }
        });
}

/// A single round: one horizontal bar per mirror (its median time to first byte), named on
/// the axis, in the series' colours.
fn bars_ui(ui: &mut egui::Ui, all: &[Series], s: &Strings) {
    let names: Vec<String> = all.iter().map(|l| l.name.clone()).collect();
    let charts: Vec<egui_plot::BarChart> = all
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let ms = line.points.first()?[1];
            let color = theme::series(ui, i);
            let bar = egui_plot::Bar::new(i as f64, ms)
                .name(&line.name)
                .fill(color.gamma_multiply(0.8))
                .width(0.6)
                .horizontal();
            Some(
                egui_plot::BarChart::new(line.name.clone(), vec![bar])
                    .color(color)
                    .horizontal(),
            )
        })
        .collect();
    let height = (all.len() as f32 * 28.0 + 60.0).clamp(100.0, 320.0);
    egui_plot::Plot::new("latency-bars")
        .height(height)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_label(format!("{} (ms)", s.latency_chart))
        .y_axis_formatter(move |mark, _range| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .include_x(0.0)
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_of_day_is_hours_minutes_seconds() {
        let t = time_of_day(1_700_000_000.4);
        assert_eq!(t.len(), 8, "{t}");
        assert_eq!(t.matches(':').count(), 2, "{t}");
    }
}
