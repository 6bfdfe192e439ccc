//! Projects, end to end with real parts: the real direnv and go command read what
//! `gomirror project set` wrote into `.envrc`; real shells keep quoted values literal; GoLand's
//! workspace.xml keeps every other component; bad input is refused with nothing written; all
//! files or none; one undo restores every file byte for byte. (VS Code's parser as the oracle
//! is in tests/project_vscode.rs; git access in tests/project_git.rs.)

mod common;

use common::{Sandbox, go, gomirror, run};
use std::path::{Path, PathBuf};

const WORKSPACE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="AutoImportSettings">
    <option name="autoReloadType" value="ALL" />
  </component>
  <component name="ChangeListManager">
    <list default="true" id="5d1c" name="Changes" comment="" />
    <option name="SHOW_DIALOG" value="false" />
  </component>
  <component name="GOROOT" url="file:///usr/local/go" />
  <component name="VgoProject">
    <environment>
      <map>
        <entry key="GOPROXY" value="https://goproxy.io,direct" />
        <entry key="GOFLAGS" value="-mod=readonly" />
      </map>
    </environment>
    <integration-enabled>true</integration-enabled>
    <settings-migrated>true</settings-migrated>
  </component>
  <component name="com.intellij.coverage.CoverageDataManagerImpl">
    <SUITE FILE_PATH="coverage/app.out" NAME="app" />
  </component>
</project>
"#;

const SETTINGS: &str = "{\n    // Team editor settings: keep\n    \"editor.formatOnSave\": true,\n    \"go.lintTool\": \"golangci-lint\", /* inline */\n}\n";

/// A project with go.mod, a git remote, VS Code settings and a GoLand workspace.
fn fixture(s: &Sandbox) -> PathBuf {
    let dir = s.path().join("app");
    std::fs::create_dir_all(dir.join(".git")).expect("git dir");
    std::fs::write(
        dir.join(".git/config"),
        "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = git@git.corp.example:team/app.git\n",
    )
    .expect("git config");
    std::fs::write(
        dir.join("go.mod"),
        "module git.corp.example/team/app\n\ngo 1.22\n\ntoolchain go1.23.4\n\nrequire (\n\tgit.corp.example/team/lib v1.2.0\n\tgolang.org/x/text v0.14.0 // indirect\n)\n",
    )
    .expect("go.mod");
    std::fs::create_dir_all(dir.join(".vscode")).expect("vscode");
    std::fs::write(dir.join(".vscode/settings.json"), SETTINGS).expect("settings");
    std::fs::create_dir_all(dir.join(".idea")).expect("idea");
    std::fs::write(dir.join(".idea/workspace.xml"), WORKSPACE).expect("workspace");
    dir
}

/// The sandbox environment with the real go command on PATH (as `go`) and direnv.
fn env_with_go(s: &Sandbox) -> gomirror::goenv::location::EnvMap {
    let bin = s.path().join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    let link = bin.join("go");
    if !link.exists() {
        std::os::unix::fs::symlink(go("1.27"), &link).expect("link go");
    }
    let mut env = s.env();
    env.insert("PATH".into(), format!("{}:/usr/bin:/bin", bin.display()));
    env.insert("GOTOOLCHAIN".into(), "local".into());
    env
}

fn direnv() -> PathBuf {
    let p = PathBuf::from("/usr/bin/direnv");
    assert!(
        p.exists(),
        "direnv is missing: run scripts/install-tools.sh"
    );
    p
}

fn read(p: &Path) -> Option<Vec<u8>> {
    std::fs::read(p).ok()
}

fn gm(args: &[&str], env: &gomirror::goenv::location::EnvMap, cwd: &Path) -> common::Output {
    gomirror(args, env, Some(&go("1.27")), cwd)
}

