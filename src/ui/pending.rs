//! The pending-changes bar / 待应用的更改: below every panel but the onboarding (whose step 3
//! is its own apply), what Apply would write, whatever made it (the composer, the private
//! modules, the checksum switch, a team profile, a fix), with the one Preview, Apply and Undo.

use std::borrow::Cow;

use crate::apply::Plan;
use crate::goenv::validate::{Problem, WriteContext};
use crate::i18n::Text;
use crate::state::{AppCommand, AppState, ApplyCommand, Command, Loadable, Panel, UiState};
use crate::ui::strings::strings;

/// What is pending: the plan a preview shows (whatever made it) or else the drafts' changes,
/// the problems with it and what keeps it from being previewed.
pub struct Pending<'a> {
    pub plan: Cow<'a, Plan>,
    pub warnings: Vec<Problem>,
    pub blockers: Vec<Text>,
    /// A preview is ready: Apply writes exactly what it shows.
    pub previewed: bool,
}

/// One truth for the bar and the Apply panel: what is pending now.
pub fn pending<'a>(state: &'a AppState, view: &UiState) -> Pending<'a> {
    let plan = match state.prepared.ready() {
        Some(p) => Cow::Borrowed(&p.plan),
        None => Cow::Owned(state.plan(view)),
    };
    let existing = state
        .layers()
        .map(|l| l.existing_keys())
        .unwrap_or_default();
    let version = state.layers().and_then(|l| l.version().cloned());
    let ctx = WriteContext {
        version: version.as_ref(),
        existing_keys: Some(&existing),
    };
    let warnings = crate::state::drafts::Drafts::problems(&plan, ctx);
    let blockers = view.drafts.blockers(&plan, &warnings);
    Pending {
        previewed: matches!(state.prepared, Loadable::Ready(_)),
        plan,
        warnings,
        blockers,
    }
}

/// The bar: the count and the source of the pending changes, Preview (which opens the Apply
/// panel, where the diff is), Apply (once previewed) and Undo.
pub fn pending_bar_ui(ui: &mut egui::Ui, state: &AppState, view: &UiState, out: &mut Vec<Command>) {
    let lang = state.lang();
    let s = strings(lang);
    let p = pending(state, view);
    ui.horizontal_wrapped(|ui| {
        let n = p.plan.changes.len();
        if n == 0 {
            ui.label(egui::RichText::new(s.no_changes).weak());
        } else {
            ui.strong(s.pending_count.replace("{n}", &n.to_string()));
            if let Some(source) = &p.plan.source {
                ui.small(crate::goenv::gourl::redact_text(source));
            }
        }
        // One accent: on Preview while there is something to preview, on Apply once previewed.
        let can_preview = n > 0 && p.blockers.is_empty();
        let preview = if can_preview && !p.previewed {
            crate::ui::widgets::primary_button(ui, s.preview, true)
        } else {
            ui.add_enabled(can_preview, egui::Button::new(s.preview))
        }
        .on_disabled_hover_text(p.blockers.first().map_or(s.no_changes, |b| b.get(lang)));
        if preview.clicked() {
            out.push(Command::Apply(ApplyCommand::Preview));
            if state.panel != Panel::Apply {
                out.push(Command::App(AppCommand::Show(Panel::Apply)));
            }
        }
        let can_apply = p.previewed && n > 0 && !state.outcome.is_pending();
        let apply = if p.previewed {
            crate::ui::widgets::primary_button(ui, s.apply, can_apply)
        } else {
            ui.add_enabled(can_apply, egui::Button::new(s.apply))
        };
        if apply
            .on_disabled_hover_text(s.apply_after_preview)
            .clicked()
        {
            out.push(Command::Apply(ApplyCommand::Apply));
        }
        if ui
            .add_enabled(
                !state.history.iter().all(|e| e.undone),
                egui::Button::new(s.undo),
            )
            .clicked()
        {
            out.push(Command::Apply(ApplyCommand::Undo));
        }
        if state.prepared.is_pending() || state.outcome.is_pending() {
            crate::ui::widgets::busy(ui);
        }
    });
}
