//! A trace as plain text: the hop table IT asks for ("Copy as text", the doctor's report, the
//! CLI), in one language.

use super::{HopKind, Trace};
use crate::i18n::Lang;

/// The table and the verdict, e.g.
/// ```text
/// trace to goproxy.cn (203.0.113.7:443), TCP
///  ttl  address         rtt        loss
///    1  192.168.1.1     0.8 ms     0%
///    2  *                          100%   <- the path breaks here
/// ```
pub fn render(t: &Trace, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let addr = t.address.as_deref().unwrap_or("?");
    let mut out = if zh {
        format!(
            "路径追踪：{}（{addr}:{}，{}）\n",
            t.target, t.port, t.method
        )
    } else {
        format!("trace to {} ({addr}:{}), {}\n", t.target, t.port, t.method)
    };
    if let Some(p) = &t.proxy {
        out += &if zh {
            format!("经代理 {p}\n")
        } else {
            format!("through the proxy {p}\n")
        };
    }
    let (h_ttl, h_addr, h_rtt, h_loss) = if zh {
        ("跳", "地址", "延迟", "丢包")
    } else {
        ("ttl", "address", "rtt", "loss")
    };
    out += &format!(
        "{}  {}  {}  {}\n",
        pad_left(h_ttl, 5),
        pad(h_addr, 40),
        pad(h_rtt, 11),
        pad_left(h_loss, 4)
    );
    let broken = t.break_ttl();
    for h in &t.hops {
        let a = h.address.as_deref().unwrap_or("*");
        let rtt = h.rtt_ms.map_or(String::new(), |r| {
            if zh {
                format!("{r:.1} 毫秒")
            } else {
                format!("{r:.1} ms")
            }
        });
        let mark = match (h.kind, broken == Some(h.ttl)) {
            (_, true) if zh => "  <- 路径在此中断",
            (_, true) => "  <- the path breaks here",
            (HopKind::Target, _) if zh => "  <- 目标",
            (HopKind::Target, _) => "  <- target",
            _ => "",
        };
        out += &format!(
            "{:>5}  {}  {}  {:>3.0}%{mark}\n",
            h.ttl,
            pad(a, 40),
            pad(&rtt, 11),
            h.loss * 100.0
        );
    }
    out += if zh { &t.zh } else { &t.en };
    out.push('\n');
    out
}

/// Columns a terminal gives the text (CJK characters take two).
fn width(s: &str) -> usize {
    s.chars().map(|c| if c >= '\u{2E80}' { 2 } else { 1 }).sum()
}

fn pad(s: &str, to: usize) -> String {
    format!("{s}{}", " ".repeat(to.saturating_sub(width(s))))
}

fn pad_left(s: &str, to: usize) -> String {
    format!("{}{s}", " ".repeat(to.saturating_sub(width(s))))
}
