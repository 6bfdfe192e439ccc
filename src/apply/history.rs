//! A bounded history of applies in the app's data directory, with what is needed to undo each
//! one byte for byte.

use super::safe_write::Fingerprint;
use crate::i18n::Text;
use crate::tr;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How many applies are kept.
pub const HISTORY_LIMIT: usize = 50;

/// Overrides the data directory (tests, portable installs).
pub const DATA_DIR_VAR: &str = "GOMIRROR_DATA_DIR";

/// One undo step: the file written, how, what changed, and the backup that puts it back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: u64,
    /// RFC 3339 time of the apply.
    pub time: String,
    /// `go`, `file` or `goroot`.
    pub via: String,
    pub file: PathBuf,
    /// The changes, as `KEY=VALUE` or `-KEY` (unset).
    pub changes: Vec<String>,
    /// A copy of the file before the apply; None if it did not exist.
    pub backup: Option<PathBuf>,
    /// SHA-256 of that copy: undo refuses a backup that no longer matches (truncated, replaced).
    #[serde(default)]
    pub backup_sha256: Option<String>,
    /// The file right after the apply (undo refuses if it changed since).
    pub after: Fingerprint,
    #[serde(default)]
    pub undone: bool,
    /// Recorded before the write, so that a gomirror killed while its write (or its `go env -w`
    /// child) runs still leaves the undo step; cleared when the write is confirmed, or by
    /// [`History::reconcile`] on the next run.
    #[serde(default)]
    pub pending: bool,
    /// Further files written in the same step (a project apply touches several); undo restores
    /// them all or none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more: Vec<FileStep>,
    /// The intent of an undo, recorded before its first file is restored: an undo killed
    /// half-way is finished by [`History::reconcile`] on the next run, never left so that
    /// every later undo refuses.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub undoing: bool,
    /// Where the change came from (a team profile), when not typed by the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// An OS variable removed (`gomirror os-var unset`) from a store that is not a file (the
    /// Windows registry, macOS's launchd session) instead of a file written: what undo puts back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_var: Option<OsVarStep>,
}

/// An OS variable as it was before it was removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsVarStep {
    /// Where it lived: `HKCU\\Environment`, or `launchd`.
    pub store: String,
    pub name: String,
    /// The registry value's type code (`REG_SZ` 1, `REG_EXPAND_SZ` 2); 0 for launchd.
    pub value_type: u32,
    /// Its data, as stored (registry: UTF-16 with the terminating NUL; launchd: UTF-8).
    pub data: Vec<u8>,
}

/// One more file of a multi-file step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStep {
    pub file: PathBuf,
    pub backup: Option<PathBuf>,
    #[serde(default)]
    pub backup_sha256: Option<String>,
    pub after: Fingerprint,
}

impl Entry {
    /// Every file of the step, the first one included.
    pub fn steps(&self) -> Vec<FileStep> {
        let mut all = vec![FileStep {
            file: self.file.clone(),
            backup: self.backup.clone(),
            backup_sha256: self.backup_sha256.clone(),
            after: self.after.clone(),
        }];
        all.extend(self.more.iter().cloned());
        all
    }
}

/// Every undo step, oldest first, as kept in the data folder.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct History {
    #[serde(default)]
    pub entries: Vec<Entry>,
}

/// Why the history could not be read, written or locked.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("no data directory: set HOME (or %AppData% on Windows) or {DATA_DIR_VAR}")]
    NoDataDir,
    #[error("cannot read or write the history in {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "another gomirror has been writing for 10 s (the window or a command); nothing was written, try again when it is done"
    )]
    Busy,
    #[error("the history file {path} is damaged: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
}

impl HistoryError {
    /// The same, in Chinese.
    pub fn zh(&self) -> String {
        match self {
            Self::NoDataDir => {
                format!("找不到数据目录：请设置 HOME（Windows 为 %AppData%）或 {DATA_DIR_VAR}")
            }
            Self::Busy => {
                "另一个 gomirror（窗口或命令）已写入 10 秒仍未结束；没有写入任何内容，请等它完成后再试".into()
            }
            Self::Io { path, source } => format!(
                "无法读写历史记录 {}：{}",
                path.display(),
                crate::i18n::io_error_zh(source)
            ),
            Self::Parse { path, source } => format!(
                "历史记录文件 {} 已损坏（第 {} 行第 {} 列）",
                path.display(),
                source.line(),
                source.column()
            ),
        }
    }
}

/// The app's data directory: `$GOMIRROR_DATA_DIR`, else the OS standard place.
pub fn data_dir(env: &crate::goenv::location::EnvMap) -> Result<PathBuf, HistoryError> {
    if let Some(dir) = crate::goenv::location::env_value(env, DATA_DIR_VAR) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "gomirror")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(HistoryError::NoDataDir)
}

