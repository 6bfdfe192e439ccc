//! Lints for GOPRIVATE-style lists: the mistakes the go command silently forgives (G10), each
//! with a fix where one is obvious.

use super::*;

/// A suspicious pattern in a GOPRIVATE-style list: the go command accepts it silently, but it
/// almost certainly does not do what the user meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternLint {
    /// The offending entry, verbatim.
    pub pattern: String,
    pub message: Text,
    /// The list with this mistake fixed, where a fix is obvious.
    pub suggestion: Option<String>,
    /// The pattern can never match anything (whitespace, `;`, a scheme, a malformed glob);
    /// `[!` and upper case are only suspicious.
    pub never_matches: bool,
}

/// Lints a GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE value (G10).
pub fn lint_patterns(value: &str) -> Vec<PatternLint> {
    let mut lints = Vec::new();
    if value.contains(';') {
        let fixed = value.replace(';', ",");
        lints.push(PatternLint {
            pattern: value.to_string(),
            message: tr!(
                "';' is not a separator: the go command splits patterns only at ','. The whole text is one pattern that never matches.",
                "';' 不是分隔符：go 命令只按 ',' 拆分模式，整段文字会被当成一个永远不匹配的模式。"
            ),
            suggestion: Some(normalize_patterns(&fixed)),
            never_matches: true,
        });
    }
    for entry in value.split(',') {
        lint_entry(entry, value, &mut lints);
    }
    lints
}

fn lint_entry(entry: &str, whole: &str, lints: &mut Vec<PatternLint>) {
    let pattern = entry.to_string();
    let mut push = |message: Text, never_matches: bool| {
        lints.push(PatternLint {
            pattern: pattern.clone(),
            message,
            suggestion: Some(normalize_patterns(whole)),
            never_matches,
        })
    };
    if entry.contains(char::is_whitespace) {
        push(
            tr!(
                "pattern {entry:?} contains whitespace; the go command does not trim, so it never matches",
                "模式 “{entry}” 含有空白字符；go 命令不会去掉空白，它永远不会匹配"
            ),
            true,
        );
    }
    if entry.contains("://") {
        push(
            tr!(
                "pattern {entry:?} contains a URL scheme; patterns are module path prefixes such as git.example.com/team, without https://",
                "模式 “{entry}” 含有 URL 协议头；模式是模块路径前缀（例如 git.example.com/team），不能带 https://"
            ),
            true,
        );
    }
    if has_unclosed_bracket(entry) {
        push(
            tr!(
                "pattern {entry:?} has a '[' without a closing ']'; such a malformed glob silently never matches",
                "模式 “{entry}” 中的 '[' 没有对应的 ']'；这种错误的通配符不会报错，但永远不会匹配"
            ),
            true,
        );
    } else if entry.contains("[!") {
        push(
            tr!(
                "pattern {entry:?} uses '[!...]': in Go globs negation is '[^...]', '[!' is a literal '!'",
                "模式 “{entry}” 使用了 '[!...]'：Go 通配符的取反写法是 '[^...]'，'[!' 表示字面的 '!'"
            ),
            false,
        );
    } else if !entry.is_empty()
        && path_match(entry.trim_end_matches('/').as_bytes(), b"").is_err()
        && path_match(entry.trim_end_matches('/').as_bytes(), b"x").is_err()
    {
        push(
            tr!(
                "pattern {entry:?} is a malformed glob; the go command silently treats it as never matching",
                "模式 “{entry}” 是错误的通配符；go 命令会静默地把它当作永不匹配"
            ),
            true,
        );
    }
    // Matching is case-sensitive, and a module path's first element (its host) is always lower
    // case (module.CheckPath): upper case there never matches. Upper case further on is
    // legitimate (github.com/Azure, github.com/BurntSushi) and matches exactly as written.
    let without_scheme = entry.split_once("://").map_or(entry, |(_, rest)| rest);
    let host = without_scheme.split('/').next().unwrap_or("");
    if host.chars().any(|c| c.is_ascii_uppercase()) && !host.contains('[') {
        push(
            tr!(
                "pattern {entry:?} has upper case in its host {host:?}: a module path's host is always lower case and the go command matches case-sensitively, so it never matches",
                "模式 “{entry}” 的主机名 “{host}” 含有大写字母：模块路径的主机名总是小写，而 go 命令区分大小写匹配，因此它永远不会匹配"
            ),
            true,
        );
    }
}

