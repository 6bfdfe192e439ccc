//! `gomirror trace TARGET [--port N] [--max-hops N] [--timeout-ms N] [--json]`.

use super::{exit, print_error};
use crate::goenv::location::EnvMap;
use crate::trace::{self, MAX_HOPS_LIMIT, Request, Verdict};
use std::time::Duration;

/// The longest `--timeout-ms` (ten minutes).
const MAX_TIMEOUT_MS: u64 = 600_000;

/// `gomirror trace`: exit 0 when the target was reached, 1 otherwise, 2 for bad arguments.
pub fn run(
    env: EnvMap,
    raw: &str,
    port: Option<u16>,
    max_hops: u8,
    timeout_ms: u64,
    json: bool,
) -> u8 {
    if max_hops == 0 || max_hops > MAX_HOPS_LIMIT {
        print_error(
            &format!("--max-hops must be 1 to {MAX_HOPS_LIMIT}, not {max_hops}"),
            &format!("--max-hops 必须在 1 到 {MAX_HOPS_LIMIT} 之间，而不是 {max_hops}"),
        );
        return exit::USAGE;
    }
    if timeout_ms == 0 || timeout_ms > MAX_TIMEOUT_MS {
        print_error(
            &format!("--timeout-ms must be 1 to {MAX_TIMEOUT_MS}, not {timeout_ms}"),
            &format!("--timeout-ms 必须在 1 到 {MAX_TIMEOUT_MS} 之间，而不是 {timeout_ms}"),
        );
        return exit::USAGE;
    }
    let target = match trace::parse_target(raw, port) {
        Ok(t) => t,
        Err(e) => {
            let t = e.text();
            print_error(&t.en, &t.zh);
            return exit::USAGE;
        }
    };
    let mut req = Request::new(target.clone(), env);
    req.max_hops = max_hops;
    req.timeout = Duration::from_millis(timeout_ms);
    match trace::run(&req) {
        Ok(t) => {
            if json {
                println!("{}", serde_json::to_string_pretty(&t).unwrap_or_default());
            } else {
                print!("{}", trace::text::render(&t, crate::i18n::os_lang()));
            }
            if t.verdict == Verdict::Reached {
                exit::OK
            } else {
                exit::INVALID
            }
        }
        Err(e) => {
            let t = e.text();
            if json {
                let out = serde_json::json!({
                    "target": target.shown,
                    "error": {"en": t.en, "zh": t.zh},
                });
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            }
            print_error(&t.en, &t.zh);
            exit::INVALID
        }
    }
}
