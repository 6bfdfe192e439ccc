//! Trace / 路径追踪: where the path to a mirror or checksum database breaks, hop by hop, along
//! the route real downloads take (a TCP connection to the port the go command would use, so
//! firewalls that drop ICMP echo are crossed the same way). For each TTL a few connection
//! attempts leave with that TTL; a router where it expires answers "time exceeded" (read from
//! the socket's error queue on Linux: no raw socket, no root), the target answers with a
//! SYN-ACK or a reset. Hops are probed concurrently and the whole trace ends within its
//! deadline. No module path is ever sent: nothing but connection attempts leave.
//!
//! [`run`] is the one entry point; [`words`] says the verdict in both languages and
//! [`text`] renders the hop table for IT ("Copy as text", the doctor's report).

mod engine;
#[cfg(target_os = "linux")]
mod linux;
mod prober;
mod target;
pub mod text;
#[cfg(windows)]
mod windows;
pub mod words;

use serde::Serialize;
use std::net::IpAddr;
use std::time::Duration;

pub use engine::run;
pub use target::{Target, parse_target};

/// The default and the largest `--max-hops`.
pub const DEFAULT_MAX_HOPS: u8 = 30;
pub const MAX_HOPS_LIMIT: u8 = 64;
/// The default budget of a whole trace.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Connection attempts per TTL.
pub const ATTEMPTS: usize = 3;
/// The trace stops after this many silent TTLs beyond the last hop that answered.
pub const SILENT_HOPS: u8 = 5;

/// What to trace.
#[derive(Clone, Debug)]
pub struct Request {
    pub target: Target,
    pub max_hops: u8,
    pub timeout: Duration,
    /// The environment whose proxy variables decide the path (HTTPS_PROXY, NO_PROXY).
    pub env: crate::goenv::location::EnvMap,
}

impl Request {
    pub fn new(target: Target, env: crate::goenv::location::EnvMap) -> Self {
        Self {
            target,
            max_hops: DEFAULT_MAX_HOPS,
            timeout: DEFAULT_TIMEOUT,
            env,
        }
    }
}

/// How a trace ended (`gomirror trace --json`'s `verdict`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The target accepted the connection.
    Reached,
    /// The path goes quiet after `stopped_after_ttl`.
    Silent,
    /// The target answered with a reset: reached, but nothing listens on the port.
    Refused,
    /// The name resolved to a private or loopback address.
    DnsPrivate,
    /// A router answered that the target cannot be reached (ICMP unreachable).
    NoRoute,
}

/// What answered a hop's probes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HopKind {
    /// Nothing answered.
    Silent,
    /// A router: ICMP time exceeded.
    Router,
    /// A router (or the target's host) answered ICMP unreachable.
    Unreachable,
    /// The target itself (a SYN-ACK, a reset, or an echo reply).
    Target,
}

/// One TTL of the trace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hop {
    pub ttl: u8,
    /// Who answered (null for a silent hop).
    pub address: Option<String>,
    /// The median of the answers' round trips, in milliseconds.
    pub rtt_ms: Option<f64>,
    /// The share of attempts that got no answer, 0 to 1.
    pub loss: f64,
    pub kind: HopKind,
}

/// A finished trace (`gomirror trace --json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trace {
    /// As given (a URL is redacted).
    pub target: String,
    /// The address traced to (the proxy's when `via_proxy`).
    pub address: Option<String>,
    pub port: u16,
    /// The trace went to the HTTPS/HTTP proxy the go command would use: that is the path.
    pub via_proxy: bool,
    /// That proxy, redacted.
    pub proxy: Option<String>,
    /// How the hops were probed: `tcp` (connection attempts, Linux) or `icmp+tcp` (echo
    /// requests, then a connection to the port, Windows).
    pub method: &'static str,
    /// Every TTL tried, in order.
    pub hops: Vec<Hop>,
    pub reached: bool,
    /// The last TTL that answered when the path went quiet (0: none answered); null when
    /// the trace reached the target or was answered "unreachable".
    pub stopped_after_ttl: Option<u8>,
    pub verdict: Verdict,
    pub en: String,
    pub zh: String,
    pub elapsed_ms: u64,
}

impl Trace {
    /// The hop where the path breaks: the first silent TTL after the last answer, or the
    /// router that answered "unreachable".
    pub fn break_ttl(&self) -> Option<u8> {
        match self.verdict {
            Verdict::Silent => self.stopped_after_ttl.map(|t| t + 1),
            Verdict::NoRoute => self.hops.last().map(|h| h.ttl),
            _ => None,
        }
    }
}

/// Why no trace could be run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TraceError {
    #[error("{en}")]
    Failed { en: String, zh: String },
}

impl TraceError {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self::Failed {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn text(&self) -> crate::i18n::Text {
        let Self::Failed { en, zh } = self;
        crate::i18n::Text::new(en.clone(), zh.clone())
    }
}

/// Not a public address: loopback, private (RFC 1918, unique local), shared (RFC 6598, the
/// carrier-grade NAT range), link-local or unspecified. Where a trace's "local network" ends.
pub fn local_network(ip: IpAddr) -> bool {
    crate::probe::resolve::private_address(ip)
        || matches!(ip, IpAddr::V4(v4) if v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64)
}

/// Whether a hop's address is inside the local network (for the verdict's words).
pub(crate) fn is_local(address: &str) -> bool {
    address.parse::<IpAddr>().is_ok_and(local_network)
}
