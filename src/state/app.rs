//! The window's own commands: reloading, language and theme, navigation, notices, files.

use super::*;

impl AppState {
    /// The settings arrived: the drafts start from them, and what waited for them runs.
    pub(super) fn on_loaded(
        &mut self,
        view: &mut UiState,
        id: RequestId,
        loaded: Box<(Layers, Snapshot)>,
        backend: &dyn Backend,
    ) {
        if self.loaded.waits_for(id) {
            view.drafts.reset_from(&loaded.1);
            self.goroot_writable = loaded.0.goroot_env_writable;
            self.loaded = Loadable::Ready(Arc::new(*loaded));
            if let Some(configs) = self.verify.after_load.take() {
                self.start_verify(view, configs, backend);
            }
            if std::mem::take(&mut self.project.open_when_loaded) {
                let dir = view.project.path.clone();
                self.open_project(view, dir, backend);
            } else {
                // What the open project's tools give the go command depends on the settings
                // just read (an apply or an undo elsewhere): its tables are made again.
                self.reread_project(backend);
            }
            self.keep_watching(backend);
        }
    }

    /// The window's own commands.
    pub(super) fn handle_app(
        &mut self,
        view: &mut UiState,
        command: AppCommand,
        backend: &dyn Backend,
    ) {
        match command {
            AppCommand::Reload => {
                let id = self.send_job(
                    backend,
                    Job::Load {
                        env: self.env.clone(),
                    },
                );
                self.loaded = Loadable::Pending(id);
                self.handle(view, Command::Apply(ApplyCommand::RefreshHistory), backend);
                let id = self.send_job(
                    backend,
                    Job::LoadMirrors {
                        env: self.env.clone(),
                    },
                );
                self.mirrors = Loadable::Pending(id);
            }
            AppCommand::SetLang(lang) => self.settings.lang = Some(lang),
            AppCommand::SetTheme(theme) => self.settings.theme = theme,
            AppCommand::ToggleAbout => self.about_open = !self.about_open,
            AppCommand::Show(panel) => {
                self.panel = panel;
                // The first look at the doctor is its report: no extra click.
                if panel == Panel::Doctor && self.doctor.report.is_idle() {
                    self.run_doctor(view, backend);
                }
            }
            AppCommand::Step(step) => {
                self.step = step;
                if step == Step::Apply {
                    self.handle(
                        view,
                        Command::Mirrors(MirrorsCommand::UseRecommended),
                        backend,
                    );
                    self.handle(view, Command::Apply(ApplyCommand::Preview), backend);
                }
            }
            AppCommand::FinishOnboarding => {
                self.settings.onboarding_done = true;
                self.panel = Panel::Overview;
            }
            AppCommand::Dismiss(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
            AppCommand::OpenPath(path) => self.open_path(&path, backend),
            AppCommand::DismissAlert => self.alerts.banner = None,
        }
    }
}
