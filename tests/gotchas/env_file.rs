//! Gotchas of the go env file and how it is written: G1-G7 and G17.

use super::*;

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
    gomirror_ok(
        &["set", "GOTOOLCHAIN=auto", "GOPROXY=direct"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert_eq!(
        crate::common::go_env(&go_bin, &["GOPROXY"], &env, s.path()),
        ["direct"]
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
    gomirror_ok(&["unset", "GOROOT"], &env, Some(&go_bin), s.path());
    assert_eq!(read_env_file(&s), "GOPROXY=direct\n");
    assert_eq!(
        crate::common::go_env(&go_bin, &["GOPROXY"], &env, s.path()),
        ["direct"]
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
    let outcome: serde_json::Value = crate::common::json(&out);
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
    gomirror_ok(
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
fn g17_unset_without_a_file_is_a_no_op() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    let real = run_go(&go_bin, &["env", "-u", "GOPROXY"], &env, s.path());
    assert_eq!(real.code, 1, "the go command needs the file");
    gomirror_ok(&["unset", "GOPROXY"], &env, Some(&go_bin), s.path());
}
