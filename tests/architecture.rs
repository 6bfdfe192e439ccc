//! The crate's shape, checked on its own sources (docs/architecture.md): no import cycle
//! between modules (a module may use its ancestors, as a child uses its parent), and none of the
//! arrows that must never be: the core never reaches the window (`app`, `state`, `ui`) or the
//! worker, the CLI never reaches the window, the state never reaches the views or the shell,
//! and the views never reach the shell.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

/// Every module of `src/` and its source (test modules and comments left out).
fn modules() -> BTreeMap<Module, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<Module, String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("src dir")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).expect("under src");
                let mut parts: Module = rel
                    .with_extension("")
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|l| l == "mod") {
                    parts.pop();
                }
                if parts == ["lib"] || parts == ["main"] {
                    parts.clear();
                }
                let text = std::fs::read_to_string(&path).expect("source");
                out.insert(parts, strip(&text));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

/// The source without line comments and without its `#[cfg(test)] mod tests` (which, by the
/// house's habit, ends the file).
fn strip(text: &str) -> String {
    let body = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    body.lines()
        .map(|l| match l.find("//") {
            // A `//` inside a string ("https://...") is not a comment.
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The module paths written after each `prefix` (`crate::` or `super::`), braces expanded one
/// level (`crate::{a::b, c}`).
fn paths_after(src: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = src[at..].find(prefix) {
        let start = at + i;
        at = start + prefix.len();
        if src[..start].chars().next_back().is_some_and(ident_char) {
            continue;
        }
        let rest = &src[at..];
        if let Some(inner) = rest.strip_prefix('{') {
            let end = inner.find('}').unwrap_or(inner.len());
            for item in inner[..end].split(',') {
                out.push(segments(item.trim()));
            }
        } else {
            out.push(segments(rest));
        }
    }
    out
}

fn segments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let n = rest.find(|c: char| !ident_char(c)).unwrap_or(rest.len());
        if n == 0 {
            break;
        }
        out.push(rest[..n].to_string());
        match rest[n..].strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    out
}

/// The module a path names: its longest prefix that is a module.
fn resolve(path: &[String], mods: &BTreeMap<Module, String>) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| mods.contains_key(p))
}

/// Every module's arrows to other modules (not to itself or its ancestors).
fn arrows(mods: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut out: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (m, src) in mods {
        let mut targets = Vec::new();
        for p in paths_after(src, "crate::") {
            targets.extend(resolve(&p, mods));
        }
        // `super::x` from a module is its parent's `x`.
        let parent: Module = m[..m.len().saturating_sub(1)].to_vec();
        for p in paths_after(src, "super::") {
            let full: Module = parent.iter().cloned().chain(p).collect();
            targets.extend(resolve(&full, mods));
        }
        let set = out.entry(m.clone()).or_default();
        for t in targets {
            if &t != m && !m.starts_with(&t) {
                set.insert(t);
            }
        }
    }
    out
}

