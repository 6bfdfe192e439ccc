//! `gomirror project show|set|unset|allow|git-check|git-ssh`.

use super::{exit, print_error, print_problems, split_pair};
use crate::apply::{ApplyError, Plan};
use crate::goenv::location::EnvMap;
use crate::project::effective::{self, Consumer, Effective};
use crate::project::{Project, TargetKind, apply as papply, git};
use clap::Subcommand;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Files to write (default: the ones that exist, plus .envrc; GoLand only on request)
        #[arg(long, value_delimiter = ',')]
        to: Vec<TargetKind>,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
        /// Run 'direnv allow' for the written .envrc (never done without this flag)
        #[arg(long)]
        direnv_allow: bool,
    },
    /// Remove values from this project's files
    Unset {
        #[arg(required = true, value_name = "KEY")]
        keys: Vec<String>,
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long, value_delimiter = ',')]
        to: Vec<TargetKind>,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        direnv_allow: bool,
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

pub fn run(env: EnvMap, cmd: ProjectCommand) -> u8 {
    match cmd {
        ProjectCommand::Show { dir, json } => show(&env, &dir_or_cwd(dir), json),
        ProjectCommand::Set {
            pairs,
            dir,
            to,
            dry_run,
            json,
            direnv_allow,
        } => {
            let mut plan = Plan::default();
            for pair in &pairs {
                let Some((key, value)) = split_pair(pair) else {
                    print_error(
                        &format!("arguments must be KEY=VALUE: {pair}"),
                        &format!("参数必须是 KEY=VALUE 形式：{pair}"),
                    );
                    return exit::INVALID;
                };
                plan = plan.set(key, value);
            }
            write(
                &env,
                &dir_or_cwd(dir),
                &plan,
                &to,
                dry_run,
                json,
                direnv_allow,
            )
        }
        ProjectCommand::Unset {
            keys,
            dir,
            to,
            dry_run,
            json,
            direnv_allow,
        } => {
            let plan = keys.iter().fold(Plan::default(), |p, k| p.unset(k));
            write(
                &env,
                &dir_or_cwd(dir),
                &plan,
                &to,
                dry_run,
                json,
                direnv_allow,
            )
        }
        ProjectCommand::Allow { dir } => allow(&env, &dir_or_cwd(dir)),
        ProjectCommand::GitCheck {
            urls,
            dir,
            timeout_s,
            json,
        } => git_check(&env, &dir_or_cwd(dir), urls, timeout_s, json),
        ProjectCommand::GitSsh { host, dry_run } => git_ssh(&env, &host, dry_run),
        ProjectCommand::GitNetrc {
            host,
            login,
            dry_run,
        } => git_netrc(&env, host, login, dry_run),
    }
}

fn dir_or_cwd(dir: Option<PathBuf>) -> PathBuf {
    dir.or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

fn read(env: &EnvMap, dir: &Path) -> Option<Project> {
    match Project::read(dir, env, true) {
        Ok(p) => Some(p),
        Err(e) => {
            let t = e.text();
            print_error(&t.en, &t.zh);
            None
        }
    }
}

#[derive(Serialize)]
struct TargetJson {
    path: PathBuf,
    exists: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed: Option<Option<bool>>,
    vars: BTreeMap<String, Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Serialize)]
struct ShowJson {
    dir: PathBuf,
    module: Option<String>,
    go: Option<String>,
    toolchain: Option<String>,
    remotes: Vec<String>,
    targets: BTreeMap<&'static str, TargetJson>,
    effective: BTreeMap<&'static str, BTreeMap<String, Effective>>,
    suggested_private: Vec<String>,
    conflicts: Vec<String>,
    // Added beside the contract's fields.
    has_go_mod: bool,
    has_go_work: bool,
    has_vendor: bool,
    requires: usize,
}

