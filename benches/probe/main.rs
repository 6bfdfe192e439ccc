//! Mirror ranking, side by side in one run on a loopback lab of 8 mirrors (header delays
//! 20-300 ms, one hanging, one 5xx, one without checksum proxy, one with a slow body):
//! gomirror's engine, a chsrc-style baseline (sequential GET of a large zip, 8 s cap), an
//! nrm-style baseline (parallel single GET, 5 s timeout), and `curl -w` as the timing reference.
//!
//! `cargo bench --bench probe` runs the full comparison (20 runs of ours); under `cargo test`
//! it runs once as a smoke test.

mod baselines;

use baselines::{chsrc_style, curl_ttfb, nrm_style};

#[path = "../../tests/common/netlab/mod.rs"]
mod netlab;

use gomirror::goenv::location::EnvMap;
use gomirror::mirrors::Mirror;
use gomirror::probe::engine::{self, ProbeEvent, RoundConfig};
use gomirror::probe::http::{self, Limits};
use gomirror::probe::recommend::SumdbChoice;
use gomirror::probe::resolve::Resolver;
use gomirror::probe::stats::Verdict;
use gomirror::probe::tls::Roots;
use netlab::{Behaviour, LabMirror, TestCa};
use std::time::{Duration, Instant};

struct Lab {
    mirrors: Vec<(String, LabMirror, Option<u64>)>,
    ca_file: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

fn lab(rt: &tokio::runtime::Runtime) -> Lab {
    let dir = tempfile::tempdir().expect("tmp");
    let ca = TestCa::new("bench");
    let ca_file = ca.write_ca(dir.path());
    let d = |ms: u64| Behaviour {
        header_delay: Duration::from_millis(ms),
        ..Behaviour::default()
    };
    let mk = |id: &str, b: Behaviour, tls: bool, delay: Option<u64>| {
        (
            id.to_string(),
            LabMirror::start(rt, b, tls.then_some(&ca)),
            delay,
        )
    };
    let mirrors = vec![
        mk("fast-20ms", d(20), false, Some(20)),
        mk(
            "tls-80ms",
            Behaviour {
                tls_delay: Duration::from_millis(40),
                ..d(80)
            },
            true,
            Some(80),
        ),
        mk("mid-150ms", d(150), false, Some(150)),
        mk("far-300ms", d(300), false, Some(300)),
        mk("hanging", Behaviour { hang: true, ..d(0) }, false, None),
        mk(
            "http-503",
            Behaviour {
                all_status: Some(503),
                ..d(30)
            },
            false,
            Some(30),
        ),
        mk(
            "no-sumdb-50ms",
            Behaviour {
                sumdb_supported: 404,
                ..d(50)
            },
            false,
            Some(50),
        ),
        mk(
            "slow-body-40ms",
            Behaviour {
                bandwidth_bps: Some(400_000),
                ..d(40)
            },
            false,
            Some(40),
        ),
    ];
    Lab {
        mirrors,
        ca_file,
        _dir: dir,
    }
}

fn env(lab: &Lab) -> EnvMap {
    let mut env = EnvMap::new();
    env.insert("SSL_CERT_FILE".into(), lab.ca_file.display().to_string());
    env
}

fn catalogue(lab: &Lab) -> Vec<Mirror> {
    lab.mirrors
        .iter()
        .map(|(id, s, _)| netlab::named_mirror(id, &s.url))
        .collect()
}

struct Run {
    first_ms: f64,
    full_ms: f64,
    top: Option<String>,
    /// The pick is a healthy mirror (the baselines' picks are judged the same way).
    top_usable: bool,
}

/// Our ranked mirrors with their verdict and score, best first.
type Ranking = Vec<(String, Verdict, Option<f64>)>;

fn ours(lab: &Lab) -> (Run, Vec<(String, f64, f64)>, Ranking) {
    let env = env(lab);
    let config = RoundConfig {
        mirrors: catalogue(lab),
        spec: netlab::lab_spec(3, PROBE_TIMEOUT),
        roots: Roots::from_env(&env),
        env,
        sumdb: SumdbChoice::default(),
        concurrency: 16,
    };
    let start = Instant::now();
    let mut first = None;
    let outcome = engine::run_blocking(config, |e| {
        if matches!(e, ProbeEvent::Measured { .. }) && first.is_none() {
            first = Some(start.elapsed().as_secs_f64() * 1000.0);
        }
    })
    .expect("rt")
    .expect("round");
    let full = start.elapsed().as_secs_f64() * 1000.0;
    let top = outcome.reports.first().filter(|r| r.rank == Some(1));
    let stages = outcome
        .reports
        .iter()
        .map(|r| {
            let m = &r.measurement;
            (
                m.id.clone(),
                m.ttfb.map_or(f64::NAN, |s| s.median_ms),
                m.tls.map_or(f64::NAN, |s| s.median_ms),
            )
        })
        .collect();
    (
        Run {
            first_ms: first.unwrap_or(full),
            full_ms: full,
            top: top.map(|r| r.measurement.id.clone()),
            top_usable: top.is_some_and(|r| r.verdict == Verdict::Healthy),
        },
        stages,
        outcome
            .reports
            .iter()
            .map(|r| (r.measurement.id.clone(), r.verdict, r.score))
            .collect(),
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let runs = if full { 20 } else { 1 };
    let rt = netlab::lab_runtime();
    let lab = lab(&rt);
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("rt");

    let mut our_runs = Vec::new();
    let mut our_rankings = Vec::new();
    let mut stage_errors = Vec::new();
    let mut curl_errors = Vec::new();
    for _ in 0..runs {
        let (run, stages, ranking) = ours(&lab);
        // Stage error: measured TTFB minus the injected header delay (the lab adds ~0 ms).
        for (id, ttfb, _) in &stages {
            if let Some((_, _, Some(delay))) = lab.mirrors.iter().find(|(i, _, _)| i == id)
                && id != "http-503"
            {
                stage_errors.push((ttfb - *delay as f64).abs());
            }
        }
        our_runs.push(run);
        our_rankings.push(ranking);
    }
    for (id, s, delay) in &lab.mirrors {
        if let (Some(delay), Some((ttfb, _))) = (delay, curl_ttfb(&lab, &s.url))
            && id != "http-503"
        {
            curl_errors.push((ttfb - *delay as f64).abs());
        }
    }
    let baseline_runs = if full { 3 } else { 1 };
    let chsrc: Vec<Run> = if full {
        (0..baseline_runs)
            .map(|_| chsrc_style(&lab, &client_rt))
            .collect()
    } else {
        Vec::new()
    };
    let nrm: Vec<Run> = (0..baseline_runs)
        .map(|_| nrm_style(&lab, &client_rt))
        .collect();

    let summarize = |name: &str, runs: &[Run], ours_full: f64| {
        if runs.is_empty() {
            return;
        }
        let first = median(runs.iter().map(|r| r.first_ms).collect());
        let fullm = median(runs.iter().map(|r| r.full_ms).collect());
        let correct = runs
            .iter()
            .filter(|r| r.top.as_deref() == Some("fast-20ms"))
            .count();
        let usable = runs.iter().filter(|r| r.top_usable).count();
        println!(
            "{name:<12} {first:>10.0} {fullm:>12.0} {:>9.2}x {:>7}/{:<3} {:>7}/{:<3} {}",
            fullm / ours_full,
            correct,
            runs.len(),
            usable,
            runs.len(),
            runs.last().and_then(|r| r.top.clone()).unwrap_or_default()
        );
    };
    let ours_full = median(our_runs.iter().map(|r| r.full_ms).collect());
    println!(
        "lab: 8 mirrors (20/80(TLS+40)/150/300 ms, hanging, 503, no checksum proxy, slow body); per-probe timeout {} ms",
        PROBE_TIMEOUT.as_millis()
    );
    println!(
        "{:<12} {:>10} {:>12} {:>10} {:>11} {:>11} last top pick",
        "tool", "first ms", "full ms", "vs ours", "top right", "usable"
    );
    summarize("gomirror", &our_runs, ours_full);
    summarize("chsrc-style", &chsrc, ours_full);
    summarize("nrm-style", &nrm, ours_full);
    println!(
        "stage error vs injected delay (TTFB): gomirror median {:.2} ms over {} samples; curl -w median {:.2} ms over {}",
        median(stage_errors.clone()),
        stage_errors.len(),
        median(curl_errors.clone()),
        curl_errors.len()
    );
    let budget = PROBE_TIMEOUT.as_secs_f64() * 1000.0 * 1.1;
    let top_ok = our_runs
        .iter()
        .filter(|r| r.top.as_deref() == Some("fast-20ms") && r.top_usable)
        .count();
    println!(
        "targets: full ranking {:.0} ms <= {budget:.0} ms: {}; top pick {top_ok}/{}: {}; stage error < 3 ms: {}",
        ours_full,
        ours_full <= budget,
        our_runs.len(),
        top_ok == our_runs.len(),
        median(stage_errors) < 3.0
    );
    // Under `cargo test` (a debug build, one run) this is a smoke run: the numbers are printed,
    // and only the full benchmark holds them to the targets.
    if full {
        assert!(ours_full <= budget, "full ranking took {ours_full:.0} ms");
        assert_eq!(top_ok, our_runs.len(), "top pick wrong");
    } else {
        // A debug build on a busy machine measures noisily, so the order of close mirrors may
        // change (a degraded one's 2 s penalty can be outweighed by one slow sample); what must
        // hold is that the pick is a mirror the go command can use, never a broken or hanging one.
        for ranking in &our_rankings {
            println!("smoke ranking: {ranking:?}");
            let (id, verdict, _) = ranking.first().expect("a ranked mirror");
            assert!(
                verdict.usable(),
                "the smoke run's top pick {id} is {verdict:?}"
            );
        }
    }
}
