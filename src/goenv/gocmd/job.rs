//! Windows: every child joins one job object that kills its processes when gomirror's handle
//! to it closes (`JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE`). When gomirror exits or is killed, the
//! system closes the handle, and go.exe and everything it started (git, its helpers) go with
//! it, as `PR_SET_PDEATHSIG` does on Linux: an orphaned `go env -w` never writes afterwards.

use std::ffi::c_void;
use std::sync::OnceLock;
use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JobObjectExtendedLimitInformation,
    SetInformationJobObject,
};

/// The job's handle, kept open for the life of the process (never closed by gomirror).
struct Job(HANDLE);

// SAFETY: a job handle is a kernel handle, usable from any thread.
#[allow(unsafe_code)]
unsafe impl Send for Job {}
#[allow(unsafe_code)]
unsafe impl Sync for Job {}

fn job() -> Option<HANDLE> {
    static JOB: OnceLock<Option<Job>> = OnceLock::new();
    JOB.get_or_init(|| {
        // SAFETY: plain Win32 calls with valid arguments: null security attributes and name,
        // a zeroed limit structure of the size passed, and a handle checked before use.
        #[allow(unsafe_code)]
        unsafe {
            let handle = CreateJobObjectW(std::ptr::null(), std::ptr::null());
            if handle.is_null() {
                return None;
            }
            let mut info: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = std::mem::zeroed();
            info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
            let set = SetInformationJobObject(
                handle,
                JobObjectExtendedLimitInformation,
                (&raw const info).cast::<c_void>(),
                u32::try_from(std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>())
                    .unwrap_or(0),
            );
            if set == 0 {
                CloseHandle(handle);
                return None;
            }
            Some(Job(handle))
        }
    })
    .as_ref()
    .map(|j| j.0)
}

/// Puts a just-started child (its process handle) into the job. Best effort: where jobs are
/// not available the child still has its deadline.
pub fn join(process: std::os::windows::io::RawHandle) {
    if let Some(job) = job() {
        // SAFETY: `process` is the live child's own handle, `job` the job created above.
        #[allow(unsafe_code)]
        unsafe {
            AssignProcessToJobObject(job, process as HANDLE);
        }
    }
}
