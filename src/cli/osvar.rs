//! `gomirror os-var list` and `gomirror os-var unset`: the OS environment variables that
//! override `go env -w`, where each is set, and removing it there (undoable).

use super::{exit, print_error};
use crate::goenv::location::{EnvMap, TargetOs};
use crate::osvar::{self, Location, Scope};

/// `gomirror os-var` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum OsVarCommand {
    /// Where each download variable is set for new processes: the user's or the machine's
    /// registry values (Windows), the lines of login files (Linux, macOS)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove the user's setting of each KEY where it lives (a registry value is recorded, a
    /// line is commented out with a backup); `gomirror undo` puts it back. A machine-wide
    /// setting needs an administrator: the command is shown, nothing is written
    Unset {
        #[arg(required = true, value_name = "KEY")]
        keys: Vec<String>,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
}

/// `gomirror os-var ...`: the exit code.
pub fn run(env: EnvMap, command: OsVarCommand) -> u8 {
    let os = TargetOs::current();
    match command {
        OsVarCommand::List { json } => list(&env, os, json),
        OsVarCommand::Unset {
            keys,
            dry_run,
            json,
        } => unset(&env, os, &keys, dry_run, json),
    }
}

fn place_json(p: &osvar::Place) -> serde_json::Value {
    let mut v = serde_json::to_value(p).unwrap_or_default();
    // Passwords in values and lines are never shown.
    for field in ["value", "text"] {
        if let Some(s) = v.get(field).and_then(|s| s.as_str()).map(String::from) {
            v[field] = crate::goenv::gourl::redact_text(&s).into();
        }
    }
    v
}

fn list(env: &EnvMap, os: TargetOs, json: bool) -> u8 {
    let places = osvar::list(env, os);
    if json {
        let v = serde_json::json!({
            "places": places.iter().map(place_json).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return exit::OK;
    }
    if places.is_empty() {
        println!(
            "no download variable is set for new processes outside go env / 新进程中没有在 go env 之外设置的下载变量"
        );
    }
    for p in &places {
        let scope = match p.scope {
            Scope::User => "user / 用户",
            Scope::System => "system / 系统",
        };
        println!("{} [{scope}] {}", p.key, p.describe());
    }
    exit::OK
}

fn unset(env: &EnvMap, os: TargetOs, keys: &[String], dry_run: bool, json: bool) -> u8 {
    let places = match osvar::plan(env, os, keys) {
        Ok(p) => p,
        Err(e) => {
            let t = e.text();
            print_error(&t.en, &t.zh);
            return exit::INVALID;
        }
    };
    if dry_run {
        if json {
            let v = serde_json::json!({
                "dry_run": true,
                "places": places.iter().map(place_json).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        } else {
            for p in &places {
                let how = match (&p.scope, &p.location) {
                    (Scope::System, _) => {
                        format!("needs an administrator / 需要管理员: {}", p.admin_command())
                    }
                    (Scope::User, Location::Registry { .. }) => {
                        "would delete the user variable (undoable) / 将删除该用户变量（可撤销）"
                            .into()
                    }
                    (Scope::User, Location::Session { .. }) => {
                        "would run launchctl unsetenv (undoable) / 将运行 launchctl unsetenv（可撤销）"
                            .into()
                    }
                    (Scope::User, Location::Line { .. }) => {
                        "would comment the line out (undoable) / 将注释掉该行（可撤销）".into()
                    }
                };
                println!("{}: {}\n  {how}", p.key, p.describe());
            }
        }
        return exit::OK;
    }
    let Some(data_dir) = super::write::data_dir_or_report(env) else {
        return exit::FAILED;
    };
    let done = match osvar::unset(&places, &data_dir) {
        Ok(d) => d,
        Err(e) => {
            let t = e.text();
            print_error(&t.en, &t.zh);
            // Refused (a machine-wide setting, a file changed since it was read): nothing
            // was written. A file that could not be written keeps its backup-first promise.
            return match e {
                osvar::UnsetError::Refused(_)
                | osvar::UnsetError::Apply(crate::apply::ApplyError::Write(
                    crate::apply::safe_write::WriteError::ChangedSinceShown { .. },
                )) => exit::INVALID,
                osvar::UnsetError::Apply(_) => exit::FAILED,
            };
        }
    };
    // Still set elsewhere: a machine-wide setting left for an administrator, or a place
    // found again after the change.
    let again: Vec<osvar::Place> = osvar::list(env, os)
        .into_iter()
        .filter(|p| keys.contains(&p.key))
        .collect();
    let code = if again.is_empty() && done.left.is_empty() {
        exit::OK
    } else {
        exit::NOT_EFFECTIVE
    };
    if json {
        let v = serde_json::json!({
            "removed": done.removed.iter().map(place_json).collect::<Vec<_>>(),
            "left": done.left.iter().map(|(p, cmd)| {
                let mut v = place_json(p);
                v["command"] = cmd.clone().into();
                v
            }).collect::<Vec<_>>(),
            "history_ids": done.history_ids,
            "notes": done.notes,
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return code;
    }
    for p in &done.removed {
        println!("removed / 已移除: {} {}", p.key, p.describe());
    }
    for (p, cmd) in &done.left {
        println!(
            "still set for the whole machine / 整机设置仍在: {} {}\n  an administrator runs / 需管理员运行: {cmd}",
            p.key,
            p.describe()
        );
    }
    for n in &done.notes {
        println!("note / 说明: {} / {}", n.en, n.zh);
    }
    println!("undo / 撤销: gomirror undo");
    code
}
