//! The explainer against what the real go command prints: for every class, the go command
//! (1.27 and 1.19) is made to fail that way against the lab (never a message typed by hand),
//! and its output must be classified right; `toolchain-unavailable` only 1.27 can produce.
//! Lines that are not problems are `unknown`, and random text is never recognised.

mod common;
#[path = "common/githttp.rs"]
mod githttp;
#[path = "common/labsumdb.rs"]
mod labsumdb;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go, gomirror, gomirror_ok, run_go};
use gomirror::verify::explain::{Class, Evidence, classify, explain};
use netlab::{Behaviour, LabMirror, TestCa};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

/// How to make the go command fail: extra environment, and files in the module folder.
struct Case {
    class: Class,
    env: Vec<(String, String)>,
    /// go.mod and go.sum of a module that requires example.com/m (None: download directly).
    module: Option<(String, String)>,
    args: Vec<String>,
}

fn case(class: Class, env: &[(&str, &str)]) -> Case {
    Case {
        class,
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        module: None,
        args: vec![
            "mod".into(),
            "download".into(),
            "example.com/m@v1.0.0".into(),
        ],
    }
}

/// Runs the case with the given go and returns everything it printed.
fn capture(version: &str, c: &Case, s: &Sandbox) -> String {
    let mut env = s.env();
    env.insert("GOTOOLCHAIN".into(), "local".into());
    env.insert("GOFLAGS".into(), "-modcacherw".into());
    env.insert(
        "GOMODCACHE".into(),
        s.path()
            .join(format!("cache-{version}"))
            .display()
            .to_string(),
    );
    for (k, v) in &c.env {
        env.insert(k.clone(), v.clone());
    }
    let dir = s.path().join(format!("mod-{version}-{}", c.class.name()));
    std::fs::create_dir_all(&dir).expect("dir");
    if let Some((gomod, gosum)) = &c.module {
        std::fs::write(dir.join("go.mod"), gomod).expect("go.mod");
        std::fs::write(dir.join("go.sum"), gosum).expect("go.sum");
    }
    let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
    let out = run_go(&go(version), &args, &env, &dir);
    assert_ne!(out.code, 0, "go {version} did not fail for {:?}", c.class);
    format!("{}{}", out.stdout, out.stderr)
}