/// Public code hosts where a pattern covering the whole host switches something off for
/// everyone's modules there.
const PUBLIC_CODE_HOSTS: [&str; 10] = [
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "gitee.com",
    "golang.org",
    "google.golang.org",
    "gopkg.in",
    "go.googlesource.com",
    "k8s.io",
    "cloud.google.com",
];

/// [`lint_patterns`] for a given variable, plus what only that variable makes dangerous: a
/// pattern that covers a whole public code host (`*`, `github.com`, `github.com/*`) turns
/// the mirror, the checksum check or TLS off for every module there.
pub fn lint_patterns_for(key: &str, value: &str) -> Vec<PatternLint> {
    let mut lints = lint_patterns(value);
    for entry in value.split(',').filter(|e| !e.is_empty()) {
        let covered: Vec<&str> = PUBLIC_CODE_HOSTS
            .iter()
            .copied()
            .filter(|h| {
                // A module of someone else's on that host.
                let probe = format!("{h}/someone-else/any-repo");
                match_prefix_patterns(entry, &probe)
            })
            .collect();
        let Some(first) = covered.first() else {
            continue;
        };
        let hosts = if covered.len() > 2 {
            format!("{first} and every other public host")
        } else {
            covered.join(", ")
        };
        let hosts_zh = if covered.len() > 2 {
            format!("{first} 以及其他所有公共主机")
        } else {
            covered.join("、")
        };
        let (en, zh) = match key {
            "GONOSUMDB" => (
                format!("turns checksum verification off for every module on {hosts}"),
                format!("会关闭 {hosts_zh} 上所有模块的校验和验证"),
            ),
            "GONOPROXY" => (
                format!("sends every module on {hosts} past the mirrors, straight to git"),
                format!("会让 {hosts_zh} 上的所有模块绕过镜像，直接用 git 获取"),
            ),
            "GOINSECURE" => (
                format!("allows plain http and unverified TLS for every module on {hosts}"),
                format!("会允许 {hosts_zh} 上的所有模块使用明文 http 和不验证的 TLS"),
            ),
            _ => (
                format!(
                    "takes every module on {hosts} away from the mirrors and from checksum verification"
                ),
                format!("会让 {hosts_zh} 上的所有模块既不经过镜像，也不做校验和验证"),
            ),
        };
        let rest: Vec<&str> = value.split(',').filter(|e| *e != entry).collect();
        lints.push(PatternLint {
            pattern: entry.to_string(),
            message: tr!(
                "pattern {entry:?} {en}: name your organisation instead (for example github.com/your-org)",
                "模式 “{entry}” {zh}：请改为只写你们组织的路径（例如 github.com/your-org）"
            ),
            suggestion: Some(rest.join(",")),
            never_matches: false,
        });
    }
    lints
}

fn has_unclosed_bracket(entry: &str) -> bool {
    let bytes = entry.as_bytes();
    let mut i = 0;
    let mut open = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if !open => open = true,
            b']' if open => open = false,
            _ => {}
        }
        i += 1;
    }
    open
}

/// The list a user most likely meant: `;` and whitespace become separators, URL schemes are
/// dropped, `[!` becomes `[^`, host names are lower-cased, empty entries and duplicates removed.
pub fn normalize_patterns(value: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for raw in value.split([',', ';', ' ', '\t', '\r', '\n']) {
        let mut entry = raw.trim();
        if let Some(pos) = entry.find("://") {
            entry = &entry[pos + 3..];
        }
        if entry.is_empty() {
            continue;
        }
        let mut fixed = entry.replace("[!", "[^");
        // Lower-case the host element only: paths after it may be case-sensitive on purpose.
        let host_end = fixed.find('/').unwrap_or(fixed.len());
        let host = fixed[..host_end].to_ascii_lowercase();
        fixed.replace_range(..host_end, &host);
        if !out.contains(&fixed) {
            out.push(fixed);
        }
    }
    out.join(",")
}
