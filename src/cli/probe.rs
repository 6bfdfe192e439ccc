//! `gomirror probe` and `gomirror recommend`.

use super::{exit, print_error};
use crate::apply::Target;
use crate::goenv::location::EnvMap;
use crate::mirrors::{self, Mirror};
use crate::probe::engine::{self, ProbeEvent, RoundOutcome};
use crate::probe::model::ProbeSpec;
use crate::probe::recommend::SumdbChoice;
use serde_json::json;
use std::io::IsTerminal;
use std::time::Duration;

/// Which mirrors to probe and how: shared by `probe` and `recommend`.
#[derive(clap::Args, Debug)]
pub struct ProbeArgs {
    /// Probe the mirror catalogue (the default when no --mirror is given)
    #[arg(long)]
    pub catalog: bool,
    /// A mirror URL to probe (repeatable)
    #[arg(long = "mirror", value_name = "URL")]
    pub mirrors: Vec<String>,
    /// Timed samples per mirror
    #[arg(long, default_value_t = 3)]
    pub samples: usize,
    /// Budget per mirror, in milliseconds
    #[arg(long, default_value_t = 8000)]
    pub timeout_ms: u64,
    /// Rank by this project's download, sized offline from its go.sum (default: 100 requests,
    /// 30 MiB)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
}

fn mirror_list(env: &EnvMap, args: &ProbeArgs) -> Result<Vec<Mirror>, (String, String)> {
    let mut list = Vec::new();
    if args.catalog || args.mirrors.is_empty() {
        list = mirrors::load_for(env)
            .map_err(|e| (e.to_string(), format!("无法读取镜像列表：{e}")))?;
    }
    for url in &args.mirrors {
        let entry = crate::goenv::goproxy::complete_url(url.trim());
        if let Err(text) = crate::goenv::goproxy::check_proxy_url(&entry) {
            return Err((text.clone(), format!("镜像地址无效：{text}")));
        }
        list.push(Mirror::custom(&entry));
    }
    Ok(list)
}

/// Runs one round with a live progress display on stderr.
pub fn round(env: &EnvMap, args: &ProbeArgs, json: bool) -> Result<RoundOutcome, (String, String)> {
    round_until(env, args, json, false).map(|(o, _)| o)
}

/// [`round`]; with `stop_when_decided` it ends at the decision. Also returns the mirrors.
pub fn round_until(
    env: &EnvMap,
    args: &ProbeArgs,
    json: bool,
    stop_when_decided: bool,
) -> Result<(RoundOutcome, Vec<Mirror>), (String, String)> {
    let mirrors = mirror_list(env, args)?;
    let profile = match &args.dir {
        Some(dir) => crate::probe::model::Profile::from_project_dir(dir).map_err(|e| {
            let gosum = dir.join("go.sum");
            (
                format!("cannot read {}: {e}", gosum.display()),
                format!(
                    "无法读取 {}：{}",
                    gosum.display(),
                    crate::i18n::io_error_zh(&e)
                ),
            )
        })?,
        None => crate::probe::model::Profile::default(),
    };
    let spec = ProbeSpec {
        samples: args.samples.clamp(1, 20),
        probe_timeout: Duration::from_millis(args.timeout_ms.max(100)),
        profile,
        ..ProbeSpec::for_users()
    };
    let config = engine::RoundPlan {
        mirrors,
        spec,
        env: env.clone(),
        sumdb: SumdbChoice::default(),
        concurrency: engine::DEFAULT_CONCURRENCY,
    }
    .into_config();
    let names: Vec<String> = config.mirrors.iter().map(|m| m.name_en.clone()).collect();
    let list = config.mirrors.clone();
    let live = std::io::stderr().is_terminal() || !json;
    let mut done = 0;
    let outcome = engine::run_blocking_until(config, stop_when_decided, |event| {
        if let ProbeEvent::Measured { index, measurement } = event {
            done += 1;
            if live {
                let ttfb = measurement
                    .ttfb
                    .map_or("-".to_string(), |t| format!("{:.0} ms", t.median_ms));
                eprintln!(
                    "[{done}/{}] {} ttfb {ttfb}",
                    names.len(),
                    names.get(index).map_or("", String::as_str)
                );
            }
        }
    })
    .map_err(|e| (e.to_string(), format!("无法启动探测：{e}")))?;
    outcome
        .map(|o| (o, list))
        .ok_or_else(|| ("the probe was cancelled".into(), "探测已取消".into()))
}

