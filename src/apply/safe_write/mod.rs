//! Writing a file the user owns: re-read (until two reads agree, so a file another program is
//! writing at that moment is never taken for its content) and compare first, back up (never
//! readable by more people than the file itself), write a temporary file in the same directory
//! as the real file (through symbolic links, which stay links) and rename it over the original,
//! keeping its permissions.

mod replace;

use crate::i18n::io_error_zh;
pub use replace::PrivateCopy;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What a file held when it was shown to the user: `None` if it did not exist.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fingerprint(pub Option<String>);

impl Fingerprint {
    /// The fingerprint of these contents (None: the file does not exist).
    pub fn of(contents: Option<&[u8]>) -> Self {
        Self(contents.map(|c| {
            let digest = Sha256::digest(c);
            digest.iter().map(|b| format!("{b:02x}")).collect()
        }))
    }

    /// The fingerprint of the file as it is now.
    pub fn read(path: &Path) -> Result<Self, WriteError> {
        Ok(Self::of(read_optional(path)?.as_deref()))
    }
}

/// Why a checked write did not happen (the file is as it was).
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
    #[error(
        "{path} kept changing while it was read (another program is writing it); nothing was written, try again"
    )]
    Unstable { path: PathBuf },
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
            Self::Unstable { path } => format!(
                "读取 {} 时它一直在变化（另一个程序正在写入）；没有写入任何内容，请稍后再试",
                path.display()
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

/// How long a settled file must stay the same between two reads.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(15);

/// Reads a file until two reads, `SETTLE` apart, agree (at most 40 tries, about 0.6 s): the go
/// command rewrites its env file in place (truncate, then write), and a read in between would
/// see an empty or half-written file.
pub fn read_stable(path: &Path) -> Result<Option<Vec<u8>>, WriteError> {
    let mut last = read_optional(path)?;
    for _ in 0..40 {
        std::thread::sleep(SETTLE);
        let now = read_optional(path)?;
        if now == last {
            return Ok(now);
        }
        last = now;
    }
    Err(WriteError::Unstable {
        path: path.to_path_buf(),
    })
}

/// Refuses if the file no longer matches what was shown.
pub fn check_unchanged(path: &Path, shown: &Fingerprint) -> Result<Option<Vec<u8>>, WriteError> {
    let now = read_stable(path)?;
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

/// Creates a directory of the app's own data, private to the user (0700 on Unix). One that
/// exists already (made by an older version, or by another program with the usual umask) is
/// tightened: group and others lose access to it and to the files in it. They name the user's files and mirrors and
/// keep backups of files that may hold credentials.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    #[cfg(unix)]
    tighten(dir)?;
    Ok(())
}

#[cfg(unix)]
fn tighten(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let meta = std::fs::symlink_metadata(dir)?;
    // Only what is the user's own: a directory (or file) of someone else is left alone.
    let mine = |m: &std::fs::Metadata| m.uid() == rustix_uid();
    if meta.is_dir() && mine(&meta) && meta.mode() & 0o077 != 0 {
        // Group and others lose their bits; the user's own stay as they are (a folder the
        // user made read-only stays read-only).
        let mode = meta.mode() & 0o700;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode))?;
    }
    for entry in std::fs::read_dir(dir)?.flatten() {
        let Ok(m) = entry.metadata() else { continue };
        if m.is_file() && mine(&m) && m.mode() & 0o077 != 0 {
            let mode = m.mode() & 0o700;
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode))?;
        }
    }
    Ok(())
}

/// The user this process runs as (the owner of the files it creates).
#[cfg(unix)]
fn rustix_uid() -> u32 {
    rustix::process::getuid().as_raw()
}

