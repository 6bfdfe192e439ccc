//! TLS as go.exe judges it: the certificate shapes of the Linux lab (tests/tls_go: company
//! roots, intermediates sent or not, self-signed servers, expired, wrong names, weak and odd
//! keys, key usages, name constraints) served by Go's own TLS server on loopback. For each,
//! the shape's root becomes the machine's root (bound over the system bundle Wine's crypt32
//! reads), then go.exe downloads through it and gomirror.exe probes it: the same verdict for
//! every shape, and for a refusal the same reason. Then Go 1.27's rule that `SSL_CERT_FILE`
//! replaces the Windows verifier (`GODEBUG=x509sslcertoverrideplatform=0` keeps it), seen in
//! go.exe and followed by the probe.

use super::lab::{self, MODULE, VERSION};
use super::wine::{Wine, win};
use super::{common, shapes};
use gomirror::goenv::location::EnvMap;
use std::path::Path;

/// The reasons Go gives for refusing a certificate, longest first: both sides must give the
/// same one.
const REASONS: &[&str] = &[
    "not authorized to sign for this name",
    "not authorized to sign other certificates",
    "cannot sign this kind of certificate",
    "signed by unknown authority",
    "has expired or is not yet valid",
    "certificate is valid for",
    "not valid for any names",
    "legacy Common Name",
    "doesn't contain any IP SANs",
    "incompatible key usage",
    "too many intermediates",
    "unhandled critical extension",
    "insecure algorithm",
    "RSA key larger than",
    "-bit keys are insecure",
];

/// The error line of go.exe's output (its JSON's "Error").
fn go_error(text: &str) -> &str {
    text.lines()
        .find(|l| l.contains("\"Error\""))
        .unwrap_or(text)
        .trim()
}

fn reason(text: &str) -> Option<&'static str> {
    REASONS.iter().copied().find(|r| text.contains(r))
}

struct Verdicts {
    go_ok: bool,
    go_text: String,
    ours_ok: bool,
    ours_text: String,
}

fn judge(w: &Wine, url: &str, roots: Option<&Path>, env: &EnvMap) -> Verdicts {
    let mut go_env = env.clone();
    go_env.insert("GOPROXY".into(), url.to_string());
    let go = w.go_download(roots, &format!("{MODULE}@{VERSION}"), &go_env);
    let probe = w.probe(roots, url, env);
    Verdicts {
        go_ok: go.code == 0,
        // `go mod download -json` reports the error in its JSON, on standard output.
        go_text: format!("{}{}", go.stdout, go.stderr),
        ours_ok: probe["tls_verified"] == true,
        ours_text: format!(
            "{} / {}",
            probe["tls_error"].as_str().unwrap_or("-"),
            probe["tls_error_zh"].as_str().unwrap_or("-")
        ),
    }
}

#[test]
fn tls_verdicts_equal_go_exe_on_every_certificate_shape() {
    let sandbox = common::Sandbox::new();
    let (shapes, server) = lab::start(&sandbox);

    // A prefix per shape: Wine's crypt32 copies the roots it finds into the prefix's registry,
    // so a shape run in a prefix another shape used would trust that shape's root too.
    // Three at a time: each shape is two Wine programs, mostly waiting on start-up.
    let jobs: Vec<(usize, &shapes::Shape, u16)> = shapes
        .iter()
        .zip(server.ports.iter().copied())
        .enumerate()
        .map(|(i, (s, p))| (i, s, p))
        .collect();
    let results: Vec<(usize, Verdicts)> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(jobs.len().div_ceil(3))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(i, shape, port)| {
                            // By name where the shape allows it: Wine's chain policy never
                            // matches an IP address (neither side gets past it).
                            let host = if shape.name.contains("reached by IP") {
                                shape.host
                            } else {
                                "localhost"
                            };
                            let url = format!("https://{host}:{port}");
                            let w = Wine::new();
                            (*i, judge(&w, &url, Some(&shape.roots), &EnvMap::new()))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a shape thread"))
            .collect()
    });

    let mut problems = Vec::new();
    let (mut accepted, mut refused) = (0, 0);
    for (i, v) in &results {
        let shape = &shapes[*i];
        println!(
            "{:<52} go.exe: {:<7} gomirror.exe: {:<7} {}",
            shape.name,
            if v.go_ok { "accepts" } else { "refuses" },
            if v.ours_ok { "accepts" } else { "refuses" },
            v.ours_text
        );
        if v.go_ok {
            accepted += 1;
        } else {
            refused += 1;
            println!("    go.exe: {}", go_error(&v.go_text));
        }
        if v.go_ok != v.ours_ok {
            problems.push(format!(
                "{}: go.exe {}, gomirror.exe {} ({}; go.exe: {})",
                shape.name,
                if v.go_ok { "accepts" } else { "refuses" },
                if v.ours_ok { "accepts" } else { "refuses" },
                v.ours_text,
                go_error(&v.go_text)
            ));
        } else if !v.go_ok && reason(&v.go_text) != reason(&v.ours_text) {
            problems.push(format!(
                "{}: the reasons differ: go.exe {:?} ({:?}), gomirror.exe {:?} ({:?})",
                shape.name,
                reason(&v.go_text),
                v.go_text.trim(),
                reason(&v.ours_text),
                v.ours_text
            ));
        }
    }
    assert_eq!(results.len(), shapes.len());
    // A lab where go.exe accepts nothing (or refuses nothing) would prove nothing.
    assert!(
        accepted >= 5 && refused >= 5,
        "go.exe accepted {accepted} and refused {refused} of {} shapes",
        shapes.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn ssl_cert_file_replaces_the_windows_verifier_as_in_go_1_27() {
    let sandbox = common::Sandbox::new();
    let (shapes, server) = lab::start(&sandbox);
    let w = Wine::new();
    let (i, standard) = shapes
        .iter()
        .enumerate()
        .find(|(_, s)| s.name == "standard")
        .expect("the standard shape");
    let url = format!("https://localhost:{}", server.ports[i]);

    // The root is not the machine's; SSL_CERT_FILE names it: Go's own verifier and that file.
    let mut env = EnvMap::new();
    env.insert("SSL_CERT_FILE".into(), win(&standard.roots));
    let v = judge(&w, &url, None, &env);
    assert!(
        v.go_ok,
        "go.exe 1.27 did not trust SSL_CERT_FILE: {}",
        v.go_text
    );
    assert!(
        v.ours_ok,
        "go.exe trusts SSL_CERT_FILE, gomirror.exe: {}",
        v.ours_text
    );

    // GODEBUG=x509sslcertoverrideplatform=0: the Windows verifier again, which does not know it.
    env.insert("GODEBUG".into(), "x509sslcertoverrideplatform=0".into());
    let v = judge(&w, &url, None, &env);
    assert!(
        !v.go_ok,
        "go.exe trusted SSL_CERT_FILE despite the GODEBUG setting"
    );
    assert!(!v.ours_ok, "go.exe refuses, gomirror.exe accepts");
    assert_eq!(
        reason(&v.go_text),
        reason(&v.ours_text),
        "{} / {}",
        v.go_text,
        v.ours_text
    );

    // And the machine's roots alone, without the variable: refused by both.
    let v = judge(&w, &url, None, &EnvMap::new());
    assert!(!v.go_ok && !v.ours_ok, "{} / {}", v.go_text, v.ours_text);
}
