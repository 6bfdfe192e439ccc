//! A probe round: every mirror concurrently (bounded pool), results streamed as they arrive,
//! cancellable; a hanging mirror never delays the others.

use super::checks::{self, Measurement, ProbeSpec};
use super::http::Net;
use super::recommend::{self, Recommendation, SumdbChoice};
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

#[derive(Clone, Debug)]
pub enum ProbeEvent {
    Started {
        total: usize,
    },
    Measured {
        index: usize,
        measurement: Box<Measurement>,
    },
    Finished {
        outcome: Box<RoundOutcome>,
    },
    Cancelled,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct RoundOutcome {
    pub elapsed_ms: f64,
    pub first_result_ms: Option<f64>,
    pub reports: Vec<Report>,
    pub recommended: Recommendation,
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
    mut cancel: watch::Receiver<bool>,
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
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut tasks = Vec::new();
    for index in 0..total {
        let (shared, pool, tx) = (shared.clone(), pool.clone(), tx.clone());
        let resolver = resolver.clone();
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
            let measurement = checks::probe_mirror(m, &shared.spec, &net).await;
            let _ = tx.send((index, measurement));
        }));
    }
    drop(tx);
    let mut results: Vec<Option<Measurement>> = vec![None; total];
    let mut first_result_ms = None;
    loop {
        tokio::select! {
            received = rx.recv() => match received {
                Some((index, measurement)) => {
                    first_result_ms.get_or_insert(start.elapsed().as_secs_f64() * 1000.0);
                    on_event(ProbeEvent::Measured { index, measurement: Box::new(measurement.clone()) });
                    results[index] = Some(measurement);
                }
                None => break,
            },
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
    let reports = stats::rank(results.into_iter().flatten().collect());
    let urls: Vec<(String, String)> = shared
        .mirrors
        .iter()
        .map(|m| (m.id.clone(), m.url.clone()))
        .collect();
    let recommended = recommend::recommend(&reports, &urls, &shared.sumdb);
    let outcome = RoundOutcome {
        elapsed_ms: start.elapsed().as_secs_f64() * 1000.0,
        first_result_ms,
        reports,
        recommended,
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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let (_keep, cancel) = watch::channel(false);
    let outcome = runtime.block_on(run_round(config, cancel, on_event));
    // Nothing left in the runtime may delay the caller (a hung lookup, a stuck connection).
    runtime.shutdown_background();
    Ok(outcome)
}