#[test]
fn direnv_and_the_real_go_command_see_the_project_values_and_undo_restores_bytes() {
    let s = Sandbox::new();
    let dir = fixture(&s);
    let env = env_with_go(&s);
    let d = dir.display().to_string();
    let global_before = read(&s.env_file());

    let out = gm(
        &[
            "project",
            "set",
            "GOPRIVATE=git.corp.example",
            "GOSUMDB=off",
            "--dir",
            &d,
            "--to",
            "envrc",
        ],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("direnv allow"), "{}", out.stdout);
    // Written, but direnv has not been allowed: show says so and does not count the values.
    let show = gm(&["project", "show", &d, "--json"], &env, s.path());
    let v: serde_json::Value = serde_json::from_str(&show.stdout).expect("json");
    assert_eq!(v["targets"]["envrc"]["allowed"], false, "{}", show.stdout);
    assert!(
        v["conflicts"]
            .as_array()
            .expect("conflicts")
            .iter()
            .any(|c| c
                .as_str()
                .is_some_and(|c| c.starts_with("envrc-not-allowed:"))),
        "{}",
        show.stdout
    );
    assert_ne!(v["effective"]["direnv"]["GOSUMDB"]["value"], "off");

    // The user allows it explicitly; then the real direnv gives the real go command the values.
    let out = gm(&["project", "allow", &d], &env, s.path());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let show = gm(&["project", "show", &d, "--json"], &env, s.path());
    let v: serde_json::Value = serde_json::from_str(&show.stdout).expect("json");
    assert_eq!(v["targets"]["envrc"]["allowed"], true);
    assert_eq!(v["effective"]["direnv"]["GOSUMDB"]["value"], "off");
    assert_eq!(v["effective"]["direnv"]["GOSUMDB"]["source"], "project");
    assert_eq!(v["effective"]["direnv"]["GONOSUMDB"]["source"], "goprivate");
    let exec = run(
        &direnv(),
        &[
            "exec",
            &d,
            "go",
            "env",
            "-json",
            "GOPRIVATE",
            "GOSUMDB",
            "GONOSUMDB",
        ],
        &env,
        s.path(),
    );
    assert_eq!(exec.code, 0, "{}", exec.stderr);
    let goenv: serde_json::Value = serde_json::from_str(&exec.stdout).expect("go env json");
    assert_eq!(goenv["GOPRIVATE"], "git.corp.example");
    assert_eq!(goenv["GOSUMDB"], "off");
    assert_eq!(goenv["GONOSUMDB"], "git.corp.example");

    // Unset, then undo twice: the file is as before each step, byte for byte.
    let envrc = dir.join(".envrc");
    let after_set = read(&envrc).expect("envrc");
    let out = gm(
        &["project", "unset", "GOSUMDB", "--dir", &d, "--to", "envrc"],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = String::from_utf8(read(&envrc).expect("envrc")).expect("utf8");
    assert!(
        !text.contains("GOSUMDB") && text.contains("GOPRIVATE"),
        "{text}"
    );
    assert_eq!(gm(&["undo"], &env, s.path()).code, 0);
    assert_eq!(read(&envrc).expect("envrc"), after_set);
    assert_eq!(gm(&["undo"], &env, s.path()).code, 0);
    assert_eq!(
        read(&envrc),
        None,
        "the .envrc gomirror created is gone again"
    );
    // The global settings were never touched.
    assert_eq!(read(&s.env_file()), global_before);
}

#[test]
fn quotes_dollars_and_backslashes_stay_literal_in_real_shells() {
    let s = Sandbox::new();
    let dir = fixture(&s);
    let env = env_with_go(&s);
    let d = dir.display().to_string();
    let nasty = r#"git.corp.example/a'b$home\c"d`id`"#;
    let out = gm(
        &[
            "project",
            "set",
            &format!("GOPRIVATE={nasty}"),
            "GOVCS=*:git|hg",
            "--dir",
            &d,
            "--to",
            "envrc",
        ],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    for shell in ["/bin/sh", "/bin/bash", "/bin/dash"] {
        if !Path::new(shell).exists() {
            assert_ne!(shell, "/bin/sh", "no /bin/sh");
            continue;
        }
        let got = run(
            Path::new(shell),
            &[
                "-c",
                ". ./.envrc && printf '%s\\n%s' \"$GOPRIVATE\" \"$GOVCS\"",
            ],
            &env,
            &dir,
        );
        assert_eq!(got.code, 0, "{shell}: {}", got.stderr);
        assert_eq!(got.stdout, format!("{nasty}\n*:git|hg"), "{shell}");
    }
    assert_eq!(gm(&["project", "allow", &d], &env, s.path()).code, 0);
    let exec = run(
        &direnv(),
        &["exec", &d, "go", "env", "GOPRIVATE"],
        &env,
        s.path(),
    );
    assert_eq!(exec.stdout.trim_end(), nasty, "{}", exec.stderr);
}

#[test]
fn goland_is_read_shown_as_a_shadow_and_written_only_on_request() {
    let s = Sandbox::new();
    let dir = fixture(&s);
    let env = env_with_go(&s);
    let d = dir.display().to_string();
    let ws = dir.join(".idea/workspace.xml");

    let show = gm(&["project", "show", &d, "--json"], &env, s.path());
    let v: serde_json::Value = serde_json::from_str(&show.stdout).expect("json");
    assert_eq!(
        v["effective"]["goland"]["GOPROXY"]["value"],
        "https://goproxy.io,direct"
    );
    assert_eq!(v["effective"]["goland"]["GOPROXY"]["source"], "project");
    assert!(show.stdout.contains("goland-shadows"), "{}", show.stdout);

    // Written elsewhere, but GoLand's own value hides it: exit 4, and GoLand's file untouched.
    let out = gm(
        &[
            "project",
            "set",
            "GOPROXY=https://goproxy.cn,direct",
            "--dir",
            &d,
        ],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 4, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("GoLand"), "{}", out.stdout);
    assert_eq!(read(&ws).expect("ws"), WORKSPACE.as_bytes());

    // On request it is written: only the environment element changes.
    let out = gm(
        &[
            "project",
            "set",
            "GOPROXY=https://goproxy.cn,direct",
            "--dir",
            &d,
            "--to",
            "goland",
        ],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("GoLand rewrites"), "{}", out.stdout);
    let after = String::from_utf8(read(&ws).expect("ws")).expect("utf8");
    let env_start = WORKSPACE.find("    <environment>").expect("env");
    let env_end = WORKSPACE.find("    <integration-enabled>").expect("end");
    assert_eq!(&after[..env_start], &WORKSPACE[..env_start]);
    assert!(after.ends_with(&WORKSPACE[env_end..]));
    assert!(after.contains("<entry key=\"GOPROXY\" value=\"https://goproxy.cn,direct\" />"));
    assert!(after.contains("<entry key=\"GOFLAGS\" value=\"-mod=readonly\" />"));
    let show = gm(&["project", "show", &d, "--json"], &env, s.path());
    let v: serde_json::Value = serde_json::from_str(&show.stdout).expect("json");
    assert_eq!(
        v["effective"]["goland"]["GOPROXY"]["value"],
        "https://goproxy.cn,direct"
    );
    assert_eq!(gm(&["undo"], &env, s.path()).code, 0);
    assert_eq!(read(&ws).expect("ws"), WORKSPACE.as_bytes());

    // A shape gomirror does not know is refused, with GoLand's own steps instead.
    let odd = WORKSPACE.replace(
        "<settings-migrated>",
        "<vendoring-enabled>true</vendoring-enabled>\n    <settings-migrated>",
    );
    std::fs::write(&ws, &odd).expect("odd");
    let out = gm(
        &[
            "project",
            "set",
            "GOSUMDB=off",
            "--dir",
            &d,
            "--to",
            "goland",
        ],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("Go Modules") && out.stderr.contains("在 GoLand 中"),
        "{}",
        out.stderr
    );
    assert_eq!(read(&ws).expect("ws"), odd.as_bytes());
}

#[test]
fn show_json_has_the_contract_fields() {
    let s = Sandbox::new();
    let dir = fixture(&s);
    let env = env_with_go(&s);
    let out = gm(
        &["project", "show", &dir.display().to_string(), "--json"],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["module"], "git.corp.example/team/app");
    assert_eq!(v["go"], "1.22");
    assert_eq!(v["toolchain"], "go1.23.4");
    assert_eq!(v["remotes"][0], "git@git.corp.example:team/app.git");
    for t in ["envrc", "vscode", "goland"] {
        assert!(
            v["targets"][t]["path"].is_string() && v["targets"][t]["exists"].is_boolean(),
            "{t}"
        );
        assert!(v["targets"][t]["vars"].is_object(), "{t}");
    }
    assert!(v["targets"]["envrc"]["allowed"].is_null());
    for c in ["direnv", "vscode-tools", "vscode-terminal", "goland"] {
        let e = &v["effective"][c]["GOPROXY"];
        assert!(
            e["value"].is_string() && e["source"].is_string(),
            "{c}: {e}"
        );
    }
    assert_eq!(v["effective"]["direnv"]["GOPROXY"]["source"], "goroot");
    assert_eq!(
        v["suggested_private"],
        serde_json::json!(["git.corp.example"])
    );
    assert!(
        v["conflicts"]
            .as_array()
            .expect("array")
            .iter()
            .all(|c| c.as_str().is_some_and(|c| c.contains(": ")))
    );
}

#[test]
fn bad_input_is_refused_in_both_languages_and_nothing_is_written() {
    let s = Sandbox::new();
    let dir = fixture(&s);
    let env = env_with_go(&s);
    let d = dir.display().to_string();
    let settings = dir.join(".vscode/settings.json");
    let envrc = dir.join(".envrc");

    // A value with a newline, a password in a URL, a key that is not a download setting.
    for (pair, needle) in [
        ("GOPRIVATE=a.example\nexport X=1", "换行"),
        (
            "GOPROXY=https://ci:s3cret@proxy.corp.example,direct",
            ".netrc",
        ),
        ("GOROOT=/tmp", "GOPROXY"),
        ("GOSUMDB=sum.golang.org+bad", "GOSUMDB"),
    ] {
        let out = gm(&["project", "set", pair, "--dir", &d], &env, s.path());
        assert_eq!(out.code, 1, "{pair}: {}", out.stderr);
        assert!(
            out.stderr.contains("error:") && out.stderr.contains("错误："),
            "{pair}: {}",
            out.stderr
        );
        assert!(out.stderr.contains(needle), "{pair}: {}", out.stderr);
        assert!(!out.stderr.contains("s3cret"), "{}", out.stderr);
        assert_eq!(read(&envrc), None, "{pair}");
        assert_eq!(read(&settings).expect("settings"), SETTINGS.as_bytes());
    }

    // An invalid settings.json, and an unreadable one (a folder where the file should be): a
    // clear error in both languages, and no file written (not even the .envrc).
    let broken = |p: &Path| std::fs::write(p, "{ \"a\": 1,, }").expect("broken");
    let unreadable = |p: &Path| {
        std::fs::remove_file(p).expect("rm");
        std::fs::create_dir_all(p).expect("dir");
    };
    type Spoil<'a> = &'a dyn Fn(&Path);
    let cases: [(Spoil, &str, &str); 2] = [
        (&broken, "settings.json", "不是有效的"),
        (&unreadable, "cannot read", "无法读取"),
    ];
    for (spoil, en, zh) in cases {
        spoil(&settings);
        let out = gm(
            &["project", "set", "GOSUMDB=off", "--dir", &d],
            &env,
            s.path(),
        );
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(
            out.stderr.contains(en) && out.stderr.contains(zh),
            "{}",
            out.stderr
        );
        assert_eq!(read(&envrc), None);
        let show = gm(&["project", "show", &d, "--json"], &env, s.path());
        assert_eq!(show.code, 0);
        assert!(show.stdout.contains("\"error\""), "{}", show.stdout);
    }
    std::fs::remove_dir(&settings).expect("rmdir");
    std::fs::write(&settings, SETTINGS).expect("restore");

    // All or nothing: the second file cannot be written, so the first is put back.
    std::fs::write(&envrc, "export FOO=1\n").expect("envrc");
    let ro = |p: &Path, on: bool| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            p,
            std::fs::Permissions::from_mode(if on { 0o444 } else { 0o644 }),
        )
        .expect("chmod");
    };
    ro(&settings, true);
    let out = gm(
        &["project", "set", "GOSUMDB=off", "--dir", &d],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 3, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("错误："), "{}", out.stderr);
    assert_eq!(read(&envrc).expect("envrc"), b"export FOO=1\n");
    ro(&settings, false);
    // A read-only .envrc alone.
    ro(&envrc, true);
    let out = gm(
        &[
            "project",
            "set",
            "GOSUMDB=off",
            "--dir",
            &d,
            "--to",
            "envrc",
        ],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(read(&envrc).expect("envrc"), b"export FOO=1\n");
    ro(&envrc, false);
    let h = gm(&["history", "--json"], &env, s.path());
    assert_eq!(
        h.stdout.trim(),
        "[]",
        "no undo step for writes that did not happen"
    );

    // A folder without go.mod works and says so.
    let plain = s.path().join("plain");
    std::fs::create_dir_all(&plain).expect("plain");
    let out = gm(
        &["project", "show", &plain.display().to_string()],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("no go.mod") && out.stdout.contains("没有 go.mod"),
        "{}",
        out.stdout
    );
    // Not a folder.
    let out = gm(&["project", "show", "/nonexistent/x"], &env, s.path());
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("不是文件夹"), "{}", out.stderr);
}

