//! The background worker (requests in, events out, cancel, watch) and the probe/recommend CLI,
//! against the loopback lab.

mod common;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go, gomirror_ok};
use gomirror::goenv::location::EnvMap;
use gomirror::mirrors::Mirror;
use gomirror::probe::checks::ProbeSpec;
use gomirror::probe::engine::{ProbeEvent, RoundConfig};
use gomirror::probe::recommend::SumdbChoice;
use gomirror::probe::tls::Roots;
use gomirror::worker::{Event, Request, Worker};
use netlab::{Behaviour, LabMirror};
use std::sync::mpsc;
use std::time::Duration;

fn spec() -> ProbeSpec {
    netlab::lab_spec(2, Duration::from_secs(3))
}

fn config(urls: &[&str]) -> Box<RoundConfig> {
    let env = EnvMap::new();
    Box::new(RoundConfig {
        mirrors: urls.iter().map(|u| Mirror::custom(u)).collect(),
        spec: spec(),
        roots: Roots::from_env(&env),
        env,
        sumdb: SumdbChoice::default(),
        concurrency: 4,
    })
}

fn start_worker() -> (Worker, mpsc::Receiver<Event>) {
    let (tx, rx) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    let worker = Worker::start(move |e| {
        if let Ok(tx) = tx.lock() {
            let _ = tx.send(e);
        }
    })
    .expect("worker");
    (worker, rx)
}

