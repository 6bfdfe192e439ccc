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
    /// Where the change came from (a team profile), when not typed by the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
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

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct History {
    #[serde(default)]
    pub entries: Vec<Entry>,
}

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("no data directory: set HOME (or %AppData% on Windows) or {DATA_DIR_VAR}")]
    NoDataDir,
    #[error("cannot read or write the history in {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the history file {path} is damaged: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
}

impl HistoryError {
    pub fn zh(&self) -> String {
        match self {
            Self::NoDataDir => {
                format!("找不到数据目录：请设置 HOME（Windows 为 %AppData%）或 {DATA_DIR_VAR}")
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

pub fn backups_dir(dir: &Path) -> PathBuf {
    dir.join("backups")
}

impl History {
    /// Loads the history; a damaged one is moved aside (`history.json.damaged-<time>`, kept for
    /// the user) and a new one started, with a message saying so. Undo of the applies recorded
    /// in the damaged file is then no longer offered, but their backups stay in place.
    pub fn load_or_recover(dir: &Path) -> Result<(Self, Option<Text>), HistoryError> {
        match Self::load(dir) {
            Ok(mut h) => {
                h.reconcile();
                Ok((h, None))
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
                    Some(tr!(
                        "the history file was damaged; it was kept as {shown} and a new history was started (older applies can no longer be undone here; their backups are still in the backups folder)",
                        "历史记录文件已损坏；已另存为 {shown} 并开始新的历史记录（之前的应用无法再在此撤销；它们的备份仍在备份目录中）"
                    )),
                ))
            }
            Err(e) => Err(e),
        }
    }

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

    /// Settles the entries a killed run left pending: one whose file holds what the write was
    /// to produce is kept (its undo step is real); one whose file is still as before is
    /// dropped (nothing happened); any other stays, and undo will refuse it as changed since.
    pub fn reconcile(&mut self) {
        let mut drop_ids = Vec::new();
        for e in self.entries.iter_mut().filter(|e| e.pending) {
            e.pending = false;
            let Ok(now) = super::safe_write::read_optional(&e.file) else {
                continue;
            };
            if Fingerprint::of(now.as_deref()) == e.after {
                continue;
            }
            let unchanged = match (&now, &e.backup_sha256) {
                (None, None) => e.backup.is_none(),
                (Some(data), Some(sha)) => super::sha256_hex(data) == *sha,
                _ => false,
            };
            if unchanged {
                drop_ids.push(e.id);
            }
        }
        self.entries.retain(|e| !drop_ids.contains(&e.id));
    }

    /// Adds an entry and drops the oldest beyond the limit (with their backups).
    pub fn push(&mut self, mut entry: Entry) -> u64 {
        entry.id = self.entries.last().map_or(1, |e| e.id + 1);
        let id = entry.id;
        self.entries.push(entry);
        while self.entries.len() > HISTORY_LIMIT {
            let old = self.entries.remove(0);
            for step in old.steps() {
                if let Some(b) = step.backup {
                    // A stale backup that cannot be removed is harmless.
                    let _ = std::fs::remove_file(b);
                }
            }
        }
        id
    }

    /// The newest entry that has not been undone.
    pub fn last_active(&mut self) -> Option<&mut Entry> {
        self.entries.iter_mut().rev().find(|e| !e.undone)
    }
}
