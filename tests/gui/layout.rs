//! Layouts that fit: every panel at 640, 800, 1280 and 1920 px wide, in both languages, after a
//! real probe round: no widget's rectangle overlaps another's, and none leaves the window at
//! the side (below the fold is the scroll area's job).

use super::*;
use egui_kittest::kittest::NodeT;

/// A drawn widget: its role, its name and its rectangle in window points.
struct Drawn {
    what: String,
    rect: egui::Rect,
}

/// The roles that are widgets a user reads or presses (containers and a field's own text
/// runs are left out: they hold the others).
fn is_widget(role: Role) -> bool {
    matches!(
        role,
        Role::Button
            | Role::Link
            | Role::Label
            | Role::CheckBox
            | Role::RadioButton
            | Role::TextInput
            | Role::MultilineTextInput
            | Role::ComboBox
            | Role::ProgressIndicator
    )
}

fn drawn(g: &guikit::Gui, height: f32) -> Vec<Drawn> {
    g.harness
        .root()
        .children_recursive()
        .filter_map(|n| {
            let a = n.accesskit_node();
            if !is_widget(a.role()) {
                return None;
            }
            let b = a.bounding_box()?;
            let rect = egui::Rect::from_min_max(
                egui::pos2(b.x0 as f32, b.y0 as f32),
                egui::pos2(b.x1 as f32, b.y1 as f32),
            );
            // Only what is on screen: the scroll area shows the rest by scrolling.
            (rect.area() > 1.0 && rect.min.y >= 0.0 && rect.max.y <= height).then(|| Drawn {
                what: format!(
                    "{:?} {:?}",
                    a.role(),
                    a.label().or(a.value()).unwrap_or_default()
                ),
                rect,
            })
        })
        .collect()
}

/// The pending-changes bar's first label, in either language.
fn is_bar_label(what: &str) -> bool {
    [
        "No pending changes.",
        "Pending changes: ",
        "没有待应用的更改。",
        "待应用的更改：",
    ]
    .iter()
    .any(|l| what.starts_with(&format!("Label \"{l}")))
}

/// The panel scrolls above the pending-changes bar: what lies below the bar's top (before it
/// in the tree) is scrolled out of sight, clipped, not drawn over the bar.
fn below_the_bar_hidden(widgets: Vec<Drawn>) -> Vec<Drawn> {
    let Some(bar) = widgets.iter().rposition(|d| is_bar_label(&d.what)) else {
        return widgets;
    };
    let top = widgets[bar].rect.min.y;
    widgets
        .into_iter()
        .enumerate()
        .filter(|(i, d)| *i >= bar || d.rect.max.y <= top)
        .map(|(_, d)| d)
        .collect()
}

/// What is wrong with where the widgets are: one leaves a window `width` wide at a side, or
/// overlaps another (a widget inside another, as a label in its card, is not an overlap).
fn misplaced(widgets: &[Drawn], width: f32, tag: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, a) in widgets.iter().enumerate() {
        if a.rect.max.x > width + 1.0 || a.rect.min.x < -1.0 {
            problems.push(format!("{tag}: {} leaves the window: {:?}", a.what, a.rect));
        }
        for b in &widgets[i + 1..] {
            let nested = a.rect.contains_rect(b.rect) || b.rect.contains_rect(a.rect);
            if !nested && overlap(a.rect, b.rect) {
                problems.push(format!(
                    "{tag}: {} overlaps {}: {:?} {:?}",
                    a.what, b.what, a.rect, b.rect
                ));
            }
        }
    }
    problems
}

/// Two rectangles overlap by more than a hair (egui's widgets touch at their edges).
fn overlap(a: egui::Rect, b: egui::Rect) -> bool {
    let i = a.intersect(b);
    i.width() > 1.5 && i.height() > 1.5
}

