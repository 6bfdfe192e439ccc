//! Statistics, verdicts, ranking and the recommendation.
//!
//! Score (lower is better), for mirrors whose verdict is usable (not broken or unreachable): the
//! estimated time of a typical download through the mirror (`requests x wait + bytes /
//! throughput`, see [`estimate_ms`]), divided by the success rate, plus 2000 ms
//! for a degraded mirror and 500 ms for a stale one. Ties keep catalogue order.

use super::model::{Integrity, Measurement, Profile, estimate_ms};
pub use super::model::{Report, StageStats, Verdict};
pub use super::versions::{compare_versions, newest};
use crate::i18n::Text;
use crate::tr;

/// A TTFB median above this is "slow".
pub const SLOW_TTFB_MS: f64 = 1500.0;

fn failed_checks(m: &Measurement) -> Vec<&str> {
    m.checks
        .iter()
        .filter(|c| !c.ok && !matches!(c.name, "sumdb-supported" | "toolchain" | "download"))
        .map(|c| c.name)
        .collect()
}

/// 401, 403 or 407 on every sample: a login is wanted (a company proxy).
fn auth_status(m: &Measurement) -> Option<u16> {
    if m.success_rate > 0.0 {
        return None;
    }
    let statuses: Vec<u16> = m.sample_statuses.iter().flatten().copied().collect();
    let first = *statuses.first()?;
    (matches!(first, 401 | 403 | 407) && statuses.iter().all(|s| *s == first)).then_some(first)
}

fn broken_reason(m: &Measurement) -> Option<Text> {
    if let Some(cert) = &m.cert
        && !cert.verified_system
    {
        let why = cert
            .problem
            .as_ref()
            .map(|p| p.text())
            .unwrap_or_else(|| tr!("the certificate does not verify", "证书无法验证"));
        let (en, zh) = (why.en, why.zh);
        let issuer = &cert.issuer;
        return Some(tr!(
            "the go command will refuse its TLS certificate: {en} (issuer {issuer})",
            "go 命令会拒绝它的 TLS 证书：{zh}（签发者 {issuer}）"
        ));
    }
    let bad = m
        .sample_statuses
        .iter()
        .flatten()
        .find(|s| **s >= 500 || **s == 401 || **s == 403 || **s == 407);
    if let Some(status) = bad
        && m.success_rate == 0.0
    {
        return Some(tr!(
            "it answers HTTP {status}; with ',' the go command stops there and never tries the next proxy",
            "它返回 HTTP {status}；使用 ',' 时 go 命令会在此停止，不会尝试下一个代理"
        ));
    }
    if m.success_rate == 0.0
        && !m.sample_statuses.is_empty()
        && m.sample_statuses
            .iter()
            .all(|s| matches!(s, Some(404 | 410)))
    {
        return Some(tr!(
            "it answers 404 Not Found for a well-known module: this URL is not a Go module proxy (check the path)",
            "对常用模块返回 404 Not Found：这个地址不是 Go 模块代理（请检查路径）"
        ));
    }
    if m.success_rate == 0.0 && !m.unreachable {
        let err = m
            .sample_errors
            .first()
            .cloned()
            .unwrap_or_else(|| tr!("no valid answer", "没有有效应答"));
        let (en, zh) = (err.en, err.zh);
        return Some(tr!("no request succeeded ({en})", "没有请求成功（{zh}）"));
    }
    None
}

/// A typical download estimated longer than this is "slow".
pub const SLOW_DOWNLOAD_MS: f64 = 60_000.0;

/// The verdict of one mirror, given the version most mirrors have reached, for the default
/// download profile.
pub fn verdict(m: &Measurement, newest_known: Option<&str>) -> (Verdict, Text, Option<bool>) {
    verdict_for(m, newest_known, &Profile::default())
}