fn history_path(dir: &Path) -> PathBuf {
    dir.join("history.json")
}

/// Where the backups of the files gomirror wrote are kept.
pub fn backups_dir(dir: &Path) -> PathBuf {
    dir.join("backups")
}

impl History {
    /// Loads the history; a damaged one is moved aside (`history.json.damaged-<time>`, kept for
    /// the user) and a new one started, with a message saying so. Undo of the applies recorded
    /// in the damaged file is then no longer offered, but their backups stay in place.
    /// What [`History::reconcile`] did is returned with it.
    pub fn load_or_recover(dir: &Path) -> Result<(Self, Vec<Text>), HistoryError> {
        match Self::load(dir) {
            Ok(mut h) => {
                let notes = h.reconcile();
                Ok((h, notes))
            }
            Err(HistoryError::Parse { path, .. }) => {
                let aside = dir.join(format!(
                    "history.json.damaged-{}",
                    super::safe_write::timestamp()
                ));
                std::fs::rename(&path, &aside).map_err(|source| HistoryError::Io {
                    path: path.clone(),
                    source,
                })?;
                let shown = aside.display();
                Ok((
                    Self::default(),
                    vec![tr!(
                        "the history file was damaged; it was kept as {shown} and a new history was started (older applies can no longer be undone here; their backups are still in the backups folder)",
                        "历史记录文件已损坏；已另存为 {shown} 并开始新的历史记录（之前的应用无法再在此撤销；它们的备份仍在备份目录中）"
                    )],
                ))
            }
            Err(e) => Err(e),
        }
    }

    /// The history as it stands once what a killed run left is settled (under the [`lock`],
    /// saved when anything changed): what `gomirror history` shows.
    pub fn settled(dir: &Path) -> Result<(Self, Vec<Text>), HistoryError> {
        let _lock = lock(dir)?;
        let before = Self::load(dir).ok().map(|h| h.entries);
        let (h, notes) = Self::load_or_recover(dir)?;
        if before.as_ref() != Some(&h.entries) && (before.is_some() || !h.entries.is_empty()) {
            h.save(dir)?;
        }
        Ok((h, notes))
    }

