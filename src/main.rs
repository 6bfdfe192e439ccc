use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = gomirror::cli::Cli::parse();
    std::process::ExitCode::from(gomirror::cli::run(cli))
}
