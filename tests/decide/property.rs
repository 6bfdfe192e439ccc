//! The early recommendation equals the full round's on random loopback labs.

use super::*;

/// A random mirror behaviour: what the networks this app is for show.
fn random_behaviour(rng: &mut StdRng) -> Behaviour {
    let mut b = Behaviour {
        header_delay: Duration::from_millis(rng.random_range(0..150)),
        ..Behaviour::default()
    };
    let roll: f64 = rng.random();
    if roll < 0.15 {
        b.hang = true;
    } else if roll < 0.25 {
        b.all_status = Some(503);
    }
    if rng.random_bool(0.2) {
        b.sumdb_supported = 404;
    }
    let newest: f64 = rng.random();
    if newest < 0.2 {
        b.newest = "v1.1.0".into();
    } else if newest < 0.3 {
        b.newest = "v1.3.0".into();
    }
    if rng.random_bool(0.2) {
        b.bandwidth_bps = Some(rng.random_range(200_000..4_000_000));
    }
    if rng.random_bool(0.1) {
        b.body_delay = Duration::from_millis(rng.random_range(0..100));
    }
    if rng.random_bool(0.2) {
        b.path_delays.insert(
            "/golang.org/toolchain".into(),
            Duration::from_millis(rng.random_range(0..300)),
        );
    }
    b
}

#[test]
fn the_early_recommendation_equals_the_full_rounds_on_random_labs() {
    let _serial = one_at_a_time();
    let labs: usize = std::env::var("DECIDE_LABS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(30);
    let seed: u64 = std::env::var("DECIDE_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20261128);
    let mut rng = StdRng::seed_from_u64(seed);
    let rt = netlab::lab_runtime();
    let (mut early, mut ratio_sum) = (0usize, 0.0);
    for lab in 0..labs {
        let n = rng.random_range(3..=6);
        let servers: Vec<LabMirror> = (0..n)
            .map(|_| LabMirror::start(&rt, random_behaviour(&mut rng), None))
            .collect();
        let ids: Vec<String> = (0..n).map(|i| format!("m{i}")).collect();
        let named: Vec<(&str, &LabMirror)> =
            ids.iter().map(String::as_str).zip(servers.iter()).collect();
        let samples = rng.random_range(1..=3);
        let budget = Duration::from_millis(rng.random_range(500..900));
        let mut events = Vec::new();
        let outcome = engine::run_blocking(config(&named, samples, budget), |e| events.push(e))
            .expect("runtime")
            .expect("round");
        let decided = events
            .iter()
            .position(|e| matches!(e, ProbeEvent::Decided { .. }));
        let finished = events
            .iter()
            .position(|e| matches!(e, ProbeEvent::Finished { .. }))
            .expect("finished");
        let Some(ProbeEvent::Decided {
            recommended,
            decided_ms,
        }) = decided.map(|i| &events[i])
        else {
            panic!("lab {lab} (seed {seed}): never decided");
        };
        assert!(decided < Some(finished));
        assert_eq!(
            (&recommended.goproxy, &recommended.gosumdb),
            (
                &outcome
                    .recommended
                    .as_ref()
                    .expect("a recommendation")
                    .goproxy,
                &outcome
                    .recommended
                    .as_ref()
                    .expect("a recommendation")
                    .gosumdb
            ),
            "lab {lab} (seed {seed}): the early recommendation differs from the full round's"
        );
        assert!(!outcome.decision_changed);
        // Decided before the last mirror finished?
        let last_measured = events
            .iter()
            .rposition(|e| matches!(e, ProbeEvent::Measured { .. }))
            .unwrap_or(0);
        if decided.is_some_and(|d| d < last_measured) {
            early += 1;
        }
        ratio_sum += decided_ms / outcome.elapsed_ms.max(1.0);
    }
    println!(
        "decide property: {labs} labs (seed {seed}), all equal; decided before the last mirror in {early}; mean time to decision / full round = {:.2}",
        ratio_sum / labs as f64
    );
}
