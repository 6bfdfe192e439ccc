//! Validation of every value gomirror can write: the go command's own write checks
//! (`envcmd.checkEnvWrite`) plus every error it would only raise later, at the next download
//! (G8), each with the go command's text, a plain explanation in both languages and, where
//! possible, the corrected value.

mod download;
mod tools;

use download::{check_goproxy, check_gosumdb};
pub use tools::{
    check_goauth, check_goflags, check_gopath_list, check_gotoolchain, check_govcs, quoted_split,
};

use super::version::GoVersion;
use super::{keys, pattern};
use crate::i18n::Text;
use crate::tr;
use serde::Serialize;
use std::collections::BTreeSet;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The value must not be written: the go command refuses it or fails with it later.
    Error,
    /// Accepted, but probably not what the user meant, or unsafe.
    Warning,
}

/// One problem with a value: the go command's words, both explanations, a fix.
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

    /// The go command would refuse the value (or be broken by it).
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
            for lint in pattern::lint_patterns_for(key, value) {
                let mut p = if lint.never_matches {
                    Problem::error(key, None, lint.message)
                } else {
                    Problem::warning(key, lint.message)
                };
                p.suggestion = lint.suggestion.filter(|s| s != value);
                problems.push(p);
            }
        }
        "GO111MODULE" if value == "off" => problems.push(
            Problem::warning(
                key,
                tr!(
                    "GO111MODULE=off turns modules off: the go command ignores go.mod, GOPROXY, GOSUMDB and GOPRIVATE and falls back to GOPATH mode, which current Go no longer supports for most work (go install pkg@version, go mod, workspaces). Old tutorials set it; leave it unset or on.",
                    "GO111MODULE=off 会关闭模块模式：go 命令将忽略 go.mod、GOPROXY、GOSUMDB 和 GOPRIVATE，退回 GOPATH 模式，而当前的 Go 大多数功能（go install 包@版本、go mod、工作区）已不支持这种模式。旧教程会这样设置；请不要设置它，或设为 on。"
                ),
            )
            .with_suggestion("on".to_string()),
        ),
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
mod tests;
