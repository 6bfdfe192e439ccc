//! Small pieces of state the panels share: a value loaded in the background, the panels and
//! onboarding steps, the live probe round.

use crate::apply::ErrorReport;
use crate::mirrors::Mirror;
use crate::probe::engine::RoundOutcome;
use crate::probe::model::Measurement;
use crate::worker::RequestId;
use serde::{Deserialize, Serialize};

/// Background status of one thing, with the id of the request it waits for.
#[derive(Clone, Debug, Default)]
pub enum Loadable<T> {
    #[default]
    Idle,
    Pending(RequestId),
    Ready(T),
    Failed(ErrorReport),
}

/// A job's answer: ready, or failed with its report.
impl<T> From<Result<T, ErrorReport>> for Loadable<T> {
    fn from(result: Result<T, ErrorReport>) -> Self {
        match result {
            Ok(t) => Self::Ready(t),
            Err(e) => Self::Failed(e),
        }
    }
}

impl<T> Loadable<T> {
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
    pub round: Option<RequestId>,
    pub mirrors: Vec<Mirror>,
    pub measurements: Vec<Option<Measurement>>,
    /// Each measurement's estimated download (ms), made when it arrives.
    pub estimates: Vec<Option<f64>>,
    pub outcome: Option<RoundOutcome>,
    /// The recommendation, as soon as it is certain (before the round ends), and when (ms).
    pub decided: Option<(crate::probe::recommend::Recommendation, f64)>,
    /// (when, in seconds since the Unix epoch; mirror id; median time to first byte, ms) for
    /// the chart.
    pub history: Vec<(f64, String, f64)>,
    pub rounds: usize,
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
