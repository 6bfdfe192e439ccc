//! Validation of every value gomirror can write: the go command's own write checks
//! (`envcmd.checkEnvWrite`) plus every error it would only raise later, at the next download
//! (G8), each with the go command's text, a plain explanation in both languages and, where
//! possible, the corrected value.

mod tools;

pub use tools::{
    check_goauth, check_goflags, check_gopath_list, check_gotoolchain, check_govcs, quoted_split,
};

use super::version::GoVersion;
use super::{goproxy, gosumdb, keys, pattern};
use crate::i18n::Text;
use crate::tr;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The value must not be written: the go command refuses it or fails with it later.
    Error,
    /// Accepted, but probably not what the user meant, or unsafe.
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub key: String,
    pub severity: Severity,
    /// The go command's own error text, when it has one.
    pub go_text: Option<String>,
    pub message: Text,
    /// A corrected value, where one is obvious.
    pub suggestion: Option<String>,
}

impl Problem {
    fn error(key: &str, go_text: Option<String>, message: Text) -> Self {
        Self {
            key: key.to_string(),
            severity: Severity::Error,
            go_text,
            message,
            suggestion: None,
        }
    }

    fn warning(key: &str, message: Text) -> Self {
        Self {
            key: key.to_string(),
            severity: Severity::Warning,
            go_text: None,
            message,
            suggestion: None,
        }
    }

    fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// What the go command that will read the value knows.
#[derive(Clone, Copy, Debug, Default)]
pub struct WriteContext<'a> {
    pub version: Option<&'a GoVersion>,
    /// Keys already present in the user env file or go.env (accepted by `-w` on 1.21+).
    pub existing_keys: Option<&'a BTreeSet<String>>,
}

/// All problems with writing `key=value` (`go env -w` checks, G4, and download-time checks).
pub fn check_write(key: &str, value: &str, ctx: WriteContext<'_>) -> Vec<Problem> {
    let mut problems = check_write_once(key, value, ctx);
    // A suggested fix is a value that can be written: where fixing one mistake reveals the
    // next (control characters, then a ';'), the fixes are followed to the end; a fix that
    // does not lead to a valid value is not offered.
    for p in problems.iter_mut().filter(|p| p.is_error()) {
        let Some(mut fixed) = p.suggestion.clone() else {
            continue;
        };
        if fixed.starts_with("unset ") {
            continue;
        }
        let mut settled = false;
        for _ in 0..4 {
            let next = check_write_once(key, &fixed, ctx);
            match next.iter().find(|n| n.is_error()) {
                None => {
                    settled = true;
                    break;
                }
                Some(n) => match &n.suggestion {
                    Some(s) if *s != fixed && !s.starts_with("unset ") => fixed = s.clone(),
                    _ => break,
                },
            }
        }
        p.suggestion = settled.then_some(fixed);
    }
    problems
}

fn check_write_once(key: &str, value: &str, ctx: WriteContext<'_>) -> Vec<Problem> {
    if let Some(p) = check_key_writable(key, ctx) {
        return vec![p];
    }
    let mut problems = Vec::new();
    if let Some(p) = check_go_write_value(key, value) {
        problems.push(p);
        return problems;
    }
    if value.is_empty() {
        problems.push(
            Problem::error(
                key,
                None,
                tr!(
                    "An empty value is never written: in the env file it hides the default from $GOROOT/go.env (Go 1.21+), e.g. an empty GOPROXY disables every download. Remove the setting instead (unset).",
                    "不会写入空值：在 env 文件里空值会盖住 $GOROOT/go.env 中的默认值（Go 1.21+），例如空的 GOPROXY 会让所有下载失败。请改用“恢复默认”（unset）删除这一项。"
                ),
            )
            .with_suggestion(format!("unset {key}")),
        );
        return problems;
    }
    problems.extend(check_value(key, value));
    if key == "GOFLAGS" && ctx.version.is_some_and(|v| !v.at_least(1, 21)) {
        // Before Go 1.21 GOFLAGS was split into plain fields, without quoting.
        problems.retain(|p| p.key != "GOFLAGS");
        problems.extend(tools::check_goflags_as(value, false));
    }
    problems
}