#[test]
fn every_class_is_recognised_in_the_real_go_commands_words() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let ca = TestCa::new("explain");
    let mirror = |b: Behaviour| LabMirror::start(&rt, b, None);
    let status = |code: u16| Behaviour {
        all_status: Some(code),
        ..Behaviour::default()
    };
    let not_found = mirror(status(404));
    let gone = mirror(status(410));
    let auth = mirror(Behaviour {
        basic_auth: Some(("ci".into(), "pw".into())),
        ..Behaviour::default()
    });
    let good = mirror(Behaviour::default());
    let tls = LabMirror::start(&rt, Behaviour::default(), Some(&ca));
    let slow_tls = LabMirror::start(
        &rt,
        Behaviour {
            tls_delay: std::time::Duration::from_secs(30),
            ..Behaviour::default()
        },
        Some(&ca),
    );
    let no_toolchain = mirror(Behaviour {
        statuses: BTreeMap::from([("/golang.org/toolchain/".to_string(), 404)]),
        ..Behaviour::default()
    });
    let nosumdb = mirror(Behaviour {
        sumdb_supported: 404,
        ..Behaviour::default()
    });
    let bad_gateway = mirror(status(502));
    // Two checksum databases of one name: the answer of the first, checked with the key of
    // the second.
    let db = labsumdb::start(&s, "sum.lab.example");
    let impostor = labsumdb::start(&s, "sum.lab.example");
    let wrong_key = format!("{} http://{}", impostor.vkey, db.addr);
    let portal = mirror(Behaviour {
        body_for_all: Some((
            "text/html",
            b"<html><body><form>Sign in to the office network</form></body></html>".to_vec(),
        )),
        ..Behaviour::default()
    });
    let sumdb_failing = mirror(Behaviour {
        statuses: BTreeMap::from([("/sumdb/sum.golang.org/lookup/".to_string(), 502)]),
        ..Behaviour::default()
    });
    const TOOLCHAIN: &str = "v0.0.1-go1.99.0.linux-amd64";
    let toolchain_listed = mirror(Behaviour {
        toolchains: Some(vec![TOOLCHAIN.into()]),
        ..Behaviour::default()
    });
    let toolchain_failing = mirror(Behaviour {
        toolchains: Some(vec![TOOLCHAIN.into()]),
        statuses: BTreeMap::from([(format!("/golang.org/toolchain/@v/{TOOLCHAIN}.zip"), 502)]),
        ..Behaviour::default()
    });
    // A private repository behind basic auth, reached through the user's git config.
    let repos = s.path().join("repos");
    std::fs::create_dir_all(&repos).expect("repos");
    githttp::bare_repo(&repos, "lib");
    let git_server = githttp::GitHttp::start(&repos, "dev", "pw");
    std::fs::write(
        s.home.join(".gitconfig"),
        // Every scheme the go command may try leads to the lab (git:// and ssh too), so that
        // each attempt meets the password prompt git may not show.
        format!(
            "[url \"http://127.0.0.1:{}/\"]\n\tinsteadOf = https://git.corp.example/\n\tinsteadOf = git://git.corp.example/\n\tinsteadOf = ssh://git@git.corp.example/\n",
            git_server.port
        ),
    )
    .expect("gitconfig");

    let off = ("GOSUMDB", "off");
    let cases = vec![
        case(
            Class::ProxyUnreachable,
            &[("GOPROXY", "http://127.0.0.1:9"), off],
        ),
        case(Class::NotFound, &[("GOPROXY", &not_found.url), off]),
        case(Class::Gone, &[("GOPROXY", &gone.url), off]),
        case(Class::AuthRequired, &[("GOPROXY", &auth.url), off]),
        case(Class::TlsUntrusted, &[("GOPROXY", &tls.url), off]),
        case(Class::ProxyTimeout, &[("GOPROXY", &slow_tls.url), off]),
        case(Class::InvalidGoproxy, &[("GOPROXY", "ftp://x"), off]),
        case(
            Class::InvalidGosumdb,
            &[("GOPROXY", &good.url), ("GOSUMDB", "a b c")],
        ),
        case(Class::LookupDisabled, &[("GOPROXY", "off"), off]),
        case(
            Class::ProxyServerError,
            &[("GOPROXY", &bad_gateway.url), off],
        ),
        case(
            Class::SumdbKeyMismatch,
            &[("GOPROXY", &nosumdb.url), ("GOSUMDB", &wrong_key)],
        ),
        case(
            Class::InvalidProxyResponse,
            &[("GOPROXY", &portal.url), off],
        ),
        // The lab mirror has no checksum database behind its proxy endpoint: lookups 404.
        case(
            Class::SumdbMissing,
            &[("GOPROXY", &good.url), ("GOSUMDB", "sum.golang.org")],
        ),
        case(
            Class::SumdbServerError,
            &[
                ("GOPROXY", &sumdb_failing.url),
                ("GOSUMDB", "sum.golang.org"),
            ],
        ),
        {
            let mut c = case(Class::ModReadonly, &[("GOPROXY", &good.url), off]);
            c.module = Some(("module example.com/app\n\ngo 1.19\n".into(), String::new()));
            c.args = vec![
                "list".into(),
                "-mod=readonly".into(),
                "example.com/m".into(),
            ];
            c
        },
        {
            let mut c = case(Class::VendorInconsistent, &[("GOPROXY", &good.url), off]);
            c.module = Some((
                "module example.com/app\n\ngo 1.19\n\nrequire example.com/m v1.0.0\n".into(),
                String::new(),
            ));
            c.args = vec!["list".into(), "-mod=vendor".into(), "example.com/m".into()];
            c
        },
        case(
            Class::SumdbUnreachable,
            &[("GOPROXY", &nosumdb.url), ("GOSUMDB", "sum.golang.org")],
        ),
        {
            let mut c = case(
                Class::GitAuth,
                &[
                    ("GOPROXY", "direct"),
                    ("GOPRIVATE", "git.corp.example"),
                    ("NO_PROXY", "127.0.0.1"),
                ],
            );
            c.args = vec![
                "mod".into(),
                "download".into(),
                "git.corp.example/lib.git@latest".into(),
            ];
            c
        },
        {
            // A go.sum that disagrees with what the proxy serves.
            let mut c = case(Class::ChecksumMismatch, &[("GOPROXY", &good.url), off]);
            c.module = Some((
                "module example.com/app\n\ngo 1.19\n\nrequire example.com/m v1.0.0\n".into(),
                "example.com/m v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nexample.com/m v1.0.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n".into(),
            ));
            c.args = vec!["mod".into(), "download".into()];
            c
        },
    ];
    // Only a go command that knows toolchains can miss one, fail to download one, refuse one
    // without the checksum database, or refuse to switch.
    let toolchain_case = |class: Class, env: &[(&str, &str)], go_line: &str| {
        let mut c = case(class, env);
        c.module = Some((
            format!("module example.com/app\n\ngo {go_line}\n"),
            String::new(),
        ));
        c.args = vec!["mod".into(), "download".into()];
        c
    };
    let toolchain_cases = vec![
        toolchain_case(
            Class::ToolchainUnavailable,
            &[("GOPROXY", &no_toolchain.url), off, ("GOTOOLCHAIN", "auto")],
            "1.99",
        ),
        toolchain_case(
            Class::ToolchainDownloadFailed,
            &[
                ("GOPROXY", &toolchain_failing.url),
                ("GOSUMDB", "sum.golang.org"),
                ("GOTOOLCHAIN", "auto"),
            ],
            "1.99.0",
        ),
        toolchain_case(
            Class::SumdbDisabled,
            &[
                ("GOPROXY", &toolchain_listed.url),
                off,
                ("GOTOOLCHAIN", "auto"),
            ],
            "1.99.0",
        ),
        toolchain_case(Class::GoTooOld, &[("GOPROXY", &good.url), off], "1.99.0"),
    ];

    let versions = ["1.27", "1.19"];
    let outputs_live: Vec<(String, Class, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = versions
            .iter()
            .flat_map(|v| cases.iter().map(move |c| (v, c)))
            .map(|(v, c)| {
                let s = &s;
                scope.spawn(move || (v.to_string(), c.class, capture(v, c, s)))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let mut outputs = outputs_live;
    for c in toolchain_cases {
        outputs.push(("1.27".into(), c.class, capture("1.27", &c, &s)));
    }

    let mut missed = Vec::new();
    for (version, want, output) in &outputs {
        let found: Vec<Class> = explain(output, &Evidence::default())
            .iter()
            .map(|f| f.class)
            .collect();
        let output: String = output
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        if !found.contains(want) {
            missed.push(format!("go {version}, {want:?}:\n{output}"));
        }
        // A failure is never given a wrong class on another line (unknown lines aside).
        for (line, class) in output.lines().zip(&found) {
            let related = matches!(
                (want, class),
                (Class::SumdbUnreachable, Class::ProxyUnreachable)
                    | (Class::ChecksumMismatch, Class::Unknown)
                    | (_, Class::Unknown)
                    | (_, Class::ServerResponse)
            );
            assert!(
                class == want || related,
                "go {version}: {line:?} classified {class:?}, expected {want:?}"
            );
        }
    }
    println!(
        "the real go command's outputs: {} (go 1.27 and 1.19), {} lines, all recognised: {}",
        outputs.len(),
        outputs
            .iter()
            .map(|(_, _, o)| o.lines().count())
            .sum::<usize>(),
        missed.is_empty()
    );
    assert!(missed.is_empty(), "not recognised:\n{}", missed.join("\n"));
    // The CLI agrees, with a fix for the classes that have one.
    let all: String = outputs.iter().map(|(_, _, o)| o.as_str()).collect();
    let file = s.path().join("pasted.txt");
    std::fs::write(&file, &all).expect("write");
    let out = gomirror_ok(
        &["explain", &file.display().to_string(), "--json"],
        &s.env(),
        None,
        s.path(),
    );
    let v: serde_json::Value = crate::common::json(&out);
    let classes: std::collections::BTreeSet<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["class"].as_str())
        .collect();
    // GOAUTH's own failures need a credential helper; the corpus has them.
    for c in Class::ALL.into_iter().filter(|c| *c != Class::GoauthFailed) {
        assert!(
            classes.contains(c.name()),
            "{} missing from {classes:?}",
            c.name()
        );
    }
    assert!(out.stdout.contains("\"GOSUMDB\": \"sum.golang.google.cn\""));
    assert!(!out.stdout.contains(":pw@"), "credentials redacted");
}

#[test]
fn plain_lines_are_unknown_and_random_text_is_never_recognised() {
    let findings = explain(
        "go: downloading example.com/m v1.0.0\ngo: added example.com/m v1.0.0\n",
        &Evidence::default(),
    );
    assert!(findings.iter().all(|f| f.class == Class::Unknown));
    let s = Sandbox::new();
    let file = s.path().join("plain.txt");
    std::fs::write(&file, "all good\n").expect("write");
    let out = gomirror(
        &["explain", &file.display().to_string()],
        &s.env(),
        None,
        s.path(),
    );
    assert_eq!(out.code, 1, "nothing recognised: exit 1");
    let mut rng = StdRng::seed_from_u64(7);
    let alphabet: Vec<char> = "abcdefghijklmnopqrstuvwxyz0123456789 :/.@-_\"'中文"
        .chars()
        .collect();
    for _ in 0..2000 {
        let len = rng.random_range(0..120);
        let line: String = (0..len)
            .map(|_| alphabet[rng.random_range(0..alphabet.len())])
            .collect();
        assert_eq!(classify(&line), Class::Unknown, "{line:?}");
    }
}