#[test]
fn worker_streams_results_with_the_request_id() {
    let rt = netlab::lab_runtime();
    let a = LabMirror::start(&rt, Behaviour::default(), None);
    let hang = LabMirror::start(&rt, Behaviour::hanging(), None);
    let (worker, rx) = start_worker();
    assert!(worker.send(Request::Probe {
        id: 7,
        config: config(&[&a.url, &hang.url])
    }));
    let mut measured = 0;
    let mut finished = None;
    while finished.is_none() {
        match rx.recv_timeout(Duration::from_secs(10)).expect("event") {
            Event::Probe { id, event } => {
                assert_eq!(id, 7);
                match event {
                    ProbeEvent::Measured { .. } => measured += 1,
                    ProbeEvent::Finished { outcome } => finished = Some(outcome),
                    _ => {}
                }
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(measured, 2);
    let outcome = finished.expect("finished");
    assert_eq!(outcome.reports[0].measurement.url, a.url);
    assert!(outcome.first_result_ms.expect("first") < outcome.elapsed_ms);
}

#[test]
fn worker_cancels_a_round() {
    let rt = netlab::lab_runtime();
    let hang = LabMirror::start(&rt, Behaviour::hanging(), None);
    let (worker, rx) = start_worker();
    worker.send(Request::Probe {
        id: 1,
        config: config(&[&hang.url]),
    });
    // Cancel once the round has started (an event, not a guess at how long that takes).
    let started = rx.recv_timeout(Duration::from_secs(10));
    assert!(
        matches!(
            started,
            Ok(Event::Probe {
                event: ProbeEvent::Started { .. },
                ..
            })
        ),
        "{started:?}"
    );
    worker.send(Request::Cancel { id: 1 });
    let mut cancelled = false;
    while let Ok(Event::Probe { event, .. }) = rx.recv_timeout(Duration::from_secs(2)) {
        if matches!(event, ProbeEvent::Cancelled) {
            cancelled = true;
            break;
        }
        assert!(
            !matches!(event, ProbeEvent::Finished { .. }),
            "a cancelled round must not finish"
        );
    }
    assert!(cancelled);
}

#[test]
fn worker_watch_mode_samples_and_backs_off() {
    let rt = netlab::lab_runtime();
    let down = LabMirror::start(
        &rt,
        Behaviour {
            all_status: Some(503),
            ..Behaviour::default()
        },
        None,
    );
    let up = LabMirror::start(&rt, Behaviour::default(), None);
    let (worker, rx) = start_worker();
    // The configured chain: its first mirror is down, the second answers.
    worker.send(Request::Watch {
        id: 3,
        mirrors: vec![Mirror::custom(&down.url), Mirror::custom(&up.url)],
        spec: Box::new(spec()),
        env: Box::new(EnvMap::new()),
        interval: Duration::from_millis(50),
    });
    let mut waits = Vec::new();
    while waits.len() < 3 {
        if let Event::WatchSample {
            id,
            next_in,
            measurements,
        } = rx.recv_timeout(Duration::from_secs(5)).expect("sample")
        {
            assert_eq!(id, 3);
            assert_eq!(measurements.len(), 2);
            assert_eq!(measurements[0].success_rate, 0.0);
            assert!(measurements[1].success_rate > 0.0);
            waits.push(next_in);
        }
    }
    assert_eq!(
        waits,
        [
            Duration::from_millis(100),
            Duration::from_millis(200),
            Duration::from_millis(400)
        ]
    );
    worker.send(Request::StopWatch { id: 3 });
}

#[test]
fn probe_cli_json_shape_and_recommend_apply() {
    let rt = netlab::lab_runtime();
    let a = LabMirror::start(&rt, Behaviour::default(), None);
    let bad = LabMirror::start(
        &rt,
        Behaviour {
            all_status: Some(500),
            ..Behaviour::default()
        },
        None,
    );
    let s = Sandbox::new();
    let env = s.env();
    let out = gomirror_ok(
        &[
            "probe",
            "--json",
            "--mirror",
            &a.url,
            "--mirror",
            &bad.url,
            "--samples",
            "2",
            "--timeout-ms",
            "3000",
        ],
        &env,
        None,
        s.path(),
    );
    let json: serde_json::Value = crate::common::json(&out);
    assert!(json["elapsed_ms"].is_number());
    let mirrors = json["mirrors"].as_array().expect("mirrors");
    assert_eq!(mirrors.len(), 2);
    for key in [
        "url",
        "name",
        "verdict",
        "reason",
        "rank",
        "dns_ms",
        "connect_ms",
        "tls_ms",
        "ttfb_ms",
        "throughput_bps",
        "success_rate",
        "checksum_db_proxied",
        "fresh",
        "via_proxy",
    ] {
        assert!(mirrors[0].get(key).is_some(), "missing {key}");
    }
    assert_eq!(mirrors[1]["verdict"], "broken");
    assert!(mirrors[1]["rank"].is_null());
    assert_eq!(json["recommended"]["GOPROXY"], format!("{},direct", a.url));
    // The public modules are not on the lab, so take the lab's modules through the catalogue? No:
    // a plain probe uses public module names, which the lab serves too (it serves any path).
    let go_bin = go("1.27");
    gomirror_ok(
        &[
            "recommend",
            "--mirror",
            &a.url,
            "--apply",
            "--via",
            "file",
            "--timeout-ms",
            "3000",
        ],
        &env,
        Some(&go_bin),
        s.path(),
    );
    let file = std::fs::read_to_string(s.env_file()).expect("env file");
    assert_eq!(
        file,
        format!("GOPROXY={},direct\nGOSUMDB=sum.golang.org\n", a.url)
    );
}

#[test]
fn two_verifications_run_side_by_side_and_stop_on_cancel() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let good = LabMirror::start(&rt, Behaviour::default(), None);
    let hang = LabMirror::start(&rt, Behaviour::hanging(), None);
    let request = |proxy: &str| gomirror::verify::run::Request {
        go: go("1.27"),
        env: s.env(),
        settings: [("GOPROXY", proxy), ("GOSUMDB", "off")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        dir: None,
        modules: vec!["example.com/m@v1.0.0".into()],
        timeout: Duration::from_secs(60),
        private_hosts: Vec::new(),
        measured_goproxy: None,
    };
    let (worker, rx) = start_worker();
    let start = std::time::Instant::now();
    worker.send(Request::Verify {
        id: 7,
        configs: vec![request(&good.url), request(&hang.url)],
    });
    let mut done = [None, None];
    let mut cancelled = false;
    while done.iter().any(Option::is_none) {
        let event = rx.recv_timeout(Duration::from_secs(20)).expect("an event");
        if let Event::Verify { id, index, event } = event {
            assert_eq!(id, 7);
            if let gomirror::verify::job::VerifyEvent::Done(outcome) = event {
                done[index] = Some(*outcome);
                // The good one is done; the hanging one waits for the user to give up.
                if !cancelled {
                    worker.send(Request::Cancel { id: 7 });
                    cancelled = true;
                }
            }
        }
    }
    let [good_outcome, hang_outcome] = done.map(|o| o.expect("done"));
    assert!(good_outcome.ok, "{good_outcome:?}");
    assert!(
        hang_outcome.cancelled && !hang_outcome.ok,
        "{hang_outcome:?}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}
