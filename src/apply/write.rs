//! The write itself: through the go command or directly, with the file checked before and
//! after. A write never starts from a torn read (the file is read until it settles), a
//! history that cannot be read never stops a write half-way (it is checked first), a go
//! command that fails half-way through its write (a full disk) has its damage undone from the
//! backup, and a concurrent writer that made the go command lose settings is repaired and
//! reported.

use super::credentials::discard_backup;
use super::history::{self, Entry, History};
use super::safe_write::{self, Fingerprint};
use super::{ApplyError, KeyStatus, Outcome, Prepared, Target, sha256_hex};
use crate::goenv::envfile::{self, Duplicates};
use crate::goenv::gocmd::{self, GoOutput};
use crate::goenv::gourl::redact_text;
use crate::goenv::location::env_value;
use crate::goenv::model::{Layers, Snapshot, Source};
use crate::i18n::Text;
use crate::tr;
use std::collections::{BTreeMap, BTreeSet};

/// Applies a prepared plan, then re-reads the layers (same environment and go binary) to
/// report what took effect.
pub fn apply(
    layers: &Layers,
    prepared: &Prepared,
    data_dir: &std::path::Path,
) -> Result<Outcome, ApplyError> {
    // One writer at a time; the history is read (and what a killed run left settled) before
    // anything is written: a damaged one is set aside here.
    let _lock = history::lock(data_dir)?;
    let (mut history, mut notes) = History::load_or_recover(data_dir)?;
    let current = safe_write::check_unchanged(&prepared.file, &prepared.shown)?;
    if current
        .as_deref()
        .is_some_and(|d| d.windows(2).any(|w| w == b"\r\n"))
    {
        let shown = prepared.file.display();
        notes.push(tr!(
            "{shown} has Windows line endings (CR LF, as Notepad saves it): the go command reads the CR as part of the value on each such line, so those settings are not what they look like ('gomirror env' names them and offers the fix)",
            "{shown} 使用 Windows 换行符（CR LF，记事本保存时常见）：go 命令会把 CR 当作这些行中值的一部分，这些设置并不是看上去的值（“gomirror env” 会指出并提供修复）"
        ));
    }
    let backup = match &current {
        Some(data) => Some(safe_write::backup(
            &prepared.file,
            data,
            &history::backups_dir(data_dir),
        )?),
        None => None,
    };
    let backup_sha256 = current.as_deref().map(sha256_hex);
    // The undo step is recorded before the write (pending), so a gomirror killed during the
    // write, or while its `go env -w` child runs on, still leaves it.
    let pending_id = history.push(Entry {
        id: 0,
        time: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        via: prepared.target.name().into(),
        file: prepared.file.clone(),
        changes: prepared.plan.describe(),
        backup: backup.clone(),
        backup_sha256: backup_sha256.clone(),
        after: Fingerprint::of(Some(&prepared.after)),
        undone: false,
        pending: true,
        undoing: false,
        intended: (prepared.target == Target::Go)
            .then(|| String::from_utf8(prepared.after.clone()).ok())
            .flatten(),
        more: Vec::new(),
        source: prepared.plan.source.clone(),
    });
    if let Err(e) = history.save(data_dir) {
        discard_backup(backup.as_deref());
        return Err(e.into());
    }
    // Settles the pending entry: Some(after) confirms it with what the file now holds, None
    // drops it and its backup (nothing was written).
    let settle = |history: &mut History, after: Option<Option<&[u8]>>| {
        match after {
            Some(content) => {
                if let Some(e) = history.entries.iter_mut().find(|e| e.id == pending_id) {
                    e.after = Fingerprint::of(content);
                    e.pending = false;
                    e.intended = None;
                }
            }
            None => {
                history.entries.retain(|e| e.id != pending_id);
                discard_backup(backup.as_deref());
            }
        }
        history.save(data_dir)
    };
    let mut go_warnings = Vec::new();
    match prepared.target {
        Target::File | Target::Goroot => {
            let written =
                safe_write::write_atomic_checked(&prepared.file, &prepared.after, Some(&current));
            if let Err(e) = written {
                // Nothing was written: neither the undo step nor the backup is needed (a
                // history that cannot be saved keeps a pending step the next run drops).
                let _ = settle(&mut history, None);
                return Err(e.into());
            }
        }
        Target::Go => {
            let result = apply_via_go(layers, prepared);
            let after_go = safe_write::read_stable(&prepared.file)?;
            match result {
                Err(e) if after_go == current => {
                    let _ = settle(&mut history, None);
                    return Err(e);
                }
                Err(e) => {
                    // The go command failed half-way through its write (it truncates, then
                    // writes): put the file back as it was.
                    let restored = match &current {
                        Some(data) => safe_write::restore(&prepared.file, data),
                        None => safe_write::remove(&prepared.file),
                    };
                    if let Err(restore_error) = restored {
                        // Leave the undo step behind: `gomirror undo` restores it later.
                        settle(&mut history, Some(after_go.as_deref()))?;
                        return Err(ApplyError::Damaged {
                            file: prepared.file.clone(),
                            cause: e.to_string(),
                            restore: restore_error.to_string(),
                            backup: backup.clone(),
                        });
                    }
                    let _ = settle(&mut history, None);
                    return Err(ApplyError::Restored {
                        file: prepared.file.clone(),
                        cause: e.to_string(),
                    });
                }
                Ok(warnings) => {
                    go_warnings = warnings;
                    if let Some(note) =
                        repair_lost_settings(prepared, current.as_deref(), after_go)?
                    {
                        notes.push(note);
                    }
                }
            }
        }
    }
    let written = safe_write::read_stable(&prepared.file)?;
    if let Err(e) = settle(&mut history, Some(written.as_deref())) {
        // The file is written and the undo step recorded (pending, saved before the write):
        // the next run confirms it. Not an error: the write happened.
        let (en, zh) = (e.to_string(), e.zh());
        notes.push(Text::new(
            format!("written, but the history could not be updated ({en}); 'gomirror undo' still reverts this write"),
            format!("已写入，但历史记录未能更新（{zh}）；“gomirror undo” 仍可撤销这次写入"),
        ));
    }
    let history_id = pending_id;
    let reread = Layers::read(layers.env.clone(), layers.os, layers.go.clone());
    Ok(Outcome {
        file: prepared.file.clone(),
        via: prepared.target,
        keys: verdicts(layers, prepared, &reread),
        go_warnings,
        notes,
        history_id,
        backup,
    })
}

