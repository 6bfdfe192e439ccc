//! Snippets executed for real: bash, zsh, fish and dash source `gomirror snippet`'s output and
//! the real go command (`go env -json`) shows every value as it was meant, spaces, `*`, `|`,
//! `$`, quotes and backslashes included; the `go env -w` lines run in bash write exactly those
//! values; the CI blocks parse back as YAML with the same values; the PowerShell lines through
//! the tree-sitter PowerShell grammar and the Dockerfile through BuildKit's own parser mean the
//! same values (typographic quotes included), the Dockerfile with its cached download layer; a
//! profile with a secret gives no snippet at all.

mod common;

use common::{Sandbox, go, gomirror, gomirror_ok};
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
    let out = gomirror_ok(&args, &s.env(), Some(&go("1.27")), s.path());
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
fn ci_blocks_parse_back_as_yaml_with_every_value() {
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
}

/// What the format's own parser makes of a snippet (tests/parsers/snippet_parse.py, with the
/// parsers scripts/install-tools.sh puts in .tools/parsers).
fn parsed(format: &str, text: &str) -> serde_json::Value {
    use std::io::Write;
    let python = common::repo_root().join(".tools/parsers/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/install-tools.sh",
        python.display()
    );
    let mut child = std::process::Command::new(&python)
        .arg(common::repo_root().join("tests/parsers/snippet_parse.py"))
        .arg(format)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the parser runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write the snippet");
    let out = child.wait_with_output().expect("parser output");
    assert!(
        out.status.success(),
        "{format}: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("parser json")
}

/// The tricky values and typographic quotes, which PowerShell takes as quotes too.
fn with_curly_quotes(s: &Sandbox, format: &str) -> (String, BTreeMap<String, String>) {
    let mut want: BTreeMap<String, String> = tricky()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    want.insert(
        "GOINSECURE".into(),
        "git.corp.example/\u{2018}a\u{2019}b\u{201a}c\u{201b}d'".into(),
    );
    let mut args = vec!["snippet".to_string(), format.to_string()];
    for (k, v) in &want {
        args.push("--set".into());
        args.push(format!("{k}={v}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = gomirror_ok(&args, &s.env(), Some(&go("1.27")), s.path());
    (out.stdout, want)
}

#[test]
fn powershell_and_the_dockerfile_mean_every_value_to_their_own_parsers() {
    let s = Sandbox::new();
    for format in ["powershell", "dockerfile"] {
        let (text, want) = with_curly_quotes(&s, format);
        let v = parsed(format, &text);
        for (k, value) in &want {
            assert_eq!(v["values"][k], value.as_str(), "{format}: {k}\n{text}");
        }
        assert_eq!(
            v["values"].as_object().map(|o| o.len()),
            Some(want.len()),
            "{format}: nothing else is set\n{text}"
        );
    }
    // BuildKit's order: ENV, then go.mod and go.sum, the cached download, then the sources.
    let (text, _) = with_curly_quotes(&s, "dockerfile");
    let v = parsed("dockerfile", &text);
    let steps: Vec<String> = v["instructions"]
        .as_array()
        .expect("instructions")
        .iter()
        .map(|i| {
            format!(
                "{} {}",
                i["cmd"].as_str().unwrap_or(""),
                i["value"][0].as_str().unwrap_or("")
            )
        })
        .collect();
    let at = |prefix: &str| {
        steps
            .iter()
            .position(|s| s.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in {steps:?}"))
    };
    let (env, copy_mod, download, copy_all) = (
        at("ENV "),
        at("COPY go.mod"),
        at("RUN go mod download"),
        at("COPY ."),
    );
    assert!(
        env < copy_mod && copy_mod < download && download < copy_all,
        "{steps:?}"
    );
    let flags = v["instructions"][download]["flags"].to_string();
    assert!(
        flags.contains("--mount=type=cache,target=/go/pkg/mod"),
        "{flags}"
    );
}

#[test]
fn cmd_leaves_out_what_it_cannot_express_and_says_so() {
    let s = Sandbox::new();
    let out = gomirror_ok(
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
        let out = gomirror_ok(
            &["snippet", format, "--json"],
            &s.env(),
            Some(&go("1.27")),
            s.path(),
        );
        for secret in ["S3'CR", "CR@T", "alice", "tok3n"] {
            assert!(
                !out.stdout.contains(secret),
                "{format} shows {secret}: {}",
                out.stdout
            );
        }
        let v: serde_json::Value = crate::common::json(&out);
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
