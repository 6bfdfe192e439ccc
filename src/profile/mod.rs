//! Team scale: settings as snippets for shells, Docker and CI (the team profile file, its
//! import and export come here too).

pub mod file;
pub mod snippets;

use crate::goenv::model::{Snapshot, Source};
use std::collections::BTreeMap;

/// The settings a snippet carries when nothing else is chosen: the download settings the user
/// set (in the env file or the OS environment), not the go command's defaults.
pub fn chosen_settings(snapshot: &Snapshot) -> BTreeMap<String, String> {
    crate::goenv::keys::DOWNLOAD_KEYS
        .iter()
        .filter_map(|k| {
            let var = snapshot.vars.get(*k)?;
            (matches!(var.source, Source::Env | Source::File) && !var.value.is_empty())
                .then(|| (k.to_string(), var.value.clone()))
        })
        .collect()
}