/// After `go env -w` succeeded: if settings that were in the file before, and that the plan did
/// not touch, are gone, the go command read the file while another program was rewriting it
/// (it takes no lock). They are put back from what was read before the write, and the plan's
/// own changes are made sure of. Returns what was repaired.
fn repair_lost_settings(
    prepared: &Prepared,
    before: Option<&[u8]>,
    after: Option<Vec<u8>>,
) -> Result<Option<Text>, ApplyError> {
    let after = after.unwrap_or_default();
    if after == prepared.after {
        return Ok(None);
    }
    let old = envfile::read_values(before.unwrap_or_default(), Duplicates::LastWins);
    let now = envfile::read_values(&after, Duplicates::LastWins);
    let (mut add, del) = prepared.plan.split();
    let lost: Vec<String> = old
        .keys()
        .filter(|k| !prepared.plan.changes.contains_key(*k) && !now.contains_key(*k))
        .cloned()
        .collect();
    let missing_own =
        add.iter().any(|(k, v)| now.get(k) != Some(v)) || del.iter().any(|k| now.contains_key(k));
    if lost.is_empty() && !missing_own {
        // Someone else changed other settings at the same time; ours are in place.
        return Ok(None);
    }
    for key in &lost {
        if let Some(v) = old.get(key) {
            add.insert(key.clone(), v.clone());
        }
    }
    let repaired = envfile::rewrite(&after, &add, &del, Duplicates::LastWins);
    safe_write::write_atomic(&prepared.file, &repaired)?;
    let list = lost.join(", ");
    Ok(Some(tr!(
        "another program wrote the env file at the same moment, and the go command lost settings ({list}); they were put back",
        "另一个程序在同一时刻写入了 env 文件，go 命令因此丢失了一些设置（{list}）；已将它们恢复"
    )))
}

