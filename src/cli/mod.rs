//! The command-line interface. Every command works without a terminal and never prompts.

mod check;
mod common;
mod doctor;
mod env;
mod explain;
mod login;
mod osvar;
mod probe;
mod profile;
mod project;
mod route;
mod snippet;
mod trace;
mod verify;
mod write;

use clap::{Parser, Subcommand};
pub use common::refuse_unreadable_input;
pub(crate) use common::{pairs, print_error, print_problems, write_output};

/// Exit codes (documented in the README).
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// Invalid input, a failed check, or a refused write (nothing was written).
    pub const INVALID: u8 = 1;
    /// Command-line usage error (from clap).
    pub const USAGE: u8 = 2;
    /// A file or the go command failed.
    pub const FAILED: u8 = 3;
    /// Written, but at least one key does not take effect (overridden or failed).
    pub const NOT_EFFECTIVE: u8 = 4;
}

#[derive(Parser, Debug)]
#[command(
    name = "gomirror",
    version,
    about = "Go module mirror assistant / Go 镜像助手: shows, checks and applies GOPROXY, GOSUMDB, GOPRIVATE and friends exactly as the go command does"
)]
/// The command line.
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A team profile (`*.gomirror.toml`) to open in the window at its preview (what a
    /// double-click on the file does)
    #[arg(value_name = "PROFILE.gomirror.toml")]
    pub profile: Option<std::path::PathBuf>,
}

/// Every `gomirror` command.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Show every module-download setting, its source and its conflicts
    Env {
        #[arg(long)]
        json: bool,
    },
    /// Show how the go command will fetch and verify a module
    Route {
        module: String,
        #[arg(long)]
        json: bool,
    },
    /// Validate KEY=VALUE pairs without writing anything (exit 1 if any is invalid)
    Check {
        #[arg(required = true, value_name = "KEY=VALUE")]
        pairs: Vec<String>,
    },
    /// Write settings (validated first; with a backup; undoable)
    Set {
        #[arg(required = true, value_name = "KEY=VALUE")]
        pairs: Vec<String>,
        #[command(flatten)]
        write: WriteOpts,
    },
    /// Remove settings (back to the default)
    Unset {
        #[arg(required = true, value_name = "KEY")]
        keys: Vec<String>,
        #[command(flatten)]
        write: WriteOpts,
    },
    /// Restore the file as it was before the last apply, byte for byte
    Undo,
    /// Measure the mirrors (DNS, TCP, TLS, first byte, throughput, Go-protocol checks) and rank them
    Probe {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        selection: probe::ProbeArgs,
    },
    /// Probe, then print (and with --apply write) the recommended GOPROXY and GOSUMDB, as soon
    /// as no mirror still measuring can change it (--full: after the whole round)
    Recommend {
        #[arg(long)]
        apply: bool,
        #[arg(long)]
        json: bool,
        /// Wait for every mirror instead of stopping at the decision
        #[arg(long)]
        full: bool,
        #[arg(long, value_enum, default_value = "go")]
        via: crate::apply::Target,
        #[command(flatten)]
        selection: probe::ProbeArgs,
    },
    /// Move the passwords in the env file's GOPROXY into .netrc (0600), where the go command
    /// reads them too, and write GOPROXY back without them (two undo steps)
    MoveCredentials {
        #[arg(long, value_enum, default_value = "file")]
        via: crate::apply::Target,
        #[arg(long)]
        json: bool,
    },
    /// Save a mirror's login in .netrc (0600), where the go command reads it: the password
    /// on standard input, one line (the Mirrors panel's sign-in; undoable)
    Login {
        /// The mirror's URL (its host:port is the netrc machine) or host name
        #[arg(value_name = "MIRROR")]
        mirror: String,
        #[arg(long, value_name = "LOGIN")]
        user: String,
        #[arg(long)]
        json: bool,
    },
    /// OS environment variables that override go env -w: where each is set (Windows registry,
    /// login files), and removing it there (undoable)
    OsVar {
        #[command(subcommand)]
        command: osvar::OsVarCommand,
    },
    /// Settings for one project: what the terminal (direnv), VS Code and GoLand give the go
    /// command there, and writing them (.envrc, .vscode/settings.json, .idea/workspace.xml)
    Project {
        #[command(subcommand)]
        command: project::ProjectCommand,
    },
    /// Explain go command output (a file, or standard input with - or nothing): each line's
    /// class, what it means and the settings that fix it
    Explain {
        input: Option<String>,
        #[arg(long)]
        json: bool,
        /// A host known to be private (the company's git host); only such hosts, the git
        /// remotes of the project in --dir and the GOPRIVATE in force may be taken out of the
        /// mirror or the checksum database by a fix
        #[arg(long = "private-host", value_name = "HOST")]
        private_hosts: Vec<String>,
        /// The project whose git remotes count as private hosts (default: the current folder)
        #[arg(long)]
        dir: Option<std::path::PathBuf>,
    },
    /// Prove the settings work: the real `go mod download -json` of a project (--dir) or of
    /// modules, with the current settings or candidates (--set), in a throwaway module cache,
    /// stopped at our own deadline; the first failure classified and explained
    Verify {
        #[arg(long)]
        dir: Option<std::path::PathBuf>,
        #[arg(long = "module", value_name = "PATH@VERSION")]
        modules: Vec<String>,
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        #[arg(long, default_value_t = 60)]
        timeout_s: u64,
        #[arg(long)]
        json: bool,
        /// A host known to be private: only then may the explanation's fix take a module
        /// there out of the mirror or the checksum database (GOPRIVATE)
        #[arg(long = "private-host", value_name = "HOST")]
        private_hosts: Vec<String>,
    },
    /// One report of everything that decides whether module downloads work here: go binaries,
    /// settings and conflicts, project overrides, the configured mirrors' health, DNS, proxy
    /// variables, TLS interception, the module cache, git, .netrc (presence only) and the
    /// toolchain each project needs. Exit 1 when it finds a problem. Credentials are redacted
    Doctor {
        #[arg(long)]
        json: bool,
        /// Also save the report (Markdown; JSON when the name ends in .json)
        #[arg(long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// A project folder to include (repeatable)
        #[arg(long = "dir", value_name = "DIR")]
        dirs: Vec<std::path::PathBuf>,
        /// No network: no mirror probe, DNS lookups or toolchain lists
        #[arg(long)]
        offline: bool,
    },
    /// The settings (yours, a team profile's, or --set) as lines for a shell, go env -w, a
    /// Dockerfile or CI: FORMAT is one of bash zsh fish powershell cmd go-env dockerfile
    /// github-actions gitlab-ci. What a format cannot express is left out and said on stderr
    Snippet {
        format: String,
        #[arg(long, value_name = "FILE")]
        profile: Option<std::path::PathBuf>,
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Team profiles (`*.gomirror.toml`): export yours, import one from a file or an https URL
    Profile {
        #[command(subcommand)]
        command: profile::ProfileCommand,
    },
    /// Where the path to a mirror or host breaks: a TCP trace to the port the go command
    /// would use (443, or the URL's), hop by hop, without root; through HTTPS_PROXY when the
    /// go command would use it. Exit 0 when the target is reached
    Trace {
        /// A mirror URL (https://goproxy.cn) or a host (sum.golang.org, host:port, an address)
        target: String,
        /// The port to trace to (default: the URL's, else 443)
        #[arg(long)]
        port: Option<u16>,
        /// The highest TTL tried (1 to 64)
        #[arg(long, default_value_t = crate::trace::DEFAULT_MAX_HOPS)]
        max_hops: u8,
        /// The whole trace's deadline
        #[arg(long, default_value_t = 10_000)]
        timeout_ms: u64,
        #[arg(long)]
        json: bool,
    },
    /// List the applies that can be undone
    History {
        #[arg(long)]
        json: bool,
    },
}

