//! direnv's `.envrc`: gomirror keeps its values in one managed block between marker comments,
//! at the end of the file so that it wins over earlier lines; every other line is untouched.
//! Values are single-quoted for sh, so that quotes, `$` and backslashes stay literal.

use std::collections::BTreeMap;

/// The first line of gomirror's block in `.envrc`.
pub const BEGIN: &str =
    "# >>> gomirror: Go module settings for this project (edit them with gomirror) >>>";
/// The last line of gomirror's block in `.envrc`.
pub const END: &str = "# <<< gomirror <<<";

/// Quotes a value for sh (and bash, zsh, dash): single quotes, each `'` written as `'\''`.
pub fn sh_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// Undoes [`sh_quote`] and the simple forms people write by hand (`"..."` without `$` or
/// backquotes, bare words); None for anything a shell would expand.
pub fn sh_unquote(word: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = word;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('\'') {
            let end = r.find('\'')?;
            out.push_str(&r[..end]);
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix("\\'") {
            out.push('\'');
            rest = r;
        } else if let Some(r) = rest.strip_prefix('"') {
            let end = r.find('"')?;
            let inner = &r[..end];
            if inner.contains(['$', '`', '\\']) {
                return None;
            }
            out.push_str(inner);
            rest = &r[end + 1..];
        } else {
            let end = rest.find(['\'', '"']).unwrap_or(rest.len());
            let bare = &rest[..end];
            if bare.contains(['$', '`', '\\', ' ', '\t', ';', '&', '|', '(', ')', '<', '>']) {
                return None;
            }
            out.push_str(bare);
            rest = &rest[end..];
        }
    }
    Some(out)
}

/// One `export KEY=VALUE` (or `KEY=VALUE`) line that sets a Go setting (or the network
/// variables the go command reads: HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub key: String,
    /// None when the shell would compute it (a `$`, a command): shown as set, value unknown.
    pub value: Option<String>,
    /// Inside gomirror's block.
    pub managed: bool,
    /// 0-based line number.
    pub line: usize,
}

/// A variable gomirror reports for a project's terminal: the Go settings and the network
/// variables the go command reads.
pub fn is_reported(key: &str) -> bool {
    key.starts_with("GO") || crate::goenv::keys::NETWORK_KEYS.contains(&key)
}

fn parse_line(line: &str) -> Option<(String, Option<String>)> {
    let t = line.trim();
    let t = t.strip_prefix("export ").map(str::trim_start).unwrap_or(t);
    let (key, value) = t.split_once('=')?;
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let value = value.trim_end();
    let value = value.split(" #").next().unwrap_or(value);
    Some((key.to_string(), sh_unquote(value)))
}

/// The assignments of Go settings in the file, in order.
pub fn assignments(text: &str) -> Vec<Assignment> {
    let mut out = Vec::new();
    let mut managed = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t == BEGIN {
            managed = true;
            continue;
        }
        if t == END {
            managed = false;
            continue;
        }
        if t.starts_with('#') {
            continue;
        }
        if let Some((key, value)) = parse_line(line)
            && is_reported(&key)
        {
            out.push(Assignment {
                key,
                value,
                managed,
                line: i,
            });
        }
    }
    out
}

/// The values the file gives: the last assignment of each key wins.
pub fn values(text: &str) -> BTreeMap<String, Option<String>> {
    assignments(text)
        .into_iter()
        .map(|a| (a.key, a.value))
        .collect()
}

/// The managed block's values.
pub fn managed_values(text: &str) -> BTreeMap<String, String> {
    assignments(text)
        .into_iter()
        .filter(|a| a.managed)
        .filter_map(|a| Some((a.key, a.value?)))
        .collect()
}

/// Keys set again after the managed block (by the user's own lines), which win over it.
pub fn shadowing_lines(text: &str) -> Vec<String> {
    let all = assignments(text);
    let last_managed = all.iter().filter(|a| a.managed).map(|a| a.line).max();
    let Some(end) = last_managed else {
        return Vec::new();
    };
    let managed: Vec<&str> = all
        .iter()
        .filter(|a| a.managed)
        .map(|a| a.key.as_str())
        .collect();
    all.iter()
        .filter(|a| !a.managed && a.line > end && managed.contains(&a.key.as_str()))
        .map(|a| a.key.clone())
        .collect()
}

/// The file with the managed block holding `values` (sorted by key); without the block when
/// `values` is empty. Line endings follow the file's (CRLF kept).
pub fn with_values(text: &str, values: &BTreeMap<String, String>) -> String {
    let crlf = text.contains("\r\n");
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut block = String::new();
    if !values.is_empty() {
        block.push_str(BEGIN);
        block.push_str(nl);
        for (k, v) in values {
            block.push_str(&format!("export {k}={}{nl}", sh_quote(v)));
        }
        block.push_str(END);
        block.push_str(nl);
    }
    // Split keeping line ends, find the block.
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let begin = lines.iter().position(|l| l.trim() == BEGIN);
    let end = begin.and_then(|b| {
        lines[b..]
            .iter()
            .position(|l| l.trim() == END)
            .map(|e| b + e)
    });
    match (begin, end) {
        (Some(b), Some(e)) => {
            let mut out: String = lines[..b].concat();
            out.push_str(&block);
            out.push_str(&lines[e + 1..].concat());
            out
        }
        _ => {
            let mut out = text.to_string();
            if !out.is_empty() && !out.ends_with('\n') && !block.is_empty() {
                out.push_str(nl);
            }
            out.push_str(&block);
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_round_trips() {
        for v in [
            "plain", "a b", "it's", "$HOME", "a\\b", "\"q\"", "'", "", "`x`",
        ] {
            assert_eq!(sh_unquote(&sh_quote(v)).as_deref(), Some(v), "{v}");
        }
        assert_eq!(sh_unquote("\"$HOME/x\""), None);
        assert_eq!(sh_unquote("$(cmd)"), None);
        assert_eq!(
            sh_unquote("goproxy.cn,direct").as_deref(),
            Some("goproxy.cn,direct")
        );
    }

    #[test]
    fn block_edit_keeps_other_lines() {
        let orig = "use flake\nexport GOPROXY=https://a.example\n";
        let mut v = BTreeMap::new();
        v.insert("GOSUMDB".to_string(), "off".to_string());
        v.insert("GOPRIVATE".to_string(), "git.corp.com".to_string());
        let set = with_values(orig, &v);
        assert!(set.starts_with(orig));
        assert_eq!(
            managed_values(&set),
            v,
            "values read back from the block: {set}"
        );
        assert_eq!(
            values(&set)["GOPROXY"].as_deref(),
            Some("https://a.example")
        );
        assert_eq!(with_values(&set, &BTreeMap::new()), orig);
        let crlf = "a\r\nb\r\n";
        let s = with_values(crlf, &v);
        assert!(!s.replace("\r\n", "").contains('\n'));
        assert_eq!(with_values(&s, &BTreeMap::new()), crlf);
    }

    #[test]
    fn shadowing() {
        let mut v = BTreeMap::new();
        v.insert("GOPROXY".to_string(), "off".to_string());
        let s = format!("{}export GOPROXY=direct\n", with_values("", &v));
        assert_eq!(shadowing_lines(&s), ["GOPROXY"]);
    }
}
