//! The Doctor panel's state: the report, saving, copying, opening the places it names.

use super::*;
use crate::doctor::job::{DoctorJob, DoctorOutput};
use crate::doctor::{Input as DoctorInput, Report as DoctorReport};

/// The Doctor panel's state.
#[derive(Clone, Debug, Default)]
pub struct DoctorState {
    /// The report: being made, or made.
    pub report: Loadable<Arc<DoctorReport>>,
    /// The report file: being written, written, or why not.
    pub saved: Loadable<std::path::PathBuf, Text>,
    /// The recommendation the report was made with (its fixes offer it).
    pub made_with: Option<String>,
}

impl AppState {
    /// The Doctor panel's commands.
    pub(super) fn handle_doctor(
        &mut self,
        view: &mut UiState,
        command: DoctorCommand,
        backend: &dyn Backend,
    ) {
        match command {
            DoctorCommand::Run => self.run_doctor(view, backend),
            DoctorCommand::Save => self.save_doctor(view, backend),
            DoctorCommand::Copy => self.copy_doctor(),
            DoctorCommand::CopyPath(i) => self.copy_path(i),
        }
    }

    /// The default file for a saved report: the home folder.
    pub fn default_report_path(&self) -> String {
        super::ui_state::in_home(&self.env, super::ui_state::REPORT_FILE)
    }

    pub(super) fn run_doctor(&mut self, view: &mut UiState, backend: &dyn Backend) {
        let mut input = DoctorInput::new(self.env.clone());
        // The open project, or the one being opened.
        if let Some(p) = self.project.snapshot.ready().map(|s| &s.project) {
            input.projects.push(p.dir.clone());
        } else if !view.project.path.trim().is_empty()
            && (self.project.snapshot.is_pending() || self.project.open_when_loaded)
        {
            input.projects.push(view.project.path.trim().into());
        }
        input.recommended = self.recommendation().map(|r| r.goproxy.clone());
        self.doctor.made_with.clone_from(&input.recommended);
        let id = self.send_job(backend, Job::Doctor(DoctorJob::Run(Box::new(input))));
        self.doctor.report = Loadable::Pending(id);
    }

    pub(super) fn save_doctor(&mut self, view: &mut UiState, backend: &dyn Backend) {
        let Some(report) = self.doctor.report.ready() else {
            return;
        };
        if view.doctor.save_path.trim().is_empty() {
            view.doctor.save_path = self.default_report_path();
        }
        let markdown = crate::doctor::markdown::render(report, self.lang());
        let id = self.send_job(
            backend,
            Job::Doctor(DoctorJob::Save {
                path: std::path::PathBuf::from(view.doctor.save_path.trim()),
                markdown,
            }),
        );
        self.doctor.saved = Loadable::Pending(id);
    }

    /// One traced path as the hop table IT asks for.
    pub(super) fn copy_path(&mut self, index: usize) {
        let Some(report) = self.doctor.report.ready() else {
            return;
        };
        let Some(trace) = report.paths.get(index).and_then(|p| p.trace.as_ref()) else {
            return;
        };
        self.clipboard = Some(crate::trace::text::render(trace, self.lang()));
        self.notices.push(Text::new(
            "The path is on the clipboard as text.",
            "路径已作为文本复制到剪贴板。",
        ));
    }

    pub(super) fn copy_doctor(&mut self) {
        if let Some(report) = self.doctor.report.ready() {
            self.clipboard = Some(crate::doctor::markdown::render(report, self.lang()));
            self.notices.push(Text::new(
                "The report is on the clipboard (passwords redacted).",
                "报告已复制到剪贴板（密码已隐去）。",
            ));
        }
    }

    /// The probe decided: a report made before (without the recommendation for its fixes) is
    /// made again, so its main finding comes with the fix.
    pub(super) fn doctor_after_decision(&mut self, view: &mut UiState, backend: &dyn Backend) {
        let now = self.recommendation().map(|r| r.goproxy.clone());
        if self.doctor.report.ready().is_some() && now.is_some() && self.doctor.made_with != now {
            self.run_doctor(view, backend);
        }
    }

    /// Opens a file or folder the app names, through the desktop seam.
    pub(super) fn open_path(&mut self, path: &std::path::Path, backend: &dyn Backend) {
        if let Err(e) = backend.open(path) {
            self.notices.push(Text::new(
                format!("Cannot open {}: {e}", path.display()),
                format!("无法打开 {}：{e}", path.display()),
            ));
        }
    }

    pub(super) fn on_doctor(&mut self, id: RequestId, output: DoctorOutput) {
        match output {
            DoctorOutput::Report(report) if self.doctor.report.waits_for(id) => {
                self.doctor.report = Loadable::Ready(Arc::new(*report));
            }
            DoctorOutput::Saved(result) if self.doctor.saved.waits_for(id) => {
                self.notices.push(match &result {
                    Ok(path) => Text::new(
                        format!("Report saved: {}", path.display()),
                        format!("报告已保存：{}", path.display()),
                    ),
                    Err(text) => text.clone(),
                });
                self.doctor.saved = result.into();
            }
            _ => {}
        }
    }
}
