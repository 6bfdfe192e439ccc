//! The GOPROXY parser and URL checks never panic; an accepted list has at least one entry.
#![no_main]

use gomirror::goenv::{goproxy, gosumdb, gourl, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(list) = goproxy::parse(text) {
        assert!(!list.entries.is_empty());
    }
    let _ = gosumdb::parse(text);
    let _ = gourl::parse(text);
    let _ = gourl::redact_text(text);
    let _ = validate::check_value("GOPROXY", text);
    let _ = validate::check_value("GOSUMDB", text);
});
