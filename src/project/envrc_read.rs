//! What a `.envrc` exports, worked out without running it (direnv missing, or the file not
//! allowed): its top-level `export`s in order, and the files direnv's standard library pulls
//! in (`dotenv`, `dotenv_if_exists`, `source_env`, `source_env_if_exists`, `source_up`,
//! `source_up_if_exists`). What only the shell knows is marked unknown (None) instead of being
//! left out: an assignment inside `if`/`case`/a loop or a called function, a value the shell
//! computes, `layout go` (GOPATH). Exports inside a function that is never called count for
//! nothing. When direnv is installed and the file allowed, `direnv export json` is the truth
//! (see `direnv.rs`); this reading is only the fallback.

use super::envrc;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How deep `source_env` and `source_up` are followed (direnv has no limit; a loop has).
const MAX_DEPTH: usize = 8;

/// The values the `.envrc` at `path` gives, in direnv's order (the last one wins).
pub fn read(path: &Path) -> BTreeMap<String, Option<String>> {
    let mut out = BTreeMap::new();
    let mut seen = Vec::new();
    source_file(path, 0, &mut seen, &mut out);
    out
}

fn source_file(
    path: &Path,
    depth: usize,
    seen: &mut Vec<PathBuf>,
    out: &mut BTreeMap<String, Option<String>>,
) {
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if depth > MAX_DEPTH || seen.contains(&canonical) {
        return;
    }
    seen.push(canonical);
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    evaluate(&text, &dir, depth, seen, out);
}

