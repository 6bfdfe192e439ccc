//! What scripts ask of the window through the environment: `GOMIRROR_READY_FILE` (written once
//! the first results are drawn, so screenshots wait for it instead of sleeping) and
//! `GOMIRROR_VERDICT` (the clicks a user makes to reach the onboarding's verdict).

use super::GomirrorApp;
use crate::state::{AppCommand, Command};

/// How far the scripted walk to the onboarding's verdict has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum VerdictWalk {
    WaitRecommendation,
    WaitPreview,
    Verifying,
}

impl GomirrorApp {
    /// `GOMIRROR_VERDICT`: the clicks a user makes to reach the onboarding's verdict.
    pub(super) fn walk_to_verdict(&mut self) {
        use crate::state::{ApplyCommand, Step};
        match self.verdict {
            Some(VerdictWalk::WaitRecommendation) if self.state.recommendation().is_some() => {
                self.command(Command::App(AppCommand::Step(Step::Apply)));
                self.verdict = Some(VerdictWalk::WaitPreview);
            }
            Some(VerdictWalk::WaitPreview) if self.state.prepared.ready().is_some() => {
                self.command(Command::Apply(ApplyCommand::ApplyAndVerify));
                self.verdict = Some(VerdictWalk::Verifying);
            }
            _ => {}
        }
    }

    /// `GOMIRROR_READY_FILE`: once the settings are loaded and the first probe round has
    /// finished, and two more frames have been drawn, the file is written (screenshots wait
    /// for it instead of sleeping).
    pub(super) fn signal_ready(&mut self, ctx: &egui::Context) {
        let Some((path, frames)) = &mut self.ready_file else {
            return;
        };
        let settled = self.state.snapshot().is_some()
            && self.state.probe.round.ready().is_some()
            && !self.state.project.snapshot.is_pending()
            && !self.state.project.open_when_loaded
            && !self.state.doctor.report.is_pending()
            && !self.state.profile.loaded.is_pending()
            && self.verdict.is_none_or(|w| {
                w == VerdictWalk::Verifying
                    && !self.state.outcome.is_pending()
                    && !self.state.verify.configs.is_empty()
                    && self
                        .state
                        .verify
                        .configs
                        .iter()
                        .all(|c| c.outcome.is_some())
            });
        if !settled {
            return;
        }
        *frames += 1;
        if *frames >= 3 {
            // The panel it settled on, for scripts that check where a double-click led.
            let _ = std::fs::write(&*path, format!("ready {:?}\n", self.state.panel));
            self.ready_file = None;
        } else {
            ctx.request_repaint();
        }
    }
}