/// Problems with `go env -u key`.
pub fn check_unset(key: &str, ctx: WriteContext<'_>) -> Vec<Problem> {
    // GOROOT is refused by `go env -u` on 1.25+, but we remove a stale GOROOT line by editing
    // the file directly (G3), so it is allowed here.
    if key == "GOROOT" {
        return Vec::new();
    }
    check_key_writable(key, ctx).into_iter().collect()
}

fn check_key_writable(key: &str, ctx: WriteContext<'_>) -> Option<Problem> {
    if let Some(text) = keys::write_refusal(key, ctx.version) {
        let message = if key == "GOENV" || key == "GODEBUG" {
            tr!(
                "{key} is read only from the operating system environment; it cannot be stored in the go env file.",
                "{key} 只能通过操作系统环境变量设置，不能写入 go env 文件。"
            )
        } else {
            tr!(
                "{key} is computed by the go command and cannot be changed.",
                "{key} 由 go 命令自动计算，不能修改。"
            )
        };
        return Some(Problem::error(key, Some(format!("go: {text}")), message));
    }
    let in_file = ctx.existing_keys.is_some_and(|k| k.contains(key))
        && ctx.version.is_none_or(|v| v.at_least(1, 21));
    if !keys::is_known(key, ctx.version) && !in_file {
        let suggestion = keys::model_keys().find(|k| k.eq_ignore_ascii_case(key));
        let mut p = Problem::error(
            key,
            Some(format!("go: unknown go command variable {key}")),
            tr!(
                "{key:?} is not a setting this go command knows (names are case-sensitive, e.g. GOPROXY).",
                "“{key}” 不是这个版本的 go 命令认识的设置（名称区分大小写，例如 GOPROXY）。"
            ),
        );
        if let Some(s) = suggestion {
            p = p.with_suggestion(s);
        }
        return Some(p);
    }
    None
}

/// The value checks of `checkEnvWrite` (the ones `go env -w` itself applies).
fn check_go_write_value(key: &str, value: &str) -> Option<Problem> {
    let go = |text: String, message: Text| {
        Some(Problem::error(key, Some(format!("go: {text}")), message))
    };
    match key {
        "GO111MODULE" if !matches!(value, "" | "auto" | "on" | "off") => {
            let lower = value.to_ascii_lowercase();
            let p = go(
                format!("invalid {key} value {}", super::gourl::go_quote(value)),
                tr!(
                    "GO111MODULE must be one of on, off, auto (lower case).",
                    "GO111MODULE 只能是 on、off、auto（小写）。"
                ),
            );
            return if matches!(lower.as_str(), "auto" | "on" | "off") {
                p.map(|p| p.with_suggestion(lower))
            } else {
                p
            };
        }
        "GOPATH" | "GOMODCACHE" => {
            if key == "GOPATH" && value.starts_with('~') {
                return go(
                    format!(
                        "GOPATH entry cannot start with shell metacharacter '~': {}",
                        super::gourl::go_quote(value)
                    ),
                    tr!(
                        "'~' is not expanded by the go command; write the full path of your home folder.",
                        "go 命令不会展开 '~'，请写出主目录的完整路径。"
                    ),
                );
            }
            if !value.is_empty() && !std::path::Path::new(value).is_absolute() {
                return go(
                    format!(
                        "{key} entry is relative; must be absolute path: {}",
                        super::gourl::go_quote(value)
                    ),
                    tr!("{key} must be an absolute path.", "{key} 必须是绝对路径。"),
                );
            }
        }
        "GOTMPDIR" if !value.is_empty() && !std::path::Path::new(value).is_absolute() => {
            return go(
                "GOTMPDIR must be an absolute path".into(),
                tr!(
                    "GOTMPDIR must be an absolute path.",
                    "GOTMPDIR 必须是绝对路径。"
                ),
            );
        }
        _ => {}
    }
    let bad_char = if value.contains('\0') {
        Some("NUL")
    } else if value.contains(['\u{b}', '\r', '\n']) {
        Some("newline")
    } else {
        None
    };
    if let Some(what) = bad_char {
        let cleaned: String = value
            .chars()
            .filter(|c| !matches!(c, '\0' | '\u{b}' | '\r' | '\n'))
            .collect();
        return go(
            format!("invalid {what} in {key}=... value"),
            tr!(
                "The value contains a line break or control character (often a stray \\r from a Windows editor); the go env file cannot hold it.",
                "值中含有换行或控制字符（常见于 Windows 编辑器留下的 \\r），go env 文件无法保存它。"
            ),
        )
        .map(|p| p.with_suggestion(cleaned.trim().to_string()));
    }
    None
}

