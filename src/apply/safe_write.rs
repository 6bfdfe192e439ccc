//! Writing a file the user owns: re-read and compare first, back up, write a temporary file in
//! the same directory and rename it over the original, keeping its permissions.

use crate::i18n::io_error_zh;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What a file held when it was shown to the user: `None` if it did not exist.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fingerprint(pub Option<String>);

impl Fingerprint {
    pub fn of(contents: Option<&[u8]>) -> Self {
        Self(contents.map(|c| {
            let digest = Sha256::digest(c);
            digest.iter().map(|b| format!("{b:02x}")).collect()
        }))
    }

    pub fn read(path: &Path) -> Result<Self, WriteError> {
        Ok(Self::of(read_optional(path)?.as_deref()))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "{path} was changed by someone else since it was shown; nothing was written (reload and try again)"
    )]
    ChangedSinceShown { path: PathBuf },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: the file is read-only; it was not changed")]
    ReadOnly { path: PathBuf },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot keep a backup of {path} in {dir}: {source}")]
    Backup {
        path: PathBuf,
        dir: PathBuf,
        source: std::io::Error,
    },
}

impl WriteError {
    /// The Chinese text of the same error.
    pub fn zh(&self) -> String {
        match self {
            Self::ChangedSinceShown { path } => format!(
                "{} 在显示之后被其他程序修改了；没有写入任何内容（请重新加载后再试）",
                path.display()
            ),
            Self::Read { path, source } => {
                format!("无法读取 {}：{}", path.display(), io_error_zh(source))
            }
            Self::ReadOnly { path } => {
                format!("无法写入 {}：文件是只读的，原文件未被改动", path.display())
            }
            Self::Write { path, source } => format!(
                "无法写入 {}：{}（原文件未被改动）",
                path.display(),
                io_error_zh(source)
            ),
            Self::Backup { path, dir, source } => format!(
                "无法在 {} 中保存 {} 的备份：{}；没有写入任何内容",
                dir.display(),
                path.display(),
                io_error_zh(source)
            ),
        }
    }
}

/// Reads a file; a missing file is `None`.
pub fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, WriteError> {
    match std::fs::read(path) {
        Ok(data) => Ok(Some(data)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(WriteError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Refuses if the file no longer matches what was shown.
pub fn check_unchanged(path: &Path, shown: &Fingerprint) -> Result<Option<Vec<u8>>, WriteError> {
    let now = read_optional(path)?;
    if Fingerprint::of(now.as_deref()) != *shown {
        return Err(WriteError::ChangedSinceShown {
            path: path.to_path_buf(),
        });
    }
    Ok(now)
}

/// A timestamp usable in file names on every OS: `20261124T004811.123Z`.
pub fn timestamp() -> String {
    let now = std::time::SystemTime::now();
    let text = humantime::format_rfc3339_millis(now).to_string();
    text.replace(['-', ':'], "")
}

/// Copies `contents` to `dir/<name>.<timestamp>.bak` and returns that path.
pub fn backup(path: &Path, contents: &[u8], dir: &Path) -> Result<PathBuf, WriteError> {
    let err = |source| WriteError::Backup {
        path: path.to_path_buf(),
        dir: dir.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    let name = path
        .file_name()
        .map_or("file".into(), |n| n.to_string_lossy().into_owned());
    let mut target = dir.join(format!("{name}.{}.bak", timestamp()));
    let mut n = 1;
    while target.exists() {
        target = dir.join(format!("{name}.{}.{n}.bak", timestamp()));
        n += 1;
    }
    std::fs::write(&target, contents).map_err(err)?;
    Ok(target)
}

/// Atomically replaces `path` with `contents` (temp file + rename in the same directory),
/// creating the directory if needed and keeping the old file's permissions.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let err = |source| WriteError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(err)?;
    let old_permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    if let Some(p) = &old_permissions
        && p.readonly()
    {
        return Err(WriteError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".gomirror-")
        .tempfile_in(&dir)
        .map_err(err)?;
    std::io::Write::write_all(&mut temp, contents).map_err(err)?;
    temp.as_file().sync_all().map_err(err)?;
    let permissions = match old_permissions {
        Some(p) => p,
        None => default_permissions(temp.as_file()).map_err(err)?,
    };
    temp.as_file().set_permissions(permissions).map_err(err)?;
    temp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// New files get 0644 (what `go env -w` gives under the usual umask 022).
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    #[allow(unused_mut)]
    let mut p = file.metadata()?.permissions();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.set_mode(0o644);
    }
    Ok(p)
}

/// Removes a file (used by undo when the file did not exist before).
pub fn remove(path: &Path) -> Result<(), WriteError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(WriteError::Write {
            path: path.to_path_buf(),
            source,
        }),
    }
}
