//! The real app driven through AccessKit with egui_kittest: onboarding to applied settings, an
//! apply/undo flow with the real go command, overrides, the route tester, probe events filling
//! the table, the language switch, and invalid input disabling Apply.

mod common;
#[path = "common/githttp.rs"]
mod githttp;
#[path = "common/netlab/mod.rs"]
mod netlab;

#[path = "common/guikit.rs"]
mod guikit;

use common::{Sandbox, go, run_go};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use gomirror::goenv::location::EnvMap;
use gomirror::gui::state::{Panel, Settings};
use gomirror::i18n::Lang;
use guikit::{Dropped, gui, gui_sized};
use std::sync::Arc;

struct Lab {
    _rt: tokio::runtime::Runtime,
    _mirrors: Vec<netlab::LabMirror>,
    /// The one healthy mirror that proxies the checksum database: it must win.
    fast_url: String,
    broken_url: String,
    catalog: std::path::PathBuf,
}

fn lab(dir: &std::path::Path) -> Lab {
    let rt = netlab::lab_runtime();
    let fast = netlab::LabMirror::start(&rt, netlab::Behaviour::default(), None);
    // 300 ms later to answer: a delay is a lower bound, so Lab A always ranks first.
    let nosumdb = netlab::LabMirror::start(
        &rt,
        netlab::Behaviour {
            sumdb_supported: 404,
            header_delay: std::time::Duration::from_millis(300),
            ..Default::default()
        },
        None,
    );
    let broken = netlab::LabMirror::start(
        &rt,
        netlab::Behaviour {
            all_status: Some(503),
            ..Default::default()
        },
        None,
    );
    let mut toml = String::new();
    for (id, en, zh, m) in [
        ("lab-a", "Lab A", "实验 A", &fast),
        ("lab-c", "Lab C", "实验 C", &nosumdb),
        ("lab-e", "Lab E", "实验 E", &broken),
    ] {
        toml.push_str(&format!(
            "[[mirror]]\nid = \"{id}\"\nname_en = \"{en}\"\nname_zh = \"{zh}\"\nurl = \"{}\"\nverified = \"lab\"\nsources = [\"lab\"]\n\n",
            m.url
        ));
    }
    let catalog = dir.join("lab.toml");
    std::fs::write(&catalog, toml).expect("catalog");
    Lab {
        _rt: rt,
        fast_url: fast.url.clone(),
        broken_url: broken.url.clone(),
        _mirrors: vec![fast, nosumdb, broken],
        catalog,
    }
}

fn app_env(s: &Sandbox, lab: Option<&Lab>) -> EnvMap {
    let mut env = s.env();
    env.insert("GOMIRROR_GO".into(), go("1.27").display().to_string());
    env.insert(
        "GOMIRROR_CONFIG_DIR".into(),
        s.path().join("config").display().to_string(),
    );
    if let Some(lab) = lab {
        env.insert("GOMIRROR_CATALOG".into(), lab.catalog.display().to_string());
    }
    env
}

fn english(done: bool) -> Settings {
    Settings {
        lang: Some(Lang::En),
        onboarding_done: done,
        ..Settings::default()
    }
}

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
        .outcome
        .clone()
        .expect("outcome");
    assert!(
        g.has_text(&format!("GOPROXY={}", outcome.recommended.goproxy)),
        "{}",
        outcome.recommended.goproxy
    );
    // Which mirror wins, not merely that one does: the healthy one that proxies the database.
    let goproxy = &outcome.recommended.goproxy;
    assert!(goproxy.starts_with(&lab.fast_url), "{goproxy}");
    assert!(!goproxy.contains(&lab.broken_url), "{goproxy}");
    assert_eq!(outcome.recommended.gosumdb, "sum.golang.org");
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
    // Step 3 shows the preview of the recommendation; one click applies it.
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
        .outcome
        .clone()
        .expect("outcome")
        .recommended;
    assert_eq!(
        effective.stdout,
        format!("{}\ngit.corp.example\n", rec.goproxy)
    );
    g.click("Done");
    assert_eq!(g.harness.state().state.panel, Panel::Overview);
    assert!(g.harness.state().state.settings.onboarding_done);
}

