//! Fuzz target: see `gomirror::fuzzing::explain` for the property it checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gomirror::fuzzing::explain(data));
