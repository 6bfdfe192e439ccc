//! One test per gotcha G1-G17 of go-semantics.md §10, each against the real go command.

mod downloads;
mod env_file;
mod values;

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go, gomirror, gomirror_ok, run_go};
use gomirror::goenv::gocmd;
use std::path::Path;
use std::time::Duration;

fn write_env_file(s: &Sandbox, text: &str) {
    let f = s.env_file();
    std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
    std::fs::write(&f, text).expect("write");
}

fn read_env_file(s: &Sandbox) -> String {
    std::fs::read_to_string(s.env_file()).unwrap_or_default()
}

fn env_json(
    s: &Sandbox,
    env: &gomirror::goenv::location::EnvMap,
    go_bin: Option<&Path>,
) -> serde_json::Value {
    let out = gomirror_ok(&["env", "--json"], env, go_bin, s.path());
    crate::common::json(&out)
}

fn conflict_codes(json: &serde_json::Value, key: &str) -> Vec<String> {
    json["vars"][key]["conflicts"]
        .as_array()
        .expect("conflicts")
        .iter()
        .map(|c| {
            c.as_str()
                .expect("str")
                .split(':')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}
