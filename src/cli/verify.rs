//! `gomirror verify`: the real `go mod download -json` with the current settings (or
//! candidates given with --set), in a throwaway module cache, bounded by our own deadline.

use super::{exit, print_error};
use crate::goenv::location::EnvMap;
use crate::verify::run::{self, Request};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// `gomirror verify`: the exit code.
pub fn run(
    env: EnvMap,
    dir: Option<PathBuf>,
    modules: Vec<String>,
    set: &[String],
    timeout_s: u64,
    json: bool,
    private_hosts: Vec<String>,
) -> u8 {
    let mut settings = BTreeMap::new();
    match super::pairs(set) {
        Ok(pairs) => {
            for (k, v) in pairs {
                settings.insert(k.to_string(), v.to_string());
            }
        }
        Err(code) => return code,
    }
    let os = crate::goenv::location::TargetOs::current();
    let Some(go) = crate::goenv::gocmd::discover(&env, os) else {
        print_error(
            "no go command found: install Go from https://go.dev/dl/ (in mainland China: https://golang.google.cn/dl/)",
            "找不到 go 命令：请从 https://go.dev/dl/ 安装 Go（中国大陆可用 https://golang.google.cn/dl/）",
        );
        return 3;
    };
    let outcome = run::verify(&Request {
        go,
        env,
        settings,
        dir,
        modules,
        timeout: Duration::from_secs(timeout_s.clamp(1, 3600)),
        private_hosts,
        // No probe ran here: a failure's fix offers no mirror nobody saw work.
        measured_goproxy: None,
    });
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&outcome).unwrap_or_default()
        );
    } else {
        for m in &outcome.modules {
            let state = match (m.ok, m.verified) {
                (true, Some(true)) => "downloaded, verified / 已下载并验证",
                (true, _) => {
                    "downloaded, not checked by a checksum database / 已下载，未经校验和数据库验证"
                }
                (false, _) => "failed / 失败",
            };
            println!("{}@{}: {state}", m.path, m.version);
        }
        println!(
            "{} modules, {} KiB, {} ms{}",
            outcome.modules.iter().filter(|m| m.ok).count(),
            outcome.bytes / 1024,
            outcome.elapsed_ms,
            outcome
                .database
                .as_deref()
                .map(|d| format!(", checksum database / 校验和数据库: {d}"))
                .unwrap_or_default()
        );
        if let Some(f) = &outcome.failure {
            println!("{}: {}", f.class.name(), f.message);
            println!("  {}\n  {}", f.en, f.zh);
            if let Some(fix) = &f.fix {
                let pairs: Vec<String> = fix.iter().map(|(k, v)| format!("{k}={v}")).collect();
                println!("  fix / 修复: gomirror set {}", pairs.join(" "));
            }
        }
    }
    if outcome.ok { exit::OK } else { exit::INVALID }
}
