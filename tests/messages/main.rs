//! Every message a user can see, walked in both languages: no English word and no
//! Debug-formatted value inside the Chinese text (technical tokens such as setting names, URLs,
//! hosts, commands in quotes and the go command's own quoted output excepted); and the
//! messages that were wrong before (route without a go command, GONOPROXY from GOPRIVATE).

mod core;
mod panels;
mod regressions;

#[path = "../common/mod.rs"]
mod common;

use common::{Sandbox, gomirror, gomirror_ok};
use gomirror::apply::history::HistoryError;
use gomirror::apply::safe_write::WriteError;
use gomirror::goenv::validate::{WriteContext, check_write};
use gomirror::i18n::{Lang, Text};
use gomirror::probe::http::{FetchError, Stage};
use gomirror::probe::stats::Verdict;
use gomirror::ui::strings::strings;
use std::path::PathBuf;

/// Lower-case technical words that stay as they are in Chinese text (keywords of Go settings,
/// commands, protocol names).
const TECHNICAL: &[&str] = &[
    "go",
    "env",
    "direct",
    "off",
    "none",
    "auto",
    "local",
    "path",
    "git",
    "netrc",
    "ssh",
    "https",
    "http",
    "file",
    "sumdb",
    "mod",
    "zip",
    "info",
    "list",
    "latest",
    "toolchain",
    "vendor",
    "all",
    "public",
    "private",
    "svn",
    "hg",
    "bzr",
    "fossil",
    "gomirror",
    "unset",
    "set",
    "undo",
    "goroot",
    "json",
    "xxxxx",
    "insteadof",
    "url",
    "cmd",
    "powershell",
    "bash",
    "zsh",
    "fish",
    "sum",
    "golang",
    "org",
    "cn",
    "io",
    "x",
    "net",
    "com",
    "corp",
    "example",
    "h",
    "toolchains",
    "on", // proper nouns
    "windows",
    "macos",
    "linux",
    "vs",
    "code",
    "goland",
    "direnv",
    "athens",
    "artifactory",
    "nexus",
    "gitlab",
    "github",
    "noto",
    "sans",
    "sc",
    "ubuntu", // font and library names (About)
    "hack",
    "bitstream",
    "vera",
    "egui",
    "eframe",
    "markdown",
    "curl",
    "docker",
    "dockerfile",
    "actions",
    "mib",
    "gib",
];

/// The English words left in a Chinese text after removing what is allowed.
fn english_words(zh: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Quoted spans (values, commands, go's own output) are technical by nature.
    let mut text = String::new();
    let mut depth = 0;
    let mut in_ascii_quote: Option<char> = None;
    for c in zh.chars() {
        match (c, in_ascii_quote) {
            ('“' | '「', None) => depth += 1,
            ('”' | '」', None) if depth > 0 => depth -= 1,
            ('\'' | '`', None) if depth == 0 => in_ascii_quote = Some(c),
            (q, Some(open)) if q == open => in_ascii_quote = None,
            _ if depth > 0 || in_ascii_quote.is_some() => {}
            _ => text.push(c),
        }
    }
    for token in text.split(|c: char| !(c.is_ascii_graphic()) || c == '(' || c == ')') {
        let token = token.trim_end_matches(|c: char| ",.;:!?\"".contains(c));
        if token.is_empty() || !token.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        // URLs, hosts, paths, flags, key=value, versions, variables: technical tokens.
        if token
            .chars()
            .any(|c| "/.:=@$%-_+*<>[]{}|\\0123456789".contains(c))
        {
            continue;
        }
        // Acronyms and setting names (DNS, TLS, GOPROXY, HTTP).
        if token
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            continue;
        }
        if TECHNICAL.contains(&token.to_ascii_lowercase().as_str()) {
            continue;
        }
        out.push(token.to_string());
    }
    out
}

fn check(what: &str, text: &Text, bad: &mut Vec<String>) {
    assert!(!text.en.is_empty() && !text.zh.is_empty(), "{what}: empty");
    let words = english_words(&text.zh);
    if !words.is_empty() {
        bad.push(format!("{what}: {words:?} in {:?}", text.zh));
    }
    if text.zh.contains("\\\"") || text.zh.contains("Some(") || text.zh.contains("None") {
        bad.push(format!("{what}: Debug formatting in {:?}", text.zh));
    }
}

/// Fails with every Chinese message that broke the rules.
fn assert_clean(bad: Vec<String>) {
    assert!(
        bad.is_empty(),
        "{} messages:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn the_checker_finds_english_inside_chinese() {
    assert_eq!(
        english_words("在Dns 阶段timed out"),
        ["Dns", "timed", "out"]
    );
    assert!(english_words("GOPROXY 的值 https://goproxy.cn,direct 无效（'go env -w'）").is_empty());
}
