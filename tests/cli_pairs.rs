//! One parser for every `KEY=VALUE` argument: each command that takes them refuses a malformed
//! one the same way (a usage error, exit 2, in the go command's words and in Chinese, nothing
//! written), and a password in it is never shown.

#[path = "common/mod.rs"]
mod common;

use common::{Sandbox, gomirror};

#[test]
fn every_key_value_argument_is_refused_the_same_way_and_redacted() {
    let s = Sandbox::new();
    let env = s.env();
    let bad = "https://user:S3cr3t-pw@goproxy.corp.example";
    let commands: [&[&str]; 6] = [
        &["set", bad],
        &["check", bad],
        &["verify", "--set", bad],
        &["snippet", "bash", "--set", bad],
        &["project", "set", bad],
        &["profile", "export", "--set", bad],
    ];
    let before = files(s.dir.path());
    for args in commands {
        let out = gomirror(args, &env, None, s.dir.path());
        assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stderr
                .contains("go: arguments must be KEY=VALUE: invalid argument: https://user:")
                && out.stderr.contains("参数必须是 KEY=VALUE 形式"),
            "{args:?}: {}",
            out.stderr
        );
        for text in [&out.stdout, &out.stderr] {
            assert!(
                !text.contains("S3cr3t-pw"),
                "{args:?}: a password shown: {text}"
            );
        }
    }
    // Nothing was written anywhere.
    assert_eq!(files(s.dir.path()), before);
}

fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
