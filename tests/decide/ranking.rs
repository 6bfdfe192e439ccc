//! The best mirror finishing last is waited for; the ranking follows the real go command's
//! download time; `recommend --json` stops at the decision.

use super::*;

#[test]
fn the_best_mirror_finishing_last_is_waited_for() {
    let _serial = one_at_a_time();
    let rt = netlab::lab_runtime();
    let with_delay = |ms: u64| Behaviour {
        header_delay: Duration::from_millis(ms),
        ..Behaviour::default()
    };
    // The best: the quickest first byte, but one check (not part of the estimate) is slow, so
    // it is the last to finish.
    let best = LabMirror::start(
        &rt,
        Behaviour {
            path_delays: BTreeMap::from([(
                "/golang.org/toolchain".to_string(),
                Duration::from_millis(600),
            )]),
            ..Behaviour::default()
        },
        None,
    );
    let (a, c, d) = (
        LabMirror::start(&rt, with_delay(40), None),
        LabMirror::start(&rt, with_delay(80), None),
        LabMirror::start(&rt, with_delay(120), None),
    );
    let named = [("a", &a), ("best", &best), ("c", &c), ("d", &d)];
    let mut events = Vec::new();
    let outcome = engine::run_blocking(config(&named, 2, Duration::from_secs(3)), |e| {
        events.push(e)
    })
    .expect("runtime")
    .expect("round");
    let measured_last = events
        .iter()
        .rposition(|e| matches!(e, ProbeEvent::Measured { .. }))
        .expect("measured");
    assert!(
        matches!(
            &events[measured_last],
            ProbeEvent::Measured { index: 1, .. }
        ),
        "the best mirror is the last to finish"
    );
    let decided = events
        .iter()
        .position(|e| matches!(e, ProbeEvent::Decided { .. }))
        .expect("decided");
    assert!(decided > measured_last, "the decision waited for it");
    assert!(
        outcome
            .recommended
            .as_ref()
            .expect("a recommendation")
            .goproxy
            .starts_with(&best.url),
        "{}",
        outcome
            .recommended
            .as_ref()
            .expect("a recommendation")
            .goproxy
    );
}

/// Wall time of the real `go mod download` of `modules` through `mirror` (fresh cache).
fn go_download_ms(s: &Sandbox, mirror: &str, modules: &[&str]) -> f64 {
    let cache = tempfile::tempdir_in(s.path()).expect("cache");
    let mut env = s.env();
    env.insert("GOPROXY".into(), mirror.into());
    env.insert("GOSUMDB".into(), "off".into());
    env.insert("GOFLAGS".into(), "-modcacherw".into());
    env.insert("GOMODCACHE".into(), cache.path().display().to_string());
    env.insert("GOTOOLCHAIN".into(), "local".into());
    let mut args = vec!["mod".into(), "download".into(), "-json".into()];
    args.extend(modules.iter().map(Into::into));
    let cmd = GoCommand {
        program: go("1.27"),
        args,
        env,
        cwd: s.path().to_path_buf(),
        timeout: Duration::from_secs(60),
    };
    let start = Instant::now();
    let out = gocmd::run_blocking(&cmd).expect("go runs");
    assert!(out.success(), "{}{}", out.stdout, out.stderr);
    start.elapsed().as_secs_f64() * 1000.0
}

#[test]
fn the_ranking_follows_the_real_download_time_not_the_first_byte() {
    let _serial = one_at_a_time();
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let padded = |b: Behaviour| Behaviour {
        zip_padding: 256 * 1024,
        ..b
    };
    // First bytes: trickle first (0 ms), then near (120 ms), then far (400 ms). Downloads: the
    // trickle's 100 KB/s makes it the slowest by far.
    let trickle = LabMirror::start(
        &rt,
        padded(Behaviour {
            bandwidth_bps: Some(100_000),
            ..Behaviour::default()
        }),
        None,
    );
    let near = LabMirror::start(
        &rt,
        padded(Behaviour {
            header_delay: Duration::from_millis(120),
            ..Behaviour::default()
        }),
        None,
    );
    let far = LabMirror::start(
        &rt,
        padded(Behaviour {
            header_delay: Duration::from_millis(400),
            ..Behaviour::default()
        }),
        None,
    );
    let named = [("trickle", &trickle), ("near", &near), ("far", &far)];
    let outcome = engine::run_blocking(config(&named, 3, Duration::from_secs(4)), |_| {})
        .expect("runtime")
        .expect("round");
    let order: Vec<&str> = outcome
        .reports
        .iter()
        .map(|r| r.measurement.id.as_str())
        .collect();
    let ttfb = |id: &str| {
        outcome
            .reports
            .iter()
            .find(|r| r.measurement.id == id)
            .and_then(|r| r.measurement.ttfb)
            .map_or(f64::MAX, |t| t.median_ms)
    };
    assert!(
        ttfb("trickle") < ttfb("near") && ttfb("near") < ttfb("far"),
        "the first-byte order is trickle, near, far"
    );
    // The real go command through each.
    let modules = [
        "example.com/a@v1.0.0",
        "example.com/b@v1.0.0",
        "example.com/c@v1.0.0",
    ];
    let mut measured: Vec<(&str, f64)> = named
        .iter()
        .map(|(id, m)| (*id, go_download_ms(&s, &m.url, &modules)))
        .collect();
    measured.sort_by(|a, b| a.1.total_cmp(&b.1));
    let go_order: Vec<&str> = measured.iter().map(|(id, _)| *id).collect();
    assert_eq!(order, go_order, "go download times: {measured:?}");
    let slow = outcome
        .reports
        .iter()
        .find(|r| r.measurement.id == "trickle")
        .expect("trickle");
    assert!(
        slow.reason.en.starts_with("slow (measured "),
        "{:?}",
        slow.reason
    );
}

