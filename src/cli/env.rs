//! `gomirror env`.

use super::exit;
use crate::goenv::location::EnvMap;
use crate::goenv::model::Source;
use serde_json::json;

/// `gomirror env [--json]`: the exit code.
pub fn run(env: EnvMap, as_json: bool) -> u8 {
    let (_, snapshot) = crate::goenv::load(env);
    if as_json {
        let go = snapshot.go.as_ref().map(|g| {
            json!({
                "path": g.path.display().to_string(),
                "version": g.version.as_ref().map(|v| v.raw.clone()),
            })
        });
        let vars: serde_json::Map<String, serde_json::Value> = snapshot
            .vars
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    json!({
                        "value": crate::goenv::gourl::redact_text(&v.value),
                        "source": v.source,
                        "file_value": v.file_value.as_deref().map(crate::goenv::gourl::redact_text),
                        "conflicts": v.conflicts,
                    }),
                )
            })
            .collect();
        let out = json!({
            "go": go,
            "env_file": snapshot.env_file.as_ref().map(|p| p.display().to_string()),
            "vars": vars,
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return exit::OK;
    }
    match &snapshot.go {
        Some(g) => println!(
            "go:       {} ({})",
            g.path.display(),
            g.version
                .as_ref()
                .map_or("version unknown".to_string(), |v| v.raw.clone())
        ),
        None => println!(
            "go:       not found / 未找到 go 命令 (https://go.dev/dl/ · https://golang.google.cn/dl/)"
        ),
    }
    match &snapshot.env_file {
        Some(p) => println!("env file: {}", p.display()),
        None => println!("env file: none / 无"),
    }
    println!();
    for (key, var) in &snapshot.vars {
        let source = match var.source {
            Source::Env => "environment / 环境变量",
            Source::File => "user file / 用户文件",
            Source::Goroot => "go.env",
            Source::Default => "default / 默认",
            Source::Goprivate => "from GOPRIVATE / 来自 GOPRIVATE",
        };
        println!(
            "{key:<12} {:<40} [{source}]",
            crate::goenv::gourl::redact_text(&var.value)
        );
        for c in &var.conflicts {
            println!("  ! {}: {}", c.code, c.message.en);
            println!("    {}", c.message.zh);
        }
    }
    exit::OK
}
