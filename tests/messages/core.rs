//! The core's messages: the doctor's findings, the explainer, verdicts and probe stages, fetch
//! errors, validation of values users really type, file and history errors, conflicts.

use super::*;

#[test]
fn doctor_findings_explainer_verdicts_and_fetch_errors_are_chinese_in_chinese() {
    let mut bad = Vec::new();
    // The doctor's findings on a machine without go, with a proxy variable curl uses only,
    // a world-readable .netrc and an unwritable module cache.
    {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().display().to_string();
        let netrc = dir.path().join(".netrc");
        std::fs::write(&netrc, "machine h login u password p\n").expect("netrc");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&netrc, std::fs::Permissions::from_mode(0o644)).expect("mode");
        let mut input = gomirror::doctor::Input::new(gomirror::goenv::location::env_from(&[
            ("HOME", &home),
            ("PATH", "/nonexistent"),
            ("GOMIRROR_GO", "/nonexistent/go"),
            ("ALL_PROXY", "socks5://127.0.0.1:1080"),
            ("GOMODCACHE", "/proc/gomirror-modcache"),
        ]));
        input.network = false;
        let report = gomirror::doctor::gather(&input);
        let ids: std::collections::BTreeSet<&str> = report.findings.iter().map(|f| f.id).collect();
        for id in [
            "go-missing",
            "proxy-all-proxy-only",
            "netrc-readable-by-others",
            "modcache-not-writable",
        ] {
            assert!(ids.contains(id), "{id} not in {ids:?}");
        }
        for f in &report.findings {
            check(f.id, &f.text(), &mut bad);
        }
    }
    // The explainer's classes.
    for c in gomirror::verify::explain::Class::ALL {
        let (text, _) = gomirror::verify::explain::describe(
            c,
            "go: git.corp.example/a/b@v1.0.0: x",
            &gomirror::verify::explain::Evidence::default(),
        );
        check(c.name(), &text, &mut bad);
        check(c.name(), &c.label(), &mut bad);
    }
    // Verdicts and probe stages.
    for v in [
        Verdict::Healthy,
        Verdict::Slow,
        Verdict::Degraded,
        Verdict::NoChecksumProxy,
        Verdict::Stale,
        Verdict::Broken,
        Verdict::Unreachable,
        Verdict::LoginPage,
        Verdict::Tampered,
        Verdict::NeedsAuth,
    ] {
        check(&format!("{v:?}"), &v.label(), &mut bad);
    }
    for stage in [
        Stage::Dns,
        Stage::Connect,
        Stage::Tls,
        Stage::Ttfb,
        Stage::Body,
    ] {
        check(
            &format!("{stage:?}"),
            &FetchError::Timeout { stage }.text(),
            &mut bad,
        );
    }
    // Fetch errors as the OS and the libraries word them.
    let errors = [
        FetchError::Dns {
            message:
                "lookup goproxy.cn: failed to lookup address information: Name or service not known"
                    .into(),
        },
        FetchError::Connect {
            message: "dial tcp 127.0.0.1:9: Connection refused (os error 111)".into(),
        },
        FetchError::Connect {
            message: "dial tcp 10.0.0.1:443: Network is unreachable (os error 101)".into(),
        },
        FetchError::Proxy {
            message: "proxy http://127.0.0.1:3128: CONNECT answered \"HTTP/1.1 403 Forbidden\""
                .into(),
        },
        FetchError::Tls {
            message: "tls: invalid peer certificate: UnknownIssuer".into(),
        },
        FetchError::Http {
            message: "connection closed before message completed".into(),
        },
        FetchError::Redirect {
            message: "stopped after 10 redirects".into(),
        },
        FetchError::BadUrl {
            message: "only http and https can be probed: ftp://x".into(),
        },
    ];
    for e in &errors {
        check(&format!("{e:?}"), &e.text(), &mut bad);
    }
    assert_clean(bad);
}

#[test]
fn validation_file_errors_and_conflicts_are_chinese_in_chinese() {
    let mut bad = Vec::new();
    // Validation of every key over values users really type.
    let values: &[(&str, &[&str])] = &[
        (
            "GOPROXY",
            &[
                "https://goproxy.cn;direct",
                "goproxy.cn",
                "https://goproxy.cn direct",
                "ftp://x",
                "https://goproxy.cn,direct,https://x",
                "\"https://goproxy.cn\"",
                "",
                "https://goproxy.cn",
                "direct/",
            ],
        ),
        (
            "GOSUMDB",
            &[
                "off",
                "sum.goproxy.cn",
                "a b c",
                "sum.golang.org ftp://x",
                "sum.golang.org https://",
                "goproxy.cn/sumdb/sum.golang.org",
            ],
        ),
        (
            "GOPRIVATE",
            &[
                "https://git.corp.com",
                "a; b",
                "Git.Corp.com",
                "[!a]",
                "x[y",
            ],
        ),
        ("GOFLAGS", &["mod=vendor", "-", "\"-mod=mod"]),
        ("GOTOOLCHAIN", &["go1.x", "banana", "go1.21.0+path"]),
        ("GOAUTH", &["", "off;netrc", "git relative"]),
        ("GOVCS", &["nonsense", "a:b:c"]),
        ("GOPATH", &["relative/dir", "~/go"]),
        ("GOROOT", &["/nonexistent"]),
        ("GOENV", &["/x"]),
        ("GO111MODULE", &["maybe"]),
        ("goproxy", &["x"]),
        ("GOPROXY", &["a\nb", "a\rb"]),
    ];
    for (key, list) in values {
        for value in *list {
            for p in check_write(key, value, WriteContext::default()) {
                check(&format!("{key}={value:?}"), &p.message, &mut bad);
            }
        }
    }
    // File and history errors.
    let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    let path = PathBuf::from("/home/u/.config/go/env");
    for (what, e) in [
        (
            "write",
            WriteError::Write {
                path: path.clone(),
                source: io,
            },
        ),
        (
            "read",
            WriteError::Read {
                path: path.clone(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            },
        ),
        (
            "changed",
            WriteError::ChangedSinceShown { path: path.clone() },
        ),
    ] {
        check(what, &Text::new(e.to_string(), e.zh()), &mut bad);
    }
    let h = HistoryError::Io {
        path: path.clone(),
        source: std::io::Error::from(std::io::ErrorKind::StorageFull),
    };
    check("history io", &Text::new(h.to_string(), h.zh()), &mut bad);
    // Conflicts of a messy setup.
    let s = Sandbox::new();
    std::fs::create_dir_all(s.env_file().parent().expect("dir")).expect("mkdir");
    std::fs::write(
        s.env_file(),
        "GOPROXY=https://goproxy.cn;direct\nGOSUMDB=\n goflags=x\nGOROOT=/nonexistent\nGOPRIVATE=corp.com\n",
    )
    .expect("env file");
    let mut env = s.env();
    env.insert("GOPRIVATE".into(), "other.com".into());
    env.insert("GOMIRROR_GO".into(), "/nonexistent/go".into());
    let (_, snapshot) = gomirror::goenv::load(env);
    let mut conflicts = 0;
    for (key, var) in &snapshot.vars {
        for c in &var.conflicts {
            conflicts += 1;
            check(&format!("{key} {}", c.code), &c.message, &mut bad);
        }
    }
    assert!(conflicts >= 3, "{conflicts}");
    assert_clean(bad);
}
