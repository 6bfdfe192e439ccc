//! Probing one mirror: several timed samples plus the Go-protocol checks, using only public
//! reference modules (never a user's module paths).

use super::http::{self, Limits, Net};
use super::integrity;
use super::stats::StageStats;
use super::summary::{summarize_checks, summarize_samples};
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
    pub profile: super::decide::Profile,
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
            profile: super::decide::Profile::default(),
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

/// Probes one mirror within `spec.probe_timeout`. Never returns later than that.
pub async fn probe_mirror(mirror: &Mirror, spec: &ProbeSpec, net: &Net<'_>) -> Measurement {
    probe_mirror_tracked(mirror, spec, net, &super::decide::Tracker::default()).await
}

/// [`probe_mirror`], keeping `tracker` up to date while it runs (the round's early decision
/// reads its floor).
pub async fn probe_mirror_tracked(
    mirror: &Mirror,
    spec: &ProbeSpec,
    net: &Net<'_>,
    tracker: &super::decide::Tracker,
) -> Measurement {
    let mut m = Measurement::unmeasured(mirror);
    // Every stage ends inside the mirror's budget, so a wait that never ends is reported with
    // the stage it hung in (a silent DNS server: "timed out in the DNS stage").
    let stage_cap = spec.probe_timeout.mul_f64(0.9);
    let mut limits = spec.limits.clone();
    for stage in [
        &mut limits.dns,
        &mut limits.connect,
        &mut limits.tls,
        &mut limits.ttfb,
        &mut limits.body,
    ] {
        *stage = (*stage).min(stage_cap);
    }
    // Every request stops at the budget; what arrived by then is measured.
    limits.deadline = Some(tokio::time::Instant::now() + spec.probe_timeout.mul_f64(0.95));
    let base = mirror.url.clone();
    let fast = escape_path(&spec.fast_module);
    let pinned = escape_path(&spec.pinned_module);
    let v = &spec.pinned_version;
    let sample_url = join(&base, &format!("{pinned}/@v/{v}.info"));
    // The samples start together, each on its own connection: while none has answered, each
    // one's wait is at least the time gone by (the floor of the early decision).
    let samples = super::join::join_all(
        (0..spec.samples.max(1))
            .map(|_| {
                let obs = tracker.sample_started();
                let (url, limits) = (&sample_url, &limits);
                async move {
                    let f = http::get_observed(url, net, limits, &obs).await;
                    tracker.sample_ended(&obs);
                    f
                }
            })
            .collect(),
    );
    let check_list: Vec<(&'static str, String, usize)> = vec![
        (
            "sumdb-supported",
            format!("sumdb/{}/supported", spec.sumdb_name),
            4096,
        ),
        ("list", format!("{fast}/@v/list"), 256 * 1024),
        ("latest", format!("{fast}/@latest"), 4096),
        ("mod", format!("{pinned}/@v/{v}.mod"), 64 * 1024),
        ("zip", format!("{pinned}/@v/{v}.zip"), 1024 * 1024),
        (
            "download",
            format!(
                "{}/@v/{}.zip",
                escape_path(&spec.download_module),
                spec.download_version
            ),
            spec.zip_cap_bytes,
        ),
        (
            "toolchain",
            "golang.org/toolchain/@v/list".to_string(),
            256 * 1024,
        ),
    ];
    let checks = super::join::join_all(
        check_list
            .iter()
            .map(|(name, path, cap)| {
                let mut limits = limits.clone();
                limits.body_cap_bytes = *cap;
                if *name == "download" {
                    limits.body = spec.download_time.min(stage_cap);
                }
                let url = join(&base, path);
                let obs = (*name == "download").then(|| tracker.download_started(*cap));
                async move {
                    let f = match &obs {
                        Some(o) => {
                            let f = http::get_observed(&url, net, &limits, o).await;
                            tracker.download_ended();
                            f
                        }
                        None => http::get(&url, net, &limits).await,
                    };
                    (*name, path.clone(), f)
                }
            })
            .collect(),
    );
    let samples = async {
        let fetches = samples.await;
        // The samples' part of the estimate is final now.
        let wait = StageStats::of(tracker.waits_ms().into_iter());
        if let Some(w) = wait {
            tracker.samples_known(spec.profile.requests * w.median_ms);
        }
        (fetches, wait)
    };
    let all = async {
        let ((fetches, wait), check_fetches) = tokio::join!(samples, checks);
        let fetches = (fetches, wait);
        let integrity = integrity::check(&base, spec, net, &limits, &check_fetches).await;
        (fetches, check_fetches, integrity)
    };
    match tokio::time::timeout(spec.probe_timeout, all).await {
        Ok(((fetches, wait), check_fetches, integrity)) => {
            summarize_samples(&mut m, &fetches, spec);
            m.wait = wait;
            summarize_checks(&mut m, check_fetches, spec);
            m.download_floor_ms = tracker.download_floor_ms(&spec.profile);
            m.integrity = integrity;
        }
        Err(_) => {
            m.timed_out = true;
            m.unreachable = true;
            let budget = spec.probe_timeout.as_millis();
            m.sample_errors.push(tr!(
                "no answer within {budget} ms",
                "{budget} 毫秒内没有应答"
            ));
        }
    }
    m
}
