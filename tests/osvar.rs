//! `gomirror os-var` on Linux with real login shells: a GOPROXY exported by `~/.profile`,
//! `~/.zshenv` and fish's `config.fish` overrides `go env -w`; `os-var list` names each file
//! and line, `os-var unset` comments them out, after which `bash -lc`, `zsh -lc` and
//! `fish -lc` give the go command the env file's value, and `gomirror undo` brings the
//! variable back, every file byte for byte.

mod common;

use common::{Sandbox, go, gomirror, gomirror_ok};
use std::path::Path;

const FILE_VALUE: &str = "https://goproxy.cn,direct";
const SHELL_VALUE: &str = "https://shell.example.com,direct";

/// What the go command run by a login shell of `shell` says GOPROXY is.
fn login_goproxy(s: &Sandbox, shell: &str) -> String {
    let mut env = s.env();
    env.insert("GO".into(), go("1.27").display().to_string());
    env.insert("GOTOOLCHAIN".into(), "local".into());
    env.remove("GOPROXY");
    let script = match shell {
        "fish" => "$GO env GOPROXY",
        _ => "\"$GO\" env GOPROXY",
    };
    let out = common::run(
        Path::new(&format!("/usr/bin/{shell}")),
        &["-l", "-c", script],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
    out.stdout.trim().to_string()
}

#[test]
fn an_exported_goproxy_is_found_in_each_login_file_removed_and_put_back_by_undo() {
    let s = Sandbox::new();
    let home = &s.home;
    let files = [
        (
            home.join(".profile"),
            format!("# mine\nexport PATH=\"$PATH\"\nexport GOPROXY={SHELL_VALUE}\n"),
        ),
        (
            home.join(".zshenv"),
            format!("export GOPROXY='{SHELL_VALUE}'\r\n"),
        ),
        (
            home.join(".config/fish/config.fish"),
            format!("if status is-login\n    set -gx GOPROXY {SHELL_VALUE}\nend\n"),
        ),
    ];
    for (f, text) in &files {
        std::fs::create_dir_all(f.parent().expect("dir")).expect("dir");
        std::fs::write(f, text).expect("write");
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&files[0].0, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    // The user's own go env -w value, which the login files override.
    let mut genv = s.env();
    genv.insert("GOTOOLCHAIN".into(), "local".into());
    let w = common::run_go(
        &go("1.27"),
        &["env", "-w", &format!("GOPROXY={FILE_VALUE}")],
        &genv,
        s.path(),
    );
    assert_eq!(w.code, 0, "{}", w.stderr);
    for shell in ["bash", "zsh", "fish"] {
        assert_eq!(login_goproxy(&s, shell), SHELL_VALUE, "{shell} before");
    }

    let out = gomirror_ok(
        &["os-var", "list", "--json"],
        &s.env(),
        Some(&go("1.27")),
        s.path(),
    );
    let v: serde_json::Value = crate::common::json(&out);
    let places = v["places"].as_array().expect("places");
    let mut found: Vec<(String, u64)> = places
        .iter()
        .filter(|p| p["key"] == "GOPROXY")
        .map(|p| {
            (
                p["file"].as_str().unwrap_or_default().to_string(),
                p["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    found.sort();
    let mut want: Vec<(String, u64)> = vec![
        (files[0].0.display().to_string(), 3),
        (files[1].0.display().to_string(), 1),
        (files[2].0.display().to_string(), 2),
    ];
    want.sort();
    assert_eq!(found, want, "{}", out.stdout);
    assert!(
        places.iter().all(|p| p["scope"] == "user"),
        "{}",
        out.stdout
    );

    gomirror_ok(
        &["os-var", "unset", "GOPROXY", "--dry-run"],
        &s.env(),
        Some(&go("1.27")),
        s.path(),
    );
    assert_eq!(
        std::fs::read_to_string(&files[0].0).expect("profile"),
        files[0].1,
        "a dry run writes nothing"
    );

    let out = gomirror_ok(
        &["os-var", "unset", "GOPROXY"],
        &s.env(),
        Some(&go("1.27")),
        s.path(),
    );
    assert!(out.stdout.contains("restarted"), "{}", out.stdout);
    for shell in ["bash", "zsh", "fish"] {
        assert_eq!(
            login_goproxy(&s, shell),
            FILE_VALUE,
            "{shell} after the unset"
        );
    }
    // Only the one line changed, the rest of each file (and its mode) as it was.
    let profile = std::fs::read_to_string(&files[0].0).expect("profile");
    assert_eq!(
        profile,
        format!(
            "# mine\nexport PATH=\"$PATH\"\n# (gomirror os-var unset) export GOPROXY={SHELL_VALUE}\n"
        )
    );
    let mode = std::fs::metadata(&files[0].0)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o640);
    assert!(
        std::fs::read_to_string(&files[1].0)
            .expect("zshenv")
            .ends_with("\r\n")
    );

    // Undo, once per file, brings each back byte for byte.
    for _ in &files {
        gomirror_ok(&["undo"], &s.env(), Some(&go("1.27")), s.path());
    }
    for (f, text) in &files {
        assert_eq!(
            &std::fs::read_to_string(f).expect("file"),
            text,
            "{}",
            f.display()
        );
    }
    for shell in ["bash", "zsh", "fish"] {
        assert_eq!(login_goproxy(&s, shell), SHELL_VALUE, "{shell} after undo");
    }
}

#[test]
fn a_variable_set_nowhere_or_unknown_is_refused_and_nothing_is_written() {
    let s = Sandbox::new();
    let mut env = s.env();
    env.insert("GOPROXY".into(), SHELL_VALUE.into());
    let out = gomirror(
        &["os-var", "unset", "GOPROXY"],
        &env,
        Some(&go("1.27")),
        s.path(),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("set in this process only"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("只在当前进程中设置"), "{}", out.stderr);
    let out = gomirror(
        &["os-var", "unset", "EDITOR"],
        &env,
        Some(&go("1.27")),
        s.path(),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("not a variable gomirror manages"),
        "{}",
        out.stderr
    );
    assert!(!s.path().join("data/history.json").exists());
}

/// A user line and a machine-wide one (`/etc/environment`, here a file of the test's own bound
/// over it in a private mount namespace): the user's is removed, the machine's is left with
/// the administrator's command, and the exit code says it is still set elsewhere (4).
#[test]
fn a_machine_wide_setting_is_left_with_its_command_and_exit_4() {
    let s = Sandbox::new();
    std::fs::write(
        s.home.join(".profile"),
        format!("export GOPROXY={SHELL_VALUE}\n"),
    )
    .expect("profile");
    let etc = s.path().join("etc-environment");
    let machine = format!("LANG=C.UTF-8\nGOPROXY={SHELL_VALUE}\n");
    std::fs::write(&etc, &machine).expect("etc");
    let mut env = s.env();
    env.insert("GOMIRROR_GO".into(), go("1.27").display().to_string());
    let out = std::process::Command::new("/usr/bin/unshare")
        .args([
            "--mount",
            "/bin/sh",
            "-c",
            r#"/bin/mount --bind "$0" /etc/environment && exec "$@""#,
        ])
        .arg(&etc)
        .arg(env!("CARGO_BIN_EXE_gomirror"))
        .args(["os-var", "unset", "GOPROXY", "--json"])
        .env_clear()
        .envs(&env)
        .current_dir(s.path())
        .output()
        .expect("unshare (util-linux; needs root)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(4),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(
        v["removed"][0]["file"],
        s.home.join(".profile").display().to_string()
    );
    assert_eq!(v["left"][0]["file"], "/etc/environment");
    assert_eq!(
        v["left"][0]["command"],
        "sudo sed -i '2s/^/# (gomirror os-var unset) /' '/etc/environment'"
    );
    assert_eq!(
        std::fs::read_to_string(&etc).expect("etc"),
        machine,
        "the machine's file is untouched"
    );
    assert!(
        std::fs::read_to_string(s.home.join(".profile"))
            .expect("profile")
            .starts_with("# (gomirror os-var unset) ")
    );
}
