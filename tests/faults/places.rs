//! Unusual places: GOENV naming a directory, a read-only directory, the data directory's
//! permissions, input that is not UTF-8.

use super::*;

/// GOENV naming a directory: a clear error in both languages, nothing written.
#[test]
fn goenv_pointing_at_a_directory_is_a_clear_error() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let dir = s.path().join("a-directory");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let mut env = s.env();
    env.insert("GOENV".into(), dir.display().to_string());
    for via in ["file", "go"] {
        let out = gomirror(
            &["set", "GOSUMDB=sum.golang.google.cn", "--via", via],
            &env,
            Some(&go_bin),
            s.path(),
        );
        assert_eq!(out.code, 3, "{via}: {}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains("a-directory"), "{via}: {}", out.stderr);
        assert!(
            out.stderr.contains("错误") || out.stderr.contains("无法"),
            "{via}: {}",
            out.stderr
        );
        assert!(dir.is_dir() && std::fs::read_dir(&dir).expect("dir").next().is_none());
    }
}

/// A read-only env file directory for an ordinary user (root ignores mode bits, so the command
/// runs as `nobody` through setpriv): a clear error, the file untouched, no backup left behind.
/// A tree `nobody` can reach: the clone may live in a private (0700) folder, so the go toolchain
/// and the gomirror binary are hard-linked (or, across file systems, copied) into the sandbox.
fn reachable_copy(from: &std::path::Path, to: &std::path::Path) {
    let linked = Command::new("cp")
        .arg("-al")
        .arg(from)
        .arg(to)
        .status()
        .is_ok_and(|s| s.success());
    if !linked {
        let copied = Command::new("cp").arg("-a").arg(from).arg(to).status();
        assert!(copied.is_ok_and(|s| s.success()), "copy {}", from.display());
    }
}

#[test]
fn a_read_only_directory_for_an_unprivileged_user() {
    let s = Sandbox::new();
    let world = s.path().join("world");
    std::fs::create_dir_all(&world).expect("world");
    let goroot = common::goroot("1.27");
    reachable_copy(&goroot, &world.join("goroot"));
    let go_bin = world.join("goroot/bin/go");
    let gomirror_bin = world.join("gomirror");
    std::fs::copy(env!("CARGO_BIN_EXE_gomirror"), &gomirror_bin).expect("copy gomirror");
    write(&s.env_file(), b"GOPRIVATE=corp.com\n");
    let env_dir = s.env_file().parent().expect("dir").to_path_buf();
    let status = Command::new("chown")
        .args(["-R", "nobody:nogroup"])
        .arg(s.path())
        .status()
        .expect("chown");
    assert!(status.success());
    // Everyone may reach the sandbox (tempdir is 0700) and the copies in it.
    std::fs::set_permissions(s.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::set_permissions(&env_dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    std::fs::set_permissions(s.env_file(), std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let env = s.env();
    for via in ["file", "go"] {
        let out = Command::new("setpriv")
            .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
            .arg(&gomirror_bin)
            .args(["set", "GOSUMDB=sum.golang.google.cn", "--via", via])
            .env_clear()
            .envs(&env)
            .env("GOMIRROR_GO", &go_bin)
            .current_dir(s.path())
            .output()
            .expect("setpriv (util-linux)");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{via}: {stderr}");
        assert!(
            stderr.contains("无法") || stderr.contains("失败"),
            "{via}: {stderr}"
        );
        assert_eq!(
            std::fs::read(s.env_file()).expect("env"),
            b"GOPRIVATE=corp.com\n",
            "{via}"
        );
    }
}

/// The data directory made by an older version (or another program) with the usual umask,
/// 0755 with a 0644 history: the next write tightens it to the user's alone, and every file
/// in it (history, lock, backups) is 0600.
#[test]
fn the_data_directory_and_its_files_become_the_users_alone() {
    let s = Sandbox::new();
    let data = s.path().join("data");
    std::fs::create_dir_all(data.join("backups")).expect("mkdir");
    std::fs::write(data.join("history.json"), "{\"entries\": []}\n").expect("history");
    std::fs::write(data.join("app.ron"), "()\n").expect("window store");
    for (path, m) in [
        (data.clone(), 0o755),
        (data.join("backups"), 0o755),
        (data.join("history.json"), 0o644),
        (data.join("app.ron"), 0o644),
    ] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(m)).expect("chmod");
    }
    write(&s.env_file(), b"GOPRIVATE=a.example\n");
    gomirror_ok(
        &["set", "--via", "file", "GOSUMDB=off"],
        &s.env(),
        None,
        s.path(),
    );
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("backups")), 0o700);
    for f in ["history.json", "lock", "app.ron"] {
        assert_eq!(mode(&data.join(f)), 0o600, "{f}");
    }
    let made = backups(&s);
    assert!(!made.is_empty());
    for b in made {
        assert_eq!(mode(&b), 0o600, "{}", b.display());
    }
}

/// Values and paths that are not UTF-8: an argument gets the go command's own text and exit 1;
/// a GOENV or HOME that is not UTF-8 is refused by name (exit 1) instead of silently writing
/// the default file the go command would not read.
#[test]
fn input_that_is_not_utf8_is_refused_as_the_go_command_words_it() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let s = Sandbox::new();
    write(&s.env_file(), b"GOPRIVATE=a.example\n");
    let before = std::fs::read(s.env_file()).expect("env");
    let run = |args: Vec<OsString>, extra: &[(&str, OsString)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gomirror"));
        cmd.args(args)
            .env_clear()
            .envs(s.env())
            .env("GOMIRROR_GO", go("1.27"))
            .current_dir(s.path());
        for (k, v) in extra {
            cmd.env(k, v);
        }
        cmd.output().expect("gomirror")
    };
    let value = OsString::from_vec(b"GOPROXY=https://a\xffb.example".to_vec());
    let ours = run(vec!["set".into(), value.clone()], &[]);
    let theirs = Command::new(go("1.27"))
        .args([OsString::from("env"), OsString::from("-w"), value])
        .env_clear()
        .envs(s.env())
        .output()
        .expect("go");
    assert_eq!(theirs.status.code(), Some(1));
    let go_line = String::from_utf8_lossy(&theirs.stderr).trim().to_string();
    assert_eq!(go_line, "go: invalid UTF-8 in GOPROXY=... value");
    assert_eq!(ours.status.code(), Some(1));
    let ours_err = String::from_utf8_lossy(&ours.stderr);
    assert!(ours_err.contains(&go_line), "{ours_err}");
    assert_eq!(std::fs::read(s.env_file()).expect("env"), before);
    // A GOENV in a folder whose name is not UTF-8.
    let odd = s.path().join(OsString::from_vec(b"g\xff".to_vec()));
    std::fs::create_dir_all(&odd).expect("mkdir");
    let goenv = odd.join("env").into_os_string();
    let out = run(
        vec![
            "set".into(),
            "--via".into(),
            "file".into(),
            "GOPROXY=https://o.example.com,direct".into(),
        ],
        &[("GOENV", goenv)],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("GOENV") && err.contains("UTF-8"), "{err}");
    assert!(!odd.join("env").exists());
    assert_eq!(std::fs::read(s.env_file()).expect("env"), before);
    // A HOME that is not UTF-8.
    let out = run(
        vec!["env".into()],
        &[("HOME", OsString::from_vec(b"/tmp/h\xff".to_vec()))],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("HOME") && err.contains("UTF-8"), "{err}");
    assert!(err.contains("不是有效的 UTF-8"), "{err}");
}
