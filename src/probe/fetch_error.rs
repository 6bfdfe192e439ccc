//! Where a fetch failed, and how that reads in both languages.

use crate::i18n::{Lang, Text};
use crate::tr;
use serde::Serialize;

/// Which stage a failure happened in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Dns,
    Connect,
    Tls,
    Ttfb,
    Body,
}

/// Why a request failed, by stage, in the go command's terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FetchError {
    Timeout {
        stage: Stage,
    },
    Dns {
        message: String,
    },
    Connect {
        message: String,
    },
    /// The proxy refused the CONNECT or answered badly.
    Proxy {
        message: String,
    },
    Tls {
        message: String,
    },
    /// The server's certificate is one the go command refuses, and why.
    Certificate {
        message: String,
        problem: crate::probe::gox509::CertProblem,
    },
    Http {
        message: String,
    },
    Redirect {
        message: String,
    },
    BadUrl {
        message: String,
    },
}

impl FetchError {
    /// The stage it failed at.
    pub fn stage(&self) -> Stage {
        match self {
            Self::Timeout { stage } => *stage,
            Self::Dns { .. } | Self::BadUrl { .. } => Stage::Dns,
            Self::Connect { .. } | Self::Proxy { .. } => Stage::Connect,
            Self::Tls { .. } | Self::Certificate { .. } => Stage::Tls,
            Self::Http { .. } | Self::Redirect { .. } => Stage::Ttfb,
        }
    }

    /// Unreachable rather than broken: nothing answered.
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            Self::Timeout { .. } | Self::Dns { .. } | Self::Connect { .. } | Self::Proxy { .. }
        )
    }

    /// The English description (also the stable text in logs).
    pub fn describe(&self) -> String {
        self.text().en
    }

    /// The description in both languages. The Chinese text names the failure in Chinese and
    /// keeps only technical tokens (hosts, addresses, status lines) from the raw error.
    pub fn text(&self) -> Text {
        match self {
            Self::Timeout { stage } => {
                let (en, zh) = (stage.label(Lang::En), stage.label(Lang::Zh));
                tr!("timed out in the {en} stage", "{zh}阶段超时")
            }
            Self::Dns { message } => {
                let host = message
                    .strip_prefix("lookup ")
                    .and_then(|m| m.split(':').next())
                    .unwrap_or("");
                Text::new(message.clone(), format!("域名解析失败（{host}）"))
            }
            Self::Connect { message } => {
                let lower = message.to_ascii_lowercase();
                let why = if lower.contains("refused") {
                    "连接被拒绝"
                } else if lower.contains("reset") {
                    "连接被重置"
                } else if lower.contains("unreachable") {
                    "网络不可达"
                } else {
                    "无法建立连接"
                };
                let addr = message
                    .strip_prefix("dial tcp ")
                    .and_then(|m| m.split(": ").next())
                    .unwrap_or("");
                Text::new(message.clone(), format!("{why}（{addr}）"))
            }
            Self::Proxy { message } => {
                let proxy = message
                    .strip_prefix("proxy ")
                    .and_then(|m| m.split(": ").next())
                    .unwrap_or("");
                Text::new(
                    message.clone(),
                    format!("代理服务器 {proxy} 没有接受隧道请求"),
                )
            }
            Self::Tls { message } => {
                let lower = message.to_ascii_lowercase();
                let why = if lower.contains("certificate") || lower.contains("cert") {
                    "TLS 证书无法验证"
                } else {
                    "TLS 握手失败"
                };
                Text::new(message.clone(), why.to_string())
            }
            Self::Certificate { message, problem } => Text::new(
                message.clone(),
                format!("go 命令会拒绝这个 TLS 证书：{}", problem.text().zh),
            ),
            Self::Http { message } => Text::new(message.clone(), "HTTP 应答无效".to_string()),
            Self::Redirect { message } => {
                let zh = if message.contains("https to http") {
                    "拒绝从 https 重定向到 http"
                } else {
                    "重定向次数过多（最多 10 次）"
                };
                Text::new(message.clone(), zh.to_string())
            }
            Self::BadUrl { message } => {
                let url = message.split_once(": ").map_or("", |(_, u)| u);
                Text::new(message.clone(), format!("地址无效：{url}"))
            }
        }
    }
}

impl Stage {
    /// The stage's name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Self::Dns => ("name resolution (DNS)", "域名解析（DNS）"),
            Self::Connect => ("connection (TCP)", "建立连接（TCP）"),
            Self::Tls => ("TLS handshake", "TLS 握手"),
            Self::Ttfb => ("first byte", "等待首字节"),
            Self::Body => ("download", "下载内容"),
        };
        match lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}
