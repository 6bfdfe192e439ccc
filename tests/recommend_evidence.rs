//! Nothing is recommended without evidence: with closed ports, a hanging mirror, a 503 and a
//! captive portal, `recommend` names no GOPROXY and no GOSUMDB (`"recommended": null`, the
//! reason `no-usable-mirror`, what each mirror did, what to try), exits 1, and `--apply`
//! leaves a working env file exactly as it was.

mod common;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::Sandbox;
use netlab::{Behaviour, LabMirror};

const PORTAL: &[u8] = b"<!DOCTYPE html><html><body><form action=/login>Sign in to the guest network</form></body></html>";

fn closed_port_url() -> String {
    // Bind, read the port, close: nothing listens there afterwards.
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

#[test]
fn no_usable_mirror_means_no_recommendation_exit_1_and_nothing_written() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let hang = LabMirror::start(
        &rt,
        Behaviour {
            hang: true,
            ..Behaviour::default()
        },
        None,
    );
    let e503 = LabMirror::start(
        &rt,
        Behaviour {
            all_status: Some(503),
            ..Behaviour::default()
        },
        None,
    );
    let portal = LabMirror::start(
        &rt,
        Behaviour {
            body_for_all: Some(("text/html; charset=utf-8", PORTAL.to_vec())),
            ..Behaviour::default()
        },
        None,
    );
    let closed = closed_port_url();
    let entries = [
        ("closed", closed.as_str()),
        ("hang", hang.url.as_str()),
        ("e503", e503.url.as_str()),
        ("portal", portal.url.as_str()),
    ];
    let catalog = netlab::lab_catalog(s.path(), &entries);
    let mut env = s.env();
    env.insert("GOMIRROR_CATALOG".into(), catalog.display().to_string());
    let goenv = s.path().join("goenv");
    let before = "GOPROXY=https://goproxy.cn,direct\n";
    std::fs::write(&goenv, before).expect("env file");
    env.insert("GOENV".into(), goenv.display().to_string());
    let args = [
        "recommend",
        "--json",
        "--timeout-ms",
        "1500",
        "--samples",
        "1",
    ];

    let out = common::gomirror(&args, &env, None, s.path());
    assert_eq!(
        out.code, 1,
        "no usable mirror is exit 1: {}{}",
        out.stdout, out.stderr
    );
    let v: serde_json::Value =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout));
    assert!(v["recommended"].is_null(), "{v:#}");
    assert_eq!(v["reason"], "no-usable-mirror", "{v:#}");
    assert!(!v["en"].as_str().unwrap_or_default().is_empty());
    assert!(!v["zh"].as_str().unwrap_or_default().is_empty());
    let tries = v["try"].as_array().expect("what to try");
    let all_tries = serde_json::to_string(tries).expect("json");
    for hint in ["doctor", "HTTPS_PROXY", "proxy"] {
        assert!(
            all_tries.contains(hint),
            "what to try names {hint}: {all_tries}"
        );
    }
    let mirrors = v["mirrors"].as_array().expect("mirrors");
    assert_eq!(mirrors.len(), 4, "{v:#}");
    for m in mirrors {
        assert!(m["rank"].is_null(), "{m:#}");
        assert!(
            !m["reason"].as_str().unwrap_or_default().is_empty(),
            "{m:#}"
        );
    }
    assert!(
        !out.stdout.contains("\"GOPROXY\": \"direct\""),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("sum.golang.google.cn"),
        "{}",
        out.stdout
    );

    // --apply writes nothing: the working setting stays, byte for byte, and no backup appears.
    let mut apply = args.to_vec();
    apply.push("--apply");
    apply.extend(["--via", "file"]);
    let out = common::gomirror(&apply, &env, None, s.path());
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_eq!(std::fs::read_to_string(&goenv).expect("env file"), before);

    // The words, without --json.
    let out = common::gomirror(&args[..1], &env, None, s.path());
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("nothing is recommended"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("不推荐任何设置"), "{}", out.stdout);
    assert!(!out.stdout.contains("GOPROXY=direct"), "{}", out.stdout);
}
