//! Doctor / 诊断: the report the worker builds, findings first (each with its glyph, its word
//! and the fix), then the facts by section; copy, save and open buttons.

use crate::doctor::markdown::{glyph, size};
use crate::doctor::{Report, Severity};
use crate::i18n::Lang;
use crate::state::{AppCommand, ApplyCommand, DoctorCommand};
use crate::state::{AppState, Command, UiState};
use crate::ui::strings::doctor::DoctorStrings;

fn severity_color(ui: &egui::Ui, s: Severity) -> egui::Color32 {
    use super::theme::Tone;
    super::theme::tone_color(
        ui,
        match s {
            Severity::Ok => Tone::Good,
            Severity::Info => Tone::Info,
            Severity::Warning => Tone::Warn,
            Severity::Problem => Tone::Bad,
        },
    )
}

/// The Doctor panel.
pub fn doctor_ui(ui: &mut egui::Ui, state: &AppState, view: &mut UiState, out: &mut Vec<Command>) {
    let lang = state.lang();
    let s = &crate::ui::strings::strings(lang).doctor;
    ui.heading(s.panel);
    ui.label(s.intro);
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        if state.doctor.report.is_pending() {
            crate::ui::widgets::busy(ui);
            ui.label(s.running);
        } else if ui.button(s.run).clicked() {
            out.push(Command::Doctor(DoctorCommand::Run));
        }
        let has = state.doctor.report.ready().is_some();
        if ui.add_enabled(has, egui::Button::new(s.copy)).clicked() {
            out.push(Command::Doctor(DoctorCommand::Copy));
        }
    });
    let Some(report) = state.doctor.report.ready().cloned() else {
        ui.add_space(12.0);
        ui.label(s.empty);
        return;
    };
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(s.save_path);
        if view.doctor.save_path.is_empty() {
            view.doctor.save_path = state.default_report_path();
        }
        ui.add(
            egui::TextEdit::singleline(&mut view.doctor.save_path)
                .desired_width(320.0)
                .id_salt("doctor-save-path"),
        )
        .labelled_by(label.id);
        if ui
            .add_enabled(!state.doctor.saved.is_pending(), egui::Button::new(s.save))
            .clicked()
        {
            out.push(Command::Doctor(DoctorCommand::Save));
        }
        if let Some(saved) = state.doctor.saved.ready()
            && ui.button(s.open_saved).clicked()
        {
            out.push(Command::App(AppCommand::OpenPath(saved.clone())));
        }
    });
    ui.separator();
    findings_ui(ui, &report, lang, s, out);
    if !report.paths.is_empty() {
        ui.add_space(8.0);
        ui.strong(s.paths);
        for (i, p) in report.paths.iter().enumerate() {
            ui.push_id(("doctor-path", i), |ui| {
                super::path::path_ui(ui, p, i, lang, s, out);
            });
            ui.add_space(4.0);
        }
    }
    facts_ui(ui, &report, lang, s, out);
}

fn findings_ui(
    ui: &mut egui::Ui,
    report: &Report,
    lang: Lang,
    s: &DoctorStrings,
    out: &mut Vec<Command>,
) {
    ui.strong(s.findings);
    for f in &report.findings {
        ui.horizontal_wrapped(|ui| {
            let color = severity_color(ui, f.severity);
            ui.colored_label(
                color,
                format!("{} {}", glyph(f.severity), f.severity.label().get(lang)),
            );
            ui.label(f.text().get(lang));
        });
        // The fix on a row of its own, under its finding (never squeezed after a long line).
        if let Some(fix) = &f.fix {
            ui.indent(("doctor-fix", f.id), |ui| {
                if ui.button(s.preview_fix).clicked() {
                    out.push(Command::Apply(ApplyCommand::PreviewFix(fix.clone())));
                }
            });
        }
    }
}