/// How a command that writes the user's settings writes: through which file, for real or
/// only shown, in words or JSON (declared once for `set`, `unset` and `profile import`).
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct WriteOpts {
    /// Write through the go command (go env -w), the user env file, or $GOROOT/go.env
    #[arg(long, value_enum, default_value = "go")]
    pub via: crate::apply::Target,
    /// Show the diff of the env file and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print the outcome as JSON
    #[arg(long)]
    pub json: bool,
}

/// Runs one parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let env = crate::goenv::location::process_env();
    match cli.command {
        None => {
            use clap::CommandFactory;
            // Printing help cannot meaningfully fail.
            let _ = Cli::command().print_help();
            println!();
            exit::OK
        }
        Some(Command::Env { json }) => env::run(env, json),
        Some(Command::Route { module, json }) => route::run(env, &module, json),
        Some(Command::Check { pairs }) => check::run(env, &pairs),
        Some(Command::Set { pairs, write: w }) => write::set(env, &pairs, w.via, w.dry_run, w.json),
        Some(Command::Unset { keys, write: w }) => {
            write::unset(env, &keys, w.via, w.dry_run, w.json)
        }
        Some(Command::Undo) => write::undo(env),
        Some(Command::Probe { json, selection }) => probe::probe(env, &selection, json),
        Some(Command::Recommend {
            apply,
            json,
            full,
            via,
            selection,
        }) => probe::recommend(env, &selection, apply, via, json, full),
        Some(Command::History { json }) => write::history(env, json),
        Some(Command::Explain {
            input,
            json,
            private_hosts,
            dir,
        }) => explain::run(&env, input.as_deref(), json, private_hosts, dir.as_deref()),
        Some(Command::Verify {
            dir,
            modules,
            set,
            timeout_s,
            json,
            private_hosts,
        }) => verify::run(env, dir, modules, &set, timeout_s, json, private_hosts),
        Some(Command::Doctor {
            json,
            output,
            dirs,
            offline,
        }) => doctor::run(env, json, output, dirs, offline),
        Some(Command::Snippet {
            format,
            profile,
            set,
            json,
        }) => snippet::run(env, &format, profile, &set, json),
        Some(Command::Profile { command }) => profile::run(env, command),
        Some(Command::Project { command }) => project::run(env, command),
        Some(Command::MoveCredentials { via, json }) => write::move_credentials(env, via, json),
        Some(Command::Login { mirror, user, json }) => login::run(env, &mirror, &user, json),
        Some(Command::OsVar { command }) => osvar::run(env, command),
        Some(Command::Trace {
            target,
            port,
            max_hops,
            timeout_ms,
            json,
        }) => trace::run(env, &target, port, max_hops, timeout_ms, json),
    }
}
