//! The Projects panel's state: the open project as the worker read it, the draft of its
//! settings (in the user's words: checksum verification, private modules, proxy, flags), the
//! preview, the apply, direnv and git checks. Commands arrive here from `AppState::handle`.

use super::*;
use crate::project::TargetKind;
use crate::project::access::AccessReport;
use crate::project::apply::{PreparedProject, ProjectOutcome};
use crate::project::job::{ProjectJob, ProjectOutput, ProjectSnapshot};
use std::collections::{BTreeMap, BTreeSet};

/// How many recent projects are remembered.
pub const RECENT_LIMIT: usize = 8;

/// Checksum verification for this project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectSumdb {
    /// No project value: the global setting applies.
    Inherit,
    /// `sum.golang.org`.
    Default,
    /// `sum.golang.google.cn`.
    China,
    /// A mirror's proxied database (`sum.golang.org https://mirror/sumdb/sum.golang.org`).
    Mirror,
    /// `off` (confirmation needed).
    Off,
    /// Verified, except the modules in GONOSUMDB.
    Some,
}

/// The project settings being edited, and what they started from.
#[derive(Clone, Debug)]
pub struct ProjectDraft {
    pub sumdb: ProjectSumdb,
    pub sumdb_mirror: String,
    pub off_confirmed: bool,
    pub nosumdb: String,
    pub private: String,
    pub goproxy: String,
    pub goflags: String,
    pub targets: BTreeSet<TargetKind>,
    /// Other values the project carries or gets (a team profile's GOTOOLCHAIN, its company
    /// proxy and CA); an empty value removes the key.
    pub extra: BTreeMap<String, String>,
    /// The project's values when read (the draft's differences are the plan).
    pub base: BTreeMap<String, String>,
}

/// The five keys the Projects panel has fields for.
const FIELDS: [&str; 5] = ["GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GOPROXY", "GOFLAGS"];

fn sumdb_choice(gosumdb: &str, gonosumdb: &str) -> (ProjectSumdb, String) {
    match gosumdb {
        "" if !gonosumdb.is_empty() => (ProjectSumdb::Some, String::new()),
        "" => (ProjectSumdb::Inherit, String::new()),
        "off" => (ProjectSumdb::Off, String::new()),
        "sum.golang.org" => (ProjectSumdb::Default, String::new()),
        "sum.golang.google.cn" => (ProjectSumdb::China, String::new()),
        other => (ProjectSumdb::Mirror, other.to_string()),
    }
}

impl Default for ProjectDraft {
    fn default() -> Self {
        Self {
            sumdb: ProjectSumdb::Inherit,
            sumdb_mirror: String::new(),
            off_confirmed: false,
            nosumdb: String::new(),
            private: String::new(),
            goproxy: String::new(),
            goflags: String::new(),
            targets: BTreeSet::from([TargetKind::Envrc]),
            extra: BTreeMap::new(),
            base: BTreeMap::new(),
        }
    }
}

impl ProjectDraft {
    /// A draft of the project's current values (the first target that sets each key).
    pub fn from_project(p: &crate::project::Project) -> Self {
        let mut base = BTreeMap::new();
        for kind in [TargetKind::Envrc, TargetKind::Vscode, TargetKind::Goland] {
            for (k, v) in p.target(kind).known_vars() {
                base.entry(k).or_insert(v);
            }
        }
        let get = |k: &str| base.get(k).cloned().unwrap_or_default();
        let (sumdb, sumdb_mirror) = sumdb_choice(&get("GOSUMDB"), &get("GONOSUMDB"));
        Self {
            sumdb,
            sumdb_mirror,
            off_confirmed: sumdb == ProjectSumdb::Off,
            nosumdb: get("GONOSUMDB"),
            private: get("GOPRIVATE"),
            goproxy: get("GOPROXY"),
            goflags: get("GOFLAGS"),
            targets: p.default_targets().into_iter().collect(),
            extra: base
                .iter()
                .filter(|(k, _)| !FIELDS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            base,
        }
    }

    pub fn gosumdb(&self) -> String {
        match self.sumdb {
            ProjectSumdb::Inherit | ProjectSumdb::Some => String::new(),
            ProjectSumdb::Default => "sum.golang.org".into(),
            ProjectSumdb::China => "sum.golang.google.cn".into(),
            ProjectSumdb::Mirror => self.sumdb_mirror.trim().to_string(),
            ProjectSumdb::Off => "off".into(),
        }
    }

    /// The values the draft asks for (empty: no project value).
    pub fn wanted(&self) -> BTreeMap<&'static str, String> {
        let nosumdb = if self.sumdb == ProjectSumdb::Some {
            self.nosumdb.trim().to_string()
        } else {
            String::new()
        };
        BTreeMap::from([
            ("GOSUMDB", self.gosumdb()),
            ("GONOSUMDB", nosumdb),
            ("GOPRIVATE", self.private.trim().to_string()),
            ("GOPROXY", self.goproxy.trim().to_string()),
            ("GOFLAGS", self.goflags.trim().to_string()),
        ])
    }

