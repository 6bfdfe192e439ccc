//! GoLand's workspace.xml, and the JSON contract of `project show`.

use super::*;

#[test]
fn goland_is_read_shown_as_a_shadow_and_written_only_on_request() {
    let s = Sandbox::new();
    let dir = fixture(&s);
    let env = env_with_go(&s);
    let d = dir.display().to_string();
    let ws = dir.join(".idea/workspace.xml");

    let show = gm(&["project", "show", &d, "--json"], &env, s.path());
    let v: serde_json::Value = crate::common::json(&show);
    assert_eq!(
        v["effective"]["goland"]["GOPROXY"]["value"],
        "https://goproxy.io,direct"
    );
    assert_eq!(v["effective"]["goland"]["GOPROXY"]["source"], "project");
    assert!(show.stdout.contains("goland-shadows"), "{}", show.stdout);

    // Written elsewhere, but GoLand's own value hides it: exit 4, and GoLand's file untouched.
    let out = gm(
        &[
            "project",
            "set",
            "GOPROXY=https://goproxy.cn,direct",
            "--dir",
            &d,
        ],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 4, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("GoLand"), "{}", out.stdout);
    assert_eq!(read(&ws).expect("ws"), WORKSPACE.as_bytes());

    // On request it is written: only the environment element changes.
    let out = gm_ok(
        &[
            "project",
            "set",
            "GOPROXY=https://goproxy.cn,direct",
            "--dir",
            &d,
            "--to",
            "goland",
        ],
        &env,
        s.path(),
    );
    assert!(out.stdout.contains("GoLand rewrites"), "{}", out.stdout);
    let after = String::from_utf8(read(&ws).expect("ws")).expect("utf8");
    let env_start = WORKSPACE.find("    <environment>").expect("env");
    let env_end = WORKSPACE.find("    <integration-enabled>").expect("end");
    assert_eq!(&after[..env_start], &WORKSPACE[..env_start]);
    assert!(after.ends_with(&WORKSPACE[env_end..]));
    assert!(after.contains("<entry key=\"GOPROXY\" value=\"https://goproxy.cn,direct\" />"));
    assert!(after.contains("<entry key=\"GOFLAGS\" value=\"-mod=readonly\" />"));
    let show = gm(&["project", "show", &d, "--json"], &env, s.path());
    let v: serde_json::Value = crate::common::json(&show);
    assert_eq!(
        v["effective"]["goland"]["GOPROXY"]["value"],
        "https://goproxy.cn,direct"
    );
    gm_ok(&["undo"], &env, s.path());
    assert_eq!(read(&ws).expect("ws"), WORKSPACE.as_bytes());

    // A shape gomirror does not know is refused, with GoLand's own steps instead.
    let odd = WORKSPACE.replace(
        "<settings-migrated>",
        "<vendoring-enabled>true</vendoring-enabled>\n    <settings-migrated>",
    );
    std::fs::write(&ws, &odd).expect("odd");
    let out = gm(
        &[
            "project",
            "set",
            "GOSUMDB=off",
            "--dir",
            &d,
            "--to",
            "goland",
        ],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("Go Modules") && out.stderr.contains("在 GoLand 中"),
        "{}",
        out.stderr
    );
    assert_eq!(read(&ws).expect("ws"), odd.as_bytes());
}

#[test]
fn show_json_has_the_contract_fields() {
    let s = Sandbox::new();
    let dir = fixture(&s);
    let env = env_with_go(&s);
    let out = gm_ok(
        &["project", "show", &dir.display().to_string(), "--json"],
        &env,
        s.path(),
    );
    let v: serde_json::Value = crate::common::json(&out);
    assert_eq!(v["module"], "git.corp.example/team/app");
    assert_eq!(v["go"], "1.22");
    assert_eq!(v["toolchain"], "go1.23.4");
    assert_eq!(v["remotes"][0], "git@git.corp.example:team/app.git");
    for t in ["envrc", "vscode", "goland"] {
        assert!(
            v["targets"][t]["path"].is_string() && v["targets"][t]["exists"].is_boolean(),
            "{t}"
        );
        assert!(v["targets"][t]["vars"].is_object(), "{t}");
    }
    assert!(v["targets"]["envrc"]["allowed"].is_null());
    for c in ["direnv", "vscode-tools", "vscode-terminal", "goland"] {
        let e = &v["effective"][c]["GOPROXY"];
        assert!(
            e["value"].is_string() && e["source"].is_string(),
            "{c}: {e}"
        );
    }
    assert_eq!(v["effective"]["direnv"]["GOPROXY"]["source"], "goroot");
    assert_eq!(
        v["suggested_private"],
        serde_json::json!(["git.corp.example"])
    );
    assert!(
        v["conflicts"]
            .as_array()
            .expect("array")
            .iter()
            .all(|c| c.as_str().is_some_and(|c| c.contains(": ")))
    );
}
