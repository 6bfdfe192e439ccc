//! `gomirror doctor` with real parts: the real go command (1.27, and 1.19 on PATH beside it),
//! a lab mirror that has a toolchain, a project that needs it with GOTOOLCHAIN=local, a
//! password in GOPROXY, HTTPS_PROXY and `.netrc` that never appears in the report, and a public
//! host that resolves to 127.0.0.1 (in a private mount namespace with its own hosts file; the
//! machine's resolver configuration is never touched).

mod common;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go, gomirror, gomirror_ok};
use netlab::{Behaviour, LabMirror};

const SECRETS: [&str; 3] = ["pr0xy-s3cret", "gateway-pa55", "netrc-pa55"];

/// A sandbox whose GOPROXY carries a password, whose HTTPS_PROXY does too, with a `.netrc`, a
/// project that needs go1.99.0 and `GOTOOLCHAIN=local` in the env file.
fn setup(s: &Sandbox, goproxy: &str) -> (gomirror::goenv::location::EnvMap, std::path::PathBuf) {
    let mut env = s.env();
    env.insert("GOPROXY".into(), goproxy.to_string());
    env.insert("GOSUMDB".into(), "off".into());
    env.insert(
        "HTTPS_PROXY".into(),
        "http://bob:gateway-pa55@127.0.0.1:9".into(),
    );
    // Go 1.19 on PATH, 1.27 chosen with GOMIRROR_GO: two binaries to report.
    let go119 = go("1.19");
    let bin119 = go119.parent().expect("bin").display().to_string();
    env.insert("PATH".into(), format!("{bin119}:/usr/bin:/bin"));
    let netrc = s.home.join(".netrc");
    std::fs::write(
        &netrc,
        "machine 127.0.0.1 login alice password netrc-pa55\n",
    )
    .expect("netrc");
    let env_file = s.env_file();
    std::fs::create_dir_all(env_file.parent().expect("dir")).expect("dir");
    std::fs::write(&env_file, "GOTOOLCHAIN=local\n").expect("env file");
    let project = s.path().join("proj");
    std::fs::create_dir_all(&project).expect("project");
    std::fs::write(
        project.join("go.mod"),
        "module example.com/proj\n\ngo 1.99.0\n",
    )
    .expect("go.mod");
    (env, project)
}

