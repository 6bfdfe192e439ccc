//! The explainer: lines of go command output sorted into the classes users meet, each with a
//! plain explanation in both languages and, where one exists, a fix that goes through the normal
//! preview/apply/undo path. A fix never turns off the mirror or the checksum check for a module
//! without evidence that the module is private ([`Evidence`]).

mod classify;
mod describe;

pub use classify::{classify, quoted_status};
pub use describe::describe;

use crate::i18n::Text;
use crate::tr;
use serde::Serialize;
use std::collections::BTreeMap;

/// What went wrong, as the CLI and the app name it (exact identifiers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    ProxyUnreachable,
    ProxyTimeout,
    /// The proxy answered 5xx (with `,` the go command stops there).
    ProxyServerError,
    /// The proxy answered with something that is not module data (HTML, bad JSON, bad zip).
    InvalidProxyResponse,
    SumdbUnreachable,
    /// The checksum database has no record (its lookup answered 404 or 410).
    SumdbMissing,
    /// The checksum database (or the mirror proxying it) answered 5xx.
    SumdbServerError,
    /// GOSUMDB=off where verification is required (toolchain downloads).
    SumdbDisabled,
    /// The database's answer is not signed by the configured key.
    SumdbKeyMismatch,
    NotFound,
    Gone,
    AuthRequired,
    /// A GOAUTH command or setting failed.
    GoauthFailed,
    TlsUntrusted,
    ChecksumMismatch,
    InvalidGoproxy,
    InvalidGosumdb,
    LookupDisabled,
    /// -mod=readonly (the default for builds) forbids the change the command needs.
    ModReadonly,
    /// vendor/modules.txt does not match go.mod.
    VendorInconsistent,
    GitAuth,
    ToolchainUnavailable,
    /// A toolchain download failed on the way (5xx, timeout, network).
    ToolchainDownloadFailed,
    /// The module needs a newer go, and GOTOOLCHAIN forbids switching.
    GoTooOld,
    /// Text a server sent back about its own failure (`server response: ...`).
    ServerResponse,
    Unknown,
}

impl Class {
    /// Every class, in order.
    pub const ALL: [Self; 26] = [
        Self::ProxyUnreachable,
        Self::ProxyTimeout,
        Self::ProxyServerError,
        Self::InvalidProxyResponse,
        Self::SumdbUnreachable,
        Self::SumdbMissing,
        Self::SumdbServerError,
        Self::SumdbDisabled,
        Self::SumdbKeyMismatch,
        Self::NotFound,
        Self::Gone,
        Self::AuthRequired,
        Self::GoauthFailed,
        Self::TlsUntrusted,
        Self::ChecksumMismatch,
        Self::InvalidGoproxy,
        Self::InvalidGosumdb,
        Self::LookupDisabled,
        Self::ModReadonly,
        Self::VendorInconsistent,
        Self::GitAuth,
        Self::ToolchainUnavailable,
        Self::ToolchainDownloadFailed,
        Self::GoTooOld,
        Self::ServerResponse,
        Self::Unknown,
    ];

