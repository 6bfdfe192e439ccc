//! The Team panel's state: a team profile opened (typed, dropped on the window, or given on
//! the command line), its preview through the normal apply path, and the snippets.

use super::*;
use crate::profile::file::TeamProfile;
use crate::profile::job::{ProfileJob, ProfileOutput};
use crate::profile::snippets::Format;

/// The Team panel's state.
#[derive(Clone, Debug, Default)]
pub struct ProfileState {
    /// The profile: being read, read, or what is wrong with it.
    pub loaded: Loadable<Box<TeamProfile>, Vec<Text>>,
    /// The exported file: being written, written, or why not.
    pub export: Loadable<std::path::PathBuf, Text>,
    /// A native file dialog is open (its answer is used at once).
    pub picking: Loadable<()>,
}

impl AppState {
    pub(super) fn open_profile(
        &mut self,
        view: &mut UiState,
        location: String,
        backend: &dyn Backend,
    ) {
        let id = self.send_job(
            backend,
            Job::Profile(ProfileJob::Read {
                location: location.clone(),
                env: self.env.clone(),
            }),
        );
        view.profile.location = location;
        self.profile.loaded = Loadable::Pending(id);
    }

    pub(super) fn handle_profile(
        &mut self,
        view: &mut UiState,
        command: ProfileCommand,
        backend: &dyn Backend,
    ) {
        match command {
            ProfileCommand::Pick => self.profile_job(ProfileJob::PickOpen, backend),
            ProfileCommand::PickExportPath => {
                let suggested = std::path::PathBuf::from(self.export_path(view));
                self.profile_job(ProfileJob::PickSave { suggested }, backend);
            }
            ProfileCommand::Export => self.export_profile(view, backend),
            ProfileCommand::ToProject => self.profile_to_project(view, backend),
            ProfileCommand::CopyNetworkSteps => {
                if let Some(p) = self.profile.loaded.ready() {
                    let steps = crate::profile::network::instructions(
                        p,
                        crate::goenv::location::TargetOs::current(),
                    );
                    self.clipboard = Some(crate::profile::network::render(&steps, self.lang()));
                    self.notices.push(Text::new(
                        "Copied: the network steps for this computer",
                        "已复制：本机的网络设置步骤",
                    ));
                }
            }
            ProfileCommand::Open(location) => self.open_profile(view, location, backend),
            ProfileCommand::Preview => {
                if let (Some(layers), Some(p)) =
                    (self.layers().cloned(), self.profile.loaded.ready().cloned())
                {
                    let mut plan = p
                        .settings
                        .iter()
                        .fold(Plan::default(), |pl, (k, v)| pl.set(k, v));
                    plan.source = Some(format!(
                        "team profile {}",
                        p.team
                            .name
                            .clone()
                            .unwrap_or_else(|| view.profile.location.clone())
                    ));
                    self.panel = Panel::Apply;
                    self.preview_plan(backend, layers, plan, self.target, false);
                }
            }
            ProfileCommand::CopySnippet(format) => self.copy_snippet(format),
        }
    }

    fn profile_job(&mut self, job: ProfileJob, backend: &dyn Backend) {
        let export = matches!(job, ProfileJob::Export { .. });
        let id = self.send_job(backend, Job::Profile(job));
        if export {
            self.profile.export = Loadable::Pending(id);
        } else {
            self.profile.picking = Loadable::Pending(id);
        }
    }

    /// The export path, or the suggestion: `team.gomirror.toml` in the home folder.
    pub fn export_path(&self, view: &UiState) -> String {
        if !view.profile.export_path.trim().is_empty() {
            return view.profile.export_path.trim().to_string();
        }
        super::ui_state::in_home(&self.env, super::ui_state::EXPORT_FILE)
    }

    /// The settings an export carries: the ones set now, with the pending changes of the
    /// settings panels (not applied) on top.
    pub fn export_settings(&self, view: &UiState) -> std::collections::BTreeMap<String, String> {
        let current = self
            .snapshot()
            .map(crate::profile::chosen_settings)
            .unwrap_or_default();
        self.plan(view).applied_to(&current)
    }

