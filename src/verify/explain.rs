//! The explainer: lines of go command output sorted into the classes users meet, each with a
//! plain explanation in both languages and, where one exists, a fix that goes through the normal
//! preview/apply/undo path. The patterns were taken from what the real go command (1.27 and
//! 1.19) prints against the test lab (`tests/explain_go.rs`).

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
    SumdbUnreachable,
    NotFound,
    Gone,
    AuthRequired,
    TlsUntrusted,
    ChecksumMismatch,
    InvalidGoproxy,
    InvalidGosumdb,
    LookupDisabled,
    GitAuth,
    ToolchainUnavailable,
    Unknown,
}

impl Class {
    pub const ALL: [Self; 14] = [
        Self::ProxyUnreachable,
        Self::ProxyTimeout,
        Self::SumdbUnreachable,
        Self::NotFound,
        Self::Gone,
        Self::AuthRequired,
        Self::TlsUntrusted,
        Self::ChecksumMismatch,
        Self::InvalidGoproxy,
        Self::InvalidGosumdb,
        Self::LookupDisabled,
        Self::GitAuth,
        Self::ToolchainUnavailable,
        Self::Unknown,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::ProxyUnreachable => "proxy-unreachable",
            Self::ProxyTimeout => "proxy-timeout",
            Self::SumdbUnreachable => "sumdb-unreachable",
            Self::NotFound => "not-found",
            Self::Gone => "gone",
            Self::AuthRequired => "auth-required",
            Self::TlsUntrusted => "tls-untrusted",
            Self::ChecksumMismatch => "checksum-mismatch",
            Self::InvalidGoproxy => "invalid-goproxy",
            Self::InvalidGosumdb => "invalid-gosumdb",
            Self::LookupDisabled => "lookup-disabled",
            Self::GitAuth => "git-auth",
            Self::ToolchainUnavailable => "toolchain-unavailable",
            Self::Unknown => "unknown",
        }
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

const NETWORK: &[&str] = &[
    "connection refused",
    "no such host",
    "network is unreachable",
    "proxyconnect tcp",
    "connection reset",
    "no route to host",
    "dial tcp",
    "server misbehaving",
    "unexpected eof",
];

const TIMEOUT: &[&str] = &[
    "tls handshake timeout",
    "i/o timeout",
    "context deadline exceeded",
    "timeout awaiting response headers",
    "client.timeout exceeded",
    "gomirror: the go command did not finish",
];

fn any(line: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| line.contains(n))
}

/// Sorts one line into a class.
pub fn classify(line: &str) -> Class {
    // `-x` trace lines (`# get URL: 404 Not Found`) are steps, not the failure: the go command
    // asks several places and a 404 on the way is normal.
    if line.starts_with("# ") {
        return Class::Unknown;
    }
    let l = line.to_ascii_lowercase();
    let sumdb = l.contains("sum.golang") || l.contains("/sumdb/") || l.contains("verifying ");
    if l.contains("checksum mismatch") || l.contains("security error") {
        Class::ChecksumMismatch
    } else if l.contains("disabled by goproxy=off") {
        Class::LookupDisabled
    } else if l.contains("malformed verifier id")
        || l.contains("invalid gosumdb")
        || l.contains("invalid sumdb")
        || l.contains("gosumdb=")
            && any(&l, &["unsupported scheme", "no host in request", "invalid"])
    {
        Class::InvalidGosumdb
    } else if l.contains("invalid proxy url")
        || l.contains("goproxy list is not the empty string")
        || l.contains("invalid goproxy")
    {
        Class::InvalidGoproxy
    } else if l.contains("toolchain not available") {
        Class::ToolchainUnavailable
    } else if any(
        &l,
        &[
            "terminal prompts disabled",
            "could not read username",
            "could not read password",
            "permission denied (publickey",
            "host key verification failed",
            "authentication failed for",
            // Go 1.21+ when git could use no secure scheme (https, ssh): in practice, credentials.
            "no secure protocol found for repository",
        ],
    ) {
        Class::GitAuth
    } else if any(
        &l,
        &[
            "x509:",
            "certificate signed by unknown authority",
            "tls: failed to verify",
        ],
    ) {
        Class::TlsUntrusted
    } else if l.contains("401 unauthorized") || l.contains("403 forbidden") {
        Class::AuthRequired
    } else if l.contains("410 gone") {
        Class::Gone
    } else if any(
        &l,
        &[
            "404 not found",
            "unknown revision",
            "no matching versions for query",
            "cannot find module providing package",
        ],
    ) {
        Class::NotFound
    } else if sumdb && (any(&l, TIMEOUT) || any(&l, NETWORK)) {
        Class::SumdbUnreachable
    } else if any(&l, TIMEOUT) {
        Class::ProxyTimeout
    } else if any(&l, NETWORK) && (l.contains("http") || l.contains("dial tcp")) {
        Class::ProxyUnreachable
    } else {
        Class::Unknown
    }
}

