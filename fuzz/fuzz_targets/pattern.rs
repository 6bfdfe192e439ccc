//! The pattern matcher and lints never panic; a pattern list always matches like the union of
//! its entries.
#![no_main]

use gomirror::goenv::pattern;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str)| {
    let (globs, target) = input;
    let all = pattern::match_prefix_patterns(globs, target);
    let any = globs.split(',').any(|g| pattern::match_prefix_patterns(g, target));
    assert_eq!(all, any);
    let _ = pattern::lint_patterns(globs);
    let _ = pattern::normalize_patterns(globs);
});
