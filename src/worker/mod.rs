//! The background worker: a tokio runtime on its own named thread. Requests go in through a
//! channel; events come out through a callback (the GUI wakes itself there). Every event carries
//! the request id, so a stale result can be ignored.

use crate::goenv::location::EnvMap;
use crate::mirrors::Mirror;
use crate::probe::checks::{self, ProbeSpec};
use crate::probe::engine::{self, ProbeEvent, RoundConfig, RoundPlan};
use crate::probe::tls::Roots;
use crate::verify::job::VerifyEvent;
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

mod jobs;

pub use jobs::{Job, JobOutput, run_job};

/// Names a request; its answers carry it.
pub type RequestId = u64;

/// What the window asks the worker.
#[derive(Clone, Debug)]
pub enum Request {
    /// Probe these mirrors; cancels nothing else.
    Probe {
        id: RequestId,
        config: Box<RoundConfig>,
    },
    /// Probe as planned: the worker builds the round's configuration (it loads the trust
    /// store, which the UI thread never does).
    ProbePlanned {
        id: RequestId,
        plan: Box<RoundPlan>,
    },
    Cancel {
        id: RequestId,
    },
    /// Re-probe the configured GOPROXY chain every `interval`, backing off (doubling, at most
    /// 8x) while its first mirror fails.
    Watch {
        id: RequestId,
        mirrors: Vec<Mirror>,
        spec: Box<ProbeSpec>,
        env: Box<EnvMap>,
        interval: Duration,
    },
    StopWatch {
        id: RequestId,
    },
    /// Verify configurations side by side with the real go command (cancel with `Cancel`).
    Verify {
        id: RequestId,
        configs: Vec<crate::verify::run::Request>,
    },
    /// A slow synchronous job (go command, files) run off the UI thread.
    Job {
        id: RequestId,
        job: Box<Job>,
    },
    Shutdown,
}

/// What the worker answers.
#[derive(Clone, Debug)]
pub enum Event {
    Verify {
        id: RequestId,
        index: usize,
        event: VerifyEvent,
    },
    Probe {
        id: RequestId,
        event: ProbeEvent,
    },
    Job {
        id: RequestId,
        output: Box<JobOutput>,
    },
    WatchSample {
        id: RequestId,
        /// One per watched mirror, in the chain's order.
        measurements: Vec<checks::Measurement>,
        /// The wait before the next sample.
        next_in: Duration,
    },
}

/// A handle to the worker thread.
pub struct Worker {
    tx: mpsc::UnboundedSender<Request>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker; `on_event` is called on the worker thread for every event.
    pub fn start(on_event: impl Fn(Event) + Send + Sync + 'static) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::unbounded_channel();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("gomirror-worker-rt")
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name("gomirror-worker".into())
            .spawn(move || {
                runtime.block_on(serve(rx, std::sync::Arc::new(on_event)));
                // Closing the app never waits for a hung go command or lookup.
                runtime.shutdown_background();
            })?;
        Ok(Self {
            tx,
            thread: Some(thread),
        })
    }

