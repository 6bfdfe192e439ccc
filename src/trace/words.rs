//! A trace's verdict in words, in both languages: where the path breaks (inside the local
//! network, at the first public hop, further out), who refused, where latency jumps.

use super::is_local;
use super::{HopKind, Trace, Verdict};
use crate::i18n::Text;

/// A latency step smaller than this is noise, not a jump worth naming.
const JUMP_MS: f64 = 20.0;

/// Milliseconds as the words say them: one decimal below 10.
fn ms(v: f64) -> String {
    if v >= 10.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// A round trip with its unit in one language (the window's hops).
pub fn millis(v: f64, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::En => format!("{} ms", ms(v)),
        crate::i18n::Lang::Zh => format!("{} 毫秒", ms(v)),
    }
}

/// The verdict of a finished trace; `host` is the name traced to (the proxy's, behind one).
pub fn verdict(t: &Trace, host: &str) -> Text {
    let addr = t.address.clone().unwrap_or_else(|| host.to_string());
    let dest = format!("{addr}:{}", t.port);
    let last = t.hops.last();
    let n = last.map_or(0, |h| h.ttl);
    let core = match t.verdict {
        Verdict::Reached => reached(t, &dest, n),
        Verdict::Refused => Text::new(
            format!(
                "{addr} answered at hop {n} with a reset: nothing listens on port {} there, or a firewall refuses the connection.",
                t.port
            ),
            format!(
                "{addr} 在第 {n} 跳用重置（RST）回应：那里的端口 {} 没有服务在监听，或防火墙拒绝了连接。",
                t.port
            ),
        ),
        Verdict::NoRoute => {
            let from = last.and_then(|h| h.address.clone()).unwrap_or_default();
            if last.is_some_and(|h| h.kind == HopKind::Unreachable) {
                Text::new(
                    format!(
                        "Router {from} (hop {n}) answered that {dest} cannot be reached (ICMP unreachable): it has no route there, or a firewall rejects the connection."
                    ),
                    format!(
                        "路由器 {from}（第 {n} 跳）回应无法到达 {dest}（ICMP 不可达）：它没有去那里的路由，或防火墙拒绝了连接。"
                    ),
                )
            } else {
                Text::new(
                    format!("{dest} cannot be reached (ICMP unreachable)."),
                    format!("无法到达 {dest}（ICMP 不可达）。"),
                )
            }
        }
        Verdict::Silent => silent(t, &dest),
        Verdict::DnsPrivate => {
            let path = if t.reached {
                Text::new(
                    format!("It answers at hop {n}, so this is not the public server."),
                    format!("它在第 {n} 跳有应答，所以这不是公共服务器。"),
                )
            } else {
                silent(t, &dest)
            };
            Text::new(
                format!(
                    "{host} resolved to {addr}, a private or loopback address: a hijacked DNS answer or a company resolver. {}",
                    path.en
                ),
                format!(
                    "{host} 解析到 {addr}，这是内网或本机地址：DNS 应答被劫持，或是公司的 DNS 服务器。{}",
                    path.zh
                ),
            )
        }
    };
    match &t.proxy {
        Some(p) => Text::new(
            format!("Through the proxy {p} (the go command's path): {}", core.en),
            format!("经代理 {p}（go 命令走的路径）：{}", core.zh),
        ),
        None => core,
    }
}

fn reached(t: &Trace, dest: &str, n: u8) -> Text {
    let rtt = t.hops.last().and_then(|h| h.rtt_ms);
    let hops = if n == 1 { "hop" } else { "hops" };
    let mut en = format!("Reached {dest} in {n} {hops}");
    let mut zh = format!("经 {n} 跳到达 {dest}");
    if let Some(r) = rtt {
        en += &format!(" ({} ms)", ms(r));
        zh += &format!("（{} 毫秒）", ms(r));
    }
    en.push('.');
    zh.push('。');
    if let Some((ttl, addr, step)) = biggest_jump(t) {
        en += &format!(
            " Latency jumps most at hop {ttl} ({addr}): +{} ms.",
            ms(step)
        );
        zh += &format!("延迟在第 {ttl} 跳（{addr}）增加最多：+{} 毫秒。", ms(step));
    }
    Text::new(en, zh)
}

/// The hop whose round trip grows most over the previous answered hop, if by enough.
pub fn biggest_jump(t: &Trace) -> Option<(u8, String, f64)> {
    let answered: Vec<(u8, &str, f64)> = t
        .hops
        .iter()
        .filter_map(|h| Some((h.ttl, h.address.as_deref()?, h.rtt_ms?)))
        .collect();
    answered
        .windows(2)
        .map(|w| (w[1].0, w[1].1.to_string(), w[1].2 - w[0].2))
        .filter(|(_, _, step)| *step >= JUMP_MS)
        .max_by(|a, b| a.2.total_cmp(&b.2))
}

fn silent(t: &Trace, dest: &str) -> Text {
    let m = t.stopped_after_ttl.unwrap_or(0);
    let answered: Vec<&super::Hop> = t
        .hops
        .iter()
        .filter(|h| h.kind != HopKind::Silent && h.ttl <= m)
        .collect();
    let Some(last) = answered.last() else {
        return Text::new(
            format!(
                "No hop answered: the path is silent from the first hop. This machine's firewall or the local gateway drops connections to {dest}."
            ),
            format!(
                "没有任何一跳应答：从第一跳起路径就没有回应。本机防火墙或本地网关丢弃了到 {dest} 的连接。"
            ),
        );
    };
    let addr = last.address.clone().unwrap_or_default();
    let earlier_local = answered[..answered.len() - 1]
        .iter()
        .all(|h| h.address.as_deref().is_some_and(is_local));
    let (where_en, where_zh) = if is_local(&addr) {
        (
            "inside the local network: the office gateway or firewall drops connections",
            "在本地网络内部：办公室网关或防火墙丢弃了连接",
        )
    } else if earlier_local {
        (
            "at the first public hop: the internet provider drops connections",
            "在第一个公网节点：网络运营商丢弃了连接",
        )
    } else {
        (
            "further out, past the provider's network: connections are dropped",
            "在更远处（运营商网络之外）：连接被丢弃",
        )
    };
    Text::new(
        format!("The path goes silent after hop {m} ({addr}), {where_en} to {dest}."),
        format!("路径在第 {m} 跳（{addr}）之后没有回应，{where_zh}（目标 {dest}）。"),
    )
}

/// What a reached path means when the mirror still failed: the break is later, in TLS or
/// HTTP, which the probe's stages tell (`reason`).
pub fn after_probe(t: &Trace, reason: &Text) -> Text {
    if t.verdict == Verdict::Reached {
        Text::new(
            format!(
                "The path is fine ({}); the failure comes later, in TLS or HTTP: {}",
                t.en, reason.en
            ),
            format!(
                "网络路径正常（{}）；失败发生在之后的 TLS 或 HTTP 阶段：{}",
                t.zh, reason.zh
            ),
        )
    } else {
        Text::new(t.en.clone(), t.zh.clone())
    }
}