fn show(env: &EnvMap, dir: &Path, json: bool) -> u8 {
    let Some(project) = read(env, dir) else {
        return exit::INVALID;
    };
    let (layers, _) = crate::goenv::load(env.clone());
    let table = effective::table(&project, &layers);
    let conflicts = effective::conflicts(&project, &layers);
    let global = crate::goenv::model::Snapshot::compute(&layers);
    let suggested = project.suggested_private(global.value("GOPRIVATE"));
    let redact = crate::goenv::gourl::redact_text;
    let targets = TargetKind::ALL
        .iter()
        .map(|&k| {
            let f = project.target(k);
            (
                k.name(),
                TargetJson {
                    path: f.path.clone(),
                    exists: f.exists(),
                    allowed: (k == TargetKind::Envrc).then_some(project.envrc_allowed),
                    vars: f
                        .vars
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_deref().map(redact)))
                        .collect(),
                    error: f.error.as_ref().map(|e| e.en.clone()),
                },
            )
        })
        .collect();
    let gomod = project.gomod.clone().unwrap_or_default();
    if json {
        let out = ShowJson {
            dir: project.dir.clone(),
            module: gomod.module.clone(),
            go: gomod.go.clone(),
            toolchain: gomod.toolchain.clone(),
            remotes: project.remotes.iter().map(|r| redact(r)).collect(),
            targets,
            effective: table
                .iter()
                .map(|(c, row)| {
                    let row = row
                        .iter()
                        .map(|(k, e)| {
                            (
                                k.clone(),
                                Effective {
                                    value: redact(&e.value),
                                    source: e.source,
                                },
                            )
                        })
                        .collect();
                    (c.name(), row)
                })
                .collect(),
            suggested_private: suggested,
            conflicts: conflicts.iter().map(|c| c.line()).collect(),
            has_go_mod: project.gomod.is_some(),
            has_go_work: project.gowork.is_some(),
            has_vendor: project.vendor.is_some(),
            requires: gomod.requires.len(),
        };
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return exit::OK;
    }
    println!("project / 项目: {}", project.dir.display());
    match &gomod.module {
        Some(m) => println!(
            "module / 模块: {m}  go {}  {}  ({} requires)",
            gomod.go.as_deref().unwrap_or("-"),
            gomod.toolchain.as_deref().unwrap_or(""),
            gomod.requires.len()
        ),
        None => println!(
            "no go.mod here: the values below still apply to go commands run in this folder / 此处没有 go.mod：下列值仍适用于在此文件夹中运行的 go 命令"
        ),
    }
    for r in &project.remotes {
        println!("git remote: {}", redact(r));
    }
    for k in TargetKind::ALL {
        let f = project.target(k);
        let state = if f.exists() {
            "exists / 存在"
        } else {
            "absent / 不存在"
        };
        println!("{}: {state}", k.relative_path());
        if let Some(e) = &f.error {
            println!("  {}\n  {}", e.en, e.zh);
        }
    }
    for c in Consumer::ALL {
        let label = c.label();
        println!("\n[{} / {}]", label.en, label.zh);
        for (k, e) in &table[&c] {
            if e.value.is_empty() && e.source == effective::ProjectSource::Default {
                continue;
            }
            let src = e.source.label();
            println!("  {k}={}  ({} / {})", redact(&e.value), src.en, src.zh);
        }
    }
    if !suggested.is_empty() {
        println!(
            "\nsuggested GOPRIVATE / 建议的私有模块: {}",
            suggested.join(",")
        );
    }
    for c in &conflicts {
        println!(
            "\nconflict / 冲突 {}: {}\n  {}",
            c.code, c.message.en, c.message.zh
        );
    }
    exit::OK
}

