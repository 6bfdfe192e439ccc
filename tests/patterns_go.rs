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

/// Feeds `globs\x01target` lines to a reference program and returns its answer lines.
fn ask_reference(bin: &Path, vectors: &[(String, String)]) -> Vec<String> {
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
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert_eq!(
        lines.len(),
        vectors.len(),
        "reference answered {} of {}",
        lines.len(),
        vectors.len()
    );
    lines
}

fn reference_results(bin: &Path, vectors: &[(String, String)]) -> Vec<bool> {
    ask_reference(bin, vectors)
        .iter()
        .map(|l| l == "1")
        .collect()
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

const LINT_ORACLE_MAIN: &str = r#"package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/module"
)

// For each "globs\x01path": does the pattern list match, and is the path a valid module path?
func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		globs, target, _ := strings.Cut(in.Text(), "\x01")
		m, v := 0, 0
		if module.MatchPrefixPatterns(globs, target) {
			m = 1
		}
		if module.CheckPath(target) == nil {
			v = 1
		}
		fmt.Fprintf(out, "%d %d\n", m, v)
	}
}
"#;

/// Values copied from blog posts and tutorials, with the variable they were written for.
const BLOG_VALUES: [(&str, &str); 28] = [
    ("GOPRIVATE", "github.com/Azure"),
    ("GOPRIVATE", "github.com/BurntSushi"),
    ("GOPRIVATE", "git.mycompany.com"),
    ("GOPRIVATE", "*.corp.example.com"),
    ("GOPRIVATE", "github.com/my-org/*"),
    ("GOPRIVATE", "github.com/*"),
    ("GOPRIVATE", "*"),
    ("GOPRIVATE", "gitlab.com"),
    ("GOPRIVATE", "gitlab.com/*"),
    ("GOPRIVATE", "gitee.com/*"),
    ("GOPRIVATE", "Git.Corp.Example"),
    ("GOPRIVATE", "https://git.corp.com"),
    ("GOPRIVATE", "git.corp.com;gitlab.corp.com"),
    ("GOPRIVATE", "git.corp.com, gitlab.corp.com"),
    ("GOPRIVATE", "*.com"),
    ("GOPRIVATE", "github.com/my-org"),
    ("GOPRIVATE", "bitbucket.org/team"),
    ("GOPRIVATE", "git.corp.com/[!x]*"),
    ("GONOSUMDB", "*"),
    ("GONOSUMDB", "github.com/*"),
    ("GONOSUMDB", "git.corp.com"),
    ("GONOSUMDB", "gitlab.com"),
    ("GONOPROXY", "github.com"),
    ("GONOPROXY", "git.corp.com,github.com/my-org"),
    ("GOINSECURE", "github.com"),
    ("GOINSECURE", "192.168.1.10"),
    ("GOINSECURE", "*.corp.internal"),
    ("GOINSECURE", "git.corp.com:8080"),
];

#[test]
fn lints_of_blog_post_values_say_what_the_go_command_does() {
    use gomirror::goenv::pattern::lint_patterns_for;
    let sandbox = Sandbox::new();
    let bin = common::build_go_program("1.27", &sandbox, "lintoracle", LINT_ORACLE_MAIN);
    let ask = |vectors: &[(String, String)]| -> Vec<(bool, bool)> {
        reference_results_pairs(&bin, vectors)
    };
    let mut lints_seen = 0;
    let mut checked = 0;
    for (key, value) in BLOG_VALUES {
        let lints = lint_patterns_for(key, value);
        lints_seen += lints.len();
        for entry in value.split(',') {
            let host_upper = entry
                .split('/')
                .next()
                .is_some_and(|h| h.chars().any(|c| c.is_ascii_uppercase()));
            let mine: Vec<_> = lints.iter().filter(|l| l.pattern == entry).collect();
            // An entry written as a module path prefix, and what it is meant to cover.
            let target = format!("{}/x", entry.trim_end_matches("/*").trim_end_matches('*'));
            let lower = {
                let mut t = target.clone();
                let end = t.find('/').unwrap_or(t.len());
                let h = t[..end].to_ascii_lowercase();
                t.replace_range(..end, &h);
                t
            };
            let someone_else: Vec<String> = ["github.com", "gitlab.com", "gitee.com"]
                .iter()
                .map(|h| format!("{h}/someone-else/any-repo"))
                .collect();
            let mut vectors = vec![
                (entry.to_string(), target.clone()),
                (entry.to_string(), lower.clone()),
            ];
            vectors.extend(someone_else.iter().map(|t| (entry.to_string(), t.clone())));
            let go = ask(&vectors);
            checked += vectors.len();
            let wide = mine
                .iter()
                .any(|l| l.message.en.contains("every module on"));
            // "covers a whole public host" is said exactly when the go command matches
            // someone else's module there.
            let go_wide = go[2..].iter().any(|(m, valid)| *m && *valid);
            assert_eq!(wide, go_wide, "{key}={value}: {entry:?} {mine:?} {go:?}");
            if host_upper {
                // Said never to match: the go command matches no valid module path with it.
                assert!(
                    mine.iter().any(|l| l.never_matches),
                    "{key}={value}: {mine:?}"
                );
                assert!(
                    go.iter().all(|(m, valid)| !(*m && *valid)),
                    "{key}={value}: the go command matches {entry:?}: {go:?}"
                );
            }
            if mine.is_empty() && !entry.contains(['*', '?', '[', ' ', ';', ':']) {
                // No lint: the go command matches the modules the entry names, as written.
                assert!(
                    go[0].0 && go[0].1,
                    "{key}={value}: {entry:?} has no lint but the go command does not match {target}: {go:?}"
                );
            }
        }
    }
    println!(
        "lints compared with the go command: {} values, {lints_seen} lints, {checked} questions to x/mod, all agree",
        BLOG_VALUES.len()
    );
}

fn reference_results_pairs(bin: &Path, vectors: &[(String, String)]) -> Vec<(bool, bool)> {
    ask_reference(bin, vectors)
        .iter()
        .map(|l| (l.starts_with('1'), l.ends_with('1')))
        .collect()
}
