//! `gomirror profile export [--output FILE]` and
//! `gomirror profile import FILE|URL [--dry-run] [--via go|file] [--json] [--project DIR]`,
//! `gomirror profile network FILE|URL [--os linux|macos|windows] [--json]`.

use super::{exit, print_error};
use crate::goenv::location::EnvMap;
use std::path::PathBuf;
use std::time::Duration;

/// `gomirror profile` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum ProfileCommand {
    /// Write the current settings and your own mirrors as a team profile (no password)
    Export {
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Pending values to export instead of (or besides) the current ones, checked by the
        /// core first (nothing is applied)
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
    },
    /// Apply a team profile from a file or an https URL (optionally pinned with
    /// #sha256=HEX): every value checked first, a preview with --dry-run, backed up and
    /// undoable; exit codes as `set`
    Import {
        location: String,
        #[command(flatten)]
        write: super::WriteOpts,
        /// Time limit for fetching a URL, in seconds
        #[arg(long, default_value_t = 20)]
        timeout_s: u64,
        /// Write the profile into this project's files (.envrc by default) instead of your
        /// global settings, its company proxy and CA included
        #[arg(long, value_name = "DIR")]
        project: Option<PathBuf>,
        /// With --project: the files to write (envrc, vscode, goland)
        #[arg(long, value_delimiter = ',', requires = "project")]
        to: Vec<crate::project::TargetKind>,
    },
    /// How to set the profile's company proxy and root CA on each OS (the go command reads
    /// them only from the process environment)
    Network {
        location: String,
        /// The OS (default: this one)
        #[arg(long, value_enum)]
        os: Option<OsArg>,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 20)]
        timeout_s: u64,
    },
}

/// `gomirror profile ...`: the exit code.
pub fn run(env: EnvMap, command: ProfileCommand) -> u8 {
    match command {
        ProfileCommand::Export { output, set } => export(env, output, &set),
        ProfileCommand::Import {
            location,
            write: super::WriteOpts { via, dry_run, json },
            timeout_s,
            project,
            to,
        } => {
            let destination = match project {
                Some(dir) => Destination::Project(super::project::WriteArgs {
                    dir: Some(dir),
                    to,
                    dry_run,
                    json,
                    direnv_allow: false,
                }),
                None => Destination::Global { via, dry_run, json },
            };
            import(env, &location, destination, timeout_s)
        }
        ProfileCommand::Network {
            location,
            os,
            json,
            timeout_s,
        } => network(env, &location, os, json, timeout_s),
    }
}

/// Where an imported profile is written.
enum Destination {
    Global {
        via: crate::apply::Target,
        dry_run: bool,
        json: bool,
    },
    Project(super::project::WriteArgs),
}

fn export(env: EnvMap, output: Option<PathBuf>, pending: &[String]) -> u8 {
    let custom: Vec<crate::mirrors::Mirror> = crate::mirrors::load_for(&env)
        .map(|l| l.into_iter().filter(|m| m.custom).collect())
        .unwrap_or_default();
    let (_, snapshot) = crate::goenv::load(env);
    let mut plan = crate::apply::Plan::default();
    let pending = match super::pairs(pending) {
        Ok(p) => p,
        Err(code) => return code,
    };
    for (key, value) in pending {
        if let Err(problems) = crate::profile::check_pending(key, value) {
            for p in problems {
                print_error(&p.en, &p.zh);
            }
            return exit::INVALID;
        }
        plan = if value.is_empty() {
            plan.unset(key)
        } else {
            plan.set(key, value)
        };
    }
    let settings = plan.applied_to(&crate::profile::chosen_settings(&snapshot));
    let profile = crate::profile::export(&settings, &custom);
    let text = crate::profile::to_toml(&profile);
    match output {
        None => {
            print!("{text}");
            exit::OK
        }
        Some(path) => {
            if !super::write_output(&path, &text) {
                return exit::FAILED;
            }
            println!("written / 已写入: {}", path.display());
            exit::OK
        }
    }
}

/// The operating system `profile network --os` explains.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum OsArg {
    Linux,
    Macos,
    Windows,
}

fn network(env: EnvMap, location: &str, os: Option<OsArg>, json: bool, timeout_s: u64) -> u8 {
    use crate::goenv::location::TargetOs;
    let os = match os {
        None => TargetOs::current(),
        Some(OsArg::Linux) => TargetOs::Linux,
        Some(OsArg::Macos) => TargetOs::MacOs,
        Some(OsArg::Windows) => TargetOs::Windows,
    };
    let os_name = match os {
        TargetOs::Linux => "linux",
        TargetOs::MacOs => "macos",
        TargetOs::Windows => "windows",
    };
    let profile =
        match crate::profile::load(location, &env, Duration::from_secs(timeout_s.clamp(1, 600))) {
            Ok(p) => p,
            Err(e) => return report_load_error(&e),
        };
    let steps = crate::profile::network::instructions(&profile, os);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "os": os_name, "steps": steps }))
                .unwrap_or_default()
        );
    } else if steps.is_empty() {
        println!("the profile has no [network] / 该团队配置没有 [network] 部分");
    } else {
        print!(
            "{}\n{}",
            crate::profile::network::render(&steps, crate::i18n::Lang::En),
            crate::profile::network::render(&steps, crate::i18n::Lang::Zh)
        );
    }
    exit::OK
}

