//! Export and import: round trip, https with and without the right pin, refusals with nothing
//! written, the team's minimum go version.

use super::*;

#[test]
fn export_then_import_round_trips() {
    let a = Sandbox::new();
    std::fs::create_dir_all(a.env_file().parent().expect("dir")).expect("dir");
    std::fs::write(
        a.env_file(),
        "GOPROXY=https://goproxy.corp.example,direct\nGOPRIVATE=git.corp.example\n",
    )
    .expect("env");
    let file = a.path().join("team.gomirror.toml");
    let f = file.display().to_string();
    gomirror_ok(
        &["profile", "export", "--output", &f],
        &a.env(),
        Some(&go("1.27")),
        a.path(),
    );
    let b = Sandbox::new();
    let out = import(&b, &b.env(), &f);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let written = env_file_text(&b).expect("written");
    assert!(written.contains("GOPRIVATE=git.corp.example"), "{written}");
    assert!(
        written.contains("GOPROXY=https://goproxy.corp.example,direct"),
        "{written}"
    );
    // The go command reads them back.
    let out = common::run_go(&go("1.27"), &["env", "GOPRIVATE"], &b.env(), b.path());
    assert_eq!(out.stdout.trim(), "git.corp.example");
    // The history says which profile applied what.
    let out = gomirror(&["history"], &b.env(), Some(&go("1.27")), b.path());
    assert!(
        out.stdout.contains("[team profile ") && out.stdout.contains("team.gomirror.toml"),
        "{}",
        out.stdout
    );
}

#[test]
fn import_over_https_with_and_without_the_right_pin() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let ca = TestCa::new("profile");
    let ca_file = ca.write_ca(s.path());
    let server = serve(&rt, &ca, PROFILE.as_bytes().to_vec());
    let mut env = s.env();
    env.insert("SSL_CERT_FILE".into(), ca_file.display().to_string());
    let url = format!("{}/team.gomirror.toml", server.url);
    let wrong = format!("{url}#sha256={}", "0".repeat(64));
    let out = import(&s, &env, &wrong);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("does not match the pinned"),
        "{}",
        out.stderr
    );
    assert_eq!(env_file_text(&s), None, "nothing written");
    let pin: String = sha2::Sha256::digest(PROFILE.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let out = import(&s, &env, &format!("{url}#sha256={pin}"));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let written = env_file_text(&s).expect("written");
    assert!(written.contains("GONOSUMDB=git.corp.example"), "{written}");
    // The company proxy is not written to the env file (go reads it only from the process
    // environment): the import says how to set it.
    assert!(!written.contains("HTTPS_PROXY"), "{written}");
    assert!(
        out.stderr
            .contains("HTTPS_PROXY=http://proxy.corp.example:3128"),
        "{}",
        out.stderr
    );
    // The profile's mirrors join the user's list, probed like any other.
    let mirrors = std::fs::read_to_string(s.home.join(".config/gomirror/mirrors.toml"))
        .expect("mirrors.toml");
    assert!(mirrors.contains("https://athens.corp.example"), "{mirrors}");
    // Its snippets carry the company proxy; go env -w cannot.
    let file = s.path().join("team.gomirror.toml");
    std::fs::write(&file, PROFILE).expect("profile");
    let f = file.display().to_string();
    let bash = gomirror(
        &["snippet", "bash", "--profile", &f],
        &env,
        Some(&go("1.27")),
        s.path(),
    );
    assert!(
        bash.stdout
            .contains("export HTTPS_PROXY='http://proxy.corp.example:3128'"),
        "{}",
        bash.stdout
    );
    let goenv = gomirror(
        &["snippet", "go-env", "--profile", &f],
        &env,
        Some(&go("1.27")),
        s.path(),
    );
    assert!(!goenv.stdout.contains("HTTPS_PROXY"), "{}", goenv.stdout);
    assert!(
        goenv
            .stderr
            .contains("HTTPS_PROXY is read only from the process environment"),
        "{}",
        goenv.stderr
    );
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.starts_with("/team.gomirror.toml")),
        "{:?}",
        server.requests()
    );
    // Without the lab CA the certificate is not trusted: refused.
    let out = import(&s, &s.env(), &url);
    assert_eq!(out.code, 1, "{}", out.stderr);
}

#[test]
fn secrets_invalid_values_huge_bodies_and_plain_http_are_refused_with_nothing_written() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let ca = TestCa::new("profile-bad");
    let ca_file = ca.write_ca(s.path());
    let mut env = s.env();
    env.insert("SSL_CERT_FILE".into(), ca_file.display().to_string());
    let secret = s.path().join("secret.gomirror.toml");
    std::fs::write(
        &secret,
        "version = 1\n[settings]\nGOPROXY = \"https://alice:pr0file-pw@goproxy.corp.example,direct\"\n",
    )
    .expect("write");
    let out = import(&s, &env, &secret.display().to_string());
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(".netrc") && !out.stderr.contains("pr0file-pw"),
        "{}",
        out.stderr
    );
    let invalid = s.path().join("invalid.gomirror.toml");
    std::fs::write(
        &invalid,
        "version = 1\n[settings]\nGOSUMDB = \"bogus+key\"\n",
    )
    .expect("write");
    let out = import(&s, &env, &invalid.display().to_string());
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("GOSUMDB"), "{}", out.stderr);
    let huge = serve(&rt, &ca, vec![b'#'; 2 * 1024 * 1024]);
    let out = import(&s, &env, &format!("{}/big.gomirror.toml", huge.url));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("larger than 1 MiB"), "{}", out.stderr);
    let out = import(&s, &env, "http://goproxy.corp.example/team.gomirror.toml");
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("https only"), "{}", out.stderr);
    assert_eq!(env_file_text(&s), None, "nothing was written");
}

#[test]
fn the_teams_minimum_go_is_checked_on_import_with_the_toolchain_fix() {
    let s = Sandbox::new();
    let file = s.path().join("min.gomirror.toml");
    std::fs::write(
        &file,
        "version = 1\nmin_go = \"1.99\"\n[settings]\nGOPRIVATE = \"git.corp.example\"\n",
    )
    .expect("profile");
    let f = file.display().to_string();
    let args = [
        "profile",
        "import",
        f.as_str(),
        "--via",
        "file",
        "--dry-run",
    ];
    let out = gomirror_ok(&args, &s.env(), Some(&go("1.27")), s.path());
    assert!(
        out.stderr
            .contains("the team needs go1.99 or newer; go1.27")
            && out.stderr.contains("gomirror set GOTOOLCHAIN=go1.99+auto"),
        "{}",
        out.stderr
    );
    // The fix is a value the go command takes.
    gomirror_ok(
        &["check", "GOTOOLCHAIN=go1.99+auto"],
        &s.env(),
        Some(&go("1.27")),
        s.path(),
    );
    let out = gomirror(&args, &s.env(), Some(&go("1.19")), s.path());
    assert!(
        out.stderr.contains("cannot switch toolchains"),
        "{}",
        out.stderr
    );
}
