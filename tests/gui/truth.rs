//! The window tells the same truth as the go command: on a lab whose mirrors fail in each way
//! (closed port, 503, a captive portal, a certificate nobody trusts) the onboarding's step 2
//! says that nothing is recommended, why for each mirror, and what to try, in both languages,
//! and offers no Next; a mirror with a self-signed CA:TRUE certificate trusted through
//! SSL_CERT_FILE (accepted by the go command) is recommended, not called broken.

use super::*;

fn catalog(dir: &std::path::Path, mirrors: &[(&str, &str)]) -> std::path::PathBuf {
    let mut toml = String::new();
    for (id, url) in mirrors {
        toml.push_str(&format!(
            "[[mirror]]\nid = \"{id}\"\nname_en = \"Mirror {id}\"\nname_zh = \"镜像 {id}\"\nurl = \"{url}\"\nverified = \"lab\"\nsources = [\"lab\"]\n\n"
        ));
    }
    let path = dir.join("truth.toml");
    std::fs::write(&path, toml).expect("catalog");
    path
}

#[test]
fn onboarding_with_no_usable_mirror_says_so_in_both_languages_and_recommends_nothing() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let e503 = netlab::LabMirror::start(
        &rt,
        netlab::Behaviour {
            all_status: Some(503),
            ..Default::default()
        },
        None,
    );
    let portal = netlab::LabMirror::start(
        &rt,
        netlab::Behaviour {
            body_for_all: Some(("text/html; charset=utf-8", netlab::PORTAL_PAGE.to_vec())),
            ..Default::default()
        },
        None,
    );
    // A certificate from a CA nobody here trusts.
    let untrusted = netlab::LabMirror::start(
        &rt,
        netlab::Behaviour::default(),
        Some(&netlab::TestCa::new("nobody-trusts")),
    );
    let closed = netlab::closed_port_url();
    let cat = catalog(
        s.path(),
        &[
            ("closed", &closed),
            ("e503", &e503.url),
            ("portal", &portal.url),
            ("tls", &untrusted.url),
        ],
    );
    let mut env = app_env(&s, None);
    env.insert("GOMIRROR_CATALOG".into(), cat.display().to_string());
    let mut g = gui_sized(env, english(false), egui::vec2(1280.0, 2400.0));
    g.answer_probe();
    g.click("Next");
    let state = &g.harness.state().state;
    let outcome = state.probe.round.ready().expect("the round ended");
    assert!(outcome.recommended.is_none(), "{:?}", outcome.recommended);
    // Every sentence shown is the cause.
    for sentence in [
        "No mirror worked in this round (4 tried)",
        "Mirror closed — unreachable",
        "Mirror e503 — broken: it answers HTTP 503",
        "Mirror portal — login page / block page",
        "captive portal",
        "Mirror tls — broken: the go command will refuse its TLS certificate: x509: certificate signed by unknown authority",
        "What to try",
        "gomirror doctor",
        "HTTPS_PROXY",
    ] {
        assert!(g.has_text(sentence), "not shown: {sentence:?}");
    }
    for never in [
        "GOPROXY=direct",
        "GOSUMDB=sum.golang.google.cn",
        "Other(",
        "Error(",
    ] {
        assert!(!g.has_text(never), "shown: {never:?}");
    }
    // Nothing to go on with: Next stays where it is.
    g.click("Next");
    assert!(g.has_text("What to try"), "still on step 2");
    // The same in Chinese.
    g.command(gomirror::state::Command::App(
        gomirror::state::AppCommand::SetLang(Lang::Zh),
    ));
    g.steps(2);
    for sentence in [
        "本轮没有可用的镜像（共测试 4 个）",
        "镜像 e503 — 故障：它返回 HTTP 503",
        "认证门户",
        "go 命令会拒绝它的 TLS 证书",
        "可以尝试",
    ] {
        assert!(g.has_text(sentence), "not shown: {sentence:?}");
    }
}

#[test]
fn a_trusted_self_signed_ca_certificate_is_accepted_as_the_go_command_accepts_it() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let ca = netlab::TestCa::self_signed_ca("office");
    let mirror = netlab::LabMirror::start(&rt, netlab::Behaviour::default(), Some(&ca));
    let roots = ca.write_ca(s.path());
    let cat = catalog(s.path(), &[("office", &mirror.url)]);
    let mut env = app_env(&s, None);
    env.insert("GOMIRROR_CATALOG".into(), cat.display().to_string());
    env.insert("SSL_CERT_FILE".into(), roots.display().to_string());
    env.insert(
        "SSL_CERT_DIR".into(),
        s.path().join("no-cert-dir").display().to_string(),
    );
    let mut g = gui_sized(env, english(true), egui::vec2(1280.0, 2000.0));
    g.show(Panel::Mirrors);
    g.answer_probe();
    let state = &g.harness.state().state;
    let outcome = state.probe.round.ready().expect("outcome");
    let report = &outcome.reports[0];
    assert!(
        report.verdict.usable(),
        "{:?}: {}",
        report.verdict,
        report.reason.en
    );
    assert!(
        outcome
            .recommended
            .as_ref()
            .is_some_and(|r| r.goproxy.starts_with(&mirror.url)),
        "{:?}",
        outcome.recommended
    );
    assert!(!g.has_text("will refuse"), "no TLS refusal is shown");
}
