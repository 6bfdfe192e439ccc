//! Projects / 项目: open a project, see what each tool gives the go command there and why, and
//! change checksum verification, private modules, GOPROXY and GOFLAGS for that project only.

mod edit;
mod git;

use git::git_ui;

use crate::i18n::Lang;
use crate::project::TargetKind;
use crate::project::access::Access;
use crate::project::effective::{Consumer, Effective, ProjectSource};
use crate::project::job::ProjectSnapshot;
use crate::state::{AppState, Command, Loadable, UiState};
use crate::state::{ApplyCommand, ProjectCommand};
use crate::ui::strings::project::ProjectStrings;
use crate::ui::strings::strings;

/// The Projects panel.
pub fn project_ui(ui: &mut egui::Ui, state: &AppState, view: &mut UiState, out: &mut Vec<Command>) {
    let lang = state.lang();
    let p = &crate::ui::strings::strings(lang).project;
    ui.heading(p.panel);
    ui.label(p.intro);
    open_row(ui, state, view, p, out);
    ui.separator();
    let snap = match &state.project.snapshot {
        Loadable::Idle => {
            ui.label(p.empty);
            return;
        }
        Loadable::Pending(_) => {
            ui.horizontal(|ui| {
                crate::ui::widgets::busy(ui);
                ui.label(p.reading);
            });
            return;
        }
        Loadable::Failed(e) => {
            super::error_text(ui, &e.message, lang);
            return;
        }
        Loadable::Ready(snap) => snap.as_ref(),
    };
    summary_ui(ui, snap, lang, p, out);
    ui.separator();
    effective_ui(ui, snap, lang, p);
    ui.separator();
    edit::edit_ui(ui, state, view, snap, p, out);
    ui.separator();
    git_ui(ui, state, snap, p, out);
    ui.separator();
    apply_ui(ui, state, view, p, out);
}

fn open_row(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut UiState,
    p: &ProjectStrings,
    out: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(p.path);
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut view.project.path)
                    .hint_text(p.path_hint)
                    .desired_width(360.0),
            )
            .labelled_by(l.id);
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button(p.open).clicked() || enter {
            out.push(Command::Project(ProjectCommand::Open(
                view.project.path.clone(),
            )));
        }
        if ui.button(p.pick).clicked() {
            out.push(Command::Project(ProjectCommand::PickFolder));
        }
    });
    if !state.settings.recent_projects.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(p.recent);
            for dir in &state.settings.recent_projects {
                let name = std::path::Path::new(dir)
                    .file_name()
                    .map_or(dir.clone(), |n| n.to_string_lossy().into_owned());
                if ui.link(name).on_hover_text(dir).clicked() {
                    out.push(Command::Project(ProjectCommand::Open(dir.clone())));
                }
            }
        });
    }
}

fn summary_ui(
    ui: &mut egui::Ui,
    snap: &ProjectSnapshot,
    lang: Lang,
    p: &ProjectStrings,
    out: &mut Vec<Command>,
) {
    let project = &snap.project;
    ui.horizontal_wrapped(|ui| {
        ui.strong(project.dir.display().to_string());
        ui.small(format!("({} {:.0} ms)", p.read_in, snap.took_ms));
    });
    match &project.gomod {
        Some(m) => {
            let module = m.module.as_deref().unwrap_or("?");
            let mut line = format!("{}: {module}", p.module);
            if let Some(go) = &m.go {
                line.push_str(&format!("   go {go}"));
            }
            if let Some(t) = &m.toolchain {
                line.push_str(&format!("   toolchain {t}"));
            }
            line.push_str(&format!("   {} {}", m.requires.len(), p.requires));
            ui.label(line);
        }
        None => {
            ui.label(p.no_gomod);
        }
    }
    for r in &project.remotes {
        ui.monospace(format!("git: {}", crate::goenv::gourl::redact_text(r)));
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(p.files);
        for kind in TargetKind::ALL {
            let f = project.target(kind);
            let state = if f.exists() { p.exists } else { p.absent };
            ui.monospace(format!("{} ({state})", kind.relative_path()));
        }
    });
    for kind in TargetKind::ALL {
        if let Some(e) = &project.target(kind).error {
            super::error_text(ui, e, lang);
        }
    }
    if project.envrc.exists() && project.envrc_allowed == Some(false) {
        ui.horizontal_wrapped(|ui| {
            super::warn_line(ui, p.envrc_not_allowed);
            if ui.button(p.allow_direnv).clicked() {
                out.push(Command::Project(ProjectCommand::AllowDirenv));
            }
        });
    }
    if !snap.conflicts.is_empty() {
        ui.label(p.conflicts);
        for c in &snap.conflicts {
            super::warn_text(ui, &c.message, lang);
        }
    }
}

/// The settings the table shows, in this order.
const EFFECTIVE_KEYS: [&str; 7] = [
    "GOPROXY",
    "GOSUMDB",
    "GOPRIVATE",
    "GONOPROXY",
    "GONOSUMDB",
    "GOFLAGS",
    "GOTOOLCHAIN",
];

/// Below this width the table (a column per tool) folds into one block per setting.
const EFFECTIVE_FOLD_WIDTH: f32 = 760.0;

