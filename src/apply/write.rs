//! The write itself: through the go command or directly, with the file checked before and
//! after. A write never starts from a torn read (the file is read until it settles), a
//! history that cannot be read never stops a write half-way (it is checked first), and the
//! file is only ever replaced whole, by one rename after a last comparison: the go command
//! writes a private copy (see [`apply_via_go`]).

use super::history::{self, Entry, History};
use super::other::discard_backup;
use super::safe_write::{self, Fingerprint};
use super::{ApplyError, KeyStatus, Outcome, Prepared, Target, sha256_hex};
use crate::goenv::envfile::{self, Duplicates};
use crate::goenv::gocmd::{self, GoOutput};
use crate::goenv::gourl::redact_text;
use crate::goenv::location::env_value;
use crate::goenv::model::{Layers, Source};
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
        os_var: None,
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
        Target::Go => match apply_via_go(layers, prepared, &current) {
            Ok(warnings) => go_warnings = warnings,
            Err(e) => {
                // The file itself was never touched: the go command wrote a private copy.
                let _ = settle(&mut history, None);
                return Err(e);
            }
        },
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

/// `go env -w`/`-u` as the go command does them, written the way gomirror writes: the go
/// command rewrites a private copy of the env file (`GOENV` pointing at it, in the same
/// folder), so the bytes are exactly the go command's own; then the copy replaces the file in
/// one rename, right after checking that the file still holds what was read. The go command
/// takes no lock and truncates before it writes: run on the file itself, another writer at the
/// same moment could lose its settings, a full disk would cut the file, and a killed gomirror
/// would leave it torn. Here none of that reaches the file; a writer that got in first is
/// reported as a change since shown (the CLI reads again and retries).
fn apply_via_go(
    layers: &Layers,
    prepared: &Prepared,
    current: &Option<Vec<u8>>,
) -> Result<Vec<String>, ApplyError> {
    let Some(go) = &layers.go else {
        return Err(ApplyError::refused(tr!(
            "no go command found; use --via file to edit the env file directly",
            "没有找到 go 命令；请使用 --via file 直接编辑 env 文件"
        )));
    };
    let copy = safe_write::PrivateCopy::of(&prepared.file, current.as_deref())?;
    let (add, mut del) = prepared.plan.split();
    let mut warnings = Vec::new();
    // GOROOT cannot be unset through Go 1.25+, and a broken GOROOT line stops every go
    // command (G3): remove it by editing the copy first.
    if del.remove("GOROOT") {
        let data = safe_write::read_optional(copy.path())?.unwrap_or_default();
        copy.write(&envfile::unset(&data, "GOROOT"))?;
    }
    let mut env = layers.env.clone();
    env.insert("GOENV".into(), copy.path().display().to_string());
    let mut commands = gocmd::env_write_commands(&go.path, &env, &add);
    // `go env -u` needs an existing file (G17); without a file there is nothing to unset.
    let del: Vec<String> = del.into_iter().collect();
    if !del.is_empty() && safe_write::read_optional(copy.path())?.is_some() {
        commands.insert(0, gocmd::env_unset_command(&go.path, &env, &del));
    }
    // The go command names the file it wrote; the user's file is the one it means.
    let (copy_shown, file_shown) = (
        copy.path().display().to_string(),
        prepared.file.display().to_string(),
    );
    let users_file = |text: &str| text.replace(&copy_shown, &file_shown);
    for cmd in commands {
        let out: GoOutput = gocmd::run_blocking(&cmd)?;
        warnings.extend(out.stderr.lines().filter(|l| !l.is_empty()).map(users_file));
        if !out.success() {
            return Err(ApplyError::GoFailed {
                stderr: users_file(out.stderr.trim()),
            });
        }
    }
    copy.install(current)?;
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
    let expected = crate::goenv::snapshot(&predicted);
    let actual = crate::goenv::snapshot(reread);
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
