//! No file-descriptor or memory growth over 500 probe rounds against the lab. A test binary of
//! its own, so that no other test shares the process it measures.

mod common;
#[path = "common/netlab/mod.rs"]
mod netlab;

use gomirror::goenv::location::EnvMap;
use gomirror::probe::checks::ProbeSpec;
use gomirror::probe::engine::{self, RoundConfig};
use gomirror::probe::recommend::SumdbChoice;
use gomirror::probe::tls::Roots;
use netlab::{Behaviour, LabMirror, TestCa};
use std::time::Duration;

fn spec() -> ProbeSpec {
    netlab::lab_spec(1, Duration::from_secs(3))
}

fn lab_env(ca_file: Option<&std::path::Path>) -> EnvMap {
    let mut env = EnvMap::new();
    if let Some(f) = ca_file {
        env.insert("SSL_CERT_FILE".into(), f.display().to_string());
    }
    env
}

#[test]
fn no_descriptor_or_memory_growth_over_500_rounds() {
    let rt = netlab::lab_runtime();
    let dir = tempfile::tempdir().expect("tmp");
    let ca = TestCa::new("soak");
    let ca_file = ca.write_ca(dir.path());
    let a = LabMirror::start(&rt, Behaviour::default(), Some(&ca));
    let b = LabMirror::start(
        &rt,
        Behaviour {
            all_status: Some(503),
            ..Behaviour::default()
        },
        None,
    );
    let env = lab_env(Some(&ca_file));
    let config = RoundConfig {
        mirrors: vec![
            netlab::named_mirror("a", &a.url),
            netlab::named_mirror("b", &b.url),
        ],
        spec: spec(),
        roots: Roots::from_env(&env),
        env,
        sumdb: SumdbChoice::default(),
        concurrency: 4,
    };
    let probe_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("rt");
    let (_keep, cancel) = tokio::sync::watch::channel(false);
    let mut warm = (0, 0);
    for i in 0..500 {
        let o = probe_rt
            .block_on(engine::run_round(config.clone(), cancel.clone(), |_| {}))
            .expect("round");
        assert_eq!(o.reports.len(), 2);
        if i == 49 {
            warm = (common::open_fds(), common::rss_kib());
        }
        if i % 50 == 0 && std::env::var("SOAK_TRACE").is_ok() {
            eprintln!(
                "round {i}: fds {} rss {} KiB",
                common::open_fds(),
                common::rss_kib()
            );
        }
    }
    let (fds, rss) = (common::open_fds(), common::rss_kib());
    assert!(
        fds <= warm.0 + 8,
        "descriptors grew from {} to {fds}",
        warm.0
    );
    assert!(
        rss <= warm.1 + 20 * 1024,
        "memory grew from {} KiB to {rss} KiB",
        warm.1
    );
}
