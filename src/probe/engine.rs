//! A probe round: every mirror concurrently (bounded pool), results streamed as they arrive,
//! cancellable; a hanging mirror never delays the others.

use super::checks::{self, Measurement, ProbeSpec};
use super::decide::{Standing, Tracker};
use super::http::Net;
use super::recommend::{self, NoRecommendation, Recommendation, SumdbChoice};
use super::resolve::Resolver;
use super::stats::{self, Report};
use super::tls::Roots;
use crate::goenv::location::EnvMap;
use crate::mirrors::Mirror;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::{Semaphore, mpsc, watch};

/// How many mirrors are probed at once.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// What a round reports as it goes.
#[derive(Clone, Debug)]
pub enum ProbeEvent {
    Started {
        total: usize,
    },
    Measured {
        index: usize,
        measurement: Box<Measurement>,
    },
    /// The recommendation is certain: no mirror still measuring can change it (it equals the
    /// full round's). Sent at most once, before `Finished`.
    Decided {
        recommended: Recommendation,
        decided_ms: f64,
    },
    Finished {
        outcome: Box<RoundOutcome>,
    },
    Cancelled,
}

/// A finished round: the reports, the recommendation, the times.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RoundOutcome {
    pub elapsed_ms: f64,
    pub first_result_ms: Option<f64>,
    pub reports: Vec<Report>,
    /// None when no mirror was seen to work (`no_recommendation` says why).
    pub recommended: Option<Recommendation>,
    pub no_recommendation: Option<NoRecommendation>,
    /// When the recommendation became certain (ms after the start).
    pub decided_ms: Option<f64>,
    /// False when the round stopped at the decision, with mirrors still measuring.
    pub complete: bool,
    /// The mirrors (indices into the round's list) still measuring when it stopped.
    pub pending: Vec<usize>,
    /// The full round's recommendation differs from the early one: a bug, reported.
    pub decision_changed: bool,
    /// Whether `direct` was seen to work (None: not tried, because a mirror was usable or the
    /// round stopped at the decision).
    pub direct: Option<super::direct::DirectResult>,
}

/// A probe round as a front end plans it (the window and the CLI build the same one), before
/// the slow part of its configuration exists.
#[derive(Clone, Debug)]
pub struct RoundPlan {
    pub mirrors: Vec<Mirror>,
    pub spec: ProbeSpec,
    pub env: EnvMap,
    pub sumdb: crate::probe::recommend::SumdbChoice,
    pub concurrency: usize,
}

impl RoundPlan {
    /// The round's configuration, with the trust roots the go command would use (slow: reads
    /// the OS certificate store).
    pub fn into_config(self) -> RoundConfig {
        RoundConfig {
            roots: Roots::from_env(&self.env),
            mirrors: self.mirrors,
            spec: self.spec,
            env: self.env,
            sumdb: self.sumdb,
            concurrency: self.concurrency,
        }
    }
}

/// Everything a round needs, shareable with spawned tasks.
#[derive(Clone)]
pub struct RoundConfig {
    pub mirrors: Vec<Mirror>,
    pub spec: ProbeSpec,
    pub env: EnvMap,
    pub roots: Roots,
    pub sumdb: SumdbChoice,
    pub concurrency: usize,
}

/// How often an undecided round looks again at the floors of the mirrors still measuring.
const DECIDE_TICK: std::time::Duration = std::time::Duration::from_millis(10);

/// Debug output names the mirror count only (the config holds credentials and trust roots).
impl std::fmt::Debug for RoundConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoundConfig")
            .field("mirrors", &self.mirrors.len())
            .finish()
    }
}

/// Runs a round, calling `on_event` for every event. Returns None if cancelled.
pub async fn run_round(
    config: RoundConfig,
    cancel: watch::Receiver<bool>,
    on_event: impl FnMut(ProbeEvent),
) -> Option<RoundOutcome> {
    run_round_until(config, cancel, false, on_event).await
}

fn recommend_from(
    shared: &RoundConfig,
    reports: &[Report],
    direct: Option<&super::direct::DirectResult>,
) -> Result<Recommendation, NoRecommendation> {
    let urls: Vec<(String, String)> = shared
        .mirrors
        .iter()
        .map(|m| (m.id.clone(), m.url.clone()))
        .collect();
    recommend::recommend(
        reports,
        &urls,
        &shared.sumdb,
        shared.spec.profile.project,
        direct,
    )
}

