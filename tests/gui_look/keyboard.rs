//! The keyboard alone: Tab follows reading order (the top bar, the navigation, the panel) and
//! Enter presses a step's primary action when no widget holds the focus.

use super::*;

/// Tab moves the visible focus from control to control; Enter presses the focused button.
fn tab_to(g: &mut Gui, label: &str) {
    for _ in 0..80 {
        g.harness.key_press(egui::Key::Tab);
        g.steps(1);
        let focused = g
            .harness
            .query_all_by_role(Role::Button)
            .find(|n| n.is_focused())
            .and_then(|n| n.accesskit_node().label());
        if focused.as_deref() == Some(label) {
            return;
        }
    }
    panic!("Tab never reached {label:?}");
}

#[test]
fn the_onboarding_is_walked_with_the_keyboard_alone() {
    let s = Sandbox::new();
    let (mut g, _labs, _rt) = with_lab(&s, false);
    assert_eq!(g.harness.state().state.panel, Panel::Onboarding);
    // Enter with nothing focused presses the step's primary action: Next, then Next.
    g.harness.key_press(egui::Key::Enter);
    g.steps(3);
    assert_eq!(
        g.harness.state().state.step,
        gomirror::state::Step::Recommend
    );
    g.harness.key_press(egui::Key::Enter);
    g.steps(4);
    assert_eq!(g.harness.state().state.step, gomirror::state::Step::Apply);
    // Tab reaches Back; Enter on a focused button presses that button, not the primary.
    tab_to(&mut g, "Back");
    g.harness.key_press(egui::Key::Enter);
    g.steps(3);
    assert_eq!(
        g.harness.state().state.step,
        gomirror::state::Step::Recommend
    );
    assert!(
        g.harness.state().state.outcome.is_idle(),
        "Enter on Back applied nothing"
    );
    // And a step tab, by Tab and Enter.
    tab_to(&mut g, "1. Check");
    g.harness.key_press(egui::Key::Enter);
    g.steps(3);
    assert_eq!(g.harness.state().state.step, gomirror::state::Step::Check);
}

/// The widget that has the keyboard focus: its name and its rectangle.
fn focused(g: &Gui) -> Option<(String, egui::Rect)> {
    g.harness.root().children_recursive().find_map(|n| {
        if !n.is_focused() {
            return None;
        }
        let a = n.accesskit_node();
        let b = a.bounding_box()?;
        let rect = egui::Rect::from_min_max(
            egui::pos2(b.x0 as f32, b.y0 as f32),
            egui::pos2(b.x1 as f32, b.y1 as f32),
        );
        Some((a.label().or(a.value()).unwrap_or_default(), rect))
    })
}

/// Every widget Tab visits, once round, starting from nothing focused.
fn tab_cycle(g: &mut Gui) -> Vec<(String, egui::Rect)> {
    let mut seen: Vec<(String, egui::Rect)> = Vec::new();
    for _ in 0..120 {
        g.harness.key_press(egui::Key::Tab);
        g.steps(1);
        let Some(now) = focused(g) else { continue };
        if seen
            .first()
            .is_some_and(|first| first.0 == now.0 && first.1 == now.1)
        {
            return seen;
        }
        seen.push(now);
    }
    panic!(
        "Tab never came round: {:?}",
        seen.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
}

/// Tab follows reading order: the top bar left to right, then the navigation top to bottom,
/// then the panel top to bottom (left to right along a row); the onboarding's Next is a few
/// presses from the panel's start, not twenty.
#[test]
fn tab_follows_reading_order_on_every_onboarding_step() {
    let s = Sandbox::new();
    let (mut g, _labs, _rt) = with_lab(&s, false);
    // The panel starts where its step tabs do; the top bar ends below About.
    let bounds = |label: &str| {
        g.harness
            .get_by_label(label)
            .accesskit_node()
            .bounding_box()
            .unwrap_or_else(|| panic!("{label} is drawn"))
    };
    let (panel_left, top_bottom) = (bounds("1. Check").x0 as f32, bounds("About").y1 as f32);
    for step in ["1. Check", "2. Recommend", "3. Apply and verify"] {
        g.click(step);
        g.steps(3);
        let cycle = tab_cycle(&mut g);
        let names: Vec<&str> = cycle.iter().map(|c| c.0.as_str()).collect();
        let region = |r: &egui::Rect| {
            if r.max.y <= top_bottom + 1.0 {
                0
            } else if r.min.x < panel_left - 1.0 {
                1
            } else {
                2
            }
        };
        for pair in cycle.windows(2) {
            let ((a, ra), (b, rb)) = (&pair[0], &pair[1]);
            let (qa, qb) = (region(ra), region(rb));
            assert!(
                qa <= qb,
                "{step}: {a:?} then {b:?} goes back a region: {names:?}"
            );
            if qa != qb {
                continue;
            }
            let same_row = rb.min.y < ra.max.y - 2.0 && ra.min.y < rb.max.y - 2.0;
            let in_order = if same_row {
                rb.min.x >= ra.min.x
            } else {
                rb.min.y >= ra.min.y
            };
            assert!(
                in_order,
                "{step}: {a:?} {ra:?} then {b:?} {rb:?}: {names:?}"
            );
        }
        eprintln!("{step}: {names:?}");
    }
}
