//! Refusals and care: bad input refused with nothing written, remotes of worktrees and
//! submodules read without git, symlinks and permissions kept, a file changed since shown refused.

use super::*;

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
        let show = gm_ok(&["project", "show", &d, "--json"], &env, s.path());
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
    let out = gm_ok(
        &["project", "show", &plain.display().to_string()],
        &env,
        s.path(),
    );
    assert!(
        out.stdout.contains("no go.mod") && out.stdout.contains("没有 go.mod"),
        "{}",
        out.stdout
    );
    // A path that does not exist says so (not "not a folder"); a file is not a folder.
    let out = gm(&["project", "show", "/nonexistent/x"], &env, s.path());
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("does not exist") && out.stderr.contains("不存在"),
        "{}",
        out.stderr
    );
    let file = s.path().join("a-file");
    std::fs::write(&file, "x").expect("file");
    let out = gm(
        &["project", "show", &file.display().to_string()],
        &env,
        s.path(),
    );
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
    gm_ok(
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
