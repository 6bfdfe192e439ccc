//! The trace's schedule, the same on every system: which TTLs leave when, when to stop
//! waiting, and what the answers add up to. A platform's [`Prober`] only sends one attempt with
//! a TTL and reports what came back.
//!
//! TTLs 1..=[`SILENT_HOPS`] leave at once ([`ATTEMPTS`] attempts each); every hop that answers
//! opens the window to its TTL + [`SILENT_HOPS`], so the trace stops after that many silent
//! TTLs beyond the last answer, and no TTL beyond the one where the target (or an
//! "unreachable") answered is started. Each attempt waits at most [`PROBE_WAIT`]; the whole trace
//! ends by its deadline whatever answers.

use super::prober::{Answer, METHOD, PROBE_WAIT, Prober};
use super::{ATTEMPTS, Hop, HopKind, Request, SILENT_HOPS, Trace, TraceError, Verdict};
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

/// After the target answered, how long the lower TTLs' stragglers are still waited for (at
/// least; twice the slowest answer when that is longer).
const GRACE: Duration = Duration::from_millis(500);

struct Attempt {
    ttl: u8,
    sent: Instant,
    answer: Option<(Answer, Duration)>,
}

/// Traces the path to the request's target (or the proxy in between) within its deadline.
pub fn run(req: &Request) -> Result<Trace, TraceError> {
    let start = Instant::now();
    let deadline = start + req.timeout;
    let t = &req.target;
    let proxy = crate::probe::proxyenv::proxy_for(&req.env, t.scheme, &t.host, t.port);
    let (host, port) = match &proxy {
        Some(p) => (p.host.clone(), p.port),
        None => (t.host.clone(), t.port),
    };
    let dest = resolve(&host, port, deadline)?;
    let named = host.parse::<IpAddr>().is_err() && !crate::probe::proxyenv::is_loopback_host(&host);
    let dns_private = proxy.is_none() && named && crate::probe::resolve::private_address(dest.ip());
    let mut prober = platform_prober(dest)?;
    let attempts = schedule(prober.as_mut(), req.max_hops, deadline)?;
    let mut trace = assemble(&attempts, dest, dns_private);
    trace.target = t.shown.clone();
    trace.via_proxy = proxy.is_some();
    trace.proxy = proxy.map(|p| p.display);
    let words = super::words::verdict(&trace, &host);
    trace.en = words.en;
    trace.zh = words.zh;
    trace.elapsed_ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
    Ok(trace)
}

fn resolve(host: &str, port: u16, deadline: Instant) -> Result<SocketAddr, TraceError> {
    let failed = |en: String, zh: String| TraceError::new(en, zh);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| failed(format!("cannot start: {e}"), format!("无法启动：{e}")))?;
    let limit = deadline.saturating_duration_since(Instant::now());
    let resolver = crate::probe::resolve::Resolver::new();
    let answer = runtime.block_on(resolver.resolve(host, port, limit));
    // A lookup still blocked in the system resolver is left to its own thread.
    runtime.shutdown_background();
    match answer {
        Ok(addrs) => addrs.into_iter().next().ok_or_else(|| {
            failed(
                format!("{host} has no address"),
                format!("{host} 没有任何地址"),
            )
        }),
        Err(crate::probe::resolve::LookupError::TimedOut) => Err(failed(
            format!("DNS gave no answer for {host} within the trace's deadline"),
            format!("在追踪时限内 DNS 没有返回 {host} 的地址"),
        )),
        Err(crate::probe::resolve::LookupError::Failed(e)) => Err(failed(
            format!("cannot resolve {host}: {e}"),
            format!("无法解析 {host}：{e}"),
        )),
    }
}

#[cfg(target_os = "linux")]
fn platform_prober(dest: SocketAddr) -> Result<Box<dyn Prober>, TraceError> {
    Ok(Box::new(super::linux::TcpProber::new(dest)))
}

#[cfg(windows)]
fn platform_prober(dest: SocketAddr) -> Result<Box<dyn Prober>, TraceError> {
    super::windows::IcmpProber::new(dest).map(|p| Box::new(p) as Box<dyn Prober>)
}

#[cfg(not(any(target_os = "linux", windows)))]
fn platform_prober(_dest: SocketAddr) -> Result<Box<dyn Prober>, TraceError> {
    Err(TraceError::new(
        "tracing the path is not available on this system yet (Linux and Windows)",
        "此系统暂不支持路径追踪（支持 Linux 和 Windows）",
    ))
}

/// Runs the attempts: the window of TTLs, the waits, the end.
fn schedule(
    prober: &mut dyn Prober,
    max_hops: u8,
    deadline: Instant,
) -> Result<Vec<Attempt>, TraceError> {
    let mut attempts: Vec<Attempt> = Vec::new();
    let mut launched: u8 = 0;
    let mut frontier = SILENT_HOPS.min(max_hops);
    // The lowest TTL the target (or an "unreachable") answered, and when.
    let mut end: Option<(u8, Instant)> = None;
    let mut slowest = Duration::ZERO;
    loop {
        let limit = end.map_or(frontier, |(ttl, _)| ttl.min(frontier));
        while launched < limit && Instant::now() < deadline {
            launched += 1;
            for _ in 0..ATTEMPTS {
                prober.launch(attempts.len(), launched)?;
                attempts.push(Attempt {
                    ttl: launched,
                    sent: Instant::now(),
                    answer: None,
                });
            }
        }
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        let last = end.map_or(launched, |(ttl, _)| ttl);
        let expiry = |a: &Attempt| (a.sent + PROBE_WAIT).min(deadline);
        let pending: Vec<&Attempt> = attempts
            .iter()
            .filter(|a| a.ttl <= last && a.answer.is_none() && expiry(a) > now)
            .collect();
        let grace_end = end.map(|(_, at)| at + GRACE.max(slowest * 2));
        let settled = pending.is_empty() && (end.is_some() || launched >= frontier);
        if settled || grace_end.is_some_and(|g| now >= g) {
            break;
        }
        let mut until = pending.iter().map(|a| expiry(a)).min().unwrap_or(deadline);
        if let Some(g) = grace_end {
            until = until.min(g);
        }
        for (id, answer, rtt) in prober.wait(until.min(deadline)) {
            let at = Instant::now();
            let Some(a) = attempts.get_mut(id) else {
                continue;
            };
            if a.answer.is_some() {
                continue;
            }
            a.answer = Some((answer, rtt));
            slowest = slowest.max(rtt);
            match answer {
                Answer::TimeExceeded(_) => {
                    frontier = frontier.max(a.ttl.saturating_add(SILENT_HOPS).min(max_hops));
                }
                Answer::Unreachable { .. } | Answer::Accepted | Answer::Reset => {
                    if end.is_none_or(|(ttl, _)| a.ttl < ttl) {
                        end = Some((a.ttl, at));
                    }
                }
            }
        }
    }
    Ok(attempts)
}