/// Download-time checks of a value, as the go command applies them lazily. Used both before
/// writing and on the effective values (conflicts).
pub fn check_value(key: &str, value: &str) -> Vec<Problem> {
    let mut problems = check_value_once(key, value);
    // Warnings speak of the value the user ends up with: when an error comes with a fix, the
    // warnings (and their suggested fixes) are those of the fixed value, never of the broken one
    // (`https://goproxy.cn;direct` must not suggest `https://goproxy.cn;direct,direct`).
    let fixed = problems
        .iter()
        .find(|p| p.is_error())
        .and_then(|p| p.suggestion.clone());
    if let Some(fixed) = fixed {
        problems.retain(Problem::is_error);
        problems.extend(
            check_value_once(key, &fixed)
                .into_iter()
                .filter(|p| !p.is_error()),
        );
    }
    problems
}

fn check_value_once(key: &str, value: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(p) = check_quotes(key, value) {
        problems.push(p);
    }
    match key {
        "GOPROXY" => check_goproxy(value, &mut problems),
        "GOSUMDB" => check_gosumdb(value, &mut problems),
        "GOPRIVATE" | "GONOPROXY" | "GONOSUMDB" | "GOINSECURE" => {
            for lint in pattern::lint_patterns(value) {
                let mut p = if lint.never_matches {
                    Problem::error(key, None, lint.message)
                } else {
                    Problem::warning(key, lint.message)
                };
                p.suggestion = lint.suggestion.filter(|s| s != value);
                problems.push(p);
            }
        }
        "GOAUTH" => problems.extend(check_goauth(value)),
        "GOFLAGS" => problems.extend(check_goflags(value)),
        "GOTOOLCHAIN" => problems.extend(check_gotoolchain(value)),
        "GOVCS" => problems.extend(check_govcs(value)),
        "GOPATH" => problems.extend(check_gopath_list(value)),
        _ => {}
    }
    problems
}

fn check_quotes(key: &str, value: &str) -> Option<Problem> {
    let quoted = value.len() >= 2
        && ((value.starts_with('"') && value.ends_with('"'))
            || (value.starts_with('\'') && value.ends_with('\'')));
    if !quoted || key == "GOFLAGS" {
        return None;
    }
    let inner = &value[1..value.len() - 1];
    Some(
        Problem::error(
            key,
            None,
            tr!(
                "The quotes are part of the value: the go env file keeps them literally (G6), so {key} would be {value} with the quote characters.",
                "引号会成为值的一部分：go env 文件会原样保留引号，{key} 将包含引号字符。"
            ),
        )
        .with_suggestion(inner),
    )
}

