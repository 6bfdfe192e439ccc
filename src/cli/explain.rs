//! `gomirror explain [FILE|-] [--json]`: go command output, line by line, classified and
//! explained in both languages, with the settings that fix it.

use super::{exit, print_error};
use crate::goenv::location::EnvMap;
use crate::verify::explain::{self, Class, Evidence};
use std::io::Read;
use std::path::Path;

/// Pasted output larger than this is cut (a log of a whole CI run is still far smaller).
const MAX_INPUT: u64 = 16 * 1024 * 1024;

/// What counts as evidence that a module is private: the hosts given, the non-public hosts of
/// the project's git remotes, and the GOPRIVATE in force; and the GOPROXY in force.
fn evidence(env: &EnvMap, private_hosts: Vec<String>, dir: Option<&Path>) -> Evidence {
    let (layers, _) = crate::goenv::load(env.clone());
    let snapshot = crate::goenv::snapshot(&layers);
    let mut hosts = private_hosts;
    let dir = dir.unwrap_or(Path::new("."));
    hosts.extend(crate::project::private_hosts_of(
        &crate::project::git::read_remotes(dir),
    ));
    Evidence {
        private_hosts: hosts,
        goprivate: snapshot.value("GOPRIVATE").to_string(),
        goproxy: snapshot.value("GOPROXY").to_string(),
        // No probe ran: no mirror is offered that nobody saw work.
        measured_goproxy: None,
    }
}

/// `gomirror explain`: the exit code.
pub fn run(
    env: &EnvMap,
    input: Option<&str>,
    json: bool,
    private_hosts: Vec<String>,
    dir: Option<&Path>,
) -> u8 {
    let mut text = String::new();
    let read = match input {
        None | Some("-") => std::io::stdin()
            .take(MAX_INPUT)
            .read_to_string(&mut text)
            .map(|_| ()),
        Some(path) => std::fs::File::open(path)
            .and_then(|f| f.take(MAX_INPUT).read_to_string(&mut text))
            .map(|_| ()),
    };
    if let Err(e) = read {
        print_error(
            &format!("cannot read the input: {e}"),
            &format!("无法读取输入：{}", crate::i18n::io_error_zh(&e)),
        );
        return exit::FAILED;
    }
    let findings = explain::explain(&text, &evidence(env, private_hosts, dir));
    let recognised = findings.iter().any(|f| f.class != Class::Unknown);
    if json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            findings: &'a [explain::Finding],
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&Out {
                findings: &findings
            })
            .unwrap_or_default()
        );
    } else {
        for f in findings.iter().filter(|f| f.class != Class::Unknown) {
            let label = f.class.label();
            println!(
                "{} ({} / {}): {}",
                f.class.name(),
                label.en,
                label.zh,
                f.line
            );
            println!("  {}", f.en);
            println!("  {}", f.zh);
            if let Some(fix) = &f.fix {
                let pairs: Vec<String> = fix.iter().map(|(k, v)| format!("{k}={v}")).collect();
                println!("  fix / 修复: gomirror set {}", pairs.join(" "));
            }
        }
        if !recognised {
            println!("nothing recognised / 没有识别出已知问题");
        }
    }
    if recognised { exit::OK } else { exit::INVALID }
}