#[test]
fn apply_flow_edits_diffs_applies_and_undoes_byte_for_byte() {
    let s = Sandbox::new();
    let file = s.env_file();
    std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
    let original = b"# team defaults\r\nGOPROXY=https://old.example,direct\nZZZ=1\n";
    std::fs::write(&file, original).expect("write");
    let mut g = gui(app_env(&s, None), english(true));
    g.show(Panel::Composer);
    assert!(g.has_text("1. https://old.example"));
    g.type_into("Add proxy", "goproxy.cn");
    g.click("Add");
    g.click("Move up");
    assert!(
        g.has_text("https://goproxy.cn|https://old.example,direct"),
        "composed value shown"
    );
    g.show(Panel::Apply);
    g.click("Preview");
    assert!(
        g.has_text("+GOPROXY=https://goproxy.cn|https://old.example,direct"),
        "diff shown"
    );
    g.click("Apply");
    g.steps(4);
    assert!(g.has_text("GOPROXY: applied"));
    let real = run_go(&go("1.27"), &["env", "GOPROXY"], &s.env(), s.path());
    assert_eq!(
        real.stdout.trim(),
        "https://goproxy.cn|https://old.example,direct"
    );
    g.click("Undo last apply");
    g.steps(4);
    assert_eq!(
        std::fs::read(&file).expect("read"),
        original,
        "undo restores the bytes"
    );
}

#[test]
fn an_os_variable_override_is_shown() {
    let s = Sandbox::new();
    let file = s.env_file();
    std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
    std::fs::write(&file, "GOPROXY=https://goproxy.cn,direct\n").expect("write");
    let mut env = app_env(&s, None);
    env.insert("GOPROXY".into(), "https://corp-proxy.example".into());
    let mut g = gui(env, english(true));
    g.show(Panel::Overview);
    assert!(g.has_text("overrides \"https://goproxy.cn,direct\" in the go env file"));
    assert!(
        g.harness
            .query_all_by_label_contains("How to fix (GOPROXY)")
            .next()
            .is_some()
    );
}

#[test]
fn a_module_typed_into_the_tester_shows_its_route() {
    let s = Sandbox::new();
    let mut g = gui(app_env(&s, None), english(true));
    g.harness
        .state_mut()
        .state
        .drafts
        .set_goproxy("https://goproxy.cn|https://mirrors.aliyun.com/goproxy/,direct");
    g.harness.state_mut().state.drafts.composer_touched = true;
    g.show(Panel::Private);
    g.type_into("GOPRIVATE", "git.corp.example");
    g.type_into("Test a module path", "git.corp.example/team/service");
    assert!(g.has_text("Fetched directly from its origin"));
    assert!(g.has_text("Checksum NOT checked"));
    g.harness.state_mut().state.drafts.tester = "github.com/pkg/errors".into();
    g.steps(3);
    assert!(g.has_text("Fetched through the proxies, in order:"));
    // The route as a picture: module → each proxy with its rule → the origin.
    assert!(g.has_text("github.com/pkg/errors"));
    assert!(g.has_text("https://goproxy.cn"));
    assert!(g.has_text("next on any error (|)"));
    assert!(g.has_text("origin (git)"));
    assert!(g.has_text("then directly from the origin"));
    assert!(g.has_text("Checksum verified"));
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
        let s_en = gomirror::gui::strings::strings(Lang::En);
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
    let zh = gomirror::gui::strings::strings(Lang::Zh);
    let en = gomirror::gui::strings::strings(Lang::En);
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
    let preview = g
        .harness
        .get_all_by_role_and_label(Role::Button, "Preview")
        .last()
        .expect("preview button");
    assert!(
        preview.accesskit_node().is_disabled(),
        "Preview is disabled while the input is invalid"
    );
    g.show(Panel::Checksum);
    g.harness.state_mut().state.drafts.patterns[0].clear();
    g.harness
        .get_by_role_and_label(Role::RadioButton, "off (no checksum database)")
        .click();
    g.steps(3);
    g.show(Panel::Apply);
    assert!(g.has_text("GOSUMDB=off needs your confirmation"));
}