/// Copies `contents` to `dir/<name>.<timestamp>.bak` (readable by the user only) and returns
/// that path.
pub fn backup(path: &Path, contents: &[u8], dir: &Path) -> Result<PathBuf, WriteError> {
    let err = |source| WriteError::Backup {
        path: path.to_path_buf(),
        dir: dir.to_path_buf(),
        source,
    };
    create_private_dir(dir).map_err(err)?;
    clean_stale_temp_files(dir);
    let name = path
        .file_name()
        .map_or("file".into(), |n| n.to_string_lossy().into_owned());
    let mut target = dir.join(format!("{name}.{}.bak", timestamp()));
    let mut n = 1;
    while target.exists() {
        target = dir.join(format!("{name}.{}.{n}.bak", timestamp()));
        n += 1;
    }
    // Complete or absent, never half-written (a killed run leaves only a `.gomirror-*` temp
    // file, cleaned later); tempfile creates it readable by the user only.
    let mut temp = tempfile::Builder::new()
        .prefix(".gomirror-")
        .tempfile_in(dir)
        .map_err(err)?;
    std::io::Write::write_all(&mut temp, contents).map_err(err)?;
    temp.as_file().sync_all().map_err(err)?;
    temp.persist_noclobber(&target).map_err(|e| err(e.error))?;
    Ok(target)
}

/// The file a path finally names: symbolic links are followed (also dangling ones, whose
/// target will be created), so a write replaces the target and keeps the link.
pub fn resolve_links(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&current) {
            Ok(target) => {
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Err(_) => return current,
        }
    }
    current
}

/// Removes temporary files (`.gomirror-*`) older than a minute that a killed gomirror left in
/// `dir`. Fresh ones may belong to a gomirror running now and are kept.
pub fn clean_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(".gomirror-") {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(60));
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Atomically replaces `path` with `contents` (temp file + rename in the same directory),
/// creating the directory if needed and keeping the old file's permissions.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    write_atomic_checked(path, contents, None)
}

/// Like [`write_atomic`], but a file that does not exist yet is created readable by the user
/// only (0600): history, the mirror list, `.netrc`. Complete or absent, even when killed.
pub fn write_atomic_private(
    path: &Path,
    contents: &[u8],
    expected: Option<&Option<Vec<u8>>>,
) -> Result<(), WriteError> {
    write_atomic_with(path, contents, expected, true)
}

/// Like [`write_atomic`], but when `expected` is given the file must still hold exactly that
/// (None: not exist) right before the rename; otherwise nothing is written and the change is
/// reported (another program wrote it meanwhile).
pub fn write_atomic_checked(
    path: &Path,
    contents: &[u8],
    expected: Option<&Option<Vec<u8>>>,
) -> Result<(), WriteError> {
    write_atomic_with(path, contents, expected, false)
}

fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    expected: Option<&Option<Vec<u8>>>,
    private_if_new: bool,
) -> Result<(), WriteError> {
    let path = &resolve_links(path);
    let err = |source| WriteError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(err)?;
    clean_stale_temp_files(&dir);
    let old_permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    if let Some(p) = &old_permissions
        && p.readonly()
    {
        return Err(WriteError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    // The temporary file starts private (tempfile creates it 0600) and gets the old file's
    // permissions only when it is complete.
    let mut temp = tempfile::Builder::new()
        .prefix(".gomirror-")
        .tempfile_in(&dir)
        .map_err(err)?;
    std::io::Write::write_all(&mut temp, contents).map_err(err)?;
    temp.as_file().sync_all().map_err(err)?;
    let permissions = match old_permissions {
        Some(p) => Some(p),
        // tempfile made it 0600 already.
        None if private_if_new => None,
        None => Some(default_permissions(temp.as_file()).map_err(err)?),
    };
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions).map_err(err)?;
    }
    match expected {
        Some(expected) => replace::replace_if_unchanged(&temp.into_temp_path(), path, expected),
        None => {
            temp.persist(path).map_err(|e| err(e.error))?;
            Ok(())
        }
    }
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

/// Puts `contents` back into `path` after a failed write cut it: atomically when the disk has
/// room for a temporary copy, else in place (which needs no more room than the file had).
pub fn restore(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    if write_atomic(path, contents).is_ok() {
        return Ok(());
    }
    let path = resolve_links(path);
    let err = |source| WriteError::Write {
        path: path.clone(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&path)
        .map_err(err)?;
    std::io::Write::write_all(&mut file, contents).map_err(err)?;
    file.sync_all().map_err(err)
}

/// Removes a file (used by undo when the file did not exist before).
pub fn remove(path: &Path) -> Result<(), WriteError> {
    let path = &resolve_links(path);
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(WriteError::Write {
            path: path.to_path_buf(),
            source,
        }),
    }
}
