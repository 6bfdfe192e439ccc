//! Apply and undo round trips, concurrent changes, read-only files, a non-ASCII home and a
//! machine without a go binary.

mod common;

use common::{Sandbox, go, gomirror, gomirror_ok, run_go};
use gomirror::apply::{self, ApplyError, Plan, Target, safe_write::WriteError};
use gomirror::goenv::gocmd;
use gomirror::goenv::location::TargetOs;
use gomirror::goenv::model::Layers;

fn write(path: &std::path::Path, text: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn apply_and_undo_restore_the_file_byte_for_byte() {
    for (via, version) in [
        ("go", "1.27"),
        ("file", "1.27"),
        ("go", "1.19"),
        ("file", "1.19"),
    ] {
        let s = Sandbox::new();
        let go_bin = go(version);
        let env = s.env();
        let original: &[u8] =
            b"# mine\r\nGOPRIVATE=a.com\nZZZ=1\nGOPROXY=https://old.example\nGOPROXY=dup";
        write(&s.env_file(), original);
        let dry = gomirror_ok(
            &[
                "set",
                "GOPROXY=https://goproxy.cn,direct",
                "--via",
                via,
                "--dry-run",
            ],
            &env,
            Some(&go_bin),
            s.path(),
        );
        assert!(
            dry.stdout.contains("+GOPROXY=https://goproxy.cn,direct"),
            "{}",
            dry.stdout
        );
        assert_eq!(
            std::fs::read(s.env_file()).expect("read"),
            original,
            "dry run writes nothing"
        );
        gomirror_ok(
            &[
                "set",
                "GOPROXY=https://goproxy.cn,direct",
                "GOSUMDB=sum.golang.google.cn",
                "--via",
                via,
            ],
            &env,
            Some(&go_bin),
            s.path(),
        );
        let effective = common::go_env(&go_bin, &["GOPROXY", "GOSUMDB"], &env, s.path());
        assert_eq!(
            effective,
            ["https://goproxy.cn,direct", "sum.golang.google.cn"]
        );
        gomirror_ok(
            &["unset", "GOPRIVATE", "--via", via],
            &env,
            Some(&go_bin),
            s.path(),
        );
        let history = gomirror(&["history", "--json"], &env, Some(&go_bin), s.path());
        let entries: serde_json::Value = crate::common::json(&history);
        assert_eq!(entries.as_array().expect("array").len(), 2);
        crate::common::gomirror_ok(&["undo"], &env, Some(&go_bin), s.path());
        crate::common::gomirror_ok(&["undo"], &env, Some(&go_bin), s.path());
        assert_eq!(
            std::fs::read(s.env_file()).expect("read"),
            original,
            "{via}/{version}: undo restores the bytes"
        );
        let again = gomirror(&["undo"], &env, Some(&go_bin), s.path());
        assert_eq!(again.code, 1, "nothing left to undo");
    }
}

#[test]
fn undo_of_a_created_file_removes_it() {
    let s = Sandbox::new();
    let env = s.env();
    let go_bin = go("1.27");
    crate::common::gomirror_ok(&["set", "GOPROXY=direct"], &env, Some(&go_bin), s.path());
    assert!(s.env_file().exists());
    crate::common::gomirror_ok(&["undo"], &env, Some(&go_bin), s.path());
    assert!(!s.env_file().exists());
}

#[test]
fn undo_refuses_when_the_file_changed_since() {
    let s = Sandbox::new();
    let env = s.env();
    let go_bin = go("1.27");
    crate::common::gomirror_ok(&["set", "GOPROXY=direct"], &env, Some(&go_bin), s.path());
    write(&s.env_file(), b"GOPROXY=someone-else\n");
    let out = gomirror(&["undo"], &env, Some(&go_bin), s.path());
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("changed"), "{}", out.stderr);
    assert_eq!(
        std::fs::read(s.env_file()).expect("read"),
        b"GOPROXY=someone-else\n"
    );
}

