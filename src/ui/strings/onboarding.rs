//! The onboarding's step 3 and the Overview's health card (their English and Chinese are in
//! `en.rs` and `zh.rs`). Templates hold `{n}`, `{secs}`, `{db}`, `{u}` for the numbers.

/// The onboarding's outcome and the health card.
#[derive(serde::Serialize)]
pub struct OnboardingStrings {
    pub before: &'static str,
    pub applying: &'static str,
    pub verifying: &'static str,
    pub works_title: &'static str,
    pub works_verified: &'static str,
    pub works_unverified: &'static str,
    pub not_yet_title: &'static str,
    pub not_written: &'static str,
    pub no_go: &'static str,
    pub the_fix: &'static str,
    pub details: &'static str,
    pub health: &'static str,
    pub health_go: &'static str,
    pub health_source: &'static str,
    pub health_mirror: &'static str,
    pub health_verified: &'static str,
    pub health_never: &'static str,
    pub health_set: &'static str,
    pub waiting_mirror: &'static str,
    pub no_answer: &'static str,
}
