//! Every toolchain action `gomirror doctor --json` documents, each followed by what the go
//! command then does.

use super::*;

/// One project that needs `needs`, GOTOOLCHAIN and GOSUMDB as given, the mirror's toolchain
/// list, and the go command chosen: the doctor's action and what the go command does.
struct Case {
    action: &'static str,
    go_version: Option<&'static str>,
    needs: &'static str,
    gotoolchain: &'static str,
    gosumdb: &'static str,
    listed: bool,
    on_path: bool,
}

fn run_case(c: &Case) -> (serde_json::Value, Option<Output>, Vec<String>) {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let toolchain = format!("v0.0.1-go{}.{}", c.needs, common::go_platform());
    let mirror = LabMirror::start(
        &rt,
        Behaviour {
            toolchains: Some(if c.listed { vec![toolchain] } else { vec![] }),
            ..Behaviour::default()
        },
        None,
    );
    let project = s.path().join("proj");
    std::fs::create_dir_all(&project).expect("project");
    std::fs::write(
        project.join("go.mod"),
        format!("module example.com/proj\n\ngo {}\n", c.needs),
    )
    .expect("go.mod");
    let mut env = s.env();
    env.insert("GOPROXY".into(), format!("{},direct", mirror.url));
    env.insert("GOSUMDB".into(), c.gosumdb.into());
    env.insert("GOTOOLCHAIN".into(), c.gotoolchain.into());
    let marker = s.path().join("ran-go1.99.0");
    if c.on_path {
        let bin = s.path().join("bin");
        std::fs::create_dir_all(&bin).expect("bin");
        let script = bin.join(format!("go{}", c.needs));
        std::fs::write(
            &script,
            format!("#!/bin/sh\necho \"$@\" > '{}'\n", marker.display()),
        )
        .expect("script");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        env.insert("PATH".into(), format!("{}:/usr/bin:/bin", bin.display()));
    }
    let go = c.go_version.map(go);
    let dir = project.display().to_string();
    let out = gomirror(
        &["doctor", "--json", "--dir", &dir],
        &env,
        go.as_deref(),
        s.path(),
    );
    let v = json(&out);
    let ran = go.map(|g| common::run_go(&g, &["list", "-m"], &env, &project));
    let mut seen = mirror.requests();
    if marker.exists() {
        seen.push(format!(
            "ran {}",
            std::fs::read_to_string(&marker).expect("marker")
        ));
    }
    (v, ran, seen)
}

#[test]
fn every_toolchain_action_is_what_the_go_command_then_does() {
    let cases = [
        Case {
            action: "ok",
            go_version: Some("1.27"),
            needs: "1.21",
            gotoolchain: "auto",
            gosumdb: "off",
            listed: false,
            on_path: false,
        },
        Case {
            action: "download",
            go_version: Some("1.27"),
            needs: "1.99.0",
            gotoolchain: "auto",
            gosumdb: "sum.golang.org",
            listed: true,
            on_path: false,
        },
        Case {
            action: "path",
            go_version: Some("1.27"),
            needs: "1.99.0",
            gotoolchain: "path",
            gosumdb: "off",
            listed: false,
            on_path: true,
        },
        Case {
            action: "fails-local",
            go_version: Some("1.27"),
            needs: "1.99.0",
            gotoolchain: "local",
            gosumdb: "off",
            listed: true,
            on_path: false,
        },
        Case {
            action: "fails-old-go",
            go_version: Some("1.19"),
            needs: "1.99",
            gotoolchain: "auto",
            gosumdb: "off",
            listed: true,
            on_path: false,
        },
        Case {
            action: "fails-no-mirror",
            go_version: Some("1.27"),
            needs: "1.99.0",
            gotoolchain: "auto",
            gosumdb: "sum.golang.org",
            listed: false,
            on_path: false,
        },
        Case {
            action: "fails-gosumdb-off",
            go_version: Some("1.27"),
            needs: "1.99.0",
            gotoolchain: "auto",
            gosumdb: "off",
            listed: true,
            on_path: false,
        },
        Case {
            action: "fails-not-on-path",
            go_version: Some("1.27"),
            needs: "1.99.0",
            gotoolchain: "path",
            gosumdb: "off",
            listed: false,
            on_path: false,
        },
        Case {
            action: "no-go",
            go_version: None,
            needs: "1.21",
            gotoolchain: "auto",
            gosumdb: "off",
            listed: false,
            on_path: false,
        },
    ];
    for c in &cases {
        let (v, ran, seen) = run_case(c);
        let tc = &v["toolchain"][0];
        assert_eq!(tc["action"], c.action, "{tc}");
        let Some(ran) = ran else {
            assert_eq!(v["go"]["found"], false);
            continue;
        };
        let said = format!("{}{}", ran.stdout, ran.stderr);
        let fetched_toolchain = seen
            .iter()
            .any(|r| r.contains("golang.org/toolchain/@v/v0.0.1-go1.99.0"));
        match c.action {
            "ok" => assert_eq!(ran.code, 0, "{}: {said}", c.action),
            // It goes to the mirror for the toolchain (the lab's is not a real one).
            "download" => assert!(fetched_toolchain, "{}: {seen:?} {said}", c.action),
            "path" => assert!(
                seen.iter().any(|r| r.starts_with("ran list -m")),
                "{}: {seen:?} {said}",
                c.action
            ),
            "fails-local" => assert!(said.contains("GOTOOLCHAIN=local"), "{said}"),
            // Go 1.19 never switches: it runs itself, whatever GOTOOLCHAIN says.
            "fails-old-go" => assert!(!fetched_toolchain, "{seen:?} {said}"),
            "fails-no-mirror" => assert!(said.contains("toolchain not available"), "{said}"),
            "fails-gosumdb-off" => assert!(
                said.contains("checksum database disabled by GOSUMDB=off"),
                "{said}"
            ),
            "fails-not-on-path" => {
                assert!(said.contains("cannot find \"go1.99.0\" in PATH"), "{said}")
            }
            other => panic!("untested action {other}"),
        }
        match c.action {
            "ok" | "path" => assert_eq!(ran.code, 0, "{}: {said}", c.action),
            // Go 1.19 lists the module (it only notes the version when building).
            "fails-old-go" => {}
            _ => assert_ne!(
                ran.code, 0,
                "{}: the go command succeeded: {said}",
                c.action
            ),
        }
    }
}
