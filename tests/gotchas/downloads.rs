//! Gotchas of downloads: G9, G11, G12, G14, G15.

use super::*;

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
    let r: serde_json::Value = crate::common::json(&route);
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
    let r: serde_json::Value = crate::common::json(&route);
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
        let r: serde_json::Value = crate::common::json(&route);
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
    let (_rt_hang, hang) = netlab::serve_http(netlab::Behaviour::hanging());
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
fn g14_gosumdb_off_breaks_toolchain_downloads() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let (_rt_proxy, proxy) = netlab::serve_http(netlab::Behaviour {
        sumdb_supported: 404,
        ..Default::default()
    });
    let mut env = s.env();
    let out = gomirror_ok(&["check", "GOSUMDB=off"], &env, Some(&go_bin), s.path());
    assert!(out.stderr.contains("GOTOOLCHAIN"), "{}", out.stderr);
    env.insert("GONOSUMDB".into(), "*".into());
    let route = gomirror(
        &["route", "golang.org/toolchain", "--json"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    let r: serde_json::Value = crate::common::json(&route);
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
    let out = gomirror_ok(
        &["set", "GOTOOLCHAIN=auto", "--json"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert!(!out.stdout.contains("does not override"), "{}", out.stdout);
    assert_eq!(read_env_file(&s), "GOTOOLCHAIN=auto\n");
}
