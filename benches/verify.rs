//! Verification, side by side in one run on the lab (12 modules through a mirror that answers
//! after 20 ms): a plain `go mod download -json` of the modules (fresh module cache) against
//! `gomirror verify` of the same (throwaway cache, `-x` progress, deadline, report), and three
//! configurations verified side by side against the slowest of them alone. Targets: overhead
//! < 5 % + 50 ms; side by side within 1.2x of the slowest alone.
//!
//! `cargo bench --bench verify` runs 10 rounds; under `cargo test` it runs once as a smoke test.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/netlab/mod.rs"]
mod netlab;

use gomirror::verify::run::{Request, verify};
use netlab::{Behaviour, LabMirror};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let runs = if full { 10 } else { 1 };
    let sandbox = common::Sandbox::new();
    let go = common::go("1.27");
    let rt = netlab::lab_runtime();
    let delayed = |ms: u64| {
        LabMirror::start(
            &rt,
            Behaviour {
                header_delay: Duration::from_millis(ms),
                ..Behaviour::default()
            },
            None,
        )
    };
    let mirrors = [delayed(20), delayed(40), delayed(60)];
    let modules: Vec<String> = (0..12)
        .map(|i| format!("example.com/m{i}@v1.0.0"))
        .collect();
    let request = |mirror: &LabMirror| Request {
        go: go.clone(),
        env: sandbox.env(),
        settings: BTreeMap::from([
            ("GOPROXY".to_string(), mirror.url.clone()),
            ("GOSUMDB".to_string(), "off".to_string()),
        ]),
        dir: None,
        modules: modules.clone(),
        timeout: Duration::from_secs(60),
        private_hosts: Vec::new(),
        measured_goproxy: None,
    };

    let mut plain = Vec::new();
    let mut ours = Vec::new();
    let mut alone = Vec::new();
    let mut together = Vec::new();
    for run in 0..runs {
        // Plain: the go command alone, fresh cache.
        let cache = sandbox.path().join(format!("plain-cache-{run}"));
        let mut env = sandbox.env();
        for (k, v) in [
            ("GOPROXY", mirrors[0].url.as_str()),
            ("GOSUMDB", "off"),
            ("GOTOOLCHAIN", "local"),
            ("GOFLAGS", "-modcacherw"),
        ] {
            env.insert(k.into(), v.into());
        }
        env.insert("GOMODCACHE".into(), cache.display().to_string());
        let mut args = vec!["mod", "download", "-json"];
        args.extend(modules.iter().map(String::as_str));
        let start = Instant::now();
        let out = common::run_go(&go, &args, &env, sandbox.path());
        plain.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let _ = std::fs::remove_dir_all(&cache);

        let start = Instant::now();
        let o = verify(&request(&mirrors[0]));
        ours.push(start.elapsed().as_secs_f64() * 1000.0);
        assert!(o.ok, "{o:?}");
        assert_eq!(o.modules.len(), modules.len());

        // The slowest configuration alone, then all three side by side.
        let start = Instant::now();
        assert!(verify(&request(&mirrors[2])).ok);
        alone.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = Instant::now();
        std::thread::scope(|s| {
            let handles: Vec<_> = mirrors
                .iter()
                .map(|m| {
                    let r = request(m);
                    s.spawn(move || verify(&r))
                })
                .collect();
            for h in handles {
                assert!(h.join().expect("thread").ok);
            }
        });
        together.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let (plain, ours, alone, together) =
        (median(plain), median(ours), median(alone), median(together));
    let overhead = ours - plain;
    let budget = plain * 0.05 + 50.0;
    println!(
        "verify, {} modules on the lab, median of {runs}:",
        modules.len()
    );
    println!(
        "  plain go mod download -json: {plain:.0} ms; gomirror verify: {ours:.0} ms (overhead {overhead:.0} ms, budget {budget:.0} ms, x{:.2})",
        ours / plain
    );
    println!(
        "  three configurations side by side: {together:.0} ms; the slowest alone: {alone:.0} ms (x{:.2}, target 1.2)",
        together / alone
    );
    println!(
        "targets: overhead < 5% + 50 ms: {}; side by side within 1.2x: {}",
        overhead < budget,
        together <= alone * 1.2
    );
}
