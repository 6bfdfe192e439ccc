//! The doctor's network facts: the configured mirrors' health (one short probe round of the
//! GOPROXY chain, TLS interception included), the DNS answers for the configured hosts, and
//! which mirrors list a toolchain. Every wait is bounded; the runtime is dropped without
//! waiting for anything still blocked (a silent DNS server, a hanging mirror).

use super::hosts::{configured_hosts, public_hosts};
use super::{Finding, Input, Severity};
use crate::goenv::location::EnvMap;
use crate::goenv::model::Snapshot;
use crate::i18n::Text;
use crate::mirrors::Mirror;
use crate::probe::engine::{self, RoundConfig};
use crate::probe::model::ProbeSpec;
use crate::probe::model::Verdict;
use crate::probe::resolve::{LookupError, Resolver};
use crate::probe::resolve::{fake_ip, private_address};
use crate::probe::tls::Roots;
use serde::Serialize;
use std::net::IpAddr;
use std::time::Duration;

/// One configured mirror, as the probe found it.
#[derive(Clone, Debug, Serialize)]
pub struct MirrorHealth {
    /// Redacted.
    pub url: String,
    pub verdict: Verdict,
    pub reason: String,
    pub reason_zh: String,
    pub ttfb_ms: Option<f64>,
    pub success_rate: f64,
    pub toolchain_listed: Option<bool>,
    pub tls_issuer: Option<String>,
    pub tls_intercepted: Option<bool>,
    pub via_proxy: Option<String>,
    /// The mirror answered that it serves the checksum database (`/sumdb/<name>/supported`).
    pub checksum_db_proxied: Option<bool>,
}

/// What DNS answered for one host the go command needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DnsAnswer {
    pub host: String,
    /// What it is for: `GOPROXY`, `GOSUMDB`, `HTTPS_PROXY`.
    pub role: String,
    pub addresses: Vec<String>,
    pub error: Option<String>,
    /// Reached through this proxy (redacted): the proxy resolves the name, not this machine,
    /// so it is not looked up here.
    pub via_proxy: Option<String>,
    /// A well-known public host (a public mirror, the checksum database, golang.org).
    pub public: bool,
    /// A public host answered with a loopback, private, link-local or unspecified address:
    /// DNS pollution, a hosts-file entry or a captive portal.
    pub flagged: bool,
}

/// The network half of the report.
#[derive(Debug, Default)]
pub struct Network {
    pub mirrors: Vec<MirrorHealth>,
    pub dns: Vec<DnsAnswer>,
}

