//! The Team panel's one worker job: read a profile from a file or an https URL.

use super::file::TeamProfile;
use crate::goenv::location::EnvMap;
use crate::i18n::Text;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct ReadProfile {
    pub location: String,
    pub env: EnvMap,
}

/// The profile, or every reason it is refused.
pub type ProfileOutput = Result<Box<TeamProfile>, Vec<Text>>;

pub fn run(job: ReadProfile) -> ProfileOutput {
    super::load(&job.location, &job.env, Duration::from_secs(20))
        .map(Box::new)
        .map_err(|e| match e {
            super::LoadError::Unreadable(t) => vec![t],
            super::LoadError::Refused(problems) => problems,
        })
}
