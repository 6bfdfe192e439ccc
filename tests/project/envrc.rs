//! `.envrc` with the real direnv, go command and shells: values seen, quoting literal, undo
//! byte for byte.

use super::*;

#[test]
fn direnv_and_the_real_go_command_see_the_project_values_and_undo_restores_bytes() {
    let s = Sandbox::new();
    let dir = fixture(&s);
    let env = env_with_go(&s);
    let d = dir.display().to_string();
    let global_before = read(&s.env_file());

    let out = gm_ok(
        &[
            "project",
            "set",
            "GOPRIVATE=git.corp.example",
            "GOSUMDB=off",
            "--dir",
            &d,
            "--to",
            "envrc",
        ],
        &env,
        s.path(),
    );
    assert!(out.stdout.contains("direnv allow"), "{}", out.stdout);
    // Written, but direnv has not been allowed: show says so and does not count the values.
    let show = gm(&["project", "show", &d, "--json"], &env, s.path());
    let v: serde_json::Value = crate::common::json(&show);
    assert_eq!(v["targets"]["envrc"]["allowed"], false, "{}", show.stdout);
    assert!(
        v["conflicts"]
            .as_array()
            .expect("conflicts")
            .iter()
            .any(|c| c
                .as_str()
                .is_some_and(|c| c.starts_with("envrc-not-allowed:"))),
        "{}",
        show.stdout
    );
    assert_ne!(v["effective"]["direnv"]["GOSUMDB"]["value"], "off");

    // The user allows it explicitly; then the real direnv gives the real go command the values.
    gm_ok(&["project", "allow", &d], &env, s.path());
    let show = gm(&["project", "show", &d, "--json"], &env, s.path());
    let v: serde_json::Value = crate::common::json(&show);
    assert_eq!(v["targets"]["envrc"]["allowed"], true);
    assert_eq!(v["effective"]["direnv"]["GOSUMDB"]["value"], "off");
    assert_eq!(v["effective"]["direnv"]["GOSUMDB"]["source"], "project");
    assert_eq!(v["effective"]["direnv"]["GONOSUMDB"]["source"], "goprivate");
    let exec = run(
        &direnv(),
        &[
            "exec",
            &d,
            "go",
            "env",
            "-json",
            "GOPRIVATE",
            "GOSUMDB",
            "GONOSUMDB",
        ],
        &env,
        s.path(),
    );
    assert_eq!(exec.code, 0, "{}", exec.stderr);
    let goenv: serde_json::Value = crate::common::json(&exec);
    assert_eq!(goenv["GOPRIVATE"], "git.corp.example");
    assert_eq!(goenv["GOSUMDB"], "off");
    assert_eq!(goenv["GONOSUMDB"], "git.corp.example");

    // Unset, then undo twice: the file is as before each step, byte for byte.
    let envrc = dir.join(".envrc");
    let after_set = read(&envrc).expect("envrc");
    gm_ok(
        &["project", "unset", "GOSUMDB", "--dir", &d, "--to", "envrc"],
        &env,
        s.path(),
    );
    let text = String::from_utf8(read(&envrc).expect("envrc")).expect("utf8");
    assert!(
        !text.contains("GOSUMDB") && text.contains("GOPRIVATE"),
        "{text}"
    );
    gm_ok(&["undo"], &env, s.path());
    assert_eq!(read(&envrc).expect("envrc"), after_set);
    gm_ok(&["undo"], &env, s.path());
    assert_eq!(
        read(&envrc),
        None,
        "the .envrc gomirror created is gone again"
    );
    // The global settings were never touched.
    assert_eq!(read(&s.env_file()), global_before);
}

#[test]
fn quotes_dollars_and_backslashes_stay_literal_in_real_shells() {
    let s = Sandbox::new();
    let dir = fixture(&s);
    let env = env_with_go(&s);
    let d = dir.display().to_string();
    let nasty = r#"git.corp.example/a'b$home\c"d`id`"#;
    gm_ok(
        &[
            "project",
            "set",
            &format!("GOPRIVATE={nasty}"),
            "GOVCS=*:git|hg",
            "--dir",
            &d,
            "--to",
            "envrc",
        ],
        &env,
        s.path(),
    );
    for shell in ["/bin/sh", "/bin/bash", "/bin/dash"] {
        if !Path::new(shell).exists() {
            assert_ne!(shell, "/bin/sh", "no /bin/sh");
            continue;
        }
        let got = run(
            Path::new(shell),
            &[
                "-c",
                ". ./.envrc && printf '%s\\n%s' \"$GOPRIVATE\" \"$GOVCS\"",
            ],
            &env,
            &dir,
        );
        assert_eq!(got.code, 0, "{shell}: {}", got.stderr);
        assert_eq!(got.stdout, format!("{nasty}\n*:git|hg"), "{shell}");
    }
    gm_ok(&["project", "allow", &d], &env, s.path());
    let exec = run(
        &direnv(),
        &["exec", &d, "go", "env", "GOPRIVATE"],
        &env,
        s.path(),
    );
    assert_eq!(exec.stdout.trim_end(), nasty, "{}", exec.stderr);
}
