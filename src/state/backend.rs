//! Where the state's requests go: the app's worker thread, or a test double.

use crate::worker::Request;

/// Where requests go: the worker, or a test double.
pub trait Backend {
    fn send(&self, request: Request);
    /// Opens a file or folder with the system's handler (tests record it).
    fn open(&self, path: &std::path::Path) -> Result<(), String>;
    /// Raises a desktop notification (tests record it).
    fn notify(&self, title: &str, body: &str) -> Result<(), String>;
}

impl Backend for crate::worker::Worker {
    fn send(&self, request: Request) {
        // If the worker has stopped there is nobody to answer; the state stays pending.
        let _ = crate::worker::Worker::send(self, request);
    }

    fn open(&self, path: &std::path::Path) -> Result<(), String> {
        crate::desktop::Opener::open(&crate::desktop::System, path)
    }

    fn notify(&self, title: &str, body: &str) -> Result<(), String> {
        crate::desktop::Notifier::notify(&crate::desktop::System, title, body)
    }
}
