//! Privacy: a recording lab mirror proves that no probe request carries a module path of the
//! user's (GOPRIVATE/GONOPROXY, a project's go.mod); passwords in mirror URLs, GOPROXY and proxy
//! variables never appear in CLI output, JSON, history or the settings the CLI prints.

mod common;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go, gomirror, gomirror_ok};
use netlab::{Behaviour, ConnectProxy, LabMirror, TestCa};
use std::time::Duration;

const SECRET: &str = "s3cretPassw0rd";

#[test]
fn probes_never_send_private_module_paths_nor_show_passwords() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let ca = TestCa::new("privacy");
    let ca_file = ca.write_ca(s.path());
    let mirror = LabMirror::start(&rt, Behaviour::default(), Some(&ca));
    let proxy = ConnectProxy::start(&rt, Duration::ZERO);
    // A project of the user's, and private patterns in every place the go command reads.
    let project = s.path().join("project");
    std::fs::create_dir_all(&project).expect("mkdir");
    std::fs::write(
        project.join("go.mod"),
        "module git.private-corp.example/secret-team/app\n\nrequire git.private-corp.example/secret-team/lib v1.0.0\n",
    )
    .expect("go.mod");
    std::fs::create_dir_all(s.env_file().parent().expect("dir")).expect("mkdir");
    std::fs::write(
        s.env_file(),
        "GOPRIVATE=git.private-corp.example/secret-team\nGONOPROXY=*.internal-secret.example\n",
    )
    .expect("env");
    let mut env = s.env();
    env.insert("SSL_CERT_FILE".into(), ca_file.display().to_string());
    env.insert("GONOSUMDB".into(), "secret-sumdb.example".into());
    // The proxy variables carry a password too; loopback is never proxied, so the lab mirror
    // is reached directly (what the go command does) and the password only has to stay hidden.
    let proxy_url = proxy
        .url
        .replace("http://", &format!("http://user:{SECRET}@"));
    env.insert("HTTPS_PROXY".into(), proxy_url.clone());
    env.insert("HTTP_PROXY".into(), proxy_url);
    let mirror_url = mirror
        .url
        .replace("https://", &format!("https://token:{SECRET}@"));
    let go_bin = go("1.27");
    let out = gomirror_ok(
        &[
            "probe",
            "--json",
            "--mirror",
            &mirror_url,
            "--samples",
            "2",
            "--timeout-ms",
            "3000",
        ],
        &env,
        Some(&go_bin),
        &project,
    );
    let report: serde_json::Value = crate::common::json(&out);
    assert_eq!(report["mirrors"][0]["verdict"], "healthy", "{report}");
    for text in [&out.stdout, &out.stderr] {
        assert!(!text.contains(SECRET), "a password was shown: {text}");
    }
    let requests = mirror.requests();
    assert!(requests.len() >= 5, "{requests:?}");
    for path in &requests {
        for private in ["private-corp", "secret", "internal"] {
            assert!(!path.contains(private), "a private path was sent: {path}");
        }
    }
    // The mirror got the credentials (the go command sends them too), only never shows them.
    let out = gomirror(
        &["recommend", "--mirror", &mirror_url],
        &env,
        Some(&go_bin),
        &project,
    );
    for text in [&out.stdout, &out.stderr] {
        assert!(!text.contains(SECRET), "a password was shown: {text}");
    }
}

/// Secrets as Go's URL parser accepts them in a userinfo: plain, with a quote, an `@`, a `%`
/// escape, a `:`, and a non-ASCII one (which the go command refuses: its error text must not
/// show it either).
const SECRETS: &[&str] = &[
    "S3CRETpw",
    "S3'CR3Tq",
    "p@ss@W0rdx",
    "pa%40ss%3Aw0",
    "pa:ss:w0rdz",
    "пароль密码",
];

#[test]
fn passwords_in_settings_never_reach_output_or_history() {
    for secret in SECRETS {
        passwords_never_reach_output(secret);
    }
}

fn passwords_never_reach_output(secret: &str) {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    let value = format!("https://user:{secret}@goproxy.corp.example,direct");
    let no_secret = |what: &str, text: &str| {
        assert!(!text.contains(secret), "{secret}: {what}: {text}");
        // A part of it is no better (the old redactor ended the URL at a quote).
        if let Some((_, tail)) = secret.split_once(['\'', '@', ':']) {
            assert!(
                tail.len() < 3 || !text.contains(tail),
                "{secret}: {what}: {text}"
            );
        }
    };
    for via in ["file", "go"] {
        let out = gomirror(
            &["set", &format!("GOPROXY={value}"), "--via", via, "--json"],
            &env,
            Some(&go_bin),
            s.path(),
        );
        no_secret(
            &format!("set --via {via}"),
            &format!("{}{}", out.stdout, out.stderr),
        );
        let out = gomirror(
            &[
                "set",
                &format!("GOPROXY={value}"),
                "--via",
                via,
                "--dry-run",
            ],
            &env,
            Some(&go_bin),
            s.path(),
        );
        no_secret("dry run", &format!("{}{}", out.stdout, out.stderr));
    }
    // The env file holds it (written by hand, as many do), and the OS environment overrides
    // it with another value holding the same password: the conflict quotes both.
    std::fs::create_dir_all(s.env_file().parent().expect("dir")).expect("dir");
    std::fs::write(
        s.env_file(),
        format!("GOPROXY={value}\nGOPRIVATE=a.example\n"),
    )
    .expect("env");
    let mut overridden = env.clone();
    overridden.insert(
        "GOPROXY".into(),
        format!("https://user:{secret}@other.corp.example/,direct"),
    );
    let out = gomirror(&["env", "--json"], &overridden, Some(&go_bin), s.path());
    assert!(out.stdout.contains("env-overrides-file"), "{}", out.stdout);
    no_secret(
        "env-overrides-file",
        &format!("{}{}", out.stdout, out.stderr),
    );
    let set = gomirror(
        &["set", "--via", "file", "GOSUMDB=sum.golang.google.cn"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    no_secret("set beside it", &format!("{}{}", set.stdout, set.stderr));
    for args in [
        &["env"][..],
        &["env", "--json"],
        &["history"],
        &["history", "--json"],
        &["route", "example.com/m"],
        &["route", "example.com/m", "--json"],
        &["check", &format!("GOPROXY={value}")],
        &["snippet", "bash"],
        &["snippet", "github-actions", "--json"],
        &["doctor", "--json"],
        &["undo"],
        &["history", "--json"],
    ] {
        let out = gomirror(args, &env, Some(&go_bin), s.path());
        no_secret(
            &format!("{args:?}"),
            &format!("{}{}", out.stdout, out.stderr),
        );
    }
    let history = std::fs::read_to_string(s.path().join("data/history.json")).expect("history");
    no_secret("history.json", &history);
    // A malformed profile: the TOML error names the line and column, never the line's bytes.
    let profile = s.path().join("t.gomirror.toml");
    std::fs::write(
        &profile,
        format!("version = 1\n[settings]\nGOPROXY = \"https://user:{secret}@corp.example/\" x\n"),
    )
    .expect("profile");
    let out = gomirror(
        &["profile", "import", &profile.display().to_string()],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("line 3"), "{}", out.stderr);
    no_secret("profile import", &format!("{}{}", out.stdout, out.stderr));
}