/// A shell word list of a simple command line (quotes removed; None for a word the shell
/// would expand).
fn words(line: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_single = false;
    let mut in_double = false;
    for c in line.chars() {
        match c {
            '\'' if !in_double => {
                in_single = !in_single;
                current.push(c);
            }
            '"' if !in_single => {
                in_double = !in_double;
                current.push(c);
            }
            ' ' | '\t' if !in_single && !in_double => {
                if !current.is_empty() {
                    out.push(envrc::sh_unquote(&current));
                    current.clear();
                }
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(envrc::sh_unquote(&current));
    }
    out
}

/// Functions defined in the text (`name() {` or `function name {`) and the lines of each.
fn functions(lines: &[&str]) -> BTreeMap<String, (usize, usize)> {
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        let name = t
            .strip_prefix("function ")
            .map(|r| r.split(['(', ' ', '{']).next().unwrap_or(""))
            .or_else(|| t.split_once("()").map(|(n, _)| n.trim()))
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if let Some(name) = name {
            let start = i;
            let mut depth = t.matches('{').count() as i64 - t.matches('}').count() as i64;
            while depth > 0 && i + 1 < lines.len() {
                i += 1;
                let l = lines[i];
                depth += l.matches('{').count() as i64 - l.matches('}').count() as i64;
            }
            out.insert(name.to_string(), (start, i));
        }
        i += 1;
    }
    out
}

fn opens_block(t: &str) -> bool {
    let first = t.split_whitespace().next().unwrap_or("");
    matches!(first, "if" | "case" | "for" | "while" | "until" | "select")
}

fn closes_block(t: &str) -> bool {
    let first = t
        .split(|c: char| c.is_whitespace() || c == ';')
        .next()
        .unwrap_or("");
    matches!(first, "fi" | "esac" | "done")
}

fn evaluate(
    text: &str,
    dir: &Path,
    depth: usize,
    seen: &mut Vec<PathBuf>,
    out: &mut BTreeMap<String, Option<String>>,
) {
    let lines: Vec<&str> = text.lines().collect();
    let funcs = functions(&lines);
    let in_function = |i: usize| funcs.values().any(|(s, e)| (*s..=*e).contains(&i));
    let mut block_depth = 0usize;
    for (i, raw) in lines.iter().enumerate() {
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') || in_function(i) {
            continue;
        }
        // A one-line conditional (`[ -f x ] && export A=1`) is conditional too.
        let conditional = block_depth > 0 || t.contains("&&") || t.contains("||");
        if opens_block(t) {
            block_depth += 1;
        }
        let closing = closes_block(t) || (opens_block(t) && t.contains("; fi"));
        let command = t
            .rsplit(['&', '|', ';'])
            .next()
            .map(str::trim)
            .unwrap_or(t)
            .trim_start_matches("then ")
            .trim_start_matches("do ");
        let w = words(command);
        let head = w.first().cloned().flatten().unwrap_or_default();
        match head.as_str() {
            _ if head == "export" || head.contains('=') => {
                for a in envrc::assignments(command) {
                    if envrc::is_reported(&a.key) {
                        let value = if conditional { None } else { a.value };
                        out.insert(a.key, value);
                    }
                }
            }
            "unset" => {
                for name in w.iter().skip(1).flatten() {
                    if envrc::is_reported(name) {
                        // Unset: back to the environment's value; maybe unset: unknown.
                        if conditional {
                            out.insert(name.clone(), None);
                        } else {
                            out.remove(name);
                        }
                    }
                }
            }
            "dotenv" | "dotenv_if_exists" => {
                let arg = w.get(1).cloned().flatten();
                let path = match arg {
                    None => Some(dir.join(".env")),
                    Some(p) => {
                        let p = dir.join(p);
                        Some(if p.is_dir() { p.join(".env") } else { p })
                    }
                };
                let unknown_path = w.get(1).is_some_and(Option::is_none);
                if let Some(path) = path.filter(|_| !unknown_path) {
                    for (k, v) in dotenv(&path) {
                        out.insert(k, if conditional { None } else { v });
                    }
                }
            }
            "source_env" | "source_env_if_exists" => {
                if let Some(Some(p)) = w.get(1) {
                    let p = dir.join(p);
                    let p = if p.is_dir() { p.join(".envrc") } else { p };
                    source_file(&p, depth + 1, seen, out);
                }
            }
            "source_up" | "source_up_if_exists" => {
                let name = w
                    .get(1)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| ".envrc".into());
                if let Some(found) = find_up(dir.parent(), &name) {
                    source_file(&found, depth + 1, seen, out);
                }
            }
            "layout" if w.get(1).cloned().flatten().as_deref() == Some("go") => {
                // path_add GOPATH "$(direnv_layout_dir)/go": the shell computes it.
                out.insert("GOPATH".into(), None);
            }
            name if funcs.contains_key(name) => {
                // A called function: what it sets depends on the shell.
                let (s, e) = funcs[name];
                for l in &lines[s..=e] {
                    for a in envrc::assignments(l.trim()) {
                        if envrc::is_reported(&a.key) {
                            out.insert(a.key, None);
                        }
                    }
                }
            }
            _ => {}
        }
        if closing {
            block_depth = block_depth.saturating_sub(1);
        }
    }
}

/// direnv's `find_up`: the nearest folder from `start` upwards that has `name`.
fn find_up(start: Option<&Path>, name: &str) -> Option<PathBuf> {
    let mut dir = start;
    while let Some(d) = dir {
        let candidate = d.join(name);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// A `.env` file as `direnv dotenv` reads it: `KEY=VALUE` lines (an `export ` prefix allowed),
/// quotes removed; a value with `$` expansion is unknown.
fn dotenv(path: &Path) -> Vec<(String, Option<String>)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let t = t.strip_prefix("export ").map_or(t, str::trim_start);
        let Some((key, value)) = t.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if !envrc::is_reported(key) {
            continue;
        }
        let value = value.trim();
        let value = if let Some(v) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
            Some(v.to_string())
        } else if let Some(v) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            (!v.contains('$')).then(|| v.replace("\\n", "\n").replace("\\\"", "\""))
        } else {
            let v = value.split(" #").next().unwrap_or(value).trim();
            (!v.contains('$')).then(|| v.to_string())
        };
        out.push((key.to_string(), value));
    }
    out
}
