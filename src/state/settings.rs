//! What the app keeps between runs: the language, the theme, samples, alerts, recent projects.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Settings kept between runs (never runtime results).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    /// None: follow the OS locale.
    pub lang: Option<Lang>,
    pub samples: usize,
    pub watch_interval_s: u64,
    /// Only read, to move mirrors an older version kept here into `mirrors.toml` (the one
    /// store, shared with the CLI); never written again, so no credential stays here.
    #[serde(skip_serializing)]
    pub custom_mirrors: Vec<String>,
    pub onboarding_done: bool,
    /// Project folders opened lately, newest first.
    pub recent_projects: Vec<String>,
    /// Opted in to alerts: watch the configured mirrors whenever the app runs.
    pub alerts: bool,
    /// Light, dark, or the OS's (the default).
    pub theme: ThemeChoice,
}

/// The colour theme the user picked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the OS setting.
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    /// egui's theme preference for this choice.
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark => egui::ThemePreference::Dark,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            lang: None,
            samples: 3,
            watch_interval_s: 60,
            custom_mirrors: Vec::new(),
            onboarding_done: false,
            recent_projects: Vec::new(),
            alerts: false,
            theme: ThemeChoice::System,
        }
    }
}
