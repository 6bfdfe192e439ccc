//! The Projects panel's state: the open project as the worker read it, the draft of its
//! settings (in the user's words: checksum verification, private modules, proxy, flags), the
//! preview, the apply, direnv and git checks. Commands arrive here from `AppState::handle`.

use super::*;
use crate::project::access::AccessReport;
use crate::project::apply::{PreparedProject, ProjectOutcome};
use crate::project::job::{ProjectJob, ProjectOutput, ProjectSnapshot};

/// How many recent projects are remembered.
pub const RECENT_LIMIT: usize = 8;

/// The Projects panel.
#[derive(Clone, Debug, Default)]
pub struct ProjectState {
    pub snapshot: Loadable<Box<ProjectSnapshot>>,
    pub prepared: Loadable<Box<PreparedProject>>,
    pub outcome: Loadable<Box<ProjectOutcome>>,
    pub git: Loadable<Vec<AccessReport>>,
    pub told: Loadable<Text>,
    /// The preview of the SSH fix: the host and the diff of the git config (None: already set).
    pub ssh_preview: Loadable<(String, Option<String>)>,
    /// A project was asked for before the settings were loaded: open it then.
    pub open_when_loaded: bool,
}

impl AppState {
    /// The folder dialog answered: open it (Projects panel) or read its go.mod (onboarding).
    pub(super) fn on_folder_picked(
        &mut self,
        view: &mut UiState,
        dir: String,
        backend: &dyn Backend,
    ) {
        if self.panel == Panel::Projects {
            self.handle(view, Command::Project(ProjectCommand::Open(dir)), backend);
        } else {
            view.drafts.project_dir = dir;
            self.handle(
                view,
                Command::Project(ProjectCommand::FolderChanged),
                backend,
            );
        }
    }

    /// The onboarding's project folder was read: its private host fills the company field
    /// (when the folder is still the one typed and the field is empty).
    pub(super) fn on_project_read(view: &mut UiState, dir: &str, private_host: Option<String>) {
        if dir == view.drafts.project_dir
            && view.drafts.company_host.is_empty()
            && let Some(host) = private_host
        {
            view.drafts.company_host = host;
        }
    }

    /// The Projects panel's commands.
    pub(super) fn handle_project(
        &mut self,
        view: &mut UiState,
        command: ProjectCommand,
        backend: &dyn Backend,
    ) {
        match command {
            ProjectCommand::Open(dir) => self.open_project(view, dir, backend),
            ProjectCommand::Preview => self.project_preview(view, backend),
            ProjectCommand::Apply => self.project_apply(view, backend),
            ProjectCommand::AllowDirenv => {
                if let Some(snap) = self.project.snapshot.ready() {
                    let job = crate::project::job::ProjectJob::AllowDirenv {
                        dir: snap.project.dir.clone(),
                        env: self.env.clone(),
                    };
                    self.project_told(job, backend);
                }
            }
            ProjectCommand::CheckGit => {
                if let Some(snap) = self.project.snapshot.ready() {
                    let job = crate::project::job::ProjectJob::CheckGit {
                        urls: snap.project.remotes.clone(),
                        env: self.env.clone(),
                    };
                    let id = self.project_job(job, backend);
                    self.project.git = Loadable::Pending(id);
                }
            }
            ProjectCommand::UseSsh { host, confirm } => {
                let job = crate::project::job::ProjectJob::UseSsh {
                    host,
                    env: self.env.clone(),
                    dry_run: !confirm,
                };
                if confirm {
                    self.project.ssh_preview = Loadable::Idle;
                    self.project_told(job, backend);
                } else {
                    let id = self.project_job(job, backend);
                    self.project.ssh_preview = Loadable::Pending(id);
                }
            }
            ProjectCommand::PickFolder => {
                self.send_job(backend, Job::PickFolder);
            }
            ProjectCommand::FolderChanged => {
                self.send_job(
                    backend,
                    Job::ReadProject {
                        dir: view.drafts.project_dir.clone(),
                    },
                );
            }
        }
    }

    pub(super) fn open_project(&mut self, view: &mut UiState, dir: String, backend: &dyn Backend) {
        let dir = dir.trim().to_string();
        if dir.is_empty() {
            return;
        }
        let Some(layers) = self.layers().cloned() else {
            view.project.path = dir;
            self.project.open_when_loaded = true;
            return;
        };
        view.project.path = dir.clone();
        // Remembered in Recent once it has been read as a project (not a mistyped path).
        self.project.prepared = Loadable::Idle;
        self.project.git = Loadable::Idle;
        self.read_project(std::path::PathBuf::from(dir), layers, backend);
    }

