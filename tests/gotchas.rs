//! One test per gotcha G1-G17 of go-semantics.md §10, each against the real go command.

mod common;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go, gomirror, run_go};
use gomirror::goenv::gocmd;
use std::path::Path;
use std::time::Duration;

fn write_env_file(s: &Sandbox, text: &str) {
    let f = s.env_file();
    std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
    std::fs::write(&f, text).expect("write");
}

fn read_env_file(s: &Sandbox) -> String {
    std::fs::read_to_string(s.env_file()).unwrap_or_default()
}

fn env_json(
    s: &Sandbox,
    env: &gomirror::goenv::location::EnvMap,
    go_bin: Option<&Path>,
) -> serde_json::Value {
    let out = gomirror(&["env", "--json"], env, go_bin, s.path());
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("json")
}

fn conflict_codes(json: &serde_json::Value, key: &str) -> Vec<String> {
    json["vars"][key]["conflicts"]
        .as_array()
        .expect("conflicts")
        .iter()
        .map(|c| {
            c.as_str()
                .expect("str")
                .split(':')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

#[test]
fn g01_goenv_off_is_refused_and_the_default_file_is_untouched() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let mut env = s.env();
    env.insert("GOENV".into(), "off".into());
    // The gotcha itself: the go command writes the default file anyway.
    let out = run_go(&go_bin, &["env", "-w", "GOPROXY=direct"], &env, s.path());
    assert_eq!(out.code, 0);
    assert_eq!(read_env_file(&s), "GOPROXY=direct\n");
    std::fs::remove_file(s.env_file()).expect("rm");
    let out = gomirror(
        &["set", "GOPROXY=https://goproxy.cn,direct"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("GOENV=off"), "{}", out.stderr);
    assert!(
        !s.env_file().exists(),
        "the default file must not be written"
    );
}

#[test]
fn g02_bad_gotoolchain_is_refused_and_recovered() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    let out = gomirror(
        &["check", "GOTOOLCHAIN=bogus"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("invalid GOTOOLCHAIN \"bogus\""),
        "{}",
        out.stderr
    );
    // What the go command does with it: accepts it, then bricks with the same text.
    assert_eq!(
        run_go(&go_bin, &["env", "-w", "GOTOOLCHAIN=bogus"], &env, s.path()).code,
        0
    );
    let bricked = run_go(&go_bin, &["env", "GOPROXY"], &env, s.path());
    assert_ne!(bricked.code, 0);
    assert!(
        bricked.stderr.contains("go: invalid GOTOOLCHAIN \"bogus\""),
        "{}",
        bricked.stderr
    );
    // gomirror still reads the settings and flags the value.
    let json = env_json(&s, &env, Some(&go_bin));
    assert_eq!(json["vars"]["GOTOOLCHAIN"]["value"], "bogus");
    assert!(conflict_codes(&json, "GOTOOLCHAIN").contains(&"invalid-value".to_string()));
    // Several keys at once: GOTOOLCHAIN goes in its own call, so this recovers.
    let out = gomirror(
        &["set", "GOTOOLCHAIN=auto", "GOPROXY=direct"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        run_go(&go_bin, &["env", "GOPROXY"], &env, s.path())
            .stdout
            .trim(),
        "direct"
    );
}

#[test]
fn g03_broken_goroot_line_is_flagged_and_removed() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    write_env_file(&s, "GOPROXY=direct\nGOROOT=/nonexistent/go\n");
    let broken = run_go(&go_bin, &["env", "GOPROXY"], &env, s.path());
    assert!(
        broken.stderr.contains("cannot find GOROOT directory"),
        "{}",
        broken.stderr
    );
    let refused = run_go(&go_bin, &["env", "-u", "GOROOT"], &env, s.path());
    assert_ne!(refused.code, 0);
    let json = env_json(&s, &env, Some(&go_bin));
    assert!(
        conflict_codes(&json, "GOROOT").contains(&"goroot-line-broken".to_string()),
        "{json}"
    );
    let out = gomirror(&["unset", "GOROOT"], &env, Some(&go_bin), s.path());
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(read_env_file(&s), "GOPROXY=direct\n");
    assert_eq!(
        run_go(&go_bin, &["env", "GOPROXY"], &env, s.path())
            .stdout
            .trim(),
        "direct"
    );
}

#[test]
fn g04_empty_values_are_never_written_and_flagged() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    let out = gomirror(&["set", "GOPROXY="], &env, Some(&go_bin), s.path());
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("unset GOPROXY"), "{}", out.stderr);
    assert!(!s.env_file().exists());
    write_env_file(&s, "GOPROXY=\n");
    let json = env_json(&s, &env, Some(&go_bin));
    assert_eq!(json["vars"]["GOPROXY"]["value"], "");
    assert_eq!(
        run_go(&go_bin, &["env", "GOPROXY"], &env, s.path())
            .stdout
            .trim(),
        ""
    );
    assert!(
        conflict_codes(&json, "GOPROXY").contains(&"empty-masks-default".to_string()),
        "{json}"
    );
}

#[test]
fn g05_os_environment_wins_and_is_reported() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let mut env = s.env();
    env.insert("GOPROXY".into(), "https://env.example".into());
    let out = gomirror(
        &["set", "GOPROXY=https://goproxy.cn,direct", "--json"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(out.code, 4, "{}{}", out.stdout, out.stderr);
    let outcome: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(outcome["keys"]["GOPROXY"]["status"], "overridden");
    let warnings = outcome["go_warnings"].to_string();
    assert!(
        warnings.contains("does not override conflicting OS environment variable"),
        "{warnings}"
    );
    let json = env_json(&s, &env, Some(&go_bin));
    assert!(conflict_codes(&json, "GOPROXY").contains(&"env-overrides-file".to_string()));
}

#[test]
fn g06_quotes_and_carriage_returns() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    let out = gomirror(&["check", "GOSUMDB=\"off\""], &env, Some(&go_bin), s.path());
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("suggestion / 建议: off"),
        "{}",
        out.stderr
    );
    let out = gomirror(
        &["check", "GOPROXY=direct\r"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("invalid newline in GOPROXY=... value"),
        "{}",
        out.stderr
    );
    // A CRLF file: GOSUMDB=off\r is the malformed value the go command sees.
    write_env_file(&s, "GOSUMDB=off\r\nGOPRIVATE=example.com\r\n");
    let json = env_json(&s, &env, Some(&go_bin));
    assert_eq!(json["vars"]["GOSUMDB"]["value"], "off\r");
    assert!(
        conflict_codes(&json, "GOSUMDB").contains(&"invalid-value".to_string()),
        "{json}"
    );
}

#[test]
fn g07_direct_edit_is_atomic_and_identical_to_go() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    let original = "# team settings\r\nZZZ=1\nGOPROXY=old\nGOPROXY=dup\n\nGOPRIVATE=a.com";
    write_env_file(&s, original);
    #[cfg(unix)]
    let inode_before =
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(s.env_file()).expect("meta"));
    let out = gomirror(
        &[
            "set",
            "GOPROXY=https://goproxy.cn,direct",
            "GOSUMDB=sum.golang.google.cn",
            "--via",
            "file",
        ],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let ours = read_env_file(&s);
    #[cfg(unix)]
    assert_ne!(
        inode_before,
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(s.env_file()).expect("meta")),
        "rename, not truncate"
    );
    let copy = s.path().join("copy");
    std::fs::write(&copy, original).expect("copy");
    let mut genv = env.clone();
    genv.insert("GOENV".into(), copy.display().to_string());
    let w = run_go(
        &go_bin,
        &[
            "env",
            "-w",
            "GOPROXY=https://goproxy.cn,direct",
            "GOSUMDB=sum.golang.google.cn",
        ],
        &genv,
        s.path(),
    );
    assert_eq!(w.code, 0);
    assert_eq!(ours, std::fs::read_to_string(&copy).expect("read"));
}

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
fn g09_goproxy_off_is_not_offline_for_private_modules() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let mut env = s.env();
    env.insert("GOPROXY".into(), "off".into());
    env.insert("GOPRIVATE".into(), "example.com".into());
    env.insert("GOFLAGS".into(), "-modcacherw".into());
    let route = gomirror(
        &["route", "example.com/m", "--json"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    let r: serde_json::Value = serde_json::from_str(&route.stdout).expect("json");
    assert_eq!(r["fetch"], "direct");
    let real = run_go(
        &go_bin,
        &["mod", "download", "example.com/m@v1.0.0"],
        &env,
        s.path(),
    );
    assert!(
        !real.stderr.contains("disabled by GOPROXY=off"),
        "{}",
        real.stderr
    );
    env.insert("GONOPROXY".into(), "none".into());
    let route = gomirror(
        &["route", "example.com/m", "--json"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    let r: serde_json::Value = serde_json::from_str(&route.stdout).expect("json");
    assert_eq!(r["fetch"], "off");
    let real = run_go(
        &go_bin,
        &["mod", "download", "example.com/m@v1.0.0"],
        &env,
        s.path(),
    );
    assert!(
        real.stderr
            .contains("module lookup disabled by GOPROXY=off"),
        "{}",
        real.stderr
    );
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
    let out = gomirror(
        &["check", "GOPRIVATE=git.corp.com,github.com/org"],
        &env,
        None,
        s.path(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn g11_comma_stops_on_403_pipe_falls_through() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let (_rt_forbidden, forbidden) = netlab::serve_http(netlab::Behaviour {
        all_status: Some(403),
        ..Default::default()
    });
    let (_rt_good, good) = netlab::serve_http(netlab::Behaviour {
        sumdb_supported: 404,
        ..Default::default()
    });
    for (sep, fallback, works) in [(",", "not-found", false), ("|", "any-error", true)] {
        let mut env = s.env();
        env.insert(
            "GOPROXY".into(),
            format!("{}{sep}{}", forbidden.url, good.url),
        );
        env.insert("GOSUMDB".into(), "off".into());
        env.insert(
            "GOMODCACHE".into(),
            s.path().join(format!("mc{fallback}")).display().to_string(),
        );
        env.insert("GOFLAGS".into(), "-modcacherw".into());
        let route = gomirror(
            &["route", "example.com/m", "--json"],
            &env,
            Some(&go_bin),
            s.path(),
        );
        let r: serde_json::Value = serde_json::from_str(&route.stdout).expect("json");
        assert_eq!(r["proxies"][0]["fallback"], fallback);
        let real = run_go(
            &go_bin,
            &["mod", "download", "example.com/m@v1.0.0"],
            &env,
            s.path(),
        );
        assert_eq!(real.code == 0, works, "GOPROXY with {sep}: {}", real.stderr);
    }
}

#[test]
fn g12_hanging_proxy_is_bounded_by_our_timeout() {
    let s = Sandbox::new();
    let (_rt_hang, hang) = netlab::serve_http(netlab::Behaviour {
        hang: true,
        ..Default::default()
    });
    let mut env = s.env();
    env.insert("GOPROXY".into(), hang.url.clone());
    env.insert("GOSUMDB".into(), "off".into());
    env.insert("GOTOOLCHAIN".into(), "local".into());
    let cmd = gocmd::GoCommand {
        program: go("1.27"),
        args: vec![
            "mod".into(),
            "download".into(),
            "example.com/m@v1.0.0".into(),
        ],
        env,
        cwd: s.path().to_path_buf(),
        timeout: Duration::from_secs(2),
    };
    let result = gocmd::run_blocking(&cmd);
    assert!(
        matches!(result, Err(gocmd::RunError::Timeout { .. })),
        "{result:?}"
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
fn g14_gosumdb_off_breaks_toolchain_downloads() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let (_rt_proxy, proxy) = netlab::serve_http(netlab::Behaviour {
        sumdb_supported: 404,
        ..Default::default()
    });
    let mut env = s.env();
    let out = gomirror(&["check", "GOSUMDB=off"], &env, Some(&go_bin), s.path());
    assert_eq!(out.code, 0, "a warning, not an error");
    assert!(out.stderr.contains("GOTOOLCHAIN"), "{}", out.stderr);
    env.insert("GONOSUMDB".into(), "*".into());
    let route = gomirror(
        &["route", "golang.org/toolchain", "--json"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    let r: serde_json::Value = serde_json::from_str(&route.stdout).expect("json");
    assert_eq!(r["checksum"], true, "GONOSUMDB does not exempt toolchains");
    env.insert("GOPROXY".into(), proxy.url.clone());
    env.insert("GOSUMDB".into(), "off".into());
    env.insert("GOTOOLCHAIN".into(), "go1.99.0".into());
    let real = run_go(&go_bin, &["version"], &env, s.path());
    assert!(
        real.stderr
            .contains("checksum database disabled by GOSUMDB=off"),
        "{}",
        real.stderr
    );
}

#[test]
fn g15_version_probe_never_switches_toolchains() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    write_env_file(&s, "GOTOOLCHAIN=go1.99.0\n");
    // Without a network a switch to go1.99.0 could only fail: the version proves none happened.
    let json = env_json(&s, &env, Some(&go_bin));
    assert_eq!(json["go"]["version"], "go1.27.3");
    assert_eq!(json["vars"]["GOTOOLCHAIN"]["value"], "go1.99.0");
    let out = gomirror(
        &["set", "GOTOOLCHAIN=auto", "--json"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(!out.stdout.contains("does not override"), "{}", out.stdout);
    assert_eq!(read_env_file(&s), "GOTOOLCHAIN=auto\n");
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

#[test]
fn g17_unset_without_a_file_is_a_no_op() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    let real = run_go(&go_bin, &["env", "-u", "GOPROXY"], &env, s.path());
    assert_eq!(real.code, 1, "the go command needs the file");
    let out = gomirror(&["unset", "GOPROXY"], &env, Some(&go_bin), s.path());
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}
