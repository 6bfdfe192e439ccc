//! The probe's data, shared by its parts and by the front ends: what is asked of a mirror
//! (`ProbeSpec`), what a probe measured (`Measurement`, its checks, stage statistics and
//! integrity), the download the estimate is for (`Profile`, with the estimate itself), and the
//! verdict and rank of each mirror (`Verdict`, `Report`). It depends on no other part of the
//! probe's logic, so those parts and the window may all import it.

use super::http::Limits;
use super::tls::CertReport;
use crate::i18n::Text;
use crate::mirrors::Mirror;
use crate::tr;
use serde::Serialize;
use std::time::Duration;

/// What to ask every mirror. The defaults are public modules; tests point them at lab modules.
#[derive(Clone, Debug)]
pub struct ProbeSpec {
    pub samples: usize,
    pub limits: Limits,
    /// Budget for one mirror: samples and checks together.
    pub probe_timeout: Duration,
    /// The checksum database asked at `/sumdb/<name>/supported`.
    pub sumdb_name: String,
    /// Its verifier key: the pinned module's record is verified with it.
    pub sumdb_key: String,
    /// Where to look the record up when a mirror does not proxy the database (the configured
    /// GOSUMDB's URL); None: such a mirror's bytes are "not checked".
    pub sumdb_direct_url: Option<String>,
    /// A fast-moving module for `@v/list`, `@latest` and freshness.
    pub fast_module: String,
    /// A small pinned module version for `.info`, `.mod` and `.zip`.
    pub pinned_module: String,
    pub pinned_version: String,
    /// A larger module version whose zip measures throughput (bounded by the caps below).
    pub download_module: String,
    pub download_version: String,
    /// Bytes of that zip to download at most; the rest is not fetched.
    pub zip_cap_bytes: usize,
    /// Time spent on that download at most.
    pub download_time: Duration,
    /// The typical download mirrors are ranked by.
    pub profile: Profile,
    /// Whether `direct` works is tried when no mirror is usable (the reference module's
    /// origin); None: not tried, and `direct` is never recommended.
    pub direct_trial: Option<super::direct::DirectTrial>,
}

impl ProbeSpec {
    /// What the app and the CLI ask: the defaults, with the record of a mirror that does not
    /// proxy the checksum database looked up at sum.golang.google.cn (sum.golang.org's
    /// database, the same key, served from mainland China), so that the fallback GOSUMDB is
    /// recommended only once it was seen answering. Only the fixed reference module is looked
    /// up.
    pub fn for_users() -> Self {
        Self {
            sumdb_direct_url: Some(crate::goenv::gosumdb::SUM_GOLANG_GOOGLE_CN_URL.into()),
            direct_trial: Some(super::direct::DirectTrial::default()),
            ..Self::default()
        }
    }
}

impl Default for ProbeSpec {
    fn default() -> Self {
        Self {
            samples: 3,
            limits: Limits::default(),
            probe_timeout: Duration::from_secs(8),
            sumdb_name: "sum.golang.org".into(),
            sumdb_key: crate::goenv::gosumdb::SUM_GOLANG_ORG_KEY.into(),
            sumdb_direct_url: None,
            fast_module: "golang.org/x/tools".into(),
            pinned_module: "rsc.io/quote".into(),
            pinned_version: "v1.5.2".into(),
            download_module: "golang.org/x/text".into(),
            download_version: "v0.14.0".into(),
            zip_cap_bytes: 512 * 1024,
            download_time: Duration::from_millis(1500),
            profile: Profile::default(),
            direct_trial: None,
        }
    }
}

/// Whether a mirror serves the bytes the checksum database recorded.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Integrity {
    /// `.mod` and `.zip` hash to the database's signed record.
    Matches,
    /// At least one hashes to something else: the go command would fail with
    /// "verifying go.sum: checksum mismatch" (a bad cache, or a tampering mirror).
    Tampered {
        file: String,
        got: String,
        want: String,
    },
    /// No record could be had or compared (never taken for "tampered").
    NotChecked { why: Text },
}

