//! What a platform's prober does: send one attempt with a TTL, report what came back.

use super::TraceError;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// The longest one attempt is waited for (less when the deadline is nearer).
pub const PROBE_WAIT: Duration = Duration::from_secs(3);
/// How this build probes (`Trace::method`).
pub(crate) const METHOD: &str = if cfg!(windows) { "icmp+tcp" } else { "tcp" };

/// What came back for one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    /// ICMP time exceeded from a router.
    TimeExceeded(IpAddr),
    /// ICMP destination unreachable (from a router, or from the target's host).
    Unreachable { from: IpAddr },
    /// The target accepted the connection (a SYN-ACK; on Windows an echo reply and then an
    /// accepted connection).
    Accepted,
    /// The target answered with a reset.
    Reset,
}

/// Sends attempts with a TTL and reports their answers.
pub(crate) trait Prober {
    /// Starts one attempt (`id` names it in the answers).
    fn launch(&mut self, id: usize, ttl: u8) -> Result<(), TraceError>;
    /// Waits until `until` at most, returning as soon as some answers came, each with its
    /// round trip.
    fn wait(&mut self, until: Instant) -> Vec<(usize, Answer, Duration)>;
}