    /// Reads the history (empty when there is none yet).
    pub fn load(dir: &Path) -> Result<Self, HistoryError> {
        let path = history_path(dir);
        match std::fs::read(&path) {
            // An empty file (created by hand, or left by an older version) is an empty history.
            Ok(data) if data.iter().all(u8::is_ascii_whitespace) => Ok(Self::default()),
            Ok(data) => {
                serde_json::from_slice(&data).map_err(|source| HistoryError::Parse { path, source })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(HistoryError::Io { path, source }),
        }
    }

    /// Writes the history whole (a crash leaves the old one or the new one, never half).
    pub fn save(&self, dir: &Path) -> Result<(), HistoryError> {
        let path = history_path(dir);
        let io = |source| HistoryError::Io {
            path: path.clone(),
            source,
        };
        let data = serde_json::to_vec_pretty(self).map_err(|e| io(std::io::Error::other(e)))?;
        // The data directory and the history are the user's alone (they name files and keep
        // backups of files that may hold credentials).
        super::safe_write::create_private_dir(dir).map_err(io)?;
        super::safe_write::write_atomic_private(&path, &data, None)
            .map_err(|e| io(std::io::Error::other(e.to_string())))
    }

    /// Settles what a killed run left behind (the caller holds the [`lock`], so no gomirror
    /// is still writing, and saves the history afterwards; running it twice changes nothing
    /// more):
    /// - a pending write whose files all hold what it was to produce is confirmed; one whose
    ///   files are all as before is dropped (nothing happened); one cut between its files (a
    ///   project apply killed after `.envrc` and before `settings.json`) is rolled back from
    ///   the backups, all or nothing;
    /// - an undo killed half-way is finished (the rest restored from verified backups); one
    ///   that restored nothing yet is forgotten.
    ///
    /// Any file someone else changed meanwhile is left alone (undo refuses it later, as it
    /// refuses any file changed since). Returns what was done, to be shown.
    pub fn reconcile(&mut self) -> Vec<Text> {
        let mut notes = Vec::new();
        let mut drop_ids = Vec::new();
        for e in self.entries.iter_mut().filter(|e| e.pending || e.undoing) {
            let steps = e.steps();
            let states: Vec<At> = steps.iter().map(At::of).collect();
            let files = steps
                .iter()
                .map(|s| s.file.display().to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let all = |want: At| states.iter().all(|s| *s == want);
            let only_known = states.iter().all(|s| *s != At::Other);
            if e.pending {
                if all(At::After) || !only_known {
                    e.pending = false;
                } else if all(At::Before) {
                    drop_ids.push(e.id);
                } else if put_back(&steps, &states, At::After).is_ok() {
                    drop_ids.push(e.id);
                    notes.push(tr!(
                        "an apply that was interrupted between its files was rolled back, all or nothing: {files} are as they were before it",
                        "一次在多个文件之间被中断的应用已整体回滚：{files} 恢复为应用之前的内容"
                    ));
                }
            } else if all(At::Before) {
                e.undoing = false;
                e.undone = true;
            } else if all(At::After) || !only_known {
                // Nothing restored yet (or a file changed since): the undo is not in progress.
                e.undoing = false;
            } else if put_back(&steps, &states, At::After).is_ok() {
                e.undoing = false;
                e.undone = true;
                let id = e.id;
                notes.push(tr!(
                    "an undo that was interrupted was finished: {files} are as they were before apply #{id}",
                    "一次被中断的撤销已完成：{files} 已恢复为第 {id} 次应用之前的内容"
                ));
            }
        }
        for id in &drop_ids {
            if let Some(e) = self.entries.iter().find(|e| e.id == *id) {
                remove_backups(e);
            }
        }
        self.entries.retain(|e| !drop_ids.contains(&e.id));
        notes
    }

    /// Adds an entry and drops the oldest beyond the limit (with their backups).
    pub fn push(&mut self, mut entry: Entry) -> u64 {
        entry.id = self.entries.last().map_or(1, |e| e.id + 1);
        let id = entry.id;
        self.entries.push(entry);
        while self.entries.len() > HISTORY_LIMIT {
            let old = self.entries.remove(0);
            remove_backups(&old);
        }
        id
    }

    /// The newest entry that has not been undone.
    pub fn last_active(&mut self) -> Option<&mut Entry> {
        self.entries.iter_mut().rev().find(|e| !e.undone)
    }
}

/// Removes an entry's backups (a stale backup that cannot be removed is harmless).
fn remove_backups(e: &Entry) {
    for step in e.steps() {
        if let Some(b) = step.backup {
            let _ = std::fs::remove_file(b);
        }
    }
}

/// Where a file of a step stands: as the step left it, as it was before, or neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    After,
    Before,
    Other,
}

impl At {
    fn of(step: &FileStep) -> Self {
        let Ok(now) = super::safe_write::read_optional(&step.file) else {
            return Self::Other;
        };
        if Fingerprint::of(now.as_deref()) == step.after {
            return Self::After;
        }
        match (&now, &step.backup, &step.backup_sha256) {
            (None, None, _) => Self::Before,
            (Some(data), Some(_), Some(sha)) if super::sha256_hex(data) == *sha => Self::Before,
            _ => Self::Other,
        }
    }
}

/// Puts every file that is `at` back as it was before its step (from the backup, verified by
/// its checksum; removed if it did not exist).
fn put_back(steps: &[FileStep], states: &[At], at: At) -> Result<(), super::ApplyError> {
    for (step, _) in steps.iter().zip(states).filter(|(_, s)| **s == at) {
        match &step.backup {
            Some(b) => {
                let data = verified_backup(step, b)?;
                super::safe_write::write_atomic(&step.file, &data)?;
            }
            None => super::safe_write::remove(&step.file)?,
        }
    }
    Ok(())
}

/// A step's backup, read and checked against the checksum taken when it was made. A backup
/// without a checksum (made by a gomirror older than checksums) is never restored blindly: it
/// may have been cut short by a full disk.
pub fn verified_backup(step: &FileStep, backup: &Path) -> Result<Vec<u8>, super::ApplyError> {
    let data = std::fs::read(backup).map_err(|source| super::safe_write::WriteError::Read {
        path: backup.to_path_buf(),
        source,
    })?;
    let shown = backup.display();
    match &step.backup_sha256 {
        Some(want) if *want == super::sha256_hex(&data) => Ok(data),
        Some(_) => Err(super::ApplyError::refused(tr!(
            "the backup {shown} no longer holds what was saved (it was cut short or replaced); nothing was restored",
            "备份 {shown} 的内容已不是当初保存的内容（被截断或替换）；没有恢复任何内容"
        ))),
        None => Err(super::ApplyError::refused(tr!(
            "the backup {shown} was made by an older gomirror without a checksum, so nothing proves it is complete; it was not restored. Compare it with the file and copy it back by hand if it is right",
            "备份 {shown} 由不记录校验和的旧版 gomirror 创建，无法证明它是完整的；因此没有恢复。请将它与文件比较，确认无误后手动复制回去"
        ))),
    }
}

mod lock;
pub use lock::{Lock, lock};
