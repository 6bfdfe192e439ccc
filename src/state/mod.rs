//! The app's state, its commands and the one place they change it (`AppState::handle`), plus
//! how worker events update it. Views only read this and send commands.

use crate::apply::history::Entry;
use crate::apply::{ErrorReport, Outcome, Plan, Prepared, Target};
use crate::goenv::conflicts::Fix;
use crate::goenv::location::EnvMap;
use crate::goenv::model::{Layers, Snapshot};
use crate::i18n::{Lang, Text};
use crate::mirrors::Mirror;
use crate::probe::engine::ProbeEvent;
use crate::probe::model::ProbeSpec;
use crate::probe::recommend::SumdbChoice;
use crate::worker::{Event, Job, JobOutput, Request, RequestId};
use std::sync::Arc;
use std::time::Duration;

mod alerts;
mod app;
mod apply;
mod backend;
mod command;
mod doctor;
pub mod drafts;
mod events;
mod mirrors;
pub mod notices;
mod osvar;
mod profile;
mod project;
mod project_draft;
mod settings;
mod ui_state;
mod verify;
mod views;

pub use alerts::AlertsState;
pub use backend::Backend;
pub use command::{
    AppCommand, ApplyCommand, Command, DoctorCommand, MirrorsCommand, ProfileCommand,
    ProjectCommand, VerifyCommand,
};
pub use doctor::DoctorState;
pub use osvar::{OsVarCommand, OsVarState};
pub use profile::ProfileState;
pub use project::ProjectState;
pub use project_draft::{ProjectDraft, ProjectSumdb};
pub use settings::{Settings, ThemeChoice};
pub use ui_state::{DoctorForm, ProfileForm, ProjectForm, UiState, VerifyForm};
pub use verify::{VerifyConfig, VerifyState};
pub use views::{Loadable, Panel, ProbeState, Step, epoch_s};

/// Everything the app knows.
pub struct AppState {
    pub settings: Settings,
    pub env: EnvMap,
    next_id: RequestId,
    pub loaded: Loadable<Arc<(Layers, Snapshot)>>,
    pub probe: ProbeState,
    pub target: Target,
    pub prepared: Loadable<Box<Prepared>>,
    pub outcome: Loadable<Box<Outcome>>,
    pub history: Vec<Entry>,
    pub notices: notices::Notices,
    pub panel: Panel,
    pub step: Step,
    /// Apply as soon as the preview of this request arrives (one-click fixes).
    auto_apply: Option<RequestId>,
    /// The probe spec (public reference modules; tests may point it elsewhere).
    pub spec: ProbeSpec,
    pub sumdb_choice: SumdbChoice,
    /// Whether `$GOROOT/go.env` can be written by this user (checked when settings load).
    pub goroot_writable: bool,
    /// The catalogue and the user's own mirrors (`mirrors.toml`, shared with the CLI), read by
    /// the worker.
    pub mirrors: Loadable<Vec<Mirror>>,
    /// A probe was asked for before the mirror list arrived: start it then.
    probe_waits_for_mirrors: bool,
    /// The Projects panel.
    pub project: ProjectState,
    /// The Verify panel.
    pub verify: VerifyState,
    /// The Doctor panel.
    pub doctor: DoctorState,
    /// The watch of the configured mirrors and its alerts.
    pub alerts: AlertsState,
    /// The Team panel (profiles and snippets).
    pub profile: ProfileState,
    /// Removing an OS variable that overrides the env file (from the Overview).
    pub osvar: osvar::OsVarState,
    /// Text the window puts on the clipboard at its next frame.
    pub clipboard: Option<String>,
    /// The About box is shown.
    pub about_open: bool,
}

impl AppState {
    /// The state at start-up, from the saved settings and the environment.
    pub fn new(settings: Settings, env: EnvMap) -> Self {
        let panel = if settings.onboarding_done {
            Panel::Overview
        } else {
            Panel::Onboarding
        };
        Self {
            settings,
            env,
            next_id: 1,
            loaded: Loadable::Idle,
            probe: ProbeState::default(),
            target: Target::Go,
            prepared: Loadable::Idle,
            outcome: Loadable::Idle,
            history: Vec::new(),
            notices: notices::Notices::default(),
            panel,
            step: Step::Check,
            auto_apply: None,
            spec: ProbeSpec::for_users(),
            sumdb_choice: SumdbChoice::default(),
            goroot_writable: false,
            mirrors: Loadable::Idle,
            probe_waits_for_mirrors: false,
            project: ProjectState::default(),
            verify: VerifyState::default(),
            doctor: DoctorState::default(),
            alerts: AlertsState::default(),
            profile: ProfileState::default(),
            osvar: osvar::OsVarState::default(),
            clipboard: None,
            about_open: false,
        }
    }

    /// A preview is under way that is applied as soon as it is ready (a one-click fix, the
    /// onboarding's retry): to the user, the write has begun.
    pub fn writing_soon(&self) -> bool {
        self.auto_apply.is_some() && self.prepared.is_pending()
    }

    /// The recommendation: the round's, or the early one as soon as it is certain.
    pub fn recommendation(&self) -> Option<&crate::probe::recommend::Recommendation> {
        self.probe
            .round
            .ready()
            .and_then(|o| o.recommended.as_ref())
            .or(self.probe.decided.as_ref().map(|(r, _)| r))
    }

    /// The interface language: the chosen one, else the OS's.
    pub fn lang(&self) -> Lang {
        self.settings.lang.unwrap_or_else(crate::i18n::os_lang)
    }

    /// Sends one job to the worker under a new request id, and returns the id (the answer
    /// comes back as `Event::Job` with it).
    fn send_job(&mut self, backend: &dyn Backend, job: Job) -> RequestId {
        let id = self.id();
        backend.send(Request::Job {
            id,
            job: Box::new(job),
        });
        id
    }

    fn id(&mut self) -> RequestId {
        self.next_id += 1;
        self.next_id
    }

    /// The settings model, once loaded.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.loaded.ready().map(|l| &l.1)
    }

    /// The layers the model was computed from, once loaded.
    pub fn layers(&self) -> Option<&Layers> {
        self.loaded.ready().map(|l| &l.0)
    }

    /// The mirrors a probe covers: the catalogue plus the user's own (as loaded by the
    /// worker; no file is read here).
    pub fn mirror_list(&self) -> Vec<Mirror> {
        self.mirrors.ready().cloned().unwrap_or_default()
    }

    /// The user's own mirrors.
    pub fn custom_mirrors(&self) -> Vec<&Mirror> {
        self.mirrors
            .ready()
            .map(|l| l.iter().filter(|m| m.custom).collect())
            .unwrap_or_default()
    }

    /// The plan the drafts add up to, against the loaded settings.
    pub fn plan(&self, view: &UiState) -> Plan {
        match self.snapshot() {
            Some(s) => view.drafts.plan(s),
            None => Plan::default(),
        }
    }

    /// Handles one command: each capability's by its own exhaustive match.
    pub fn handle(&mut self, view: &mut UiState, command: Command, backend: &dyn Backend) {
        match command {
            Command::App(c) => self.handle_app(view, c, backend),
            Command::Mirrors(c) => self.handle_mirrors(view, c, backend),
            Command::Apply(c) => self.handle_apply(view, c, backend),
            Command::Project(c) => self.handle_project(view, c, backend),
            Command::Verify(c) => self.handle_verify(view, c, backend),
            Command::Doctor(c) => self.handle_doctor(view, c, backend),
            Command::Profile(c) => self.handle_profile(view, c, backend),
            Command::OsVar(c) => self.handle_osvar(c, backend),
        }
    }
}