/// [`run_round`]; with `stop_when_decided`, it returns as soon as the recommendation is
/// certain (`complete` false, the unfinished mirrors in `pending`), leaving them behind.
pub async fn run_round_until(
    config: RoundConfig,
    mut cancel: watch::Receiver<bool>,
    stop_when_decided: bool,
    mut on_event: impl FnMut(ProbeEvent),
) -> Option<RoundOutcome> {
    super::tls::warm_up(&config.roots);
    let start = Instant::now();
    let total = config.mirrors.len();
    on_event(ProbeEvent::Started { total });
    let shared = Arc::new(config);
    let pool = Arc::new(Semaphore::new(shared.concurrency.max(1)));
    // One lookup per host for the whole round, shared by every mirror's stages.
    let resolver = Resolver::new();
    let trackers: Vec<Arc<Tracker>> = (0..total).map(|_| Arc::default()).collect();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut tasks = Vec::new();
    for (index, tracker) in trackers.iter().enumerate() {
        let (shared, pool, tx) = (shared.clone(), pool.clone(), tx.clone());
        let (resolver, tracker) = (resolver.clone(), tracker.clone());
        tasks.push(tokio::spawn(async move {
            let Ok(_permit) = pool.acquire().await else {
                return;
            };
            let m = &shared.mirrors[index];
            let net = Net {
                env: &shared.env,
                roots: &shared.roots,
                resolver: &resolver,
            };
            let measurement = checks::probe_mirror_tracked(m, &shared.spec, &net, &tracker).await;
            let _ = tx.send((index, measurement));
        }));
    }
    drop(tx);
    let profile = shared.spec.profile;
    let mut results: Vec<Option<Measurement>> = vec![None; total];
    let mut first_result_ms = None;
    let mut decided: Option<(Recommendation, f64)> = None;
    let mut standing: Option<Standing> = None;
    let mut standing_stale = true;
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    loop {
        if decided.is_none() {
            // The finished mirrors' standing changes only when one finishes; each tick only the
            // floors of the running ones are read again.
            if standing_stale {
                let finished: Vec<Measurement> = results.iter().flatten().cloned().collect();
                let pending = total - finished.len();
                standing = Standing::of(&finished, pending, &profile, recommend::MAX_MIRRORS);
                standing_stale = false;
            }
            let floors: Vec<f64> = (0..total)
                .filter(|i| results[*i].is_none())
                .map(|i| trackers[i].floor_ms(&profile))
                .collect();
            // A decision always has usable mirrors; a round with none runs to its end.
            if let Some((reports, Ok(recommended))) = standing
                .as_ref()
                .filter(|s| s.decided(&floors))
                .map(|s| (s.reports.clone(), recommend_from(&shared, &s.reports, None)))
            {
                let decided_ms = ms(start);
                on_event(ProbeEvent::Decided {
                    recommended: recommended.clone(),
                    decided_ms,
                });
                if stop_when_decided && !floors.is_empty() {
                    for t in &tasks {
                        t.abort();
                    }
                    let pending = (0..total).filter(|i| results[*i].is_none()).collect();
                    return Some(RoundOutcome {
                        elapsed_ms: ms(start),
                        first_result_ms,
                        reports,
                        recommended: Some(recommended),
                        no_recommendation: None,
                        decided_ms: Some(decided_ms),
                        complete: false,
                        pending,
                        decision_changed: false,
                        direct: None,
                    });
                }
                decided = Some((recommended, decided_ms));
            }
        }
        let tick = tokio::time::sleep(DECIDE_TICK);
        tokio::select! {
            received = rx.recv() => match received {
                Some((index, measurement)) => {
                    first_result_ms.get_or_insert(ms(start));
                    on_event(ProbeEvent::Measured { index, measurement: Box::new(measurement.clone()) });
                    results[index] = Some(measurement);
                    standing_stale = true;
                }
                None => break,
            },
            _ = tick, if decided.is_none() => {}
            changed = cancel.changed() => {
                if changed.is_err() || *cancel.borrow() {
                    for t in &tasks {
                        t.abort();
                    }
                    on_event(ProbeEvent::Cancelled);
                    return None;
                }
            }
        }
    }
    let reports = stats::rank(results.into_iter().flatten().collect(), &profile);
    // `direct` matters only when no mirror is usable: only then is it tried (no request to a
    // module's origin in an ordinary round), within one mirror's budget, and still cancellable.
    let direct = match &shared.spec.direct_trial {
        Some(trial) if !reports.iter().any(|r| r.rank.is_some()) => {
            let net = Net {
                env: &shared.env,
                roots: &shared.roots,
                resolver: &resolver,
            };
            let mut limits = shared.spec.limits.clone();
            limits.deadline = Some(tokio::time::Instant::now() + shared.spec.probe_timeout);
            let trying = super::direct::trial(trial, &net, &limits);
            tokio::pin!(trying);
            loop {
                tokio::select! {
                    d = &mut trying => break Some(d),
                    changed = cancel.changed() => {
                        if changed.is_err() || *cancel.borrow() {
                            on_event(ProbeEvent::Cancelled);
                            return None;
                        }
                    }
                }
            }
        }
        _ => None,
    };
    let (recommended, no_recommendation) = match recommend_from(&shared, &reports, direct.as_ref())
    {
        Ok(r) => (Some(r), None),
        Err(n) => (None, Some(n)),
    };
    let decision_changed = decided.as_ref().is_some_and(|(early, _)| {
        recommended
            .as_ref()
            .is_none_or(|r| early.goproxy != r.goproxy || early.gosumdb != r.gosumdb)
    });
    let outcome = RoundOutcome {
        elapsed_ms: ms(start),
        first_result_ms,
        reports,
        recommended,
        no_recommendation,
        decided_ms: decided.map(|(_, t)| t),
        complete: true,
        pending: Vec::new(),
        decision_changed,
        direct,
    };
    on_event(ProbeEvent::Finished {
        outcome: Box::new(outcome.clone()),
    });
    Some(outcome)
}

/// Runs a round to completion from synchronous code (the CLI), with its own runtime.
pub fn run_blocking(
    config: RoundConfig,
    on_event: impl FnMut(ProbeEvent),
) -> std::io::Result<Option<RoundOutcome>> {
    run_blocking_until(config, false, on_event)
}

/// [`run_blocking`]; with `stop_when_decided`, returns at the decision and leaves the mirrors
/// still measuring behind (the runtime is dropped without waiting for them).
pub fn run_blocking_until(
    config: RoundConfig,
    stop_when_decided: bool,
    on_event: impl FnMut(ProbeEvent),
) -> std::io::Result<Option<RoundOutcome>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let (_keep, cancel) = watch::channel(false);
    let outcome = runtime.block_on(run_round_until(config, cancel, stop_when_decided, on_event));
    // Nothing left in the runtime may delay the caller (a hung lookup, a stuck connection).
    runtime.shutdown_background();
    Ok(outcome)
}
