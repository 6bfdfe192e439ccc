//! What the views edit: the drafts of the settings panels, the form fields of the Verify,
//! Projects, Team and Doctor panels, the mirrors table's order and open rows. A view writes
//! here and nowhere else (it reads `AppState` and sends `Command`s for everything else); a
//! handler reads it when a command asks for what was typed.

use super::drafts::Drafts;
use super::project_draft::ProjectDraft;
use crate::goenv::location::{EnvMap, env_value};
use crate::profile::snippets::Format;

/// Everything a view may write.
#[derive(Clone, Debug)]
pub struct UiState {
    /// The settings panels' drafts (composer, patterns, checksum choice, fields, the table).
    pub drafts: Drafts,
    pub verify: VerifyForm,
    pub project: ProjectForm,
    pub profile: ProfileForm,
    pub doctor: DoctorForm,
}

/// The Verify panel's choices.
#[derive(Clone, Debug)]
pub struct VerifyForm {
    pub use_current: bool,
    pub use_recommended: bool,
    pub use_pending: bool,
    /// Download the open project's go.mod (else the modules below).
    pub use_project: bool,
    /// `path@version` list (empty: a small public sample).
    pub modules: String,
    pub timeout_s: u64,
    /// Pasted go output, for the explainer.
    pub pasted: String,
}

impl Default for VerifyForm {
    fn default() -> Self {
        Self {
            use_current: true,
            use_recommended: true,
            use_pending: false,
            use_project: true,
            modules: String::new(),
            timeout_s: crate::verify::run::DEFAULT_TIMEOUT.as_secs(),
            pasted: String::new(),
        }
    }
}

/// The Projects panel's path field and the project settings being edited.
#[derive(Clone, Debug, Default)]
pub struct ProjectForm {
    pub path: String,
    pub draft: ProjectDraft,
}

/// The Team panel's fields: the profile's path or URL, the snippet shown, where Export writes.
#[derive(Clone, Debug)]
pub struct ProfileForm {
    pub location: String,
    pub format: Format,
    pub export_path: String,
}

/// The Doctor panel's report file.
#[derive(Clone, Debug, Default)]
pub struct DoctorForm {
    pub save_path: String,
}

/// A file suggested in the home folder of `env` (`HOME`, else `USERPROFILE`; the bare name
/// when there is neither): where Export and "Save as Markdown" offer to write.
pub fn in_home(env: &EnvMap, name: &str) -> String {
    match env_value(env, "HOME").or_else(|| env_value(env, "USERPROFILE")) {
        Some(h) => std::path::Path::new(h).join(name).display().to_string(),
        None => name.to_string(),
    }
}

/// The suggested report file.
pub const REPORT_FILE: &str = "gomirror-doctor.md";
/// The suggested export file.
pub const EXPORT_FILE: &str = "team.gomirror.toml";

impl UiState {
    /// Empty drafts, and the files suggested in the home folder of `env`.
    pub fn new(env: &EnvMap) -> Self {
        Self {
            drafts: Drafts::default(),
            verify: VerifyForm::default(),
            project: ProjectForm::default(),
            profile: ProfileForm {
                location: String::new(),
                format: Format::Bash,
                export_path: in_home(env, EXPORT_FILE),
            },
            doctor: DoctorForm {
                save_path: in_home(env, REPORT_FILE),
            },
        }
    }
}
