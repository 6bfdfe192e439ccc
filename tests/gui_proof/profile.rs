//! Team profiles in the window, and a mirror's sign-in saved to `.netrc`.

use super::*;

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
    assert_eq!(g.harness.state().state.panel, Panel::Profile);
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
    g.command(gomirror::state::Command::Project(
        gomirror::state::ProjectCommand::Open(dir.display().to_string()),
    ));
    g.steps(6);
    g.show(Panel::Profile);
    g.command(gomirror::state::Command::Profile(
        gomirror::state::ProfileCommand::Open(profile.display().to_string()),
    ));
    g.steps(4);
    assert_eq!(g.harness.state().state.panel, Panel::Profile);
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
    g.show(Panel::Profile);
    g.harness
        .state_mut()
        .view
        .drafts
        .set_goproxy("https://u:secret-pw@goproxy.corp.example,direct");
    g.harness.state_mut().view.drafts.composer_touched = true;
    g.steps(2);
    assert!(g.has_text("Includes changes not applied yet"));
    assert!(!g.has_text("secret-pw"));
    let out = s.path().join("exported.gomirror.toml");
    g.harness.state_mut().view.profile.export_path = out.display().to_string();
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
        g.harness.state().view.drafts.login_password.0.is_empty(),
        "cleared"
    );
    // Probed again with the login: usable now.
    g.answer_probe();
    let o = g
        .harness
        .state()
        .state
        .probe
        .round
        .ready()
        .cloned()
        .expect("outcome");
    assert!(o.reports[0].verdict.usable(), "{:?}", o.reports[0].reason);
}
