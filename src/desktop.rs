//! The places the app reaches the desktop: opening a file or folder with the system's handler
//! (the `open` crate), raising a desktop notification (`notify-rust`), and the native file
//! dialogs (`rfd`). Opening and notifying are one small trait each, so tests record the calls
//! instead (a CI machine has no desktop).

use std::path::{Path, PathBuf};

/// Waits for a native file dialog on a worker thread (the async dialog also runs where the OS
/// wants dialogs on the main thread); the chosen path, or None when cancelled. Without a
/// runtime (tests) there is no dialog.
pub fn dialog(fut: impl std::future::Future<Output = Option<rfd::FileHandle>>) -> Option<PathBuf> {
    let handle = tokio::runtime::Handle::try_current().ok()?;
    handle.block_on(fut).map(|f| f.path().to_path_buf())
}

/// Opens files and folders with the system's default handler.
pub trait Opener: Send + Sync {
    fn open(&self, path: &Path) -> Result<(), String>;
}

/// Raises desktop notifications.
pub trait Notifier: Send + Sync {
    fn notify(&self, title: &str, body: &str) -> Result<(), String>;
}

/// The real desktop: `open::that_detached` and a notification through the platform's service.
#[derive(Clone, Copy, Debug, Default)]
pub struct System;

impl Opener for System {
    fn open(&self, path: &Path) -> Result<(), String> {
        if !path.exists() {
            return Err(format!("{} does not exist", path.display()));
        }
        // Detached: the file manager or editor outlives nothing of ours and is never waited for.
        open::that_detached(path).map_err(|e| e.to_string())
    }
}

impl Notifier for System {
    fn notify(&self, title: &str, body: &str) -> Result<(), String> {
        let (title, body) = (title.to_string(), body.to_string());
        // The notification service is a separate process (D-Bus on Linux) that may hang: it is
        // asked from its own thread, never from the UI thread, and nothing waits for it.
        std::thread::Builder::new()
            .name("gomirror-notify".into())
            .spawn(move || {
                let shown = notify_rust::Notification::new()
                    .appname("gomirror")
                    .summary(&title)
                    .body(&body)
                    .show();
                if let Err(e) = shown {
                    eprintln!("gomirror: desktop notification not shown: {e}");
                }
            })
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// A recorder for tests: every call is kept, nothing reaches the desktop.
#[derive(Debug, Default)]
pub struct Recorder {
    pub opened: std::sync::Mutex<Vec<PathBuf>>,
    pub notified: std::sync::Mutex<Vec<(String, String)>>,
}

impl Opener for Recorder {
    fn open(&self, path: &Path) -> Result<(), String> {
        if let Ok(mut v) = self.opened.lock() {
            v.push(path.to_path_buf());
        }
        Ok(())
    }
}

impl Notifier for Recorder {
    fn notify(&self, title: &str, body: &str) -> Result<(), String> {
        if let Ok(mut v) = self.notified.lock() {
            v.push((title.to_string(), body.to_string()));
        }
        Ok(())
    }
}