/// One Go-protocol check of a mirror (list, info, mod, zip, checksum database, ...).
#[derive(Clone, Debug, Serialize)]
pub struct CheckResult {
    pub name: &'static str,
    pub path: String,
    pub status: Option<u16>,
    pub ok: bool,
    pub error: Option<Text>,
    pub total_ms: Option<f64>,
}

/// Everything measured for one mirror (verdict and rank are added by `stats`).
#[derive(Clone, Debug, Serialize)]
pub struct Measurement {
    pub id: String,
    pub name_en: String,
    pub name_zh: String,
    /// Redacted.
    pub url: String,
    pub dns: Option<StageStats>,
    pub connect: Option<StageStats>,
    pub tls: Option<StageStats>,
    pub ttfb: Option<StageStats>,
    /// Each sample's whole wait to its first byte (lookup, connection, TLS, first byte; a
    /// failure's time to fail), from its start.
    pub wait: Option<StageStats>,
    pub throughput_bps: Option<f64>,
    /// `bytes x download time / cap` of the throughput download: `bytes / throughput` is never
    /// less (a download cut off while sending still counts for what it showed).
    pub download_floor_ms: Option<f64>,
    pub success_rate: f64,
    pub sample_errors: Vec<Text>,
    pub sample_statuses: Vec<Option<u16>>,
    pub checks: Vec<CheckResult>,
    pub checksum_db_proxied: Option<bool>,
    pub newest_version: Option<String>,
    pub toolchain_listed: Option<bool>,
    /// Some answer with status 200 was an HTML page (a captive portal, login or block page).
    pub login_page: bool,
    /// The pinned module's bytes compared with the checksum database's signed record.
    pub integrity: Integrity,
    pub via_proxy: Option<String>,
    pub addresses: Vec<String>,
    pub cert: Option<CertReport>,
    /// True when the per-mirror budget ran out before everything answered.
    pub timed_out: bool,
    pub unreachable: bool,
}

impl Measurement {
    /// The mirror's name in the user's language.
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Zh => &self.name_zh,
            crate::i18n::Lang::En => &self.name_en,
        }
    }

    /// A mirror before any answer: nothing measured, no success.
    pub fn unmeasured(mirror: &Mirror) -> Self {
        Self {
            id: mirror.id.clone(),
            name_en: mirror.name_en.clone(),
            name_zh: mirror.name_zh.clone(),
            url: mirror.display_url(),
            dns: None,
            connect: None,
            tls: None,
            ttfb: None,
            wait: None,
            throughput_bps: None,
            download_floor_ms: None,
            success_rate: 0.0,
            sample_errors: Vec::new(),
            sample_statuses: Vec::new(),
            checks: Vec::new(),
            checksum_db_proxied: None,
            newest_version: None,
            toolchain_listed: None,
            login_page: false,
            integrity: Integrity::NotChecked {
                why: tr!("no answer", "没有应答"),
            },
            via_proxy: None,
            addresses: Vec::new(),
            cert: None,
            timed_out: false,
            unreachable: false,
        }
    }
}

/// Go's module path escaping for the proxy protocol (`!` + lower case for upper case).
pub fn escape_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn join(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// The stage statistics of one stage over the samples.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StageStats {
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
    pub samples: usize,
}

impl StageStats {
    /// The statistics of these samples (None: no sample).
    pub fn of(values: impl Iterator<Item = f64>) -> Option<Self> {
        let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        Some(Self {
            median_ms: median,
            min_ms: v[0],
            max_ms: v[n - 1],
            samples: n,
        })
    }

    /// max - min.
    pub fn spread_ms(&self) -> f64 {
        self.max_ms - self.min_ms
    }
}

/// A mirror's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Healthy,
    Slow,
    Degraded,
    NoChecksumProxy,
    Stale,
    Broken,
    Unreachable,
    /// Answers 200 with an HTML page (captive portal, login or block page).
    LoginPage,
    /// Serves bytes other than those the checksum database recorded.
    Tampered,
    /// Answers 401/403/407: a company proxy that wants a login (from `.netrc`).
    NeedsAuth,
}

