//! Every message a user can see, walked in both languages: no English word and no
//! Debug-formatted value inside the Chinese text (technical tokens such as setting names, URLs,
//! hosts, commands in quotes and the go command's own quoted output excepted); and the
//! messages that were wrong before (route without a go command, GONOPROXY from GOPRIVATE).

mod common;

use common::{Sandbox, gomirror};
use gomirror::apply::history::HistoryError;
use gomirror::apply::safe_write::WriteError;
use gomirror::goenv::validate::{WriteContext, check_write};
use gomirror::gui::strings::strings;
use gomirror::i18n::{Lang, Text};
use gomirror::probe::http::{FetchError, Stage};
use gomirror::probe::stats::Verdict;
use std::path::PathBuf;

/// Lower-case technical words that stay as they are in Chinese text (keywords of Go settings,
/// commands, protocol names).
const TECHNICAL: &[&str] = &[
    "go",
    "env",
    "direct",
    "off",
    "none",
    "auto",
    "local",
    "path",
    "git",
    "netrc",
    "ssh",
    "https",
    "http",
    "file",
    "sumdb",
    "mod",
    "zip",
    "info",
    "list",
    "latest",
    "toolchain",
    "vendor",
    "all",
    "public",
    "private",
    "svn",
    "hg",
    "bzr",
    "fossil",
    "gomirror",
    "unset",
    "set",
    "undo",
    "goroot",
    "json",
    "xxxxx",
    "insteadof",
    "url",
    "cmd",
    "powershell",
    "bash",
    "zsh",
    "fish",
    "sum",
    "golang",
    "org",
    "cn",
    "io",
    "x",
    "net",
    "com",
    "corp",
    "example",
    "h",
    "toolchains",
    "on", // proper nouns
    "windows",
    "macos",
    "linux",
    "vs",
    "code",
    "goland",
    "direnv",
    "athens",
    "artifactory",
    "nexus",
    "gitlab",
    "github",
    "noto",
    "sans",
    "sc",
    "ubuntu", // font and library names (About)
    "hack",
    "bitstream",
    "vera",
    "egui",
    "eframe",
    "markdown",
    "curl",
    "docker",
    "dockerfile",
    "actions",
    "mib",
    "gib",
];

/// The English words left in a Chinese text after removing what is allowed.
fn english_words(zh: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Quoted spans (values, commands, go's own output) are technical by nature.
    let mut text = String::new();
    let mut depth = 0;
    let mut in_ascii_quote: Option<char> = None;
    for c in zh.chars() {
        match (c, in_ascii_quote) {
            ('“' | '「', None) => depth += 1,
            ('”' | '」', None) if depth > 0 => depth -= 1,
            ('\'' | '`', None) if depth == 0 => in_ascii_quote = Some(c),
            (q, Some(open)) if q == open => in_ascii_quote = None,
            _ if depth > 0 || in_ascii_quote.is_some() => {}
            _ => text.push(c),
        }
    }
    for token in text.split(|c: char| !(c.is_ascii_graphic()) || c == '(' || c == ')') {
        let token = token.trim_end_matches(|c: char| ",.;:!?\"".contains(c));
        if token.is_empty() || !token.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        // URLs, hosts, paths, flags, key=value, versions, variables: technical tokens.
        if token
            .chars()
            .any(|c| "/.:=@$%-_+*<>[]{}|\\0123456789".contains(c))
        {
            continue;
        }
        // Acronyms and setting names (DNS, TLS, GOPROXY, HTTP).
        if token
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            continue;
        }
        if TECHNICAL.contains(&token.to_ascii_lowercase().as_str()) {
            continue;
        }
        out.push(token.to_string());
    }
    out
}

fn check(what: &str, text: &Text, bad: &mut Vec<String>) {
    assert!(!text.en.is_empty() && !text.zh.is_empty(), "{what}: empty");
    let words = english_words(&text.zh);
    if !words.is_empty() {
        bad.push(format!("{what}: {words:?} in {:?}", text.zh));
    }
    if text.zh.contains("\\\"") || text.zh.contains("Some(") || text.zh.contains("None") {
        bad.push(format!("{what}: Debug formatting in {:?}", text.zh));
    }
}

