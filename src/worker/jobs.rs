//! The jobs the app hands to the worker besides probes (the go command, files, dialogs), and
//! their outputs; each runs on a blocking thread of the worker's runtime.

use crate::apply::ErrorReport;
use crate::apply::history::{self, Entry};
use crate::apply::{self, Outcome, Plan, Prepared, Target};
use crate::goenv::location::EnvMap;
use crate::goenv::model::{Layers, Snapshot};
use crate::i18n::Text;
use crate::mirrors::Mirror;

/// The slow things the app asks for, besides probes.
#[derive(Clone, Debug)]
pub enum Job {
    /// Read the settings (layers, model, go command).
    Load {
        env: EnvMap,
    },
    /// Validate a plan and compute the diff.
    Prepare {
        layers: Box<Layers>,
        plan: Plan,
        target: Target,
    },
    /// Write a prepared plan (refused if the file changed since it was shown).
    Apply {
        layers: Box<Layers>,
        prepared: Box<Prepared>,
    },
    Undo {
        env: EnvMap,
    },
    History {
        env: EnvMap,
    },
    /// The mirror catalogue with the user's own mirrors (`mirrors.toml`, the one store that
    /// the app and the CLI share).
    LoadMirrors {
        env: EnvMap,
    },
    /// Save the user's own mirrors (those marked custom) to `mirrors.toml`.
    SaveMirrors {
        env: EnvMap,
        mirrors: Vec<Mirror>,
    },
    /// Move the passwords in the env file's GOPROXY into `.netrc`.
    MoveCredentials {
        layers: Box<Layers>,
    },
    /// Ask the user for a folder (a native dialog, off the UI thread).
    PickFolder,
    /// Read a project folder's go.mod for its private host.
    ReadProject {
        dir: String,
    },
    /// The Projects panel's work (read, preview, write, direnv, git).
    Project(crate::project::job::ProjectJob),
    /// The doctor's report, or saving it.
    Doctor(crate::doctor::job::DoctorJob),
    /// The Team panel's work (read a profile, dialogs, export).
    Profile(crate::profile::job::ProfileJob),
    /// Where an OS variable is set, or removing it there.
    OsVar(crate::osvar::job::OsVarJob),
    /// Add a `.netrc` entry for a mirror that wants a login (0600, backed up, one undo step;
    /// the password is never shown or logged).
    AddNetrc {
        env: EnvMap,
        machine: crate::goenv::netrc::Machine,
    },
}

/// What a job answers.
#[derive(Clone, Debug)]
pub enum JobOutput {
    Loaded(Box<(Layers, Snapshot)>),
    Prepared(Result<Box<Prepared>, ErrorReport>),
    Applied(Result<Box<Outcome>, ErrorReport>),
    Undone(Result<Box<crate::apply::Undone>, ErrorReport>),
    History(Result<Vec<Entry>, ErrorReport>),
    Mirrors(Result<Vec<Mirror>, ErrorReport>),
    MirrorsSaved(Result<(), ErrorReport>),
    FolderPicked(Option<String>),
    ProjectRead {
        dir: String,
        private_host: Option<String>,
    },
    Project(crate::project::job::ProjectOutput),
    Doctor(crate::doctor::job::DoctorOutput),
    Profile(crate::profile::job::ProfileOutput),
    /// The host whose `.netrc` entry was added (or was there already).
    NetrcAdded(Result<String, ErrorReport>),
    OsVar(crate::osvar::job::OsVarOutput),
}

/// Runs a job on the calling thread (the worker calls it inside `spawn_blocking`).
pub fn run_job(job: Job) -> JobOutput {
    match job {
        Job::Load { env } => JobOutput::Loaded(Box::new(crate::goenv::load(env))),
        Job::Prepare {
            layers,
            plan,
            target,
        } => JobOutput::Prepared(
            apply::prepare(&layers, &plan, target)
                .map(Box::new)
                .map_err(|e| ErrorReport::from_apply(&e)),
        ),
        Job::Apply { layers, prepared } => {
            JobOutput::Applied(data_dir(&layers.env).and_then(|dir| {
                apply::apply(&layers, &prepared, &dir)
                    .map(Box::new)
                    .map_err(|e| ErrorReport::from_apply(&e))
            }))
        }
        Job::Undo { env } => JobOutput::Undone(data_dir(&env).and_then(|dir| {
            apply::undo(&dir)
                .map(Box::new)
                .map_err(|e| ErrorReport::from_apply(&e))
        })),
        Job::LoadMirrors { env } => {
            JobOutput::Mirrors(crate::mirrors::load_for(&env).map_err(|e| {
                ErrorReport::plain(Text::new(
                    e.to_string(),
                    format!("无法读取镜像列表：{}", e.zh()),
                ))
            }))
        }
        Job::SaveMirrors { env, mirrors } => {
            JobOutput::MirrorsSaved(match crate::mirrors::config_dir(&env) {
                Some(dir) => crate::mirrors::save_custom_moving_logins(&env, &dir, &mirrors)
                    .map_err(|e| {
                        ErrorReport::plain(Text::new(
                            e.to_string(),
                            format!("无法保存镜像列表：{}", e.zh()),
                        ))
                    }),
                None => Err(ErrorReport::plain(Text::new(
                    "no config directory: set HOME or GOMIRROR_CONFIG_DIR",
                    "找不到配置目录：请设置 HOME 或 GOMIRROR_CONFIG_DIR",
                ))),
            })
        }
        Job::MoveCredentials { layers } => {
            JobOutput::Applied(data_dir(&layers.env).and_then(|dir| {
                crate::apply::credentials::move_goproxy_credentials(&layers, Target::File, &dir)
                    .map(|m| Box::new(m.outcome))
                    .map_err(|e| ErrorReport::from_apply(&e))
            }))
        }
        Job::PickFolder => JobOutput::FolderPicked(pick_folder()),
        Job::Project(job) => JobOutput::Project(crate::project::job::run(job)),
        Job::Doctor(job) => JobOutput::Doctor(crate::doctor::job::run(job)),
        Job::Profile(job) => JobOutput::Profile(crate::profile::job::run(job)),
        Job::OsVar(job) => JobOutput::OsVar(crate::osvar::job::run(job)),
        Job::AddNetrc { env, machine } => JobOutput::NetrcAdded(data_dir(&env).and_then(|dir| {
            crate::apply::credentials::add_netrc_entry(
                &env,
                crate::goenv::location::TargetOs::current(),
                &machine,
                false,
                &dir,
            )
            .map(|_| machine.host.clone())
            .map_err(|e| ErrorReport::from_apply(&e))
        })),
        Job::ReadProject { dir } => JobOutput::ProjectRead {
            private_host: crate::project::read_private_host(std::path::Path::new(dir.trim())),
            dir,
        },
        Job::History { env } => JobOutput::History(data_dir(&env).and_then(|dir| {
            history::History::load(&dir)
                .map(|h| h.entries)
                .map_err(|e| ErrorReport::plain(Text::new(e.to_string(), e.zh())))
        })),
    }
}

/// The native folder dialog (see [`crate::desktop::dialog`]).
fn pick_folder() -> Option<String> {
    crate::desktop::dialog(rfd::AsyncFileDialog::new().pick_folder())
        .map(|p| p.display().to_string())
}

fn data_dir(env: &EnvMap) -> Result<std::path::PathBuf, ErrorReport> {
    history::data_dir(env).map_err(|e| ErrorReport::plain(Text::new(e.to_string(), e.zh())))
}
