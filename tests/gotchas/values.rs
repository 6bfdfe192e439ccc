//! Gotchas of values the go command accepts now and fails on later: G8, G10, G13, G16.

use super::*;

#[test]
fn g08_download_time_errors_are_raised_before_writing() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    for (pair, text) in [
        (
            "GOPROXY=ftp://x",
            "invalid proxy URL scheme (must be https, http, file): ftp://x",
        ),
        (
            "GOPROXY=myproxy",
            "invalid proxy URL missing scheme: myproxy",
        ),
        (
            "GOSUMDB=garbage+key",
            "invalid GOSUMDB: malformed verifier id",
        ),
        ("GOSUMDB=a b c", "invalid GOSUMDB: too many fields"),
        (
            "GOAUTH=off;netrc",
            "GOAUTH=off cannot be combined with other authentication commands",
        ),
        (
            "GOFLAGS=notaflag",
            "parsing $GOFLAGS: non-flag \"notaflag\"",
        ),
        ("GOVCS=x", "malformed entry in GOVCS (missing colon): \"x\""),
        (
            "GOFLAGS=-nosuchflag",
            "go: parsing $GOFLAGS: unknown flag -nosuchflag",
        ),
    ] {
        let out = gomirror(&["set", pair], &env, Some(&go_bin), s.path());
        assert_eq!(out.code, 1, "{pair}: {}", out.stderr);
        assert!(out.stderr.contains(text), "{pair}: {}", out.stderr);
        assert!(
            out.stderr.contains("错误"),
            "Chinese explanation for {pair}"
        );
        assert!(!s.env_file().exists(), "{pair} must not be written");
    }
}

#[test]
fn g10_pattern_mistakes_are_caught() {
    let s = Sandbox::new();
    let env = s.env();
    let out = gomirror(
        &[
            "set",
            "GOPRIVATE=https://git.corp.com, github.com/org;x.com",
        ],
        &env,
        Some(&go("1.27")),
        s.path(),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("git.corp.com,github.com/org,x.com"),
        "{}",
        out.stderr
    );
    let out = gomirror(&["check", "GOPRIVATE=a[b"], &env, None, s.path());
    assert_eq!(out.code, 1);
    gomirror_ok(
        &["check", "GOPRIVATE=git.corp.com,github.com/org"],
        &env,
        None,
        s.path(),
    );
}

#[test]
fn g13_credentials_refused_on_http_and_redacted() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    let out = gomirror(
        &["check", "GOPROXY=http://user:secret@127.0.0.1:9,direct"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "refusing to pass credentials to insecure URL: http://user:xxxxx@127.0.0.1:9"
        ),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("secret"));
    write_env_file(&s, "GOPROXY=https://user:secret@mirror.example,direct\n");
    let out = gomirror(&["env", "--json"], &env, Some(&go_bin), s.path());
    assert!(!out.stdout.contains("secret"), "{}", out.stdout);
    assert!(out.stdout.contains("https://user:xxxxx@mirror.example"));
}

#[test]
fn g16_gopath_list_element_is_validated() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    let out = gomirror(
        &["set", "GOPATH=/abs:relative"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("GOPATH entry is relative; must be absolute path: \"relative\""),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("suggestion / 建议: /abs"));
    // The go command accepts it, then every command fails.
    assert_eq!(
        run_go(
            &go_bin,
            &["env", "-w", "GOPATH=/abs:relative"],
            &env,
            s.path()
        )
        .code,
        0
    );
    assert_ne!(run_go(&go_bin, &["version"], &env, s.path()).code, 0);
    let json = env_json(&s, &env, Some(&go_bin));
    assert!(
        conflict_codes(&json, "GOPATH").contains(&"gopath-element-bricks".to_string()),
        "{json}"
    );
}