#[test]
fn worktrees_and_submodules_give_their_remotes_without_running_git() {
    let s = Sandbox::new();
    let main = s.path().join("main");
    std::fs::create_dir_all(&main).expect("main");
    let git = |args: &[&str], dir: &Path| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("HOME", &s.home)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .expect("git");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q", "-b", "main"], &main);
    git(
        &[
            "remote",
            "add",
            "origin",
            "https://git.corp.example/team/main.git",
        ],
        &main,
    );
    std::fs::write(main.join("go.mod"), "module git.corp.example/team/main\n").expect("go.mod");
    git(&["add", "."], &main);
    git(&["commit", "-q", "-m", "x"], &main);
    git(&["worktree", "add", "-q", "../wt"], &main);
    let env = s.env();
    let wt = gomirror::project::Project::read(&s.path().join("wt"), &env, false).expect("read");
    assert!(s.path().join("wt/.git").is_file());
    assert_eq!(wt.remotes, ["https://git.corp.example/team/main.git"]);
    // A submodule's .git file points into the parent's .git/modules.
    let sub = main.join("sub");
    std::fs::create_dir_all(main.join(".git/modules/sub")).expect("modules");
    std::fs::write(
        main.join(".git/modules/sub/config"),
        "[remote \"origin\"]\n\turl = git@git.corp.example:team/sub.git\n",
    )
    .expect("cfg");
    std::fs::create_dir_all(&sub).expect("sub");
    std::fs::write(sub.join(".git"), "gitdir: ../.git/modules/sub\n").expect(".git file");
    let p = gomirror::project::Project::read(&sub, &env, false).expect("read");
    assert_eq!(p.remotes, ["git@git.corp.example:team/sub.git"]);
    // A subfolder of a repository finds the repository's remotes.
    let nested = main.join("cmd/tool");
    std::fs::create_dir_all(&nested).expect("nested");
    let p = gomirror::project::Project::read(&nested, &env, false).expect("read");
    assert_eq!(p.remotes, ["https://git.corp.example/team/main.git"]);
}

