//! Undo of an unset OS variable: put back in the registry or launchd.

use super::*;

/// Puts an OS variable an unset removed from the registry or launchd back (undo).
pub fn restore(step: &crate::apply::history::OsVarStep) -> Result<(), Text> {
    if step.store == launchd::STORE {
        let (_, back) = launchd::commands(step);
        return if run_launchctl(&back) {
            Ok(())
        } else {
            Err(tr!(
                "this step changed macOS's session variables: undo it on that Mac (launchctl setenv failed)",
                "此步骤修改的是 macOS 的会话变量：请在那台 Mac 上撤销（launchctl setenv 执行失败）"
            ))
        };
    }
    restore_registry(step)
}

#[cfg(windows)]
fn restore_registry(step: &crate::apply::history::OsVarStep) -> Result<(), Text> {
    registry::restore(step)
}

#[cfg(not(windows))]
fn restore_registry(_step: &crate::apply::history::OsVarStep) -> Result<(), Text> {
    Err(tr!(
        "this step changed the Windows registry: undo it on Windows",
        "此步骤修改的是 Windows 注册表：请在 Windows 上撤销"
    ))
}
