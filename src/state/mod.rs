//! The app's state, its commands and the one place they change it (`AppState::handle`), plus
//! how worker events update it. Views only read this and send commands.

use crate::apply::history::Entry;
use crate::apply::{Outcome, Plan, Prepared, Target};
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

mod apply;
mod backend;
mod command;
mod doctor;
pub mod drafts;
mod events;
mod mirrors;
mod osvar;
mod profile;
mod project;
mod project_draft;
mod settings;
mod ui_state;
mod verify;
mod views;

pub use backend::Backend;
pub use command::Command;
pub use doctor::{AlertsState, DoctorState};
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
    pub notices: Vec<Text>,
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
            notices: Vec::new(),
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

    /// The recommendation: the round's, or the early one as soon as it is certain.
    pub fn recommendation(&self) -> Option<&crate::probe::recommend::Recommendation> {
        self.probe
            .outcome
            .as_ref()
            .and_then(|o| o.recommended.as_ref())
            .or(self.probe.decided.as_ref().map(|(r, _)| r))
    }

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

    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.loaded.ready().map(|l| &l.1)
    }

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

    pub fn handle(&mut self, view: &mut UiState, command: Command, backend: &dyn Backend) {
        match command {
            Command::SetTarget(target) => self.target = target,
            Command::Reload => {
                let id = self.send_job(
                    backend,
                    Job::Load {
                        env: self.env.clone(),
                    },
                );
                self.loaded = Loadable::Pending(id);
                self.handle(view, Command::RefreshHistory, backend);
                let id = self.send_job(
                    backend,
                    Job::LoadMirrors {
                        env: self.env.clone(),
                    },
                );
                self.mirrors = Loadable::Pending(id);
            }
            Command::StartProbe => self.start_probe(backend),
            Command::CancelProbe => {
                if let Some(id) = self.probe.round.take() {
                    backend.send(Request::Cancel { id });
                }
            }
            Command::ToggleWatch => self.toggle_watch(backend),
            Command::SetLang(lang) => self.settings.lang = Some(lang),
            Command::SetTheme(theme) => self.settings.theme = theme,
            Command::ToggleAbout => self.about_open = !self.about_open,
            Command::Show(panel) => {
                self.panel = panel;
                // The first look at the doctor is its report: no extra click.
                if panel == Panel::Doctor
                    && self.doctor.report.is_none()
                    && self.doctor.round.is_none()
                {
                    self.run_doctor(view, backend);
                }
            }
            Command::Step(step) => {
                self.step = step;
                if step == Step::Apply {
                    self.handle(view, Command::UseRecommended, backend);
                    self.handle(view, Command::Preview, backend);
                }
            }
            Command::UseRecommended => {
                if let Some(r) = self.recommendation().cloned() {
                    view.drafts
                        .use_recommendation(&r.goproxy, r.gosumdb.as_deref());
                }
            }
            Command::AddCustomMirror(url) => {
                if self.add_custom_mirror(&url) {
                    self.save_mirrors(backend);
                }
            }
            Command::RemoveCustomMirror(i) => {
                let url = self.custom_mirrors().get(i).map(|m| m.url.clone());
                if let (Some(url), Loadable::Ready(list)) = (url, &mut self.mirrors) {
                    list.retain(|m| !(m.custom && m.url == url));
                    self.save_mirrors(backend);
                }
            }
            Command::Preview => self.preview(view, backend, false),
            Command::Apply => self.apply(backend),
            Command::Undo => {
                // What the OS-variable box said is no longer true after an undo.
                self.osvar = osvar::OsVarState::default();
                let id = self.send_job(
                    backend,
                    Job::Undo {
                        env: self.env.clone(),
                    },
                );
                self.outcome = Loadable::Pending(id);
            }
            Command::RefreshHistory => {
                self.send_job(
                    backend,
                    Job::History {
                        env: self.env.clone(),
                    },
                );
            }
            Command::Fix(fix) => self.fix(fix, backend),
            Command::OsVar(c) => self.handle_osvar(c, backend),
            Command::FinishOnboarding => {
                self.settings.onboarding_done = true;
                self.panel = Panel::Overview;
            }
            Command::Dismiss(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
            Command::PickProjectFolder => {
                self.send_job(backend, Job::PickFolder);
            }
            Command::OpenProject(_)
            | Command::ProjectPreview
            | Command::ProjectApply
            | Command::ProjectAllowDirenv
            | Command::ProjectCheckGit
            | Command::ProjectUseSsh { .. } => self.handle_project(view, command, backend),
            Command::ApplyAndVerify => {
                // What the changed keys held before, verified beside the result afterwards.
                if let (Some(snapshot), Some(prepared)) = (self.snapshot(), self.prepared.ready()) {
                    let before = prepared
                        .plan
                        .changes
                        .keys()
                        .map(|k| (k.clone(), snapshot.value(k).to_string()))
                        .collect();
                    self.verify.before_apply = Some(before);
                }
                self.apply(backend);
            }
            Command::Explain => {
                let evidence = self.explain_evidence(view);
                self.verify.findings =
                    crate::verify::explain::explain(&view.verify.pasted, &evidence);
            }
            Command::PreviewFix(fix) => {
                if let Some(layers) = self.layers().cloned() {
                    let plan = fix.iter().fold(Plan::default(), |p, (k, v)| p.set(k, v));
                    self.panel = Panel::Apply;
                    self.preview_plan(backend, layers, plan, self.target, false);
                }
            }
            Command::StartVerify => {
                let configs = self.verify_choices(view);
                self.start_verify(view, configs, backend);
            }
            Command::RunDoctor => self.run_doctor(view, backend),
            Command::SaveDoctor => self.save_doctor(view, backend),
            Command::CopyDoctor => self.copy_doctor(),
            Command::OpenPath(path) => self.open_path(&path, backend),
            Command::DismissAlert => self.alerts.banner = None,
            Command::OpenProfile(location) => self.open_profile(view, location, backend),
            Command::PickProfile
            | Command::PickExportPath
            | Command::ExportProfile
            | Command::ProfileToProject
            | Command::CopyNetworkSteps => self.handle_profile(view, command, backend),
            Command::SaveMirrorLogin { host } => {
                let password = std::mem::take(&mut view.drafts.login_password.0);
                let login = view.drafts.login_user.trim().to_string();
                if !login.is_empty() && !password.is_empty() {
                    self.send_job(
                        backend,
                        Job::AddNetrc {
                            env: self.env.clone(),
                            machine: crate::goenv::netrc::Machine {
                                host,
                                login,
                                password,
                            },
                        },
                    );
                }
            }
            Command::PreviewProfile => {
                if let (Some(layers), Some(p)) =
                    (self.layers().cloned(), self.profile.loaded.clone())
                {
                    let mut plan = p
                        .settings
                        .iter()
                        .fold(Plan::default(), |pl, (k, v)| pl.set(k, v));
                    plan.source = Some(format!(
                        "team profile {}",
                        p.team
                            .name
                            .clone()
                            .unwrap_or_else(|| view.profile.location.clone())
                    ));
                    self.panel = Panel::Apply;
                    self.preview_plan(backend, layers, plan, self.target, false);
                }
            }
            Command::CopySnippet(format) => self.copy_snippet(format),
            Command::CancelVerify => {
                // The round stays: its runs answer with their cancelled outcomes, which the
                // panel shows as stopped.
                if let Some(id) = self.verify.round {
                    backend.send(Request::Cancel { id });
                    self.verify.stopping = true;
                }
            }
            Command::ProjectFolderChanged => {
                self.send_job(
                    backend,
                    Job::ReadProject {
                        dir: view.drafts.project_dir.clone(),
                    },
                );
            }
        }
    }
}
