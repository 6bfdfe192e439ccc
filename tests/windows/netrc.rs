//! Credentials as go.exe reads them on Windows: `%USERPROFILE%\_netrc` (and `NETRC`), sent
//! over https only, to a loopback mirror (`localhost`) that wants HTTP basic authentication and
//! whose root the machine trusts (bound over the system roots in a private mount namespace):
//! go.exe downloads with either file and is refused without; `move-credentials` moves a
//! password from GOPROXY into the `_netrc` go.exe then uses. (The probe's own https check is
//! not compared here: Wine's chain policy fails the revocation check for a private root, which
//! Windows does not; see the README.)

use super::netlab::{self, Behaviour, LabMirror, TestCa};
use super::wine::{self, Wine, win};
use gomirror::goenv::location::EnvMap;
use std::path::{Path, PathBuf};

fn roots_with(ca: &TestCa, dir: &Path) -> PathBuf {
    let system = std::fs::read_to_string("/etc/ssl/certs/ca-certificates.crt").unwrap_or_default();
    let bundle = dir.join("roots.crt");
    std::fs::write(&bundle, format!("{system}\n{}", ca.ca_pem)).expect("bundle");
    bundle
}

fn go_downloads(w: &Wine, roots: &Path, extra: &EnvMap) -> bool {
    let mut env = extra.clone();
    env.insert("GOSUMDB".into(), "off".into());
    env.insert("GOFLAGS".into(), "-modcacherw".into());
    let cache = w.sandbox.path().join(format!("cache-{}", rand_suffix()));
    env.insert("GOMODCACHE".into(), win(&cache));
    let out = w.run_with_roots(
        Some(roots),
        &wine::go_exe(),
        &["mod", "download", "-json", "example.com/m@v1.0.0"],
        &env,
    );
    out.code == 0
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

#[test]
fn go_exe_reads_userprofile_netrc_and_netrc_and_move_credentials_writes_it() {
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
    let host_port = url
        .trim_start_matches("https://")
        .trim_end_matches('/')
        .to_string();
    let mut env = EnvMap::new();
    env.insert("GOPROXY".into(), url.clone());

    // No login anywhere: go.exe is refused, and the probe says the mirror wants one.
    assert!(
        !go_downloads(&w, &roots, &env),
        "downloaded without a login"
    );

    // %USERPROFILE%\_netrc: go.exe downloads, and the probe says the mirror works.
    let netrc = w.profile().join("_netrc");
    std::fs::write(
        &netrc,
        format!("machine {host_port} login alice password S3cr3t-pw\n"),
    )
    .expect("_netrc");
    assert!(
        go_downloads(&w, &roots, &env),
        "go.exe did not use %USERPROFILE%\\_netrc"
    );

    // NETRC names another file: both follow it.
    let other = w.sandbox.path().join("elsewhere-netrc");
    std::fs::rename(&netrc, &other).expect("move");
    env.insert("NETRC".into(), win(&other));
    assert!(go_downloads(&w, &roots, &env), "go.exe did not use NETRC");
    env.remove("NETRC");
    std::fs::remove_file(&other).expect("rm");

    // move-credentials: the password leaves GOPROXY for %USERPROFILE%\_netrc.
    let with_login = url.replacen("https://", "https://alice:S3cr3t-pw@", 1);
    let set = w.run(
        &wine::go_exe(),
        &["env", "-w", &format!("GOPROXY={with_login}")],
        &EnvMap::new(),
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    let mut genv = EnvMap::new();
    genv.insert("GOMIRROR_GO".into(), win(&wine::go_exe()));
    genv.insert(
        "GOMIRROR_DATA_DIR".into(),
        win(&w.sandbox.path().join("data")),
    );
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
    assert!(
        go_downloads(&w, &roots, &EnvMap::new()),
        "go.exe cannot use what move-credentials wrote"
    );
}
