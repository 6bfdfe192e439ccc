//! Passwords and the user's own mirrors: never shown, kept in one private store, moved into
//! `.netrc` in one click.

use super::*;

/// A password in the env file's GOPROXY or in a proxy variable is never shown on any panel.
#[test]
fn passwords_are_never_shown_on_any_panel() {
    const SECRET: &str = "s3cretPassw0rd";
    let s = Sandbox::new();
    let lab = lab(s.path());
    std::fs::create_dir_all(s.env_file().parent().expect("dir")).expect("mkdir");
    std::fs::write(
        s.env_file(),
        format!("GOPROXY=https://user:{SECRET}@goproxy.corp.example,direct\n"),
    )
    .expect("env");
    let mut env = app_env(&s, Some(&lab));
    env.insert(
        "HTTPS_PROXY".into(),
        format!("http://proxyuser:{SECRET}@127.0.0.1:9"),
    );
    let mut g = gui(env, english(true));
    g.show(Panel::Overview);
    assert!(
        g.has_text("goproxy.corp.example"),
        "the URL itself is shown"
    );
    // The doctor's report names both (behind the proxy nothing is looked up here).
    g.command(gomirror::state::Command::Doctor(
        gomirror::state::DoctorCommand::Run,
    ));
    assert!(g.harness.state().state.doctor.report.ready().is_some());
    for panel in [
        Panel::Overview,
        Panel::Mirrors,
        Panel::Composer,
        Panel::Private,
        Panel::Checksum,
        Panel::Doctor,
        Panel::Apply,
    ] {
        g.show(panel);
        assert!(
            g.harness
                .query_all_by_label_contains(SECRET)
                .next()
                .is_none(),
            "{panel:?} shows a password"
        );
        let shown: Vec<String> = g
            .harness
            .root()
            .query_all(
                egui_kittest::kittest::by()
                    .predicate(|n| n.value().is_some_and(|v| v.contains(SECRET))),
            )
            .map(|n| format!("{:?}", n.value()))
            .collect();
        assert!(
            shown.is_empty(),
            "{panel:?}: a field shows a password: {shown:?}"
        );
    }
}

/// One store for the user's mirrors: a mirror added in the window lands in `mirrors.toml`
/// (private to the user), where the CLI's probe finds it; one an older version kept in the
/// window's settings moves there too.
#[test]
fn custom_mirrors_live_in_one_store_shared_with_the_cli() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    let lab = lab(s.path());
    let env = app_env(&s, Some(&lab));
    let mut settings = english(true);
    settings.custom_mirrors = vec!["https://old.corp.example/go".into()];
    let mut g = gui(env.clone(), settings);
    g.show(Panel::Mirrors);
    // ("Mirror" labels both the table column and the field: fill the field's draft.)
    g.harness.state_mut().view.drafts.new_mirror =
        "https://ci:tok3n@nexus.corp.example/repository/go/".into();
    g.steps(1);
    g.click("Add");
    g.steps(3);
    let file = s.path().join("config/mirrors.toml");
    let mode = std::fs::metadata(&file)
        .expect("mirrors.toml")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    let cli_sees: Vec<String> = gomirror::mirrors::load_for(&env)
        .expect("load")
        .into_iter()
        .filter(|m| m.custom)
        .map(|m| m.url)
        .collect();
    assert!(
        cli_sees.contains(&"https://old.corp.example/go".to_string()),
        "{cli_sees:?}"
    );
    // The login went to .netrc (0600), where the go command and the probes read it; the list
    // keeps the URL without it.
    assert!(
        cli_sees.contains(&"https://nexus.corp.example/repository/go/".to_string()),
        "{cli_sees:?}"
    );
    let list = std::fs::read_to_string(&file).expect("mirrors.toml");
    assert!(!list.contains("tok3n"), "{list}");
    let netrc = s.home.join(".netrc");
    assert_eq!(
        std::fs::read_to_string(&netrc).expect(".netrc"),
        "machine nexus.corp.example login ci password tok3n\n"
    );
    assert_eq!(
        std::fs::metadata(&netrc)
            .expect("netrc")
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    assert!(g.harness.state().state.settings.custom_mirrors.is_empty());
    assert!(
        g.harness
            .query_all_by_label_contains("tok3n")
            .next()
            .is_none()
    );
}

