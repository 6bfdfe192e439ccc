//! Name resolution with a deadline that really holds.
//!
//! The system resolver (`getaddrinfo`) honours the hosts file, nsswitch and the system's DNS
//! configuration, but it cannot be cancelled: on a network whose DNS server drops queries it
//! blocks for `timeout x attempts` seconds (10 s with glibc's defaults). Tokio's `lookup_host`
//! runs it on the runtime's blocking pool, and a runtime waits for that pool when it shuts down,
//! so a probe with a 2 s budget took 10 s to exit. Here each lookup runs on its own detached
//! thread that nothing waits for; callers wait for its answer only as long as their deadline
//! allows. A [`Resolver`] resolves each `host:port` once and shares the answer with every stage
//! and request of a round, so a silent DNS server sees one lookup (an A and an AAAA query) per
//! host per round instead of one per request.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;

/// Not a public address: loopback, private, link-local, unspecified, unique local.
pub fn private_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback() || v4.is_private() || v4.is_link_local() || v4.is_unspecified()
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| private_address(v4.into()))
        }
    }
}

/// 198.18.0.0/15: the "fake IP" range proxy tools (Clash and friends) answer DNS with.
pub fn fake_ip(ip: IpAddr) -> bool {
    matches!(ip, IpAddr::V4(v4) if v4.octets()[0] == 198 && (v4.octets()[1] & 0xfe) == 18)
}

/// The outcome of one lookup: the addresses, or the resolver's error text.
pub type Answer = Result<Vec<SocketAddr>, String>;

/// Why a lookup gave no addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LookupError {
    /// No answer within the caller's deadline (the lookup may still finish later and is then
    /// shared with later callers).
    TimedOut,
    /// The resolver answered with an error (`Name or service not known`, ...).
    Failed(String),
}

type Slot = watch::Receiver<Option<Answer>>;

/// A per-round cache of lookups. Cheap to clone; clones share the cache.
#[derive(Clone, Default)]
pub struct Resolver {
    lookups: Arc<Mutex<HashMap<(String, u16), Slot>>>,
}

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.lookups.lock().map(|m| m.len()).unwrap_or_default();
        f.debug_struct("Resolver").field("hosts", &n).finish()
    }
}

impl Resolver {
    /// A resolver that reads the system's configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many distinct `host:port` lookups were started (literal addresses excluded).
    pub fn lookups_started(&self) -> usize {
        self.lookups.lock().map(|m| m.len()).unwrap_or_default()
    }

    /// Resolves `host:port`, waiting at most `limit`. An IP literal needs no lookup.
    pub async fn resolve(
        &self,
        host: &str,
        port: u16,
        limit: Duration,
    ) -> Result<Vec<SocketAddr>, LookupError> {
        let literal = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = literal.parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
        let mut slot = self.slot(host, port).map_err(LookupError::Failed)?;
        let waited = tokio::time::timeout(limit, slot.wait_for(Option::is_some)).await;
        match waited {
            Err(_) => Err(LookupError::TimedOut),
            Ok(Err(_)) => Err(LookupError::Failed("the resolver thread stopped".into())),
            Ok(Ok(answer)) => match answer.as_ref() {
                Some(Ok(addrs)) => Ok(addrs.clone()),
                Some(Err(e)) => Err(LookupError::Failed(e.clone())),
                None => Err(LookupError::TimedOut),
            },
        }
    }

    /// The shared slot for `host:port`, starting its lookup thread the first time.
    fn slot(&self, host: &str, port: u16) -> Result<Slot, String> {
        let mut map = self
            .lookups
            .lock()
            .map_err(|_| "the resolver cache is poisoned".to_string())?;
        let key = (host.to_ascii_lowercase(), port);
        if let Some(slot) = map.get(&key) {
            return Ok(slot.clone());
        }
        let (tx, rx) = watch::channel(None);
        let name = key.0.clone();
        // Detached on purpose: nothing joins it, so neither a runtime shutdown nor the process
        // exit waits for a resolver that does not answer.
        std::thread::Builder::new()
            .name("gomirror-dns".into())
            .spawn(move || {
                let answer = (name.as_str(), port)
                    .to_socket_addrs()
                    .map(Iterator::collect)
                    .map_err(|e| e.to_string());
                let _ = tx.send(Some(answer));
            })
            .map_err(|e| format!("cannot start a resolver thread: {e}"))?;
        map.insert(key, rx.clone());
        Ok(rx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn literals_need_no_lookup_and_names_are_shared() {
        let r = Resolver::new();
        let a = r
            .resolve("127.0.0.1", 80, Duration::from_secs(1))
            .await
            .expect("literal");
        assert_eq!(a, vec!["127.0.0.1:80".parse().expect("addr")]);
        let b = r
            .resolve("[::1]", 443, Duration::from_secs(1))
            .await
            .expect("v6 literal");
        assert_eq!(b, vec!["[::1]:443".parse().expect("addr")]);
        assert_eq!(r.lookups_started(), 0);
        let first = r.resolve("localhost", 80, Duration::from_secs(5)).await;
        let second = r.resolve("LOCALHOST", 80, Duration::from_secs(5)).await;
        assert_eq!(first, second);
        assert!(first.is_ok(), "{first:?}");
        assert_eq!(r.lookups_started(), 1, "one lookup per host and port");
    }
}
