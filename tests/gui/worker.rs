//! The window over the app's own worker thread (not the inline test backend): the table fills
//! live while a hanging mirror is still measured and the window never waits for it; Verify
//! shows the go command's progress as it runs and Stop ends it with everything it started;
//! Probe again, Use recommended, the watch, Add and Remove of an own mirror, the Checksum
//! panel's Apply and every navigation entry, each clicked and its effect checked.

use super::*;
use guikit::gui_with_worker;
use std::time::Duration;

/// A frame longer than this means the window waited for work (a loose hang detector: frames
/// here take a few milliseconds; the inline backend's verify blocks one for seconds).
const FRAME_BOUND: Duration = Duration::from_secs(1);

/// A fast mirror and one that accepts and never answers.
fn live_lab(
    dir: &std::path::Path,
) -> (
    tokio::runtime::Runtime,
    Vec<netlab::LabMirror>,
    std::path::PathBuf,
) {
    let rt = netlab::lab_runtime();
    let fast = netlab::LabMirror::start(&rt, netlab::Behaviour::default(), None);
    let hang = netlab::LabMirror::start(&rt, netlab::Behaviour::hanging(), None);
    let catalog = netlab::lab_catalog(dir, &[("lab-fast", &fast.url), ("lab-hang", &hang.url)]);
    (rt, vec![fast, hang], catalog)
}

fn index_of(g: &guikit::Gui, id: &str) -> usize {
    g.harness
        .state()
        .state
        .probe
        .mirrors
        .iter()
        .position(|m| m.id == id)
        .unwrap_or_else(|| panic!("no mirror {id}"))
}

#[test]
fn the_real_worker_fills_the_table_live_and_the_window_never_waits() {
    let s = Sandbox::new();
    let (_rt, _mirrors, catalog) = live_lab(s.path());
    let mut env = app_env(&s, None);
    env.insert("GOMIRROR_CATALOG".into(), catalog.display().to_string());
    let mut g = gui_with_worker(env, english(true), egui::vec2(1200.0, 900.0));
    g.show(Panel::Mirrors);
    // The app asked for a round at start; the worker measures the fast mirror and decides
    // while the hanging one is still being waited for.
    g.step_until(
        "the fast mirror measured while the round runs",
        Duration::from_secs(20),
        |st| {
            let i = st.probe.mirrors.iter().position(|m| m.id == "lab-fast");
            st.probe.round.is_pending()
                && i.is_some_and(|i| st.probe.measurements.get(i).is_some_and(Option::is_some))
        },
    );
    let hang = index_of(&g, "lab-hang");
    assert!(
        g.harness.state().state.probe.measurements[hang].is_none(),
        "the hanging mirror has no result yet"
    );
    assert!(g.has_text("lab-fast"), "the row is drawn");
    g.step_until(
        "the recommendation decided",
        Duration::from_secs(20),
        |st| st.probe.decided.is_some(),
    );
    // "Use recommended": the composer gets the decided GOPROXY.
    g.click("Use recommended");
    let st = &g.harness.state().state;
    assert_eq!(st.panel, Panel::Composer);
    let decided = st
        .probe
        .decided
        .as_ref()
        .expect("decided")
        .0
        .goproxy
        .clone();
    assert_eq!(g.harness.state().view.drafts.composed_goproxy(), decided);
    assert!(decided.starts_with(&_mirrors[0].url), "{decided}");
    // The round ends when the hanging mirror's time is up; then "Probe again" starts another.
    g.show(Panel::Mirrors);
    g.step_until("the round ends", Duration::from_secs(40), |st| {
        !st.probe.round.is_pending()
    });
    let rounds = g.harness.state().state.probe.rounds;
    g.click("Probe again");
    g.step_until("a second round measured", Duration::from_secs(20), |st| {
        st.probe.rounds > rounds || st.probe.round.is_pending()
    });
    assert!(
        g.longest_frame < FRAME_BOUND,
        "the window waited {:?} in one frame",
        g.longest_frame
    );
}

