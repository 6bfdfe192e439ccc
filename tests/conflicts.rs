//! Every conflict code, produced for real: the situation is set up in a sandbox, `gomirror env
//! --json` is run with the real go command, and the code appears on the right key (and the go
//! command confirms the situation where it can).

mod common;

use common::{Sandbox, go, gomirror_ok, goroot, run_go};
use gomirror::goenv::location::EnvMap;
use std::path::Path;

fn codes(env: &EnvMap, go_bin: Option<&Path>, dir: &Path, key: &str) -> Vec<String> {
    let out = gomirror_ok(&["env", "--json"], env, go_bin, dir);
    let json: serde_json::Value = crate::common::json(&out);
    json["vars"][key]["conflicts"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c.as_str())
                .map(|c| c.split(':').next().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn write_env_file(s: &Sandbox, text: &str) {
    std::fs::create_dir_all(s.env_file().parent().expect("dir")).expect("mkdir");
    std::fs::write(s.env_file(), text).expect("env file");
}

#[test]
fn set_in_env_and_env_overrides_file() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let mut env = s.env();
    env.insert("GOPRIVATE".into(), "env.example".into());
    env.insert("GOPROXY".into(), "https://env.example".into());
    write_env_file(&s, "GOPROXY=https://file.example\n");
    assert!(codes(&env, Some(&go_bin), s.path(), "GOPRIVATE").contains(&"set-in-env".into()));
    assert!(codes(&env, Some(&go_bin), s.path(), "GOPROXY").contains(&"env-overrides-file".into()));
    let go_says = run_go(
        &go_bin,
        &["env", "-w", "GOPRIVATE=file.example"],
        &env,
        s.path(),
    );
    assert!(
        go_says
            .stderr
            .contains("does not override conflicting OS environment variable")
    );
}

#[test]
fn goroot_line() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    write_env_file(&s, &format!("GOROOT={}\n", goroot("1.27").display()));
    assert!(codes(&env, Some(&go_bin), s.path(), "GOROOT").contains(&"goroot-line".into()));
}

#[test]
fn ignored_line() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    write_env_file(
        &s,
        " GOPROXY=https://indented.example\ngoprivate=lower.example\n",
    );
    let found: Vec<String> = ["GOPROXY", "GOPRIVATE"]
        .iter()
        .flat_map(|k| codes(&env, Some(&go_bin), s.path(), k))
        .collect();
    assert!(found.contains(&"ignored-line".into()), "{found:?}");
    // The go command indeed ignores them.
    let out = common::go_env(&go_bin, &["GOPRIVATE"], &env, s.path());
    assert_eq!(out, [""]);
}

#[test]
fn goenv_off() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let mut env = s.env();
    env.insert("GOENV".into(), "off".into());
    assert!(codes(&env, Some(&go_bin), s.path(), "GOENV").contains(&"goenv-off".into()));
}

#[test]
fn no_env_file() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let mut env = s.env();
    env.remove("HOME");
    env.remove("XDG_CONFIG_HOME");
    assert!(codes(&env, Some(&go_bin), s.path(), "GOENV").contains(&"no-env-file".into()));
    let out = run_go(
        &go_bin,
        &["env", "-w", "GOPRIVATE=x.example"],
        &env,
        s.path(),
    );
    assert_ne!(out.code, 0, "go env -w fails there too");
}

#[test]
fn go_command_fails() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    // G16: a relative GOPATH element stops every go command before it starts.
    write_env_file(&s, "GOPATH=relative/dir\n");
    let out = run_go(&go_bin, &["env", "GOPROXY"], &env, s.path());
    assert_ne!(out.code, 0, "{}", out.stdout);
    assert!(codes(&env, Some(&go_bin), s.path(), "GOVERSION").contains(&"go-command-fails".into()));
}

/// A file saved as "UTF-8 with BOM" (Notepad): the go command ignores its first setting; the
/// line is flagged on the key it meant.
#[test]
fn a_byte_order_mark_hides_the_first_setting() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    write_env_file(
        &s,
        "\u{feff}GOPROXY=https://goproxy.cn,direct\nGOSUMDB=off\n",
    );
    let out = common::go_env(&go_bin, &["GOPROXY"], &env, s.path());
    assert_eq!(out, ["https://proxy.golang.org,direct"], "go ignores it");
    assert!(codes(&env, Some(&go_bin), s.path(), "GOPROXY").contains(&"ignored-line".into()));
}