/// The overview's one-click move of a GOPROXY password into `.netrc`.
#[test]
fn a_password_in_the_env_file_moves_to_netrc_in_one_click() {
    let s = Sandbox::new();
    let lab = lab(s.path());
    std::fs::create_dir_all(s.env_file().parent().expect("dir")).expect("mkdir");
    std::fs::write(
        s.env_file(),
        "GOPROXY=https://ci:pw123456@goproxy.corp.example,direct\n",
    )
    .expect("env");
    let mut g = gui(app_env(&s, Some(&lab)), english(true));
    g.show(Panel::Overview);
    g.click("Move the password to .netrc");
    g.steps(4);
    assert_eq!(
        std::fs::read_to_string(s.env_file()).expect("env"),
        "GOPROXY=https://goproxy.corp.example,direct\n"
    );
    assert_eq!(
        std::fs::read_to_string(s.path().join("home/.netrc")).expect("netrc"),
        "machine goproxy.corp.example login ci password pw123456\n"
    );
    assert!(
        g.harness
            .query_all_by_label_contains("pw123456")
            .next()
            .is_none()
    );
}

/// Every text the window shows (labels, values of what is not a text field), for the secret
/// checks: a field shows what the user typed into it, nothing else may.
fn shown_outside_fields(g: &guikit::Gui, secret: &str) -> Vec<String> {
    g.harness
        .root()
        .query_all(egui_kittest::kittest::by().predicate(|n| {
            // (A field's text runs are the field's own text.)
            let field = matches!(
                n.role(),
                Role::TextInput | Role::MultilineTextInput | Role::TextRun
            );
            n.label().is_some_and(|l| l.contains(secret))
                || (!field && n.value().is_some_and(|v| v.contains(secret)))
                || n.description().is_some_and(|d| d.contains(secret))
        }))
        .map(|n| {
            let a = n.accesskit_node();
            format!("{:?} {:?} {:?}", a.role(), a.label(), a.value())
        })
        .collect()
}

/// A password pasted into every field (patterns with and without a scheme, the composer, the
/// checksum database, the route tester, the company host, the project's settings, the go
/// output for the explainer) appears in no chip, suggestion, lint, route, diff or finding on
/// any panel: only in the field it was typed into. The password holds both quotes.
#[test]
fn a_password_pasted_into_any_field_is_shown_nowhere_else() {
    const SECRET: &str = "p'a\"ss0rd";
    let s = Sandbox::new();
    let lab = lab(s.path());
    let mut g = gui(app_env(&s, Some(&lab)), english(true));
    g.steps(4);
    {
        let d = &mut g.harness.state_mut().view.drafts;
        let url = |host: &str| format!("https://alice:{SECRET}@{host}");
        d.patterns = [
            format!("alice:{SECRET}@git.corp.com/team"),
            url("git.corp.com/a"),
            format!("GIT.corp.com,bob:{SECRET}@x.corp.com"),
            format!("alice:{SECRET}@insecure.corp.com"),
        ];
        d.composer.push(gomirror::state::drafts::ComposerEntry {
            url: url("goproxy.corp.example"),
            fallback: gomirror::goenv::goproxy::Fallback::NotFound,
        });
        d.composer_touched = true;
        d.new_entry = url("new.corp.example");
        d.sumdb_custom = url("sum.corp.example");
        d.tester = format!("alice:{SECRET}@git.corp.com/team/x");
        d.new_mirror = url("mirror.corp.example");
        d.company_host = format!("alice:{SECRET}@git.corp.com");
        let v = &mut g.harness.state_mut().view;
        v.verify.pasted = format!(
            "go: downloading git.corp.com/team/x v1.0.0\ngo: git.corp.com/team/x@v1.0.0: reading https://alice:{SECRET}@goproxy.corp.example/git.corp.com/team/x/@v/v1.0.0.mod: 404 Not Found"
        );
        v.project.draft.private = format!("alice:{SECRET}@git.corp.com");
        v.project.draft.goproxy = url("goproxy.corp.example");
    }
    g.command(gomirror::state::Command::Verify(
        gomirror::state::VerifyCommand::Explain,
    ));
    g.command(gomirror::state::Command::Apply(
        gomirror::state::ApplyCommand::Preview,
    ));
    g.steps(8);
    let mut seen_fields = 0;
    for panel in ALL_PANELS {
        g.show(panel);
        g.steps(2);
        let leaked = shown_outside_fields(&g, SECRET);
        assert!(
            leaked.is_empty(),
            "{panel:?} shows the password: {leaked:#?}"
        );
        seen_fields += g
            .harness
            .root()
            .query_all(
                egui_kittest::kittest::by()
                    .predicate(|n| n.value().is_some_and(|v| v.contains(SECRET))),
            )
            .count();
    }
    // The fields themselves hold it (the check looked where the password is).
    assert!(seen_fields >= 8, "{seen_fields} fields hold the password");
    // The private modules panel drew its chips and lints for those lists.
    g.show(Panel::Private);
    assert!(
        g.has_text("alice:xxxxx@git.corp.com/team"),
        "the chip, redacted"
    );
}