#[test]
fn the_checker_finds_english_inside_chinese() {
    assert_eq!(
        english_words("在Dns 阶段timed out"),
        ["Dns", "timed", "out"]
    );
    assert!(english_words("GOPROXY 的值 https://goproxy.cn,direct 无效（'go env -w'）").is_empty());
}

#[test]
fn every_message_of_both_catalogues_is_chinese_in_chinese() {
    let mut bad = Vec::new();
    // The interface string table.
    let en = serde_json::to_value(strings(Lang::En)).expect("strings");
    let zh = serde_json::to_value(strings(Lang::Zh)).expect("strings");
    let fields = zh.as_object().expect("object");
    assert!(fields.len() > 100, "{}", fields.len());
    for (name, value) in fields {
        let text = Text::new(
            en[name].as_str().unwrap_or_default(),
            value.as_str().unwrap_or_default(),
        );
        check(&format!("strings.{name}"), &text, &mut bad);
    }
    // The Projects panel's table, and its labels, conflicts and git explanations.
    let en = serde_json::to_value(gomirror::gui::project_strings::project_strings(Lang::En))
        .expect("strings");
    let zh = serde_json::to_value(gomirror::gui::project_strings::project_strings(Lang::Zh))
        .expect("strings");
    for (name, value) in zh.as_object().expect("object") {
        let text = Text::new(
            en[name].as_str().unwrap_or_default(),
            value.as_str().unwrap_or_default(),
        );
        check(&format!("project_strings.{name}"), &text, &mut bad);
    }
    for c in gomirror::project::effective::Consumer::ALL {
        check(&format!("{c:?}"), &c.label(), &mut bad);
    }
    {
        use gomirror::project::effective::ProjectSource as P;
        for src in [
            P::Project,
            P::Env,
            P::File,
            P::Goroot,
            P::Default,
            P::Goprivate,
        ] {
            check(&format!("{src:?}"), &src.label(), &mut bad);
        }
        use gomirror::project::access::{Access as A, AccessReport};
        for access in [
            A::Ok,
            A::NeedsCredentials,
            A::AuthFailed,
            A::HostKeyUnknown,
            A::SshKeyRefused,
            A::NotFound,
            A::Network,
            A::TimedOut,
            A::Failed,
        ] {
            let r = AccessReport {
                url: "https://git.corp.example/team/lib".into(),
                access,
                detail: String::new(),
            };
            check(&format!("{access:?}"), &r.explain(), &mut bad);
        }
    }
    // A project with every conflict the Projects panel reports, and the refusals of its writes.
    {
        use gomirror::project::{Project, TargetFile, effective};
        let tmp = tempfile::tempdir().expect("tmp");
        let env =
            gomirror::goenv::location::env_from(&[("HOME", &tmp.path().display().to_string())]);
        let layers = gomirror::goenv::model::Layers::read(
            env,
            gomirror::goenv::location::TargetOs::Linux,
            None,
        );
        let file = |text: &str, vars: &[(&str, &str)]| TargetFile {
            path: tmp.path().join("f"),
            contents: Some(text.as_bytes().to_vec()),
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), Some(v.to_string())))
                .collect(),
            error: None,
        };
        let mut project = Project {
            envrc: file(
                &format!(
                    "{}export GONOPROXY=x.example\n",
                    gomirror::project::envrc::with_values(
                        "",
                        &[("GONOPROXY".to_string(), "y.example".to_string())]
                            .into_iter()
                            .collect()
                    )
                ),
                &[
                    ("GONOPROXY", "x.example"),
                    ("GOPROXY", "https://u:p@proxy.corp.example"),
                ],
            ),
            envrc_allowed: Some(false),
            goland: file("", &[("GOPROXY", "https://goproxy.io,direct")]),
            ..Project::default()
        };
        project
            .vscode_vars
            .tools
            .insert("GOFLAGS".into(), "${env:FLAGS}".into());
        project.envrc_allowed = Some(false);
        let conflicts =
            effective::conflicts(&project, &layers, &effective::table(&project, &layers));
        project.envrc_allowed = None;
        let more = effective::conflicts(&project, &layers, &effective::table(&project, &layers));
        let codes: std::collections::BTreeSet<&str> =
            conflicts.iter().chain(&more).map(|c| c.code).collect();
        assert_eq!(codes.len(), 6, "{codes:?}");
        for c in conflicts.iter().chain(&more) {
            check(c.code, &c.message, &mut bad);
        }
    }
    // The Verify panel's table.
    let en = serde_json::to_value(gomirror::gui::verify_strings::verify_strings(Lang::En))
        .expect("strings");
    let zh = serde_json::to_value(gomirror::gui::verify_strings::verify_strings(Lang::Zh))
        .expect("strings");
    for (name, value) in zh.as_object().expect("object") {
        let text = Text::new(
            en[name].as_str().unwrap_or_default(),
            value.as_str().unwrap_or_default(),
        );
        check(&format!("verify_strings.{name}"), &text, &mut bad);
    }
    // The Team panel, the profile's refusals and the snippets' notes.
    let en =
        serde_json::to_value(gomirror::gui::team_strings::team_strings(Lang::En)).expect("strings");
    let zh =
        serde_json::to_value(gomirror::gui::team_strings::team_strings(Lang::Zh)).expect("strings");
    for (name, value) in zh.as_object().expect("object") {
        let text = Text::new(
            en[name].as_str().unwrap_or_default(),
            value.as_str().unwrap_or_default(),
        );
        check(&format!("team_strings.{name}"), &text, &mut bad);
    }
    let refused = gomirror::profile::file::parse(
        "version = 2\nmin_go = \"x\"\n[settings]\nGOPROXY = \"https://u:p@h.example\"\nGOPATH = \"/x\"\nGOSUMDB = \"bogus+key\"\n[[mirrors]]\nname = \"m\"\nurl = \"ftp://m.example\"\nkind = \"athens\"\n[[mirrors]]\nname = \"s\"\nurl = \"https://u:p@s.example\"\nkind = \"nexus\"\n",
    )
    .expect_err("refused");
    assert!(refused.problems.len() >= 5, "{refused:?}");
    for p in &refused.problems {
        check("profile", p, &mut bad);
    }
    for f in gomirror::profile::snippets::Format::ALL {
        check(f.name(), &f.label(), &mut bad);
        let s = gomirror::profile::snippets::render(
            f,
            &[
                ("GOPRIVATE".to_string(), "100%\"x${{".to_string()),
                (
                    "HTTPS_PROXY".to_string(),
                    "http://p.example:3128".to_string(),
                ),
            ]
            .into(),
        );
        for n in &s.notes {
            check(f.name(), n, &mut bad);
        }
    }
    // The team's minimum go version.
    {
        let p =
            gomirror::profile::file::parse("version = 1\nmin_go = \"1.99\"\n").expect("profile");
        for v in [Some("go1.27.3"), Some("go1.19.8"), None] {
            let installed = v.and_then(gomirror::goenv::version::GoVersion::parse);
            let (text, _) =
                gomirror::profile::min_go_check(&p, installed.as_ref()).expect("not met");
            check("min_go", &text, &mut bad);
        }
    }
    // The Doctor panel and the alert banner.
    let en = serde_json::to_value(gomirror::gui::doctor_strings::doctor_strings(Lang::En))
        .expect("strings");
    let zh = serde_json::to_value(gomirror::gui::doctor_strings::doctor_strings(Lang::Zh))
        .expect("strings");
    for (name, value) in zh.as_object().expect("object") {
        let text = Text::new(
            en[name].as_str().unwrap_or_default(),
            value.as_str().unwrap_or_default(),
        );
        check(&format!("doctor_strings.{name}"), &text, &mut bad);
    }
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
        let (text, _) =
            gomirror::verify::explain::describe(c, "go: git.corp.example/a/b@v1.0.0: x");
        check(c.name(), &text, &mut bad);
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
    assert!(
        bad.is_empty(),
        "{} messages:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn route_without_a_go_command_uses_the_go_commands_defaults() {
    let s = Sandbox::new();
    let mut env = s.env();
    env.insert("GOMIRROR_GO".into(), "/nonexistent/go".into());
    env.insert("PATH".into(), "/nonexistent".into());
    let out = gomirror(&["route", "example.com/m", "--json"], &env, None, s.path());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(r["fetch"], "proxy", "{r}");
    assert_eq!(r["proxies"][0]["url"], "https://proxy.golang.org", "{r}");
    assert_eq!(r["direct_after_proxies"], true, "{r}");
    assert_eq!(r["checksum"], true, "{r}");
    assert!(r["error"].is_null(), "{r}");
    let db = r["checksum_db"].to_string();
    assert!(
        db.contains("sum.golang.org") && !db.contains("invalid"),
        "{r}"
    );
}

