//! Where the path breaks: for each configured mirror that failed its health check, and for the
//! checksum database when the go command has to reach it directly and cannot, a trace of the
//! path (crate::trace) with the hop where it breaks. Traces run at once, each within its own
//! deadline; nothing but connection attempts is sent.

use super::network::Network;
use super::{Finding, Input, Severity};
use crate::goenv::model::Snapshot;
use crate::i18n::Text;
use crate::trace::{self, Request, Trace, Verdict};
use serde::Serialize;
use std::time::Duration;

/// One traced path (`gomirror doctor --json`'s `paths`).
#[derive(Clone, Debug, Serialize)]
pub struct PathCheck {
    /// `GOPROXY` or `GOSUMDB`.
    pub role: &'static str,
    /// Redacted.
    pub url: String,
    /// Why it was traced (the probe's reason or the failed connection), both languages.
    pub why: Text,
    pub trace: Option<Trace>,
    /// Why no trace could be run.
    pub error: Option<Text>,
}

/// Traces the failing paths and adds what they say to the findings.
pub fn check(
    input: &Input,
    snapshot: &Snapshot,
    net: &Network,
    findings: &mut Vec<Finding>,
) -> Vec<PathCheck> {
    let mut wanted: Vec<(&'static str, String, Text)> = net
        .mirrors
        .iter()
        .filter(|m| !m.verdict.usable())
        .map(|m| {
            (
                "GOPROXY",
                m.url.clone(),
                Text::new(m.reason.clone(), m.reason_zh.clone()),
            )
        })
        .collect();
    if let Some((url, why)) = sumdb_unreachable(input, snapshot, net) {
        wanted.push(("GOSUMDB", url, why));
    }
    let limit = input.trace_timeout;
    let traced: Vec<PathCheck> = std::thread::scope(|s| {
        let handles: Vec<_> = wanted
            .into_iter()
            .map(|(role, url, why)| {
                let env = input.env.clone();
                s.spawn(move || {
                    let result = trace::parse_target(&url, None).and_then(|t| {
                        let mut req = Request::new(t, env);
                        req.timeout = limit;
                        trace::run(&req)
                    });
                    let (trace, error) = match result {
                        Ok(t) => (Some(t), None),
                        Err(e) => (None, Some(e.text())),
                    };
                    PathCheck {
                        role,
                        url,
                        why,
                        trace,
                        error,
                    }
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    for p in &traced {
        if let Some(f) = finding(p) {
            findings.push(f);
        }
    }
    traced
}

fn finding(p: &PathCheck) -> Option<Finding> {
    let t = p.trace.as_ref()?;
    let url = &p.url;
    if p.role == "GOSUMDB" {
        let words = Text::new(t.en.clone(), t.zh.clone());
        return Some(Finding::new(
            "sumdb-unreachable",
            Severity::Problem,
            Text::new(
                format!(
                    "The checksum database {url} cannot be reached ({}) and no mirror in GOPROXY serves it, so every new module fails its verification. {}",
                    p.why.en, words.en
                ),
                format!(
                    "无法连接校验数据库 {url}（{}），GOPROXY 中也没有镜像代理它，所以每个新模块的校验都会失败。{}",
                    p.why.zh, words.zh
                ),
            ),
        ));
    }
    if t.verdict == Verdict::Reached {
        let words = trace::words::after_probe(t, &p.why);
        return Some(Finding::new(
            "path-reached",
            Severity::Info,
            Text::new(
                format!("{url}: {}", words.en),
                format!("{url}：{}", words.zh),
            ),
        ));
    }
    Some(Finding::new(
        "path-breaks",
        Severity::Problem,
        Text::new(
            format!("The path to {url}: {}", t.en),
            format!("到 {url} 的路径：{}", t.zh),
        ),
    ))
}

/// The checksum database's URL and why, when the go command must reach it directly (no
/// usable first mirror says it serves it) and a connection to it fails.
fn sumdb_unreachable(input: &Input, snapshot: &Snapshot, net: &Network) -> Option<(String, Text)> {
    let crate::goenv::gosumdb::SumDb::On { name, url, .. } =
        crate::goenv::gosumdb::parse(snapshot.value("GOSUMDB")).ok()?
    else {
        return None;
    };
    let proxied = net
        .mirrors
        .iter()
        .find(|m| m.verdict.usable())
        .is_some_and(|m| m.checksum_db_proxied == Some(true));
    if proxied {
        return None;
    }
    let url = url.unwrap_or_else(|| format!("https://{name}"));
    let target = trace::parse_target(&url, None).ok()?;
    let limit = input.probe_timeout.min(Duration::from_secs(5));
    connect_fails(&input.env, &target, limit).map(|why| (crate::goenv::gourl::redact(&url), why))
}

/// Why a TCP connection to the target (or the proxy the go command would use) fails, if it
/// does, within `limit`.
fn connect_fails(
    env: &crate::goenv::location::EnvMap,
    t: &trace::Target,
    limit: Duration,
) -> Option<Text> {
    let proxy = crate::probe::proxyenv::proxy_for(env, t.scheme, &t.host, t.port);
    let (host, port) = proxy
        .as_ref()
        .map_or((t.host.clone(), t.port), |p| (p.host.clone(), p.port));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    let resolver = crate::probe::resolve::Resolver::new();
    let outcome = runtime.block_on(async {
        let started = tokio::time::Instant::now();
        let addrs = match resolver.resolve(&host, port, limit).await {
            Ok(a) => a,
            Err(_) => {
                return Some(Text::new(
                    format!("{host} cannot be resolved"),
                    format!("无法解析 {host}"),
                ));
            }
        };
        // Every address, as the go command's dialer tries them.
        let left = limit.saturating_sub(started.elapsed());
        match crate::probe::http::dial::dial(&addrs, left).await {
            Ok(_) => None,
            Err(crate::probe::http::dial::DialError::Failed(e)) => {
                Some(Text::new(e.clone(), format!("连接失败：{e}")))
            }
            Err(crate::probe::http::dial::DialError::TimedOut) => Some(Text::new(
                format!("no answer from {host}:{port} within {} s", limit.as_secs()),
                format!("{} 秒内 {host}:{port} 没有应答", limit.as_secs()),
            )),
        }
    });
    runtime.shutdown_background();
    outcome
}
