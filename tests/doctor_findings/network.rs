//! The network findings: what the resolver answers (a fake IP, a failure) and what a mirror
//! serves.

use super::*;

#[test]
fn dns_fake_ip_and_dns_failed_are_what_the_resolver_answers() {
    let s = Sandbox::new();
    let go = go("1.27");
    let mut env = s.env();
    env.remove("HTTPS_PROXY");
    env.remove("HTTP_PROXY");
    env.insert(
        "GOPROXY".into(),
        "https://proxy.golang.org,https://unknown.example.net,direct".into(),
    );
    env.insert("GOSUMDB".into(), "sum.golang.org".into());
    env.insert("GOMIRROR_GO".into(), go.display().to_string());
    let hosts = "127.0.0.1 localhost\n198.18.0.7 proxy.golang.org\n198.18.0.8 sum.golang.org\n";
    let out = isolated(
        &s,
        hosts,
        Path::new(env!("CARGO_BIN_EXE_gomirror")),
        &["doctor", "--json"],
        &env,
    );
    let v = json(&out);
    let fake = finding(&v, "dns-fake-ip");
    assert_eq!(fake["severity"], "info");
    assert!(
        fake["en"]
            .as_str()
            .is_some_and(|t| t.contains("198.18.0.7")),
        "{fake}"
    );
    let failed = finding(&v, "dns-failed");
    assert!(
        failed["en"]
            .as_str()
            .is_some_and(|t| t.contains("unknown.example.net")),
        "{failed}"
    );
    // The go command, in the same namespace, resolves the same: the fake address for the
    // mirror, nothing for the unknown host.
    let mut goenv = env.clone();
    goenv.insert("GOPROXY".into(), "https://unknown.example.net".into());
    goenv.insert("GOSUMDB".into(), "off".into());
    let got = isolated(
        &s,
        hosts,
        &go,
        &["mod", "download", "-json", "example.com/lab@v1.0.0"],
        &goenv,
    );
    assert!(
        got.stdout.contains("lookup unknown.example.net"),
        "{}{}",
        got.stdout,
        got.stderr
    );
    goenv.insert("GOPROXY".into(), "https://proxy.golang.org".into());
    let got = isolated(
        &s,
        hosts,
        &go,
        &["mod", "download", "-json", "example.com/lab@v1.0.0"],
        &goenv,
    );
    assert!(
        got.stdout.contains("198.18.0.7"),
        "{}{}",
        got.stdout,
        got.stderr
    );
}

#[test]
fn mirror_ok_and_mirror_unusable_follow_what_the_mirror_serves() {
    let s = Sandbox::new();
    let go = go("1.27");
    let rt = netlab::lab_runtime();
    let good = LabMirror::start(&rt, Behaviour::default(), None);
    let broken = LabMirror::start(
        &rt,
        Behaviour {
            all_status: Some(503),
            ..Behaviour::default()
        },
        None,
    );
    for (mirror, id, go_ok) in [
        (&good, "mirror-ok", true),
        (&broken, "mirror-unusable", false),
    ] {
        let mut env = s.env();
        env.insert("GOPROXY".into(), mirror.url.clone());
        env.insert("GOSUMDB".into(), "off".into());
        let out = gomirror(&["doctor", "--json"], &env, Some(&go), s.path());
        let v = json(&out);
        let f = finding(&v, id);
        assert!(
            f["en"].as_str().is_some_and(|t| t.contains(&mirror.url)),
            "{f}"
        );
        env.insert("GOFLAGS".into(), "-modcacherw".into());
        env.insert(
            "GOMODCACHE".into(),
            s.path().join(format!("cache-{id}")).display().to_string(),
        );
        let got = common::run_go(
            &go,
            &["mod", "download", "-json", "example.com/lab@v1.0.0"],
            &env,
            s.path(),
        );
        assert_eq!(got.code == 0, go_ok, "{id}: {}{}", got.stdout, got.stderr);
    }
}
