//! Snippets executed for real: bash, zsh, fish and dash source `gomirror snippet`'s output and
//! the real go command (`go env -json`) shows every value as it was meant, spaces, `*`, `|`,
//! `$`, quotes and backslashes included; the `go env -w` lines run in bash write exactly those
//! values; the CI blocks parse back as YAML with the same values; the Dockerfile fragment has
//! its cached download layer; a profile with a secret gives no snippet at all.

mod common;

use common::{Sandbox, go, gomirror};
use std::collections::BTreeMap;

/// Values with every character a shell treats specially (all accepted by `go env`, which does
/// not validate these keys when it prints them).
fn tricky() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        (
            "GOPROXY",
            "https://goproxy.corp.example/a b|https://goproxy.cn,direct",
        ),
        (
            "GOPRIVATE",
            "*.corp.example,git.corp.example/it's,git.corp.example/$HOME\"q\"\\back",
        ),
        ("GONOSUMDB", "*"),
        ("GOVCS", "private:all,public:git|hg"),
        ("GOFLAGS", "-mod=mod -tags=a,b"),
    ])
}

fn snippet(s: &Sandbox, format: &str) -> String {
    let mut args = vec!["snippet".to_string(), format.to_string()];
    for (k, v) in tricky() {
        args.push("--set".into());
        args.push(format!("{k}={v}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = gomirror(&args, &s.env(), Some(&go("1.27")), s.path());
    assert_eq!(out.code, 0, "{format}: {}{}", out.stdout, out.stderr);
    out.stdout
}

fn env_with_go(s: &Sandbox) -> gomirror::goenv::location::EnvMap {
    let mut env = s.env();
    let bin = go("1.27").parent().expect("bin").display().to_string();
    env.insert("PATH".into(), format!("{bin}:/usr/bin:/bin"));
    env.insert("GOTOOLCHAIN".into(), "local".into());
    env
}

fn assert_values(shell: &str, json: &str) {
    let v: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{shell}: {e}: {json}"));
    for (k, want) in tricky() {
        assert_eq!(v[k], want, "{shell}: {k}");
    }
}

#[test]
fn bash_zsh_fish_and_dash_source_the_snippet_and_go_sees_every_value() {
    let s = Sandbox::new();
    let keys: Vec<&str> = tricky().keys().copied().collect();
    for (format, shell, source) in [
        ("bash", "bash", "."),
        ("zsh", "zsh", "."),
        ("bash", "dash", "."),
        ("fish", "fish", "source"),
    ] {
        let text = snippet(&s, format);
        let file = s.path().join(format!("snippet.{shell}"));
        std::fs::write(&file, &text).expect("write");
        let script = format!(
            "{source} {}; go env -json {}",
            file.display(),
            keys.join(" ")
        );
        let out = common::run(
            std::path::Path::new(&format!("/usr/bin/{shell}")),
            &["-c", &script],
            &env_with_go(&s),
            s.path(),
        );
        assert_eq!(out.code, 0, "{shell}: {}{}\n{text}", out.stdout, out.stderr);
        assert_values(shell, &out.stdout);
    }
}

#[test]
fn go_env_w_lines_write_exactly_these_values() {
    let s = Sandbox::new();
    let text = snippet(&s, "go-env");
    assert!(text.lines().all(|l| l.starts_with("go env -w ")), "{text}");
    let env = env_with_go(&s);
    let out = common::run(
        std::path::Path::new("/usr/bin/bash"),
        &["-c", &text],
        &env,
        s.path(),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let keys: Vec<&str> = tricky().keys().copied().collect();
    let mut args = vec!["env", "-json"];
    args.extend(&keys);
    let out = common::run_go(&go("1.27"), &args, &env, s.path());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_values("go env -w", &out.stdout);
}

#[test]
fn ci_blocks_parse_back_and_the_dockerfile_caches_the_download() {
    use yaml_rust2::YamlLoader;
    let s = Sandbox::new();
    for (format, root) in [("github-actions", "env"), ("gitlab-ci", "variables")] {
        let text = snippet(&s, format);
        let docs =
            YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{format}: {e}\n{text}"));
        let block = &docs[0][root];
        for (k, want) in tricky() {
            let v = &block[k];
            // GitLab's long form keeps `$` from being expanded.
            let got = v.as_str().or_else(|| v["value"].as_str());
            assert_eq!(got, Some(want), "{format}: {k}\n{text}");
            if format == "gitlab-ci" && want.contains('$') {
                assert_eq!(v["expand"].as_bool(), Some(false), "{text}");
            }
        }
    }
    let docker = snippet(&s, "dockerfile");
    let copy = docker.find("COPY go.mod go.sum ./").expect("go.mod first");
    let download = docker
        .find("RUN --mount=type=cache,target=/go/pkg/mod")
        .expect("cached download");
    let rest = docker.find("COPY . .").expect("sources after");
    assert!(copy < download && download < rest, "{docker}");
    assert!(
        docker.contains(
            r#"GOPRIVATE="*.corp.example,git.corp.example/it's,git.corp.example/\$HOME\"q\"\\back""#
        ),
        "{docker}"
    );
}

#[test]
fn cmd_leaves_out_what_it_cannot_express_and_says_so() {
    let s = Sandbox::new();
    let out = gomirror(
        &[
            "snippet",
            "cmd",
            "--set",
            "GOPRIVATE=100%.corp.example",
            "--set",
            "GONOSUMDB=*",
        ],
        &s.env(),
        Some(&go("1.27")),
        s.path(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "set \"GONOSUMDB=*\"\n");
    assert!(
        out.stderr.contains("GOPRIVATE is left out"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("GOPRIVATE 未包含"), "{}", out.stderr);
}

#[test]
fn a_profile_with_a_secret_gives_no_snippet() {
    let s = Sandbox::new();
    let profile = s.path().join("team.gomirror.toml");
    std::fs::write(
        &profile,
        "version = 1\n[settings]\nGOPROXY = \"https://alice:t0psecret@goproxy.corp.example,direct\"\n",
    )
    .expect("profile");
    let p = profile.display().to_string();
    let out = gomirror(
        &["snippet", "bash", "--profile", &p],
        &s.env(),
        Some(&go("1.27")),
        s.path(),
    );
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.contains(".netrc") && !out.stderr.contains("t0psecret"),
        "{}",
        out.stderr
    );
    let good = s.path().join("ok.gomirror.toml");
    std::fs::write(
        &good,
        "version = 1\n[settings]\nGOPROXY = \"https://goproxy.corp.example,direct\"\n",
    )
    .expect("profile");
    let p = good.display().to_string();
    let out = gomirror(
        &["snippet", "fish", "--profile", &p],
        &s.env(),
        Some(&go("1.27")),
        s.path(),
    );
    assert_eq!(
        out.stdout,
        "set -gx GOPROXY 'https://goproxy.corp.example,direct'\n"
    );
    let out = gomirror(&["snippet", "tcsh"], &s.env(), Some(&go("1.27")), s.path());
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn no_snippet_format_carries_a_password_and_each_says_where_the_login_goes() {
    let s = Sandbox::new();
    // The user's own env file holds the login (as many do before `move-credentials`), with a
    // quote and an `@` in the password, as Go's URL parser accepts them.
    std::fs::create_dir_all(s.env_file().parent().expect("dir")).expect("dir");
    std::fs::write(
        s.env_file(),
        "GOPROXY=https://alice:S3'CR@T@goproxy.corp.example:8443/go,http://tok3n@plain.example|direct\n",
    )
    .expect("env file");
    for format in [
        "bash",
        "zsh",
        "fish",
        "powershell",
        "cmd",
        "go-env",
        "dockerfile",
        "github-actions",
        "gitlab-ci",
    ] {
        let out = gomirror(
            &["snippet", format, "--json"],
            &s.env(),
            Some(&go("1.27")),
            s.path(),
        );
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        for secret in ["S3'CR", "CR@T", "alice", "tok3n"] {
            assert!(
                !out.stdout.contains(secret),
                "{format} shows {secret}: {}",
                out.stdout
            );
        }
        let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
        let text = v["text"].as_str().expect("text");
        assert!(
            text.contains("https://goproxy.corp.example:8443/go")
                && text.contains("http://plain.example"),
            "{format}: the mirrors stay: {text}"
        );
        let notes = v["notes"].to_string();
        assert!(
            notes.contains("machine goproxy.corp.example:8443 login USER")
                && notes.contains("machine plain.example")
                && notes.contains("https only"),
            "{format}: {notes}"
        );
        if format == "dockerfile" {
            assert!(
                text.contains("--mount=type=secret,id=netrc,target=/root/.netrc"),
                "{text}"
            );
        }
    }
}