fn ms(v: Option<crate::probe::model::StageStats>) -> serde_json::Value {
    v.map_or(serde_json::Value::Null, |s| {
        json!((s.median_ms * 10.0).round() / 10.0)
    })
}

/// The JSON of `probe --json` for a finished round.
pub fn outcome_json(outcome: &RoundOutcome) -> serde_json::Value {
    let mirrors: Vec<serde_json::Value> = outcome
        .reports
        .iter()
        .map(|r| {
            let m = &r.measurement;
            json!({
                "url": m.url,
                "name": m.name_en,
                "name_zh": m.name_zh,
                "verdict": r.verdict,
                "reason": r.reason.en,
                "reason_zh": r.reason.zh,
                "rank": r.rank,
                "estimate_ms": r.score.map(f64::round),
                "dns_ms": ms(m.dns),
                "connect_ms": ms(m.connect),
                "tls_ms": ms(m.tls),
                "ttfb_ms": ms(m.ttfb),
                "throughput_bps": m.throughput_bps.map(f64::round),
                "success_rate": m.success_rate,
                "checksum_db_proxied": m.checksum_db_proxied,
                "fresh": r.fresh,
                "via_proxy": m.via_proxy,
                "newest_version": m.newest_version,
                "toolchain_listed": m.toolchain_listed,
                "integrity": m.integrity,
                "login_page": m.login_page,
                "tls_issuer": m.cert.as_ref().map(|c| c.issuer.clone()),
                "tls_intercepted": m.cert.as_ref().map(|c| c.intercepted()),
                "tls_verified": m.cert.as_ref().map(|c| c.verified_system),
                "tls_error": m.cert.as_ref().and_then(|c| c.problem.as_ref()).map(|p| p.text().en),
                "tls_error_zh": m.cert.as_ref().and_then(|c| c.problem.as_ref()).map(|p| p.text().zh),
            })
        })
        .collect();
    json!({
        "elapsed_ms": outcome.elapsed_ms.round(),
        "decided_ms": outcome.decided_ms.map(f64::round),
        "mirrors": mirrors,
        "recommended": outcome.recommended,
    })
}

/// The mirrors left behind at the decision, as probe objects with the verdict `pending`.
fn pending_json(outcome: &RoundOutcome, list: &[Mirror]) -> Vec<serde_json::Value> {
    outcome
        .pending
        .iter()
        .filter_map(|i| list.get(*i))
        .map(|m| {
            json!({
                "url": m.display_url(),
                "name": m.name_en,
                "name_zh": m.name_zh,
                "verdict": "pending",
                "reason": "still measuring when the recommendation was decided",
                "reason_zh": "推荐结果确定时仍在测量",
                "rank": null,
                "estimate_ms": null,
                "dns_ms": null,
                "connect_ms": null,
                "tls_ms": null,
                "ttfb_ms": null,
                "throughput_bps": null,
                "success_rate": null,
                "checksum_db_proxied": null,
                "fresh": null,
                "via_proxy": null,
                "newest_version": null,
                "toolchain_listed": null,
                "integrity": null,
                "login_page": null,
                "tls_issuer": null,
                "tls_intercepted": null,
                "tls_verified": null,
                "tls_error": null,
                "tls_error_zh": null,
            })
        })
        .collect()
}

