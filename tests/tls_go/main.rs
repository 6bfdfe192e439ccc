//! TLS judged as the go command judges it. A lab of certificate shapes (made with the openssl
//! command) behind a loopback GOPROXY served by Go's own TLS server; the real go command
//! (1.27) downloads a module through each with the shape's root as SSL_CERT_FILE, and the
//! probe must reach the same verdict for every shape, with the reason in words.

#[path = "../common/mod.rs"]
mod common;
mod lab;
#[path = "../common/netlab/mod.rs"]
mod netlab;
mod pki;
mod shapes;

use gomirror::goenv::location::EnvMap;
use gomirror::probe::http::{self, Limits, Net};
use gomirror::probe::resolve::Resolver;
use gomirror::probe::tls::Roots;
use lab::{MODULE, VERSION};
use std::path::Path;

/// The go command's verdict: does `go mod download` through this mirror succeed?
fn go_verdict(go: &Path, work: &Path, name: &str, url: &str, roots: &Path) -> (bool, String) {
    let dir = work
        .join("go-runs")
        .join(name.replace([' ', '/', '(', ')', ':'], "-"));
    std::fs::create_dir_all(dir.join("empty-cert-dir")).expect("run dir");
    let mut env = EnvMap::new();
    env.insert("HOME".into(), dir.display().to_string());
    env.insert("PATH".into(), "/usr/bin:/bin".into());
    env.insert(
        "GOCACHE".into(),
        common::shared_gocache().display().to_string(),
    );
    env.insert("GOPATH".into(), dir.join("gopath").display().to_string());
    env.insert(
        "GOMODCACHE".into(),
        dir.join("modcache").display().to_string(),
    );
    env.insert("GOENV".into(), "off".into());
    env.insert("GOTOOLCHAIN".into(), "local".into());
    env.insert("GOPROXY".into(), url.to_string());
    env.insert("GOSUMDB".into(), "off".into());
    env.insert("GOFLAGS".into(), "-modcacherw".into());
    env.insert("SSL_CERT_FILE".into(), roots.display().to_string());
    env.insert(
        "SSL_CERT_DIR".into(),
        dir.join("empty-cert-dir").display().to_string(),
    );
    let out = common::run_go(
        go,
        &["mod", "download", "-json", &format!("{MODULE}@{VERSION}")],
        &env,
        &dir,
    );
    (out.code == 0, format!("{}{}", out.stdout, out.stderr))
}

/// The probe's verdict through the same roots.
fn probe_verdict(
    url: &str,
    roots: &Path,
    work: &Path,
) -> (bool, Option<gomirror::probe::tls::CertReport>, String) {
    let mut env = EnvMap::new();
    env.insert("SSL_CERT_FILE".into(), roots.display().to_string());
    let empty = work.join("probe-empty-cert-dir");
    std::fs::create_dir_all(&empty).expect("empty dir");
    env.insert("SSL_CERT_DIR".into(), empty.display().to_string());
    let roots = Roots::from_env(&env);
    let resolver = Resolver::new();
    let net = Net {
        env: &env,
        roots: &roots,
        resolver: &resolver,
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let list = format!("{url}/{MODULE}/@v/list");
    let fetch = rt.block_on(http::get(&list, &net, &Limits::default()));
    let tls_failed = fetch
        .error
        .as_ref()
        .is_some_and(|e| e.stage() == gomirror::probe::fetch_error::Stage::Tls);
    let accepted = !tls_failed && fetch.status == Some(200);
    let words = fetch.error.as_ref().map(|e| {
        let t = e.text();
        format!("{} / {}", t.en, t.zh)
    });
    (accepted, fetch.cert, words.unwrap_or_default())
}

#[test]
fn tls_verdicts_equal_the_go_commands_on_every_certificate_shape() {
    let go = common::go("1.27");
    let sandbox = common::Sandbox::new();
    let work = &sandbox.dir;
    let (shapes, server) = lab::start(&sandbox);
    assert!(shapes.len() >= 15, "the lab has {} shapes", shapes.len());

    let mut agreed = 0;
    let mut problems = Vec::new();
    for (shape, port) in shapes.iter().zip(&server.ports) {
        let url = format!("https://{}:{port}", shape.host);
        let (go_ok, go_text) = go_verdict(&go, work.path(), shape.name, &url, &shape.roots);
        let (ours_ok, cert, words) = probe_verdict(&url, &shape.roots, work.path());
        println!(
            "{:<52} go: {:<7} gomirror: {:<7} {}",
            shape.name,
            if go_ok { "accepts" } else { "refuses" },
            if ours_ok { "accepts" } else { "refuses" },
            words
        );
        if !go_ok {
            println!("    the go command: {}", go_text.trim());
        }
        if go_ok != shape.go_accepts {
            problems.push(format!(
                "{}: the lab meant the go command to {} it, but it {}: {go_text}",
                shape.name,
                if shape.go_accepts { "accept" } else { "refuse" },
                if go_ok { "accepted" } else { "refused" },
            ));
            continue;
        }
        if go_ok != ours_ok {
            problems.push(format!(
                "{}: the go command {} it, gomirror {} it ({words}; {cert:?})",
                shape.name,
                if go_ok { "accepts" } else { "refuses" },
                if ours_ok { "accepts" } else { "refuses" },
            ));
            continue;
        }
        if !go_ok {
            let ours = cert
                .as_ref()
                .and_then(|c| c.problem.as_ref())
                .map(|p| p.text())
                .expect("a refusal names its problem");
            if !go_text.contains(shape.phrase) || !ours.en.contains(shape.phrase) {
                problems.push(format!(
                    "{}: the reasons differ: go said {go_text:?}, gomirror said {:?} (both should contain {:?})",
                    shape.name, ours.en, shape.phrase
                ));
                continue;
            }
            for text in [&ours.en, &ours.zh, &words] {
                assert!(
                    !text.contains("Other(") && !text.contains("Error(") && !text.contains("{ "),
                    "{}: a Debug string in the message: {text}",
                    shape.name
                );
            }
            assert!(
                ours.zh
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}: the Chinese reason has no Chinese: {}",
                shape.name,
                ours.zh
            );
        }
        agreed += 1;
    }
    println!(
        "TLS shapes agreed with the go command: {agreed} of {}",
        shapes.len()
    );
    assert!(
        problems.is_empty(),
        "disagreements:\n{}",
        problems.join("\n")
    );
}
