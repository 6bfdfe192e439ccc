//! What a mirror's answers say: the timed samples summarised (stages, success by content, not
//! status), and each Go-protocol check judged by what it serves, as the go command would.

use super::content;
use super::http::{self, Fetch};
use super::model::{CheckResult, Measurement, ProbeSpec};
use super::stats::{self, StageStats};
use crate::i18n::Text;
use crate::tr;

/// True for a 200 answer whose body is an HTML page.
fn html_200(f: &Fetch) -> bool {
    f.status == Some(200) && content::is_html(f.content_type.as_deref(), &f.body)
}

pub(super) fn summarize_samples(m: &mut Measurement, fetches: &[Fetch], spec: &ProbeSpec) {
    // A sample succeeds when it serves the .info the go command expects, not merely a 200.
    let ok: Vec<&Fetch> = fetches
        .iter()
        .filter(|f| {
            f.error.is_none()
                && f.status == Some(200)
                && content::check_info(&f.body, Some(&spec.pinned_version)).is_ok()
        })
        .collect();
    m.login_page |= fetches.iter().any(html_200);
    m.success_rate = ok.len() as f64 / fetches.len().max(1) as f64;
    m.dns = StageStats::of(fetches.iter().filter_map(|f| f.dns_ms));
    m.connect = StageStats::of(fetches.iter().filter_map(|f| f.connect_ms));
    m.tls = StageStats::of(fetches.iter().filter_map(|f| f.tls_ms));
    m.ttfb = StageStats::of(
        fetches
            .iter()
            .filter(|f| f.status.is_some())
            .filter_map(|f| f.ttfb_ms),
    );
    m.sample_statuses = fetches.iter().map(|f| f.status).collect();
    m.sample_errors = fetches
        .iter()
        .filter_map(|f| f.error.as_ref().map(http::FetchError::text))
        .collect();
    m.unreachable = fetches
        .iter()
        .all(|f| f.error.as_ref().is_some_and(|e| e.is_unreachable()));
    if let Some(first) = fetches.first() {
        m.via_proxy = first.via_proxy.clone();
        m.addresses = first.addresses.clone();
        m.cert = first.cert.clone();
    }
}

/// The body check of one Go-protocol answer (None: nothing to judge, or fine).
fn content_problem(name: &str, f: &Fetch, spec: &ProbeSpec) -> Option<Text> {
    if f.error.is_some() || f.status != Some(200) {
        return None;
    }
    if html_200(f) {
        return Some(tr!(
            "it answers with an HTML page (a login or block page), not Go module data",
            "返回的是 HTML 网页（登录页或拦截页），不是 Go 模块数据"
        ));
    }
    let body = &f.body;
    let result = match name {
        "list" | "toolchain" => content::check_list(body, f.truncated).map(|_| ()),
        "latest" => content::check_info(body, None).map(|_| ()),
        "mod" => content::check_mod(body, &spec.pinned_module),
        "zip" if !f.truncated => {
            content::check_zip(body, &spec.pinned_module, &spec.pinned_version).map(|_| ())
        }
        // A bounded download is cut on purpose: only its start can be judged.
        "download" | "zip" if !body.starts_with(b"PK") => {
            Err(tr!("the answer is not a zip file", "应答不是 zip 文件"))
        }
        _ => Ok(()),
    };
    result.err()
}

pub(super) fn summarize_checks(
    m: &mut Measurement,
    results: Vec<(&'static str, String, Fetch)>,
    spec: &ProbeSpec,
) {
    for (name, path, f) in results {
        let problem = content_problem(name, &f, spec);
        m.login_page |= html_200(&f);
        let ok = f.error.is_none() && f.status == Some(200) && problem.is_none();
        match name {
            "sumdb-supported" => {
                // Judged by what it serves: a login page's 200 is no checksum-database proxy
                // (the go command would take it for one and then fail on every lookup).
                m.checksum_db_proxied = match (f.status, &f.error) {
                    (Some(200), None) if html_200(&f) => Some(false),
                    (Some(200), None) => Some(true),
                    (Some(404 | 410), None) => Some(false),
                    _ => None,
                };
            }
            "list" if ok => {
                let versions = content::check_list(&f.body, f.truncated).unwrap_or_default();
                m.newest_version =
                    stats::newest(versions.iter().map(String::as_str)).map(str::to_string);
            }
            "latest" if ok => {
                if let Ok(info) = serde_json::from_slice::<serde_json::Value>(&f.body)
                    && let Some(v) = info.get("Version").and_then(|v| v.as_str())
                {
                    let newest = m.newest_version.clone();
                    m.newest_version =
                        stats::newest([v, newest.as_deref().unwrap_or("")].into_iter())
                            .map(str::to_string);
                }
            }
            // A body cut off at its time limit is a throughput too, however few bytes came (a
            // trickle); a small complete body says nothing about it.
            "download" if ok => {
                m.throughput_bps = f.throughput_bps.or_else(|| {
                    let secs = f.body_ms? / 1000.0;
                    (f.truncated && secs > 0.0 && !f.body.is_empty())
                        .then(|| f.body.len() as f64 / secs)
                })
            }
            "toolchain" => m.toolchain_listed = f.status.map(|s| s == 200 && problem.is_none()),
            _ => {}
        }
        let total = [f.dns_ms, f.connect_ms, f.tls_ms, f.ttfb_ms, f.body_ms]
            .iter()
            .flatten()
            .sum::<f64>();
        m.checks.push(CheckResult {
            name,
            path,
            status: f.status,
            ok,
            error: f.error.as_ref().map(http::FetchError::text).or(problem),
            total_ms: f.status.map(|_| total),
        });
    }
}