/// Probes the configured mirrors and resolves the hosts, adding the findings.
pub fn check(input: &Input, snapshot: &Snapshot, findings: &mut Vec<Finding>) -> Network {
    let mut net = Network::default();
    let Ok(runtime) = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    else {
        return net;
    };
    let chain: Vec<String> = crate::goenv::goproxy::parse(snapshot.value("GOPROXY"))
        .map(|l| l.urls().map(|(u, _)| u.to_string()).collect())
        .unwrap_or_default();
    let hosts = configured_hosts(snapshot, &input.env);
    let public = public_hosts();
    let resolver = Resolver::new();
    let dns_limit = input.dns_timeout;
    let config = RoundConfig {
        mirrors: chain.iter().map(|u| Mirror::custom(u)).collect(),
        spec: ProbeSpec {
            samples: 1,
            probe_timeout: input.probe_timeout,
            ..ProbeSpec::default()
        },
        env: input.env.clone(),
        roots: Roots::from_env(&input.env),
        sumdb: crate::probe::recommend::SumdbChoice::default(),
        concurrency: engine::DEFAULT_CONCURRENCY,
    };
    let (answers, outcome) = runtime.block_on(async {
        // Every lookup starts at once, on its own task; a host behind a proxy is resolved by
        // the proxy, not here.
        let tasks: Vec<_> = hosts
            .iter()
            .map(|h| {
                let (resolver, name, port) = (resolver.clone(), h.name.clone(), h.port);
                let wanted = h.via_proxy.is_none();
                tokio::spawn(async move {
                    if wanted {
                        Some(resolver.resolve(&name, port, dns_limit).await)
                    } else {
                        None
                    }
                })
            })
            .collect();
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.ok().flatten());
        }
        let (_keep, cancel) = tokio::sync::watch::channel(false);
        let outcome = if chain.is_empty() {
            None
        } else {
            engine::run_round(config, cancel, |_| {}).await
        };
        (answers, outcome)
    });
    runtime.shutdown_background();
    for (host, answer) in hosts.into_iter().zip(answers) {
        let is_public = public.contains(&host.name);
        let mut a = DnsAnswer {
            public: is_public,
            host: host.name,
            role: host.role,
            addresses: Vec::new(),
            error: None,
            via_proxy: host.via_proxy,
            flagged: false,
        };
        match answer {
            None => {}
            Some(Ok(addrs)) => {
                let ips: Vec<IpAddr> = addrs.iter().map(|s| s.ip()).collect();
                a.addresses = ips.iter().map(ToString::to_string).collect();
                a.addresses.dedup();
                a.flagged = is_public && ips.iter().any(|ip| private_address(*ip));
                if a.flagged {
                    findings.push(Finding::new(
                        "dns-public-host-private-address",
                        Severity::Problem,
                        Text::new(
                            format!(
                                "{} is a public host but resolves to {}: DNS pollution, an entry in the hosts file or a captive portal. Downloads through it will fail or reach the wrong server.",
                                a.host,
                                a.addresses.join(", ")
                            ),
                            format!(
                                "{} 是公共域名，却解析到 {}：可能是 DNS 污染、hosts 文件条目或网络认证页面。经它的下载会失败或连到错误的服务器。",
                                a.host,
                                a.addresses.join("、")
                            ),
                        ),
                    ));
                } else if ips.iter().any(|ip| fake_ip(*ip)) {
                    findings.push(Finding::new(
                        "dns-fake-ip",
                        Severity::Info,
                        Text::new(
                            format!(
                                "{} resolves to {}, the fake-IP range of a local proxy tool: downloads depend on that tool running.",
                                a.host,
                                a.addresses.join(", ")
                            ),
                            format!(
                                "{} 解析到 {}，这是本地代理工具的 fake-IP 地址段：下载依赖该工具在运行。",
                                a.host,
                                a.addresses.join("、")
                            ),
                        ),
                    ));
                }
            }
            Some(Err(e)) => {
                let (en, zh) = match e {
                    LookupError::TimedOut => (
                        format!("no answer within {} s", dns_limit.as_secs()),
                        format!("{} 秒内无应答", dns_limit.as_secs()),
                    ),
                    LookupError::Failed(t) => (t.clone(), format!("解析失败（{t}）")),
                };
                a.error = Some(en.clone());
                findings.push(Finding::new(
                    "dns-failed",
                    Severity::Warning,
                    Text::new(
                        format!("{} ({}) cannot be resolved: {en}.", a.host, a.role),
                        format!("{}（{}）无法解析：{zh}。", a.host, a.role),
                    ),
                ));
            }
        }
        net.dns.push(a);
    }
    if let Some(outcome) = outcome {
        mirror_findings(
            &chain,
            &outcome,
            input.recommended.as_deref(),
            &mut net,
            findings,
        );
    }
    net
}

