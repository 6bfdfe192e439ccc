//! Credentials as go.exe reads them on Windows: `%USERPROFILE%\_netrc` (and `NETRC`), sent
//! over https only, to a loopback mirror (`localhost`) that wants HTTP basic authentication and
//! whose root the machine trusts (bound over the system roots in a private mount namespace).
//! The Mirrors sign-in (`gomirror login`) writes the `_netrc` go.exe then downloads with, the
//! probe judges the mirror as go.exe does at every step (a login wanted, then working, through
//! either file, its certificate verified through CryptoAPI as go.exe verifies it), and
//! `move-credentials` moves a password from GOPROXY into the `_netrc` go.exe then uses.

use super::netlab::{self, Behaviour, LabMirror, TestCa};
use super::wine::{self, Wine, win};
use gomirror::goenv::location::EnvMap;
use std::path::{Path, PathBuf};

const MODULE: &str = "example.com/m@v1.0.0";

fn roots_with(ca: &TestCa, dir: &Path) -> PathBuf {
    let system = std::fs::read_to_string("/etc/ssl/certs/ca-certificates.crt").unwrap_or_default();
    let bundle = dir.join("roots.crt");
    std::fs::write(&bundle, format!("{system}\n{}", ca.ca_pem)).expect("bundle");
    bundle
}

/// go.exe's verdict and the probe's, which must agree.
fn both(w: &Wine, roots: &Path, url: &str, env: &EnvMap, want: bool, step: &str) {
    let go = w.go_download(Some(roots), MODULE, env);
    assert_eq!(
        go.code == 0,
        want,
        "{step}: go.exe {}: {}",
        if want { "was refused" } else { "downloaded" },
        go.stderr
    );
    let probe = w.probe(Some(roots), url, env);
    assert_eq!(probe["tls_verified"], true, "{step}: {probe}");
    let verdict = probe["verdict"].as_str().unwrap_or_default();
    if want {
        assert!(
            ![
                "broken",
                "unreachable",
                "login-page",
                "tampered",
                "needs-auth"
            ]
            .contains(&verdict),
            "{step}: go.exe downloads, the probe says {verdict}: {probe}"
        );
    } else {
        assert_eq!(verdict, "needs-auth", "{step}: {probe}");
    }
}

#[test]
fn sign_in_probe_and_move_credentials_use_the_netrc_go_exe_reads() {
    let w = Wine::new();
    let rt = netlab::lab_runtime();
    let ca = TestCa::new("windows-netrc");
    let mirror = LabMirror::start(
        &rt,
        Behaviour {
            basic_auth: Some(("alice".into(), "S3cr3t-pw".into())),
            ..Behaviour::default()
        },
        Some(&ca),
    );
    let roots = roots_with(&ca, w.sandbox.path());
    // By name: Wine's chain policy does not match an IP address in a certificate.
    let url = mirror.url.replacen("127.0.0.1", "localhost", 1);
    let mut env = EnvMap::new();
    env.insert("GOPROXY".into(), url.clone());

    // No login anywhere: go.exe is refused, and the probe says the mirror wants one.
    both(&w, &roots, &url, &env, false, "no login");

    // The sign-in: the password on standard input, into %USERPROFILE%\_netrc.
    let mut genv = EnvMap::new();
    genv.insert("GOMIRROR_GO".into(), win(&wine::go_exe()));
    genv.insert(
        "GOMIRROR_DATA_DIR".into(),
        win(&w.sandbox.path().join("data")),
    );
    let signed = w.run_fed(
        None,
        &wine::gomirror_exe(),
        &["login", &url, "--user", "alice", "--json"],
        &genv,
        Some("S3cr3t-pw\r\n"),
    );
    assert_eq!(signed.code, 0, "{}{}", signed.stdout, signed.stderr);
    assert!(!signed.stdout.contains("S3cr3t-pw"), "{}", signed.stdout);
    let netrc = w.profile().join("_netrc");
    let written = std::fs::read_to_string(&netrc).expect("the _netrc the sign-in wrote");
    assert!(
        written.contains("login alice") && written.contains("password S3cr3t-pw"),
        "{written}"
    );
    both(&w, &roots, &url, &env, true, "after the sign-in");

    // NETRC names another file: both follow it.
    let other = w.sandbox.path().join("elsewhere-netrc");
    std::fs::rename(&netrc, &other).expect("move");
    env.insert("NETRC".into(), win(&other));
    both(&w, &roots, &url, &env, true, "NETRC");
    env.remove("NETRC");
    both(&w, &roots, &url, &env, false, "the _netrc moved away");
    std::fs::remove_file(&other).expect("rm");

    // move-credentials: the password leaves GOPROXY for %USERPROFILE%\_netrc.
    let with_login = url.replacen("https://", "https://alice:S3cr3t-pw@", 1);
    let set = w.run(
        &wine::go_exe(),
        &["env", "-w", &format!("GOPROXY={with_login}")],
        &EnvMap::new(),
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    let moved = w.run(
        &wine::gomirror_exe(),
        &["move-credentials", "--json"],
        &genv,
    );
    assert_eq!(moved.code, 0, "{}{}", moved.stdout, moved.stderr);
    assert!(!moved.stdout.contains("S3cr3t-pw"), "{}", moved.stdout);
    let written = std::fs::read_to_string(&netrc).expect("the _netrc move-credentials wrote");
    assert!(
        written.contains("login alice") && written.contains("S3cr3t-pw"),
        "{written}"
    );
    let file = std::fs::read_to_string(w.env_file()).expect("env file");
    assert!(!file.contains("S3cr3t-pw"), "{file}");
    // go.exe, with the env file's GOPROXY (no password in it), downloads through the _netrc.
    let go = w.go_download(Some(&roots), MODULE, &EnvMap::new());
    assert_eq!(
        go.code, 0,
        "go.exe cannot use what move-credentials wrote: {}",
        go.stderr
    );
}
