//! The Doctor panel and the alerts, driven through AccessKit with egui_kittest: the report
//! built for real (the real go command, lab mirrors), its fix previewed and applied, saved as
//! Markdown and opened through the desktop seam; the watch's banner and its one notification
//! per change on an injected degradation.

mod common;
#[path = "common/guikit.rs"]
mod guikit;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use gomirror::goenv::location::EnvMap;
use gomirror::gui::state::{Panel, Settings};
use gomirror::i18n::Lang;
use gomirror::mirrors::Mirror;
use gomirror::probe::checks::Measurement;
use gomirror::worker::Event;
use guikit::{Dropped, gui_sized};
use netlab::lab_catalog;

fn env_for(s: &Sandbox, goproxy: &str) -> EnvMap {
    let mut env = s.env();
    env.insert("GOMIRROR_GO".into(), go("1.27").display().to_string());
    env.insert(
        "GOMIRROR_CONFIG_DIR".into(),
        s.path().join("config").display().to_string(),
    );
    env.insert("GOPROXY".into(), goproxy.into());
    env.insert("GOSUMDB".into(), "off".into());
    env
}

fn settings(lang: Lang) -> Settings {
    Settings {
        lang: Some(lang),
        onboarding_done: true,
        ..Settings::default()
    }
}

#[test]
fn doctor_panel_reports_offers_the_fix_saves_and_opens() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let broken = netlab::LabMirror::start(
        &rt,
        netlab::Behaviour {
            all_status: Some(503),
            ..Default::default()
        },
        None,
    );
    let good = netlab::LabMirror::start(&rt, netlab::Behaviour::default(), None);
    // In the user's env file (not the OS environment), so the fix can take effect.
    let mut env = env_for(&s, "");
    env.remove("GOPROXY");
    let env_file = s.env_file();
    std::fs::create_dir_all(env_file.parent().expect("dir")).expect("dir");
    std::fs::write(
        &env_file,
        format!("GOPROXY={}|{},direct\n", broken.url, good.url),
    )
    .expect("env file");
    let mut g = gui_sized(env, settings(Lang::En), egui::vec2(1280.0, 1600.0));
    // The first look at the panel runs the doctor.
    g.show(Panel::Doctor);
    g.steps(4);
    let report = g
        .harness
        .state()
        .state
        .doctor
        .report
        .clone()
        .expect("the report arrived");
    assert_eq!(report.mirrors.len(), 2, "{:?}", report.mirrors);
    assert!(g.has_text("Findings"));
    assert!(
        g.has_text("The first mirror in GOPROXY"),
        "the broken first mirror is a finding"
    );
    assert!(g.has_text("go1.27"), "the go binary and its version");
    // Its fix: the mirror that works, first. Previewed, then applied through the usual path.
    g.click("Preview the fix");
    g.steps(4);
    assert_eq!(g.harness.state().state.panel, Panel::Apply);
    g.click("Apply");
    g.steps(6);
    let written = std::fs::read_to_string(&env_file).expect("env file");
    assert_eq!(written, format!("GOPROXY={},direct\n", good.url));

    // Copy, save and open.
    g.show(Panel::Doctor);
    g.click("Copy as Markdown");
    assert!(g.has_text("on the clipboard"));
    g.click("Save as Markdown");
    g.steps(4);
    let saved = s.home.join("gomirror-doctor.md");
    let md = std::fs::read_to_string(&saved).expect("saved report");
    assert!(md.starts_with("# gomirror doctor"), "{md}");
    g.click("Open the saved report");
    g.click("Open module cache");
    let opened = g.desktop.opened.lock().expect("opened").clone();
    assert_eq!(opened.first(), Some(&saved), "{opened:?}");
    assert!(
        opened
            .get(1)
            .is_some_and(|p| p.ends_with("pkg/mod") || p.to_string_lossy().contains("mod")),
        "{opened:?}"
    );
}

#[test]
fn doctor_panel_in_chinese() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let good = netlab::LabMirror::start(&rt, netlab::Behaviour::default(), None);
    let env = env_for(&s, &format!("{},direct", good.url));
    let mut g = gui_sized(env, settings(Lang::Zh), egui::vec2(1280.0, 1600.0));
    g.show(Panel::Doctor);
    g.steps(4);
    g.click("开始诊断");
    g.steps(4);
    assert!(g.has_text("结论"));
    assert!(g.has_text("可用"), "the working mirror, in Chinese");
    assert!(g.has_text("复制为 Markdown"));
}

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
            netlab::LabMirror::start(
                &rt,
                netlab::Behaviour {
                    hang: true,
                    ..Default::default()
                },
                None,
            ),
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
    g.command(gomirror::gui::state::Command::Step(
        gomirror::gui::state::Step::Recommend,
    ));
    assert!(
        g.has_text("certain, decided in"),
        "marked certain with its time"
    );
    assert!(g.has_text("1 mirrors still measuring"));
    assert!(g.has_text(&format!("GOPROXY={}", outcome.recommended.goproxy)));
    assert!(
        g.harness.state().state.probe.round.is_some(),
        "the round goes on"
    );
    let next = g
        .harness
        .get_all_by_role_and_label(Role::Button, "Next")
        .last()
        .expect("next");
    assert!(!egui_kittest::kittest::NodeT::accesskit_node(&next).is_disabled());
}

