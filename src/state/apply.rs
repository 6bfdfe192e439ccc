//! Previews, applies and one-click fixes of the global settings.

use super::*;

impl AppState {
    pub(super) fn preview(&mut self, view: &mut UiState, backend: &dyn Backend, auto_apply: bool) {
        let Some(layers) = self.layers().cloned() else {
            return;
        };
        let plan = self.plan(view);
        self.preview_plan(backend, layers, plan, self.target, auto_apply);
    }

    pub(super) fn preview_plan(
        &mut self,
        backend: &dyn Backend,
        layers: Layers,
        plan: Plan,
        target: Target,
        auto_apply: bool,
    ) {
        let id = self.send_job(
            backend,
            Job::Prepare {
                layers: Box::new(layers),
                plan,
                target,
            },
        );
        self.prepared = Loadable::Pending(id);
        self.auto_apply = auto_apply.then_some(id);
    }

    pub(super) fn apply(&mut self, backend: &dyn Backend) {
        let (Some(layers), Some(prepared)) =
            (self.layers().cloned(), self.prepared.ready().cloned())
        else {
            return;
        };
        let id = self.send_job(
            backend,
            Job::Apply {
                layers: Box::new(layers),
                prepared,
            },
        );
        self.outcome = Loadable::Pending(id);
    }

    pub(super) fn fix(&mut self, fix: Fix, backend: &dyn Backend) {
        let Some(layers) = self.layers().cloned() else {
            return;
        };
        let plan = match fix {
            Fix::UnsetInFile { key } => Plan::default().unset(&key),
            Fix::SetInFile { key, value } => Plan::default().set(&key, &value),
            Fix::RemoveOsVariable { .. } => return,
            Fix::MoveCredentialsToNetrc => {
                let id = self.send_job(
                    backend,
                    Job::MoveCredentials {
                        layers: Box::new(layers),
                    },
                );
                self.outcome = Loadable::Pending(id);
                self.panel = Panel::Apply;
                return;
            }
        };
        self.panel = Panel::Apply;
        self.preview_plan(backend, layers, plan, Target::File, true);
    }
}
