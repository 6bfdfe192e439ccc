//! Probing one mirror: several timed samples plus the Go-protocol checks, using only public
//! reference modules (never a user's module paths).

use super::http::{self, Net};
use super::integrity;
use super::model::StageStats;
pub(crate) use super::model::join;
pub use super::model::{CheckResult, Integrity, Measurement, ProbeSpec, escape_path};
use super::summary::{summarize_checks, summarize_samples};
use crate::mirrors::Mirror;
use crate::tr;

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