fn check_goproxy(value: &str, problems: &mut Vec<Problem>) {
    let list = match goproxy::parse(value) {
        Ok(list) => list,
        Err(e) => {
            let message = goproxy_error_message(&e);
            let mut p = Problem::error("GOPROXY", Some(e.go_text.clone()), message);
            if let Some(fixed) = suggest_goproxy(value) {
                p = p.with_suggestion(fixed);
            }
            problems.push(p);
            return;
        }
    };
    if let Some(tail) = &list.ignored_tail {
        problems.push(
            Problem::warning(
                "GOPROXY",
                tr!(
                    "Everything after 'direct' or 'off' is ignored by the go command ({tail:?} is never used).",
                    "'direct' 或 'off' 之后的内容会被 go 命令忽略（“{tail}” 永远不会被使用）。"
                ),
            )
            .with_suggestion(value[..value.len() - tail.len()].trim_end_matches([',', '|', ' ']).to_string()),
        );
    }
    for (url, _) in list.urls() {
        let host = url
            .split("://")
            .nth(1)
            .unwrap_or("")
            .split(['/', ':'])
            .next()
            .unwrap_or("");
        if host == "direct" || host == "off" {
            problems.push(
                Problem::error(
                    "GOPROXY",
                    None,
                    tr!(
                        "{url:?} is read as a proxy at host {host:?}, not as the keyword {host}: remove the '/' after it.",
                        "“{url}” 会被当成主机名为 “{host}” 的代理，而不是关键字 {host}：请去掉后面的 '/'。"
                    ),
                )
                .with_suggestion(value.replace(&format!("{host}/"), host)),
            );
        }
        let host_port = url
            .split("://")
            .nth(1)
            .unwrap_or("")
            .split('/')
            .next()
            .unwrap_or("");
        let host_port = host_port.rsplit('@').next().unwrap_or("");
        let plausible = host_port.starts_with('[')
            || host_port
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
        if !url.starts_with("file:") && !plausible {
            let mut p = Problem::error(
                "GOPROXY",
                None,
                tr!(
                    "{url:?} has a host name that cannot exist ({host_port:?}): entries are separated by ',' or '|' only, never by ';' or spaces.",
                    "“{url}” 的主机名不可能存在（“{host_port}”）：条目之间只能用 ',' 或 '|' 分隔，不能用 ';' 或空格。"
                ),
            );
            if let Some(fixed) = suggest_goproxy(value) {
                p = p.with_suggestion(fixed);
            }
            problems.push(p);
        }
        if url.starts_with("http://") {
            problems.push(Problem::warning(
                "GOPROXY",
                tr!(
                    "{url} is plain HTTP: module contents travel unencrypted (the checksum database still protects their integrity).",
                    "{url} 是明文 HTTP：模块内容不加密传输（校验和数据库仍会保证内容完整）。"
                ),
            ));
        }
    }
    if !list.ends_in_direct() && !list.ends_in_off() && list.urls().count() > 0 {
        problems.push(
            Problem::warning(
                "GOPROXY",
                tr!(
                    "The list does not end in 'direct': a module that no proxy has (404/410) will fail instead of being fetched from its origin.",
                    "列表没有以 'direct' 结尾：代理上找不到（404/410）的模块将直接失败，而不是回源下载。"
                ),
            )
            .with_suggestion(format!("{},direct", value.trim_end_matches([',', '|', ' ']))),
        );
    }
}

fn goproxy_error_message(e: &goproxy::ProxyError) -> Text {
    let entry = e.entry.clone().unwrap_or_default();
    if e.go_text == goproxy::NO_ENTRIES {
        tr!(
            "GOPROXY has no usable entry, so every module download fails. Use a list such as https://goproxy.cn,direct, or unset it to get the default.",
            "GOPROXY 中没有可用的条目，所有模块下载都会失败。请使用类似 https://goproxy.cn,direct 的列表，或恢复默认。"
        )
    } else if e.go_text.contains("missing scheme") {
        tr!(
            "{entry:?} is neither a URL nor one of the keywords 'direct' and 'off'. Proxies are written as https://host.",
            "“{entry}” 既不是 URL，也不是关键字 'direct' 或 'off'。代理应写成 https://主机名。"
        )
    } else if e.go_text.contains("scheme (must be") {
        tr!(
            "{entry:?}: a proxy must use https://, http:// or file://.",
            "“{entry}”：代理只能使用 https://、http:// 或 file://。"
        )
    } else if e.go_text.contains("refusing to pass credentials") {
        tr!(
            "The go command never sends a user name or password over plain http://; use https:// for a proxy that needs credentials.",
            "go 命令不会通过明文 http:// 发送用户名或密码；需要认证的代理请使用 https://。"
        )
    } else {
        tr!(
            "{entry:?} is not a valid URL; the go command would reject the whole GOPROXY list at the next download.",
            "“{entry}” 不是合法的 URL；go 命令会在下次下载时拒绝整个 GOPROXY 列表。"
        )
    }
}

