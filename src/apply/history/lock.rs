//! One gomirror at a time writes the history: an OS file lock in the data directory.

use super::HistoryError;
use std::path::Path;

/// How long a gomirror waits for another one to finish writing.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// An exclusive hold on the data directory's history: one gomirror (window or command) writes
/// at a time, and while it holds this, what the history says is pending is really its own or
/// left by a run that is gone. Released when dropped (and by the OS when the process dies).
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
}

/// Takes the [`Lock`], waiting at most [`LOCK_WAIT`] for another gomirror to finish.
pub fn lock(dir: &Path) -> Result<Lock, HistoryError> {
    let path = dir.join("lock");
    let io = |source| HistoryError::Io {
        path: path.clone(),
        source,
    };
    crate::apply::safe_write::create_private_dir(dir).map_err(io)?;
    let mut open = std::fs::OpenOptions::new();
    open.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.mode(0o600);
    }
    let file = open.open(&path).map_err(io)?;
    let deadline = std::time::Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Lock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(HistoryError::Busy),
            Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
        }
    }
}
