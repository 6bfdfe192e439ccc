//! The probe engine against the loopback network lab: stage attribution, ranking, every fault's
//! verdict, the checksum-database pairing, proxies (CONNECT, NO_PROXY), TLS interception, and
//! no resource growth over 500 rounds.

mod stages;
mod verdicts;

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/netlab/mod.rs"]
mod netlab;

use gomirror::goenv::location::EnvMap;
use gomirror::mirrors::Mirror;
use gomirror::probe::checks::ProbeSpec;
use gomirror::probe::engine::{self, RoundConfig, RoundOutcome};
use gomirror::probe::recommend::SumdbChoice;
use gomirror::probe::stats::{Report, Verdict};
use gomirror::probe::tls::Roots;
use netlab::{Behaviour, LabMirror, TestCa};
use std::time::Duration;

/// The tests here measure milliseconds: run them one at a time so they do not disturb each other.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn lab_env(ca_file: Option<&std::path::Path>) -> EnvMap {
    let mut env = EnvMap::new();
    if let Some(f) = ca_file {
        env.insert("SSL_CERT_FILE".into(), f.display().to_string());
    }
    env
}

fn spec(samples: usize, timeout_ms: u64) -> ProbeSpec {
    let mut spec = netlab::lab_spec(samples, Duration::from_millis(timeout_ms));
    spec.zip_cap_bytes = 2 * 1024 * 1024;
    spec
}

fn round(mirrors: Vec<Mirror>, spec: ProbeSpec, env: EnvMap) -> RoundOutcome {
    let config = RoundConfig {
        mirrors,
        spec,
        roots: Roots::from_env(&env),
        env,
        sumdb: SumdbChoice::default(),
        concurrency: 16,
    };
    engine::run_blocking(config, |_| {})
        .expect("runtime")
        .expect("not cancelled")
}

fn report<'a>(o: &'a RoundOutcome, id: &str) -> &'a Report {
    o.reports
        .iter()
        .find(|r| r.measurement.id == id)
        .unwrap_or_else(|| panic!("no report for {id}"))
}

fn median(s: Option<gomirror::probe::stats::StageStats>) -> f64 {
    s.map(|s| s.median_ms).unwrap_or(f64::NAN)
}
