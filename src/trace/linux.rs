//! Linux: one non-blocking TCP socket per attempt, its TTL set (`IP_TTL`, `IPV6_UNICAST_HOPS`)
//! and `IP_RECVERR` on, so the router where the TTL expires has its ICMP "time exceeded" (or
//! "unreachable") queued on the socket's error queue with the router's address; the target's
//! SYN-ACK makes the socket writable and its reset sets `ECONNREFUSED`. No raw socket, no root.
//! Every socket is polled at once.
//!
//! A router that rate-limits its ICMP messages may answer only the SYN's retransmission (sent
//! after the kernel's initial timeout of 1 s, then 2 s, 4 s ... later): its round trip is
//! measured from that retransmission, not from the first SYN.

use super::TraceError;
use super::prober::{Answer, Prober};
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::socket::{
    AddressFamily, ControlMessageOwned, MsgFlags, SockFlag, SockType, SockaddrStorage, connect,
    getsockopt, recvmsg, setsockopt, socket, sockopt,
};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::time::{Duration, Instant};

/// When Linux retransmits an unanswered SYN, counted from the first (`TCP_TIMEOUT_INIT`, doubling).
const SYN_RETRIES_S: [u64; 5] = [1, 3, 7, 15, 31];

/// `SO_EE_ORIGIN_ICMP` and `SO_EE_ORIGIN_ICMP6`.
const ORIGIN_ICMP: u8 = 2;
const ORIGIN_ICMP6: u8 = 3;

pub struct TcpProber {
    dest: SocketAddr,
    open: Vec<(usize, OwnedFd, Instant)>,
}

impl TcpProber {
    pub fn new(dest: SocketAddr) -> Self {
        Self {
            dest,
            open: Vec::new(),
        }
    }
}

fn io_error(e: Errno) -> TraceError {
    TraceError::new(
        format!("cannot open a connection attempt: {}", e.desc()),
        format!("无法发起连接尝试：{}", e.desc()),
    )
}

impl Prober for TcpProber {
    fn launch(&mut self, id: usize, ttl: u8) -> Result<(), TraceError> {
        let v6 = self.dest.is_ipv6();
        let family = if v6 {
            AddressFamily::Inet6
        } else {
            AddressFamily::Inet
        };
        let fd = socket(
            family,
            SockType::Stream,
            SockFlag::SOCK_NONBLOCK | SockFlag::SOCK_CLOEXEC,
            None,
        )
        .map_err(io_error)?;
        let hops = i32::from(ttl);
        if v6 {
            setsockopt(&fd, sockopt::Ipv6Ttl, &hops).map_err(io_error)?;
            setsockopt(&fd, sockopt::Ipv6RecvErr, &true).map_err(io_error)?;
        } else {
            setsockopt(&fd, sockopt::Ipv4Ttl, &hops).map_err(io_error)?;
            setsockopt(&fd, sockopt::Ipv4RecvErr, &true).map_err(io_error)?;
        }
        match connect(fd.as_raw_fd(), &SockaddrStorage::from(self.dest)) {
            Ok(()) | Err(Errno::EINPROGRESS) => {}
            Err(e @ (Errno::ENETUNREACH | Errno::EHOSTUNREACH)) => {
                return Err(TraceError::new(
                    format!(
                        "this machine has no route to {}: {}",
                        self.dest.ip(),
                        e.desc()
                    ),
                    format!("本机没有到 {} 的路由：{}", self.dest.ip(), e.desc()),
                ));
            }
            Err(e) => return Err(io_error(e)),
        }
        self.open.push((id, fd, Instant::now()));
        Ok(())
    }

    fn wait(&mut self, until: Instant) -> Vec<(usize, Answer, Duration)> {
        let mut out = Vec::new();
        loop {
            let left = until.saturating_duration_since(Instant::now());
            if self.open.is_empty() {
                std::thread::sleep(left);
                return out;
            }
            let ms = u16::try_from(left.as_millis().min(10_000)).unwrap_or(10_000);
            let ready: Vec<usize> = {
                let mut fds: Vec<PollFd> = self
                    .open
                    .iter()
                    .map(|(_, fd, _)| PollFd::new(fd.as_fd(), PollFlags::POLLOUT))
                    .collect();
                match poll(&mut fds, PollTimeout::from(ms)) {
                    Ok(0) | Err(_) => Vec::new(),
                    Ok(_) => fds
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.revents().is_some_and(|r| !r.is_empty()))
                        .map(|(i, _)| i)
                        .collect(),
                }
            };
            let at = Instant::now();
            for i in ready.into_iter().rev() {
                let (id, fd, sent) = self.open.swap_remove(i);
                if let Some(answer) = read_answer(&fd) {
                    out.push((id, answer, round_trip(at.saturating_duration_since(sent))));
                }
                // Dropping the socket closes it: an accepted connection is ended at once.
            }
            if !out.is_empty() || Instant::now() >= until {
                return out;
            }
        }
    }
}

/// The round trip of the SYN that was answered: the time since the latest retransmission.
fn round_trip(since_first: Duration) -> Duration {
    let resent = SYN_RETRIES_S
        .iter()
        .map(|s| Duration::from_secs(*s))
        .filter(|r| *r <= since_first)
        .max()
        .unwrap_or_default();
    since_first - resent
}

/// What a ready socket says: its error queue's ICMP message, else its connection state.
fn read_answer(fd: &OwnedFd) -> Option<Answer> {
    let mut data = [0u8; 256];
    let mut iov = [std::io::IoSliceMut::new(&mut data)];
    let mut space = nix::cmsg_space!(nix::libc::sock_extended_err, nix::libc::sockaddr_in6);
    if let Ok(msg) = recvmsg::<SockaddrStorage>(
        fd.as_raw_fd(),
        &mut iov,
        Some(&mut space),
        MsgFlags::MSG_ERRQUEUE,
    ) && let Ok(cmsgs) = msg.cmsgs()
    {
        for c in cmsgs {
            let (origin, kind, from) = match c {
                ControlMessageOwned::Ipv4RecvErr(e, Some(a)) => (
                    e.ee_origin,
                    e.ee_type,
                    IpAddr::V4(Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr))),
                ),
                ControlMessageOwned::Ipv6RecvErr(e, Some(a)) => (
                    e.ee_origin,
                    e.ee_type,
                    IpAddr::V6(Ipv6Addr::from(a.sin6_addr.s6_addr)),
                ),
                _ => continue,
            };
            let answer = match (origin, kind) {
                (ORIGIN_ICMP, 11) | (ORIGIN_ICMP6, 3) => Answer::TimeExceeded(from),
                (ORIGIN_ICMP, 3) | (ORIGIN_ICMP6, 1) => Answer::Unreachable { from },
                _ => continue,
            };
            return Some(answer);
        }
    }
    match getsockopt(fd, sockopt::SocketError) {
        Ok(0) => Some(Answer::Accepted),
        Ok(e) if e == Errno::ECONNREFUSED as i32 => Some(Answer::Reset),
        // Another error (a timeout of the kernel's own): no answer from the path.
        _ => None,
    }
}