fn effective_ui(ui: &mut egui::Ui, snap: &ProjectSnapshot, lang: Lang, p: &ProjectStrings) {
    let s = strings(lang);
    ui.strong(p.effective);
    ui.small(p.effective_help);
    let entry = |c: &Consumer, key: &str| snap.table.get(c).and_then(|row| row.get(key));
    if ui.available_width() < EFFECTIVE_FOLD_WIDTH {
        // Narrow: each setting, then one wrapping line per tool.
        for key in EFFECTIVE_KEYS {
            ui.separator();
            ui.monospace(egui::RichText::new(key).strong());
            ui.indent(("project-effective", key), |ui| {
                for c in Consumer::ALL {
                    let Some(e) = entry(&c, key) else { continue };
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!("{}:", c.label().get(lang)));
                        effective_value(ui, e, lang);
                    });
                }
            });
        }
        return;
    }
    // The values share the width (the setting names take what they need): a URL list gets
    // the room to stay on one line, and breaks after its separators when it cannot.
    let spacing = ui.spacing().item_spacing.x;
    let key_w = 120.0;
    let col_w =
        ((ui.available_width() - key_w) / Consumer::ALL.len() as f32 - 2.0 * spacing).max(140.0);
    egui::Grid::new("project-effective-grid")
        .striped(true)
        .num_columns(Consumer::ALL.len() + 1)
        .show(ui, |ui| {
            ui.strong(s.setting);
            for c in Consumer::ALL {
                ui.strong(c.label().get(lang));
            }
            ui.end_row();
            for key in EFFECTIVE_KEYS {
                ui.monospace(key);
                for c in Consumer::ALL {
                    match entry(&c, key) {
                        Some(e) => {
                            ui.vertical(|ui| {
                                ui.set_width(col_w);
                                effective_value(ui, e, lang)
                            });
                        }
                        None => {
                            ui.label("");
                        }
                    }
                }
                ui.end_row();
            }
        });
}

/// One tool's value of a setting (passwords redacted, the project's own values in bold) and
/// where it comes from.
fn effective_value(ui: &mut egui::Ui, e: &Effective, lang: Lang) {
    let value = if e.value.is_empty() {
        "–".to_string()
    } else {
        crate::goenv::gourl::redact_text(&e.value)
    };
    let room = ui.available_width();
    let strong = e.source == ProjectSource::Project;
    crate::ui::widgets::list_value(ui, &value, room, strong);
    ui.small(e.source.label().get(lang));
}

fn apply_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut UiState,
    p: &ProjectStrings,
    out: &mut Vec<Command>,
) {
    let lang = state.lang();
    ui.horizontal_wrapped(|ui| {
        ui.label(p.targets);
        for kind in TargetKind::ALL {
            let mut on = view.project.draft.targets.contains(&kind);
            if ui.checkbox(&mut on, kind.relative_path()).changed() {
                if on {
                    view.project.draft.targets.insert(kind);
                } else {
                    view.project.draft.targets.remove(&kind);
                }
            }
        }
    });
    if view.project.draft.targets.contains(&TargetKind::Goland) {
        super::warn_line(ui, p.goland_warning);
    }
    let plan = view.project.draft.plan();
    ui.horizontal(|ui| {
        let can_preview = !plan.changes.is_empty() && !view.project.draft.targets.is_empty();
        if ui
            .add_enabled(can_preview, egui::Button::new(p.preview))
            .clicked()
        {
            out.push(Command::Project(ProjectCommand::Preview));
        }
        let ready = state.project.prepared.ready().is_some();
        let confirmed = !view.project.draft.needs_confirmation();
        if ui
            .add_enabled(ready && confirmed, egui::Button::new(p.apply))
            .clicked()
        {
            out.push(Command::Project(ProjectCommand::Apply));
        }
        if ready && !confirmed {
            ui.small(p.confirm_first);
        }
    });
    if plan.changes.is_empty() && state.project.prepared.ready().is_none() {
        ui.small(p.no_change);
    }
    match &state.project.prepared {
        Loadable::Ready(prep) => {
            super::problems_ui(ui, &prep.warnings, lang);
            for s in &prep.shadowed {
                super::warn_text(ui, s, lang);
            }
            let diff = prep.diff();
            if diff.is_empty() {
                ui.label(p.no_change);
            } else {
                egui::ScrollArea::vertical()
                    .id_salt("project-diff")
                    .max_height(260.0)
                    .show(ui, |ui| {
                        crate::ui::widgets::diff(ui, diff, "project-diff-lines");
                    });
            }
        }
        Loadable::Failed(e) => {
            super::error_text(ui, &e.message, lang);
            super::problems_ui(ui, &e.problems, lang);
        }
        _ => {}
    }
    match &state.project.outcome {
        Loadable::Ready(o) => {
            for f in &o.files {
                ui.label(format!("{} {}", p.written, f.display()));
            }
            for s in &o.shadowed {
                super::warn_text(
                    ui,
                    &crate::i18n::Text::new(
                        format!("{} {}", p.shadowed, s.en),
                        format!("{}{}", p.shadowed, s.zh),
                    ),
                    lang,
                );
            }
            for n in &o.notes {
                ui.small(n.get(lang));
            }
            if o.history_id.is_some() && ui.button(p.undo).clicked() {
                out.push(Command::Apply(ApplyCommand::Undo));
            }
        }
        Loadable::Failed(e) => super::error_text(ui, &e.message, lang),
        _ => {}
    }
    match &state.project.told {
        Loadable::Ready(t) => {
            ui.label(t.get(lang));
        }
        Loadable::Failed(e) => super::error_text(ui, &e.message, lang),
        _ => {}
    }
}
