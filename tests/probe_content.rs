//! A mirror is judged by what it serves, as the go command would judge it: a captive portal
//! that answers every path with 200 and a login page, a server that streams version lines for
//! everything, and one that sends compressed garbage are never usable; a mirror whose bytes
//! differ from the checksum database's signed record is "tampered"; without a record the check
//! says "not checked", never "tampered". The lab's real checksum database (built from the
//! toolchain's x/mod) also proves that our `h1:` hashes equal the go command's.

mod common;
#[path = "common/labsumdb.rs"]
mod labsumdb;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::Sandbox;
use gomirror::goenv::location::EnvMap;
use gomirror::probe::checks::{Integrity, ProbeSpec};
use gomirror::probe::engine::{self, RoundConfig, RoundOutcome};
use gomirror::probe::recommend::SumdbChoice;
use gomirror::probe::stats::{Report, Verdict};
use gomirror::probe::tls::Roots;
use netlab::{Behaviour, LabMirror};
use std::time::Duration;

const PORTAL: &[u8] = b"<!DOCTYPE html>\n<html><head><title>Wi-Fi login</title></head>\n<body><form>Room number <input name=room></form></body></html>\n";

fn round(mirrors: &[(&str, &LabMirror)], spec: ProbeSpec, db: &labsumdb::Fixture) -> RoundOutcome {
    let env = EnvMap::new();
    let config = RoundConfig {
        mirrors: mirrors
            .iter()
            .map(|(id, m)| netlab::named_mirror(id, &m.url))
            .collect(),
        spec,
        roots: Roots::from_env(&env),
        env,
        sumdb: SumdbChoice {
            default: db.vkey.clone(),
            fallback: format!("{} http://{}", db.vkey, db.addr),
        },
        concurrency: 8,
    };
    engine::run_blocking(config, |_| {})
        .expect("runtime")
        .expect("round")
}

fn report<'a>(outcome: &'a RoundOutcome, id: &str) -> &'a Report {
    outcome
        .reports
        .iter()
        .find(|r| r.measurement.id == id)
        .unwrap_or_else(|| panic!("no report for {id}"))
}

fn spec(db: &labsumdb::Fixture, name: &str) -> ProbeSpec {
    ProbeSpec {
        sumdb_name: name.into(),
        sumdb_key: db.vkey.clone(),
        ..netlab::lab_spec(2, Duration::from_secs(3))
    }
}

#[test]
fn portals_and_garbage_are_never_usable_and_never_recommended() {
    let sandbox = Sandbox::new();
    let name = "sum.lab.example";
    let db = labsumdb::start(&sandbox, name);
    let rt = netlab::lab_runtime();
    let start = |b: Behaviour| LabMirror::start(&rt, b, None);
    let portal = start(Behaviour {
        body_for_all: Some(("text/html; charset=utf-8", PORTAL.to_vec())),
        ..Behaviour::default()
    });
    // Some portals do not even say it is HTML.
    let portal_plain = start(Behaviour {
        body_for_all: Some(("text/plain", PORTAL.to_vec())),
        ..Behaviour::default()
    });
    let versions = start(Behaviour {
        body_for_all: Some(("text/plain", "v1.0.0\n".repeat(2000).into_bytes())),
        ..Behaviour::default()
    });
    // A gzip stream of zeros sent as .info (we never ask for compression, nor inflate).
    let mut bomb = vec![0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03];
    bomb.extend(std::iter::repeat_n(0u8, 64 * 1024));
    let gzip = start(Behaviour {
        body_for_all: Some(("application/json", bomb)),
        ..Behaviour::default()
    });
    let healthy = start(Behaviour {
        sumdb_upstream: Some(db.addr.clone()),
        ..Behaviour::default()
    });
    let outcome = round(
        &[
            ("portal", &portal),
            ("portal-plain", &portal_plain),
            ("versions", &versions),
            ("gzip", &gzip),
            ("healthy", &healthy),
        ],
        spec(&db, name),
        &db,
    );
    assert_eq!(report(&outcome, "portal").verdict, Verdict::LoginPage);
    assert_eq!(report(&outcome, "portal-plain").verdict, Verdict::LoginPage);
    // The portal's HTML 200 for /sumdb/.../supported is no checksum-database proxy.
    assert_eq!(
        report(&outcome, "portal").measurement.checksum_db_proxied,
        Some(false)
    );
    assert_eq!(
        report(&outcome, "healthy").measurement.checksum_db_proxied,
        Some(true)
    );
    for id in ["versions", "gzip"] {
        let r = report(&outcome, id);
        assert!(!r.verdict.usable(), "{id}: {:?} {:?}", r.verdict, r.reason);
        assert_eq!(r.rank, None, "{id}");
    }
    let h = report(&outcome, "healthy");
    assert_eq!(h.verdict, Verdict::Healthy, "{:?}", h.reason);
    // The go command's own dirhash (in the lab database) equals ours, for the zip and go.mod.
    assert_eq!(h.measurement.integrity, Integrity::Matches);
    let goproxy = &outcome
        .recommended
        .as_ref()
        .expect("a recommendation")
        .goproxy;
    assert!(goproxy.starts_with(&healthy.url), "{goproxy}");
    for m in [&portal, &portal_plain, &versions, &gzip] {
        assert!(!goproxy.contains(&m.url), "{goproxy}");
    }
    let reason = &report(&outcome, "portal").reason;
    assert!(reason.en.contains("captive portal"), "{reason:?}");
    assert!(reason.zh.contains("认证门户"), "{reason:?}");
}

