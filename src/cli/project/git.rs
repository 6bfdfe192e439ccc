//! `gomirror project allow|git-check|git-ssh|git-netrc`: direnv's permission and the git side of
//! private modules.

use super::read;
use crate::cli::{exit, print_error};
use crate::goenv::location::EnvMap;
use crate::project::access;
use serde::Serialize;
use std::path::Path;
use std::time::Duration;

pub(super) fn allow(env: &EnvMap, dir: &Path) -> u8 {
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

pub(super) fn git_check(
    env: &EnvMap,
    dir: &Path,
    urls: Vec<String>,
    timeout_s: u64,
    json: bool,
) -> u8 {
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
    let reports: Vec<access::AccessReport> = urls
        .iter()
        .map(|u| access::check_access(&git_bin, u, env, timeout))
        .collect();
    if json {
        #[derive(Serialize)]
        struct R<'a> {
            #[serde(flatten)]
            report: &'a access::AccessReport,
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
    if reports.iter().all(|r| r.access == access::Access::Ok) {
        exit::OK
    } else {
        exit::INVALID
    }
}

pub(super) fn git_ssh(env: &EnvMap, host: &str, dry_run: bool) -> u8 {
    let Some(data_dir) = crate::cli::write::data_dir_or_report(env) else {
        return exit::FAILED;
    };
    report_fix(
        crate::project::git_ssh_instead_of(env, host, dry_run, &data_dir),
        dry_run,
    )
}

pub(super) fn git_netrc(env: &EnvMap, host: String, login: String, dry_run: bool) -> u8 {
    let Some(data_dir) = crate::cli::write::data_dir_or_report(env) else {
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
    let machine = crate::goenv::netrc::Machine {
        host,
        login,
        password: password.trim_end_matches(['\r', '\n']).to_string(),
    };
    let os = crate::goenv::location::TargetOs::current();
    report_fix(
        crate::apply::credentials::add_netrc_entry(env, os, &machine, dry_run, &data_dir),
        dry_run,
    )
}

/// Prints a fix's preview (and the undo hint once written), or why it was refused.
fn report_fix(result: Result<Option<String>, crate::apply::ApplyError>, dry_run: bool) -> u8 {
    match result {
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
        Err(e) => crate::cli::write::report_error(&e),
    }
}
