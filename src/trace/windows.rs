//! Windows: ICMP echo requests with a TTL through `IcmpSendEcho2` (iphlpapi), which needs no
//! administrator; a router where the TTL expires answers `IP_TTL_EXPIRED_TRANSIT` with its
//! address. When the target echoes, a TCP connection to the port the go command uses tells
//! "reached" from "refused" (and a port a firewall drops stays silent). Each attempt runs on
//! its own thread with its own handle, so hops are probed concurrently. IPv4 only.

use super::TraceError;
use super::prober::{Answer, PROBE_WAIT, Prober};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};
use windows_sys::Win32::NetworkManagement::IpHelper::{
    ICMP_ECHO_REPLY, IP_DEST_HOST_UNREACHABLE, IP_DEST_NET_UNREACHABLE, IP_DEST_PORT_UNREACHABLE,
    IP_DEST_PROHIBITED, IP_OPTION_INFORMATION, IP_SUCCESS, IP_TTL_EXPIRED_TRANSIT, IcmpCloseHandle,
    IcmpCreateFile, IcmpSendEcho2,
};

type Message = (usize, Answer, Duration);

pub struct IcmpProber {
    dest: SocketAddr,
    tx: Sender<Message>,
    rx: Receiver<Message>,
}

impl IcmpProber {
    pub fn new(dest: SocketAddr) -> Result<Self, TraceError> {
        if dest.is_ipv6() {
            return Err(TraceError::new(
                format!(
                    "tracing an IPv6 path ({}) is not available on Windows yet",
                    dest.ip()
                ),
                format!("Windows 上暂不支持追踪 IPv6 路径（{}）", dest.ip()),
            ));
        }
        let (tx, rx) = channel();
        Ok(Self { dest, tx, rx })
    }
}

impl Prober for IcmpProber {
    fn launch(&mut self, id: usize, ttl: u8) -> Result<(), TraceError> {
        let (tx, dest) = (self.tx.clone(), self.dest);
        std::thread::Builder::new()
            .name("trace-hop".into())
            .spawn(move || {
                let sent = Instant::now();
                if let Some(answer) = echo(dest, ttl) {
                    let rtt = sent.elapsed();
                    let answer = match answer {
                        Answer::Accepted => connect(dest, sent),
                        other => Some(other),
                    };
                    if let Some(a) = answer {
                        let _ = tx.send((id, a, rtt));
                    }
                }
            })
            .map(|_| ())
            .map_err(|e| {
                TraceError::new(
                    format!("cannot start an attempt: {e}"),
                    format!("无法发起探测：{e}"),
                )
            })
    }

    fn wait(&mut self, until: Instant) -> Vec<(usize, Answer, Duration)> {
        let mut out = Vec::new();
        let left = until.saturating_duration_since(Instant::now());
        if let Ok(m) = self.rx.recv_timeout(left) {
            out.push(m);
            out.extend(self.rx.try_iter());
        }
        out
    }
}

/// After an echo reply: does the port accept, refuse, or say nothing?
fn connect(dest: SocketAddr, sent: Instant) -> Option<Answer> {
    let left = PROBE_WAIT
        .saturating_sub(sent.elapsed())
        .max(Duration::from_millis(100));
    match TcpStream::connect_timeout(&dest, left) {
        Ok(_) => Some(Answer::Accepted),
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => Some(Answer::Reset),
        Err(_) => None,
    }
}

/// One echo request with `ttl`; what answered, if anything did within [`PROBE_WAIT`].
#[allow(unsafe_code)]
fn echo(dest: SocketAddr, ttl: u8) -> Option<Answer> {
    let IpAddr::V4(v4) = dest.ip() else {
        return None;
    };
    // The address in network byte order, as IPAddr wants it.
    let address = u32::from_ne_bytes(v4.octets());
    let payload = [0x67u8; 32];
    let options = IP_OPTION_INFORMATION {
        Ttl: ttl,
        Tos: 0,
        Flags: 0,
        OptionsSize: 0,
        OptionsData: std::ptr::null_mut(),
    };
    // Room for one reply, its payload and an ICMP error's quoted header (the documented
    // minimum plus slack).
    let mut reply = vec![0u8; std::mem::size_of::<ICMP_ECHO_REPLY>() + payload.len() + 8 + 64];
    let wait_ms = u32::try_from(PROBE_WAIT.as_millis()).unwrap_or(3000);
    // SAFETY: the handle is checked before use and closed once; every pointer passed points to
    // a live buffer of the size passed with it; no event or APC routine is given, so the call
    // is synchronous and nothing refers to the buffers after it returns.
    let (count, status, from) = unsafe {
        let handle = IcmpCreateFile();
        if handle.is_null() || handle as isize == -1 {
            return None;
        }
        let count = IcmpSendEcho2(
            handle,
            std::ptr::null_mut(),
            None,
            std::ptr::null(),
            address,
            payload.as_ptr().cast(),
            payload.len() as u16,
            &options,
            reply.as_mut_ptr().cast(),
            reply.len() as u32,
            wait_ms,
        );
        IcmpCloseHandle(handle);
        let r = std::ptr::read_unaligned(reply.as_ptr().cast::<ICMP_ECHO_REPLY>());
        (count, r.Status, r.Address)
    };
    let from = IpAddr::V4(Ipv4Addr::from(from.to_ne_bytes()));
    // An ICMP error is returned with a count of 0 on some Windows versions: the status says it.
    let _ = count;
    match status {
        IP_SUCCESS if from == dest.ip() => Some(Answer::Accepted),
        IP_TTL_EXPIRED_TRANSIT => Some(Answer::TimeExceeded(from)),
        IP_DEST_NET_UNREACHABLE
        | IP_DEST_HOST_UNREACHABLE
        | IP_DEST_PROHIBITED
        | IP_DEST_PORT_UNREACHABLE => Some(Answer::Unreachable { from }),
        _ => None,
    }
}
