//! Previews, applies and one-click fixes of the global settings.

use super::*;

impl AppState {
    /// A preview arrived (applied at once when a one-click fix asked for it).
    pub(super) fn on_prepared(
        &mut self,
        id: RequestId,
        result: Result<Box<Prepared>, ErrorReport>,
        backend: &dyn Backend,
    ) {
        if !self.prepared.waits_for(id) {
            return;
        }
        let auto = self.auto_apply == Some(id) && result.is_ok();
        if self.auto_apply == Some(id) && result.is_err() {
            // Nothing will be written: no verification waits for it.
            self.verify.before_apply = None;
        }
        self.prepared = Loadable::from(result);
        if auto {
            self.auto_apply = None;
            self.apply(backend);
        }
    }

    /// An apply finished: the settings are read again (and verified before and after, when asked).
    pub(super) fn on_applied(
        &mut self,
        view: &mut UiState,
        id: RequestId,
        result: Result<Box<Outcome>, ErrorReport>,
        backend: &dyn Backend,
    ) {
        if self.outcome.waits_for(id) {
            self.outcome = Loadable::from(result);
            self.prepared = Loadable::Idle;
            let applied = self.outcome.ready().is_some();
            let before = self.verify.before_apply.take();
            self.handle(view, Command::App(AppCommand::Reload), backend);
            // Apply and verify: the settings before and after, side by side, as the
            // go command now reads them (the env file changed; "before" puts the old
            // values back through the environment).
            if let (true, Some(before)) = (applied, before) {
                view.verify.use_project = false;
                let configs = vec![
                    (crate::tr!("before", "应用前"), before),
                    (
                        Text::new(super::verify::AFTER_APPLY, "应用后"),
                        Default::default(),
                    ),
                ];
                self.start_verify_when_loaded(view, configs, backend);
            }
        }
    }

    /// An undo finished: said in the notices, the settings and the open project read again.
    pub(super) fn on_undone(
        &mut self,
        view: &mut UiState,
        id: RequestId,
        result: Result<Box<crate::apply::Undone>, ErrorReport>,
        backend: &dyn Backend,
    ) {
        if self.outcome.waits_for(id) {
            match result {
                Ok(undone) => {
                    self.notices.extend(undone.notes.iter().cloned());
                    let file = undone
                        .entry
                        .steps()
                        .iter()
                        .map(|s| s.file.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.notices.push(Text::new(
                        format!("Restored {file}"),
                        format!("已恢复 {file}"),
                    ));
                    self.outcome = Loadable::Idle;
                }
                Err(e) => self.outcome = Loadable::Failed(e),
            }
            // The project is read again with the layers at hand (Reload drops them
            // until the new ones arrive).
            self.reread_project(backend);
            self.handle(view, Command::App(AppCommand::Reload), backend);
        }
    }

    /// The commands that write the pending settings.
    pub(super) fn handle_apply(
        &mut self,
        view: &mut UiState,
        command: ApplyCommand,
        backend: &dyn Backend,
    ) {
        match command {
            ApplyCommand::SetTarget(target) => self.target = target,
            ApplyCommand::Preview => self.preview(view, backend, false),
            ApplyCommand::Apply => self.apply(backend),
            ApplyCommand::Undo => {
                // What the OS-variable box said is no longer true after an undo.
                self.osvar = osvar::OsVarState::default();
                let id = self.send_job(
                    backend,
                    Job::Undo {
                        env: self.env.clone(),
                    },
                );
                self.outcome = Loadable::Pending(id);
            }
            ApplyCommand::RefreshHistory => {
                self.send_job(
                    backend,
                    Job::History {
                        env: self.env.clone(),
                    },
                );
            }
            ApplyCommand::Fix(fix) => self.fix(fix, backend),
            ApplyCommand::ApplyAndVerify => {
                // What the changed keys held before, verified beside the result afterwards.
                if let (Some(snapshot), Some(prepared)) = (self.snapshot(), self.prepared.ready()) {
                    let before = prepared
                        .plan
                        .changes
                        .keys()
                        .map(|k| (k.clone(), snapshot.value(k).to_string()))
                        .collect();
                    self.verify.before_apply = Some(before);
                }
                self.apply(backend);
            }
            ApplyCommand::FixAndVerify(fix) => {
                let plan = fix.iter().fold(Plan::default(), |p, (k, v)| p.set(k, v));
                self.apply_and_verify_plan(backend, plan);
            }
            ApplyCommand::VerifyAgain => {
                if matches!(self.outcome, Loadable::Failed(_)) {
                    let plan = self.plan(view);
                    self.apply_and_verify_plan(backend, plan);
                } else {
                    // Read again first: Go may have been installed, the settings changed.
                    self.handle(view, Command::App(AppCommand::Reload), backend);
                    let after = vec![(
                        Text::new(super::verify::AFTER_APPLY, "应用后"),
                        Default::default(),
                    )];
                    self.start_verify_when_loaded(view, after, backend);
                }
            }
            ApplyCommand::PreviewFix(fix) => {
                if let Some(layers) = self.layers().cloned() {
                    let plan = fix.iter().fold(Plan::default(), |p, (k, v)| p.set(k, v));
                    self.panel = Panel::Apply;
                    self.preview_plan(backend, layers, plan, self.target, false);
                }
            }
        }
    }

    /// Previews a plan, applies it as soon as the preview is ready, then verifies the settings
    /// before and after it (the onboarding's one-click retry and fix).
    fn apply_and_verify_plan(&mut self, backend: &dyn Backend, plan: Plan) {
        let (Some(layers), Some(snapshot)) = (self.layers().cloned(), self.snapshot()) else {
            return;
        };
        let before = plan
            .changes
            .keys()
            .map(|k| (k.clone(), snapshot.value(k).to_string()))
            .collect();
        self.verify.before_apply = Some(before);
        self.preview_plan(backend, layers, plan, self.target, true);
    }

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
        // The write path chosen is the one used: through the go command when that is chosen;
        // the user env file otherwise (a fix of the user's settings never goes to go.env).
        let target = match self.target {
            Target::Go => Target::Go,
            Target::File | Target::Goroot => Target::File,
        };
        self.preview_plan(backend, layers, plan, target, true);
    }
}
