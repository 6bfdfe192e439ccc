//! Processes under Wine: `verify` stops go.exe and everything it started at its deadline, and
//! go.exe dies with a killed gomirror.exe (its job object).

use super::*;

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
    let hang = netlab::LabMirror::start(&rt, netlab::Behaviour::hanging(), None);
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
    let v: serde_json::Value = crate::common::json(&out);
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
