//! Mirrors / 镜像: the live table, the latency chart, re-probe and watch, custom mirrors and
//! "use recommended".

use crate::gui::state::{AppState, Command};
use crate::gui::strings::{Strings, strings};
use crate::i18n::Lang;
use crate::probe::checks::Measurement;
use crate::probe::stats::{StageStats, Verdict};

fn ms(v: Option<StageStats>) -> String {
    v.map_or("-".into(), |s| format!("{:.0}", s.median_ms))
}

fn yes_no(v: Option<bool>, s: &Strings) -> &'static str {
    match v {
        Some(true) => s.yes,
        Some(false) => s.no,
        None => s.unknown,
    }
}

pub fn mirrors_ui(ui: &mut egui::Ui, state: &mut AppState, out: &mut Vec<Command>) {
    let lang = state.lang();
    let s = strings(lang);
    ui.heading(s.panel_mirrors);
    ui.horizontal(|ui| {
        if state.probe.round.is_some() {
            ui.spinner();
            ui.label(s.probing);
        } else if ui.button(s.reprobe).clicked() {
            out.push(Command::StartProbe);
        }
        let mut watching = state.probe.watch.is_some();
        if ui.checkbox(&mut watching, s.watch).changed() {
            out.push(Command::ToggleWatch);
        }
        let recommended = state.recommendation().is_some();
        if ui
            .add_enabled(recommended, egui::Button::new(s.use_recommended))
            .clicked()
        {
            out.push(Command::UseRecommended);
            out.push(Command::Show(crate::gui::state::Panel::Composer));
        }
    });
    table_ui(ui, state, lang);
    if let Some(o) = &state.probe.outcome {
        ui.horizontal(|ui| {
            ui.strong(s.recommended);
            ui.monospace(format!(
                "GOPROXY={}  GOSUMDB={}",
                crate::goenv::gourl::redact_text(&o.recommended.goproxy),
                o.recommended.gosumdb
            ));
        });
    }
    login_ui(ui, state, lang, out);
    chart_ui(ui, state, s);
    ui.separator();
    ui.strong(s.custom_mirrors);
    let mut edit = None;
    for (i, url) in state
        .custom_mirrors()
        .iter()
        .map(|m| m.url.clone())
        .enumerate()
    {
        ui.horizontal(|ui| {
            ui.monospace(crate::goenv::gourl::redact(&url));
            // Editing moves the entry back into the field (credentials included, never shown
            // elsewhere) and removes it; Add puts it back.
            if ui.small_button(s.edit).clicked() {
                edit = Some((i, url.clone()));
            }
            if ui.small_button(s.remove).clicked() {
                out.push(Command::RemoveCustomMirror(i));
            }
        });
    }
    if let Some((i, url)) = edit {
        state.drafts.new_mirror = url;
        out.push(Command::RemoveCustomMirror(i));
    }
    ui.horizontal(|ui| {
        super::labeled_edit(
            ui,
            s.mirror,
            &mut state.drafts.new_mirror,
            s.add_mirror_hint,
        );
        if ui.button(s.add).clicked() && !state.drafts.new_mirror.trim().is_empty() {
            out.push(Command::AddCustomMirror(std::mem::take(
                &mut state.drafts.new_mirror,
            )));
        }
    });
}

fn table_ui(ui: &mut egui::Ui, state: &AppState, lang: Lang) {
    let s = strings(lang);
    egui::Grid::new("mirror-table")
        .striped(true)
        .num_columns(12)
        .show(ui, |ui| {
            for h in [
                s.mirror,
                s.verdict,
                s.estimate,
                s.dns,
                s.tcp,
                s.tls,
                s.ttfb,
                s.throughput,
                s.checksum_proxy,
                s.fresh,
                s.success,
            ] {
                ui.strong(h);
            }
            ui.end_row();
            match &state.probe.outcome {
                Some(o) => {
                    for r in &o.reports {
                        let name = if lang == Lang::Zh {
                            &r.measurement.name_zh
                        } else {
                            &r.measurement.name_en
                        };
                        let label = ui.label(name);
                        label.on_hover_text(r.measurement.url.clone());
                        super::status::badge(ui, &super::status::verdict(r.verdict), lang)
                            .on_hover_text(r.reason.get(lang));
                        ui.label(seconds(r.score));
                        row_ui(ui, &r.measurement, s, r.fresh);
                        ui.end_row();
                    }
                }
                None => {
                    for (i, m) in state.probe.mirrors.iter().enumerate() {
                        ui.label(if lang == Lang::Zh {
                            &m.name_zh
                        } else {
                            &m.name_en
                        });
                        match state.probe.measurements.get(i).and_then(Option::as_ref) {
                            Some(measurement) => {
                                super::status::badge(ui, &super::status::pending(), lang);
                                ui.label(seconds(crate::probe::decide::estimate_ms(
                                    measurement,
                                    &state.spec.profile,
                                )));
                                row_ui(ui, measurement, s, None);
                            }
                            None => {
                                ui.horizontal(|ui| {
                                    ui.spinner();
                                    super::status::badge(ui, &super::status::pending(), lang);
                                });
                            }
                        }
                        ui.end_row();
                    }
                }
            }
        });
}