#[test]
fn a_dropped_team_profile_is_previewed_applied_undone_and_its_snippets_copied() {
    let s = Sandbox::new();
    let profile = s.path().join("payments.gomirror.toml");
    std::fs::write(
        &profile,
        "version = 1\n[team]\nname = \"Payments\"\n[settings]\nGOPRIVATE = \"git.corp.example\"\nGONOSUMDB = \"git.corp.example\"\n[network]\nhttps_proxy = \"http://127.0.0.1:3128\"\n",
    )
    .expect("profile");
    let mut env = env_for(&s, "https://goproxy.cn,direct");
    env.remove("GOPROXY");
    env.remove("GOSUMDB");
    let mut g = gui_sized(env, settings(Lang::En), egui::vec2(1280.0, 1400.0));
    g.show(Panel::Overview);
    g.harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(profile.clone())));
    g.steps(4);
    assert_eq!(g.harness.state().state.panel, Panel::Team);
    assert!(g.has_text("Team: Payments"));
    assert!(g.has_text("GOPRIVATE=git.corp.example"));
    // The company proxy is used by this window's probes and verifications from now on.
    assert_eq!(
        g.harness
            .state()
            .state
            .env
            .get("HTTPS_PROXY")
            .map(String::as_str),
        Some("http://127.0.0.1:3128")
    );
    assert!(g.has_text("now use the profile's HTTPS_PROXY"));
    // The snippets carry the profile's settings; copying one puts it on the clipboard.
    g.click("fish (~/.config/fish/config.fish)");
    g.click("Copy · fish (~/.config/fish/config.fish)");
    assert!(g.has_text("Copied: fish"));
    // Preview, apply, undo: the normal path.
    g.click("Preview the changes");
    g.steps(4);
    assert_eq!(g.harness.state().state.panel, Panel::Apply);
    g.click("Apply");
    g.steps(6);
    let written = std::fs::read_to_string(s.env_file()).expect("env file");
    assert!(written.contains("GOPRIVATE=git.corp.example"), "{written}");
    let history = std::fs::read_to_string(s.path().join("data/history.json")).unwrap_or_default();
    assert!(history.contains("team profile Payments"), "{history}");
    g.click("Undo last apply");
    g.steps(6);
    assert!(
        std::fs::read_to_string(s.env_file()).map_or(true, |t| !t.contains("GOPRIVATE")),
        "undone"
    );
    // A profile with a secret is refused with the reason, nothing previewed.
    let bad = s.path().join("bad.gomirror.toml");
    std::fs::write(
        &bad,
        "version = 1\n[settings]\nGOPROXY = \"https://u:pw-in-profile@goproxy.corp.example,direct\"\n",
    )
    .expect("bad");
    g.harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(bad)));
    g.steps(4);
    assert!(g.has_text("This profile is refused"));
    assert!(!g.has_text("pw-in-profile"));
}

