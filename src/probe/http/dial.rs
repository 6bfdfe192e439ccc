//! The TCP connect as the go command's dialer makes it (Go's `net.Dialer`, "Happy Eyeballs",
//! RFC 6555): the addresses of the first answer's family are tried one after another, each
//! with its share of the time left (at least 2 s, as Go's `partialDeadline`); the other family
//! starts 300 ms later, or as soon as the first family has failed; the first connection wins.
//! When every address fails, the first family's first error is the one reported, as Go does.
//! So `localhost` answering `::1` first still reaches a server listening on 127.0.0.1 only.

use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::time::Instant;

/// Go's `Dialer.FallbackDelay` default.
const FALLBACK_DELAY: Duration = Duration::from_millis(300);
/// Go's `saneMinimum` in `partialDeadline`.
const SANE_MINIMUM: Duration = Duration::from_secs(2);

/// Why no connection was made.
#[derive(Debug)]
pub(crate) enum DialError {
    /// The time ran out before any address answered.
    TimedOut,
    /// The first failure, worded as Go words it: `dial tcp ADDR: ERROR`.
    Failed(String),
}

/// Connects to one of `addrs` within `limit`.
pub(crate) async fn dial(addrs: &[SocketAddr], limit: Duration) -> Result<TcpStream, DialError> {
    let deadline = Instant::now() + limit;
    let Some(first) = addrs.first() else {
        return Err(DialError::Failed("no addresses".into()));
    };
    let (primaries, fallbacks): (Vec<SocketAddr>, Vec<SocketAddr>) =
        addrs.iter().partition(|a| a.is_ipv4() == first.is_ipv4());
    if fallbacks.is_empty() {
        return serial(&primaries, deadline).await;
    }
    let primary = serial(&primaries, deadline);
    tokio::pin!(primary);
    let primary_failed = tokio::select! {
        result = &mut primary => match result {
            Ok(stream) => return Ok(stream),
            Err(e) => Some(e),
        },
        () = tokio::time::sleep_until((Instant::now() + FALLBACK_DELAY).min(deadline)) => None,
    };
    let fallback = serial(&fallbacks, deadline);
    tokio::pin!(fallback);
    if let Some(first_error) = primary_failed {
        return fallback.await.map_err(|_| first_error);
    }
    tokio::select! {
        result = &mut primary => match result {
            Ok(stream) => Ok(stream),
            Err(first_error) => fallback.await.map_err(|_| first_error),
        },
        result = &mut fallback => match result {
            Ok(stream) => Ok(stream),
            Err(_) => primary.await,
        },
    }
}

/// Tries each address in turn, each with its share of the time left.
async fn serial(addrs: &[SocketAddr], deadline: Instant) -> Result<TcpStream, DialError> {
    let mut first_error = None;
    for (i, addr) in addrs.iter().enumerate() {
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        let left = deadline - now;
        let mut share = left / u32::try_from(addrs.len() - i).unwrap_or(u32::MAX);
        if share < SANE_MINIMUM {
            share = left.min(SANE_MINIMUM);
        }
        let error = match tokio::time::timeout(share, TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => return Ok(stream),
            Ok(Err(e)) => DialError::Failed(format!("dial tcp {addr}: {e}")),
            Err(_) => DialError::TimedOut,
        };
        first_error.get_or_insert(error);
    }
    Err(first_error.unwrap_or(DialError::TimedOut))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr, TcpListener};

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    }

    /// A port that refuses on both families: bound and dropped on IPv4, unused on IPv6.
    fn refusing_port() -> u16 {
        let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
        let port = l.local_addr().expect("addr").port();
        drop(l);
        port
    }

    #[test]
    fn a_refusing_first_family_falls_back_to_the_other_at_once() {
        let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind v4");
        let port = l.local_addr().expect("addr").port();
        // ::1 first, as getaddrinfo and Go sort "localhost"; nothing listens there.
        let addrs = [
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), port),
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port),
        ];
        let started = std::time::Instant::now();
        let stream = runtime()
            .block_on(dial(&addrs, Duration::from_secs(3)))
            .expect("reaches 127.0.0.1");
        assert_eq!(
            stream.peer_addr().expect("peer"),
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port)
        );
        assert!(
            started.elapsed() < FALLBACK_DELAY,
            "the fallback waited {:?} after a refusal",
            started.elapsed()
        );
    }

    #[test]
    fn every_address_in_the_family_is_tried_and_the_first_error_reported() {
        let port = refusing_port();
        let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
        let good = l.local_addr().expect("addr");
        let bad = SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port);
        let rt = runtime();
        let stream = rt
            .block_on(dial(&[bad, good], Duration::from_secs(3)))
            .expect("the second address");
        assert_eq!(stream.peer_addr().expect("peer"), good);
        let bad6 = SocketAddr::new(Ipv6Addr::LOCALHOST.into(), port);
        match rt.block_on(dial(&[bad, bad6], Duration::from_secs(3))) {
            Err(DialError::Failed(message)) => {
                assert!(
                    message.starts_with(&format!("dial tcp {bad}: ")),
                    "{message}"
                );
            }
            other => panic!("expected the first address's refusal, got {other:?}"),
        }
    }
}
