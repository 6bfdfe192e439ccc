//! The env-file reader and rewriter never panic, and the rewrite is idempotent and keeps the
//! value it sets readable.
#![no_main]

use gomirror::goenv::envfile::{self, Duplicates};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = envfile::read_values(data, Duplicates::LastWins);
    let _ = envfile::read_values(data, Duplicates::FirstWins);
    let once = envfile::set(data, "GOPROXY", "https://goproxy.cn,direct");
    assert_eq!(envfile::set(&once, "GOPROXY", "https://goproxy.cn,direct"), once);
    let values = envfile::read_values(&once, Duplicates::LastWins);
    assert_eq!(values.get("GOPROXY").map(String::as_str), Some("https://goproxy.cn,direct"));
    let removed = envfile::unset(&once, "GOPROXY");
    assert!(!envfile::read_values(&removed, Duplicates::LastWins).contains_key("GOPROXY"));
});