/// The project folder's go.mod is read by the worker (never in a view): typing the folder fills
/// in the company host from its module path.
#[test]
fn a_project_folder_fills_in_the_company_host() {
    let s = Sandbox::new();
    let lab = lab(s.path());
    let project = s.path().join("project");
    std::fs::create_dir_all(&project).expect("mkdir");
    std::fs::write(
        project.join("go.mod"),
        "module git.corp.example/team/app\n\ngo 1.22\n",
    )
    .expect("go.mod");
    let mut g = gui(app_env(&s, Some(&lab)), english(false));
    g.answer_probe();
    g.click("Next");
    g.type_into("Project folder", &project.display().to_string());
    g.steps(3);
    assert_eq!(
        g.harness.state().state.drafts.company_host,
        "git.corp.example"
    );
}

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
    g.command(gomirror::gui::state::Command::RunDoctor);
    assert!(g.harness.state().state.doctor.report.is_some());
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
    g.harness.state_mut().state.drafts.new_mirror =
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
    assert!(
        cli_sees.contains(&"https://ci:tok3n@nexus.corp.example/repository/go/".to_string()),
        "{cli_sees:?}"
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

#[test]
fn projects_panel_turns_checksum_off_for_one_project_applies_and_undoes() {
    let s = Sandbox::new();
    let dir = s.path().join("svc");
    std::fs::create_dir_all(dir.join(".git")).expect("git");
    std::fs::write(
        dir.join(".git/config"),
        "[remote \"origin\"]\n\turl = git@git.corp.example:team/svc.git\n",
    )
    .expect("config");
    std::fs::write(
        dir.join("go.mod"),
        "module git.corp.example/team/svc\n\ngo 1.22\n\nrequire git.corp.example/team/lib v1.0.0\n",
    )
    .expect("go.mod");
    std::fs::create_dir_all(dir.join(".vscode")).expect("vscode");
    let settings = "{\n  // keep me\n  \"editor.tabSize\": 4,\n}\n";
    std::fs::write(dir.join(".vscode/settings.json"), settings).expect("settings");
    let global_before = std::fs::read(s.env_file()).ok();

    let mut g = gui_sized(app_env(&s, None), english(true), egui::vec2(1280.0, 2000.0));
    g.show(Panel::Projects);
    assert!(g.has_text("No project is open"));
    g.type_into("Project folder", &dir.display().to_string());
    g.click("Open");
    assert!(
        g.has_text("Module: git.corp.example/team/svc"),
        "the project is read"
    );
    assert!(g.has_text("What each tool uses"));
    // The private pattern is suggested offline, and one click adds it.
    g.click("+ git.corp.example");
    assert_eq!(
        g.harness.state().state.project.draft.private,
        "git.corp.example"
    );
    // Checksum verification off for this project: it needs a confirmation.
    g.harness
        .get_by_role_and_label(Role::RadioButton, "Off for this project")
        .click();
    g.steps(3);
    assert!(g.has_text("What it costs"));
    g.click("Preview changes");
    assert!(
        g.has_text("+export GOSUMDB='off'"),
        "the diff of .envrc is shown: {:?}",
        g.harness.state().state.project.prepared
    );
    let apply = g
        .harness
        .get_all_by_role_and_label(Role::Button, "Apply to project")
        .last()
        .expect("apply");
    assert!(
        apply.accesskit_node().is_disabled(),
        "not before the confirmation"
    );
    g.harness
        .get_by_role_and_label(
            Role::CheckBox,
            "I understand: turn verification off for this project",
        )
        .click();
    g.steps(3);
    g.click("Apply to project");
    g.steps(4);
    assert!(g.has_text("Written:"), "the result is shown");
    let envrc = std::fs::read_to_string(dir.join(".envrc")).expect("envrc");
    assert!(
        envrc.contains("export GOSUMDB='off'")
            && envrc.contains("export GOPRIVATE='git.corp.example'")
    );
    let written = std::fs::read_to_string(dir.join(".vscode/settings.json")).expect("settings");
    assert!(written.contains("// keep me") && written.contains("\"GOSUMDB\": \"off\""));
    // The effective table changed: VS Code's tools now get GOSUMDB=off from the project.
    {
        use gomirror::project::effective::{Consumer, ProjectSource};
        let state = &g.harness.state().state;
        let snap = state.project.snapshot.ready().expect("re-read");
        let e = &snap.table[&Consumer::VscodeTools]["GOSUMDB"];
        assert_eq!(
            (e.value.as_str(), e.source),
            ("off", ProjectSource::Project)
        );
    }
    // The global settings are untouched, and one undo restores both files.
    assert_eq!(std::fs::read(s.env_file()).ok(), global_before);
    g.click("Undo");
    g.steps(4);
    assert!(!dir.join(".envrc").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join(".vscode/settings.json")).expect("settings"),
        settings
    );
    let state = &g.harness.state().state;
    let snap = state.project.snapshot.ready().expect("re-read");
    let e = &snap.table[&gomirror::project::effective::Consumer::VscodeTools]["GOSUMDB"];
    assert_ne!(e.value, "off");
    assert_eq!(state.settings.recent_projects, [dir.display().to_string()]);
}

