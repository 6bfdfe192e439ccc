//! Why a certificate chain was refused, named as Go's `crypto/x509` and `crypto/tls` name it
//! (the English text is the go command's own, so a user can search for it) and said in words in
//! Chinese.

use crate::i18n::Text;
use crate::tr;
use serde::Serialize;

/// Go's smallest RSA key (Go 1.24+: `rsa1024min`).
pub const RSA_MIN_BITS: usize = 1024;
/// crypto/tls's largest RSA key in a server's certificate.
pub const RSA_MAX_TLS_BITS: usize = 8192;

/// One reason the go command refuses a server's certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CertProblem {
    /// No chain leads to a trusted root. `hint` is the first reason a candidate issuer was
    /// turned down, as Go reports it ("possibly because of ...").
    UnknownAuthority {
        issuer: String,
        hint: Option<Box<CertProblem>>,
    },
    /// A certificate's validity ended.
    Expired { subject: String, not_after: String },
    /// A certificate's validity has not started.
    NotYetValid { subject: String, not_before: String },
    /// The leaf names other hosts.
    HostnameMismatch {
        host: String,
        valid_for: Vec<String>,
    },
    /// The leaf has no subjectAltName and only its Common Name matches (refused since Go 1.15).
    LegacyCommonName { host: String },
    /// The host is an IP address and the leaf has no IP SANs.
    NoIpSans { host: String },
    /// An extended key usage in the chain does not allow TLS servers.
    IncompatibleUsage { subject: String },
    /// An intermediate is not a CA (basic constraints missing or CA:FALSE).
    NotAuthorizedToSign { subject: String },
    /// The issuer's basic constraints or key usage forbid signing certificates.
    ParentCannotSign { issuer: String },
    /// More intermediates than a CA's path length allows.
    TooManyIntermediates { subject: String },
    /// A name in the chain is outside a CA's name constraints.
    NameConstraint { subject: String, detail: String },
    /// A critical extension Go does not handle.
    UnhandledCriticalExtension { subject: String, oid: String },
    /// Signed with SHA-1 or MD5.
    InsecureAlgorithm { algorithm: String },
    /// An RSA key below 1024 bits (Go 1.24+), or above 8192 bits in a server's own certificate.
    RsaKeySize { bits: usize },
    /// A key or signature algorithm Go does not implement.
    UnsupportedAlgorithm { detail: String },
    /// The signature does not verify with the issuer's key.
    BadSignature { detail: String },
    /// Every chain was dropped for another reason (keys the go command distrusts).
    NoValidChains { detail: String },
    /// The certificate could not be parsed.
    Unparsable { detail: String },
}

