//! `gomirror project show|set|unset|allow|git-check|git-ssh`.

mod git;
mod show;

use super::{exit, print_error, print_problems};
use crate::apply::{ApplyError, Plan};
use crate::goenv::location::EnvMap;
use crate::project::{Project, TargetKind, apply as papply};
use clap::Subcommand;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// `gomirror project` subcommands.
#[derive(Subcommand, Debug)]
pub enum ProjectCommand {
    /// What each tool (terminal with direnv, VS Code, GoLand) gets in this project, and why
    Show {
        /// The project folder (default: the current folder)
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Set values for this project only (validated first; backup; one undo step)
    Set {
        #[arg(required = true, value_name = "KEY=VALUE")]
        pairs: Vec<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Remove values from this project's files
    Unset {
        #[arg(required = true, value_name = "KEY")]
        keys: Vec<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Run 'direnv allow' for the project's .envrc
    Allow { dir: Option<PathBuf> },
    /// Check that git can read the project's private repositories the way the go command runs
    /// it (no prompts; bounded); default: the project's git remotes
    GitCheck {
        urls: Vec<String>,
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long, default_value_t = 20)]
        timeout_s: u64,
        #[arg(long)]
        json: bool,
    },
    /// Let git use SSH for HOST (url."git@HOST:".insteadOf https://HOST/ in your git config;
    /// backup, one undo step)
    GitSsh {
        host: String,
        #[arg(long)]
        dry_run: bool,
    },
    /// Store credentials for HOST in .netrc (0600), where git and the go command read them;
    /// the password is read from standard input, never from the command line
    GitNetrc {
        host: String,
        #[arg(long)]
        login: String,
        #[arg(long)]
        dry_run: bool,
    },
}

/// Where and how `project set` and `project unset` write.
#[derive(clap::Args, Debug)]
pub struct WriteArgs {
    #[arg(long)]
    pub(super) dir: Option<PathBuf>,
    /// Files to write (default: the ones that exist, plus .envrc; GoLand only on request)
    #[arg(long, value_delimiter = ',')]
    pub(super) to: Vec<TargetKind>,
    /// Show the diff of every file and write nothing
    #[arg(long)]
    pub(super) dry_run: bool,
    #[arg(long)]
    pub(super) json: bool,
    /// Run 'direnv allow' for the written .envrc (never done without this flag)
    #[arg(long)]
    pub(super) direnv_allow: bool,
}

/// `gomirror project ...`: the exit code.
pub fn run(env: EnvMap, cmd: ProjectCommand) -> u8 {
    match cmd {
        ProjectCommand::Show { dir, json } => show::show(&env, &dir_or_cwd(dir), json),
        ProjectCommand::Set { pairs, write: w } => {
            let mut plan = Plan::default();
            match super::pairs(&pairs) {
                Ok(pairs) => {
                    for (key, value) in pairs {
                        plan = plan.set(key, value);
                    }
                }
                Err(code) => return code,
            }
            write(&env, &plan, w)
        }
        ProjectCommand::Unset { keys, write: w } => {
            let plan = keys.iter().fold(Plan::default(), |p, k| p.unset(k));
            write(&env, &plan, w)
        }
        ProjectCommand::Allow { dir } => git::allow(&env, &dir_or_cwd(dir)),
        ProjectCommand::GitCheck {
            urls,
            dir,
            timeout_s,
            json,
        } => git::git_check(&env, &dir_or_cwd(dir), urls, timeout_s, json),
        ProjectCommand::GitSsh { host, dry_run } => git::git_ssh(&env, &host, dry_run),
        ProjectCommand::GitNetrc {
            host,
            login,
            dry_run,
        } => git::git_netrc(&env, host, login, dry_run),
    }
}

fn dir_or_cwd(dir: Option<PathBuf>) -> PathBuf {
    dir.or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

pub(super) fn read(env: &EnvMap, dir: &Path) -> Option<Project> {
    match Project::read(dir, env, true) {
        Ok(p) => Some(p),
        Err(e) => {
            let t = e.text();
            print_error(&t.en, &t.zh);
            None
        }
    }
}

pub(super) fn write(env: &EnvMap, plan: &Plan, args: WriteArgs) -> u8 {
    let WriteArgs {
        dir,
        to,
        dry_run,
        json,
        direnv_allow,
    } = args;
    let dir = &dir_or_cwd(dir);
    let Some(data_dir) = super::write::data_dir_or_report(env) else {
        return exit::FAILED;
    };
    let mut attempt = 0;
    let (prepared, outcome) = loop {
        attempt += 1;
        let Some(project) = read(env, dir) else {
            return exit::INVALID;
        };
        let (layers, _) = crate::goenv::load(env.clone());
        let targets = if to.is_empty() {
            project.default_targets()
        } else {
            to.to_vec()
        };
        let prepared = match papply::prepare(&project, &layers, plan, &targets) {
            Ok(p) => p,
            Err(e) => return super::write::report_error(&e),
        };
        if dry_run {
            break (prepared, None);
        }
        match papply::apply(&prepared, &data_dir) {
            Ok(o) => break (prepared, Some(o)),
            Err(ApplyError::Write(crate::apply::safe_write::WriteError::ChangedSinceShown {
                ..
            })) if attempt < 3 => continue,
            Err(e) => return super::write::report_error(&e),
        }
    };
    print_problems(&prepared.warnings);
    let Some(outcome) = outcome else {
        let diff = prepared.diff();
        if diff.is_empty() {
            println!("no change / 文件不变");
        } else {
            print!("{diff}");
        }
        for s in &prepared.shadowed {
            println!("shadowed / 被覆盖: {}\n  {}", s.en, s.zh);
        }
        return exit::OK;
    };
    let mut code = if outcome.shadowed.is_empty() {
        exit::OK
    } else {
        exit::NOT_EFFECTIVE
    };
    let wrote_envrc = outcome
        .files
        .iter()
        .any(|f| f.ends_with(TargetKind::Envrc.relative_path()));
    let allowed = if direnv_allow && wrote_envrc {
        match crate::project::direnv_allow(dir, env) {
            Ok(()) => Some(true),
            Err(t) => {
                print_error(&t.en, &t.zh);
                code = exit::FAILED;
                Some(false)
            }
        }
    } else {
        None
    };
    if json {
        #[derive(Serialize)]
        struct Out<'a> {
            #[serde(flatten)]
            outcome: &'a papply::ProjectOutcome,
            direnv_allowed: Option<bool>,
        }
        let out = Out {
            outcome: &outcome,
            direnv_allowed: allowed,
        };
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return code;
    }
    for f in &outcome.files {
        println!("written / 已写入: {}", f.display());
    }
    for s in &outcome.shadowed {
        println!("shadowed / 被覆盖: {}\n  {}", s.en, s.zh);
    }
    for n in &outcome.notes {
        if allowed == Some(true) && n.en.starts_with("direnv loads") {
            continue;
        }
        println!("note / 注意: {}\n  {}", n.en, n.zh);
    }
    if allowed == Some(true) {
        println!("direnv allow: done / 已允许");
    }
    if outcome.history_id.is_some() {
        println!("undo / 撤销: gomirror undo");
    }
    code
}
