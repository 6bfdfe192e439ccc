//! Overview / 概览: the go binary, the env file, every setting with its source and conflicts.

use crate::goenv::conflicts::{Fix, remove_os_variable_help};
use crate::goenv::model::Source;
use crate::i18n::Lang;
use crate::state::{AppCommand, ApplyCommand};
use crate::state::{AppState, Command, Loadable, OsVarCommand, OsVarState};
use crate::ui::strings::strings;

/// How to install Go, in words.
pub fn install_help(lang: Lang) -> &'static str {
    let s = strings(lang);
    if cfg!(windows) {
        s.install_go_windows
    } else if cfg!(target_os = "macos") {
        s.install_go_macos
    } else {
        s.install_go_linux
    }
}

/// The Overview panel.
pub fn overview_ui(ui: &mut egui::Ui, state: &AppState, out: &mut Vec<Command>) {
    let lang = state.lang();
    let s = strings(lang);
    ui.horizontal(|ui| {
        ui.heading(s.panel_overview);
        if ui.button(s.reload).clicked() {
            out.push(Command::App(AppCommand::Reload));
        }
    });
    let snapshot = match &state.loaded {
        Loadable::Ready(l) => &l.1,
        Loadable::Failed(e) => {
            super::error_text(ui, &e.message, lang);
            return;
        }
        _ => {
            ui.horizontal(|ui| {
                crate::ui::widgets::busy(ui);
                ui.label(s.loading);
            });
            return;
        }
    };
    // The go command is in the health card; without one, how to install it.
    super::health::health_ui(ui, state, lang);
    if snapshot.go.is_none() {
        ui.horizontal_wrapped(|ui| {
            ui.strong(s.go_binary);
            ui.vertical(|ui| {
                super::warn_line(ui, s.go_not_found);
                ui.label(install_help(lang));
            });
        });
    }
    ui.horizontal_wrapped(|ui| {
        ui.strong(s.env_file);
        ui.add(
            egui::Label::new(
                snapshot
                    .env_file
                    .as_ref()
                    .map_or(s.none.to_string(), |p| p.display().to_string()),
            )
            .wrap(),
        );
    });
    ui.separator();
    // One row per setting: the key, then its value and source (wrapping on narrow windows),
    // its conflicts below with their fixes.
    let pal = super::theme::palette(ui);
    let key_w = 130.0;
    ui.horizontal(|ui| {
        super::cell(ui, egui::Align::Center, key_w, |ui| ui.strong(s.setting));
        ui.strong(format!("{} · {}", s.value, s.source));
    });
    let ordered = crate::goenv::keys::model_keys().filter_map(|k| snapshot.vars.get_key_value(k));
    for (i, (key, var)) in ordered.enumerate() {
        egui::Frame::new()
            .fill(if i % 2 == 1 { pal.surface } else { pal.bg })
            .inner_margin(egui::Margin::symmetric(4, 3))
            .corner_radius(egui::CornerRadius::same(super::theme::radius::WIDGET))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    super::cell(ui, egui::Align::Min, key_w, |ui| ui.monospace(key));
                    ui.vertical(|ui| {
                        let unknown_default = snapshot.go.is_none()
                            && var.value.is_empty()
                            && var.source == Source::Default
                            && matches!(key.as_str(), "GOPROXY" | "GOSUMDB" | "GOTOOLCHAIN");
                        if unknown_default {
                            ui.weak(s.default_unknown);
                        } else {
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(crate::goenv::gourl::redact_text(
                                        &var.value,
                                    ))
                                    .monospace(),
                                )
                                .wrap(),
                            );
                        }
                        ui.small(crate::ui::strings::source_label(var.source, lang));
                        for (j, conflict) in var.conflicts.iter().enumerate() {
                            super::warn_text(ui, &conflict.message, lang);
                            // Several rows can need the same fix (GOPRIVATE feeds GONOPROXY and
                            // GONOSUMDB): each row's widgets get ids of their own.
                            ui.push_id((key.as_str(), j), |ui| {
                                fix_ui(ui, conflict.fix.as_ref(), &state.osvar, lang, out);
                            });
                        }
                    });
                });
            });
    }
}

fn fix_ui(
    ui: &mut egui::Ui,
    fix: Option<&Fix>,
    osvar: &OsVarState,
    lang: Lang,
    out: &mut Vec<Command>,
) {
    let s = strings(lang);
    match fix {
        Some(Fix::RemoveOsVariable { key }) => {
            if osvar.key.as_deref() == Some(key.as_str()) {
                osvar_ui(ui, osvar, lang, out);
            } else if ui.button(format!("{} ({key})", s.osvar_find)).clicked() {
                out.push(Command::OsVar(OsVarCommand::Preview(key.clone())));
            }
            ui.collapsing(format!("{} ({key})", s.fix_outside), |ui| {
                ui.label(remove_os_variable_help(key).get(lang));
            });
        }
        Some(f @ (Fix::UnsetInFile { key } | Fix::SetInFile { key, .. }))
            if ui.button(format!("{} ({key})", s.fix)).clicked() =>
        {
            out.push(Command::Apply(ApplyCommand::Fix(f.clone())));
        }
        Some(f @ Fix::MoveCredentialsToNetrc) if ui.button(s.move_to_netrc).clicked() => {
            out.push(Command::Apply(ApplyCommand::Fix(f.clone())));
        }
        _ => {}
    }
}

/// Where the variable is set (the preview), the button that removes it, and what it did.
fn osvar_ui(ui: &mut egui::Ui, osvar: &OsVarState, lang: Lang, out: &mut Vec<Command>) {
    let s = strings(lang);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        match &osvar.outcome {
            Loadable::Pending(_) => {
                crate::ui::widgets::busy(ui);
            }
            Loadable::Ready(Ok(done)) => {
                ui.label(s.osvar_removed);
                for r in &done.removed {
                    ui.monospace(r);
                }
                for c in &done.left {
                    ui.label(s.osvar_admin);
                    ui.monospace(c);
                }
                for n in &done.notes {
                    ui.small(n.get(lang));
                }
            }
            Loadable::Ready(Err(e)) => super::warn_text(ui, e, lang),
            _ => match &osvar.places {
                Loadable::Pending(_) => {
                    crate::ui::widgets::busy(ui);
                }
                Loadable::Ready(Ok(places)) => {
                    ui.label(s.osvar_where);
                    for p in places {
                        ui.monospace(p.describe());
                        if p.scope == crate::osvar::Scope::System {
                            ui.small(format!("{} {}", s.osvar_admin, p.admin_command()));
                        }
                    }
                    let removable = places.iter().any(|p| p.scope == crate::osvar::Scope::User);
                    if ui
                        .add_enabled(removable, egui::Button::new(s.osvar_remove))
                        .clicked()
                    {
                        out.push(Command::OsVar(OsVarCommand::Unset));
                    }
                }
                Loadable::Ready(Err(e)) => super::warn_text(ui, e, lang),
                _ => {}
            },
        }
        if ui.small_button(s.osvar_close).clicked() {
            out.push(Command::OsVar(OsVarCommand::Close));
        }
    });
}
