// A double-clicked release build opens no console window on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = gomirror::cli::Cli::parse();
    if cli.command.is_none() {
        return match gomirror::gui::run() {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot open the window: {e}");
                eprintln!("错误：无法打开窗口：{e}");
                std::process::ExitCode::from(gomirror::cli::exit::FAILED)
            }
        };
    }
    std::process::ExitCode::from(gomirror::cli::run(cli))
}