/// The module path a go error line names (`go: example.com/m@v1.0.0: ...`).
fn module_of(line: &str) -> Option<&str> {
    line.split_whitespace()
        .map(|t| t.trim_end_matches(':'))
        .find_map(|t| {
            let (path, _) = t.split_once('@')?;
            (path.contains('/') && path.contains('.') && !path.contains("://")).then_some(path)
        })
}

fn fix(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, String>> {
    Some(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// The explanation and the fix for a line of a class.
pub fn describe(class: Class, line: &str) -> (Text, Option<BTreeMap<String, String>>) {
    const MIRROR: &str = "https://goproxy.cn,direct";
    let module = module_of(line).unwrap_or("");
    let private = crate::project::private_host(module);
    let private_fix = private.as_deref().and_then(|h| fix(&[("GOPRIVATE", h)]));
    match class {
        Class::ProxyUnreachable => (
            tr!(
                "The go command cannot connect to the module proxy (refused, no such host, or blocked). In mainland China proxy.golang.org is often unreachable: use a mirror that answers from your network (gomirror probe finds the best one).",
                "go 命令无法连接模块代理（被拒绝、找不到主机或被拦截）。在中国大陆 proxy.golang.org 常常无法访问：请使用在你的网络中能连通的镜像（“gomirror probe”会找出最合适的）。"
            ),
            fix(&[("GOPROXY", MIRROR)]),
        ),
        Class::ProxyTimeout => (
            tr!(
                "The module proxy did not answer in time (a blocked host often drops packets, so the go command waits and then times out). Use a mirror that answers from your network.",
                "模块代理没有及时响应（被封锁的主机常常直接丢弃数据包，go 命令只能等到超时）。请使用在你的网络中能连通的镜像。"
            ),
            fix(&[("GOPROXY", MIRROR)]),
        ),
        Class::SumdbUnreachable => (
            tr!(
                "The checksum database (sum.golang.org) cannot be reached, so downloads cannot be verified. Use sum.golang.google.cn (the same database, reachable from mainland China) or a mirror that proxies it; do not turn verification off.",
                "无法连接校验和数据库（sum.golang.org），下载无法被验证。请使用 sum.golang.google.cn（同一个数据库，中国大陆可访问）或代理了它的镜像；不要关闭校验。"
            ),
            // A private module is not in the public database at all: keep it out of it.
            private_fix
                .clone()
                .or_else(|| fix(&[("GOSUMDB", "sum.golang.google.cn")])),
        ),
        Class::NotFound => (
            tr!(
                "The proxy does not have this module or version. Check the path and version; a private module must not go through a public proxy (add it to GOPRIVATE); a brand-new tag may not have reached the mirror yet.",
                "代理上没有这个模块或版本。请检查路径和版本；私有模块不能经过公共代理（把它加入 GOPRIVATE）；刚发布的版本可能还没同步到镜像。"
            ),
            private_fix,
        ),
        Class::Gone => (
            tr!(
                "410 Gone: the proxy or the checksum database refuses this module, usually because it is private (not reachable from the internet). Add its host to GOPRIVATE so that it is fetched directly and not looked up in the public database.",
                "“410 Gone”：代理或校验和数据库拒绝了这个模块，通常因为它是私有模块（互联网上无法访问）。把它的主机加入 GOPRIVATE，直接获取且不去公共数据库查询。"
            ),
            private_fix,
        ),
        Class::AuthRequired => (
            tr!(
                "The proxy asks for credentials (401/403). Put them in .netrc (GOAUTH=netrc, the default), never in GOPROXY; gomirror move-credentials does it for a GOPROXY that carries a password.",
                "代理要求凭据（401/403）。请把凭据放进 .netrc（GOAUTH=netrc，默认），不要写在 GOPROXY 里；GOPROXY 中已带密码时可用“gomirror move-credentials”移走。"
            ),
            None,
        ),
        Class::TlsUntrusted => (
            tr!(
                "The server's certificate is not trusted: a company gateway that inspects TLS, or a wrong host. Give the go command the company's root certificate with SSL_CERT_FILE (or install it in the system store); never switch to http.",
                "服务器证书不受信任：可能是检查 TLS 的公司网关，或主机不对。请用 SSL_CERT_FILE 把公司的根证书交给 go 命令（或装入系统证书库）；不要改用 http。"
            ),
            None,
        ),
        Class::ChecksumMismatch => (
            tr!(
                "SECURITY ERROR: the downloaded module is not what the checksum database recorded. Do not turn verification off: a mirror may serve a stale or tampered copy. Clean the module cache (go clean -modcache) and download through another mirror.",
                "安全错误：下载的模块与校验和数据库记录的不一致。不要关闭校验：镜像可能提供了过期或被篡改的副本。请清理模块缓存（“go clean -modcache”）并换一个镜像下载。"
            ),
            None,
        ),
        Class::InvalidGoproxy => (
            tr!(
                "GOPROXY is not valid: each entry must be an https:// (or http://, file://) URL, direct or off, separated by , or |.",
                "GOPROXY 无效：每一项必须是 https://（或 http://、file://）网址、direct 或 off，用 , 或 | 分隔。"
            ),
            fix(&[("GOPROXY", MIRROR)]),
        ),
        Class::InvalidGosumdb => (
            tr!(
                "GOSUMDB is not valid: it must be off, a database name (sum.golang.org, sum.golang.google.cn), a name with its key, or a name and a URL.",
                "GOSUMDB 无效：它必须是 off、数据库名称（sum.golang.org、sum.golang.google.cn）、带公钥的名称，或名称加网址。"
            ),
            fix(&[("GOSUMDB", "sum.golang.google.cn")]),
        ),
        Class::LookupDisabled => (
            tr!(
                "GOPROXY=off forbids every download. Set a proxy list instead.",
                "GOPROXY=off 禁止了所有下载。请改为设置代理列表。"
            ),
            fix(&[("GOPROXY", MIRROR)]),
        ),
        Class::GitAuth => (
            tr!(
                "git needs credentials for a module fetched directly (GOPRIVATE, GONOPROXY or direct), and the go command does not let it ask. Use SSH (url.insteadOf) or store a token in .netrc; gomirror project git-check explains and fixes it.",
                "直接获取的模块（GOPRIVATE、GONOPROXY 或 direct）需要 git 凭据，而 go 命令不允许 git 询问。请改用 SSH（url.insteadOf）或在 .netrc 中保存令牌；“gomirror project git-check”会说明并修复。"
            ),
            None,
        ),
        Class::ToolchainUnavailable => (
            tr!(
                "The project asks for a newer Go toolchain than the one installed, and the configured proxy does not offer it. Install that Go version, use a mirror that serves golang.org/toolchain, or keep the local one (GOTOOLCHAIN=local) if the project allows it.",
                "项目要求的 Go 工具链比已安装的新，而配置的代理不提供它。请安装该 Go 版本、使用提供 golang.org/toolchain 的镜像，或在项目允许时继续使用本地版本（GOTOOLCHAIN=local）。"
            ),
            fix(&[("GOTOOLCHAIN", "local")]),
        ),
        Class::Unknown => (
            tr!(
                "Not a known problem (or not a problem).",
                "不是已知的问题（或不是问题）。"
            ),
            None,
        ),
    }
}

/// Every non-empty line of the text, classified and explained.
pub fn explain(text: &str) -> Vec<Finding> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let class = classify(line);
            let (t, fix) = describe(class, line);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths() {
        assert_eq!(
            module_of(
                "go: git.corp.example/a/b@v1.0.0: reading https://x/@v/v1.0.0.info: 410 Gone"
            ),
            Some("git.corp.example/a/b")
        );
        assert_eq!(module_of("dial tcp 127.0.0.1:9: connect"), None);
    }

    #[test]
    fn unrelated_lines_are_unknown() {
        for l in [
            "go: downloading golang.org/x/text v0.14.0",
            "go: finding module for package example.com/x",
            "hello world",
            "",
        ] {
            assert_eq!(classify(l), Class::Unknown, "{l}");
        }
    }
}