/// `gomirror probe`: the exit code.
pub fn probe(env: EnvMap, args: &ProbeArgs, json: bool) -> u8 {
    let outcome = match round(&env, args, json) {
        Ok(o) => o,
        Err((en, zh)) => {
            print_error(&en, &zh);
            return exit::INVALID;
        }
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&outcome_json(&outcome)).unwrap_or_default()
        );
        return exit::OK;
    }
    println!(
        "{:<4} {:<34} {:<18} {:>7} {:>7} {:>7} {:>8} {:>10} {:>6}",
        "rank", "mirror", "verdict", "dns", "tls", "ttfb", "ok", "sumdb", "fresh"
    );
    for r in &outcome.reports {
        let m = &r.measurement;
        let f = |s: Option<crate::probe::model::StageStats>| {
            s.map_or("-".into(), |s| format!("{:.0}", s.median_ms))
        };
        println!(
            "{:<4} {:<34} {:<18} {:>7} {:>7} {:>7} {:>7.0}% {:>10} {:>6}",
            r.rank.map_or("-".into(), |n| n.to_string()),
            m.name_en,
            format!("{} / {}", r.verdict.label().en, r.verdict.label().zh),
            f(m.dns),
            f(m.tls),
            f(m.ttfb),
            m.success_rate * 100.0,
            m.checksum_db_proxied
                .map_or("?", |b| if b { "yes" } else { "no" }),
            r.fresh.map_or("?", |b| if b { "yes" } else { "no" }),
        );
        println!("     {} / {}", r.reason.en, r.reason.zh);
    }
    println!();
    println!("elapsed / 用时: {:.0} ms", outcome.elapsed_ms);
    match (&outcome.recommended, &outcome.no_recommendation) {
        (Some(rec), _) => {
            println!("GOPROXY={}", crate::goenv::gourl::redact_text(&rec.goproxy));
            println!("{}", rec.gosumdb_line(crate::i18n::Lang::En));
        }
        (None, Some(none)) => print_no_recommendation(none),
        (None, None) => {}
    }
    exit::OK
}

/// Why nothing is recommended, and what to try, in both languages.
fn print_no_recommendation(none: &crate::probe::recommend::NoRecommendation) {
    println!("{}", none.text.en);
    println!("{}", none.text.zh);
    for t in &none.mirrors {
        println!("- {} ({}): {}", t.name, t.verdict.label().en, t.reason.en);
        println!(
            "  {}（{}）：{}",
            t.name_zh,
            t.verdict.label().zh,
            t.reason.zh
        );
    }
    println!("what to try / 可以尝试：");
    for t in &none.try_next {
        println!("- {}", t.en);
        println!("  {}", t.zh);
    }
}

/// `gomirror recommend`: the exit code.
pub fn recommend(
    env: EnvMap,
    args: &ProbeArgs,
    apply: bool,
    via: Target,
    json: bool,
    full: bool,
) -> u8 {
    let (outcome, list) = match round_until(&env, args, json, !full) {
        Ok(o) => o,
        Err((en, zh)) => {
            print_error(&en, &zh);
            return exit::INVALID;
        }
    };
    let decided = outcome.decided_ms.unwrap_or(outcome.elapsed_ms);
    if json {
        let mut mirrors = outcome_json(&outcome)["mirrors"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        mirrors.extend(pending_json(&outcome, &list));
        let mut out = json!({
            "recommended": outcome.recommended,
            "decided_ms": decided.round() as u64,
            "complete": outcome.complete,
            "mirrors": mirrors,
        });
        if let Some(none) = &outcome.no_recommendation {
            out["reason"] = json!(none.reason);
            out["en"] = json!(none.text.en);
            out["zh"] = json!(none.text.zh);
            out["try"] = json!(none.try_next);
        }
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    }
    let Some(rec) = &outcome.recommended else {
        // Nothing was seen to work: nothing is recommended, and `--apply` writes nothing.
        if !json && let Some(none) = &outcome.no_recommendation {
            print_no_recommendation(none);
        }
        return exit::INVALID;
    };
    if !json {
        for reason in &rec.reasons {
            println!("- {}", reason.en);
            println!("  {}", reason.zh);
        }
        let secs = format!("{:.1}", decided / 1000.0);
        let left = outcome.pending.len();
        if left > 0 {
            println!(
                "decided in {secs} s; {left} mirrors still unanswered were left behind (they cannot change it)"
            );
            println!("用时 {secs} 秒确定；{left} 个仍未应答的镜像不再等待（它们不会改变结果）");
        } else {
            println!("decided in {secs} s / 用时 {secs} 秒确定");
        }
        println!("GOPROXY={}", crate::goenv::gourl::redact_text(&rec.goproxy));
        println!("{}", rec.gosumdb_line(crate::i18n::Lang::En));
    }
    if !apply {
        return exit::OK;
    }
    let plan = rec
        .settings()
        .iter()
        .fold(crate::apply::Plan::default(), |p, (k, v)| p.set(k, v));
    super::write::apply_plan(env, &plan, via, false, json)
}