    /// Sends a request; false if the worker has stopped.
    pub fn send(&self, request: Request) -> bool {
        self.tx.send(request).is_ok()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.tx.send(Request::Shutdown);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

type Callback = std::sync::Arc<dyn Fn(Event) + Send + Sync>;

async fn serve(mut rx: mpsc::UnboundedReceiver<Request>, on_event: Callback) {
    let mut cancels: HashMap<RequestId, watch::Sender<bool>> = HashMap::new();
    let mut tasks = Vec::new();
    while let Some(request) = rx.recv().await {
        match request {
            Request::Probe { id, config } => {
                let (stop, cancel) = watch::channel(false);
                cancels.insert(id, stop);
                let cb = on_event.clone();
                tasks.push(tokio::spawn(async move {
                    engine::run_round(*config, cancel, |event| cb(Event::Probe { id, event }))
                        .await;
                }));
            }
            Request::ProbePlanned { id, plan } => {
                let (stop, cancel) = watch::channel(false);
                cancels.insert(id, stop);
                let cb = on_event.clone();
                tasks.push(tokio::spawn(async move {
                    let Ok(config) = tokio::task::spawn_blocking(move || plan.into_config()).await
                    else {
                        return;
                    };
                    engine::run_round(config, cancel, |event| cb(Event::Probe { id, event })).await;
                }));
            }
            Request::Watch {
                id,
                mirrors,
                spec,
                env,
                interval,
            } => {
                let (stop, cancel) = watch::channel(false);
                cancels.insert(id, stop);
                let cb = on_event.clone();
                tasks.push(tokio::spawn(watch_loop(
                    id, mirrors, *spec, *env, interval, cancel, cb,
                )));
            }
            Request::Verify { id, configs } => {
                let (stop, mut cancel) = watch::channel(false);
                cancels.insert(id, stop);
                let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
                let mut runs = tokio::task::JoinSet::new();
                for (index, config) in configs.into_iter().enumerate() {
                    let (cb, flag) = (on_event.clone(), flag.clone());
                    runs.spawn_blocking(move || {
                        crate::verify::job::run(&config, &flag, |event| {
                            cb(Event::Verify { id, index, event })
                        });
                    });
                }
                // Passes a cancel on to the runs, and ends with them.
                tasks.push(tokio::spawn(async move {
                    let mut listening = true;
                    loop {
                        tokio::select! {
                            done = runs.join_next() => if done.is_none() { break },
                            changed = cancel.changed(), if listening => {
                                listening = false;
                                if changed.is_ok() && *cancel.borrow() {
                                    flag.store(true, std::sync::atomic::Ordering::SeqCst);
                                }
                            }
                        }
                    }
                }));
            }
            Request::Cancel { id } | Request::StopWatch { id } => {
                if let Some(stop) = cancels.remove(&id) {
                    let _ = stop.send(true);
                }
            }
            Request::Job { id, job } => {
                let cb = on_event.clone();
                tasks.push(tokio::spawn(async move {
                    if let Ok(output) = tokio::task::spawn_blocking(move || run_job(*job)).await {
                        cb(Event::Job {
                            id,
                            output: Box::new(output),
                        });
                    }
                }));
            }
            Request::Shutdown => break,
        }
        tasks.retain(|t| !t.is_finished());
    }
    for t in tasks {
        t.abort();
    }
}

/// The wait after `failures` consecutive failures: doubling, at most 8 times the interval.
pub fn backoff(interval: Duration, failures: u32) -> Duration {
    interval * 2u32.pow(failures.min(3))
}

async fn watch_loop(
    id: RequestId,
    mirrors: Vec<Mirror>,
    mut spec: ProbeSpec,
    env: EnvMap,
    interval: Duration,
    mut cancel: watch::Receiver<bool>,
    on_event: Callback,
) {
    spec.samples = 1;
    let roots = Roots::from_env(&env);
    let mut failures = 0;
    loop {
        // A fresh resolver per sample: a watch follows DNS changes too.
        let resolver = crate::probe::resolve::Resolver::new();
        let net = crate::probe::http::Net {
            env: &env,
            roots: &roots,
            resolver: &resolver,
        };
        let mut measurements = Vec::with_capacity(mirrors.len());
        for mirror in &mirrors {
            measurements.push(checks::probe_mirror(mirror, &spec, &net).await);
        }
        failures = if measurements.first().is_some_and(|m| m.success_rate > 0.0) {
            0
        } else {
            failures + 1
        };
        let next_in = backoff(interval, failures);
        on_event(Event::WatchSample {
            id,
            measurements,
            next_in,
        });
        tokio::select! {
            _ = tokio::time::sleep(next_in) => {}
            _ = cancel.changed() => return,
        }
        if *cancel.borrow() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let i = Duration::from_secs(30);
        assert_eq!(backoff(i, 0), i);
        assert_eq!(backoff(i, 1), i * 2);
        assert_eq!(backoff(i, 3), i * 8);
        assert_eq!(backoff(i, 10), i * 8);
    }
}
