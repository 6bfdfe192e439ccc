//! The recommendation works for real: against a lab of one hanging mirror, one answering 5xx,
//! one without checksum proxy and one healthy HTTPS mirror that proxies a real checksum database
//! (built from the toolchain's own x/mod, §11), the go command given the recommended
//! GOPROXY/GOSUMDB downloads a module and verifies it; pointed at the hanging mirror instead, it
//! does not finish (bounded by our runner's timeout).

mod common;
#[path = "common/labsumdb.rs"]
mod labsumdb;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go};
use gomirror::goenv::gocmd::{self, GoCommand, RunError};
use gomirror::goenv::location::EnvMap;
use gomirror::probe::checks::ProbeSpec;
use gomirror::probe::engine::{self, RoundConfig};
use gomirror::probe::recommend::SumdbChoice;
use gomirror::probe::stats::Verdict;
use gomirror::probe::tls::Roots;
use netlab::{Behaviour, LabMirror, TestCa};
use std::time::Duration;

fn download(
    env: &EnvMap,
    sandbox: &Sandbox,
    timeout: Duration,
) -> Result<gocmd::GoOutput, RunError> {
    let cmd = GoCommand {
        program: go("1.27"),
        args: vec![
            "mod".into(),
            "download".into(),
            "-json".into(),
            "example.com/m@v1.0.0".into(),
        ],
        env: env.clone(),
        cwd: sandbox.path().to_path_buf(),
        timeout,
    };
    gocmd::run_blocking(&cmd)
}

#[test]
fn recommended_settings_download_and_verify_with_the_go_command() {
    let sandbox = Sandbox::new();
    let db = labsumdb::start(&sandbox, "sum.lab.example");
    let rt = netlab::lab_runtime();
    let ca = TestCa::new("recommend");
    let ca_file = ca.write_ca(sandbox.path());
    let hang = LabMirror::start(&rt, Behaviour::hanging(), None);
    let e503 = LabMirror::start(
        &rt,
        Behaviour {
            all_status: Some(503),
            ..Behaviour::default()
        },
        None,
    );
    let nosumdb = LabMirror::start(
        &rt,
        Behaviour {
            sumdb_supported: 404,
            ..Behaviour::default()
        },
        None,
    );
    let healthy = LabMirror::start(
        &rt,
        Behaviour {
            sumdb_upstream: Some(db.addr.clone()),
            ..Behaviour::default()
        },
        Some(&ca),
    );
    let mut env = EnvMap::new();
    env.insert("SSL_CERT_FILE".into(), ca_file.display().to_string());
    let config = RoundConfig {
        mirrors: vec![
            netlab::named_mirror("hang", &hang.url),
            netlab::named_mirror("e503", &e503.url),
            netlab::named_mirror("nosumdb", &nosumdb.url),
            netlab::named_mirror("healthy", &healthy.url),
        ],
        spec: ProbeSpec {
            sumdb_name: "sum.lab.example".into(),
            ..netlab::lab_spec(2, Duration::from_secs(3))
        },
        roots: Roots::from_env(&env),
        env: env.clone(),
        sumdb: SumdbChoice {
            default: db.vkey.clone(),
            fallback: format!("{} http://{}", db.vkey, db.addr),
        },
        concurrency: 8,
    };
    let outcome = engine::run_blocking(config, |_| {})
        .expect("rt")
        .expect("round");
    let verdict = |id: &str| {
        outcome
            .reports
            .iter()
            .find(|r| r.measurement.id == id)
            .map(|r| r.verdict)
    };
    assert_eq!(verdict("hang"), Some(Verdict::Unreachable));
    assert_eq!(verdict("e503"), Some(Verdict::Broken));
    assert_eq!(verdict("nosumdb"), Some(Verdict::NoChecksumProxy));
    assert_eq!(verdict("healthy"), Some(Verdict::Healthy));
    let rec = outcome.recommended.as_ref().expect("a recommendation");
    assert!(
        !rec.goproxy.contains(&hang.url) && !rec.goproxy.contains(&e503.url),
        "{}",
        rec.goproxy
    );
    assert!(
        rec.goproxy.contains(&healthy.url) && rec.goproxy.ends_with(",direct"),
        "{}",
        rec.goproxy
    );
    assert_eq!(
        rec.gosumdb.as_deref(),
        Some(db.vkey.as_str()),
        "the healthy mirror proxies the database"
    );

    let mut go_env = sandbox.env();
    go_env.insert("GOPROXY".into(), rec.goproxy.clone());
    go_env.insert(
        "GOSUMDB".into(),
        rec.gosumdb.clone().expect("a database seen working"),
    );
    go_env.insert("SSL_CERT_FILE".into(), ca_file.display().to_string());
    go_env.insert("GOFLAGS".into(), "-modcacherw".into());
    go_env.insert("GOTOOLCHAIN".into(), "local".into());
    let out =
        download(&go_env, &sandbox, Duration::from_secs(60)).expect("the go command finished");
    assert!(
        out.success(),
        "go mod download failed: {}{}",
        out.stdout,
        out.stderr
    );
    let lookups: Vec<String> = healthy
        .requests()
        .into_iter()
        .filter(|p| p.contains("/lookup/"))
        .collect();
    assert!(
        !lookups.is_empty(),
        "the checksum was verified through the healthy mirror: {:?}",
        healthy.requests()
    );

    // The "default" configuration pointed at the hanging mirror never finishes.
    let mut default_env = sandbox.env();
    default_env.insert("GOPROXY".into(), format!("{},direct", hang.url));
    default_env.insert("GOSUMDB".into(), db.vkey.clone());
    default_env.insert(
        "GOMODCACHE".into(),
        sandbox.path().join("cold-cache").display().to_string(),
    );
    default_env.insert("GOFLAGS".into(), "-modcacherw".into());
    default_env.insert("GOTOOLCHAIN".into(), "local".into());
    let hung = download(&default_env, &sandbox, Duration::from_secs(5));
    assert!(matches!(hung, Err(RunError::Timeout { .. })), "{hung:?}");
}
