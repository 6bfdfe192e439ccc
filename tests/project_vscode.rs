//! `.vscode/settings.json` edits checked by VS Code's own parser (the npm package
//! `jsonc-parser`, run with node): the written file parses without errors, carries the values
//! under `go.toolsEnvVars` and all three terminal keys, and keeps every comment and every
//! unrelated key. Corpus: comments, trailing commas, CRLF, BOM, tabs, nested objects, a 2 MB
//! file, and seeded random edit sequences (GOMIRROR_VSCODE_SEQUENCES, default 40).

mod common;

use gomirror::project::vscode::{self, TERMINAL_KEYS, TOOLS_KEY};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn oracle(files: &[PathBuf]) -> BTreeMap<String, Value> {
    let module = common::repo_root().join(".tools/node/node_modules/jsonc-parser");
    assert!(
        module.join("package.json").exists(),
        "jsonc-parser is missing at {}: run scripts/install-tools.sh",
        module.display()
    );
    let node = PathBuf::from("/usr/bin/node");
    let node = if node.exists() {
        node
    } else {
        gomirror::project::which(&gomirror::goenv::location::process_env(), "node")
            .expect("node is missing: run scripts/install-tools.sh")
    };
    let script = common::repo_root().join("tests/oracle/jsonc.js");
    let out = std::process::Command::new(node)
        .arg(script)
        .arg(&module)
        .args(files)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("oracle json")
}

fn corpus() -> Vec<(&'static str, String)> {
    let mut big = String::from("{\n  // a large settings file\n");
    let mut i = 0;
    while big.len() < 2 * 1024 * 1024 {
        big.push_str(&format!(
            "  \"ext{i}.option\": {{ \"list\": [1, 2, {{\"deep\": \"v{i}\"}}], \"on\": true }}, // c{i}\n"
        ));
        i += 1;
    }
    big.push_str("}\n");
    vec![
        ("empty", String::new()),
        ("braces", "{}".into()),
        (
            "comments",
            "// head comment\n{\n  /* block\n     comment */\n  \"editor.tabSize\": 2, // trailing\n  \"files.exclude\": {\"**/.git\": true},\n}\n// tail\n".into(),
        ),
        (
            "trailing-commas",
            "{\n  \"a\": [1, 2, 3,],\n  \"go.toolsEnvVars\": {\"GOFLAGS\": \"-mod=mod\",},\n}\n".into(),
        ),
        (
            "crlf",
            "{\r\n  // windows\r\n  \"editor.rulers\": [80],\r\n  \"terminal.integrated.env.windows\": {\r\n    \"PATH\": \"C:\\\\tools\"\r\n  }\r\n}\r\n".into(),
        ),
        ("bom", "\u{feff}{\n  \"editor.fontSize\": 14\n}\n".into()),
        (
            "tabs",
            "{\n\t\"go.toolsEnvVars\": {\n\t\t\"GOPROXY\": \"https://old.example\",\n\t\t\"CGO_ENABLED\": \"0\"\n\t},\n\t\"[go]\": {\n\t\t\"editor.insertSpaces\": false\n\t}\n}\n".into(),
        ),
        (
            "nested",
            "{\n  \"launch\": {\"configurations\": [{\"name\": \"x\", \"env\": {\"GOPROXY\": \"keep\"}}]},\n  \"terminal.integrated.env.osx\": {}, // empty\n}\n".into(),
        ),
        ("big", big),
    ]
}

/// Every comment of `before` is still in `after` (as many times).
fn comments_kept(before: &Value, after: &Value) -> bool {
    let count = |v: &Value| {
        let mut m: BTreeMap<String, usize> = BTreeMap::new();
        for c in v["comments"].as_array().into_iter().flatten() {
            *m.entry(c.as_str().unwrap_or_default().to_string())
                .or_default() += 1;
        }
        m
    };
    let (b, a) = (count(before), count(after));
    b.iter().all(|(c, n)| a.get(c).copied().unwrap_or(0) >= *n)
}

/// The parsed value without the keys gomirror edits.
fn unrelated(v: &Value) -> Value {
    let mut v = match &v["value"] {
        // An empty file is an empty settings object to VS Code.
        Value::Null => Value::Object(Default::default()),
        other => other.clone(),
    };
    if let Some(o) = v.as_object_mut() {
        for k in std::iter::once(TOOLS_KEY).chain(TERMINAL_KEYS) {
            o.remove(k);
        }
    }
    v
}

fn section_without_go(v: &Value, key: &str) -> Value {
    let mut s = match &v["value"][key] {
        // An absent section and an empty one give the terminal the same environment.
        Value::Null => Value::Object(Default::default()),
        other => other.clone(),
    };
    if let Some(o) = s.as_object_mut() {
        o.retain(|k, _| !k.starts_with("GO"));
    }
    s
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(format!("{name}.json"));
    std::fs::write(&p, text).expect("write");
    p
}

