//! One truth on screen: the Apply panel shows what its preview will write whatever made it, the
//! write path chosen is the one a fix uses, the checksum confirmation lives where the choice
//! is, a mistyped project path is said to be missing and not remembered, and the notices of a
//! repeated action do not stack.

use super::*;
use gomirror::state::{ApplyCommand, Command, ProjectCommand};

#[test]
fn the_apply_panel_shows_what_its_preview_writes_whatever_made_it() {
    let s = Sandbox::new();
    let mut g = gui(app_env(&s, None), english(true));
    g.steps(4);
    // A preview made elsewhere (a fix, a team profile), not from the drafts.
    g.command(Command::Apply(ApplyCommand::PreviewFix(
        [(
            "GOPROXY".to_string(),
            "https://fix.example,direct".to_string(),
        )]
        .into(),
    )));
    g.steps(6);
    assert_eq!(g.harness.state().state.panel, Panel::Apply);
    assert!(g.has_text("GOPROXY=https://fix.example,direct"));
    assert!(
        !g.has_text("No pending changes"),
        "never 'no pending changes' above a diff"
    );
}

#[test]
fn a_one_click_fix_writes_through_the_path_the_user_chose() {
    use gomirror::apply::Target;
    let s = Sandbox::new();
    let mut g = gui(app_env(&s, None), english(true));
    g.steps(4);
    for (chosen, used) in [(Target::Go, Target::Go), (Target::File, Target::File)] {
        g.command(Command::Apply(ApplyCommand::SetTarget(chosen)));
        g.command(Command::Apply(ApplyCommand::Fix(
            gomirror::goenv::conflicts::Fix::SetInFile {
                key: "GOPROXY".into(),
                value: "https://goproxy.cn,direct".into(),
            },
        )));
        g.steps(8);
        let state = &g.harness.state().state;
        let target = state
            .outcome
            .ready()
            .map(|o| o.via)
            .or(state.prepared.ready().map(|p| p.target));
        assert_eq!(target, Some(used), "{chosen:?}");
        g.command(Command::Apply(ApplyCommand::Undo));
        g.steps(6);
    }
}

#[test]
fn turning_checksums_off_is_confirmed_on_the_checksum_panel_before_apply() {
    let s = Sandbox::new();
    let mut g = gui(app_env(&s, None), english(true));
    g.show(Panel::Checksum);
    g.unfold("off (no checksum database)");
    assert!(g.is_disabled("Preview"), "waits for the confirmation");
    g.unfold("I understand: turn checksum verification off");
    g.click("Preview");
    g.steps(6);
    let state = &g.harness.state().state;
    assert_eq!(state.panel, Panel::Apply);
    let plan = &state.prepared.ready().expect("previewed at once").plan;
    assert!(
        plan.describe().iter().any(|l| l == "GOSUMDB=off"),
        "{plan:?}"
    );
}

#[test]
fn a_missing_project_path_says_so_and_is_not_remembered() {
    let s = Sandbox::new();
    let mut g = gui(app_env(&s, None), english(true));
    g.steps(4);
    let missing = s.path().join("no-such-project").display().to_string();
    g.command(Command::Project(ProjectCommand::Open(missing.clone())));
    g.steps(6);
    g.show(Panel::Projects);
    assert!(g.has_text("does not exist"), "said as it is");
    assert!(!g.has_text("is not a folder"));
    assert!(
        !g.harness
            .state()
            .state
            .settings
            .recent_projects
            .contains(&missing),
        "a mistyped path is not a recent project"
    );
}

/// The chart plots only mirrors that work: a 503 answers fast, but it is not a fast mirror.
#[test]
fn a_failed_mirror_is_not_plotted_as_fast() {
    let s = Sandbox::new();
    let lab = lab(s.path());
    let mut g = gui(app_env(&s, Some(&lab)), english(true));
    g.answer_probe();
    let history = &g.harness.state().state.probe.history;
    let ids: Vec<&str> = history.iter().map(|(_, id, _)| id.as_str()).collect();
    assert!(ids.contains(&"lab-a"), "{ids:?}");
    assert!(
        !ids.contains(&"lab-e"),
        "the 503 mirror is not plotted: {ids:?}"
    );
}
