//! Ranking by what the user waits for, and deciding early.
//!
//! A mirror's score is the estimated time of a typical download through it: `requests` times
//! the wait of one request (name lookup, connection, TLS and first byte, as each sample measures
//! it on a fresh connection: an upper bound of what the go command, which keeps connections
//! open, waits), plus `bytes / throughput`; divided by the success rate. The typical download
//! is a [`Profile`]: 100 requests and 30 MiB by default, or sized offline from a project's
//! `go.sum` (its module paths are never sent anywhere).
//!
//! While a round runs, every unfinished mirror has a *floor*: a lower bound on its final score
//! that only grows with time (a wait still going on is at least as long as it has lasted, so a
//! mirror that has not answered after 300 ms costs at least 100 x 300 ms; a download of at most
//! `cap` bytes still going on after `t` has a throughput of at most `cap / t`). The recommendation is decided as soon as no floor can enter or reorder the chosen
//! chain and no finished mirror's verdict can still change; it is then the full round's answer.

use super::http::Observer;
pub use super::model::{FALLBACK_BPS, Profile, body_ms, estimate_ms};
use super::model::{Measurement, StageStats};
use super::stats;
use super::versions::compare_versions;
pub use super::versions::majority_newest;
use std::cmp::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Freshness of one version against the majority (None: nobody named a version).
fn is_fresh(mine: &str, majority: Option<&str>) -> bool {
    majority.is_none_or(|n| compare_versions(mine, n) != Ordering::Less)
}

/// Freshness of every finished mirror, if no pending mirror can change it: pending mirrors
/// naming the newest possible version (a higher majority) or the oldest (a lower one) must
/// leave every flag as it is. Returns the majority version to judge them by.
fn settled_majority(finished: &[&Measurement], pending: usize) -> Option<Option<String>> {
    let named: Vec<&str> = finished
        .iter()
        .filter_map(|m| m.newest_version.as_deref())
        .collect();
    let high = "v999999.0.0";
    let low = "v0.0.0-00010101000000-000000000000";
    let with = |extra: &str| {
        majority_newest(
            named
                .iter()
                .copied()
                .chain(std::iter::repeat_n(extra, pending)),
        )
    };
    let (hi, lo) = (with(high), with(low));
    for v in &named {
        if is_fresh(v, hi.as_deref()) != is_fresh(v, lo.as_deref()) {
            return None;
        }
    }
    // Any version between the two bounds gives the same flags; the one without pending votes
    // is what the full round computes when they name nothing.
    Some(majority_newest(named.iter().copied()))
}

/// What the finished mirrors settle, between two results: their ranked reports and the score
/// a pending mirror must exceed to stay out of the chain. It changes only when a mirror
/// finishes; the floors it is compared with grow with time.
#[derive(Clone, Debug)]
pub struct Standing {
    pub reports: Vec<stats::Report>,
    /// The score of the last mirror of the chain; None while fewer than `chain_len` are usable
    /// (then any pending mirror could still join).
    bar: Option<f64>,
}

impl Standing {
    /// The finished mirrors' standing with `pending` mirrors still running; None while a pending
    /// mirror could still change a finished one's freshness.
    pub fn of(
        finished: &[Measurement],
        pending: usize,
        profile: &Profile,
        chain_len: usize,
    ) -> Option<Self> {
        let refs: Vec<&Measurement> = finished.iter().collect();
        let majority = settled_majority(&refs, pending)?;
        let reports = stats::rank_with(finished.to_vec(), majority.as_deref(), profile);
        let bar = chain_len
            .checked_sub(1)
            .and_then(|i| reports.iter().filter_map(|r| r.score).nth(i));
        Some(Self { reports, bar })
    }

    /// Whether no pending mirror, with these floors (ms), can enter or reorder the chain.
    pub fn decided(&self, pending_floors: &[f64]) -> bool {
        pending_floors.is_empty()
            || self
                .bar
                .is_some_and(|bar| pending_floors.iter().all(|f| *f > bar))
    }
}

/// One timed sample of a mirror while it runs.
#[derive(Debug)]
struct SampleTrack {
    start: Instant,
    obs: Arc<Observer>,
    ended: Option<Instant>,
}

impl SampleTrack {
    /// Its wait to the first byte, exactly when known, else a lower bound at `now`.
    fn wait_ms(&self, now: Instant) -> f64 {
        let until = self.obs.headers_at().or(self.ended).unwrap_or(now);
        until.saturating_duration_since(self.start).as_secs_f64() * 1000.0
    }
}

#[derive(Debug, Default)]
struct Track {
    samples: Vec<SampleTrack>,
    /// `requests x wait`, once every sample has ended.
    known_ms: Option<f64>,
    download: Option<Arc<Observer>>,
    download_end: Option<Instant>,
    download_cap: f64,
}