fn facts_ui(ui: &mut egui::Ui, r: &Report, lang: Lang, s: &DoctorStrings, out: &mut Vec<Command>) {
    ui.add_space(8.0);
    egui::CollapsingHeader::new(s.go)
        .default_open(true)
        .show(ui, |ui| {
            if let Some(get) = &r.go.get_go {
                ui.horizontal_wrapped(|ui| {
                    ui.label(s.no_go);
                    ui.hyperlink(get.official);
                    ui.hyperlink(get.china);
                });
            }
            for b in &r.go.binaries {
                // The path on its own line (it is long), then what it is.
                ui.add(egui::Label::new(egui::RichText::new(&b.path).monospace()).wrap());
                ui.horizontal_wrapped(|ui| {
                    ui.label(b.version.as_deref().unwrap_or("?"));
                    ui.weak(format!("GOROOT {}", b.goroot.as_deref().unwrap_or("?")));
                    if b.selected {
                        ui.strong(format!("√ {}", s.used));
                    }
                });
            }
        });
    if !r.mirrors.is_empty() {
        egui::CollapsingHeader::new(s.mirrors)
            .default_open(true)
            .show(ui, |ui| {
                for m in &r.mirrors {
                    ui.horizontal_wrapped(|ui| {
                        ui.monospace(&m.url);
                        super::status::badge(ui, &super::status::verdict(m.verdict), lang);
                        if let Some(t) = m.ttfb_ms {
                            ui.label(format!("{t:.0} ms"));
                        }
                        ui.label(if lang == Lang::Zh {
                            &m.reason_zh
                        } else {
                            &m.reason
                        });
                    });
                }
            });
    }
    if !r.dns.is_empty() {
        egui::CollapsingHeader::new(s.dns).show(ui, |ui| {
            for d in &r.dns {
                let answer = d.error.clone().unwrap_or_else(|| d.addresses.join(", "));
                let mark = if d.flagged { "× " } else { "" };
                ui.label(format!("{mark}{} ({}): {answer}", d.host, d.role));
            }
        });
    }
    egui::CollapsingHeader::new(s.proxy).show(ui, |ui| {
        if r.proxy.is_empty() {
            ui.label(s.none);
        }
        for p in &r.proxy {
            ui.monospace(format!("{}={}", p.name, p.value));
        }
    });
    egui::CollapsingHeader::new(s.modcache).show(ui, |ui| {
        let m = &r.modcache;
        ui.monospace(&m.path);
        ui.label(format!(
            "{} · {} {}{} · {} {}",
            if m.writable {
                s.writable
            } else {
                s.not_writable
            },
            s.size,
            if m.size_complete { "" } else { "≥ " },
            size(m.size_bytes),
            s.free,
            m.free_bytes.map_or("?".into(), size)
        ));
    });
    egui::CollapsingHeader::new(s.git_netrc).show(ui, |ui| {
        ui.label(format!(
            "git: {} · url.*.insteadOf: {}",
            r.git.version.as_deref().unwrap_or(s.none),
            r.git.insteadof_rules
        ));
        ui.label(format!(
            ".netrc: {} · {}",
            r.netrc.path.as_deref().unwrap_or(s.none),
            if r.netrc.exists {
                r.netrc.machines.to_string()
            } else {
                s.none.to_string()
            }
        ));
    });
    if !r.toolchain.is_empty() {
        egui::CollapsingHeader::new(s.toolchain)
            .default_open(true)
            .show(ui, |ui| {
                for t in &r.toolchain {
                    ui.label(format!(
                        "{}: {} → {} · GOTOOLCHAIN={} · {}",
                        t.project,
                        t.installed.as_deref().unwrap_or("-"),
                        t.needs,
                        t.gotoolchain,
                        t.action
                    ));
                }
            });
    }
    for p in &r.projects {
        egui::CollapsingHeader::new(format!("{} {}", s.projects, p.dir)).show(ui, |ui| {
            for o in &p.overrides {
                ui.label(format!(
                    "{}: {}={}",
                    o.consumer.label().get(lang),
                    o.key,
                    o.value
                ));
            }
            for c in &p.conflicts {
                ui.label(format!("⚠ {}", c.get(lang)));
            }
        });
    }
    egui::CollapsingHeader::new(s.places)
        .default_open(true)
        .show(ui, |ui| {
            for (label, path) in &r.places {
                ui.horizontal_wrapped(|ui| {
                    ui.monospace(path.display().to_string());
                    if ui
                        .add(egui::Button::new(format!("{} {}", s.open, label.get(lang))))
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        out.push(Command::App(AppCommand::OpenPath(path.clone())));
                    }
                });
            }
        });
}
