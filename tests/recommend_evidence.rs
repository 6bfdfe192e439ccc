//! Nothing is recommended without evidence: with closed ports, a hanging mirror, a 503 and a
//! captive portal, `recommend` names no GOPROXY and no GOSUMDB (`"recommended": null`, the
//! reason `no-usable-mirror`, what each mirror did, what to try), exits 1, and `--apply`
//! leaves a working env file exactly as it was. `direct` is recommended only after it was
//! tried: the reference module's origin (its `?go-get=1` page and a real git server).

mod common;
#[path = "common/githttp.rs"]
mod githttp;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::Sandbox;
use gomirror::probe::checks::ProbeSpec;
use gomirror::probe::direct::DirectTrial;
use gomirror::probe::engine::{self, RoundConfig, RoundOutcome};
use gomirror::probe::recommend::SumdbChoice;
use gomirror::probe::tls::Roots;
use netlab::{Behaviour, LabMirror};

#[test]
fn no_usable_mirror_means_no_recommendation_exit_1_and_nothing_written() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let hang = LabMirror::start(&rt, Behaviour::hanging(), None);
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
            body_for_all: Some(("text/html; charset=utf-8", netlab::PORTAL_PAGE.to_vec())),
            ..Behaviour::default()
        },
        None,
    );
    let closed = netlab::closed_port_url();
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
    let v: serde_json::Value = crate::common::json(&out);
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

/// A round of failing mirrors, with `direct` tried against a lab origin: the `?go-get=1` page
/// (every path of `page`) and a real git server.
fn round_with_direct(page: &LabMirror, mirrors: &[(&str, &str)]) -> RoundOutcome {
    let env = gomirror::goenv::location::EnvMap::new();
    let spec = ProbeSpec {
        direct_trial: Some(DirectTrial {
            module: "rsc.io/quote".into(),
            go_get_base: Some(page.url.clone()),
        }),
        ..netlab::lab_spec(1, std::time::Duration::from_millis(1500))
    };
    let config = RoundConfig {
        mirrors: mirrors
            .iter()
            .map(|(id, url)| netlab::named_mirror(id, url))
            .collect(),
        spec,
        roots: Roots::from_env(&env),
        env,
        sumdb: SumdbChoice::default(),
        concurrency: 4,
    };
    engine::run_blocking(config, |_| {})
        .expect("runtime")
        .expect("round")
}

#[test]
fn direct_is_recommended_only_after_it_was_seen_working() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let repos = s.path().join("repos");
    std::fs::create_dir_all(&repos).expect("repos");
    githttp::bare_repo(&repos, "quote");
    let git = githttp::GitHttp::start_public(&repos);
    let meta = |repo: &str| {
        format!(
            "<!DOCTYPE html><html><head><meta name=\"go-import\" content=\"rsc.io/quote git {repo}\"></head></html>"
        )
        .into_bytes()
    };
    let e503 = LabMirror::start(
        &rt,
        Behaviour {
            all_status: Some(503),
            ..Behaviour::default()
        },
        None,
    );
    // The origin names a repository that git really serves: direct works.
    let origin = LabMirror::start(
        &rt,
        Behaviour {
            body_for_all: Some(("text/html", meta(&git.url("quote.git")))),
            ..Behaviour::default()
        },
        None,
    );
    let o = round_with_direct(&origin, &[("e503", &e503.url)]);
    assert!(o.direct.as_ref().is_some_and(|d| d.ok), "{:?}", o.direct);
    let rec = o.recommended.as_ref().expect("direct, seen working");
    assert_eq!(rec.goproxy, "direct");
    assert_eq!(rec.gosumdb, None, "no database was seen");
    assert!(rec.reasons[0].en.contains("answered"), "{:?}", rec.reasons);
    // The repository is missing (git answers 404): nothing is recommended, and the reason
    // says what direct did.
    let gone = LabMirror::start(
        &rt,
        Behaviour {
            body_for_all: Some(("text/html", meta(&git.url("missing.git")))),
            ..Behaviour::default()
        },
        None,
    );
    let o = round_with_direct(&gone, &[("e503", &e503.url)]);
    assert!(o.direct.as_ref().is_some_and(|d| !d.ok), "{:?}", o.direct);
    assert!(o.recommended.is_none(), "{:?}", o.recommended);
    let none = o.no_recommendation.as_ref().expect("why");
    assert!(
        none.mirrors.iter().any(|t| t.name == "direct"
            && (t.reason.en.contains("did not answer")
                || t.reason.en.contains("not as a git server"))),
        "{:?}",
        none.mirrors
    );
    // A login page instead of the origin: not direct either.
    let portal = LabMirror::start(
        &rt,
        Behaviour {
            body_for_all: Some(("text/html", netlab::PORTAL_PAGE.to_vec())),
            ..Behaviour::default()
        },
        None,
    );
    let o = round_with_direct(&portal, &[("e503", &e503.url)]);
    assert!(o.recommended.is_none(), "{:?}", o.recommended);
}
