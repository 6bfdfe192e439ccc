//! The Verify panel's strings (their English and Chinese are in `en.rs` and `zh.rs`).

/// The Verify panel's strings.
#[derive(serde::Serialize)]
pub struct VerifyStrings {
    pub panel: &'static str,
    pub intro: &'static str,
    pub configs: &'static str,
    pub current: &'static str,
    pub recommended: &'static str,
    pub recommended_missing: &'static str,
    pub pending: &'static str,
    pub what: &'static str,
    pub the_project: &'static str,
    pub modules: &'static str,
    pub modules_hint: &'static str,
    pub timeout: &'static str,
    pub start: &'static str,
    pub cancel: &'static str,
    pub running: &'static str,
    pub requests: &'static str,
    pub stopped: &'static str,
    pub all_verified: &'static str,
    pub not_verified: &'static str,
    pub modules_in: &'static str,
    pub seconds: &'static str,
    pub fix: &'static str,
    pub preview_fix: &'static str,
    pub explain: &'static str,
    pub explain_help: &'static str,
    pub pasted: &'static str,
    pub nothing_known: &'static str,
}