#[test]
fn concurrent_change_is_detected_and_nothing_is_lost() {
    let s = Sandbox::new();
    let env = s.env();
    write(&s.env_file(), b"GOPROXY=direct\n");
    let go_bin = go("1.27");
    let layers = Layers::read(
        env.clone(),
        TargetOs::Linux,
        Some(gocmd::detect(&go_bin, &env)),
    );
    let plan = Plan::default().set("GOSUMDB", "sum.golang.google.cn");
    for target in [Target::File, Target::Go] {
        let prepared = apply::prepare(&layers, &plan, target).expect("prepare");
        write(
            &s.env_file(),
            b"GOPROXY=direct\nGOPRIVATE=edited.meanwhile\n",
        );
        let result = apply::apply(&layers, &prepared, &s.path().join("data"));
        assert!(
            matches!(
                result,
                Err(ApplyError::Write(WriteError::ChangedSinceShown { .. }))
            ),
            "{result:?}"
        );
        assert_eq!(
            std::fs::read(s.env_file()).expect("read"),
            b"GOPROXY=direct\nGOPRIVATE=edited.meanwhile\n"
        );
        write(&s.env_file(), b"GOPROXY=direct\n");
    }
}

#[test]
fn read_only_file_and_unwritable_directory_fail_cleanly() {
    let s = Sandbox::new();
    let env = s.env();
    let go_bin = go("1.27");
    write(&s.env_file(), b"GOPROXY=direct\n");
    let mut perms = std::fs::metadata(s.env_file()).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(s.env_file(), perms).expect("chmod");
    let out = gomirror(
        &["set", "GOSUMDB=off", "--via", "file"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr.contains("read-only") && out.stderr.contains("只读"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read(s.env_file()).expect("read"),
        b"GOPROXY=direct\n"
    );
    // A directory that cannot be created (its parent is a file).
    let blocker = s.path().join("blocker");
    std::fs::write(&blocker, "x").expect("write");
    let mut env2 = env.clone();
    env2.insert("GOENV".into(), blocker.join("env").display().to_string());
    let out = gomirror(
        &["set", "GOSUMDB=off", "--via", "file"],
        &env2,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr.contains("/blocker/env") && out.stderr.contains("无法"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read(&blocker).expect("read"), b"x");
}

#[test]
fn non_ascii_home_works_through_go_and_file() {
    let s = Sandbox::with_home_name("张三 的目录");
    let env = s.env();
    for version in ["1.27", "1.19"] {
        let go_bin = go(version);
        for via in ["go", "file"] {
            gomirror_ok(
                &["set", "GOPRIVATE=git.公司.com", "--via", via],
                &env,
                Some(&go_bin),
                s.path(),
            );
            let real = common::go_env(&go_bin, &["GOPRIVATE", "GOENV"], &env, s.path());
            assert_eq!(
                real,
                [
                    "git.公司.com".to_string(),
                    s.env_file().display().to_string()
                ]
            );
            assert_eq!(
                gomirror(
                    &["unset", "GOPRIVATE", "--via", via],
                    &env,
                    Some(&go_bin),
                    s.path()
                )
                .code,
                0
            );
        }
    }
}

#[test]
fn missing_home_gives_a_clear_error() {
    let s = Sandbox::new();
    let mut env = s.env();
    env.remove("HOME");
    let out = gomirror(
        &["set", "GOPROXY=direct", "--via", "file"],
        &env,
        Some(&go("1.27")),
        s.path(),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("neither $XDG_CONFIG_HOME nor $HOME are defined"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("错误"));
}

#[test]
fn works_without_a_go_binary() {
    let s = Sandbox::new();
    let env = s.env();
    write(
        &s.env_file(),
        b"GOPROXY=https://goproxy.cn,direct\nGOPRIVATE=git.corp.com\n",
    );
    let out = gomirror_ok(&["env", "--json"], &env, None, s.path());
    let json: serde_json::Value = crate::common::json(&out);
    assert!(json["go"].is_null());
    assert_eq!(json["env_file"], s.env_file().display().to_string());
    assert_eq!(
        json["vars"]["GOPROXY"]["value"],
        "https://goproxy.cn,direct"
    );
    assert_eq!(json["vars"]["GOPROXY"]["source"], "file");
    assert_eq!(json["vars"]["GONOSUMDB"]["value"], "git.corp.com");
    gomirror_ok(
        &["set", "GOSUMDB=sum.golang.google.cn", "--via", "file"],
        &env,
        None,
        s.path(),
    );
    assert_eq!(
        std::fs::read_to_string(s.env_file()).expect("read"),
        "GOPRIVATE=git.corp.com\nGOPROXY=https://goproxy.cn,direct\nGOSUMDB=sum.golang.google.cn\n"
    );
    let out = gomirror(&["set", "GOSUMDB=off", "--via", "go"], &env, None, s.path());
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no go command found"), "{}", out.stderr);
    let out = gomirror(&["route", "git.corp.com/x", "--json"], &env, None, s.path());
    let r: serde_json::Value = crate::common::json(&out);
    assert_eq!(r["fetch"], "direct");
    assert_eq!(r["checksum"], false);
}

#[test]
fn gomirror_env_agrees_with_go_env_json() {
    let s = Sandbox::new();
    let mut env = s.env();
    env.insert("GOFLAGS".into(), "-mod=mod".into());
    write(
        &s.env_file(),
        b"GOPROXY=https://goproxy.cn,direct\nGOSUMDB=\nGOPRIVATE=*.corp\n",
    );
    for version in ["1.27", "1.24", "1.19"] {
        let go_bin = go(version);
        let out = gomirror(&["env", "--json"], &env, Some(&go_bin), s.path());
        let json: serde_json::Value = crate::common::json(&out);
        let keys: Vec<&str> = gomirror::goenv::keys::model_keys()
            .filter(|k| *k != "GOTOOLCHAIN")
            .collect();
        let mut args = vec!["env", "-json"];
        args.extend(&keys);
        let real = run_go(&go_bin, &args, &env, s.path());
        let real: serde_json::Value = crate::common::json(&real);
        for key in keys {
            assert_eq!(json["vars"][key]["value"], real[key], "go{version} {key}");
            let codes = json["vars"][key]["conflicts"].to_string();
            assert!(
                !codes.contains("model-differs"),
                "go{version} {key}: {codes}"
            );
        }
    }
}

#[test]
fn machine_wide_default_in_goroot_go_env() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let root = common::fake_goroot(
        &common::goroot("1.27"),
        &s.path().join("goroot"),
        Some(
            "# shipped\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n",
        ),
    );
    let mut env = s.env();
    env.insert("GOROOT".into(), root.display().to_string());
    gomirror_ok(
        &[
            "set",
            "GOPROXY=https://goproxy.cn,direct",
            "--via",
            "goroot",
        ],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(
        std::fs::read_to_string(root.join("go.env")).expect("read"),
        "# shipped\nGOPROXY=https://goproxy.cn,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n"
    );
    assert_eq!(
        common::go_env(&go_bin, &["GOPROXY"], &env, s.path()),
        ["https://goproxy.cn,direct"]
    );
    // A user-file value wins over go.env: reported as overridden.
    write(&s.env_file(), b"GOSUMDB=off\n");
    let out = gomirror(
        &[
            "set",
            "GOSUMDB=sum.golang.google.cn",
            "--via",
            "goroot",
            "--json",
        ],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(out.code, 4, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("\"overridden\""), "{}", out.stdout);
    crate::common::gomirror_ok(&["undo"], &env, Some(&go_bin), s.path());
    crate::common::gomirror_ok(&["undo"], &env, Some(&go_bin), s.path());
    assert!(
        std::fs::read_to_string(root.join("go.env"))
            .expect("read")
            .contains("GOPROXY=https://proxy.golang.org,direct")
    );
}
