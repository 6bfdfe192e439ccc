//! `gomirror project show`: a project and what each tool gives the go command there.

use super::read;
use crate::cli::exit;
use crate::goenv::location::EnvMap;
use crate::project::TargetKind;
use crate::project::effective::{self, Consumer, Effective};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct TargetJson {
    path: PathBuf,
    exists: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed: Option<Option<bool>>,
    vars: BTreeMap<String, Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Serialize)]
struct ShowJson {
    dir: PathBuf,
    module: Option<String>,
    go: Option<String>,
    toolchain: Option<String>,
    remotes: Vec<String>,
    targets: BTreeMap<&'static str, TargetJson>,
    effective: BTreeMap<&'static str, BTreeMap<String, Effective>>,
    suggested_private: Vec<String>,
    conflicts: Vec<String>,
    // Added beside the contract's fields.
    has_go_mod: bool,
    has_go_work: bool,
    has_vendor: bool,
    requires: usize,
}

pub(super) fn show(env: &EnvMap, dir: &Path, json: bool) -> u8 {
    let Some(project) = read(env, dir) else {
        return exit::INVALID;
    };
    let (layers, _) = crate::goenv::load(env.clone());
    let table = effective::table(&project, &layers);
    let conflicts = effective::conflicts(&project, &layers, &table);
    let global = crate::goenv::snapshot(&layers);
    let suggested = project.suggested_private(global.value("GOPRIVATE"));
    let redact = crate::goenv::gourl::redact_text;
    let targets = TargetKind::ALL
        .iter()
        .map(|&k| {
            let f = project.target(k);
            (
                k.name(),
                TargetJson {
                    path: f.path.clone(),
                    exists: f.exists(),
                    allowed: (k == TargetKind::Envrc).then_some(project.envrc_allowed),
                    vars: f
                        .vars
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_deref().map(redact)))
                        .collect(),
                    error: f.error.as_ref().map(|e| e.en.clone()),
                },
            )
        })
        .collect();
    let gomod = project.gomod.clone().unwrap_or_default();
    if json {
        let out = ShowJson {
            dir: project.dir.clone(),
            module: gomod.module.clone(),
            go: gomod.go.clone(),
            toolchain: gomod.toolchain.clone(),
            remotes: project.remotes.iter().map(|r| redact(r)).collect(),
            targets,
            effective: table
                .iter()
                .map(|(c, row)| {
                    let row = row
                        .iter()
                        .map(|(k, e)| {
                            (
                                k.clone(),
                                Effective {
                                    value: redact(&e.value),
                                    source: e.source,
                                },
                            )
                        })
                        .collect();
                    (c.name(), row)
                })
                .collect(),
            suggested_private: suggested,
            conflicts: conflicts.iter().map(|c| c.line()).collect(),
            has_go_mod: project.gomod.is_some(),
            has_go_work: project.gowork.is_some(),
            has_vendor: project.vendor.is_some(),
            requires: gomod.requires.len(),
        };
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return exit::OK;
    }
    println!("project / 项目: {}", project.dir.display());
    match &gomod.module {
        Some(m) => println!(
            "module / 模块: {m}  go {}  {}  ({} requires)",
            gomod.go.as_deref().unwrap_or("-"),
            gomod.toolchain.as_deref().unwrap_or(""),
            gomod.requires.len()
        ),
        None => println!(
            "no go.mod here: the values below still apply to go commands run in this folder / 此处没有 go.mod：下列值仍适用于在此文件夹中运行的 go 命令"
        ),
    }
    for r in &project.remotes {
        println!("git remote: {}", redact(r));
    }
    for k in TargetKind::ALL {
        let f = project.target(k);
        let state = if f.exists() {
            "exists / 存在"
        } else {
            "absent / 不存在"
        };
        println!("{}: {state}", k.relative_path());
        if let Some(e) = &f.error {
            println!("  {}\n  {}", e.en, e.zh);
        }
    }
    for c in Consumer::ALL {
        let label = c.label();
        println!("\n[{} / {}]", label.en, label.zh);
        for (k, e) in &table[&c] {
            if e.value.is_empty() && e.source == effective::ProjectSource::Default {
                continue;
            }
            let src = e.source.label();
            println!("  {k}={}  ({} / {})", redact(&e.value), src.en, src.zh);
        }
    }
    if !suggested.is_empty() {
        println!(
            "\nsuggested GOPRIVATE / 建议的私有模块: {}",
            suggested.join(",")
        );
    }
    for c in &conflicts {
        println!(
            "\nconflict / 冲突 {}: {}\n  {}",
            c.code, c.message.en, c.message.zh
        );
    }
    exit::OK
}
