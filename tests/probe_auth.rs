//! A company proxy that wants a login: a lab mirror behind HTTP basic authentication (HTTPS,
//! its own CA, proxying a real checksum database). Without `.netrc` the probe says
//! `needs-auth` with the explanation; with the entry it is usable, and the real go command
//! downloads and verifies through it, reading the same entry.

mod common;
#[path = "common/labsumdb.rs"]
mod labsumdb;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go};
use gomirror::goenv::gocmd::{self, GoCommand};
use gomirror::probe::checks::ProbeSpec;
use gomirror::probe::engine::{self, RoundConfig};
use gomirror::probe::recommend::SumdbChoice;
use gomirror::probe::stats::Verdict;
use gomirror::probe::tls::Roots;
use netlab::{Behaviour, LabMirror, TestCa};
use std::time::Duration;

#[test]
fn a_mirror_behind_basic_auth_needs_netrc_and_then_works_for_the_go_command() {
    let s = Sandbox::new();
    let db = labsumdb::start(&s, "sum.lab.example");
    let rt = netlab::lab_runtime();
    let ca = TestCa::new("company");
    let ca_file = ca.write_ca(s.path());
    let mirror = LabMirror::start(
        &rt,
        Behaviour {
            basic_auth: Some(("alice".into(), "c0mpany-pw".into())),
            sumdb_upstream: Some(db.addr.clone()),
            ..Behaviour::default()
        },
        Some(&ca),
    );
    let netrc = s.home.join(".netrc");
    let mut env = s.env();
    env.insert("SSL_CERT_FILE".into(), ca_file.display().to_string());
    env.insert("NETRC".into(), netrc.display().to_string());
    let probe = |env: &gomirror::goenv::location::EnvMap| {
        let config = RoundConfig {
            mirrors: vec![netlab::named_mirror("company", &mirror.url)],
            spec: ProbeSpec {
                sumdb_name: "sum.lab.example".into(),
                ..netlab::lab_spec(2, Duration::from_secs(3))
            },
            roots: Roots::from_env(env),
            env: env.clone(),
            sumdb: SumdbChoice {
                default: db.vkey.clone(),
                fallback: db.vkey.clone(),
            },
            concurrency: 4,
        };
        engine::run_blocking(config, |_| {})
            .expect("runtime")
            .expect("round")
            .reports
            .remove(0)
    };
    let without = probe(&env);
    assert_eq!(without.verdict, Verdict::NeedsAuth, "{:?}", without.reason);
    assert!(
        without.reason.en.contains(".netrc") && without.reason.zh.contains(".netrc"),
        "{:?}",
        without.reason
    );
    assert!(
        serde_json::to_string(&without.verdict)
            .expect("json")
            .contains("needs-auth")
    );

    // As the go command (1.21+) matches: a URL with a port needs `machine host:port`.
    std::fs::write(
        &netrc,
        "machine 127.0.0.1 login alice password c0mpany-pw\n",
    )
    .expect("netrc");
    assert_eq!(
        probe(&env).verdict,
        Verdict::NeedsAuth,
        "host without the port"
    );
    let hostport = mirror
        .url
        .trim_start_matches("https://")
        .trim_end_matches('/')
        .to_string();
    std::fs::write(
        &netrc,
        format!("machine {hostport} login alice password c0mpany-pw\n"),
    )
    .expect("netrc");
    let with = probe(&env);
    assert!(
        with.verdict.usable(),
        "{:?}: {:?}",
        with.verdict,
        with.reason
    );

    // The go command reads the same entry, downloads and verifies.
    let mut go_env = env.clone();
    go_env.insert("GOPROXY".into(), mirror.url.clone());
    go_env.insert("GOSUMDB".into(), db.vkey.clone());
    go_env.insert("GOTOOLCHAIN".into(), "local".into());
    go_env.insert(
        "GOMODCACHE".into(),
        s.path().join("modcache").display().to_string(),
    );
    go_env.insert("GOFLAGS".into(), "-modcacherw".into());
    let out = gocmd::run_blocking(&GoCommand {
        program: go("1.27"),
        args: vec![
            "mod".into(),
            "download".into(),
            "-json".into(),
            "example.com/m@v1.0.0".into(),
        ],
        env: go_env,
        cwd: s.path().to_path_buf(),
        timeout: Duration::from_secs(60),
    })
    .expect("go runs");
    assert!(out.success(), "{}{}", out.stdout, out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert!(
        v["Sum"].as_str().is_some_and(|s| s.starts_with("h1:")),
        "{v}"
    );
    assert!(v.get("Error").is_none(), "{v}");
}
