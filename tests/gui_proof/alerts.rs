//! The watch's banner and notifications, and onboarding's early recommendation.

use super::*;

fn sample(url: &str, ok: bool) -> Measurement {
    let mut m = Measurement::unmeasured(&Mirror::custom(url));
    if ok {
        m.success_rate = 1.0;
        m.ttfb = gomirror::probe::stats::StageStats::of([25.0].into_iter());
    } else {
        m.unreachable = true;
        m.timed_out = true;
        m.sample_errors.push(gomirror::i18n::Text::new(
            "timed out in the TLS stage",
            "在 TLS 阶段超时",
        ));
    }
    m
}

#[test]
fn the_watch_banner_and_one_notification_per_change() {
    let s = Sandbox::new();
    let (a, b) = ("https://a.lab.example", "https://b.lab.example");
    let env = env_for(&s, &format!("{a},{b},direct"));
    let mut g = gui_sized(env, settings(Lang::En), egui::vec2(1280.0, 1000.0));
    g.show(Panel::Mirrors);
    g.harness
        .get_by_role_and_label(
            Role::CheckBox,
            "Alert me when the configured mirrors degrade",
        )
        .click();
    g.steps(3);
    let (id, watched) = g
        .watches
        .lock()
        .expect("watches")
        .last()
        .cloned()
        .expect("a watch of the configured chain");
    let urls: Vec<&str> = watched.iter().map(|m| m.url.as_str()).collect();
    assert_eq!(urls, [a, b], "the configured chain, in order");
    assert!(g.harness.state().state.settings.alerts, "opted in, kept");
    let send = |g: &mut guikit::Gui, first_ok: bool| {
        g.tx.send(Event::WatchSample {
            id,
            measurements: vec![sample(a, first_ok), sample(b, true)],
            next_in: std::time::Duration::from_secs(60),
        })
        .expect("send");
        g.steps(3);
    };
    send(&mut g, true);
    assert!(
        g.desktop.notified.lock().expect("n").is_empty(),
        "healthy: quiet"
    );
    // The injected degradation: one notification, the banner with the switch.
    send(&mut g, false);
    send(&mut g, false);
    let notified = g.desktop.notified.lock().expect("n").clone();
    assert_eq!(notified.len(), 1, "{notified:?}");
    assert!(notified[0].0.contains(a), "{notified:?}");
    assert!(g.has_text("Suggested: GOPROXY=https://b.lab.example,direct"));
    g.click("Preview the switch");
    g.steps(4);
    assert_eq!(g.harness.state().state.panel, Panel::Apply);
    // Recovery: the second notification, the banner says so.
    send(&mut g, true);
    assert_eq!(g.desktop.notified.lock().expect("n").len(), 2);
    assert!(g.has_text("works again"));
    g.click("Dismiss");
    assert!(g.harness.state().state.alerts.banner.is_none());
    // Turning alerts off stops the watch.
    g.show(Panel::Mirrors);
    g.harness
        .get_by_role_and_label(
            Role::CheckBox,
            "Alert me when the configured mirrors degrade",
        )
        .click();
    g.steps(3);
    assert!(!g.harness.state().state.settings.alerts);
    assert!(g.harness.state().state.probe.watch.is_none());
}

#[test]
fn onboarding_shows_the_recommendation_while_a_mirror_is_still_measuring() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let good = |ms: u64| netlab::Behaviour {
        header_delay: std::time::Duration::from_millis(ms),
        zip_padding: 1024 * 1024,
        ..Default::default()
    };
    let servers = [
        ("a", netlab::LabMirror::start(&rt, good(0), None)),
        ("b", netlab::LabMirror::start(&rt, good(5), None)),
        ("c", netlab::LabMirror::start(&rt, good(10), None)),
        (
            "hang",
            netlab::LabMirror::start(&rt, netlab::Behaviour::hanging(), None),
        ),
    ];
    let entries: Vec<(&str, &str)> = servers
        .iter()
        .map(|(id, m)| (*id, m.url.as_str()))
        .collect();
    let catalog = lab_catalog(s.path(), &entries);
    let mut env = env_for(&s, "https://proxy.golang.org,direct");
    env.insert("GOMIRROR_CATALOG".into(), catalog.display().to_string());
    let mut g = gui_sized(
        env,
        Settings {
            lang: Some(Lang::En),
            ..Settings::default()
        },
        egui::vec2(1280.0, 1000.0),
    );
    g.steps(4);
    // The app's round, run for real until the decision; what comes after never arrives.
    let (id, mut config) = g
        .probes
        .lock()
        .expect("probes")
        .pop()
        .expect("a probe was requested");
    config.spec.probe_timeout = std::time::Duration::from_secs(5);
    let mut events = Vec::new();
    let outcome = gomirror::probe::engine::run_blocking_until(config, true, |e| events.push(e))
        .expect("runtime")
        .expect("decided");
    assert!(
        !outcome.complete && outcome.pending == [3],
        "{:?}",
        outcome.pending
    );
    for event in events {
        g.tx.send(Event::Probe { id, event }).expect("send");
    }
    g.steps(3);
    g.command(gomirror::state::Command::App(
        gomirror::state::AppCommand::Step(gomirror::state::Step::Recommend),
    ));
    assert!(
        g.has_text("certain, decided in"),
        "marked certain with its time"
    );
    assert!(g.has_text("1 mirrors still measuring"));
    assert!(g.has_text(
        &format!("GOPROXY={}", outcome.recommended.as_ref().expect("a recommendation").goproxy)
    ));
    assert!(
        g.harness.state().state.probe.round.is_pending(),
        "the round goes on"
    );
    let next = g
        .harness
        .get_all_by_role_and_label(Role::Button, "Next")
        .last()
        .expect("next");
    assert!(!egui_kittest::kittest::NodeT::accesskit_node(&next).is_disabled());
}