#[test]
fn symlinks_and_permissions_are_kept_and_a_file_changed_since_shown_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    let dir = fixture(&s);
    let env = env_with_go(&s);
    let d = dir.display().to_string();
    // .envrc is a link into a dotfiles folder, mode 0640.
    let real = s.path().join("dotfiles/app.envrc");
    std::fs::create_dir_all(real.parent().expect("dir")).expect("dotfiles");
    std::fs::write(&real, "export FOO=1\n").expect("real");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    std::os::unix::fs::symlink(&real, dir.join(".envrc")).expect("link");
    let out = gm(
        &[
            "project",
            "set",
            "GOSUMDB=sum.golang.google.cn",
            "--dir",
            &d,
            "--to",
            "envrc",
        ],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        std::fs::symlink_metadata(dir.join(".envrc"))
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    let text = std::fs::read_to_string(&real).expect("real");
    assert!(text.starts_with("export FOO=1\n") && text.contains("GOSUMDB='sum.golang.google.cn'"));
    let mode = std::fs::metadata(&real).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);

    // Shown, then changed by someone else, then applied: refused, nothing written.
    let layers = gomirror::goenv::model::Layers::read(
        env.clone(),
        gomirror::goenv::location::TargetOs::Linux,
        None,
    );
    let project = gomirror::project::Project::read(&dir, &env, false).expect("read");
    let plan = gomirror::apply::Plan::default().set("GOPRIVATE", "git.corp.example");
    let prepared = gomirror::project::apply::prepare(
        &project,
        &layers,
        &plan,
        &[
            gomirror::project::TargetKind::Envrc,
            gomirror::project::TargetKind::Vscode,
        ],
    )
    .expect("prepare");
    let settings = dir.join(".vscode/settings.json");
    std::fs::write(&settings, "{ \"changed\": true }\n").expect("someone else");
    let before_envrc = std::fs::read(&real).expect("envrc");
    let data = s.path().join("data");
    let err = gomirror::project::apply::apply(&prepared, &data).expect_err("refused");
    assert!(err.to_string().contains("changed"), "{err}");
    assert_eq!(
        std::fs::read(&real).expect("envrc"),
        before_envrc,
        "nothing written"
    );
    assert_eq!(
        std::fs::read_to_string(&settings).expect("settings"),
        "{ \"changed\": true }\n"
    );
}
