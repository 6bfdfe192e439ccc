//! Running a command as data: no shell, only the given environment, its own process group,
//! and the whole tree stopped at the deadline.

use super::{GoCommand, GoOutput, RunError};

/// How a child is created on Windows: `CREATE_NO_WINDOW`, so a go.exe run by the window never
/// flashes a console (0 elsewhere: no such flags).
pub const CREATION_FLAGS: u32 = if cfg!(windows) { 0x0800_0000 } else { 0 };

/// The process for a command: no shell, only the given environment, no console window on
/// Windows, and its own process group, so that the deadline stops the whole tree (git starts
/// git-remote-https and ssh, the go command starts git).
fn command(cmd: &GoCommand) -> std::process::Command {
    let mut command = std::process::Command::new(&cmd.program);
    command
        .args(&cmd.args)
        .env_clear()
        .envs(&cmd.env)
        .current_dir(&cmd.cwd)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        command.creation_flags(CREATION_FLAGS);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    // The one place every child is made: GOMIRROR_TRACE_SPAWN shows what it is made with (the
    // Windows suite checks the flags there).
    if std::env::var_os("GOMIRROR_TRACE_SPAWN").is_some() {
        eprintln!(
            "gomirror: spawn {} (creation flags 0x{CREATION_FLAGS:08x})",
            cmd.program.display()
        );
    }
    #[cfg(target_os = "linux")]
    die_with_parent(&mut command);
    command
}

/// The child lives and dies with gomirror: killed (SIGKILL) the moment the gomirror thread
/// that started it is gone, however it ended, so an orphaned `go env -w` never writes after
/// gomirror died (its own process group, needed to stop its tree at the deadline, would
/// otherwise outlive a `kill -9`). If gomirror died before the child was set up, the child
/// never starts.
#[cfg(target_os = "linux")]
fn die_with_parent(command: &mut std::process::Command) {
    use std::os::unix::process::CommandExt;
    let parent = rustix::process::getpid();
    let hook = move || {
        rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL))?;
        if rustix::process::getppid() != Some(parent) {
            return Err(std::io::Error::other(
                "gomirror exited before its child started",
            ));
        }
        Ok(())
    };
    // SAFETY: the hook runs between fork and exec and makes only two system calls (prctl,
    // getppid) through rustix's direct syscall wrappers: no allocation on success, no lock, no
    // state shared with the parent.
    #[allow(unsafe_code)]
    unsafe {
        command.pre_exec(hook);
    }
}

/// Runs a command: no shell, only the given environment, killed at the timeout.
pub async fn run(cmd: &GoCommand) -> Result<GoOutput, RunError> {
    let program = cmd.program.display().to_string();
    let mut command = tokio::process::Command::from(command(cmd));
    command.kill_on_drop(true);
    let child = command.spawn().map_err(|source| RunError::Spawn {
        program: program.clone(),
        source,
    })?;
    #[cfg(windows)]
    if let Some(handle) = child.raw_handle() {
        super::job::join(handle);
    }
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
        let _ = std::process::Command::new("taskkill")
            .args(["/T", "/F", "/PID", &pid.to_string()])
            .creation_flags(CREATION_FLAGS)
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

/// Runs a command on this thread, handing every line it writes to stderr to `on_line` while it
/// runs (the go command's `-x` progress), and stops the whole tree at the deadline or as soon
/// as `cancel` is set. Every wait is bounded by the deadline.
pub fn run_streaming(
    cmd: &GoCommand,
    mut on_line: impl FnMut(&str),
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<GoOutput, RunError> {
    use std::io::{BufRead, Read};
    use std::sync::atomic::Ordering;
    let program = cmd.program.display().to_string();
    let mut command = command(cmd);
    let mut child = command.spawn().map_err(|source| RunError::Spawn {
        program: program.clone(),
        source,
    })?;
    #[cfg(windows)]
    super::job::join(std::os::windows::io::AsRawHandle::as_raw_handle(&child));
    let deadline = std::time::Instant::now() + cmd.timeout;
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let stderr = child.stderr.take();
    // Readers on their own threads: nothing here waits on a pipe.
    std::thread::spawn(move || {
        if let Some(e) = stderr {
            for line in std::io::BufReader::new(e).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        }
    });
    let (out_tx, out_rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let stdout = child.stdout.take();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut o) = stdout {
            let _ = o.read_to_end(&mut buf);
        }
        let _ = out_tx.send(buf);
    });
    let mut err_text = String::new();
    let stop = |child: &mut std::process::Child| {
        kill_tree(child.id());
        let _ = child.kill();
        let _ = child.wait();
    };
    let status = loop {
        match rx.recv_timeout(std::time::Duration::from_millis(50)) {
            Ok(line) => {
                on_line(&line);
                err_text.push_str(&line);
                err_text.push('\n');
                continue;
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {}
        }
        if cancel.load(Ordering::SeqCst) {
            stop(&mut child);
            return Err(RunError::Cancelled { program });
        }
        if std::time::Instant::now() >= deadline {
            stop(&mut child);
            return Err(RunError::Timeout {
                program,
                timeout_ms: cmd.timeout.as_millis(),
            });
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => return Err(RunError::Runtime(e)),
        }
    };
    // The rest of stderr, and stdout: bounded by what is left of the deadline.
    let left = deadline.saturating_duration_since(std::time::Instant::now());
    while let Ok(line) = rx.recv_timeout(left.min(std::time::Duration::from_millis(200))) {
        on_line(&line);
        err_text.push_str(&line);
        err_text.push('\n');
    }
    let stdout = out_rx.recv_timeout(left).unwrap_or_default();
    Ok(GoOutput {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: err_text,
    })
}
