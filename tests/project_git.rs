//! The git side of private modules, against a real git server: git's own `http-backend` behind
//! HTTP basic authentication on 127.0.0.1. `gomirror project git-check` runs git as the go
//! command does (no prompts), explains the result, and the fixes (a `.netrc` entry, SSH via
//! `url.insteadOf` in the user's git config) are real: git reads them, and undo takes them back.

mod common;
#[path = "common/githttp.rs"]
mod githttp;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, gomirror, gomirror_ok};
use std::time::{Duration, Instant};

fn env(s: &Sandbox) -> gomirror::goenv::location::EnvMap {
    let mut env = s.env();
    // git talks to 127.0.0.1 directly; the sandbox's proxy safety net is for public hosts.
    env.insert("NO_PROXY".into(), "127.0.0.1".into());
    env.insert("GIT_CONFIG_NOSYSTEM".into(), "1".into());
    env
}

#[test]
fn git_access_is_checked_as_the_go_command_meets_it_and_netrc_fixes_it() {
    let s = Sandbox::new();
    let repos = s.path().join("repos");
    std::fs::create_dir_all(&repos).expect("repos");
    githttp::bare_repo(&repos, "lib");
    let server = githttp::GitHttp::start(&repos, "dev", "t0ken-Secret");
    let url = server.url("lib.git");
    let env = env(&s);

    // No credentials: git may not prompt, so it fails the way `go get` does.
    let out = gomirror(
        &["project", "git-check", &url, "--json"],
        &env,
        None,
        s.path(),
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let v: serde_json::Value = crate::common::json(&out);
    assert_eq!(v[0]["access"], "needs-credentials", "{}", out.stdout);
    assert!(
        v[0]["explanation"]["zh"]
            .as_str()
            .expect("zh")
            .contains("凭据")
    );
    assert!(
        v[0]["detail"]
            .as_str()
            .expect("detail")
            .contains("terminal prompts disabled"),
        "{}",
        out.stdout
    );

    // Wrong credentials in .netrc: refused.
    let netrc = s.home.join(".netrc");
    std::fs::write(&netrc, "machine 127.0.0.1 login dev password wrong\n").expect("netrc");
    let out = gomirror(
        &["project", "git-check", &url, "--json"],
        &env,
        None,
        s.path(),
    );
    let v: serde_json::Value = crate::common::json(&out);
    assert_eq!(v[0]["access"], "auth-failed", "{}", out.stdout);
    assert!(!out.stdout.contains("wrong"), "the password is never shown");

    // The right ones, added by gomirror (password on stdin, never shown): git reads the
    // repository, and undo takes the entry back out.
    std::fs::remove_file(&netrc).expect("rm");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gomirror"))
        .args(["project", "git-netrc", "127.0.0.1", "--login", "dev"])
        .env_clear()
        .envs(&env)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), b"t0ken-Secret\n")
        .expect("write");
    let added = child.wait_with_output().expect("wait");
    let shown = String::from_utf8_lossy(&added.stdout);
    assert!(
        added.status.success(),
        "{shown}{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert!(
        shown.contains("machine 127.0.0.1 login dev password ********"),
        "{shown}"
    );
    assert!(!shown.contains("t0ken-Secret"));
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&netrc)
            .expect("netrc")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    let out = gomirror_ok(&["project", "git-check", &url], &env, None, s.path());
    assert!(out.stdout.contains("ok"), "{}", out.stdout);
    assert!(!out.stdout.contains("t0ken-Secret"));
    let history = gomirror(&["history", "--json"], &env, None, s.path());
    assert!(!history.stdout.contains("t0ken-Secret"));
    crate::common::gomirror_ok(&["undo"], &env, None, s.path());
    assert!(!netrc.exists(), "the .netrc gomirror created is gone");
    let out = gomirror(&["project", "git-check", &url], &env, None, s.path());
    assert_eq!(out.code, 1);
}

#[test]
fn a_git_server_that_never_answers_is_stopped_at_the_deadline() {
    let s = Sandbox::new();
    // Accepts and keeps every connection open without a byte.
    let (_rt, held) = netlab::serve_http(netlab::Behaviour::hanging());
    let start = Instant::now();
    let out = gomirror(
        &[
            "project",
            "git-check",
            &format!("{}/x.git", held.url),
            "--timeout-s",
            "2",
            "--json",
        ],
        &env(&s),
        None,
        s.path(),
    );
    let took = start.elapsed();
    let v: serde_json::Value = crate::common::json(&out);
    assert_eq!(v[0]["access"], "timed-out", "{}", out.stdout);
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn ssh_instead_of_is_written_where_git_reads_it_and_undone() {
    let s = Sandbox::new();
    let env = env(&s);
    let gitconfig = s.home.join(".gitconfig");
    let original = "[user]\n\tname = Dev\n";
    std::fs::write(&gitconfig, original).expect("gitconfig");

    let dry = gomirror_ok(
        &["project", "git-ssh", "git.corp.example", "--dry-run"],
        &env,
        None,
        s.path(),
    );
    assert!(
        dry.stdout.contains("+[url \"git@git.corp.example:\"]"),
        "{}",
        dry.stdout
    );
    assert_eq!(std::fs::read_to_string(&gitconfig).expect("read"), original);

    gomirror_ok(
        &["project", "git-ssh", "git.corp.example"],
        &env,
        None,
        s.path(),
    );
    // The real git sees the rule.
    let got = common::run(
        std::path::Path::new("/usr/bin/git"),
        &[
            "config",
            "--global",
            "--get",
            "url.git@git.corp.example:.insteadof",
        ],
        &env,
        s.path(),
    );
    assert_eq!(
        got.stdout.trim(),
        "https://git.corp.example/",
        "{}",
        got.stderr
    );
    // Twice is a no-op.
    let again = gomirror(
        &["project", "git-ssh", "git.corp.example"],
        &env,
        None,
        s.path(),
    );
    assert!(again.stdout.contains("already"), "{}", again.stdout);
    // Bad host refused.
    let bad = gomirror(&["project", "git-ssh", "https://x/"], &env, None, s.path());
    assert_eq!(bad.code, 1);
    crate::common::gomirror_ok(&["undo"], &env, None, s.path());
    assert_eq!(std::fs::read_to_string(&gitconfig).expect("read"), original);
}
