//! The Projects panel's git section: can git (as the go command runs it) reach the private
//! repositories, and the fixes (a sign-in, SSH instead of https).

use super::*;

pub(super) fn git_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    snap: &ProjectSnapshot,
    p: &ProjectStrings,
    out: &mut Vec<Command>,
) {
    let lang = state.lang();
    ui.strong(p.git);
    ui.small(p.git_help);
    if snap.project.remotes.is_empty() {
        ui.label(p.git_no_remote);
        return;
    }
    ui.horizontal(|ui| {
        if ui.button(p.git_check).clicked() {
            out.push(Command::Project(ProjectCommand::CheckGit));
        }
        if state.project.git.is_pending() {
            crate::ui::widgets::busy(ui);
        }
    });
    if let Loadable::Ready(reports) = &state.project.git {
        for r in reports {
            let text = r.explain();
            if r.access == Access::Ok {
                ui.label(text.get(lang));
            } else {
                crate::ui::warn_text(ui, &text, lang);
            }
            if !r.detail.is_empty() {
                ui.small(format!("git: {}", r.detail));
            }
            if matches!(r.access, Access::NeedsCredentials | Access::AuthFailed)
                && let Some((host, _)) = crate::project::git::url_host_path(&r.url)
            {
                ui.horizontal_wrapped(|ui| {
                    if ui.button(format!("{} ({host})", p.use_ssh)).clicked() {
                        out.push(Command::Project(ProjectCommand::UseSsh {
                            host: host.clone(),
                            confirm: false,
                        }));
                    }
                });
                ui.small(p.netrc_hint);
            }
        }
    }
    match &state.project.ssh_preview {
        Loadable::Ready((host, Some(diff))) => {
            crate::ui::widgets::diff(ui, diff, "ssh-diff");
            if ui.button(p.ssh_apply).clicked() {
                out.push(Command::Project(ProjectCommand::UseSsh {
                    host: host.clone(),
                    confirm: true,
                }));
            }
        }
        Loadable::Ready((_, None)) => {
            ui.label(p.ssh_already);
        }
        Loadable::Failed(e) => crate::ui::error_text(ui, &e.message, lang),
        _ => {}
    }
}
