//! The Overview's "remove the OS variable" flow: where the variable is set (a preview, from
//! the worker), then removing it there (undoable), then the settings read again.

use super::*;
use crate::osvar::Place;
use crate::osvar::job::{OsVarJob, OsVarOutput, UnsetSummary};

/// What a view can ask of the flow.
#[derive(Clone, Debug)]
pub enum OsVarCommand {
    /// Find where KEY is set (shown before anything is changed).
    Preview(String),
    /// Remove the previewed places.
    Unset,
    /// Close the preview or the result.
    Close,
}

/// The Overview's OS-variable flow: where it is set, and the removal.
#[derive(Clone, Debug, Default)]
pub struct OsVarState {
    /// The variable the preview is about.
    pub key: Option<String>,
    /// Where it is set.
    pub places: Loadable<Result<Vec<Place>, Text>>,
    /// What the removal did.
    pub outcome: Loadable<Result<UnsetSummary, Text>>,
}

impl AppState {
    pub(super) fn handle_osvar(&mut self, command: OsVarCommand, backend: &dyn Backend) {
        match command {
            OsVarCommand::Preview(key) => {
                let id = self.send_job(
                    backend,
                    Job::OsVar(OsVarJob::Plan {
                        env: self.env.clone(),
                        key: key.clone(),
                    }),
                );
                self.osvar = OsVarState {
                    key: Some(key),
                    places: Loadable::Pending(id),
                    outcome: Loadable::Idle,
                };
            }
            OsVarCommand::Unset => {
                let Some(Ok(places)) = self.osvar.places.ready().cloned() else {
                    return;
                };
                let id = self.send_job(
                    backend,
                    Job::OsVar(OsVarJob::Unset {
                        env: self.env.clone(),
                        places,
                    }),
                );
                self.osvar.outcome = Loadable::Pending(id);
            }
            OsVarCommand::Close => self.osvar = OsVarState::default(),
        }
    }

    pub(super) fn on_osvar(
        &mut self,
        view: &mut UiState,
        id: RequestId,
        output: OsVarOutput,
        backend: &dyn Backend,
    ) {
        match output {
            OsVarOutput::Planned { key, result } => {
                if self.osvar.places.waits_for(id) && self.osvar.key.as_deref() == Some(&key) {
                    self.osvar.places = Loadable::Ready(result);
                }
            }
            OsVarOutput::Unset { result, .. } => {
                if self.osvar.outcome.waits_for(id) {
                    let done = result.is_ok();
                    self.osvar.outcome = Loadable::Ready(result);
                    if done {
                        // The undo list and the settings as they are now.
                        self.handle(view, Command::App(AppCommand::Reload), backend);
                        self.handle(view, Command::Apply(ApplyCommand::RefreshHistory), backend);
                    }
                }
            }
        }
    }
}