/// [`verdict`] for a download profile (slowness is judged by the estimated download time).
pub fn verdict_for(
    m: &Measurement,
    newest_known: Option<&str>,
    profile: &Profile,
) -> (Verdict, Text, Option<bool>) {
    let fresh = match (&m.newest_version, newest_known) {
        (Some(mine), Some(best)) => Some(compare_versions(mine, best) != std::cmp::Ordering::Less),
        _ => None,
    };
    if m.unreachable {
        let err = m
            .sample_errors
            .first()
            .cloned()
            .unwrap_or_else(|| tr!("no answer", "没有应答"));
        let (en, zh) = (err.en, err.zh);
        return (
            Verdict::Unreachable,
            tr!("no connection ({en})", "无法建立连接（{zh}）"),
            fresh,
        );
    }
    if m.login_page {
        return (
            Verdict::LoginPage,
            tr!(
                "it answers Go module requests with an HTML page: a captive portal (hotel, airport, office Wi-Fi) or a login or block page stands in the way; sign in in a browser first, and never use it as GOPROXY",
                "它用 HTML 网页回应 Go 模块请求：前面有认证门户（酒店、机场、办公室无线网络）或登录、拦截页面；请先在浏览器中登录，不要把它用作 GOPROXY"
            ),
            fresh,
        );
    }
    if let Integrity::Tampered { file, got, want } = &m.integrity {
        return (
            Verdict::Tampered,
            tr!(
                "it serves {file} with hash {got}, but the checksum database recorded {want}: the go command would stop with 'verifying go.sum: checksum mismatch' (a bad cache or a tampering mirror)",
                "它提供的 {file} 哈希为 {got}，而校验和数据库记录的是 {want}：go 命令会报错 “verifying go.sum: checksum mismatch” 并停止（镜像缓存损坏或内容被篡改）"
            ),
            fresh,
        );
    }
    if let Some(status) = auth_status(m) {
        let host = crate::goenv::netrc::machine_for_url(&m.url).unwrap_or_default();
        return (
            Verdict::NeedsAuth,
            tr!(
                "it answers HTTP {status}: it wants a login. The go command sends one from .netrc (machine {host} login ... password ...); gomirror can add that entry for you, and the password is then never shown",
                "它返回 HTTP {status}：需要登录。go 命令会从 .netrc 读取账号（machine {host} login ... password ...）；gomirror 可以替你添加这一条，之后不再显示密码"
            ),
            fresh,
        );
    }
    if let Some(reason) = broken_reason(m) {
        return (Verdict::Broken, reason, fresh);
    }
    let failed = failed_checks(m);
    if !failed.is_empty() || m.success_rate < 1.0 {
        let list = failed.join(", ");
        let rate = (m.success_rate * 100.0).round();
        return (
            Verdict::Degraded,
            tr!(
                "some requests fail (checks failed: [{list}]; samples answered {rate}%)",
                "部分请求失败（失败的检查：[{list}]；样本成功率 {rate}%）"
            ),
            fresh,
        );
    }
    if m.checksum_db_proxied != Some(true) {
        return (
            Verdict::NoChecksumProxy,
            tr!(
                "it does not proxy the checksum database: with the default GOSUMDB the go command then goes to sum.golang.org directly (blocked in mainland China); pair it with GOSUMDB=sum.golang.google.cn",
                "它不代理校验和数据库：使用默认 GOSUMDB 时 go 命令会直连 sum.golang.org（中国大陆无法访问）；请搭配 GOSUMDB=sum.golang.google.cn"
            ),
            fresh,
        );
    }
    if fresh == Some(false) {
        let mine = m.newest_version.clone().unwrap_or_default();
        let best = newest_known.unwrap_or_default();
        return (
            Verdict::Stale,
            tr!(
                "it lists {mine} while other mirrors already have {best}",
                "它最新只有 {mine}，而其他镜像已有 {best}"
            ),
            fresh,
        );
    }
    let estimate = estimate_ms(m, profile).unwrap_or(0.0);
    if estimate > SLOW_DOWNLOAD_MS
        && let Some(bps) = m.throughput_bps
    {
        let kib = (bps / 1024.0).round();
        let secs = (estimate / 1000.0).round();
        return (
            Verdict::Slow,
            tr!(
                "slow (measured {kib} KiB/s): a typical download would take about {secs} s",
                "较慢（实测 {kib} KiB/s）：一次典型下载约需 {secs} 秒"
            ),
            fresh,
        );
    }
    if let Some(ttfb) = m.ttfb
        && ttfb.median_ms > SLOW_TTFB_MS
    {
        let t = ttfb.median_ms.round();
        return (
            Verdict::Slow,
            tr!(
                "it answers slowly (median {t} ms to first byte)",
                "响应较慢（首字节中位数 {t} 毫秒）"
            ),
            fresh,
        );
    }
    (
        Verdict::Healthy,
        tr!("all checks pass", "所有检查通过"),
        fresh,
    )
}

/// The estimated time of the profile's download through the mirror (ms), the success rate as
/// a penalty, plus the degraded and stale penalties: the lower, the better. None when unusable.
fn score(m: &Measurement, v: Verdict, fresh: Option<bool>, profile: &Profile) -> Option<f64> {
    if !v.usable() {
        return None;
    }
    let estimate = estimate_ms(m, profile)?;
    let mut score = estimate / m.success_rate.max(0.01);
    if v == Verdict::Degraded {
        score += 2000.0;
    }
    if fresh == Some(false) {
        score += 500.0;
    }
    Some(score)
}

/// Verdicts, scores and ranks for a complete round: freshness against the version most
/// answering mirrors have reached (see [`super::versions::majority_newest`]).
pub fn rank(measurements: Vec<Measurement>, profile: &Profile) -> Vec<Report> {
    let majority = super::versions::majority_newest(
        measurements
            .iter()
            .filter_map(|m| m.newest_version.as_deref()),
    );
    rank_with(measurements, majority.as_deref(), profile)
}

/// [`rank`] with the version freshness is judged by.
pub fn rank_with(
    measurements: Vec<Measurement>,
    newest_known: Option<&str>,
    profile: &Profile,
) -> Vec<Report> {
    let mut reports: Vec<Report> = measurements
        .into_iter()
        .map(|m| {
            let (verdict, reason, fresh) = verdict_for(&m, newest_known, profile);
            let score = score(&m, verdict, fresh, profile);
            Report {
                measurement: m,
                verdict,
                reason,
                fresh,
                score,
                rank: None,
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..reports.len())
        .filter(|&i| reports[i].score.is_some())
        .collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (
            reports[a].score.unwrap_or(f64::MAX),
            reports[b].score.unwrap_or(f64::MAX),
        );
        x.total_cmp(&y)
    });
    for (rank, i) in order.into_iter().enumerate() {
        reports[i].rank = Some(rank + 1);
    }
    reports.sort_by_key(|r| r.rank.unwrap_or(usize::MAX));
    reports
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_and_versions() {
        let s = StageStats::of([5.0, 1.0, 3.0].into_iter()).expect("stats");
        assert_eq!((s.median_ms, s.min_ms, s.max_ms), (3.0, 1.0, 5.0));
        assert_eq!(
            StageStats::of([1.0, 3.0].into_iter())
                .expect("stats")
                .median_ms,
            2.0
        );
        assert_eq!(
            newest(["v0.9.0", "v0.10.0", "v0.10.0-rc1", "junk"].into_iter()),
            Some("v0.10.0")
        );
    }
}
