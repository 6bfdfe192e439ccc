//! The env-file rewrite is byte-identical to the real `go env -w` / `go env -u` (Go 1.27 and
//! 1.19), on the documented example and on 500 generated files with random set/unset sequences.

mod common;

use common::{Sandbox, go, run_go};
use gomirror::goenv::envfile::{self, Duplicates};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Keys we write in random operations: known to every tested version, and none of them can
/// make the go command fail to start whatever their value.
const WRITE_KEYS: &[&str] = &[
    "GOPROXY",
    "GOSUMDB",
    "GOPRIVATE",
    "GONOPROXY",
    "GONOSUMDB",
    "GOINSECURE",
    "GOVCS",
    "GOFLAGS",
    "CGO_ENABLED",
];
const VALUES: &[&str] = &[
    "https://goproxy.cn,direct",
    "off",
    "direct",
    "git.corp.com,github.com/org",
    "sum.golang.org",
    "x",
    "a b",
    "-mod=mod",
    "private:all",
    "1",
    "值",
];

fn random_line(rng: &mut StdRng) -> String {
    let key = |rng: &mut StdRng| -> String {
        let pool = [
            "GOPROXY",
            "GOSUMDB",
            "GOPRIVATE",
            "GONOSUMDB",
            "GOINSECURE",
            "ZZZ",
            "AAA",
            "FOO_BAR",
            "GOFLAGS",
        ];
        pool[rng.random_range(0..pool.len())].to_string()
    };
    let value = |rng: &mut StdRng| VALUES[rng.random_range(0..VALUES.len())].to_string();
    let eol = if rng.random_bool(0.2) { "\r\n" } else { "\n" };
    let body = match rng.random_range(0..12) {
        0 => "# a comment".to_string(),
        1 => String::new(),
        2 => format!("  {}={}", key(rng), value(rng)),
        3 => format!("{} = {}", key(rng), value(rng)),
        4 => format!("{}={}", key(rng).to_lowercase(), value(rng)),
        5 => "no equals sign".to_string(),
        6 => format!("#{}={}", key(rng), value(rng)),
        7 => format!("=orphan{}", value(rng)),
        8 => format!("K#EY={}", value(rng)),
        _ => format!("{}={}", key(rng), value(rng)),
    };
    format!("{body}{eol}")
}

fn random_file(rng: &mut StdRng) -> String {
    let n = rng.random_range(0..12);
    let mut text: String = (0..n).map(|_| random_line(rng)).collect();
    if rng.random_bool(0.25) {
        text = text.trim_end_matches(['\n', '\r']).to_string();
    }
    text
}

enum Op {
    Set(BTreeMap<String, String>),
    Unset(BTreeSet<String>),
}

fn random_op(rng: &mut StdRng) -> Op {
    let count = rng.random_range(1..=3);
    let mut keys = BTreeSet::new();
    for _ in 0..count {
        keys.insert(WRITE_KEYS[rng.random_range(0..WRITE_KEYS.len())].to_string());
    }
    if rng.random_bool(0.4) {
        Op::Unset(keys)
    } else {
        Op::Set(
            keys.into_iter()
                .map(|k| (k, VALUES[rng.random_range(0..VALUES.len())].to_string()))
                .collect(),
        )
    }
}

/// Runs one op with the real go command on `file` and with our rewriter; both must agree.
fn check_op(go_bin: &Path, sandbox: &Sandbox, file: &Path, op: &Op, case: &str) {
    let before = std::fs::read(file).expect("read");
    let mut env = sandbox.env();
    env.insert("GOENV".into(), file.display().to_string());
    env.insert("GOTOOLCHAIN".into(), "local".into());
    let (args, ours): (Vec<String>, Vec<u8>) = match op {
        Op::Set(add) => (
            ["env", "-w"]
                .iter()
                .map(|s| s.to_string())
                .chain(add.iter().map(|(k, v)| format!("{k}={v}")))
                .collect(),
            envfile::rewrite(&before, add, &BTreeSet::new(), Duplicates::LastWins),
        ),
        Op::Unset(del) => (
            ["env", "-u"]
                .iter()
                .map(|s| s.to_string())
                .chain(del.iter().cloned())
                .collect(),
            envfile::rewrite(&before, &BTreeMap::new(), del, Duplicates::LastWins),
        ),
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run_go(go_bin, &args, &env, sandbox.path());
    assert_eq!(out.code, 0, "{case}: go {args:?} failed: {}", out.stderr);
    let theirs = std::fs::read(file).expect("read");
    assert_eq!(
        String::from_utf8_lossy(&ours),
        String::from_utf8_lossy(&theirs),
        "{case}: go {args:?} on {:?}",
        String::from_utf8_lossy(&before)
    );
}

fn generated(version: &str, seed: u64, files: usize) {
    let go_bin = go(version);
    let sandbox = Sandbox::new();
    let mut rng = StdRng::seed_from_u64(seed);
    let file = sandbox.path().join("genv");
    let mut ops = 0;
    for i in 0..files {
        std::fs::write(&file, random_file(&mut rng)).expect("write");
        for step in 0..rng.random_range(1..=3) {
            let op = random_op(&mut rng);
            check_op(
                &go_bin,
                &sandbox,
                &file,
                &op,
                &format!("go{version} file {i} step {step}"),
            );
            ops += 1;
        }
    }
    assert!(ops >= files);
}

#[test]
fn generated_files_match_go_1_27() {
    generated("1.27", 127, 500);
}

#[test]
fn generated_files_match_go_1_19() {
    generated("1.19", 119, 500);
}

#[test]
fn documented_example_matches_go() {
    let before = "# my comment\nZZZ=1\nGOSUMDB=off\nGOPROXY=old\n\n# second block\nGOPRIVATE=b.com\nGOPRIVATE=c.com\nGOFLAGS=-mod=mod\n  GOINSECURE=x\nGOPROXY=stale-dup\n";
    for version in ["1.27", "1.24"] {
        let sandbox = Sandbox::new();
        let file = sandbox.path().join("genv");
        std::fs::write(&file, before).expect("write");
        let op = Op::Set(BTreeMap::from([
            ("GOPROXY".to_string(), "new".to_string()),
            ("GOAUTH".to_string(), "off".to_string()),
        ]));
        check_op(
            &go(version),
            &sandbox,
            &file,
            &op,
            &format!("§1.4 example on go{version}"),
        );
    }
    for version in ["1.27", "1.19"] {
        let sandbox = Sandbox::new();
        let file = sandbox.path().join("genv");
        std::fs::write(&file, before).expect("write");
        let op = Op::Unset(BTreeSet::from([
            "GOPRIVATE".to_string(),
            "GOFLAGS".to_string(),
        ]));
        check_op(
            &go(version),
            &sandbox,
            &file,
            &op,
            &format!("§1.4 unset on go{version}"),
        );
    }
}