/// A best guess at what the user meant: separators normalised, keywords fixed, https added.
fn suggest_goproxy(value: &str) -> Option<String> {
    let mut out = Vec::new();
    for raw in value.split([',', ';', ' ']) {
        let mut entry = raw.trim().trim_matches(['"', '\'']).to_string();
        if entry.is_empty() || entry == "|" {
            continue;
        }
        let lower = entry.to_ascii_lowercase();
        if matches!(lower.trim_end_matches('/'), "direct" | "off") {
            out.push(lower.trim_end_matches('/').to_string());
            break;
        }
        if let Some(rest) = entry.strip_prefix("http://")
            && let Some(at) = rest.find('@')
            && at < rest.find('/').unwrap_or(rest.len())
        {
            entry = format!("https://{rest}");
        } else if !entry.contains("://") {
            entry = format!("https://{entry}");
        }
        if goproxy::check_proxy_url(&entry).is_err() {
            continue;
        }
        out.push(entry);
    }
    if out.is_empty() {
        return None;
    }
    if !matches!(out.last().map(String::as_str), Some("direct" | "off")) {
        out.push("direct".into());
    }
    let fixed = out.join(",");
    (fixed != value && goproxy::parse(&fixed).is_ok()).then_some(fixed)
}

fn check_gosumdb(value: &str, problems: &mut Vec<Problem>) {
    match gosumdb::parse(value) {
        Ok(gosumdb::SumDb::Off) => problems.push(Problem::warning(
            "GOSUMDB",
            tr!(
                "GOSUMDB=off turns off checksum verification for every module (only go.sum protects you), and toolchain downloads (GOTOOLCHAIN) then fail. Prefer sum.golang.google.cn or a mirror that proxies the checksum database; use GONOSUMDB/GOPRIVATE for private modules.",
                "GOSUMDB=off 会关闭所有模块的校验和验证（只剩 go.sum 保护），并且工具链自动下载（GOTOOLCHAIN）会失败。建议使用 sum.golang.google.cn 或代理了校验和数据库的镜像；私有模块请用 GONOSUMDB/GOPRIVATE。"
            ),
        )),
        Ok(gosumdb::SumDb::On { .. }) => {}
        Err(go_text) => {
            let suggestion = suggest_gosumdb(value);
            let message = if go_text.contains("malformed verifier id") {
                tr!(
                    "{value:?} is not a checksum database the go command knows: use sum.golang.org, sum.golang.google.cn, off, a full key name+hash+key, or '<name or key> <url>' for a mirror (e.g. 'sum.golang.org https://goproxy.cn/sumdb/sum.golang.org').",
                    "“{value}” 不是 go 命令认识的校验和数据库：请使用 sum.golang.org、sum.golang.google.cn、off、完整公钥 name+hash+key，或“名称 URL”形式（例如 'sum.golang.org https://goproxy.cn/sumdb/sum.golang.org'）。"
                )
            } else if go_text.contains("too many fields") {
                tr!(
                    "GOSUMDB takes at most two words: a name or key, and optionally a URL.",
                    "GOSUMDB 最多两个部分：名称或公钥，以及可选的 URL。"
                )
            } else {
                tr!(
                    "The go command would reject this GOSUMDB at the next download, so every checksum check fails.",
                    "go 命令会在下次下载时拒绝这个 GOSUMDB，所有校验都会失败。"
                )
            };
            let mut p = Problem::error("GOSUMDB", Some(format!("verifying module: {go_text}")), message);
            if let Some(s) = suggestion {
                p = p.with_suggestion(s);
            }
            problems.push(p);
        }
    }
}

