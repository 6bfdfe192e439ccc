//! Our GOPROXY/GOSUMDB verdicts equal the go command's behaviour at download time, against a
//! loopback proxy started by the test (values of §3 and §9.3, stored in the user env file).

mod common;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go, run_go};
use gomirror::goenv::gosumdb;
use gomirror::goenv::route::{RouteSettings, route};

/// Stores `line` in a fresh env file and runs `go mod download example.com/m@v1.0.0`.
fn download(version: &str, lines: &str) -> (i32, String) {
    let s = Sandbox::new();
    let file = s.env_file();
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(&file, lines).expect("write");
    let mut env = s.env();
    env.insert("GOTOOLCHAIN".into(), "local".into());
    env.insert("GOFLAGS".into(), "-modcacherw".into());
    let out = run_go(
        &go(version),
        &["mod", "download", "example.com/m@v1.0.0"],
        &env,
        s.path(),
    );
    (out.code, format!("{}{}", out.stdout, out.stderr))
}

#[test]
fn goproxy_verdicts_match_the_go_command() {
    let (_rt_good, good) = netlab::serve_http(netlab::Behaviour {
        sumdb_supported: 404,
        ..Default::default()
    });
    let g = good.url.clone();
    let values = [
        String::new(),
        ",".into(),
        " ".into(),
        "ftp://x".into(),
        "not-a-url".into(),
        "myproxy".into(),
        "/abs/dir".into(),
        "http://%zz".into(),
        "file:relative".into(),
        "file://host/path".into(),
        "off".into(),
        format!("off,{g}"),
        format!("{g},ftp://x"),
        format!("{g},myproxy"),
        g.clone(),
        format!("{g}/"),
        format!("{g},,"),
        format!(",,{g}"),
        format!(" {g} , direct "),
        format!("{g}|direct"),
        format!("http://user:pass@{}", g.trim_start_matches("http://")),
    ];
    for version in ["1.27", "1.19"] {
        for value in &values {
            if version == "1.19" && value.is_empty() {
                continue; // 1.19 falls back to its compiled-in default for an empty value
            }
            let settings = RouteSettings {
                goproxy: value.clone(),
                gosumdb: "off".into(),
                ..Default::default()
            };
            let ours = route("example.com/m", &settings).error;
            let (code, output) = download(version, &format!("GOPROXY={value}\nGOSUMDB=off\n"));
            match &ours {
                None => assert_eq!(
                    code, 0,
                    "go{version} GOPROXY={value:?}: we said valid, go said {output}"
                ),
                Some(text) => {
                    assert_ne!(code, 0, "go{version} GOPROXY={value:?}: we said {text}");
                    assert!(
                        output.contains(text.as_str()),
                        "go{version} GOPROXY={value:?}: ours {text:?}, go: {output}"
                    );
                }
            }
        }
    }
}

#[test]
fn gosumdb_verdicts_match_the_go_command() {
    let (_rt_proxy, proxy) = netlab::serve_http(netlab::Behaviour {
        sumdb_supported: 200,
        ..Default::default()
    });
    let p = proxy.url.clone();
    let values = [
        String::new(),
        "off".into(),
        "a b c".into(),
        "garbage+key".into(),
        "\"off\"".into(),
        "off\r".into(),
        "sum.goproxy.cn".into(),
        "sum.golang.org".into(),
        format!("sum.golang.org {p}/sumdb/sum.golang.org"),
        "sum.golang.org http://%zz".into(),
        // The URL's scheme and host, as the go command's web client uses them.
        "sum.golang.org ftp://x".into(),
        "sum.golang.org https://".into(),
        "sum.golang.org HTTPS://127.0.0.1:1".into(),
        "sum.golang.org file:///nonexistent".into(),
        gosumdb::SUM_GOLANG_ORG_KEY.into(),
        "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn9".into(),
    ];
    for version in ["1.27", "1.19"] {
        for value in &values {
            if version == "1.19" && value.is_empty() {
                continue;
            }
            let ours = gosumdb::parse(value);
            let (code, output) = download(version, &format!("GOPROXY={p}\nGOSUMDB={value}\n"));
            match &ours {
                Ok(gosumdb::SumDb::Off) => {
                    assert_eq!(code, 0, "go{version} GOSUMDB={value:?}: {output}")
                }
                Ok(gosumdb::SumDb::On { .. }) => {
                    // Valid: go reaches the database (our lab has no real one, so the lookup fails).
                    assert!(
                        !output.contains("GOSUMDB"),
                        "go{version} GOSUMDB={value:?}: {output}"
                    );
                    assert!(
                        output.contains("/lookup/") || output.contains("sumdb"),
                        "go{version} GOSUMDB={value:?}: {output}"
                    );
                }
                Err(text) => {
                    assert_ne!(code, 0);
                    assert!(
                        output.contains(text.as_str()),
                        "go{version} GOSUMDB={value:?}: ours {text:?}, go: {output}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_valid_proxy_really_downloads() {
    let (_rt_good, good) = netlab::serve_http(netlab::Behaviour {
        sumdb_supported: 404,
        ..Default::default()
    });
    let (code, output) = download("1.27", &format!("GOPROXY={}\nGOSUMDB=off\n", good.url));
    assert_eq!(code, 0, "{output}");
    let requests = good.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.ends_with("/example.com/m/@v/v1.0.0.zip")),
        "{requests:?}"
    );
}
