//! Every fault's verdict, and a mirror without checksum proxy paired with a working GOSUMDB.

use super::*;

#[test]
fn every_fault_gets_its_verdict() {
    let _serial = serial();
    let rt = netlab::lab_runtime();
    let dir = tempfile::tempdir().expect("tmp");
    let ca = TestCa::new("trusted");
    let rogue = TestCa::new("rogue");
    let ca_file = ca.write_ca(dir.path());
    let b = Behaviour::default();
    let healthy = LabMirror::start(&rt, b.clone(), Some(&ca));
    let cases: Vec<(&str, LabMirror, Verdict)> = vec![
        (
            "hang",
            LabMirror::start(
                &rt,
                Behaviour {
                    hang: true,
                    ..b.clone()
                },
                None,
            ),
            Verdict::Unreachable,
        ),
        (
            "e500",
            LabMirror::start(
                &rt,
                Behaviour {
                    all_status: Some(500),
                    ..b.clone()
                },
                None,
            ),
            Verdict::Broken,
        ),
        (
            "e502",
            LabMirror::start(
                &rt,
                Behaviour {
                    all_status: Some(502),
                    ..b.clone()
                },
                None,
            ),
            Verdict::Broken,
        ),
        (
            "e401",
            LabMirror::start(
                &rt,
                Behaviour {
                    all_status: Some(401),
                    ..b.clone()
                },
                None,
            ),
            Verdict::NeedsAuth,
        ),
        (
            "e403",
            LabMirror::start(
                &rt,
                Behaviour {
                    all_status: Some(403),
                    ..b.clone()
                },
                None,
            ),
            Verdict::NeedsAuth,
        ),
        (
            "e404",
            LabMirror::start(
                &rt,
                Behaviour {
                    all_status: Some(404),
                    ..b.clone()
                },
                None,
            ),
            Verdict::Broken,
        ),
        (
            "e410",
            LabMirror::start(
                &rt,
                Behaviour {
                    all_status: Some(410),
                    ..b.clone()
                },
                None,
            ),
            Verdict::Broken,
        ),
        (
            "huge",
            LabMirror::start(
                &rt,
                Behaviour {
                    zip_padding: 12 << 20,
                    ..b.clone()
                },
                None,
            ),
            Verdict::Healthy,
        ),
        // Quick to answer, slow to send: ranked by the download it would make the user wait
        // for (the issue that made a 100 KiB/s mirror win on its first byte).
        (
            "slowbody",
            LabMirror::start(
                &rt,
                Behaviour {
                    bandwidth_bps: Some(300_000),
                    ..b.clone()
                },
                None,
            ),
            Verdict::Slow,
        ),
        (
            "reset",
            LabMirror::start(
                &rt,
                Behaviour {
                    reset: true,
                    ..b.clone()
                },
                None,
            ),
            Verdict::Broken,
        ),
        (
            "badtls",
            LabMirror::start(&rt, b.clone(), Some(&rogue)),
            Verdict::Broken,
        ),
        (
            "nosumdb",
            LabMirror::start(
                &rt,
                Behaviour {
                    sumdb_supported: 404,
                    ..b.clone()
                },
                None,
            ),
            Verdict::NoChecksumProxy,
        ),
        (
            "stale",
            LabMirror::start(
                &rt,
                Behaviour {
                    newest: "v1.1.0".into(),
                    ..b.clone()
                },
                None,
            ),
            Verdict::Stale,
        ),
        (
            "nozip",
            LabMirror::start(
                &rt,
                Behaviour {
                    statuses: [("/example.com/m/@v/v1.0.0.zip".to_string(), 404)].into(),
                    ..b.clone()
                },
                None,
            ),
            Verdict::Degraded,
        ),
        (
            "slow",
            LabMirror::start(
                &rt,
                Behaviour {
                    header_delay: Duration::from_millis(1600),
                    ..b.clone()
                },
                None,
            ),
            Verdict::Slow,
        ),
        (
            "redirect",
            LabMirror::start(
                &rt,
                Behaviour {
                    redirect_to: Some(healthy.url.clone()),
                    ..b.clone()
                },
                None,
            ),
            Verdict::Healthy,
        ),
    ];
    let mut mirrors = vec![netlab::named_mirror("healthy", &healthy.url)];
    mirrors.extend(
        cases
            .iter()
            .map(|(id, s, _)| netlab::named_mirror(id, &s.url)),
    );
    // The round ends (each mirror within its budget; the time it takes is the benchmark's).
    let o = round(mirrors, spec(1, 4000), lab_env(Some(&ca_file)));
    assert_eq!(
        report(&o, "healthy").verdict,
        Verdict::Healthy,
        "{:?}",
        report(&o, "healthy").reason
    );
    for (id, _, expected) in &cases {
        let r = report(&o, id);
        assert_eq!(r.verdict, *expected, "{id}: {:?}", r.reason);
        assert!(!r.reason.en.is_empty() && !r.reason.zh.is_empty());
        assert_eq!(r.rank.is_some(), expected.usable(), "{id}");
    }
    let huge = report(&o, "huge");
    let zip = huge
        .measurement
        .checks
        .iter()
        .find(|c| c.name == "zip")
        .expect("zip check");
    assert!(zip.ok, "a huge body is read up to the cap only: {zip:?}");
    let slow_report = report(&o, "slowbody");
    let slow = slow_report
        .measurement
        .throughput_bps
        .unwrap_or_else(|| panic!("throughput: {:?}", slow_report.measurement.checks));
    let fast = report(&o, "healthy").measurement.throughput_bps;
    assert!(
        slow < 400_000.0 && fast.is_none_or(|f| f > slow),
        "slow body {slow} B/s vs {fast:?}"
    );
    assert!(
        slow_report.reason.en.starts_with("slow (measured ")
            && slow_report.reason.en.contains("KiB/s"),
        "{:?}",
        slow_report.reason
    );
    let badtls = report(&o, "badtls");
    assert!(
        badtls.reason.en.contains("certificate"),
        "{:?}",
        badtls.reason
    );
    let h = report(&o, "healthy");
    assert_eq!(
        h.measurement.cert.as_ref().map(|c| c.intercepted()),
        Some(true),
        "a private CA is reported as interception"
    );
    assert_eq!(h.fresh, Some(true));
    assert_eq!(report(&o, "stale").fresh, Some(false));
}