#[test]
fn the_report_has_every_part_redacts_passwords_and_offers_the_toolchain_fix() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    // A company proxy: HTTPS with its own CA (a TLS-inspecting gateway looks the same), basic
    // authentication with the password in GOPROXY.
    let ca = netlab::TestCa::new("doctor");
    let mirror = LabMirror::start(
        &rt,
        Behaviour {
            toolchains: Some(vec![format!("v0.0.1-go1.99.0.{}", common::go_platform())]),
            basic_auth: Some(("alice".into(), "pr0xy-s3cret".into())),
            ..Behaviour::default()
        },
        Some(&ca),
    );
    let with_password = mirror
        .url
        .replacen("https://", "https://alice:pr0xy-s3cret@", 1);
    let (mut env, project) = setup(&s, &format!("{with_password},direct"));
    let ca_file = ca.write_ca(s.path());
    env.insert("SSL_CERT_FILE".into(), ca_file.display().to_string());
    let md = s.path().join("report.md");
    let (dir, out_file) = (project.display().to_string(), md.display().to_string());
    let out = gomirror(
        &["doctor", "--json", "--dir", &dir, "--output", &out_file],
        &env,
        Some(&go("1.27")),
        s.path(),
    );
    // The project cannot build as configured: a problem, exit 1.
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout, out.stderr));
    for key in [
        "version",
        "os",
        "go",
        "env_file",
        "settings",
        "projects",
        "mirrors",
        "dns",
        "proxy",
        "modcache",
        "git",
        "netrc",
        "toolchain",
        "findings",
        "elapsed_ms",
    ] {
        assert!(v.get(key).is_some(), "no {key} in {v:#}");
    }
    // Both go binaries, their versions and GOROOTs; 1.27 is the one used.
    let binaries = v["go"]["binaries"].as_array().expect("binaries");
    let version_of = |sel: bool| {
        binaries
            .iter()
            .find(|b| b["selected"] == sel)
            .map(|b| b["version"].as_str().unwrap_or_default().to_string())
    };
    assert!(
        version_of(true).expect("selected").starts_with("go1.27"),
        "{binaries:?}"
    );
    assert!(binaries.iter().any(|b| {
        b["on_path"] == true
            && b["version"]
                .as_str()
                .is_some_and(|v| v.starts_with("go1.19"))
            && b["goroot"].is_string()
    }));
    assert_eq!(v["go"]["found"], true);
    // The configured mirror, probed with its credentials; its certificate is trusted only
    // through SSL_CERT_FILE: TLS interception, reported.
    let mirrors = v["mirrors"].as_array().expect("mirrors");
    assert_eq!(mirrors.len(), 1, "{mirrors:?}");
    assert!(mirrors[0]["url"].as_str().expect("url").contains("xxxxx"));
    assert!(
        mirrors[0]["success_rate"].as_f64().expect("rate") > 0.0,
        "{mirrors:?}"
    );
    assert_eq!(mirrors[0]["tls_intercepted"], true, "{mirrors:?}");
    assert!(
        v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["id"] == "tls-intercepted")
    );
    // The project and its toolchain: GOTOOLCHAIN=local fails; the mirror has go1.99.0.
    assert_eq!(v["projects"][0]["go"], "1.99.0");
    let tc = &v["toolchain"][0];
    assert_eq!(tc["needs"], "go1.99.0");
    assert_eq!(tc["gotoolchain"], "local");
    assert_eq!(tc["action"], "fails-local", "{tc}");
    assert!(
        tc["listed_by"]
            .as_str()
            .is_some_and(|u| u.contains("127.0.0.1"))
    );
    assert_eq!(tc["fix"]["GOTOOLCHAIN"], "auto");
    let finding = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["id"] == "toolchain")
        .expect("toolchain finding");
    assert_eq!(finding["severity"], "problem");
    assert_eq!(finding["fix"]["GOTOOLCHAIN"], "auto");
    assert!(
        finding["zh"]
            .as_str()
            .expect("zh")
            .contains("GOTOOLCHAIN=auto")
    );
    // Proxy variables, module cache, git and .netrc: presence and facts, never secrets.
    assert!(
        v["proxy"]
            .as_array()
            .expect("proxy")
            .iter()
            .any(|p| p["name"] == "HTTPS_PROXY")
    );
    assert_eq!(v["modcache"]["writable"], true);
    assert!(v["modcache"]["free_bytes"].as_u64().is_some());
    assert_eq!(v["git"]["found"], true);
    assert_eq!(v["netrc"]["exists"], true);
    assert_eq!(v["netrc"]["machines"], 1);
    let saved = std::fs::read_to_string(&md).expect("markdown saved");
    assert!(saved.starts_with("# "), "{saved}");
    for secret in SECRETS {
        assert!(!out.stdout.contains(secret), "{secret} in the JSON");
        assert!(!out.stderr.contains(secret), "{secret} on stderr");
        assert!(!saved.contains(secret), "{secret} in the Markdown");
    }
}

