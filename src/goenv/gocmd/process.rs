//! Running a command as data: no shell, only the given environment, its own process group,
//! and the whole tree stopped at the deadline.

use super::{GoCommand, GoOutput, RunError};

/// Runs a command: no shell, only the given environment, killed at the timeout.
pub async fn run(cmd: &GoCommand) -> Result<GoOutput, RunError> {
    let program = cmd.program.display().to_string();
    let mut command = tokio::process::Command::new(&cmd.program);
    command
        .args(&cmd.args)
        .env_clear()
        .envs(&cmd.env)
        .current_dir(&cmd.cwd)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    #[cfg(windows)]
    {
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        command.creation_flags(CREATE_NO_WINDOW);
    }
    // Its own process group, so that the deadline stops the whole tree (git starts
    // git-remote-https and ssh, the go command starts git).
    #[cfg(unix)]
    command.process_group(0);
    let child = command.spawn().map_err(|source| RunError::Spawn {
        program: program.clone(),
        source,
    })?;
    let pid = child.id();
    let result = tokio::time::timeout(cmd.timeout, child.wait_with_output()).await;
    if result.is_err()
        && let Some(pid) = pid
    {
        kill_tree(pid);
    }
    match result {
        Ok(Ok(out)) => Ok(GoOutput {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }),
        Ok(Err(e)) => Err(RunError::Spawn { program, source: e }),
        Err(_) => Err(RunError::Timeout {
            program,
            timeout_ms: cmd.timeout.as_millis(),
        }),
    }
}

/// Stops a process group started by [`run`] (best effort: the direct child is killed on drop
/// in any case).
fn kill_tree(pid: u32) {
    #[cfg(unix)]
    {
        let _ = std::process::Command::new("kill")
            .args(["-KILL", "--", &format!("-{pid}")])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        let _ = std::process::Command::new("taskkill")
            .args(["/T", "/F", "/PID", &pid.to_string()])
            .creation_flags(CREATE_NO_WINDOW)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// [`run`] from synchronous code (the CLI): a small current-thread runtime per call.
pub fn run_blocking(cmd: &GoCommand) -> Result<GoOutput, RunError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(RunError::Runtime)?;
    runtime.block_on(run(cmd))
}