    /// The changes from the project's current values.
    pub fn plan(&self) -> Plan {
        let mut plan = Plan::default();
        for (k, v) in self.wanted() {
            let base = self.base.get(k).map(String::as_str).unwrap_or("");
            if v == base {
                continue;
            }
            plan = if v.is_empty() {
                plan.unset(k)
            } else {
                plan.set(k, &v)
            };
        }
        for (k, v) in &self.extra {
            let base = self.base.get(k);
            plan = match (v.is_empty(), base) {
                (true, Some(_)) => plan.unset(k),
                (true, None) => plan,
                (false, Some(b)) if b == v => plan,
                (false, _) => plan.set(k, v),
            };
        }
        plan
    }

    /// Takes a team profile's values (its settings, company proxy and CA) into the draft; a
    /// value the profile does not name keeps what the draft had.
    pub fn use_values(&mut self, values: &BTreeMap<String, String>) {
        for (k, v) in values {
            match k.as_str() {
                "GOPROXY" => self.goproxy = v.clone(),
                "GOPRIVATE" => self.private = v.clone(),
                "GOFLAGS" => self.goflags = v.clone(),
                "GONOSUMDB" => self.nosumdb = v.clone(),
                "GOSUMDB" => {}
                _ => {
                    self.extra.insert(k.clone(), v.clone());
                }
            }
        }
        if values.contains_key("GOSUMDB") || values.contains_key("GONOSUMDB") {
            let gosumdb = values.get("GOSUMDB").map_or("", String::as_str);
            (self.sumdb, self.sumdb_mirror) = sumdb_choice(gosumdb, &self.nosumdb);
            // Off from a team's file still needs the user's own confirmation.
            self.off_confirmed = false;
        }
    }

    /// Off needs the user's confirmation first.
    pub fn needs_confirmation(&self) -> bool {
        self.sumdb == ProjectSumdb::Off && !self.off_confirmed
    }

    /// Adds a pattern to GOPRIVATE (a one-click suggestion).
    pub fn add_private(&mut self, pattern: &str) {
        let mut list: Vec<&str> = self
            .private
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if !list.contains(&pattern) {
            list.push(pattern);
        }
        self.private = list.join(",");
    }
}

