//! `gomirror snippet FORMAT [--profile FILE] [--set KEY=VALUE]... [--json]`.

use super::{exit, print_error};
use crate::goenv::location::EnvMap;
use crate::profile::snippets::{self, Format};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// `gomirror snippet FORMAT`: the exit code.
pub fn run(env: EnvMap, format: &str, profile: Option<PathBuf>, set: &[String], json: bool) -> u8 {
    let Some(format) = Format::parse(format) else {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        print_error(
            &format!("unknown format {format:?}; one of: {}", names.join(" ")),
            &format!("未知格式 {format:?}；可选：{}", names.join(" ")),
        );
        return exit::USAGE;
    };
    let mut settings: BTreeMap<String, String> = match profile {
        Some(path) => match crate::profile::load(
            &path.display().to_string(),
            &env,
            std::time::Duration::from_secs(20),
        ) {
            Ok(p) => p.environment(),
            Err(e) => return super::profile::report_load_error(&e),
        },
        None => {
            let (_, snapshot) = crate::goenv::load(env);
            crate::profile::chosen_settings(&snapshot)
        }
    };
    let set = match super::pairs(set) {
        Ok(p) => p,
        Err(code) => return code,
    };
    for (key, value) in set {
        let problems = crate::goenv::validate::check_value(key, value);
        if crate::goenv::validate::has_errors(&problems) {
            super::print_problems(&problems);
            return exit::INVALID;
        }
        settings.insert(key.to_string(), value.to_string());
    }
    let snippet = snippets::render(format, &settings);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&snippet).unwrap_or_default()
        );
    } else {
        print!("{}", snippet.text);
        for n in &snippet.notes {
            eprintln!("note: {}", n.en);
            eprintln!("说明：{}", n.zh);
        }
    }
    exit::OK
}