    fn read_project(&mut self, dir: std::path::PathBuf, layers: Layers, backend: &dyn Backend) {
        let id = self.send_job(
            backend,
            Job::Project(ProjectJob::Read {
                dir,
                env: self.env.clone(),
                layers: Box::new(layers),
            }),
        );
        self.project.snapshot = Loadable::Pending(id);
    }

    /// Reads the open project again (after an apply or an undo).
    pub(super) fn reread_project(&mut self, backend: &dyn Backend) {
        let (Some(layers), Some(snap)) = (self.layers().cloned(), self.project.snapshot.ready())
        else {
            return;
        };
        let dir = snap.project.dir.clone();
        self.read_project(dir, layers, backend);
    }

    pub(super) fn project_job(&mut self, job: ProjectJob, backend: &dyn Backend) -> RequestId {
        self.send_job(backend, Job::Project(job))
    }

    pub(super) fn project_preview(&mut self, view: &mut UiState, backend: &dyn Backend) {
        let (Some(layers), Some(snap)) = (self.layers().cloned(), self.project.snapshot.ready())
        else {
            return;
        };
        let job = ProjectJob::Prepare {
            project: Box::new(snap.project.clone()),
            layers: Box::new(layers),
            plan: view.project.draft.plan(),
            targets: view.project.draft.targets.iter().copied().collect(),
        };
        let id = self.project_job(job, backend);
        self.project.prepared = Loadable::Pending(id);
        self.project.outcome = Loadable::Idle;
    }

    pub(super) fn project_apply(&mut self, view: &mut UiState, backend: &dyn Backend) {
        if view.project.draft.needs_confirmation() {
            return;
        }
        let Some(prepared) = self.project.prepared.ready().cloned() else {
            return;
        };
        let env = self.env.clone();
        let id = self.project_job(ProjectJob::Apply { prepared, env }, backend);
        self.project.outcome = Loadable::Pending(id);
    }

    pub(super) fn project_told(&mut self, job: ProjectJob, backend: &dyn Backend) {
        let id = self.project_job(job, backend);
        self.project.told = Loadable::Pending(id);
    }

    pub(super) fn on_project(
        &mut self,
        view: &mut UiState,
        id: RequestId,
        output: ProjectOutput,
        backend: &dyn Backend,
    ) {
        match output {
            ProjectOutput::Read(result) => {
                if !self.project.snapshot.waits_for(id) {
                    return;
                }
                self.project.snapshot = match result {
                    Ok(snap) => {
                        let dir = view.project.path.trim().to_string();
                        if !dir.is_empty() {
                            self.settings.recent_projects.retain(|d| *d != dir);
                            self.settings.recent_projects.insert(0, dir);
                            self.settings.recent_projects.truncate(RECENT_LIMIT);
                        }
                        view.project.draft = ProjectDraft::from_project(&snap.project);
                        // Mirrors are ranked by this project's own download from now on.
                        self.spec.profile = snap.project.download.unwrap_or_default();
                        Loadable::Ready(snap)
                    }
                    Err(e) => Loadable::Failed(e),
                };
            }
            ProjectOutput::Prepared(result) => {
                if self.project.prepared.waits_for(id) {
                    self.project.prepared = Loadable::from(result);
                }
            }
            ProjectOutput::Applied(result) => {
                if self.project.outcome.waits_for(id) {
                    let ok = result.is_ok();
                    self.project.outcome = Loadable::from(result);
                    self.project.prepared = Loadable::Idle;
                    if ok {
                        self.reread_project(backend);
                        self.handle(view, Command::Apply(ApplyCommand::RefreshHistory), backend);
                    }
                }
            }
            ProjectOutput::Told(result) => {
                if self.project.told.waits_for(id) {
                    self.project.told = Loadable::from(result);
                    self.reread_project(backend);
                    self.handle(view, Command::Apply(ApplyCommand::RefreshHistory), backend);
                }
            }
            ProjectOutput::SshPreview(result) => {
                if self.project.ssh_preview.waits_for(id) {
                    self.project.ssh_preview = Loadable::from(result);
                }
            }
            ProjectOutput::GitChecked(reports) => {
                if self.project.git.waits_for(id) {
                    self.project.git = Loadable::Ready(reports);
                }
            }
        }
    }
}