fn write(
    env: &EnvMap,
    dir: &Path,
    plan: &Plan,
    to: &[TargetKind],
    dry_run: bool,
    json: bool,
    direnv_allow: bool,
) -> u8 {
    let Some(data_dir) = crate::apply::history::data_dir(env)
        .map_err(|e| print_error(&e.to_string(), &e.zh()))
        .ok()
    else {
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

fn allow(env: &EnvMap, dir: &Path) -> u8 {
    match crate::project::direnv_allow(dir, env) {
        Ok(()) => {
            println!("direnv allow: done / 已允许 ({})", dir.display());
            exit::OK
        }
        Err(t) => {
            print_error(&t.en, &t.zh);
            exit::FAILED
        }
    }
}

fn git_check(env: &EnvMap, dir: &Path, urls: Vec<String>, timeout_s: u64, json: bool) -> u8 {
    let urls = if urls.is_empty() {
        match read(env, dir) {
            Some(p) => p.remotes,
            None => return exit::INVALID,
        }
    } else {
        urls
    };
    if urls.is_empty() {
        print_error(
            "no git remote in this project and no URL given",
            "此项目没有 git 远程仓库，也没有给出网址",
        );
        return exit::INVALID;
    }
    let Some(git_bin) = crate::project::which(env, "git") else {
        print_error("git is not installed", "未安装 git");
        return exit::FAILED;
    };
    let timeout = Duration::from_secs(timeout_s.clamp(1, 300));
    let reports: Vec<git::AccessReport> = urls
        .iter()
        .map(|u| git::check_access(&git_bin, u, env, timeout))
        .collect();
    if json {
        #[derive(Serialize)]
        struct R<'a> {
            #[serde(flatten)]
            report: &'a git::AccessReport,
            explanation: crate::i18n::Text,
        }
        let out: Vec<R> = reports
            .iter()
            .map(|r| R {
                report: r,
                explanation: r.explain(),
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        for r in &reports {
            let t = r.explain();
            println!("{}: {}\n  {}\n  {}", r.url, r.access.name(), t.en, t.zh);
            if !r.detail.is_empty() {
                println!("  git: {}", r.detail.replace('\n', "\n  git: "));
            }
        }
    }
    if reports.iter().all(|r| r.access == git::Access::Ok) {
        exit::OK
    } else {
        exit::INVALID
    }
}

fn git_ssh(env: &EnvMap, host: &str, dry_run: bool) -> u8 {
    let Some(data_dir) = crate::apply::history::data_dir(env)
        .map_err(|e| print_error(&e.to_string(), &e.zh()))
        .ok()
    else {
        return exit::FAILED;
    };
    match crate::project::git_ssh_instead_of(env, host, dry_run, &data_dir) {
        Ok(Some(diff)) => {
            print!("{diff}");
            if !dry_run {
                println!("undo / 撤销: gomirror undo");
            }
            exit::OK
        }
        Ok(None) => {
            println!("already set / 已设置");
            exit::OK
        }
        Err(e) => super::write::report_error(&e),
    }
}

fn git_netrc(env: &EnvMap, host: String, login: String, dry_run: bool) -> u8 {
    let Some(data_dir) = crate::apply::history::data_dir(env)
        .map_err(|e| print_error(&e.to_string(), &e.zh()))
        .ok()
    else {
        return exit::FAILED;
    };
    let mut password = String::new();
    if std::io::stdin().read_line(&mut password).is_err() || password.trim().is_empty() {
        print_error(
            "give the password (or token) on standard input",
            "请从标准输入提供密码（或令牌）",
        );
        return exit::INVALID;
    }
    let machine = crate::netrc::Machine {
        host,
        login,
        password: password.trim_end_matches(['\r', '\n']).to_string(),
    };
    let os = crate::goenv::location::TargetOs::current();
    match crate::apply::credentials::add_netrc_entry(env, os, &machine, dry_run, &data_dir) {
        Ok(Some(preview)) => {
            print!("{preview}");
            if !dry_run {
                println!("undo / 撤销: gomirror undo");
            }
            exit::OK
        }
        Ok(None) => {
            println!("already set / 已设置");
            exit::OK
        }
        Err(e) => super::write::report_error(&e),
    }
}
