// A double-clicked release build opens no console window on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use clap::Parser;

fn main() -> std::process::ExitCode {
    if let Some(code) = gomirror::cli::refuse_unreadable_input() {
        attach_parent_console();
        return std::process::ExitCode::from(code);
    }
    let cli = gomirror::cli::Cli::parse();
    if cli.command.is_none() {
        return match gomirror::app::run_with(cli.profile) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot open the window: {e}");
                eprintln!("错误：无法打开窗口：{e}");
                std::process::ExitCode::from(gomirror::cli::exit::FAILED)
            }
        };
    }
    attach_parent_console();
    std::process::ExitCode::from(gomirror::cli::run(cli))
}

/// A GUI-subsystem exe has no console: when run as a CLI from cmd or PowerShell, write to the
/// console of the shell that started it.
#[cfg(windows)]
#[allow(unsafe_code)]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole takes a process id and has no memory-safety preconditions; it
    // fails harmlessly when there is no parent console or one is already attached.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(not(windows))]
fn attach_parent_console() {}