#[test]
fn verify_on_the_real_worker_shows_live_progress_and_stop_ends_the_go_command() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    // Each zip takes about 20 s at this rate: the run is stopped long before.
    let slow = netlab::LabMirror::start(
        &rt,
        netlab::Behaviour {
            bandwidth_bps: Some(20_000),
            zip_padding: 400 * 1024,
            ..Default::default()
        },
        None,
    );
    let (_lab_rt, _mirrors, catalog) = live_lab(s.path());
    let file = s.env_file();
    std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
    std::fs::write(&file, format!("GOPROXY={}\nGOSUMDB=off\n", slow.url)).expect("env");
    let mut env = app_env(&s, None);
    env.insert("GOMIRROR_CATALOG".into(), catalog.display().to_string());
    let mut g = gui_with_worker(env, english(true), egui::vec2(1200.0, 900.0));
    g.step_until("settings loaded", Duration::from_secs(10), |st| {
        st.snapshot().is_some()
    });
    g.show(Panel::Verify);
    g.type_into("Modules", "example.com/m@v1.0.0");
    g.click("Verify");
    g.step_until(
        "live progress while the go command runs",
        Duration::from_secs(20),
        |st| {
            st.verify
                .configs
                .iter()
                .any(|c| c.outcome.is_none() && c.progress.requests > 0)
        },
    );
    assert!(g.has_text("running"), "the panel says it runs");
    assert!(!common::leftovers(&s).is_empty(), "the go command runs");
    g.click("Stop");
    g.step_until("stopped", Duration::from_secs(10), |st| {
        st.verify
            .configs
            .iter()
            .all(|c| c.outcome.as_ref().is_some_and(|o| o.cancelled))
    });
    // Everything the go command started is gone too (bounded wait for the kernel to reap).
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !common::leftovers(&s).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        common::leftovers(&s),
        Vec::<String>::new(),
        "processes left after Stop"
    );
    g.steps(3);
    assert!(g.has_text("stopped"), "the panel says it stopped");
    assert!(
        g.longest_frame < FRAME_BOUND,
        "the window waited {:?} in one frame",
        g.longest_frame
    );
}

#[test]
fn watch_own_mirrors_checksum_apply_and_every_navigation_entry_do_what_they_say() {
    let s = Sandbox::new();
    let (_rt, mirrors, catalog) = live_lab(s.path());
    let file = s.env_file();
    std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
    std::fs::write(&file, format!("GOPROXY={},direct\n", mirrors[0].url)).expect("env");
    let mut env = app_env(&s, None);
    env.insert("GOMIRROR_CATALOG".into(), catalog.display().to_string());
    let mut g = gui_with_worker(env, english(true), egui::vec2(1200.0, 1400.0));
    g.step_until("settings loaded", Duration::from_secs(10), |st| {
        st.snapshot().is_some()
    });

    // Every navigation entry shows its panel.
    for (panel, label) in [
        (Panel::Overview, "Overview"),
        (Panel::Mirrors, "Mirrors"),
        (Panel::Composer, "GOPROXY composer"),
        (Panel::Private, "Private modules"),
        (Panel::Checksum, "Checksum"),
        (Panel::Projects, "Projects"),
        (Panel::Verify, "Verify"),
        (Panel::Doctor, "Doctor"),
        (Panel::Profile, "Team"),
        (Panel::Apply, "Apply"),
        (Panel::Onboarding, "Get started"),
    ] {
        g.harness
            .get_all_by_label(label)
            .next()
            .unwrap_or_else(|| panic!("no navigation entry {label:?}"))
            .click();
        g.steps(3);
        assert_eq!(g.harness.state().state.panel, panel, "{label}");
    }

    // The watch: the worker samples the configured first mirror.
    g.show(Panel::Mirrors);
    g.harness
        .get_by_label("Alert me when the configured mirrors degrade")
        .click();
    g.step_until("a watch sample", Duration::from_secs(15), |st| {
        st.probe.watch.is_some() && !st.probe.watch_samples.is_empty()
    });
    g.harness
        .get_by_label("Alert me when the configured mirrors degrade")
        .click();
    g.steps(3);
    assert!(
        g.harness.state().state.probe.watch.is_none(),
        "the watch stops"
    );

    // An own mirror: Add saves it to mirrors.toml, Remove takes it out again.
    let toml = s.path().join("config").join("mirrors.toml");
    g.type_into_field("Mirror", "https://own.example.com/go");
    g.click("Add");
    g.step_until("saved", Duration::from_secs(10), |_| {
        std::fs::read_to_string(&toml).is_ok_and(|t| t.contains("https://own.example.com/go"))
    });
    assert!(g.has_text("https://own.example.com/go"));
    g.click("Remove");
    g.step_until("removed", Duration::from_secs(10), |_| {
        std::fs::read_to_string(&toml).is_ok_and(|t| !t.contains("own.example.com"))
    });
    assert!(!g.has_text("https://own.example.com/go"));

    // The pending-changes bar's Preview leads to the Apply panel with the choice pending.
    g.show(Panel::Checksum);
    g.harness
        .get_by_label("sum.golang.google.cn (same database, reachable in mainland China)")
        .click();
    g.steps(3);
    g.click("Preview");
    g.step_until("the preview", Duration::from_secs(10), |st| {
        st.panel == Panel::Apply
    });
    let st = &g.harness.state().state;
    let drafts = &g.harness.state().view.drafts;
    assert_eq!(drafts.chosen_gosumdb(), "sum.golang.google.cn");
    let snapshot = st.snapshot().expect("snapshot").clone();
    let plan = drafts.plan(&snapshot);
    assert!(
        format!("{plan:?}").contains("sum.golang.google.cn"),
        "the pending changes hold the choice: {plan:?}"
    );
    assert!(
        g.longest_frame < FRAME_BOUND,
        "the window waited {:?} in one frame",
        g.longest_frame
    );
}