/// The hops, the verdict and `stopped_after_ttl` from the attempts (words filled in later).
fn assemble(attempts: &[Attempt], dest: SocketAddr, dns_private: bool) -> Trace {
    let end_ttl = attempts
        .iter()
        .filter(|a| {
            matches!(
                a.answer,
                Some((
                    Answer::Accepted | Answer::Reset | Answer::Unreachable { .. },
                    _
                ))
            )
        })
        .map(|a| a.ttl)
        .min();
    let last_ttl = end_ttl.unwrap_or_else(|| attempts.iter().map(|a| a.ttl).max().unwrap_or(0));
    let mut hops = Vec::new();
    for ttl in 1..=last_ttl {
        let mine: Vec<&Attempt> = attempts.iter().filter(|a| a.ttl == ttl).collect();
        hops.push(hop(ttl, &mine, dest.ip()));
    }
    let ends_with = hops.last().map(|h| h.kind);
    let accepted = end_ttl.is_some_and(|t| {
        attempts
            .iter()
            .any(|a| a.ttl == t && matches!(a.answer, Some((Answer::Accepted, _))))
    });
    let (verdict, reached, stopped) = match ends_with {
        Some(HopKind::Target) if accepted => (Verdict::Reached, true, None),
        Some(HopKind::Target) => (Verdict::Refused, true, None),
        Some(HopKind::Unreachable) => (Verdict::NoRoute, false, None),
        _ => {
            let answered = hops
                .iter()
                .filter(|h| h.kind != HopKind::Silent)
                .map(|h| h.ttl)
                .max()
                .unwrap_or(0);
            (Verdict::Silent, false, Some(answered))
        }
    };
    Trace {
        target: String::new(),
        address: Some(dest.ip().to_string()),
        port: dest.port(),
        via_proxy: false,
        proxy: None,
        method: METHOD,
        hops,
        reached,
        stopped_after_ttl: stopped,
        verdict: if dns_private {
            Verdict::DnsPrivate
        } else {
            verdict
        },
        en: String::new(),
        zh: String::new(),
        elapsed_ms: 0,
    }
}

/// One TTL's hop: who answered most often, the median round trip, the loss.
fn hop(ttl: u8, attempts: &[&Attempt], target: IpAddr) -> Hop {
    let answered: Vec<(IpAddr, HopKind, Duration)> = attempts
        .iter()
        .filter_map(|a| a.answer)
        .map(|(answer, rtt)| match answer {
            Answer::TimeExceeded(ip) => (ip, HopKind::Router, rtt),
            // An "unreachable" the target's own host sent is its refusal (a closed port, a
            // host firewall's "prohibited").
            Answer::Unreachable { from, .. } if from == target => (from, HopKind::Target, rtt),
            Answer::Unreachable { from, .. } => (from, HopKind::Unreachable, rtt),
            Answer::Accepted | Answer::Reset => (target, HopKind::Target, rtt),
        })
        .collect();
    let total = attempts.len().max(1);
    let loss = (total - answered.len()) as f64 / total as f64;
    // The strongest kind wins (a target answer over a router's), then the most frequent address.
    let rank = |k: HopKind| match k {
        HopKind::Target => 3,
        HopKind::Unreachable => 2,
        HopKind::Router => 1,
        HopKind::Silent => 0,
    };
    let kind = answered
        .iter()
        .map(|(_, k, _)| *k)
        .max_by_key(|k| rank(*k))
        .unwrap_or(HopKind::Silent);
    let of_kind: Vec<&(IpAddr, HopKind, Duration)> =
        answered.iter().filter(|(_, k, _)| *k == kind).collect();
    let address = of_kind
        .iter()
        .map(|(ip, _, _)| *ip)
        .max_by_key(|ip| of_kind.iter().filter(|(o, _, _)| o == ip).count())
        .map(|ip| ip.to_string());
    let mut rtts: Vec<f64> = answered
        .iter()
        .map(|(_, _, d)| d.as_secs_f64() * 1000.0)
        .collect();
    rtts.sort_by(f64::total_cmp);
    let rtt_ms = match rtts.len() {
        0 => None,
        n if n % 2 == 1 => Some(rtts[n / 2]),
        n => Some((rtts[n / 2 - 1] + rtts[n / 2]) / 2.0),
    }
    .map(|ms| (ms * 100.0).round() / 100.0);
    Hop {
        ttl,
        address,
        rtt_ms,
        loss: (loss * 1000.0).round() / 1000.0,
        kind,
    }
}

#[cfg(test)]
mod tests;