impl Verdict {
    /// The go command can download through it.
    pub fn usable(self) -> bool {
        !matches!(
            self,
            Self::Broken | Self::Unreachable | Self::LoginPage | Self::Tampered | Self::NeedsAuth
        )
    }

    /// The verdict in words.
    pub fn label(self) -> Text {
        match self {
            Self::Healthy => tr!("healthy", "正常"),
            Self::Slow => tr!("slow", "较慢"),
            Self::Degraded => tr!("degraded", "部分异常"),
            Self::NoChecksumProxy => tr!("no checksum proxy", "不代理校验和"),
            Self::Stale => tr!("stale", "版本落后"),
            Self::Broken => tr!("broken", "故障"),
            Self::Unreachable => tr!("unreachable", "无法连接"),
            Self::LoginPage => tr!("login page / block page", "登录页或拦截页"),
            Self::Tampered => tr!("tampered", "内容被篡改"),
            Self::NeedsAuth => tr!("needs login", "需要登录"),
        }
    }
}

/// A mirror's final report.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    #[serde(flatten)]
    pub measurement: Measurement,
    pub verdict: Verdict,
    pub reason: Text,
    pub fresh: Option<bool>,
    pub score: Option<f64>,
    pub rank: Option<usize>,
}

/// A typical download, for the estimate.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Profile {
    pub requests: f64,
    pub bytes: f64,
    /// Sized from a project's go.sum (the words say "for this project").
    pub project: bool,
}

impl Default for Profile {
    /// About what `go mod download` of a mid-sized service asks: 100 requests, 30 MiB.
    fn default() -> Self {
        Self {
            requests: 100.0,
            bytes: 30.0 * 1024.0 * 1024.0,
            project: false,
        }
    }
}

/// Average zip of a module in a typical graph (for sizing from go.sum).
pub(crate) const BYTES_PER_MODULE: f64 = 600.0 * 1024.0;

impl Profile {
    /// Sized from a project's `go.sum`, offline: a module version with a zip hash costs three
    /// requests (`.info`, `.mod`, `.zip`) and an average zip; one with only a `/go.mod` hash one
    /// request. At least 10 requests and 1 MiB.
    pub fn from_gosum(text: &str) -> Self {
        let mut full = std::collections::BTreeSet::new();
        let mut mod_only = std::collections::BTreeSet::new();
        for line in text.lines() {
            let mut words = line.split_whitespace();
            let (Some(path), Some(version)) = (words.next(), words.next()) else {
                continue;
            };
            match version.strip_suffix("/go.mod") {
                Some(v) => mod_only.insert((path, v)),
                None => full.insert((path, version)),
            };
        }
        let mod_only = mod_only.difference(&full).count() as f64;
        let full = full.len() as f64;
        Self {
            requests: (3.0 * full + mod_only).max(10.0),
            bytes: (full * BYTES_PER_MODULE).max(1024.0 * 1024.0),
            project: true,
        }
    }

    /// A project's download, from its `go.sum` (the one way both front ends size it).
    pub fn from_project_dir(dir: &std::path::Path) -> std::io::Result<Self> {
        std::fs::read_to_string(dir.join("go.sum")).map(|t| Self::from_gosum(&t))
    }
}

/// Throughput assumed for the bytes when a mirror's download gave no figure (1 MiB/s).
pub const FALLBACK_BPS: f64 = 1024.0 * 1024.0;

/// The estimated time, in ms, of the profile's download through a measured mirror (before the
/// success-rate penalty). None when no sample got a first byte.
pub fn estimate_ms(m: &Measurement, profile: &Profile) -> Option<f64> {
    Some(profile.requests * m.wait?.median_ms + body_ms(m, profile))
}

/// `bytes / throughput` in ms; never below the floor the download showed while it ran.
pub fn body_ms(m: &Measurement, profile: &Profile) -> f64 {
    let measured = m
        .throughput_bps
        .filter(|b| *b > 0.0)
        .map(|bps| profile.bytes / bps * 1000.0);
    let floor = m.download_floor_ms.unwrap_or(0.0);
    measured
        .unwrap_or(profile.bytes / FALLBACK_BPS * 1000.0)
        .max(floor)
}