#[test]
fn vscode_reads_what_gomirror_writes_and_keeps_everything_else() {
    let tmp = tempfile::tempdir().expect("tmp");
    let set: BTreeMap<String, String> = [
        ("GOPROXY", "https://goproxy.cn,direct"),
        ("GOSUMDB", "sum.golang.google.cn"),
        ("GOPRIVATE", "git.corp.example/*,*.internal"),
        ("GOFLAGS", r#"-ldflags=-X "main.v=1\2""#),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut files = Vec::new();
    let mut edited = Vec::new();
    for (name, text) in corpus() {
        files.push(write(tmp.path(), &format!("{name}-before"), &text));
        let after = vscode::edit(&text, &set, &[]).unwrap_or_else(|e| panic!("{name}: {e}"));
        if text.contains("\r\n") {
            assert!(
                !after.replace("\r\n", "").contains('\n'),
                "{name}: CRLF kept"
            );
        }
        assert_eq!(
            after.starts_with('\u{feff}'),
            text.starts_with('\u{feff}'),
            "{name}: BOM"
        );
        let p = write(tmp.path(), &format!("{name}-after"), &after);
        files.push(p.clone());
        // And back: unset restores the values of the keys (and never breaks the file).
        let keys: Vec<String> = set.keys().cloned().collect();
        let back = vscode::edit(&after, &BTreeMap::new(), &keys).expect("unset");
        files.push(write(tmp.path(), &format!("{name}-back"), &back));
        edited.push(name);
    }
    let report = oracle(&files);
    let get = |name: &str, stage: &str| {
        report[&tmp
            .path()
            .join(format!("{name}-{stage}.json"))
            .display()
            .to_string()]
            .clone()
    };
    for name in edited {
        let (before, after, back) = (get(name, "before"), get(name, "after"), get(name, "back"));
        assert_eq!(
            after["errors"],
            Value::Array(vec![]),
            "{name}: VS Code reports errors"
        );
        assert_eq!(
            back["errors"],
            Value::Array(vec![]),
            "{name}: errors after unset"
        );
        for key in std::iter::once(TOOLS_KEY).chain(TERMINAL_KEYS) {
            for (k, v) in &set {
                assert_eq!(
                    after["value"][key][k],
                    Value::String(v.clone()),
                    "{name}: {key}.{k}"
                );
                assert!(
                    back["value"][key].get(k).is_none(),
                    "{name}: {key}.{k} unset"
                );
            }
            // Other variables in those sections survive (CGO_ENABLED, PATH).
            assert_eq!(
                section_without_go(&before, key),
                section_without_go(&after, key),
                "{name}: {key}"
            );
        }
        assert_eq!(
            unrelated(&before),
            unrelated(&after),
            "{name}: unrelated keys"
        );
        assert_eq!(
            unrelated(&before),
            unrelated(&back),
            "{name}: unrelated keys after unset"
        );
        assert!(comments_kept(&before, &after), "{name}: comments");
        assert!(
            comments_kept(&before, &back),
            "{name}: comments after unset"
        );
    }
}

#[test]
fn random_edit_sequences_round_trip_through_vscodes_parser() {
    let sequences: usize = std::env::var("GOMIRROR_VSCODE_SEQUENCES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let tmp = tempfile::tempdir().expect("tmp");
    let mut rng = StdRng::seed_from_u64(0x60_3133);
    let keys = [
        "GOPROXY",
        "GOSUMDB",
        "GOPRIVATE",
        "GONOSUMDB",
        "GOFLAGS",
        "GOTOOLCHAIN",
    ];
    let values = [
        "off",
        "direct",
        "https://goproxy.cn,direct",
        "a\"quoted\"",
        "back\\slash",
        "中文值",
        "tab\there",
        "${env:HOME}",
        "",
    ];
    let bases: Vec<String> = corpus()
        .into_iter()
        .filter(|(n, _)| *n != "big")
        .map(|(_, t)| t)
        .collect();
    let mut files = Vec::new();
    let mut expected = Vec::new();
    for i in 0..sequences {
        let base = &bases[i % bases.len()];
        let mut text = base.clone();
        let mut model: BTreeMap<String, Option<String>> = BTreeMap::new();
        for _ in 0..rng.random_range(1..8) {
            let key = keys[rng.random_range(0..keys.len())].to_string();
            if rng.random_bool(0.7) {
                let value = values[rng.random_range(0..values.len())].to_string();
                let set = BTreeMap::from([(key.clone(), value.clone())]);
                text = vscode::edit(&text, &set, &[]).expect("set");
                model.insert(key, Some(value));
            } else {
                text = vscode::edit(&text, &BTreeMap::new(), std::slice::from_ref(&key))
                    .expect("unset");
                model.insert(key, None);
            }
            // gomirror's own reader agrees with its writer at every step.
            let read = vscode::read(&text).expect("read back");
            for (k, v) in &model {
                if v.is_some() || read.tools.contains_key(k) {
                    assert_eq!(read.tools.get(k), v.as_ref(), "seq {i}: {k}");
                }
            }
        }
        files.push(write(tmp.path(), &format!("seq{i}-base"), base));
        files.push(write(tmp.path(), &format!("seq{i}"), &text));
        expected.push(model);
    }
    let report = oracle(&files);
    for (i, model) in expected.iter().enumerate() {
        let at =
            |n: String| report[&tmp.path().join(format!("{n}.json")).display().to_string()].clone();
        let (base, got) = (at(format!("seq{i}-base")), at(format!("seq{i}")));
        assert_eq!(got["errors"], Value::Array(vec![]), "seq {i}");
        for (k, v) in model {
            for key in std::iter::once(TOOLS_KEY).chain(TERMINAL_KEYS) {
                let section = &got["value"][key];
                match v {
                    Some(v) => {
                        assert_eq!(section[k], Value::String(v.clone()), "seq {i}: {key}.{k}")
                    }
                    None => assert!(section.get(k).is_none(), "seq {i}: {key}.{k}"),
                }
            }
        }
        assert_eq!(unrelated(&base), unrelated(&got), "seq {i}");
        assert!(comments_kept(&base, &got), "seq {i}");
    }
}

#[path = "project_vscode/broken.rs"]
mod broken;