fn apply_via_go(layers: &Layers, prepared: &Prepared) -> Result<Vec<String>, ApplyError> {
    let Some(go) = &layers.go else {
        return Err(ApplyError::refused(tr!(
            "no go command found; use --via file to edit the env file directly",
            "没有找到 go 命令；请使用 --via file 直接编辑 env 文件"
        )));
    };
    let (add, mut del) = prepared.plan.split();
    let mut warnings = Vec::new();
    // GOROOT cannot be unset through Go 1.25+, and a broken GOROOT line stops every go
    // command (G3): remove it by editing the file first.
    if del.remove("GOROOT") {
        let data = safe_write::read_optional(&prepared.file)?.unwrap_or_default();
        safe_write::write_atomic(&prepared.file, &envfile::unset(&data, "GOROOT"))?;
    }
    let env = &layers.env;
    let mut commands = gocmd::env_write_commands(&go.path, env, &add);
    // `go env -u` needs an existing file (G17); without a file there is nothing to unset.
    let del: Vec<String> = del.into_iter().collect();
    if !del.is_empty() && safe_write::read_optional(&prepared.file)?.is_some() {
        commands.insert(0, gocmd::env_unset_command(&go.path, env, &del));
    }
    for cmd in commands {
        let out: GoOutput = gocmd::run_blocking(&cmd)?;
        warnings.extend(
            out.stderr
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string),
        );
        if !out.success() {
            return Err(ApplyError::GoFailed {
                stderr: out.stderr.trim().to_string(),
            });
        }
    }
    Ok(warnings)
}

/// Compares the re-read model with the model predicted from the new file.
fn verdicts(layers: &Layers, prepared: &Prepared, reread: &Layers) -> BTreeMap<String, KeyStatus> {
    let mut predicted = reread.clone();
    predicted
        .env
        .retain(|k, _| !prepared.plan.changes.contains_key(k));
    if prepared.target == Target::Goroot
        && let Some(user) = &predicted.user_file
    {
        let keys: BTreeSet<String> = prepared.plan.changes.keys().cloned().collect();
        predicted.user_file = Some(envfile::rewrite(
            user,
            &BTreeMap::new(),
            &keys,
            Duplicates::LastWins,
        ));
    }
    let expected = Snapshot::compute(&predicted);
    let actual = Snapshot::compute(reread);
    let mut out = BTreeMap::new();
    for key in prepared.plan.changes.keys() {
        let want = expected
            .vars
            .get(key)
            .map(|v| v.value.clone())
            .unwrap_or_default();
        let (value, source) = actual
            .vars
            .get(key)
            .map(|v| (v.value.clone(), v.source))
            .unwrap_or_else(|| (want.clone(), Source::Default));
        let matches = value == want;
        // What is reported is shown and logged: credentials are redacted.
        let (value, want) = (redact_text(&value), redact_text(&want));
        let status = if matches || key == "GOROOT" {
            KeyStatus::Applied { value }
        } else if source == Source::Env && env_value(&layers.env, key).is_some() {
            KeyStatus::Overridden {
                by: format!("OS environment variable {key}"),
                value,
                help: crate::goenv::conflicts::remove_os_variable_help(key),
            }
        } else if source == Source::File && prepared.target == Target::Goroot {
            KeyStatus::Overridden {
                by: format!("the user env file ({key} is set there)"),
                value,
                help: tr!(
                    "Remove {key} from the user env file: gomirror unset {key} --via file",
                    "从用户 env 文件中删除 {key}：gomirror unset {key} --via file"
                ),
            }
        } else {
            KeyStatus::Failed {
                reason: format!("expected {want:?}, but the value is now {value:?}"),
            }
        };
        out.insert(key.clone(), status);
    }
    out
}