    fn export_profile(&mut self, view: &mut UiState, backend: &dyn Backend) {
        let settings = self.export_settings(view);
        let custom: Vec<crate::mirrors::Mirror> =
            self.custom_mirrors().into_iter().cloned().collect();
        let profile = crate::profile::export(&settings, &custom);
        let path = std::path::PathBuf::from(self.export_path(view));
        view.profile.export_path = path.display().to_string();
        self.profile_job(
            ProfileJob::Export {
                path,
                text: crate::profile::to_toml(&profile),
                env: self.env.clone(),
            },
            backend,
        );
    }

    fn profile_to_project(&mut self, view: &mut UiState, backend: &dyn Backend) {
        let Some(p) = self.profile.loaded.ready().cloned() else {
            return;
        };
        self.panel = Panel::Projects;
        if self.project.snapshot.ready().is_none() {
            self.notices.push(Text::new(
                "Open the project first (Choose folder), then use the team profile for it from the Team panel.",
                "请先打开项目（选择文件夹），再到“团队”面板把团队配置用于该项目。",
            ));
            return;
        }
        view.project.draft.use_values(&p.environment());
        self.project_preview(view, backend);
    }

    pub(super) fn on_profile(
        &mut self,
        view: &mut UiState,
        id: RequestId,
        output: ProfileOutput,
        backend: &dyn Backend,
    ) {
        let output = match output {
            ProfileOutput::Read(read) => read,
            ProfileOutput::Picked(picked) => {
                if self.profile.picking.waits_for(id) {
                    self.profile.picking = Loadable::Idle;
                    if let Some(path) = picked {
                        self.open_profile(view, path.display().to_string(), backend);
                    }
                }
                return;
            }
            ProfileOutput::PickedSave(picked) => {
                if self.profile.picking.waits_for(id) {
                    self.profile.picking = Loadable::Idle;
                    if let Some(path) = picked {
                        view.profile.export_path = path.display().to_string();
                    }
                }
                return;
            }
            ProfileOutput::Exported(result) => {
                if self.profile.export.waits_for(id) {
                    self.notices.push(match &result {
                        Ok(path) => {
                            let shown = path.display();
                            Text::new(
                                format!("Team profile written to {shown} (no password in it)."),
                                format!("团队配置已写入 {shown}（其中不含密码）。"),
                            )
                        }
                        Err(e) => e.clone(),
                    });
                    self.profile.export = result.into();
                }
                return;
            }
        };
        if !self.profile.loaded.waits_for(id) {
            return;
        }
        if let Ok(p) = &output {
            // The company proxy and CA reach the go command only through the process
            // environment: this window's probes and verifications use them from now on;
            // the snippets carry them to the user's shells.
            let network = p.network_environment();
            if !network.is_empty() {
                let names: Vec<&str> = network.keys().map(String::as_str).collect();
                let names = names.join(", ");
                self.notices.push(Text::new(
                        format!("This window's probes and verifications now use the profile's {names}; the snippets below set them in your shell."),
                        format!("本窗口的测速和验证现在使用团队配置中的 {names}；下方的代码片段可把它们写入你的终端配置。"),
                    ));
                self.env.extend(network);
            }
        }
        self.profile.loaded = output.into();
    }

    /// The settings the snippets carry: the opened profile's, else the ones the user set.
    pub fn snippet_settings(&self) -> std::collections::BTreeMap<String, String> {
        match self.profile.loaded.ready() {
            Some(p) => p.environment(),
            None => self
                .snapshot()
                .map(crate::profile::chosen_settings)
                .unwrap_or_default(),
        }
    }

    pub(super) fn copy_snippet(&mut self, format: Format) {
        let snippet = crate::profile::snippets::render(format, &self.snippet_settings());
        self.clipboard = Some(snippet.text);
        self.notices.push(Text::new(
            format!("Copied: {}", format.label().en),
            format!("已复制：{}", format.label().zh),
        ));
    }
}