#[test]
fn no_widget_overlaps_another_or_leaves_the_window_from_640_to_1920_px() {
    let s = Sandbox::new();
    let lab = lab(s.path());
    let mut problems = Vec::new();
    let mut checked = 0;
    for lang in [Lang::En, Lang::Zh] {
        for width in [640.0, 800.0, 1280.0, 1920.0] {
            let height = if width < 700.0 { 460.0 } else { width * 0.625 };
            let mut settings = english(true);
            settings.lang = Some(lang);
            let mut g = gui_sized(app_env(&s, Some(&lab)), settings, egui::vec2(width, height));
            g.answer_probe();
            for panel in ALL_PANELS {
                g.show(panel);
                g.steps(3);
                let widgets = below_the_bar_hidden(drawn(&g, height));
                checked += widgets.len();
                let tag = format!("{lang:?} {width} {panel:?}");
                problems.extend(misplaced(&widgets, width, &tag));
            }
        }
    }
    assert!(checked > 500, "the check saw the widgets: {checked}");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The mirrors table lines its numbers up by the digits (right-aligned, units in the language
/// shown) and sizes the name column by its names, not by the window.
#[test]
fn the_mirrors_table_aligns_its_numbers_and_sizes_the_name_column_by_content() {
    let s = Sandbox::new();
    let lab = lab(s.path());
    for (lang, unit) in [(Lang::En, " s"), (Lang::Zh, " 秒")] {
        let mut settings = english(true);
        settings.lang = Some(lang);
        let mut g = gui_sized(
            app_env(&s, Some(&lab)),
            settings,
            egui::vec2(1920.0, 1080.0),
        );
        g.answer_probe();
        g.show(Panel::Mirrors);
        g.steps(3);
        let widgets = drawn(&g, 1080.0);
        let estimates: Vec<&Drawn> = widgets
            .iter()
            .filter(|d| d.what.starts_with("Label \"≈ "))
            .collect();
        assert!(
            estimates.len() >= 2,
            "{lang:?}: estimates drawn: {}",
            estimates.len()
        );
        for e in &estimates {
            assert!(
                e.what.ends_with(&format!("{unit}\"")),
                "{lang:?}: {}",
                e.what
            );
        }
        let right = estimates[0].rect.max.x;
        let lefts: Vec<f32> = estimates.iter().map(|e| e.rect.min.x).collect();
        for e in &estimates {
            assert!(
                (e.rect.max.x - right).abs() < 1.0,
                "{lang:?}: right edges differ: {} {:?} vs {right}",
                e.what,
                e.rect
            );
        }
        // The table ends near its content: the estimate column starts well before the middle
        // of a 1920 px window.
        let first = lefts.iter().fold(f32::MAX, |a, b| a.min(*b));
        assert!(
            first < 960.0,
            "{lang:?}: the name column stretches: {first}"
        );
    }
}

/// A long go error on the Verify panel at the narrowest window (640 px; tall enough that the
/// results are on screen, not scrolled away), in both languages: wrapped inside the window,
/// never clipped at a side, over nothing.
#[test]
fn a_long_verify_error_fits_a_640_px_window() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let broken = netlab::LabMirror::start(&rt, netlab::Behaviour::failing(503), None);
    let file = s.env_file();
    std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
    std::fs::write(&file, format!("GOPROXY={}\nGOSUMDB=off\n", broken.url)).expect("env");
    for lang in [Lang::En, Lang::Zh] {
        let mut settings = english(true);
        settings.lang = Some(lang);
        let mut g = gui_sized(app_env(&s, None), settings, egui::vec2(640.0, 1400.0));
        g.show(Panel::Verify);
        let (field, start) = match lang {
            Lang::En => ("Modules", "Verify"),
            Lang::Zh => ("模块", "验证"),
        };
        g.type_into(field, "example.com/m@v1.0.0");
        g.click(start);
        g.step_until("the verify", std::time::Duration::from_secs(60), |st| {
            st.verify.configs.iter().all(|c| c.outcome.is_some()) && !st.verify.configs.is_empty()
        });
        g.steps(4);
        let outcome = g.harness.state().state.verify.configs[0]
            .outcome
            .clone()
            .expect("done");
        assert!(!outcome.ok, "the 503 mirror fails: {outcome:?}");
        let widgets = below_the_bar_hidden(drawn(&g, 1400.0));
        assert!(
            widgets.iter().any(|w| w.what.contains("503")),
            "{lang:?}: the go error is on screen: {:?}",
            widgets.iter().map(|w| &w.what).collect::<Vec<_>>()
        );
        let problems = misplaced(&widgets, 640.0, &format!("{lang:?}"));
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
