//! A newcomer's first steps: probe events fill the table, onboarding to applied settings,
//! the language switch, and invalid input disabling Apply.

use super::*;

#[test]
fn probe_events_fill_the_table_and_the_recommendation() {
    let s = Sandbox::new();
    let lab = lab(s.path());
    let mut g = gui(app_env(&s, Some(&lab)), english(true));
    g.show(Panel::Mirrors);
    g.answer_probe();
    assert!(g.has_text("Lab A"));
    assert!(g.has_text("healthy"));
    assert!(g.has_text("no checksum proxy"));
    assert!(g.has_text("broken"));
    let outcome = g
        .harness
        .state()
        .state
        .probe
        .round
        .ready()
        .cloned()
        .expect("outcome");
    assert!(
        g.has_text(&format!(
            "GOPROXY={}",
            outcome
                .recommended
                .as_ref()
                .expect("a recommendation")
                .goproxy
        )),
        "{}",
        outcome
            .recommended
            .as_ref()
            .expect("a recommendation")
            .goproxy
    );
    // Which mirror wins, not merely that one does: the healthy one that proxies the database.
    let goproxy = &outcome
        .recommended
        .as_ref()
        .expect("a recommendation")
        .goproxy;
    assert!(goproxy.starts_with(&lab.fast_url), "{goproxy}");
    assert!(!goproxy.contains(&lab.broken_url), "{goproxy}");
    assert_eq!(
        outcome
            .recommended
            .as_ref()
            .expect("a recommendation")
            .gosumdb,
        Some("sum.golang.org".to_string())
    );
}

#[test]
fn onboarding_from_first_start_to_applied_settings() {
    let s = Sandbox::new();
    let lab = lab(s.path());
    let mut g = gui(app_env(&s, Some(&lab)), english(false));
    assert_eq!(g.harness.state().state.panel, Panel::Onboarding);
    assert!(g.has_text("1. Check"));
    g.answer_probe();
    g.click("Next");
    assert!(g.has_text("Recommended"));
    g.type_into("Company git host (optional)", "git.corp.example");
    g.click("Next");
    // Step 3: one primary action (Apply and verify); the preview of the recommendation and a
    // plain Apply wait folded under the details.
    assert!(g.has_text("Apply and verify"));
    assert!(!g.has_text("Diff of the env file"), "folded away");
    g.unfold("Details: the changes, apply without verifying, undo");
    assert!(g.has_text("Diff of the env file"), "the preview is shown");
    g.click("Apply");
    g.steps(4);
    assert!(g.has_text("applied"), "the result is shown");
    // Only the success: no complaint that there is nothing left to apply.
    assert!(!g.has_text("nothing to apply"));
    let effective = run_go(
        &go("1.27"),
        &["env", "GOPROXY", "GOPRIVATE"],
        &s.env(),
        s.path(),
    );
    let rec = g
        .harness
        .state()
        .state
        .probe
        .round
        .ready()
        .cloned()
        .expect("outcome")
        .recommended
        .expect("a recommendation");
    assert_eq!(
        effective.stdout,
        format!("{}\ngit.corp.example\n", rec.goproxy)
    );
    g.click("Done");
    assert_eq!(g.harness.state().state.panel, Panel::Overview);
    assert!(g.harness.state().state.settings.onboarding_done);
}

#[test]
fn the_language_switch_changes_every_visible_label() {
    let s = Sandbox::new();
    let mut g = gui(app_env(&s, None), english(true));
    for panel in [
        Panel::Overview,
        Panel::Composer,
        Panel::Private,
        Panel::Checksum,
        Panel::Apply,
    ] {
        g.show(panel);
        let s_en = gomirror::ui::strings::strings(Lang::En);
        for label in [
            s_en.panel_overview,
            s_en.panel_mirrors,
            s_en.panel_apply,
            s_en.language,
        ] {
            assert!(g.has_text(label), "{label}");
        }
    }
    g.click("中文");
    let zh = gomirror::ui::strings::strings(Lang::Zh);
    let en = gomirror::ui::strings::strings(Lang::En);
    for panel in [
        Panel::Onboarding,
        Panel::Overview,
        Panel::Mirrors,
        Panel::Composer,
        Panel::Private,
        Panel::Checksum,
        Panel::Apply,
    ] {
        g.show(panel);
        for label in [
            zh.panel_overview,
            zh.panel_mirrors,
            zh.panel_private,
            zh.panel_checksum,
            zh.panel_apply,
            zh.language,
        ] {
            assert!(g.has_text(label), "{label} on {panel:?}");
        }
        // No English interface string is left on screen (values such as GOPROXY are not labels).
        for label in [
            en.panel_overview,
            en.panel_private,
            en.panel_checksum,
            en.reload,
            en.preview,
            en.tester,
            en.explain_pipe,
        ] {
            assert!(
                !g.has_text(label),
                "English {label:?} still visible on {panel:?}"
            );
        }
    }
}

#[test]
fn invalid_input_disables_apply_and_shows_the_reason() {
    let s = Sandbox::new();
    let mut g = gui(app_env(&s, None), english(true));
    g.show(Panel::Private);
    g.type_into("GOPRIVATE", "https://git.corp.example, b.example");
    g.show(Panel::Apply);
    assert!(g.has_text("Apply is disabled:"));
    assert!(g.has_text("contains a URL scheme"));
    assert!(
        g.is_disabled("Preview"),
        "Preview is disabled while the input is invalid"
    );
    g.show(Panel::Checksum);
    g.harness.state_mut().view.drafts.patterns[0].clear();
    g.harness
        .get_by_role_and_label(Role::RadioButton, "off (no checksum database)")
        .click();
    g.steps(3);
    g.show(Panel::Apply);
    assert!(g.has_text("GOSUMDB=off needs your confirmation"));
}