/// A file dropped onto the window, as the windowing integration hands it to egui.

#[test]
fn a_folder_dropped_onto_the_window_opens_as_a_project() {
    let s = Sandbox::new();
    let dir = s.path().join("dropped");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(
        dir.join("go.mod"),
        "module example.com/dropped\n\ngo 1.22\n",
    )
    .expect("go.mod");
    let mut g = gui(app_env(&s, None), english(true));
    g.show(Panel::Overview);
    // A file inside the folder stands for the folder.
    g.harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(dir.join("go.mod"))));
    g.steps(4);
    assert_eq!(g.harness.state().state.panel, Panel::Projects);
    assert!(
        g.has_text("Module: example.com/dropped"),
        "the project is open"
    );
    let state = &g.harness.state().state;
    let snap = state.project.snapshot.ready().expect("read");
    assert_eq!(snap.project.dir, dir);
    // An empty folder works too and says there is no go.mod.
    let empty = s.path().join("empty");
    std::fs::create_dir_all(&empty).expect("empty");
    g.harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(empty.clone())));
    g.steps(4);
    assert!(g.has_text("No go.mod here"));
}

#[test]
fn git_access_is_checked_and_the_ssh_fix_is_previewed_written_and_undone() {
    let s = Sandbox::new();
    let repos = s.path().join("repos");
    std::fs::create_dir_all(&repos).expect("repos");
    githttp::bare_repo(&repos, "lib");
    let server = githttp::GitHttp::start(&repos, "dev", "secret-token");
    let dir = s.path().join("app");
    std::fs::create_dir_all(dir.join(".git")).expect("git");
    std::fs::write(
        dir.join(".git/config"),
        format!("[remote \"origin\"]\n\turl = {}\n", server.url("lib.git")),
    )
    .expect("config");
    let gitconfig = s.home.join(".gitconfig");
    std::fs::write(&gitconfig, "[user]\n\tname = Dev\n").expect("gitconfig");
    let mut env = app_env(&s, None);
    env.insert("NO_PROXY".into(), "127.0.0.1".into());
    let mut g = gui_sized(env, english(true), egui::vec2(1280.0, 2000.0));
    g.show(Panel::Projects);
    g.command(gomirror::gui::state::Command::OpenProject(
        dir.display().to_string(),
    ));
    g.click("Check git access");
    assert!(
        g.has_text("terminal prompts disabled"),
        "git's own words are shown"
    );
    g.click("Use SSH for this host (127.0.0.1)");
    assert!(
        g.has_text("+[url \"git@127.0.0.1:\"]"),
        "the preview of the git config"
    );
    assert_eq!(
        std::fs::read_to_string(&gitconfig).expect("read"),
        "[user]\n\tname = Dev\n",
        "nothing written before the confirmation"
    );
    g.click("Write this to my git config");
    assert!(g.has_text("git now uses SSH for 127.0.0.1"));
    assert!(
        std::fs::read_to_string(&gitconfig)
            .expect("read")
            .contains("insteadOf = https://127.0.0.1/")
    );
    g.command(gomirror::gui::state::Command::Undo);
    g.steps(4);
    assert_eq!(
        std::fs::read_to_string(&gitconfig).expect("read"),
        "[user]\n\tname = Dev\n"
    );
}