/// What a mirror's probe has shown so far: the source of its final wait figures and of its
/// floor while it runs. Shared between the probe and the round.
#[derive(Debug, Default)]
pub struct Tracker {
    track: Mutex<Track>,
}

impl Tracker {
    fn with<T>(&self, f: impl FnOnce(&mut Track) -> T) -> Option<T> {
        self.track.lock().ok().map(|mut t| f(&mut t))
    }

    /// A sample starts now; returns its observer.
    pub fn sample_started(&self) -> Arc<Observer> {
        let obs = Arc::new(Observer::default());
        let o = obs.clone();
        self.with(|t| {
            t.samples.push(SampleTrack {
                start: Instant::now(),
                obs: o,
                ended: None,
            })
        });
        obs
    }

    /// The sample with this observer has ended (answered or failed).
    pub fn sample_ended(&self, obs: &Arc<Observer>) {
        let now = Instant::now();
        self.with(|t| {
            if let Some(s) = t.samples.iter_mut().find(|s| Arc::ptr_eq(&s.obs, obs)) {
                s.ended.get_or_insert(now);
            }
        });
    }

    /// Every sample's wait to the first byte (ms), once all have ended.
    pub fn waits_ms(&self) -> Vec<f64> {
        let now = Instant::now();
        self.with(|t| t.samples.iter().map(|s| s.wait_ms(now)).collect())
            .unwrap_or_default()
    }

    /// The samples are done: the part of the estimate they decide.
    pub fn samples_known(&self, known_ms: f64) {
        self.with(|t| t.known_ms = Some(known_ms));
    }

    /// The throughput download starts; at most `cap` bytes.
    pub fn download_started(&self, cap: usize) -> Arc<Observer> {
        let obs = Arc::new(Observer::default());
        let o = obs.clone();
        self.with(|t| {
            t.download = Some(o);
            t.download_cap = cap.max(1) as f64;
        });
        obs
    }

    /// The bounded download finished (its floor no longer grows).
    pub fn download_ended(&self) {
        let now = Instant::now();
        self.with(|t| {
            t.download_end.get_or_insert(now);
        });
    }

    /// `bytes x time / cap` of the download so far (ms): at most `cap` bytes arrived in that
    /// time, so `bytes / throughput` is at least this.
    fn download_floor(t: &Track, profile: &Profile, now: Instant) -> f64 {
        let Some(head) = t.download.as_ref().and_then(|o| o.headers_at()) else {
            return 0.0;
        };
        let until = t.download_end.unwrap_or(now);
        let secs = until.saturating_duration_since(head).as_secs_f64();
        profile.bytes * secs / t.download_cap * 1000.0
    }

    /// The download's final floor, once it ended (see [`body_ms`]).
    pub fn download_floor_ms(&self, profile: &Profile) -> Option<f64> {
        self.with(|t| Self::download_floor(t, profile, Instant::now()))
    }

    /// A lower bound on the mirror's final score (ms), growing with time while it runs.
    pub fn floor_ms(&self, profile: &Profile) -> f64 {
        let now = Instant::now();
        self.with(|t| {
            if t.samples.is_empty() {
                return 0.0;
            }
            let base = t.known_ms.unwrap_or_else(|| {
                let waits = t.samples.iter().map(|s| s.wait_ms(now));
                profile.requests * StageStats::of(waits).map_or(0.0, |s| s.median_ms)
            });
            base + Self::download_floor(t, profile, now)
        })
        .unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majority_needs_more_than_half() {
        let m = |v: &[&str]| majority_newest(v.iter().copied());
        assert_eq!(
            m(&["v1.2.0", "v1.2.0", "v1.1.0"]).as_deref(),
            Some("v1.2.0")
        );
        assert_eq!(
            m(&["v1.3.0", "v1.2.0", "v1.1.0"]).as_deref(),
            Some("v1.2.0")
        );
        // One mirror ahead of all the others marks nobody stale.
        assert_eq!(
            m(&["v9.0.0", "v1.2.0", "v1.2.0"]).as_deref(),
            Some("v1.2.0")
        );
        assert_eq!(m(&["v1.2.0"]).as_deref(), Some("v1.2.0"));
        assert_eq!(m(&[]), None);
    }

    #[test]
    fn profile_from_gosum() {
        let gosum = "golang.org/x/text v0.14.0 h1:abc=\ngolang.org/x/text v0.14.0/go.mod h1:def=\n\
                     example.com/a v1.0.0/go.mod h1:x=\n";
        let p = Profile::from_gosum(gosum);
        assert_eq!(p.requests, 10.0, "at least 10");
        let many: String = (0..40)
            .map(|i| {
                format!("example.com/m{i} v1.0.0 h1:x=\nexample.com/m{i} v1.0.0/go.mod h1:y=\n")
            })
            .collect();
        let p = Profile::from_gosum(&many);
        assert_eq!(p.requests, 120.0);
        assert_eq!(p.bytes, 40.0 * super::super::model::BYTES_PER_MODULE);
    }
}