/// The Projects panel.
#[derive(Clone, Debug, Default)]
pub struct ProjectView {
    /// The path field.
    pub path: String,
    pub snapshot: Loadable<Box<ProjectSnapshot>>,
    pub draft: ProjectDraft,
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
    /// The Projects panel's commands.
    pub(super) fn handle_project(&mut self, command: Command, backend: &dyn Backend) {
        match command {
            Command::OpenProject(dir) => self.open_project(dir, backend),
            Command::ProjectPreview => self.project_preview(backend),
            Command::ProjectApply => self.project_apply(backend),
            Command::ProjectAllowDirenv => {
                if let Some(snap) = self.project.snapshot.ready() {
                    let job = crate::project::job::ProjectJob::AllowDirenv {
                        dir: snap.project.dir.clone(),
                        env: self.env.clone(),
                    };
                    self.project_told(job, backend);
                }
            }
            Command::ProjectCheckGit => {
                if let Some(snap) = self.project.snapshot.ready() {
                    let job = crate::project::job::ProjectJob::CheckGit {
                        urls: snap.project.remotes.clone(),
                        env: self.env.clone(),
                    };
                    let id = self.project_job(job, backend);
                    self.project.git = Loadable::Pending(id);
                }
            }
            Command::ProjectUseSsh { host, confirm } => {
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
            _ => {}
        }
    }

    pub(super) fn open_project(&mut self, dir: String, backend: &dyn Backend) {
        let dir = dir.trim().to_string();
        if dir.is_empty() {
            return;
        }
        let Some(layers) = self.layers().cloned() else {
            self.project.path = dir;
            self.project.open_when_loaded = true;
            return;
        };
        self.project.path = dir.clone();
        self.settings.recent_projects.retain(|d| *d != dir);
        self.settings.recent_projects.insert(0, dir.clone());
        self.settings.recent_projects.truncate(RECENT_LIMIT);
        self.project.prepared = Loadable::Idle;
        self.project.git = Loadable::Idle;
        self.read_project(std::path::PathBuf::from(dir), layers, backend);
    }

    fn read_project(&mut self, dir: std::path::PathBuf, layers: Layers, backend: &dyn Backend) {
        let id = self.id();
        self.project.snapshot = Loadable::Pending(id);
        backend.send(Request::Job {
            id,
            job: Box::new(Job::Project(ProjectJob::Read {
                dir,
                env: self.env.clone(),
                layers: Box::new(layers),
            })),
        });
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
        let id = self.id();
        backend.send(Request::Job {
            id,
            job: Box::new(Job::Project(job)),
        });
        id
    }

    pub(super) fn project_preview(&mut self, backend: &dyn Backend) {
        let (Some(layers), Some(snap)) = (self.layers().cloned(), self.project.snapshot.ready())
        else {
            return;
        };
        let job = ProjectJob::Prepare {
            project: Box::new(snap.project.clone()),
            layers: Box::new(layers),
            plan: self.project.draft.plan(),
            targets: self.project.draft.targets.iter().copied().collect(),
        };
        let id = self.project_job(job, backend);
        self.project.prepared = Loadable::Pending(id);
        self.project.outcome = Loadable::Idle;
    }

    pub(super) fn project_apply(&mut self, backend: &dyn Backend) {
        if self.project.draft.needs_confirmation() {
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
                        self.project.draft = ProjectDraft::from_project(&snap.project);
                        // Mirrors are ranked by this project's own download from now on.
                        self.spec.profile = snap.project.download.unwrap_or_default();
                        Loadable::Ready(snap)
                    }
                    Err(e) => Loadable::Failed(e),
                };
            }
            ProjectOutput::Prepared(result) => {
                if self.project.prepared.waits_for(id) {
                    self.project.prepared = match result {
                        Ok(p) => Loadable::Ready(p),
                        Err(e) => Loadable::Failed(e),
                    };
                }
            }
            ProjectOutput::Applied(result) => {
                if self.project.outcome.waits_for(id) {
                    let ok = result.is_ok();
                    self.project.outcome = match result {
                        Ok(o) => Loadable::Ready(o),
                        Err(e) => Loadable::Failed(e),
                    };
                    self.project.prepared = Loadable::Idle;
                    if ok {
                        self.reread_project(backend);
                        self.handle(Command::RefreshHistory, backend);
                    }
                }
            }
            ProjectOutput::Told(result) => {
                if self.project.told.waits_for(id) {
                    self.project.told = match result {
                        Ok(t) => Loadable::Ready(t),
                        Err(e) => Loadable::Failed(e),
                    };
                    self.reread_project(backend);
                    self.handle(Command::RefreshHistory, backend);
                }
            }
            ProjectOutput::SshPreview(result) => {
                if self.project.ssh_preview.waits_for(id) {
                    self.project.ssh_preview = match result {
                        Ok(p) => Loadable::Ready(p),
                        Err(e) => Loadable::Failed(e),
                    };
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
