//! One truth for pending changes: a change made on one panel is counted in the bar below every
//! panel (but the onboarding, whose step 3 is its own apply); the bar's Preview opens the
//! diff, its Apply writes through the go command from any panel, its Undo puts the file back.

use super::*;

/// Every panel with the bar: all but the onboarding.
fn panels() -> impl Iterator<Item = Panel> {
    ALL_PANELS.into_iter().filter(|p| *p != Panel::Onboarding)
}

#[test]
fn the_pending_changes_bar_counts_previews_applies_and_undoes_from_every_panel() {
    let s = Sandbox::new();
    let mut g = gui(app_env(&s, None), english(true));
    for panel in panels() {
        g.show(panel);
        assert!(
            g.has_text("No pending changes."),
            "{panel:?}: the bar is there"
        );
    }
    g.show(Panel::Onboarding);
    assert!(
        !g.has_text("No pending changes."),
        "not under the onboarding"
    );

    // A change on the Checksum panel is counted everywhere.
    g.show(Panel::Checksum);
    g.harness
        .get_by_label("sum.golang.google.cn (same database, reachable in mainland China)")
        .click();
    g.steps(3);
    for panel in panels() {
        g.show(panel);
        assert!(g.has_text("Pending changes: 1"), "{panel:?}: counted");
    }
    // Preview from the Mirrors panel opens the diff; Apply from the Doctor writes it.
    g.show(Panel::Mirrors);
    assert!(g.is_disabled("Apply"), "Apply waits for a preview");
    g.click("Preview");
    g.step_until("the preview", std::time::Duration::from_secs(10), |st| {
        st.prepared.ready().is_some()
    });
    assert_eq!(g.harness.state().state.panel, Panel::Apply);
    assert!(
        g.has_text("+GOSUMDB=sum.golang.google.cn"),
        "the diff is shown"
    );
    g.show(Panel::Doctor);
    g.click("Apply");
    g.step_until("the apply", std::time::Duration::from_secs(20), |st| {
        st.outcome.ready().is_some()
    });
    let real = run_go(&go("1.27"), &["env", "GOSUMDB"], &s.env(), s.path());
    assert_eq!(real.stdout.trim(), "sum.golang.google.cn");
    g.steps(4);
    assert!(
        g.has_text("No pending changes."),
        "nothing left once applied"
    );
    // Undo from the bar, on yet another panel.
    g.show(Panel::Private);
    g.click("Undo last apply");
    g.step_until("the undo", std::time::Duration::from_secs(20), |st| {
        st.history.iter().all(|e| e.undone)
    });
    let real = run_go(&go("1.27"), &["env", "GOSUMDB"], &s.env(), s.path());
    assert_eq!(real.stdout.trim(), "sum.golang.org");
}
