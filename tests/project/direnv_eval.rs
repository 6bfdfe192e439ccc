//! `.envrc` as direnv runs it: 17 files of the shapes real projects have (direnv's standard
//! library, functions, conditions, computed values). With direnv installed and the file allowed,
//! `project show` reports exactly what the real direnv exports; without direnv (not on PATH)
//! the static reading never shows a default where direnv sets something: each value is either
//! the one direnv sets or marked "set by the shell", and nothing inside an uncalled function
//! counts.

use super::*;
use std::collections::BTreeMap;

/// (name, .envrc, other files relative to the project (a leading `../` is the parent)).
type Case = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const CASES: [Case; 17] = [
    (
        "plain",
        "export GOPRIVATE=git.corp.example\nexport GOPROXY=https://goproxy.cn,direct\n",
        &[],
    ),
    (
        "quoted",
        "export GOFLAGS='-mod=mod -trimpath'\nexport GONOSUMDB=\"git.corp.example\"\n",
        &[],
    ),
    (
        "dotenv",
        "dotenv\n",
        &[(
            ".env",
            "GOPRIVATE=git.corp.example\nGOPROXY=\"https://goproxy.io,direct\"\n# comment\nOTHER=1\n",
        )],
    ),
    (
        "dotenv-if-exists-missing",
        "dotenv_if_exists\nexport GOFLAGS=-mod=readonly\n",
        &[],
    ),
    (
        "dotenv-if-exists-file",
        "dotenv_if_exists .env.local\n",
        &[(".env.local", "export GOSUMDB=sum.golang.google.cn\n")],
    ),
    (
        "source-env",
        "source_env config/go.envrc\nexport GOFLAGS=-mod=mod\n",
        &[("config/go.envrc", "export GOPRIVATE=*.corp.example\n")],
    ),
    (
        "source-env-dir",
        "source_env shared\n",
        &[("shared/.envrc", "export GONOPROXY=git.corp.example\n")],
    ),
    (
        "source-up",
        "source_up\nexport GOFLAGS=-mod=vendor\n",
        &[("../.envrc", "export GOPRIVATE=git.parent.example\n")],
    ),
    (
        "source-up-if-exists",
        "source_up_if_exists\nexport GOPROXY=https://goproxy.cn,direct\n",
        &[],
    ),
    (
        "layout-go",
        "layout go\nexport GOPRIVATE=git.corp.example\n",
        &[],
    ),
    (
        "uncalled-function",
        "use_corp_proxy() {\n  export GOPROXY=https://proxy.corp.example,direct\n}\nexport GOSUMDB=off\n",
        &[],
    ),
    (
        "called-function",
        "corp() {\n  export GOPRIVATE=git.corp.example\n}\ncorp\n",
        &[],
    ),
    (
        "condition",
        "if [ -f go.mod ]; then\n  export GOFLAGS=-mod=mod\nfi\nexport GOPROXY=https://goproxy.cn,direct\n",
        &[],
    ),
    (
        "one-line-condition",
        "[ -f go.work ] && export GOWORK=off\nexport GONOSUMDB=git.corp.example\n",
        &[],
    ),
    (
        "computed",
        "export GOPRIVATE=\"$(echo git.corp.example)\"\nexport GOTOOLCHAIN=local\n",
        &[],
    ),
    (
        "path-add-and-env",
        "PATH_add bin\nexport GOPROXY=https://goproxy.cn|https://goproxy.io,direct\nexport GOSUMDB=sum.golang.google.cn\n",
        &[],
    ),
    (
        "unset",
        "export GOFLAGS=-x\nunset GOFLAGS\nexport GOPRIVATE=git.corp.example\n",
        &[],
    ),
];

