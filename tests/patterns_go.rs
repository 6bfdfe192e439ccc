//! Pattern matching equals Go's `module.MatchPrefixPatterns`: the 70 vectors of §9.1, and
//! 10,000+ random vectors checked against the toolchain's own vendored x/mod (§11).

mod common;
#[path = "common/pattern_vectors.rs"]
mod pattern_vectors;

use common::Sandbox;
use gomirror::goenv::pattern::match_prefix_patterns;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const REFERENCE_MAIN: &str = r#"package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/module"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		globs, target, _ := strings.Cut(in.Text(), "\x01")
		if module.MatchPrefixPatterns(globs, target) {
			fmt.Fprintln(out, "1")
		} else {
			fmt.Fprintln(out, "0")
		}
	}
}
"#;

fn build_reference(version: &str, sandbox: &Sandbox) -> PathBuf {
    common::build_go_program(version, sandbox, "reference", REFERENCE_MAIN)
}

fn reference_results(bin: &Path, vectors: &[(String, String)]) -> Vec<bool> {
    let mut child = Command::new(bin)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run reference");
    let mut input = String::new();
    for (globs, target) in vectors {
        input.push_str(&format!("{globs}\x01{target}\n"));
    }
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).expect("write"));
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    let text = String::from_utf8(out.stdout).expect("utf8");
    let results: Vec<bool> = text.lines().map(|l| l == "1").collect();
    assert_eq!(
        results.len(),
        vectors.len(),
        "reference answered {} of {}",
        results.len(),
        vectors.len()
    );
    results
}

#[test]
fn documented_vectors() {
    for (n, pattern, path, expected) in pattern_vectors::VECTORS {
        assert_eq!(
            match_prefix_patterns(pattern, path),
            *expected,
            "vector {n}: {pattern:?} vs {path:?}"
        );
    }
    assert_eq!(pattern_vectors::VECTORS.len(), 70);
}

#[test]
fn documented_vectors_agree_with_go_reference() {
    let sandbox = Sandbox::new();
    let bin = build_reference("1.27", &sandbox);
    let vectors: Vec<(String, String)> = pattern_vectors::VECTORS
        .iter()
        .map(|(_, p, t, _)| (p.to_string(), t.to_string()))
        .collect();
    let go_results = reference_results(&bin, &vectors);
    for ((n, p, t, expected), go_says) in pattern_vectors::VECTORS.iter().zip(go_results) {
        assert_eq!(
            go_says, *expected,
            "the reference disagrees with §9.1 vector {n}: {p:?} {t:?}"
        );
    }
}

fn random_text(rng: &mut StdRng, alphabet: &[&str], max: usize) -> String {
    let n = rng.random_range(0..=max);
    (0..n)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())])
        .collect()
}

fn random_vectors(seed: u64, count: usize) -> Vec<(String, String)> {
    let mut rng = StdRng::seed_from_u64(seed);
    let path_alphabet = [
        "a", "b", "m", "x", ".", "/", "/", "-", "M", "é", "com", "example", "corp", "!",
    ];
    let glob_alphabet = [
        "a", "b", "m", "x", ".", "/", "/", "*", "*", "?", "[", "]", "^", "!", "-", "\\", ",", " ",
        ";", "é", "M", "com", "example", "[a-z]", "[^a]", "**",
    ];
    (0..count)
        .map(|_| {
            let target = random_text(&mut rng, &path_alphabet, 8);
            let globs = if rng.random_bool(0.3) {
                // Often derive the glob from the target so matches are frequent.
                let mut g: String = target
                    .chars()
                    .take(rng.random_range(0..=target.chars().count()))
                    .collect();
                g.push_str(&random_text(&mut rng, &glob_alphabet, 3));
                g
            } else {
                random_text(&mut rng, &glob_alphabet, 10)
            };
            (globs, target)
        })
        .collect()
}

#[test]
fn random_vectors_agree_with_go_reference() {
    let sandbox = Sandbox::new();
    let bin = build_reference("1.27", &sandbox);
    let vectors = random_vectors(2027, 12_000);
    let go_results = reference_results(&bin, &vectors);
    let mut matches = 0;
    for ((globs, target), go_says) in vectors.iter().zip(go_results) {
        assert_eq!(
            match_prefix_patterns(globs, target),
            go_says,
            "{globs:?} vs {target:?}"
        );
        matches += usize::from(go_says);
    }
    // The generator must exercise both outcomes.
    assert!(matches > 500 && matches < 11_500, "{matches} matches");
}

#[test]
fn random_vectors_agree_with_go_1_19_reference() {
    let sandbox = Sandbox::new();
    let bin = build_reference("1.19", &sandbox);
    let vectors = random_vectors(2019, 3_000);
    let go_results = reference_results(&bin, &vectors);
    for ((globs, target), go_says) in vectors.iter().zip(go_results) {
        assert_eq!(
            match_prefix_patterns(globs, target),
            go_says,
            "{globs:?} vs {target:?}"
        );
    }
}
