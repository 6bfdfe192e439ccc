//! GOPRIVATE-style glob lists, matched exactly as `golang.org/x/mod/module.MatchPrefixPatterns`
//! (which uses `path.Match`), plus lints for the mistakes the go command silently forgives (G10).

use crate::i18n::Text;
use crate::tr;

/// Reports whether any pattern in the comma-separated `globs` matches a prefix of `target`
/// (a module path). A port of Go's `module.MatchPrefixPatterns`: no whitespace trimming, one
/// trailing `/` stripped, malformed globs silently never match.
pub fn match_prefix_patterns(globs: &str, target: &str) -> bool {
    globs
        .split(',')
        .any(|glob| glob_matches_prefix(glob, target))
}

/// The first pattern in `globs` that matches `target`, if any.
pub fn first_matching_pattern<'a>(globs: &'a str, target: &str) -> Option<&'a str> {
    globs
        .split(',')
        .find(|glob| glob_matches_prefix(glob, target))
}

fn glob_matches_prefix(glob: &str, target: &str) -> bool {
    let glob = glob.strip_suffix('/').unwrap_or(glob);
    if glob.is_empty() {
        return false;
    }
    let mut slashes = glob.bytes().filter(|&b| b == b'/').count();
    let bytes = target.as_bytes();
    let mut prefix = bytes;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'/' {
            if slashes == 0 {
                prefix = &bytes[..i];
                break;
            }
            slashes -= 1;
        }
    }
    if slashes > 0 {
        return false;
    }
    matches!(path_match(glob.as_bytes(), prefix), Ok(true))
}

/// Go's `path.ErrBadPattern`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadPattern;

/// A byte-exact port of Go's `path.Match`.
pub fn path_match(mut pattern: &[u8], mut name: &[u8]) -> Result<bool, BadPattern> {
    'pattern: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            return Ok(!name.contains(&b'/'));
        }
        let (t, ok, err) = match_chunk(chunk, name);
        if ok && (t.is_empty() || !pattern.is_empty()) {
            name = t;
            continue;
        }
        if let Some(err) = err {
            return Err(err);
        }
        if star {
            let mut i = 0;
            while i < name.len() && name[i] != b'/' {
                let (t, ok, err) = match_chunk(chunk, &name[i + 1..]);
                if ok {
                    if pattern.is_empty() && !t.is_empty() {
                        i += 1;
                        continue;
                    }
                    name = t;
                    continue 'pattern;
                }
                if let Some(err) = err {
                    return Err(err);
                }
                i += 1;
            }
        }
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            if let (_, _, Some(err)) = match_chunk(chunk, b"") {
                return Err(err);
            }
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

fn scan_chunk(mut pattern: &[u8]) -> (bool, &[u8], &[u8]) {
    let mut star = false;
    while let [b'*', rest @ ..] = pattern {
        pattern = rest;
        star = true;
    }
    let mut in_range = false;
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            b'\\' if i + 1 < pattern.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => return (star, &pattern[..i], &pattern[i..]),
            _ => {}
        }
        i += 1;
    }
    (star, pattern, b"")
}

/// Go's `utf8.DecodeRune`: invalid or incomplete input decodes as U+FFFD with width 1.
fn decode_rune(s: &[u8]) -> (u32, usize) {
    if s.is_empty() {
        return (0xFFFD, 0);
    }
    let end = s.len().min(4);
    let valid = match std::str::from_utf8(&s[..end]) {
        Ok(text) => text,
        Err(err) => {
            // `valid_up_to` is a char boundary, so this cannot fail.
            std::str::from_utf8(&s[..err.valid_up_to()]).unwrap_or_default()
        }
    };
    match valid.chars().next() {
        Some(c) => (c as u32, c.len_utf8()),
        None => (0xFFFD, 1),
    }
}

type ChunkResult<'a> = (&'a [u8], bool, Option<BadPattern>);

fn match_chunk<'a>(mut chunk: &[u8], mut s: &'a [u8]) -> ChunkResult<'a> {
    let mut failed = false;
    while !chunk.is_empty() {
        failed = failed || s.is_empty();
        match chunk[0] {
            b'[' => {
                let mut r = 0u32;
                if !failed {
                    let (rune, n) = decode_rune(s);
                    r = rune;
                    s = &s[n..];
                }
                chunk = &chunk[1..];
                let mut negated = false;
                if chunk.first() == Some(&b'^') {
                    negated = true;
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut ranges = 0;
                loop {
                    if chunk.first() == Some(&b']') && ranges > 0 {
                        chunk = &chunk[1..];
                        break;
                    }
                    let (lo, rest) = match get_esc(chunk) {
                        Ok(v) => v,
                        Err(e) => return (b"", false, Some(e)),
                    };
                    chunk = rest;
                    let mut hi = lo;
                    if chunk[0] == b'-' {
                        match get_esc(&chunk[1..]) {
                            Ok((h, rest)) => {
                                hi = h;
                                chunk = rest;
                            }
                            Err(e) => return (b"", false, Some(e)),
                        }
                    }
                    matched = matched || (lo <= r && r <= hi);
                    ranges += 1;
                }
                failed = failed || matched == negated;
            }
            b'?' => {
                if !failed {
                    failed = s[0] == b'/';
                    let (_, n) = decode_rune(s);
                    s = &s[n..];
                }
                chunk = &chunk[1..];
            }
            c => {
                let mut c = c;
                if c == b'\\' {
                    chunk = &chunk[1..];
                    if chunk.is_empty() {
                        return (b"", false, Some(BadPattern));
                    }
                    c = chunk[0];
                }
                if !failed {
                    failed = c != s[0];
                    s = &s[1..];
                }
                chunk = &chunk[1..];
            }
        }
    }
    if failed {
        return (b"", false, None);
    }
    (s, true, None)
}

fn get_esc(mut chunk: &[u8]) -> Result<(u32, &[u8]), BadPattern> {
    if chunk.is_empty() || chunk[0] == b'-' || chunk[0] == b']' {
        return Err(BadPattern);
    }
    if chunk[0] == b'\\' {
        chunk = &chunk[1..];
        if chunk.is_empty() {
            return Err(BadPattern);
        }
    }
    let (r, n) = decode_rune(chunk);
    let rest = &chunk[n..];
    if (r == 0xFFFD && n == 1) || rest.is_empty() {
        return Err(BadPattern);
    }
    Ok((r, rest))
}

mod lint;
pub use lint::{PatternLint, lint_patterns, lint_patterns_for, normalize_patterns};

#[cfg(test)]
mod tests;