/// Tarjan's strongly connected components with more than one module: the import cycles.
fn cycles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct T<'g> {
        graph: &'g BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<Module, usize>,
        low: BTreeMap<Module, usize>,
        stack: Vec<Module>,
        on: BTreeSet<Module>,
        next: usize,
        out: Vec<Vec<Module>>,
    }
    fn visit(t: &mut T<'_>, v: &Module) {
        t.index.insert(v.clone(), t.next);
        t.low.insert(v.clone(), t.next);
        t.next += 1;
        t.stack.push(v.clone());
        t.on.insert(v.clone());
        let next: Vec<Module> = t.graph.get(v).into_iter().flatten().cloned().collect();
        for w in next {
            if !t.index.contains_key(&w) {
                visit(t, &w);
                let l = t.low[v].min(t.low[&w]);
                t.low.insert(v.clone(), l);
            } else if t.on.contains(&w) {
                let l = t.low[v].min(t.index[&w]);
                t.low.insert(v.clone(), l);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(&w);
                let done = &w == v;
                comp.push(w);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let mods = modules();
    assert!(mods.len() > 100, "only {} modules found", mods.len());
    let graph = arrows(&mods);
    let found: Vec<String> = cycles(&graph)
        .iter()
        .map(|c| c.iter().map(name).collect::<Vec<_>>().join(" <-> "))
        .collect();
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

#[test]
fn no_arrow_that_must_never_be() {
    let mods = modules();
    let graph = arrows(&mods);
    let top = |m: &Module| m.first().cloned().unwrap_or_default();
    let window = ["app", "state", "ui"];
    let mut bad = Vec::new();
    for (from, targets) in &graph {
        let f = top(from);
        for to in targets {
            let t = top(to);
            let never = match f.as_str() {
                // The crate root wires everything; the worker runs the core's jobs for the window.
                "" => false,
                "app" => false,
                "state" => t == "ui" || t == "app",
                "ui" => t == "app",
                "worker" => window.contains(&t.as_str()),
                // The core and the CLI: never the window, never the worker.
                _ => window.contains(&t.as_str()) || t == "worker",
            };
            if never {
                bad.push(format!("{} -> {}", name(from), name(to)));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "arrows that must never be:\n{}",
        bad.join("\n")
    );
}

/// The checker itself: a cycle through a brace import is found, a comment is no arrow.
#[test]
fn the_checker_sees_a_cycle_and_a_brace_import() {
    let mut mods = BTreeMap::new();
    mods.insert(vec!["a".to_string()], "use crate::b::X;".to_string());
    mods.insert(
        vec!["b".to_string()],
        "use crate::{c::Y, a::Z};".to_string(),
    );
    mods.insert(vec!["c".to_string()], strip("// crate::a is a comment"));
    let graph = arrows(&mods);
    assert_eq!(cycles(&graph).len(), 1, "{graph:?}");
    assert!(graph[&vec!["b".to_string()]].contains(&vec!["c".to_string()]));
    assert!(graph[&vec!["c".to_string()]].is_empty(), "{graph:?}");
}

/// Views only draw and send commands: none takes `&mut AppState` (they edit `UiState`).
#[test]
fn no_view_takes_the_state_mutably() {
    let mods = modules();
    let writers: Vec<String> = mods
        .iter()
        .filter(|(m, src)| m.first().is_some_and(|t| t == "ui") && src.contains("&mut AppState"))
        .map(|(m, _)| name(m))
        .collect();
    assert!(
        writers.is_empty(),
        "views that write the state: {writers:?}"
    );
}

/// Every interface string lives in `ui/strings/` (one struct per language): no view writes a
/// sentence of its own with `tr!`.
#[test]
fn no_view_has_strings_of_its_own() {
    let mods = modules();
    let inline: Vec<String> = mods
        .iter()
        .filter(|(m, src)| {
            m.first().is_some_and(|t| t == "ui")
                && m.get(1).is_none_or(|t| t != "strings")
                && src.contains("tr!(")
        })
        .map(|(m, _)| name(m))
        .collect();
    assert!(
        inline.is_empty(),
        "views with their own strings: {inline:?}"
    );
}

/// Every public item says in one line what it is (at least 90 % of them: the house's floor).
#[test]
fn public_items_have_a_doc_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut todo = vec![root];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("src").flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let kinds = [
        "pub fn ",
        "pub struct ",
        "pub enum ",
        "pub const ",
        "pub type ",
        "pub trait ",
        "pub static ",
        "pub async fn ",
    ];
    let (mut items, mut documented) = (0, 0);
    let mut missing = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("source");
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("#[cfg(test)]") {
                break;
            }
            let t = line.trim_start();
            if !kinds.iter().any(|k| t.starts_with(k)) {
                continue;
            }
            items += 1;
            let doc = lines[..i]
                .iter()
                .rev()
                .map(|l| l.trim_start())
                .find(|l| !l.starts_with("#["))
                .is_some_and(|l| l.starts_with("///"));
            if doc {
                documented += 1;
            } else {
                missing.push(format!("{}:{}", f.display(), i + 1));
            }
        }
    }
    assert!(items > 500, "only {items} public items found");
    assert!(
        documented * 10 >= items * 9,
        "{documented} of {items} public items documented; without a doc line:\n{}",
        missing.join("\n")
    );
}

/// Every `.rs` file under `dir`, with its line count.
fn line_counts(dir: &Path, out: &mut Vec<(String, usize)>) {
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            line_counts(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source");
            out.push((path.display().to_string(), text.lines().count()));
        }
    }
}

/// A file that grows is split by meaning before it passes 400 lines (docs/architecture.md).
#[test]
fn no_source_or_test_file_passes_400_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut counts = Vec::new();
    for dir in ["src", "tests", "benches"] {
        if root.join(dir).is_dir() {
            line_counts(&root.join(dir), &mut counts);
        }
    }
    assert!(counts.len() > 100, "the walk found the sources: {counts:?}");
    let long: Vec<_> = counts.iter().filter(|(_, n)| *n > 400).collect();
    assert!(long.is_empty(), "split these by meaning: {long:?}");
}
