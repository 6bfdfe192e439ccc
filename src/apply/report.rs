//! A failure ready to show, in both languages, with the validation problems behind it: what
//! every job hands the window (and the CLI prints) when a read, a check or a write fails.

use super::ApplyError;
use crate::goenv::validate::Problem;
use crate::i18n::Text;

/// A failure, ready to show: both languages, plus validation problems if any.
#[derive(Clone, Debug)]
pub struct ErrorReport {
    pub message: Text,
    pub problems: Vec<Problem>,
}

impl ErrorReport {
    /// An apply error's words, and its problems when it is a validation failure.
    pub fn from_apply(e: &ApplyError) -> Self {
        let problems = match e {
            ApplyError::Invalid(p) => p.clone(),
            _ => Vec::new(),
        };
        Self {
            message: Text::new(e.to_string(), e.zh()),
            problems,
        }
    }

    /// A message with no validation problems.
    pub fn plain(message: Text) -> Self {
        Self {
            message,
            problems: Vec::new(),
        }
    }
}