#[test]
fn verify_panel_proves_the_current_settings_with_the_real_go_command() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let good = netlab::LabMirror::start(&rt, netlab::Behaviour::default(), None);
    let file = s.env_file();
    std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
    std::fs::write(&file, format!("GOPROXY={}\nGOSUMDB=off\n", good.url)).expect("env");
    let mut g = gui(app_env(&s, None), english(true));
    g.show(Panel::Verify);
    g.type_into("Modules", "example.com/m@v1.0.0");
    g.click("Verify");
    g.steps(4);
    assert!(
        g.has_text("current settings:"),
        "the configuration is listed: {:?} {:?}",
        g.harness.state().state.verify.configs,
        g.harness.state().state.notices
    );
    assert!(g.has_text("1 modules in"), "the result in words");
    assert!(
        g.has_text("1 not checked by a checksum database"),
        "GOSUMDB=off is said"
    );
    let state = &g.harness.state().state;
    let outcome = state.verify.configs[0].outcome.as_ref().expect("done");
    assert!(outcome.ok, "{outcome:?}");
    assert!(outcome.bytes > 0);
}

#[test]
fn onboarding_apply_and_verify_shows_the_settings_before_and_after() {
    let s = Sandbox::new();
    let lab = lab(s.path());
    let mut env = app_env(&s, Some(&lab));
    // The lab mirrors hold no checksum database: checksums are left to go.sum here.
    env.insert("GOSUMDB".into(), "off".into());
    let mut g = gui(env, english(false));
    assert!(g.has_text("3. Apply and verify"));
    g.answer_probe();
    g.click("Next");
    g.click("Next");
    g.click("Apply and verify");
    g.steps(6);
    let state = &g.harness.state().state;
    let configs = &state.verify.configs;
    assert_eq!(configs.len(), 2, "before and after");
    let before = configs[0].outcome.as_ref().expect("before done");
    let after = configs[1].outcome.as_ref().expect("after done");
    // Before: the default proxy, out of reach from here; after: the recommended lab mirror.
    assert!(!before.ok, "{before:?}");
    assert_eq!(
        before.failure.as_ref().map(|f| f.class),
        Some(gomirror::verify::explain::Class::ProxyUnreachable),
        "{before:?}"
    );
    assert!(after.ok, "{after:?}");
    assert!(
        after.settings["GOPROXY"].starts_with(&lab.fast_url),
        "{after:?}"
    );
    assert!(g.has_text("before:") && g.has_text("after:"));
    assert!(g.has_text("proxy-unreachable"));
}

#[test]
fn pasted_go_output_is_explained_and_its_fix_applied_and_undone() {
    let s = Sandbox::new();
    // What the real go command prints with downloads turned off.
    let mut env = s.env();
    env.insert("GOPROXY".into(), "off".into());
    env.insert("GOFLAGS".into(), "-modcacherw".into());
    let out = run_go(
        &go("1.27"),
        &["mod", "download", "example.com/m@v1.0.0"],
        &env,
        s.path(),
    );
    assert_ne!(out.code, 0);
    let pasted = format!("{}{}", out.stdout, out.stderr);
    let file = s.env_file();
    let before = std::fs::read(&file).ok();
    let mut g = gui_sized(app_env(&s, None), english(true), egui::vec2(1280.0, 2000.0));
    g.show(Panel::Verify);
    g.type_into("go output", &pasted);
    assert!(g.has_text("lookup-disabled"), "{pasted}");
    assert!(g.has_text("GOPROXY=off forbids every download"));
    g.click("Preview this fix");
    assert_eq!(g.harness.state().state.panel, Panel::Apply);
    assert!(
        g.has_text("+GOPROXY=https://goproxy.cn,direct"),
        "the preview"
    );
    g.click("Apply");
    g.steps(4);
    let real = run_go(&go("1.27"), &["env", "GOPROXY"], &s.env(), s.path());
    assert_eq!(real.stdout.trim(), "https://goproxy.cn,direct");
    g.click("Undo last apply");
    g.steps(4);
    assert_eq!(
        std::fs::read(&file).ok(),
        before,
        "undo restores the env file"
    );
}