fn suggest_gosumdb(value: &str) -> Option<String> {
    let v = value.trim().trim_matches(['"', '\'']).trim();
    if v.eq_ignore_ascii_case("off") {
        return Some("off".into());
    }
    // Blog posts write `goproxy.cn/sumdb/sum.golang.org` or `https://goproxy.cn/sumdb/sum.golang.org`.
    if let Some(pos) = v.find("/sumdb/") {
        let name = &v[pos + "/sumdb/".len()..].trim_end_matches('/');
        let base = if v.contains("://") {
            v.to_string()
        } else {
            format!("https://{v}")
        };
        let candidate = format!("{name} {base}");
        if gosumdb::parse(&candidate).is_ok() {
            return Some(candidate);
        }
    }
    if v.contains("google.cn") || v.contains("goproxy") || v.contains("sum.golang") {
        return Some("sum.golang.google.cn".into());
    }
    None
}

/// The checks only the go binary can make (today: whether each GOFLAGS flag exists).
pub fn check_with_go(
    key: &str,
    value: &str,
    go: &std::path::Path,
    env: &super::location::EnvMap,
) -> Vec<Problem> {
    if key != "GOFLAGS" || value.is_empty() {
        return Vec::new();
    }
    match super::gocmd::goflags_error(go, env, value) {
        Some(text) => vec![Problem::error(
            key,
            Some(text),
            tr!(
                "The go command rejects this GOFLAGS: every go command except 'go env' would fail with it.",
                "go 命令不接受这个 GOFLAGS：除 'go env' 外的所有 go 命令都会因此失败。"
            ),
        )],
        None => Vec::new(),
    }
}