/// The Team panel beyond preview: the company network explained for this OS (copied), the
/// profile written into an open project's `.envrc` with its proxy and CA (through the
/// Projects panel's preview, apply, undo), and an export of the current settings with a
/// pending change (passwords left out) that the importer reads back.
#[test]
fn a_team_profile_goes_into_a_project_and_the_settings_export_with_pending_changes() {
    let s = Sandbox::new();
    let ca = netlab::TestCa::new("team-gui");
    let profile = s.path().join("net.gomirror.toml");
    std::fs::write(
        &profile,
        format!(
            "version = 1\n[team]\nname = \"Net\"\n[settings]\nGOPRIVATE = \"git.corp.example\"\nGOTOOLCHAIN = \"go1.22.0+auto\"\n[network]\nhttps_proxy = \"http://proxy.corp.example:3128\"\nno_proxy = \"corp.example\"\nca_pem = '''\n{}'''\n",
            ca.ca_pem
        ),
    )
    .expect("profile");
    let dir = s.path().join("svc");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("go.mod"), "module corp.example/svc\n\ngo 1.22\n").expect("go.mod");
    let mut env = env_for(&s, "https://goproxy.cn,direct");
    env.remove("GOSUMDB");
    let mut g = gui_sized(env, settings(Lang::En), egui::vec2(1280.0, 1800.0));
    g.command(gomirror::gui::state::Command::OpenProject(
        dir.display().to_string(),
    ));
    g.steps(6);
    g.show(Panel::Team);
    g.command(gomirror::gui::state::Command::OpenProfile(
        profile.display().to_string(),
    ));
    g.steps(4);
    assert_eq!(g.harness.state().state.panel, Panel::Team);
    assert!(g.has_text("Company network"));
    assert!(g.has_text("export HTTPS_PROXY='http://proxy.corp.example:3128'"));
    let copied = g.click_and_copy("Copy these steps").expect("copied");
    assert!(
        copied.contains("~/.profile") && copied.contains("SSL_CERT_FILE"),
        "{copied}"
    );

    g.click("Use for the open project…");
    g.steps(4);
    assert_eq!(g.harness.state().state.panel, Panel::Projects);
    assert!(g.has_text("Also set for this project"));
    assert!(g.has_text("+export HTTPS_PROXY='http://proxy.corp.example:3128'"));
    g.click("Apply to project");
    g.steps(4);
    let envrc = std::fs::read_to_string(dir.join(".envrc")).expect(".envrc");
    for line in [
        "export GOPRIVATE='git.corp.example'",
        "export GOTOOLCHAIN='go1.22.0+auto'",
        "export NO_PROXY='corp.example'",
        "export SSL_CERT_FILE='",
    ] {
        assert!(envrc.contains(line), "{line} in {envrc}");
    }
    g.click("Undo");
    g.steps(4);
    assert!(!dir.join(".envrc").exists(), "undone");

    // Export: the settings set now with a pending (unapplied) change, no password.
    g.show(Panel::Team);
    g.harness
        .state_mut()
        .state
        .drafts
        .set_goproxy("https://u:secret-pw@goproxy.corp.example,direct");
    g.harness.state_mut().state.drafts.composer_touched = true;
    g.steps(2);
    assert!(g.has_text("Includes changes not applied yet"));
    assert!(!g.has_text("secret-pw"));
    let out = s.path().join("exported.gomirror.toml");
    g.harness.state_mut().state.team.export_path = out.display().to_string();
    g.click("Export");
    g.steps(4);
    assert!(g.has_text("Team profile written to"));
    let text = std::fs::read_to_string(&out).expect("exported");
    assert!(!text.contains("secret-pw"), "{text}");
    let back = gomirror::profile::file::parse(&text).expect("reads back");
    assert_eq!(
        back.settings["GOPROXY"],
        "https://goproxy.corp.example,direct"
    );
    assert!(
        std::fs::read_to_string(s.env_file()).map_or(true, |t| !t.contains("corp.example")),
        "the export applied nothing"
    );
}

#[test]
fn a_mirror_that_wants_a_login_gets_it_saved_to_netrc_never_shown() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let ca = netlab::TestCa::new("gui-auth");
    let ca_file = ca.write_ca(s.path());
    let mirror = netlab::LabMirror::start(
        &rt,
        netlab::Behaviour {
            basic_auth: Some(("alice".into(), "gui-s3cret".into())),
            ..Default::default()
        },
        Some(&ca),
    );
    let catalog = lab_catalog(s.path(), &[("corp", mirror.url.as_str())]);
    let netrc = s.home.join(".netrc");
    let mut env = env_for(&s, "https://goproxy.cn,direct");
    env.insert("GOMIRROR_CATALOG".into(), catalog.display().to_string());
    env.insert("SSL_CERT_FILE".into(), ca_file.display().to_string());
    env.insert("NETRC".into(), netrc.display().to_string());
    let mut g = gui_sized(env, settings(Lang::En), egui::vec2(1280.0, 1200.0));
    g.show(Panel::Mirrors);
    g.answer_probe();
    assert!(g.has_text("needs login"), "the verdict");
    let host = mirror.url.trim_start_matches("https://").to_string();
    assert!(g.has_text(&format!(
        "(saved in .netrc, where the go command reads it): {host}"
    )));
    g.type_into("Login", "alice");
    g.type_into("Password", "gui-s3cret");
    assert!(
        g.harness
            .query_all_by_label_contains("gui-s3cret")
            .next()
            .is_none(),
        "the password is never shown"
    );
    g.click("Save to .netrc and probe again");
    g.steps(4);
    let text = std::fs::read_to_string(&netrc).expect("netrc");
    assert!(
        text.contains(&format!("machine {host} login alice password gui-s3cret")),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&netrc)
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    assert!(g.has_text(&format!("netrc entry added for {host}")));
    let history = std::fs::read_to_string(s.path().join("data/history.json")).unwrap_or_default();
    assert!(!history.contains("gui-s3cret"), "{history}");
    assert!(
        g.harness.state().state.drafts.login_password.0.is_empty(),
        "cleared"
    );
    // Probed again with the login: usable now.
    g.answer_probe();
    let o = g
        .harness
        .state()
        .state
        .probe
        .outcome
        .clone()
        .expect("outcome");
    assert!(o.reports[0].verdict.usable(), "{:?}", o.reports[0].reason);
}