#[test]
fn gonoproxy_and_gonosumdb_from_goprivate_say_so() {
    let s = Sandbox::new();
    let mut env = s.env();
    env.insert("GOPRIVATE".into(), "git.corp.com".into());
    env.insert("GOMIRROR_GO".into(), "/nonexistent/go".into());
    let out = gomirror(&["env", "--json"], &env, None, s.path());
    let r: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    for key in ["GONOPROXY", "GONOSUMDB"] {
        assert_eq!(r["vars"][key]["value"], "git.corp.com", "{r}");
        assert_eq!(r["vars"][key]["source"], "goprivate", "{r}");
    }
    env.insert("GONOSUMDB".into(), "none".into());
    let out = gomirror(&["env", "--json"], &env, None, s.path());
    let r: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(r["vars"]["GONOSUMDB"]["source"], "env", "{r}");
    assert_eq!(r["vars"]["GONOPROXY"]["source"], "goprivate", "{r}");
}

/// A user env file saved with Windows line breaks: every affected key gets a warning with a
/// one-click fix, and the fix really removes the CR (through the normal apply path).
#[test]
fn crlf_lines_in_the_env_file_are_flagged_with_a_fix() {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.env_file().parent().expect("dir")).expect("mkdir");
    std::fs::write(
        s.env_file(),
        "GOPROXY=https://goproxy.cn,direct\r\nGOSUMDB=off\r\nGOPRIVATE=corp.com\n",
    )
    .expect("env file");
    let mut env = s.env();
    env.insert("GOMIRROR_GO".into(), "/nonexistent/go".into());
    let (_, snapshot) = gomirror::goenv::load(env.clone());
    for key in ["GOPROXY", "GOSUMDB"] {
        let c = snapshot.vars[key]
            .conflicts
            .iter()
            .find(|c| c.code == "crlf-line-ending")
            .unwrap_or_else(|| panic!("{key}: {:?}", snapshot.vars[key].conflicts));
        match &c.fix {
            Some(gomirror::goenv::conflicts::Fix::SetInFile { key: k, value }) => {
                assert_eq!(k, key);
                assert!(!value.ends_with('\r'), "{value:?}");
            }
            other => panic!("{key}: {other:?}"),
        }
    }
    assert!(
        !snapshot.vars["GOPRIVATE"]
            .conflicts
            .iter()
            .any(|c| c.code == "crlf-line-ending")
    );
    let out = gomirror(
        &[
            "set",
            "GOPROXY=https://goproxy.cn,direct",
            "GOSUMDB=off",
            "--via",
            "file",
        ],
        &env,
        None,
        s.path(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // No CR left; the lines are ordered as `go env -w` orders them.
    assert_eq!(
        std::fs::read_to_string(s.env_file()).expect("env"),
        "GOPRIVATE=corp.com\nGOPROXY=https://goproxy.cn,direct\nGOSUMDB=off\n"
    );
}