impl CertProblem {
    /// The go command's own wording in English, and the reason in words in Chinese.
    pub fn text(&self) -> Text {
        match self {
            Self::UnknownAuthority { issuer, hint } => match hint {
                Some(h) => {
                    let inner = h.text();
                    let (en, zh) = (inner.en, inner.zh);
                    tr!(
                        "x509: certificate signed by unknown authority (possibly because of \"{en}\" while trying to verify candidate authority certificate \"{issuer}\")",
                        "证书的签发者不受信任：候选签发证书“{issuer}”未通过检查（{zh}）"
                    )
                }
                None => tr!(
                    "x509: certificate signed by unknown authority (issuer {issuer})",
                    "证书的签发者（{issuer}）不在 go 命令信任的根证书中：请把公司的根证书加入系统信任库或 SSL_CERT_FILE"
                ),
            },
            Self::Expired { subject, not_after } => tr!(
                "x509: certificate has expired or is not yet valid: \"{subject}\" expired at {not_after}",
                "证书“{subject}”已于 {not_after} 过期"
            ),
            Self::NotYetValid {
                subject,
                not_before,
            } => tr!(
                "x509: certificate has expired or is not yet valid: \"{subject}\" is valid only from {not_before}",
                "证书“{subject}”要到 {not_before} 才生效（请检查本机时钟）"
            ),
            Self::HostnameMismatch { host, valid_for } => {
                if valid_for.is_empty() {
                    tr!(
                        "x509: certificate is not valid for any names, but wanted to match {host}",
                        "证书不包含任何主机名，无法用于 {host}"
                    )
                } else {
                    let names = valid_for.join(", ");
                    tr!(
                        "x509: certificate is valid for {names}, not {host}",
                        "证书只适用于 {names}，不适用于 {host}"
                    )
                }
            }
            Self::LegacyCommonName { host } => tr!(
                "x509: certificate relies on legacy Common Name field, use SANs instead (host {host})",
                "证书只在旧式的 Common Name 字段中写了主机名 {host}，没有 subjectAltName（Go 1.15 起不再接受）"
            ),
            Self::NoIpSans { host } => tr!(
                "x509: cannot validate certificate for {host} because it doesn't contain any IP SANs",
                "证书不包含 IP 地址（IP SAN），不能用于 {host}"
            ),
            Self::IncompatibleUsage { subject } => tr!(
                "x509: certificate specifies an incompatible key usage (\"{subject}\" does not allow TLS servers)",
                "证书链中的“{subject}”的扩展密钥用法不允许用于 TLS 服务器"
            ),
            Self::NotAuthorizedToSign { subject } => tr!(
                "x509: \"{subject}\" certificate is not authorized to sign other certificates",
                "中间证书“{subject}”不是 CA 证书，无权签发其他证书"
            ),
            Self::ParentCannotSign { issuer } => tr!(
                "x509: invalid signature: parent certificate \"{issuer}\" cannot sign this kind of certificate",
                "签发者证书“{issuer}”的基本约束或密钥用法不允许签发证书"
            ),
            Self::TooManyIntermediates { subject } => tr!(
                "x509: too many intermediates for path length constraint of \"{subject}\"",
                "中间证书的层数超过了“{subject}”允许的路径长度"
            ),
            Self::NameConstraint { subject, detail } => tr!(
                "x509: a root or intermediate certificate is not authorized to sign for this name: {detail} (\"{subject}\")",
                "CA 证书“{subject}”的名称约束不允许签发这个名称：{detail}"
            ),
            Self::UnhandledCriticalExtension { subject, oid } => tr!(
                "x509: unhandled critical extension {oid} in \"{subject}\"",
                "证书“{subject}”含有 go 命令不支持的关键扩展 {oid}"
            ),
            Self::InsecureAlgorithm { algorithm } => tr!(
                "x509: cannot verify signature: insecure algorithm {algorithm}",
                "证书使用了不安全的签名算法 {algorithm}，go 命令不再接受"
            ),
            Self::RsaKeySize { bits } if *bits > RSA_MAX_TLS_BITS => tr!(
                "tls: server sent certificate containing RSA key larger than 8192 bits ({bits} bits)",
                "服务器证书的 RSA 密钥为 {bits} 位，超过 go 命令接受的 8192 位上限"
            ),
            Self::RsaKeySize { bits } => tr!(
                "crypto/rsa: {bits}-bit keys are insecure (the go command accepts RSA keys from 1024 bits)",
                "RSA 密钥只有 {bits} 位，不安全：go 命令只接受 1024 位及以上的 RSA 密钥"
            ),
            Self::UnsupportedAlgorithm { detail } => tr!(
                "x509: cannot verify signature: algorithm unimplemented ({detail})",
                "证书使用了 go 命令不支持的算法（{detail}）"
            ),
            Self::BadSignature { detail } => tr!(
                "x509: invalid signature ({detail})",
                "证书签名无效（{detail}）"
            ),
            Self::NoValidChains { detail } => tr!(
                "x509: no valid chains built: {detail}",
                "没有可用的证书链：证书链经过 go 命令不再信任的密钥"
            ),
            Self::Unparsable { detail } => tr!(
                "x509: malformed certificate ({detail})",
                "证书格式无效，无法解析（{detail}）"
            ),
        }
    }
}

impl std::fmt::Display for CertProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for CertProblem {}
