//! The properties the fuzz targets check, as plain functions over bytes, so that the same code
//! runs under cargo-fuzz (`fuzz/`, `scripts/fuzz.sh`) and in the test suite, which replays every
//! input kept in `fuzz/corpus/<target>/` (`tests/fuzz_corpus.rs`). Each panics when a property
//! fails, like a fuzz target.

use crate::goenv::envfile::{self, Duplicates};
use crate::goenv::{goproxy, gosumdb, gourl, pattern, validate};

/// A property over one fuzz input.
pub type Property = fn(&[u8]);

/// The fuzz targets by name.
pub const TARGETS: &[(&str, Property)] = &[
    ("envfile", envfile),
    ("goproxy", goproxy),
    ("pattern", pattern),
    ("redact", redact),
    ("content", content),
    ("sumdb", sumdb),
    ("validate", validate),
    ("explain", explain),
    ("jsonc", jsonc),
];

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Two strings from one input: split at the first NUL byte.
fn two(data: &[u8]) -> (String, String) {
    match data.iter().position(|b| *b == 0) {
        Some(i) => (text(&data[..i]), text(&data[i + 1..])),
        None => (text(data), String::new()),
    }
}

/// The env-file reader and rewriter never panic; the rewrite settles (like `go env -w`, whose
/// first rewrite may drop duplicates and the next sort the run of keys it left, §1.4) and keeps
/// the value it sets readable; an unset removes it.
pub fn envfile(data: &[u8]) {
    let _ = envfile::read_values(data, Duplicates::LastWins);
    let _ = envfile::read_values(data, Duplicates::FirstWins);
    let first = envfile::set(data, "GOPROXY", "https://goproxy.cn,direct");
    let once = envfile::set(&first, "GOPROXY", "https://goproxy.cn,direct");
    assert_eq!(
        envfile::set(&once, "GOPROXY", "https://goproxy.cn,direct"),
        once
    );
    let values = envfile::read_values(&once, Duplicates::LastWins);
    assert_eq!(
        values.get("GOPROXY").map(String::as_str),
        Some("https://goproxy.cn,direct")
    );
    let removed = envfile::unset(&once, "GOPROXY");
    assert!(!envfile::read_values(&removed, Duplicates::LastWins).contains_key("GOPROXY"));
}

/// The GOPROXY and GOSUMDB parsers and URL checks never panic; an accepted list has entries.
pub fn goproxy(data: &[u8]) {
    let t = text(data);
    if let Ok(list) = goproxy::parse(&t) {
        assert!(!list.entries.is_empty());
    }
    let _ = gosumdb::parse(&t);
    let _ = gourl::parse(&t);
    let _ = validate::check_value("GOPROXY", &t);
    let _ = validate::check_value("GOSUMDB", &t);
}

/// The pattern matcher and lints never panic; a list matches like the union of its entries.
pub fn pattern(data: &[u8]) {
    let (globs, target) = two(data);
    let all = pattern::match_prefix_patterns(&globs, &target);
    let any = globs
        .split(',')
        .any(|g| pattern::match_prefix_patterns(g, &target));
    assert_eq!(all, any);
    let _ = pattern::lint_patterns(&globs);
    let _ = pattern::normalize_patterns(&globs);
}

/// Redaction never panics on any text, and a password in a URL placed in any text never
/// survives it.
pub fn redact(data: &[u8]) {
    const MARK: &str = "Zq9pw7Secret";
    let t = text(data);
    let _ = gourl::redact_text(&t);
    let _ = gourl::redact(&t);
    if t.contains(MARK) {
        return;
    }
    for scheme in ["https", "http"] {
        let s = format!("{t} {scheme}://user:{MARK}@h.example/x {t}");
        let out = gourl::redact_text(&s);
        assert!(!out.contains(MARK), "{out:?}");
    }
}

