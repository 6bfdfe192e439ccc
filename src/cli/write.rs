//! `gomirror set`, `unset`, `undo`, `history`.

use super::{exit, print_error, print_problems};
use crate::apply::{self, ApplyError, KeyStatus, Plan, Target, history};
use crate::goenv::location::EnvMap;

/// `gomirror set KEY=VALUE...`: the exit code.
pub fn set(env: EnvMap, pairs: &[String], via: Target, dry_run: bool, json: bool) -> u8 {
    let mut plan = Plan::default();
    let pairs = match super::pairs(pairs) {
        Ok(p) => p,
        Err(code) => return code,
    };
    for (key, value) in pairs {
        if plan.changes.contains_key(key) {
            print_error(
                &format!("go: multiple values for key: {key}"),
                &format!("同一个键给了多个值：{key}"),
            );
            return exit::INVALID;
        }
        plan = plan.set(key, value);
    }
    apply_plan(env, &plan, via, dry_run, json)
}

/// `gomirror unset KEY...`: the exit code.
pub fn unset(env: EnvMap, keys: &[String], via: Target, dry_run: bool, json: bool) -> u8 {
    let plan = keys.iter().fold(Plan::default(), |p, k| p.unset(k));
    apply_plan(env, &plan, via, dry_run, json)
}

/// Prepares and writes a plan (its values, not `KEY=VALUE` text: `set`, the recommendation,
/// a team profile), printing the outcome; the exit code as `set` documents it.
pub(super) fn apply_plan(env: EnvMap, plan: &Plan, via: Target, dry_run: bool, json: bool) -> u8 {
    let Some(data_dir) = data_dir_or_report(&env) else {
        return exit::FAILED;
    };
    // A file another program changes between our read and our write is read again and the
    // plan prepared anew (at most three times), never written from the stale read.
    let mut attempt = 0;
    let (prepared, outcome) = loop {
        attempt += 1;
        let (layers, _) = crate::goenv::load(env.clone());
        let prepared = match apply::prepare(&layers, plan, via) {
            Ok(p) => p,
            Err(e) => return report_error(&e),
        };
        if dry_run {
            break (prepared, None);
        }
        match apply::apply(&layers, &prepared, &data_dir) {
            Ok(o) => break (prepared, Some(o)),
            Err(ApplyError::Write(crate::apply::safe_write::WriteError::ChangedSinceShown {
                ..
            })) if attempt < 3 => continue,
            Err(e) => {
                print_problems(&prepared.warnings);
                let code = report_error(&e);
                if code == exit::FAILED {
                    return verify_intact(&prepared);
                }
                return code;
            }
        }
    };
    print_problems(&prepared.warnings);
    let Some(outcome) = outcome else {
        let diff = prepared.diff();
        if diff.is_empty() {
            println!("no change to {} / 文件不变", prepared.file.display());
        } else {
            print!("{diff}");
        }
        return exit::OK;
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&outcome).unwrap_or_default()
        );
    } else {
        println!(
            "written / 已写入: {} (via {})",
            outcome.file.display(),
            via.name()
        );
        if let Some(b) = &outcome.backup {
            println!("backup / 备份: {}", b.display());
        }
        for w in &outcome.go_warnings {
            println!("go: {w}");
        }
        for note in &outcome.notes {
            println!("note / 注意: {}", note.en);
            println!("  {}", note.zh);
        }
        for (key, status) in &outcome.keys {
            match status {
                KeyStatus::Applied { value } => println!(
                    "{key}: applied / 已生效 = {}",
                    crate::goenv::gourl::redact_text(value)
                ),
                KeyStatus::Overridden { by, value, help } => {
                    println!(
                        "{key}: overridden by {by} / 被覆盖 = {}",
                        crate::goenv::gourl::redact_text(value)
                    );
                    println!("  {}", help.en);
                    println!("  {}", help.zh);
                }
                KeyStatus::Failed { reason } => println!("{key}: failed / 失败: {reason}"),
            }
        }
        println!("undo / 撤销: gomirror undo");
    }
    let effective = outcome
        .keys
        .values()
        .all(|s| matches!(s, KeyStatus::Applied { .. }));
    if effective {
        exit::OK
    } else {
        exit::NOT_EFFECTIVE
    }
}

