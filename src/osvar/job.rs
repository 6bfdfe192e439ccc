//! The window's os-var work, run by the worker: where a variable is set (the preview), and
//! removing it there.

use super::Place;
use crate::goenv::location::{EnvMap, TargetOs};
use crate::i18n::Text;

/// What the worker is asked about an overriding OS variable.
#[derive(Clone, Debug)]
pub enum OsVarJob {
    /// Where `key` is set for new processes.
    Plan { env: EnvMap, key: String },
    /// Remove the user places of a plan (undoable).
    Unset { env: EnvMap, places: Vec<Place> },
}

/// What an unset did, in words for the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsetSummary {
    pub removed: Vec<String>,
    /// Places an administrator must remove, each with its command.
    pub left: Vec<String>,
    pub notes: Vec<Text>,
}

/// What it answers.
#[derive(Clone, Debug)]
pub enum OsVarOutput {
    Planned {
        key: String,
        result: Result<Vec<Place>, Text>,
    },
    Unset {
        key: String,
        result: Result<UnsetSummary, Text>,
    },
}

/// Runs one job on the calling thread.
pub fn run(job: OsVarJob) -> OsVarOutput {
    let os = TargetOs::current();
    match job {
        OsVarJob::Plan { env, key } => OsVarOutput::Planned {
            result: super::plan(&env, os, std::slice::from_ref(&key)).map_err(|e| e.text()),
            key,
        },
        OsVarJob::Unset { env, places } => {
            let key = places.first().map(|p| p.key.clone()).unwrap_or_default();
            let result = crate::apply::history::data_dir(&env)
                .map_err(|e| Text::new(e.to_string(), e.zh()))
                .and_then(|dir| super::unset(&places, &dir).map_err(|e| e.text()))
                .map(|u| UnsetSummary {
                    removed: u.removed.iter().map(Place::describe).collect(),
                    left: u.left.iter().map(|(_, c)| c.clone()).collect(),
                    notes: u.notes,
                });
            OsVarOutput::Unset { key, result }
        }
    }
}