/// The content checks of mirror answers never panic on any body.
pub fn content(data: &[u8]) {
    use crate::probe::content::*;
    let _ = is_html(Some("text/plain"), data);
    let _ = check_info(data, Some("v1.5.2"));
    let _ = check_list(data, false);
    let _ = check_list(data, true);
    let _ = check_mod(data, "rsc.io/quote");
    let _ = check_zip(data, "rsc.io/quote", "v1.5.2");
    let _ = hash_mod(data);
    let t = text(data);
    let _ = is_version(&t);
}

/// A checksum-database answer never panics the parser, and is never accepted unsigned.
pub fn sumdb(data: &[u8]) {
    let key = gosumdb::SUM_GOLANG_ORG_KEY;
    let r = crate::probe::sumdb::parse_lookup(data, key, "rsc.io/quote", "v1.5.2");
    // Nobody but sum.golang.org can sign for its key.
    assert!(
        r.is_err(),
        "an answer was accepted without the real signature"
    );
    let t = text(data);
    assert!(crate::probe::sumdb::verify_note(&t, key).is_err());
}

/// Every validator never panics on any value of any key, and a suggested fix has no errors of
/// its own.
pub fn validate(data: &[u8]) {
    let (key_text, value) = two(data);
    // The download settings, and two that `go env -w` itself checks.
    let keys: Vec<&str> = crate::goenv::keys::DOWNLOAD_KEYS
        .iter()
        .copied()
        .chain(["GOPATH", "GO111MODULE"])
        .collect();
    let key = keys[key_text.len() % keys.len()];
    let problems = validate::check_write(key, &value, validate::WriteContext::default());
    for p in &problems {
        if let Some(s) = &p.suggestion
            && !s.starts_with("unset ")
            && p.is_error()
        {
            let again = validate::check_write(key, s, validate::WriteContext::default());
            assert!(
                !validate::has_errors(&again),
                "{key}={value:?}: the fix {s:?} has errors: {again:?}"
            );
        }
    }
}

/// The explainer never panics, gives one finding per non-empty line, never shows a password it
/// was pasted, and does not recognise a problem in text that names none of go's failures.
pub fn explain(data: &[u8]) {
    use crate::verify::explain::{self, Class};
    const MARK: &str = "Zq9pw7Secret";
    let t = text(data);
    let findings = explain::explain(&t, &explain::Evidence::default());
    assert_eq!(
        findings.len(),
        t.lines().filter(|l| !l.trim().is_empty()).count()
    );
    if !t.contains(MARK) {
        let pasted = format!("{t}\nGet https://ci:{MARK}@proxy.example/x: 401 Unauthorized");
        assert!(
            explain::explain(&pasted, &explain::Evidence::default())
                .iter()
                .all(|f| !f.line.contains(MARK))
        );
    }
    let plain: String = t
        .chars()
        .filter(|c| c.is_ascii_lowercase() || *c == ' ')
        .collect();
    if plain.split(' ').all(|w| w.len() < 4) {
        assert_eq!(explain::classify(&plain), Class::Unknown, "{plain:?}");
    }
}

/// VS Code settings: the fast reader and the syntax-tree editor agree on what a file holds, and
/// an edit never turns a file the reader accepts into one it refuses.
pub fn jsonc(data: &[u8]) {
    use crate::project::vscode;
    let t = text(data);
    let Ok(before) = vscode::read(&t) else {
        return;
    };
    let set = std::collections::BTreeMap::from([("GOSUMDB".to_string(), "off".to_string())]);
    let Ok(after) = vscode::edit(&t, &set, &[]) else {
        return;
    };
    let read = vscode::read(&after).unwrap_or_else(|e| panic!("{e}: {after:?}"));
    assert_eq!(read.tools.get("GOSUMDB").map(String::as_str), Some("off"));
    for (k, v) in &before.tools {
        if k != "GOSUMDB" {
            assert_eq!(read.tools.get(k), Some(v), "{k}");
        }
    }
}
