//! Small pieces of state the panels share: a value loaded in the background, the panels and
//! onboarding steps, the live probe round.

use crate::apply::ErrorReport;
use crate::mirrors::Mirror;
use crate::probe::engine::RoundOutcome;
use crate::probe::model::Measurement;
use crate::worker::RequestId;
use serde::{Deserialize, Serialize};

/// Background status of one thing, with the id of the request it waits for: everything the
/// window waits for is one of these (a job's answer, a probe round's outcome, a dialog).
/// `E` is what a failure carries: an [`ErrorReport`] unless the job says less.
#[derive(Clone, Debug, Default)]
pub enum Loadable<T, E = ErrorReport> {
    #[default]
    Idle,
    Pending(RequestId),
    Ready(T),
    Failed(E),
}

/// A job's answer: ready, or failed with its report.
impl<T, E> From<Result<T, E>> for Loadable<T, E> {
    fn from(result: Result<T, E>) -> Self {
        match result {
            Ok(t) => Self::Ready(t),
            Err(e) => Self::Failed(e),
        }
    }
}

impl<T, E> Loadable<T, E> {
    /// The value, when it arrived.
    pub fn ready(&self) -> Option<&T> {
        match self {
            Self::Ready(t) => Some(t),
            _ => None,
        }
    }

    /// Still waited for.
    pub fn is_pending(&self) -> bool {
        matches!(self, Self::Pending(_))
    }

    pub(super) fn waits_for(&self, id: RequestId) -> bool {
        matches!(self, Self::Pending(p) if *p == id)
    }

    /// The request waited for, if any.
    pub fn pending_id(&self) -> Option<RequestId> {
        match self {
            Self::Pending(id) => Some(*id),
            _ => None,
        }
    }

    /// Nothing asked for yet (or the request was dropped).
    pub fn is_idle(&self) -> bool {
        matches!(self, Self::Idle)
    }

    /// What the failure carries, when it failed.
    pub fn failed(&self) -> Option<&E> {
        match self {
            Self::Failed(e) => Some(e),
            _ => None,
        }
    }
}

/// A panel of the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Panel {
    Onboarding,
    Overview,
    Mirrors,
    Composer,
    Private,
    Checksum,
    Projects,
    Verify,
    Doctor,
    /// The team profile panel ("Team" / 团队 on screen; saved as `Team` before).
    #[serde(alias = "Team")]
    Profile,
    Apply,
}

/// A step of the onboarding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Check,
    Recommend,
    Apply,
}

/// The live probe round and the watch samples.
#[derive(Clone, Debug, Default)]
pub struct ProbeState {
    /// The round: running, or its outcome (idle again when cancelled).
    pub round: Loadable<RoundOutcome>,
    pub mirrors: Vec<Mirror>,
    pub measurements: Vec<Option<Measurement>>,
    /// Each measurement's estimated download (ms), made when it arrives.
    pub estimates: Vec<Option<f64>>,
    /// The recommendation, as soon as it is certain (before the round ends), and when (ms).
    pub decided: Option<(crate::probe::recommend::Recommendation, f64)>,
    /// (when, in seconds since the Unix epoch; mirror id; median time to first byte, ms) for
    /// the chart.
    pub history: Vec<(f64, String, f64)>,
    pub rounds: usize,
    /// The watch, a subscription that never ends by itself (not a [`Loadable`]: it has no
    /// answer; its samples arrive in `watch_samples` until it is stopped).
    pub watch: Option<RequestId>,
    /// (when, seconds since the Unix epoch; the first configured mirror's time to first
    /// byte, ms).
    pub watch_samples: Vec<(f64, f64)>,
}

/// Now, in seconds since the Unix epoch (the chart's x axis).
pub fn epoch_s() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}