#[test]
fn a_mirror_without_checksum_proxy_is_paired_with_a_working_gosumdb() {
    let _serial = serial();
    let rt = netlab::lab_runtime();
    let nosumdb = LabMirror::start(
        &rt,
        Behaviour {
            sumdb_supported: 404,
            ..Behaviour::default()
        },
        None,
    );
    let o = round(
        vec![netlab::named_mirror("nosumdb", &nosumdb.url)],
        spec(2, 4000),
        lab_env(None),
    );
    assert_eq!(
        o.recommended.as_ref().expect("a recommendation").goproxy,
        format!("{},direct", nosumdb.url)
    );
    // No database was seen answering (the lab spec looks nothing up directly): GOSUMDB is
    // left as it is, never a database nobody reached.
    let rec = o.recommended.as_ref().expect("a recommendation");
    assert_eq!(rec.gosumdb, None, "{:?}", rec.reasons);
    assert!(
        rec.reasons
            .iter()
            .any(|r| r.en.contains("GOSUMDB is left as it is")),
        "{:?}",
        rec.reasons
    );
    gomirror::probe::recommend::validate(rec).expect("valid for the go command");
    let with = LabMirror::start(&rt, Behaviour::default(), None);
    let o = round(
        vec![
            netlab::named_mirror("nosumdb", &nosumdb.url),
            netlab::named_mirror("with", &with.url),
        ],
        spec(2, 4000),
        lab_env(None),
    );
    let rec = o.recommended.as_ref().expect("a recommendation");
    assert_eq!(rec.gosumdb.as_deref(), Some("sum.golang.org"));
    // The recommendation never contradicts its own reasons: the mirror without a checksum
    // proxy is not told to pair with another database when the list verifies through one.
    for r in &rec.reasons {
        assert!(!r.en.contains("pair it with"), "{}", r.en);
        assert!(!r.zh.contains("请搭配"), "{}", r.zh);
    }
    assert!(
        rec.reasons
            .iter()
            .any(|r| r.en.contains("verifies through #")),
        "{:?}",
        rec.reasons
    );
    gomirror::probe::recommend::validate(o.recommended.as_ref().expect("a recommendation"))
        .expect("valid for the go command");
}