fn import(env: EnvMap, location: &str, destination: Destination, timeout_s: u64) -> u8 {
    let profile =
        match crate::profile::load(location, &env, Duration::from_secs(timeout_s.clamp(1, 600))) {
            Ok(p) => p,
            Err(e) => return report_load_error(&e),
        };
    if let Some(name) = &profile.team.name {
        eprintln!("profile / 团队配置: {name}");
    }
    // The team's minimum go version, checked against the installed one, with the fix.
    let (_, snapshot) = crate::goenv::load(env.clone());
    let installed = snapshot.go.as_ref().and_then(|g| g.version.as_ref());
    if let Some((text, fix)) = crate::profile::min_go_check(&profile, installed) {
        eprintln!("warning: {}", text.en);
        eprintln!("警告：{}", text.zh);
        for (k, v) in &fix {
            eprintln!("  fix / 修复: gomirror set {k}={v}");
        }
    }
    let to_project = matches!(destination, Destination::Project(_));
    let sets_something = !profile.settings.is_empty()
        || profile.recommend_among_mirrors
        || (to_project && !profile.environment().is_empty());
    if !sets_something {
        print_error("the profile sets nothing", "该团队配置没有任何设置");
        return exit::INVALID;
    }
    let mut settings = profile.settings.clone();
    if profile.recommend_among_mirrors {
        match crate::profile::recommend_among(&env, &profile, Duration::from_secs(8)) {
            Ok(rec) => {
                eprintln!(
                    "recommended among the profile's mirrors / 在团队配置的镜像中推荐: GOPROXY={} {}",
                    crate::goenv::gourl::redact_text(&rec.goproxy),
                    rec.gosumdb_line(crate::i18n::Lang::En)
                );
                settings.extend(rec.settings());
            }
            Err(e) => {
                print_error(&e.en, &e.zh);
                return exit::INVALID;
            }
        }
    }
    if let Destination::Project(args) = destination {
        // The project's files carry the settings and the network variables (a project's
        // .envrc is process environment, where HTTPS_PROXY and SSL_CERT_FILE work).
        let mut vars = profile.environment();
        vars.extend(settings);
        let plan = vars
            .iter()
            .fold(crate::apply::Plan::default(), |p, (k, v)| p.set(k, v));
        return super::project::write(&env, &plan, args);
    }
    let Destination::Global { via, dry_run, json } = destination else {
        return exit::FAILED;
    };
    let source = format!(
        "team profile {}",
        profile
            .team
            .name
            .clone()
            .unwrap_or_else(|| location.to_string())
    );
    let plan = crate::apply::Plan {
        source: Some(source),
        ..settings
            .iter()
            .fold(crate::apply::Plan::default(), |p, (k, v)| p.set(k, v))
    };
    let code = super::write::apply_plan(env.clone(), &plan, via, dry_run, json);
    if code == exit::OK && !dry_run {
        // The profile's mirrors are probed like any other from now on.
        match crate::profile::add_mirrors(&env, &profile) {
            Ok(0) => {}
            Ok(n) => eprintln!("{n} mirror(s) added to your list / 已添加 {n} 个镜像到你的列表"),
            Err(e) => print_error(&e.to_string(), &e.zh()),
        }
        for (var, v) in &profile.network_environment() {
            let shown = crate::goenv::gourl::redact_text(v);
            eprintln!(
                "note: {var}={shown} is read only from the process environment: `gomirror profile network FILE` says how to set it on this OS, `gomirror snippet bash --profile FILE` prints the line for your shell, `--project DIR` writes it into a project's .envrc"
            );
            eprintln!(
                "说明：{var}={shown} 只能来自进程环境变量：`gomirror profile network FILE` 说明在本系统上如何设置，`gomirror snippet bash --profile FILE` 输出适用于你的终端的设置行，`--project DIR` 把它写入项目的 .envrc"
            );
        }
    }
    code
}

/// Says why a profile could not be used; the exit code: 3 for a file that cannot be read, 1 for
/// a refusal (a URL not fetched or not trusted, over 1 MiB, or a profile with problems).
pub(super) fn report_load_error(e: &crate::profile::LoadError) -> u8 {
    use crate::profile::LoadError;
    match e {
        LoadError::Unreadable(t) => {
            print_error(&t.en, &t.zh);
            exit::FAILED
        }
        LoadError::Refused(problems) => {
            for p in problems {
                print_error(&p.en, &p.zh);
            }
            exit::INVALID
        }
    }
}
