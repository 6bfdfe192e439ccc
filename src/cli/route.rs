//! `gomirror route MODULE`.

use super::exit;
use crate::goenv::location::EnvMap;
use crate::goenv::route::{self, Fetch, RouteSettings};
use serde_json::json;

/// `gomirror route MODULE`: the exit code.
pub fn run(env: EnvMap, module: &str, as_json: bool) -> u8 {
    let (_, snapshot) = crate::goenv::load(env);
    let mut r = route::route(module, &RouteSettings::from_snapshot(&snapshot));
    // The go command's own error text quotes the URL it could not parse, password included:
    // shown redacted, like every value.
    use crate::goenv::gourl::redact_text;
    r.error = r.error.as_deref().map(redact_text);
    for p in &mut r.proxies {
        p.url = redact_text(&p.url);
    }
    if as_json {
        let mut out = json!({
            "module": r.module,
            "fetch": r.fetch,
            "proxies": r.proxies,
            "direct_after_proxies": r.direct_after_proxies,
            "checksum": r.checksum,
            "insecure": r.insecure,
        });
        if let Some(map) = out.as_object_mut() {
            map.insert("noproxy_pattern".into(), json!(r.noproxy_pattern));
            map.insert("nosumdb_pattern".into(), json!(r.nosumdb_pattern));
            map.insert("checksum_db".into(), json!(r.checksum_db));
            map.insert("error".into(), json!(r.error));
        }
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return exit::OK;
    }
    println!("module / 模块: {module}");
    match r.fetch {
        Fetch::Proxy => {
            println!("fetch / 下载: through the proxies, in order / 依次通过代理:");
            for p in &r.proxies {
                let rule = match p.fallback {
                    crate::goenv::goproxy::Fallback::NotFound => {
                        "next only on 404/410 / 仅 404/410 时尝试下一个"
                    }
                    crate::goenv::goproxy::Fallback::AnyError => {
                        "next on any error / 任何错误都尝试下一个"
                    }
                };
                println!("  {}  ({rule})", p.url);
            }
            if r.direct_after_proxies {
                println!("  then direct from the origin / 然后直接回源");
            }
        }
        Fetch::Direct => {
            let why = r
                .noproxy_pattern
                .as_deref()
                .map(|p| format!(" (GONOPROXY/GOPRIVATE pattern {p:?})"))
                .unwrap_or_default();
            println!("fetch / 下载: direct from the origin (VCS){why} / 直接从源站下载");
        }
        Fetch::Off => println!("fetch / 下载: off / 禁止"),
    }
    match (&r.checksum, &r.checksum_db) {
        (true, Some(db)) => println!("checksum / 校验: verified via {db} / 通过校验和数据库验证"),
        (true, None) => println!("checksum / 校验: verified / 验证"),
        (false, _) => {
            println!("checksum / 校验: not checked by the checksum database / 不经过校验和数据库")
        }
    }
    if r.insecure {
        println!(
            "insecure / 不安全: GOINSECURE applies to direct fetches (HTTP allowed, TLS not verified)"
        );
    }
    if let Some(e) = &r.error {
        println!("error / 错误: {e}");
    }
    exit::OK
}