#[test]
fn recommend_json_stops_at_the_decision_with_hanging_mirrors_pending() {
    let _serial = one_at_a_time();
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    // The reference module's zip is large enough to measure a throughput.
    let good = |ms: u64| Behaviour {
        header_delay: Duration::from_millis(ms),
        zip_padding: 1024 * 1024,
        ..Behaviour::default()
    };
    let hang = Behaviour::hanging();
    let servers = [
        ("a", LabMirror::start(&rt, good(0), None)),
        ("hang1", LabMirror::start(&rt, hang.clone(), None)),
        ("b", LabMirror::start(&rt, good(10), None)),
        ("hang2", LabMirror::start(&rt, hang, None)),
        ("c", LabMirror::start(&rt, good(20), None)),
    ];
    let entries: Vec<(&str, &str)> = servers
        .iter()
        .map(|(id, m)| (*id, m.url.as_str()))
        .collect();
    let catalog = netlab::lab_catalog(s.path(), &entries);
    let mut env = s.env();
    env.insert("GOMIRROR_CATALOG".into(), catalog.display().to_string());
    let out = common::gomirror(
        &[
            "recommend",
            "--json",
            "--timeout-ms",
            "4000",
            "--samples",
            "2",
        ],
        &env,
        None,
        s.path(),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let v: serde_json::Value = crate::common::json(&out);
    assert_eq!(v["complete"], false, "{v:#}");
    assert!(v["decided_ms"].is_u64());
    let mirrors = v["mirrors"].as_array().expect("mirrors");
    assert_eq!(mirrors.len(), 5);
    let pending: Vec<&str> = mirrors
        .iter()
        .filter(|m| m["verdict"] == "pending")
        .map(|m| m["url"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        pending,
        [servers[1].1.url.as_str(), servers[3].1.url.as_str()],
        "{v:#}"
    );
    let goproxy = v["recommended"]["GOPROXY"].as_str().expect("GOPROXY");
    for (id, m) in [&servers[0], &servers[2], &servers[4]] {
        assert!(goproxy.contains(m.url.as_str()), "{id} in {goproxy}");
    }
    // A project's own download, sized from its go.sum offline; the words say so.
    let proj = s.path().join("proj");
    std::fs::create_dir_all(&proj).expect("proj");
    std::fs::write(
        proj.join("go.sum"),
        "example.com/x v1.0.0 h1:a=\nexample.com/x v1.0.0/go.mod h1:b=\n",
    )
    .expect("go.sum");
    let dir = proj.display().to_string();
    let out = common::gomirror(
        &[
            "recommend",
            "--dir",
            &dir,
            "--timeout-ms",
            "4000",
            "--samples",
            "2",
        ],
        &env,
        None,
        s.path(),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("s for this project"), "{}", out.stdout);
    assert!(out.stdout.contains("下载本项目约"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("mirrors still unanswered were left behind"),
        "{}",
        out.stdout
    );
    // --full waits for every mirror.
    let out = common::gomirror(
        &[
            "recommend",
            "--json",
            "--full",
            "--timeout-ms",
            "1500",
            "--samples",
            "1",
        ],
        &env,
        None,
        s.path(),
    );
    let v: serde_json::Value = crate::common::json(&out);
    assert_eq!(v["complete"], true);
    assert!(
        v["mirrors"]
            .as_array()
            .expect("mirrors")
            .iter()
            .all(|m| m["verdict"] != "pending")
    );
}
