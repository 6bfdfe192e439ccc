//! The go command's own error texts that gomirror quotes (`go_text`) are compared with what the
//! real go command prints for the same value, for GOAUTH, GOFLAGS, GOVCS, GO111MODULE, GOENV,
//! GOROOT, GOTOOLCHAIN and GOPATH (GOPROXY's and GOSUMDB's are in download_go.rs), on Go 1.27
//! and 1.19 where the setting exists there.

mod common;

use common::{Sandbox, go, run_go};
use gomirror::goenv::validate::{WriteContext, check_write};
use gomirror::goenv::version::GoVersion;

/// How a value reaches the go command in the comparison.
#[derive(Clone, Copy)]
enum Trigger {
    /// `go env -w KEY=VALUE` (the write-time checks).
    EnvW,
    /// The value in the process environment for `go list -m` in a module (parsed by every
    /// command that loads the configuration).
    List,
    /// The value in the environment for a download of a module from a known code host, so
    /// that GOVCS and GOAUTH are consulted before any network use (GOPROXY=direct; the
    /// sandbox's proxy variables point at a closed port, so nothing leaves the machine).
    DirectDownload,
    /// The value in the environment for a download through a proxy on a closed loopback port
    /// (GOAUTH is consulted before each proxy request).
    ProxyDownload,
}

fn go_output(version: &str, key: &str, value: &str, trigger: Trigger) -> String {
    let s = Sandbox::new();
    let mut env = s.env();
    // GOTOOLCHAIN=local keeps every call local, except when GOTOOLCHAIN itself is written
    // (G15: the single-argument `go env -w GOTOOLCHAIN=...` is exempt from switching).
    if key != "GOTOOLCHAIN" {
        env.insert("GOTOOLCHAIN".into(), "local".into());
    }
    std::fs::write(s.path().join("go.mod"), "module example.com/w\n\ngo 1.19\n").expect("go.mod");
    let out = match trigger {
        Trigger::EnvW => run_go(
            &go(version),
            &["env", "-w", &format!("{key}={value}")],
            &env,
            s.path(),
        ),
        Trigger::List => {
            env.insert(key.into(), value.into());
            run_go(&go(version), &["list", "-m"], &env, s.path())
        }
        Trigger::DirectDownload | Trigger::ProxyDownload => {
            env.insert(key.into(), value.into());
            let proxy = match trigger {
                Trigger::DirectDownload => "direct",
                _ => "https://127.0.0.1:9",
            };
            env.insert("GOPROXY".into(), proxy.into());
            env.insert("GOSUMDB".into(), "off".into());
            env.insert("GOFLAGS".into(), "-modcacherw".into());
            run_go(
                &go(version),
                &["mod", "download", "github.com/gomirror-test/nothing@v1.0.0"],
                &env,
                s.path(),
            )
        }
    };
    format!("{}{}", out.stdout, out.stderr)
}

#[test]
fn our_quotes_of_go_errors_are_what_go_prints() {
    let cases: &[(&str, &str, Trigger, &[&str])] = &[
        ("GO111MODULE", "maybe", Trigger::EnvW, &["1.27", "1.19"]),
        ("GO111MODULE", "ON", Trigger::EnvW, &["1.27", "1.19"]),
        ("GOENV", "/x", Trigger::EnvW, &["1.27", "1.19"]),
        ("GOROOT", "/nonexistent", Trigger::EnvW, &["1.27"]),
        ("GOPATH", "~/go", Trigger::EnvW, &["1.27", "1.19"]),
        ("GOPATH", "relative/dir", Trigger::EnvW, &["1.27", "1.19"]),
        ("GOTOOLCHAIN", "banana", Trigger::List, &["1.27"]),
        ("GOFLAGS", "mod=vendor", Trigger::List, &["1.27", "1.19"]),
        ("GOFLAGS", "\"-mod=mod", Trigger::List, &["1.27", "1.19"]),
        ("GOAUTH", "off;netrc", Trigger::ProxyDownload, &["1.27"]),
        ("GOAUTH", "git relative", Trigger::ProxyDownload, &["1.27"]),
        (
            "GOVCS",
            "nonsense",
            Trigger::DirectDownload,
            &["1.27", "1.19"],
        ),
        (
            "GOVCS",
            "a:git,a:hg",
            Trigger::DirectDownload,
            &["1.27", "1.19"],
        ),
        ("GOVCS", ":git", Trigger::DirectDownload, &["1.27", "1.19"]),
        (
            "GOVCS",
            "github.com:",
            Trigger::DirectDownload,
            &["1.27", "1.19"],
        ),
    ];
    let mut compared = 0;
    for (key, value, trigger, versions) in cases {
        for version in *versions {
            let go_version = GoVersion::parse(&format!("go{version}.0")).expect("version");
            let ctx = WriteContext {
                version: Some(&go_version),
                existing_keys: None,
            };
            let problems = check_write(key, value, ctx);
            let texts: Vec<&str> = problems
                .iter()
                .filter(|p| p.is_error())
                .filter_map(|p| p.go_text.as_deref())
                .collect();
            assert!(
                !texts.is_empty(),
                "{key}={value}: no go text in {problems:?}"
            );
            let output = go_output(version, key, value, *trigger);
            for text in &texts {
                assert!(
                    output.contains(text),
                    "go{version} {key}={value}:\n ours: {text}\n go:   {output}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 20, "{compared}");
}