fn mirror_findings(
    chain: &[String],
    outcome: &engine::RoundOutcome,
    recommended: Option<&str>,
    net: &mut Network,
    findings: &mut Vec<Finding>,
) {
    let redact = crate::goenv::gourl::redact;
    for url in chain {
        let shown = redact(url);
        let Some(r) = outcome.reports.iter().find(|r| r.measurement.url == shown) else {
            continue;
        };
        let m = &r.measurement;
        net.mirrors.push(MirrorHealth {
            url: shown.clone(),
            verdict: r.verdict,
            reason: r.reason.en.clone(),
            reason_zh: r.reason.zh.clone(),
            ttfb_ms: m.ttfb.map(|t| (t.median_ms * 10.0).round() / 10.0),
            success_rate: m.success_rate,
            toolchain_listed: m.toolchain_listed,
            tls_issuer: m.cert.as_ref().map(|c| c.issuer.clone()),
            tls_intercepted: m.cert.as_ref().map(|c| c.intercepted()),
            via_proxy: m.via_proxy.clone(),
            checksum_db_proxied: m.checksum_db_proxied,
        });
        if let Some(c) = m.cert.as_ref().filter(|c| c.intercepted()) {
            findings.push(Finding::new(
                "tls-intercepted",
                Severity::Warning,
                Text::new(
                    format!(
                        "The certificate of {shown} is issued by \"{}\", which only this machine trusts: a company gateway inspects TLS. The go command accepts it through the system store; containers and CI need its root certificate too (SSL_CERT_FILE).",
                        c.issuer
                    ),
                    format!(
                        "{shown} 的证书由“{}”签发，只有本机信任它：公司网关在检查 TLS 流量。go 命令通过系统证书库接受它；容器和 CI 也需要这个根证书（SSL_CERT_FILE）。",
                        c.issuer
                    ),
                ),
            ));
        }
    }
    let Some(first) = net.mirrors.first() else {
        return;
    };
    if first.verdict.usable() {
        findings.push(Finding::new(
            "mirror-ok",
            Severity::Ok,
            Text::new(
                format!("{} works: {}", first.url, first.reason),
                format!("{} 可用：{}", first.url, first.reason_zh),
            ),
        ));
        return;
    }
    let label = first.verdict.label();
    let mut f = Finding::new(
        "mirror-unusable",
        Severity::Problem,
        Text::new(
            format!(
                "The first mirror in GOPROXY, {}, is {}: {}",
                first.url, label.en, first.reason
            ),
            format!(
                "GOPROXY 中的第一个镜像 {} {}：{}",
                first.url, label.zh, first.reason_zh
            ),
        ),
    );
    // The first usable mirror later in the chain, moved to the front; else the latest
    // probe's recommendation.
    let fix = net
        .mirrors
        .iter()
        .position(|m| m.verdict.usable())
        .and_then(|pos| chain.get(pos))
        .map(|url| format!("{url},direct"))
        .or_else(|| recommended.map(str::to_string));
    if let Some(goproxy) = fix {
        f = f.with_fix([("GOPROXY".to_string(), goproxy)].into());
    }
    findings.push(f);
}

/// A mirror's toolchain list, or why it could not be read.
pub type ToolchainList = (String, Result<Vec<String>, String>);

/// The toolchain versions each URL's `golang.org/toolchain/@v/list` names (a fixed public
/// module: nothing about the user's projects is sent), or why it could not be read.
pub fn toolchain_lists(env: &EnvMap, urls: &[String], limit: Duration) -> Vec<ToolchainList> {
    let Ok(runtime) = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    else {
        return Vec::new();
    };
    let roots = Roots::from_env(env);
    let resolver = Resolver::new();
    let out = runtime.block_on(async {
        let net = crate::probe::http::Net {
            env,
            roots: &roots,
            resolver: &resolver,
        };
        let limits = crate::probe::http::Limits {
            ttfb: limit,
            body: limit,
            body_cap_bytes: 4 * 1024 * 1024,
            ..crate::probe::http::Limits::default()
        };
        let mut out = Vec::new();
        for url in urls {
            let list_url = format!("{}/golang.org/toolchain/@v/list", url.trim_end_matches('/'));
            let f = crate::probe::http::get(&list_url, &net, &limits).await;
            let result = match (f.status, &f.error) {
                (_, Some(e)) => Err(e.describe()),
                (Some(200), None) => {
                    crate::probe::content::check_list(&f.body, f.truncated).map_err(|t| t.en)
                }
                (Some(s), None) => Err(format!("status {s}")),
                (None, None) => Err("no answer".to_string()),
            };
            out.push((url.clone(), result));
        }
        out
    });
    runtime.shutdown_background();
    out
}
