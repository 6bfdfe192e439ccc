//! Messages that were wrong before: the route without a go command, GONOPROXY and GONOSUMDB
//! from GOPRIVATE, CRLF lines in the env file.

use super::*;

#[test]
fn route_without_a_go_command_uses_the_go_commands_defaults() {
    let s = Sandbox::new();
    let mut env = s.env();
    env.insert("GOMIRROR_GO".into(), "/nonexistent/go".into());
    env.insert("PATH".into(), "/nonexistent".into());
    let out = gomirror_ok(&["route", "example.com/m", "--json"], &env, None, s.path());
    let r: serde_json::Value = crate::common::json(&out);
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
    let r: serde_json::Value = crate::common::json(&out);
    for key in ["GONOPROXY", "GONOSUMDB"] {
        assert_eq!(r["vars"][key]["value"], "git.corp.com", "{r}");
        assert_eq!(r["vars"][key]["source"], "goprivate", "{r}");
    }
    env.insert("GONOSUMDB".into(), "none".into());
    let out = gomirror(&["env", "--json"], &env, None, s.path());
    let r: serde_json::Value = crate::common::json(&out);
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
    gomirror_ok(
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
    // No CR left; the lines are ordered as `go env -w` orders them.
    assert_eq!(
        std::fs::read_to_string(s.env_file()).expect("env"),
        "GOPRIVATE=corp.com\nGOPROXY=https://goproxy.cn,direct\nGOSUMDB=off\n"
    );
}
