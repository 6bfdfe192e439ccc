//! The worker's side of the Verify panel: one configuration verified on the blocking pool,
//! its progress and its outcome reported as they come (a verification streams, so it is not a
//! one-answer `Job`; the worker runs one of these per configuration, side by side).

use super::run::{Outcome, Progress, Request, verify_with};
use std::sync::atomic::AtomicBool;

/// What one configuration of a verification reports.
#[derive(Clone, Debug)]
pub enum VerifyEvent {
    Progress(Progress),
    Done(Box<Outcome>),
}

/// Verifies one configuration, reporting each step and then the outcome; `stop` ends it
/// (the go command and everything it started) as soon as it is set.
pub fn run(config: &Request, stop: &AtomicBool, report: impl Fn(VerifyEvent)) {
    let outcome = verify_with(config, |p| report(VerifyEvent::Progress(p.clone())), stop);
    report(VerifyEvent::Done(Box::new(outcome)));
}
