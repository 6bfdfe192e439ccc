//! The per-project scope: a folder's go.mod, the Projects panel, a dropped folder and git
//! access.

use super::*;

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
        g.harness.state().view.drafts.company_host,
        "git.corp.example"
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
        g.harness.state().view.project.draft.private,
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
    assert!(
        g.is_disabled("Apply to project"),
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
    g.command(gomirror::state::Command::Project(
        gomirror::state::ProjectCommand::Open(dir.display().to_string()),
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
    g.command(gomirror::state::Command::Apply(
        gomirror::state::ApplyCommand::Undo,
    ));
    g.steps(4);
    assert_eq!(
        std::fs::read_to_string(&gitconfig).expect("read"),
        "[user]\n\tname = Dev\n"
    );
}

/// "What each tool uses" is a table with a column per tool where there is room; on a narrow
/// window it folds into one block per setting, each tool on its own line, with the same values.
#[test]
fn the_tools_table_folds_into_blocks_on_a_narrow_window() {
    let s = Sandbox::new();
    let dir = s.path().join("svc");
    std::fs::create_dir_all(dir.join(".vscode")).expect("vscode");
    std::fs::write(dir.join("go.mod"), "module example.com/svc\n\ngo 1.22\n").expect("go.mod");
    std::fs::write(
        dir.join(".vscode/settings.json"),
        "{\n  \"go.toolsEnvVars\": { \"GOPROXY\": \"https://goproxy.cn,direct\" }\n}\n",
    )
    .expect("settings");
    for (width, folded) in [(1280.0, false), (700.0, true)] {
        let mut g = gui_sized(app_env(&s, None), english(true), egui::vec2(width, 2000.0));
        g.show(Panel::Projects);
        g.type_into("Project folder", &dir.display().to_string());
        g.click("Open");
        assert!(g.has_text("What each tool uses"), "{width}");
        // The project's value reaches VS Code's Go tools either way.
        assert!(g.has_text("https://goproxy.cn,direct"), "{width}");
        assert_eq!(g.has_text("VS Code Go tools:"), folded, "{width}");
        assert_eq!(
            g.harness.query_by_label("VS Code Go tools").is_some(),
            !folded,
            "the column header at {width}"
        );
        if !folded {
            // The values share the width: a URL list stays on one line where it fits (never
            // broken inside a URL), and the table reaches across the panel.
            let mut lists = 0;
            for n in g
                .harness
                .query_all_by_label("https://proxy.golang.org,direct")
            {
                let b = n.accesskit_node().bounding_box().expect("drawn");
                assert!(b.y1 - b.y0 < 26.0, "on one line: {b:?}");
                lists += 1;
            }
            assert!(lists >= 2, "the default GOPROXY in the table: {lists}");
            let goland = g
                .harness
                .get_by_label("GoLand")
                .accesskit_node()
                .bounding_box()
                .expect("GoLand's header");
            assert!(
                goland.x0 as f32 > 0.6 * width,
                "the last column starts at {} of {width}",
                goland.x0
            );
        }
    }
}