#[test]
fn applying_the_doctors_fix_makes_the_go_command_switch_toolchains_as_it_said() {
    // The fix the doctor offers, written with gomirror: the go command then tries to
    // download the toolchain instead of refusing (it is not a real toolchain here, so the
    // download itself fails later, at the lab's zip).
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let mirror = LabMirror::start(
        &rt,
        Behaviour {
            toolchains: Some(vec![format!("v0.0.1-go1.99.0.{}", common::go_platform())]),
            ..Behaviour::default()
        },
        None,
    );
    let (env, project) = setup(&s, &format!("{},direct", mirror.url));
    let before = common::run_go(&go("1.27"), &["list", "-m"], &env, &project);
    assert!(
        before.stderr.contains("GOTOOLCHAIN=local"),
        "{}",
        before.stderr
    );
    gomirror_ok(
        &["set", "GOTOOLCHAIN=auto", "--via", "file"],
        &env,
        Some(&go("1.27")),
        s.path(),
    );
    let after = common::run_go(&go("1.27"), &["list", "-m"], &env, &project);
    assert!(
        !after.stderr.contains("GOTOOLCHAIN=local"),
        "{}",
        after.stderr
    );
    assert!(
        mirror
            .requests()
            .iter()
            .any(|r| r.contains("golang.org/toolchain/@v/v0.0.1-go1.99.0")),
        "{:?}",
        mirror.requests()
    );
}

#[test]
fn without_a_go_command_the_doctor_says_where_to_get_one() {
    let s = Sandbox::new();
    let out = gomirror(&["doctor", "--json", "--offline"], &s.env(), None, s.path());
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let v: serde_json::Value = crate::common::json(&out);
    assert_eq!(v["go"]["found"], false);
    assert_eq!(v["go"]["get_go"]["official"], "https://go.dev/dl/");
    assert_eq!(v["go"]["get_go"]["china"], "https://golang.google.cn/dl/");
    assert!(v["settings"].as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn a_public_host_that_resolves_to_loopback_is_flagged() {
    let s = Sandbox::new();
    // The namespace's own hosts file and a resolver address where nothing listens: every name
    // is answered from the file, and nothing else leaves the machine.
    let hosts = s.path().join("hosts");
    std::fs::write(
        &hosts,
        "127.0.0.1 localhost\n127.0.0.1 proxy.golang.org\n127.0.0.1 sum.golang.org\n",
    )
    .expect("hosts");
    let resolv = s.path().join("resolv.conf");
    std::fs::write(
        &resolv,
        "nameserver 127.0.0.78\noptions timeout:1 attempts:1\n",
    )
    .expect("resolv.conf");
    let mut env = s.env();
    // No proxy: the name is resolved here (behind a proxy it is the proxy's business).
    env.remove("HTTPS_PROXY");
    env.remove("HTTP_PROXY");
    env.insert("GOPROXY".into(), "https://proxy.golang.org,direct".into());
    env.insert("GOSUMDB".into(), "sum.golang.org".into());
    env.insert("GOMIRROR_GO".into(), go("1.27").display().to_string());
    let out = std::process::Command::new("unshare")
        .args([
            "-m",
            "sh",
            "-c",
            r#"mount --bind "$0" /etc/hosts && mount --bind "$1" /etc/resolv.conf && shift && exec "$@""#,
        ])
        .arg(&hosts)
        .arg(&resolv)
        .arg(env!("CARGO_BIN_EXE_gomirror"))
        .args(["doctor", "--json"])
        .env_clear()
        .envs(&env)
        .current_dir(s.path())
        .output()
        .expect("unshare (util-linux) runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}{}", String::from_utf8_lossy(&out.stderr)));
    let dns = v["dns"].as_array().expect("dns");
    let proxy = dns
        .iter()
        .find(|d| d["host"] == "proxy.golang.org")
        .expect("proxy.golang.org resolved");
    assert_eq!(proxy["addresses"][0], "127.0.0.1", "{proxy}");
    assert_eq!(proxy["public"], true);
    assert_eq!(proxy["flagged"], true);
    let flagged: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["id"] == "dns-public-host-private-address")
        .collect();
    assert!(
        flagged.iter().any(|f| f["en"]
            .as_str()
            .is_some_and(|t| t.contains("proxy.golang.org"))),
        "{flagged:?}"
    );
    assert!(flagged.iter().all(|f| f["severity"] == "problem"));
}
