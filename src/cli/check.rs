//! `gomirror check KEY=VALUE...`.

use super::{exit, print_problems};
use crate::goenv::location::EnvMap;
use crate::goenv::validate::{self, WriteContext};

/// `gomirror check KEY=VALUE...`: the exit code.
pub fn run(env: EnvMap, pairs: &[String]) -> u8 {
    let (layers, _) = crate::goenv::load(env);
    let existing = layers.existing_keys();
    let ctx = WriteContext {
        version: layers.version(),
        existing_keys: Some(&existing),
    };
    let mut all = Vec::new();
    let pairs = match super::pairs(pairs) {
        Ok(p) => p,
        Err(code) => return code,
    };
    for (key, value) in pairs {
        let found = validate::check_write(key, value, ctx);
        let clean = !validate::has_errors(&found);
        all.extend(found);
        if clean && let Some(go) = &layers.go {
            all.extend(validate::check_with_go(key, value, &go.path, &layers.env));
        }
    }
    print_problems(&all);
    if validate::has_errors(&all) {
        exit::INVALID
    } else {
        exit::OK
    }
}