/// Whether any problem in the list blocks a write.
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(Problem::is_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(key: &str, value: &str) -> Vec<String> {
        check_write(key, value, WriteContext::default())
            .into_iter()
            .filter(Problem::is_error)
            .map(|p| p.go_text.unwrap_or(p.message.en))
            .collect()
    }

    #[test]
    fn go_write_checks() {
        assert_eq!(
            errors("GOENV", "x"),
            ["go: GOENV can only be set using the OS environment"]
        );
        assert_eq!(errors("GOROOT", "/x"), ["go: GOROOT cannot be modified"]);
        assert_eq!(
            errors("goproxy", "x"),
            ["go: unknown go command variable goproxy"]
        );
        assert_eq!(
            errors("GOPATH", "~/go"),
            ["go: GOPATH entry cannot start with shell metacharacter '~': \"~/go\""]
        );
        assert_eq!(
            errors("GOPROXY", "a\nb"),
            ["go: invalid newline in GOPROXY=... value"]
        );
        assert_eq!(
            errors("GO111MODULE", "ON"),
            ["go: invalid GO111MODULE value \"ON\""]
        );
        assert!(errors("GOPROXY", "")[0].contains("empty value"));
    }

    #[test]
    fn download_time_checks() {
        assert_eq!(
            errors("GOPROXY", "https://goproxy.cn,direct"),
            Vec::<String>::new()
        );
        assert_eq!(
            errors("GOSUMDB", "sum.goproxy.cn"),
            ["verifying module: invalid GOSUMDB: malformed verifier id"]
        );
        assert_eq!(
            errors("GOTOOLCHAIN", "bogus"),
            ["go: invalid GOTOOLCHAIN \"bogus\""]
        );
        assert_eq!(
            errors("GOTOOLCHAIN", "go1.99+bogus"),
            ["go: invalid GOTOOLCHAIN \"go1.99+bogus\": only version suffixes are +auto and +path"]
        );
        assert!(errors("GOTOOLCHAIN", "go1.22.3+auto").is_empty());
        assert!(errors("GOTOOLCHAIN", "go1.21").is_empty());
        assert_eq!(
            errors("GOAUTH", "off;netrc"),
            [
                "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)"
            ]
        );
        assert_eq!(
            errors("GOAUTH", "netrc;"),
            ["go: GOAUTH encountered an empty command (GOAUTH=netrc;)"]
        );
        assert_eq!(
            errors("GOFLAGS", "'unterminated"),
            ["go: parsing $GOFLAGS: unterminated ' string"]
        );
        assert_eq!(
            errors("GOFLAGS", "notaflag"),
            ["go: parsing $GOFLAGS: non-flag \"notaflag\""]
        );
        assert_eq!(
            errors("GOVCS", "x"),
            ["malformed entry in GOVCS (missing colon): \"x\""]
        );
        assert!(errors("GOVCS", "private:all,public:git|hg").is_empty());
        assert_eq!(
            errors("GOPATH", "/a:relative"),
            ["go: GOPATH entry is relative; must be absolute path: \"relative\"."]
        );
        assert!(
            errors("GOSUMDB", "\"off\"")
                .iter()
                .any(|e| e.contains("malformed"))
        );
    }

    #[test]
    fn suggestions() {
        let p = check_write(
            "GOSUMDB",
            "goproxy.cn/sumdb/sum.golang.org",
            WriteContext::default(),
        );
        assert_eq!(
            p[0].suggestion.as_deref(),
            Some("sum.golang.org https://goproxy.cn/sumdb/sum.golang.org")
        );
        let p = check_write(
            "GOPROXY",
            "https://goproxy.io,direct/",
            WriteContext::default(),
        );
        assert_eq!(
            p.iter()
                .find(|p| p.is_error())
                .and_then(|p| p.suggestion.as_deref()),
            Some("https://goproxy.io,direct")
        );
        let p = check_write("GOPROXY", "goproxy.cn;direct", WriteContext::default());
        assert!(
            p.iter()
                .any(|p| p.suggestion.as_deref() == Some("https://goproxy.cn,direct")),
            "{p:?}"
        );
    }

    /// Every suggested fix is computed on the corrected value: taking the suggestions never
    /// yields a value that is still wrong, and no warning speaks of the broken value's defects.
    #[test]
    fn suggestions_are_computed_on_the_corrected_value() {
        let cases = [
            ("GOPROXY", "https://goproxy.cn;direct"),
            ("GOPROXY", "https://goproxy.cn direct"),
            ("GOPROXY", "goproxy.cn;direct"),
            ("GOPROXY", "\"https://goproxy.cn,direct\""),
            ("GOPROXY", "https://goproxy.io,direct/"),
            ("GOSUMDB", "\"sum.golang.org\""),
            ("GOPRIVATE", "https://git.corp.com/team"),
            ("GONOSUMDB", "git.corp.com; git.other.com"),
        ];
        for (key, value) in cases {
            let problems = check_write(key, value, WriteContext::default());
            for p in &problems {
                let Some(s) = &p.suggestion else { continue };
                assert!(
                    !s.contains(";direct,") && !s.ends_with(",direct,direct"),
                    "{key}={value}: {s}"
                );
                let after = check_write(key, s, WriteContext::default());
                assert!(
                    !has_errors(&after),
                    "{key}={value}: the suggestion {s} still has errors: {after:?}"
                );
            }
        }
        let p = check_write(
            "GOPROXY",
            "https://goproxy.cn;direct",
            WriteContext::default(),
        );
        let suggestions: Vec<_> = p.iter().filter_map(|p| p.suggestion.as_deref()).collect();
        assert_eq!(suggestions, ["https://goproxy.cn,direct"], "{p:?}");
    }
}