    /// The stable identifier (CLI and JSON).
    pub fn name(self) -> &'static str {
        match self {
            Self::ProxyUnreachable => "proxy-unreachable",
            Self::ProxyTimeout => "proxy-timeout",
            Self::ProxyServerError => "proxy-server-error",
            Self::InvalidProxyResponse => "invalid-proxy-response",
            Self::SumdbUnreachable => "sumdb-unreachable",
            Self::SumdbMissing => "sumdb-missing",
            Self::SumdbServerError => "sumdb-server-error",
            Self::SumdbDisabled => "sumdb-disabled",
            Self::SumdbKeyMismatch => "sumdb-key-mismatch",
            Self::NotFound => "not-found",
            Self::Gone => "gone",
            Self::AuthRequired => "auth-required",
            Self::GoauthFailed => "goauth-failed",
            Self::TlsUntrusted => "tls-untrusted",
            Self::ChecksumMismatch => "checksum-mismatch",
            Self::InvalidGoproxy => "invalid-goproxy",
            Self::InvalidGosumdb => "invalid-gosumdb",
            Self::LookupDisabled => "lookup-disabled",
            Self::ModReadonly => "mod-readonly",
            Self::VendorInconsistent => "vendor-inconsistent",
            Self::GitAuth => "git-auth",
            Self::ToolchainUnavailable => "toolchain-unavailable",
            Self::ToolchainDownloadFailed => "toolchain-download-failed",
            Self::GoTooOld => "go-too-old",
            Self::ServerResponse => "server-response",
            Self::Unknown => "unknown",
        }
    }

    /// The class in words, for people (the window shows this, never the identifier).
    pub fn label(self) -> Text {
        match self {
            Self::ProxyUnreachable => tr!("cannot reach the proxy", "无法连接模块代理"),
            Self::ProxyTimeout => tr!("the proxy timed out", "模块代理超时"),
            Self::ProxyServerError => tr!("the proxy failed (5xx)", "模块代理出错（5xx）"),
            Self::InvalidProxyResponse => {
                tr!(
                    "the proxy sent no module data",
                    "模块代理返回的不是模块数据"
                )
            }
            Self::SumdbUnreachable => {
                tr!("cannot reach the checksum database", "无法连接校验和数据库")
            }
            Self::SumdbMissing => tr!("not in the checksum database", "校验和数据库中没有记录"),
            Self::SumdbServerError => {
                tr!(
                    "the checksum database failed (5xx)",
                    "校验和数据库出错（5xx）"
                )
            }
            Self::SumdbDisabled => tr!("verification is off", "校验已关闭"),
            Self::SumdbKeyMismatch => tr!(
                "the checksum database's signature does not match",
                "校验和数据库的签名不匹配"
            ),
            Self::NotFound => tr!("module or version not found", "找不到模块或版本"),
            Self::Gone => tr!("refused (410 Gone)", "被拒绝（410）"),
            Self::AuthRequired => tr!("a login is required", "需要登录"),
            Self::GoauthFailed => tr!("GOAUTH failed", "GOAUTH 出错"),
            Self::TlsUntrusted => tr!("certificate not trusted", "证书不受信任"),
            Self::ChecksumMismatch => tr!("checksum mismatch (security)", "校验和不一致（安全）"),
            Self::InvalidGoproxy => tr!("GOPROXY is invalid", "GOPROXY 无效"),
            Self::InvalidGosumdb => tr!("GOSUMDB is invalid", "GOSUMDB 无效"),
            Self::LookupDisabled => tr!(
                "downloads are off (GOPROXY=off)",
                "下载已关闭（GOPROXY=off）"
            ),
            Self::ModReadonly => tr!("go.mod may not be changed", "不允许修改 go.mod"),
            Self::VendorInconsistent => tr!("vendor directory out of date", "vendor 目录不一致"),
            Self::GitAuth => tr!("git needs credentials", "git 需要凭据"),
            Self::ToolchainUnavailable => tr!("toolchain not available", "工具链不可用"),
            Self::ToolchainDownloadFailed => {
                tr!("toolchain download failed", "工具链下载失败")
            }
            Self::GoTooOld => tr!("this go is too old", "go 版本过旧"),
            Self::ServerResponse => tr!("the server's own message", "服务器返回的信息"),
            Self::Unknown => tr!("not a known problem", "不是已知问题"),
        }
    }
}

/// What is known to be private, and what is in force: the only grounds on which a fix may take
/// a module away from the mirror or the checksum database.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    /// Hosts known to be private: the company host given in the onboarding, the open project's
    /// git remotes, a team profile's private hosts. Matched as GOPRIVATE patterns.
    pub private_hosts: Vec<String>,
    /// The GOPRIVATE in force (its patterns are evidence too, and a fix keeps them).
    pub goprivate: String,
    /// The GOPROXY in force (a fix changes its separators, never its mirrors).
    pub goproxy: String,
    /// The GOPROXY the probe saw work from this network (its recommendation), if it ran: the
    /// only mirror a fix may offer (never one nobody saw answer).
    pub measured_goproxy: Option<String>,
}

impl Evidence {
    /// The GOPRIVATE value that adds this module's host, if it is known to be private.
    pub fn private_fix(&self, module: &str) -> Option<String> {
        let host = module.split('/').next().filter(|h| h.contains('.'))?;
        let known = self
            .private_hosts
            .iter()
            .any(|p| crate::goenv::pattern::match_prefix_patterns(p, module))
            || crate::goenv::pattern::match_prefix_patterns(&self.goprivate, module);
        if !known {
            return None;
        }
        if self.goprivate.split(',').any(|p| p.trim() == host) {
            return Some(self.goprivate.clone());
        }
        Some(if self.goprivate.trim().is_empty() {
            host.to_string()
        } else {
            format!("{},{host}", self.goprivate)
        })
    }
}

/// One line of output and what it means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub class: Class,
    /// The line, credentials redacted.
    pub line: String,
    pub en: String,
    pub zh: String,
    /// Settings that fix it (applied through preview, backup and undo), if any.
    pub fix: Option<BTreeMap<String, String>>,
}

/// Every non-empty line of the text, classified and explained. The indented lines after a
/// `server response:` line are the server's text too.
pub fn explain(text: &str, evidence: &Evidence) -> Vec<Finding> {
    let mut in_server_text = false;
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut class = classify(line);
            if class == Class::ServerResponse {
                in_server_text = true;
            } else if in_server_text && line.starts_with([' ', '\t']) {
                class = Class::ServerResponse;
            } else {
                in_server_text = false;
            }
            let (t, fix) = describe(class, line, evidence);
            Finding {
                class,
                line: crate::goenv::gourl::redact_text(line),
                en: t.en,
                zh: t.zh,
                fix,
            }
        })
        .collect()
}

/// The module path a go error line names (`go: example.com/m@v1.0.0: ...`).
pub(crate) fn module_of(line: &str) -> Option<&str> {
    line.split_whitespace()
        .map(|t| t.trim_end_matches(':'))
        .find_map(|t| {
            let (path, _) = t.split_once('@')?;
            (path.contains('/') && path.contains('.') && !path.contains("://")).then_some(path)
        })
}

#[cfg(test)]
mod tests;
