//! `gomirror doctor [--json] [--output FILE] [--dir DIR]... [--offline]`.

use super::exit;
use crate::doctor::{self, Severity};
use crate::goenv::location::EnvMap;
use std::path::PathBuf;

/// `gomirror doctor`: the exit code.
pub fn run(
    env: EnvMap,
    json: bool,
    output: Option<PathBuf>,
    dirs: Vec<PathBuf>,
    offline: bool,
) -> u8 {
    let mut input = doctor::Input::new(env);
    input.projects = dirs;
    input.network = !offline;
    let report = doctor::gather(&input);
    let lang = crate::i18n::os_lang();
    let render = |as_json: bool| {
        if as_json {
            serde_json::to_string_pretty(&report).unwrap_or_default()
        } else {
            doctor::markdown::render(&report, lang)
        }
    };
    let text = render(json);
    println!("{text}");
    if let Some(path) = output {
        let as_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        // The same format as printed is rendered once.
        let saved = if as_json == json {
            text
        } else {
            render(as_json)
        };
        if !super::write_output(&path, &saved) {
            return exit::FAILED;
        }
    }
    if report.worst() == Severity::Problem {
        exit::INVALID
    } else {
        exit::OK
    }
}