/// After a failed write: exit 3 promises the file is as it was, so it is read again and
/// compared first; only a file that is not as before (something failed after it was written)
/// is reported as such, with where its backup is, and `gomirror undo` reverts it.
fn verify_intact(prepared: &apply::Prepared) -> u8 {
    let now = crate::apply::safe_write::read_optional(&prepared.file).ok();
    let shown = prepared.file.display();
    if now.as_ref() == Some(&prepared.before) {
        print_error(
            &format!("verified: {shown} is exactly as it was"),
            &format!("已核对：{shown} 与之前完全相同"),
        );
    } else {
        print_error(
            &format!(
                "{shown} is no longer as it was before this write: 'gomirror undo' restores it from its backup"
            ),
            &format!("{shown} 已不是写入之前的内容：“gomirror undo” 可从备份恢复"),
        );
    }
    exit::FAILED
}

pub(super) fn report_error(e: &ApplyError) -> u8 {
    match e {
        ApplyError::Invalid(problems) => {
            print_problems(problems);
            print_error(
                "invalid settings, nothing was written",
                "设置无效，没有写入任何内容",
            );
            exit::INVALID
        }
        ApplyError::Refused { .. } => {
            print_error(&e.to_string(), &e.zh());
            exit::INVALID
        }
        ApplyError::Write(crate::apply::safe_write::WriteError::ChangedSinceShown { .. }) => {
            print_error(&e.to_string(), &e.zh());
            exit::INVALID
        }
        _ => {
            print_error(&e.to_string(), &e.zh());
            exit::FAILED
        }
    }
}

/// `gomirror undo`: the exit code.
pub fn undo(env: EnvMap) -> u8 {
    let Some(data_dir) = data_dir_or_report(&env) else {
        return exit::FAILED;
    };
    match apply::undo(&data_dir) {
        Ok(apply::Undone { entry, notes }) => {
            for note in &notes {
                println!("note / 注意: {}", note.en);
                println!("  {}", note.zh);
            }
            println!(
                "restored / 已恢复: {} (apply #{} of {}: {})",
                entry.file.display(),
                entry.id,
                entry.time,
                entry.changes.join(" ")
            );
            for more in &entry.more {
                println!("restored / 已恢复: {}", more.file.display());
            }
            exit::OK
        }
        Err(e) => report_error(&e),
    }
}

/// `gomirror history`: the exit code.
pub fn history(env: EnvMap, json: bool) -> u8 {
    let loaded = history::data_dir(&env).and_then(|d| history::History::settled(&d));
    let h = match loaded {
        Ok((h, notes)) => {
            for note in &notes {
                eprintln!("note / 注意: {}", note.en);
                eprintln!("  {}", note.zh);
            }
            h
        }
        Err(e) => {
            print_error(&e.to_string(), &e.zh());
            return exit::FAILED;
        }
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&h.entries).unwrap_or_default()
        );
        return exit::OK;
    }
    if h.entries.is_empty() {
        println!("no applies yet / 还没有应用记录");
    }
    for e in h.entries.iter().rev() {
        let state = if e.undone {
            " (undone / 已撤销)"
        } else {
            ""
        };
        let from = e
            .source
            .as_ref()
            .map_or(String::new(), |s| format!(" [{s}]"));
        println!(
            "#{} {} via {} {}: {}{from}{state}",
            e.id,
            e.time,
            e.via,
            e.file.display(),
            e.changes.join(" ")
        );
    }
    exit::OK
}

/// `gomirror move-credentials`.
pub fn move_credentials(env: EnvMap, via: Target, json: bool) -> u8 {
    let Some(data_dir) = data_dir_or_report(&env) else {
        return exit::FAILED;
    };
    let (layers, _) = crate::goenv::load(env);
    match apply::credentials::move_goproxy_credentials(&layers, via, &data_dir) {
        Ok(moved) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&moved).unwrap_or_default()
                );
            } else {
                println!(
                    "netrc / 凭据文件: {} ({})",
                    moved.netrc.display(),
                    moved.hosts.join(", ")
                );
                for (key, status) in &moved.outcome.keys {
                    if let KeyStatus::Applied { value } = status {
                        println!("{key}: applied / 已生效 = {value}");
                    }
                }
                for note in &moved.outcome.notes {
                    println!("note / 注意: {}", note.en);
                    println!("  {}", note.zh);
                }
                println!("undo / 撤销: gomirror undo (twice: the env file, then the .netrc entry)");
            }
            exit::OK
        }
        Err(e) => report_error(&e),
    }
}

/// The data directory, or the error printed in both languages.
pub(super) fn data_dir_or_report(env: &EnvMap) -> Option<std::path::PathBuf> {
    history::data_dir(env)
        .map_err(|e| print_error(&e.to_string(), &e.zh()))
        .ok()
}
