//! macOS: the GUI session's variables (`launchctl setenv`), which every app started from the
//! Dock or Finder gets, on top of the login files. Read with `launchctl getenv`, removed with
//! `launchctl unsetenv` after the value is recorded for undo (`launchctl setenv` puts it
//! back). The plan is a pure function of what `launchctl getenv` answers, so it is tested on
//! every OS; the commands run only on macOS.

use super::{Location, Place, Scope};
use crate::apply::history::OsVarStep;

/// The store name in the history.
pub const STORE: &str = "launchd";

/// The places for `keys` given what `getenv` answers (`launchctl getenv KEY`).
pub fn places(keys: &[&str], getenv: impl Fn(&str) -> Option<String>) -> Vec<Place> {
    keys.iter()
        .filter_map(|k| {
            let value = getenv(k).filter(|v| !v.is_empty())?;
            Some(Place {
                key: k.to_string(),
                scope: Scope::User,
                location: Location::Session { value },
            })
        })
        .collect()
}

/// The command that removes a session variable, and the one that puts it back (for undo).
pub fn commands(step: &OsVarStep) -> (Vec<String>, Vec<String>) {
    let value = String::from_utf8_lossy(&step.data).into_owned();
    (
        vec!["unsetenv".into(), step.name.clone()],
        vec!["setenv".into(), step.name.clone(), value],
    )
}

/// The undo record of a session variable.
pub fn step(place: &Place) -> Option<OsVarStep> {
    match &place.location {
        Location::Session { value } => Some(OsVarStep {
            store: STORE.into(),
            name: place.key.clone(),
            value_type: 0,
            data: value.as_bytes().to_vec(),
        }),
        _ => None,
    }
}

/// `launchctl ARGS`, bounded; its standard output when it succeeded.
#[cfg(target_os = "macos")]
pub fn launchctl(args: &[String]) -> Option<String> {
    use crate::goenv::gocmd::{self, GoCommand};
    let cmd = GoCommand {
        program: std::path::PathBuf::from("/bin/launchctl"),
        args: args.iter().map(Into::into).collect(),
        env: std::env::vars().collect(),
        cwd: gocmd::neutral_dir(),
        timeout: std::time::Duration::from_secs(5),
    };
    gocmd::run_blocking(&cmd)
        .ok()
        .filter(|o| o.success())
        .map(|o| o.stdout.trim_end_matches('\n').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_places_are_what_launchctl_answers_and_undo_sets_them_back() {
        let answers = |k: &str| match k {
            "GOPROXY" => Some("https://goproxy.cn,direct".to_string()),
            "GOSUMDB" => Some(String::new()),
            _ => None,
        };
        let found = places(&["GOPROXY", "GOSUMDB", "GOPRIVATE"], answers);
        assert_eq!(found.len(), 1, "an empty answer is no variable: {found:?}");
        assert_eq!(found[0].key, "GOPROXY");
        assert_eq!(found[0].scope, Scope::User);
        let step = step(&found[0]).expect("a session place has a step");
        assert_eq!(step.store, STORE);
        let (unset, back) = commands(&step);
        assert_eq!(unset, ["unsetenv", "GOPROXY"]);
        assert_eq!(back, ["setenv", "GOPROXY", "https://goproxy.cn,direct"]);
    }
}