/// The Go settings `direnv export json` sets in `dir` (None: unset).
fn direnv_exports(
    dir: &Path,
    env: &gomirror::goenv::location::EnvMap,
) -> BTreeMap<String, Option<String>> {
    let out = run(&direnv(), &["export", "json"], env, dir);
    assert_eq!(out.code, 0, "direnv export: {}", out.stderr);
    if out.stdout.trim().is_empty() {
        return BTreeMap::new();
    }
    let all: BTreeMap<String, Option<String>> = crate::common::json_as(&out);
    all.into_iter()
        .filter(|(k, _)| k.starts_with("GO"))
        .collect()
}

const KEYS: [&str; 8] = [
    "GOPROXY",
    "GOSUMDB",
    "GOPRIVATE",
    "GONOPROXY",
    "GONOSUMDB",
    "GOFLAGS",
    "GOTOOLCHAIN",
    "GOWORK",
];

#[test]
fn project_show_agrees_with_the_real_direnv_on_every_envrc() {
    let s = Sandbox::new();
    let env = env_with_go(&s);
    let mut no_direnv = env.clone();
    // Only the go command on PATH: gomirror cannot find direnv and reads the file itself.
    no_direnv.insert("PATH".into(), s.path().join("bin").display().to_string());
    let (mut exact, mut unknown, mut total) = (0, 0, 0);
    let mut wrong = Vec::new();
    for (name, envrc, files) in CASES {
        let parent = s.path().join(format!("case-{name}"));
        let dir = parent.join("project");
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("go.mod"), "module example.com/app\n\ngo 1.22\n").expect("go.mod");
        std::fs::write(dir.join(".envrc"), envrc).expect("envrc");
        for (path, text) in files {
            let p = match path.strip_prefix("../") {
                Some(up) => parent.join(up),
                None => dir.join(path),
            };
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, text).expect("file");
        }
        let d = dir.display().to_string();
        let allowed = run(&direnv(), &["allow", &d], &env, &dir);
        assert_eq!(allowed.code, 0, "{name}: {}", allowed.stderr);
        let truth = direnv_exports(&dir, &env);

        // direnv installed and the file allowed: exactly direnv's answer.
        let show = gm(&["project", "show", &d, "--json"], &env, s.path());
        let v: serde_json::Value = crate::common::json(&show);
        let row = &v["effective"]["direnv"];
        for key in KEYS {
            let got = &row[key];
            match truth.get(key) {
                Some(Some(value)) => {
                    assert_eq!(got["value"], value.as_str(), "{name} {key}: {row}");
                    assert_eq!(got["source"], "project", "{name} {key}: {row}");
                }
                _ => assert_ne!(got["source"], "project", "{name} {key}: {row}"),
            }
        }

        // Without direnv: never a default where direnv sets something, never a value it does
        // not set.
        let show = gm(&["project", "show", &d, "--json"], &no_direnv, s.path());
        let v: serde_json::Value = crate::common::json(&show);
        let row = &v["effective"]["direnv"];
        for key in KEYS {
            let got = &row[key];
            match truth.get(key) {
                Some(Some(value)) => {
                    total += 1;
                    if got["source"] == "project" && got["value"] == value.as_str() {
                        exact += 1;
                    } else if got["source"] == "shell" {
                        unknown += 1;
                    } else {
                        wrong.push(format!(
                            "{name} {key}: direnv sets {value:?}, gomirror shows {got}"
                        ));
                    }
                }
                // direnv's export is a difference: a value the environment already has is
                // not in it, and claiming it from the file is no error.
                _ => {
                    let same_as_env = env.get(key).is_some_and(|e| got["value"] == e.as_str());
                    if got["source"] == "project" && !same_as_env {
                        wrong.push(format!(
                            "{name} {key}: direnv sets nothing, gomirror shows {got}"
                        ));
                    }
                }
            }
        }
    }
    println!(
        ".envrc files: {}; values direnv sets: {total}; read right without direnv: {exact}, marked \"set by the shell\": {unknown}, wrong: {}",
        CASES.len(),
        wrong.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        exact * 10 >= total * 7,
        "most values are read without direnv: {exact} of {total}"
    );
}