#[test]
fn other_bytes_than_the_database_recorded_are_tampered_and_no_record_is_not_checked() {
    let sandbox = Sandbox::new();
    let name = "sum.lab.example";
    let db = labsumdb::start(&sandbox, name);
    let rt = netlab::lab_runtime();
    let start = |b: Behaviour| LabMirror::start(&rt, b, None);
    // Extra bytes in every module zip: the zip's hash differs from the record.
    let tampered = start(Behaviour {
        sumdb_upstream: Some(db.addr.clone()),
        zip_padding: 7,
        ..Behaviour::default()
    });
    let good = start(Behaviour {
        sumdb_upstream: Some(db.addr.clone()),
        ..Behaviour::default()
    });
    // No checksum-database proxy: the record can only come from the configured database.
    let unproxied = start(Behaviour {
        sumdb_supported: 404,
        zip_padding: 7,
        ..Behaviour::default()
    });
    let mirrors = [
        ("tampered", &tampered),
        ("good", &good),
        ("unproxied", &unproxied),
    ];
    let outcome = round(&mirrors, spec(&db, name), &db);
    let t = report(&outcome, "tampered");
    assert_eq!(t.verdict, Verdict::Tampered, "{:?}", t.reason);
    assert!(
        matches!(&t.measurement.integrity, Integrity::Tampered { file, .. } if file.ends_with(".zip")),
        "{:?}",
        t.measurement.integrity
    );
    assert!(t.reason.en.contains("checksum mismatch"), "{:?}", t.reason);
    assert_eq!(t.rank, None);
    assert_eq!(report(&outcome, "good").verdict, Verdict::Healthy);
    let u = report(&outcome, "unproxied");
    assert_eq!(u.verdict, Verdict::NoChecksumProxy, "{:?}", u.reason);
    assert!(
        matches!(u.measurement.integrity, Integrity::NotChecked { .. }),
        "{:?}",
        u.measurement.integrity
    );
    assert!(
        !outcome
            .recommended
            .as_ref()
            .expect("a recommendation")
            .goproxy
            .contains(&tampered.url)
    );

    // With the configured database's URL, the unproxied mirror's bytes are checked too.
    let spec = ProbeSpec {
        sumdb_direct_url: Some(format!("http://{}", db.addr)),
        ..spec(&db, name)
    };
    let outcome = round(&mirrors, spec, &db);
    let u = report(&outcome, "unproxied");
    assert_eq!(u.verdict, Verdict::Tampered, "{:?}", u.reason);
    // A wrong key: the record is refused, and the mirror is "not checked", never "tampered".
    let other = labsumdb::start(&sandbox, name);
    let outcome = round(
        &mirrors,
        ProbeSpec {
            sumdb_key: other.vkey.clone(),
            ..netlab::lab_spec(2, Duration::from_secs(3))
        },
        &db,
    );
    for id in ["tampered", "good"] {
        let r = report(&outcome, id);
        assert!(
            matches!(r.measurement.integrity, Integrity::NotChecked { .. }),
            "{id}: {:?}",
            r.measurement.integrity
        );
        assert_ne!(r.verdict, Verdict::Tampered, "{id}");
    }
}

#[test]
fn the_fallback_checksum_database_is_recommended_only_once_seen_answering() {
    let sandbox = Sandbox::new();
    let name = "sum.lab.example";
    let db = labsumdb::start(&sandbox, name);
    let rt = netlab::lab_runtime();
    // A good mirror that does not proxy the database: GOSUMDB must come from elsewhere.
    let unproxied = LabMirror::start(
        &rt,
        Behaviour {
            sumdb_supported: 404,
            ..Behaviour::default()
        },
        None,
    );
    let mirrors = [("unproxied", &unproxied)];
    // The fallback database answered with a verified record: it is recommended.
    let seen = ProbeSpec {
        sumdb_direct_url: Some(format!("http://{}", db.addr)),
        ..spec(&db, name)
    };
    let outcome = round(&mirrors, seen, &db);
    assert_eq!(
        report(&outcome, "unproxied").measurement.integrity,
        Integrity::Matches
    );
    let rec = outcome.recommended.as_ref().expect("a recommendation");
    assert_eq!(
        rec.gosumdb.as_deref(),
        Some(format!("{} http://{}", db.vkey, db.addr).as_str()),
        "{:?}",
        rec.reasons
    );
    assert!(
        rec.reasons
            .iter()
            .any(|r| r.en.contains("answered with a verified record"))
    );
    // The fallback database does not answer (a closed port): GOSUMDB is left as it is.
    let unseen = ProbeSpec {
        sumdb_direct_url: Some(netlab::closed_port_url()),
        ..spec(&db, name)
    };
    let outcome = round(&mirrors, unseen, &db);
    let rec = outcome.recommended.as_ref().expect("a recommendation");
    assert_eq!(rec.gosumdb, None, "{:?}", rec.reasons);
    assert!(
        rec.reasons
            .iter()
            .any(|r| r.zh.contains("GOSUMDB 保持不变")),
        "{:?}",
        rec.reasons
    );
}