/// For each mirror that wants a login: a login form whose entry goes into .netrc (where the
/// go command reads it); the password is never shown again.
fn login_ui(ui: &mut egui::Ui, state: &mut AppState, lang: Lang, out: &mut Vec<Command>) {
    let Some(o) = &state.probe.outcome else {
        return;
    };
    let hosts: Vec<String> = o
        .reports
        .iter()
        .filter(|r| r.verdict == Verdict::NeedsAuth)
        // The netrc machine as the go command matches it: host:port when the URL has one.
        .filter_map(|r| crate::netrc::machine_for_url(&r.measurement.url))
        .collect();
    let t = |en: &'static str, zh: &'static str| if lang == Lang::Zh { zh } else { en };
    for host in hosts {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(format!(
                "{} {host}",
                t(
                    "Sign in to the company mirror (saved in .netrc, where the go command reads it):",
                    "登录公司镜像（保存到 .netrc，go 命令从那里读取）："
                )
            ));
            ui.horizontal_wrapped(|ui| {
                let l = ui.label(t("Login", "用户名"));
                ui.add(
                    egui::TextEdit::singleline(&mut state.drafts.login_user)
                        .desired_width(140.0)
                        .id_salt(("login", &host)),
                )
                .labelled_by(l.id);
                let p = ui.label(t("Password", "密码"));
                ui.add(
                    egui::TextEdit::singleline(&mut state.drafts.login_password.0)
                        .password(true)
                        .desired_width(140.0)
                        .id_salt(("password", &host)),
                )
                .labelled_by(p.id);
                if ui
                    .button(t("Save to .netrc and probe again", "保存到 .netrc 并重新测速"))
                    .clicked()
                {
                    out.push(Command::SaveMirrorLogin { host: host.clone() });
                }
            });
        });
    }
}

/// An estimated download time, in seconds.
fn seconds(ms: Option<f64>) -> String {
    ms.map_or("-".into(), |v| format!("≈ {:.1} s", v / 1000.0))
}

fn row_ui(ui: &mut egui::Ui, m: &Measurement, s: &Strings, fresh: Option<bool>) {
    ui.label(ms(m.dns));
    ui.label(ms(m.connect));
    ui.label(ms(m.tls));
    ui.label(ms(m.ttfb));
    ui.label(
        m.throughput_bps
            .map_or("-".into(), |b| format!("{:.1} MB/s", b / 1e6)),
    );
    ui.label(yes_no(m.checksum_db_proxied, s));
    ui.label(yes_no(fresh, s));
    ui.label(format!("{:.0}%", m.success_rate * 100.0));
}

fn chart_ui(ui: &mut egui::Ui, state: &AppState, s: &Strings) {
    if state.probe.history.is_empty() && state.probe.watch_samples.is_empty() {
        return;
    }
    ui.label(s.latency_chart);
    let mut names: Vec<&str> = state
        .probe
        .history
        .iter()
        .map(|(_, n, _)| n.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let lang = state.lang();
    let name_of = |id: &str| {
        state
            .probe
            .mirrors
            .iter()
            .find(|m| m.id == id)
            .map_or(id.to_string(), |m| {
                if lang == crate::i18n::Lang::Zh {
                    m.name_zh.clone()
                } else {
                    m.name_en.clone()
                }
            })
    };
    egui_plot::Plot::new("latency")
        .height(180.0)
        .legend(egui_plot::Legend::default())
        .show(ui, |plot| {
            for name in names {
                let points: egui_plot::PlotPoints<'_> = state
                    .probe
                    .history
                    .iter()
                    .filter(|(_, n, _)| n == name)
                    .map(|(round, _, t)| [*round as f64, *t])
                    .collect();
                plot.line(egui_plot::Line::new(name_of(name), points));
            }
            if !state.probe.watch_samples.is_empty() {
                let points: egui_plot::PlotPoints<'_> = state
                    .probe
                    .watch_samples
                    .iter()
                    .map(|(x, y)| [*x, *y])
                    .collect();
                plot.line(egui_plot::Line::new(s.watch_line.to_string(), points));
            }
        });
}
