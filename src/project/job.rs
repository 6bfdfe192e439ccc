//! The project work the desktop app hands to its worker (file reads, direnv, git, writes),
//! as one job with its own outputs. Nothing here runs on the UI thread.

use super::access::{self, AccessReport};
use super::apply::{self as papply, PreparedProject, ProjectOutcome};
use super::effective::{self, ProjectConflict, Table};
use super::{Project, TargetKind};
use crate::apply::ErrorReport;
use crate::apply::Plan;
use crate::goenv::location::EnvMap;
use crate::goenv::model::Layers;
use crate::i18n::Text;
use std::path::PathBuf;
use std::time::Duration;

/// How long one `git ls-remote` may take from the app.
pub const GIT_TIMEOUT: Duration = Duration::from_secs(20);

/// What the Projects panel shows, computed off the UI thread.
#[derive(Clone, Debug)]
pub struct ProjectSnapshot {
    pub project: Project,
    pub table: Table,
    pub conflicts: Vec<ProjectConflict>,
    pub suggested_private: Vec<String>,
    /// How long reading and computing took.
    pub took_ms: f64,
}

impl ProjectSnapshot {
    /// Reads a folder (a file dropped on the window stands for its folder) and computes the
    /// table.
    pub fn read(dir: &std::path::Path, env: &EnvMap, layers: &Layers) -> Result<Self, ErrorReport> {
        let start = std::time::Instant::now();
        let dir = if dir.is_file() {
            dir.parent().unwrap_or(dir).to_path_buf()
        } else {
            dir.to_path_buf()
        };
        let project = Project::read(&dir, env, true).map_err(|e| ErrorReport::plain(e.text()))?;
        let table = effective::table(&project, layers);
        let conflicts = effective::conflicts(&project, layers, &table);
        let global = crate::goenv::snapshot(layers);
        let suggested_private = project.suggested_private(global.value("GOPRIVATE"));
        Ok(Self {
            project,
            table,
            conflicts,
            suggested_private,
            took_ms: start.elapsed().as_secs_f64() * 1000.0,
        })
    }
}

/// What the worker is asked for the Projects panel.
#[derive(Clone, Debug)]
pub enum ProjectJob {
    Read {
        dir: PathBuf,
        env: EnvMap,
        layers: Box<Layers>,
    },
    Prepare {
        project: Box<Project>,
        layers: Box<Layers>,
        plan: Plan,
        targets: Vec<TargetKind>,
    },
    Apply {
        prepared: Box<PreparedProject>,
        env: EnvMap,
    },
    /// `direnv allow` on the user's explicit request.
    AllowDirenv {
        dir: PathBuf,
        env: EnvMap,
    },
    CheckGit {
        urls: Vec<String>,
        env: EnvMap,
    },
    /// `url."git@HOST:".insteadOf https://HOST/` in the user's git config.
    UseSsh {
        host: String,
        env: EnvMap,
        /// Only compute the diff.
        dry_run: bool,
    },
}

/// What it answers.
#[derive(Clone, Debug)]
pub enum ProjectOutput {
    Read(Result<Box<ProjectSnapshot>, ErrorReport>),
    Prepared(Result<Box<PreparedProject>, ErrorReport>),
    Applied(Result<Box<ProjectOutcome>, ErrorReport>),
    /// Done: what to tell the user (or the error).
    Told(Result<Text, ErrorReport>),
    GitChecked(Vec<AccessReport>),
    /// The SSH fix's preview: the host and the diff (None: already set).
    SshPreview(Result<(String, Option<String>), ErrorReport>),
}

/// Runs one job on the calling thread.
pub fn run(job: ProjectJob) -> ProjectOutput {
    match job {
        ProjectJob::Read { dir, env, layers } => {
            ProjectOutput::Read(ProjectSnapshot::read(&dir, &env, &layers).map(Box::new))
        }
        ProjectJob::Prepare {
            project,
            layers,
            plan,
            targets,
        } => ProjectOutput::Prepared(
            papply::prepare(&project, &layers, &plan, &targets)
                .map(Box::new)
                .map_err(|e| ErrorReport::from_apply(&e)),
        ),
        ProjectJob::Apply { prepared, env } => ProjectOutput::Applied(
            crate::apply::history::data_dir(&env)
                .map_err(|e| ErrorReport::plain(Text::new(e.to_string(), e.zh())))
                .and_then(|dir| {
                    papply::apply(&prepared, &dir)
                        .map(Box::new)
                        .map_err(|e| ErrorReport::from_apply(&e))
                }),
        ),
        ProjectJob::AllowDirenv { dir, env } => ProjectOutput::Told(
            super::direnv_allow(&dir, &env)
                .map(|()| {
                    crate::tr!(
                        "direnv now loads this project's .envrc",
                        "direnv 现在会加载此项目的 .envrc"
                    )
                })
                .map_err(ErrorReport::plain),
        ),
        ProjectJob::CheckGit { urls, env } => {
            let Some(git_bin) = super::which(&env, "git") else {
                return ProjectOutput::GitChecked(
                    urls.iter()
                        .map(|u| AccessReport {
                            url: crate::goenv::gourl::redact_text(u),
                            access: access::Access::Failed,
                            detail: "git is not installed / 未安装 git".into(),
                        })
                        .collect(),
                );
            };
            ProjectOutput::GitChecked(
                urls.iter()
                    .map(|u| access::check_access(&git_bin, u, &env, GIT_TIMEOUT))
                    .collect(),
            )
        }
        ProjectJob::UseSsh {
            host,
            env,
            dry_run: true,
        } => ProjectOutput::SshPreview(
            crate::apply::history::data_dir(&env)
                .map_err(|e| ErrorReport::plain(Text::new(e.to_string(), e.zh())))
                .and_then(|dir| {
                    super::git_ssh_instead_of(&env, &host, true, &dir)
                        .map_err(|e| ErrorReport::from_apply(&e))
                })
                .map(|diff| (host, diff)),
        ),
        ProjectJob::UseSsh { host, env, .. } => ProjectOutput::Told(
            crate::apply::history::data_dir(&env)
                .map_err(|e| ErrorReport::plain(Text::new(e.to_string(), e.zh())))
                .and_then(|dir| {
                    super::git_ssh_instead_of(&env, &host, false, &dir)
                        .map_err(|e| ErrorReport::from_apply(&e))
                })
                .map(|diff| match diff {
                    Some(_) => crate::tr!(
                        "git now uses SSH for {host} (url.insteadOf in your git config; undo in the Apply panel)",
                        "git 现在通过 SSH 访问 {host}（写入了 git 配置中的 url.insteadOf；可在“应用”面板撤销）"
                    ),
                    None => crate::tr!(
                        "git already uses SSH for {host}",
                        "git 已经通过 SSH 访问 {host}"
                    ),
                }),
        ),
    }
}
