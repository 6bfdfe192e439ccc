//! Fuzz target: see `gomirror::fuzzing::validate` for the property it checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gomirror::fuzzing::validate(data));
