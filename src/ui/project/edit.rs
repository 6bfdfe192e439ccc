//! The Projects panel's settings in the user's words: checksum verification, private modules
//! (with offline suggestions and the route tester in the project's context), GOPROXY, GOFLAGS.

use crate::goenv::route::{self, RouteSettings};
use crate::project::effective::{Consumer, ProjectSource};
use crate::project::job::ProjectSnapshot;
use crate::state::{AppState, Command, ProjectSumdb, UiState};
use crate::ui::strings::project::ProjectStrings;

pub(super) fn edit_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut UiState,
    snap: &ProjectSnapshot,
    p: &ProjectStrings,
    _out: &mut Vec<Command>,
) {
    let lang = state.lang();
    let d = &mut view.project.draft;
    ui.strong(p.checksum);
    for (kind, label) in [
        (ProjectSumdb::Inherit, p.sumdb_inherit),
        (ProjectSumdb::Default, p.sumdb_default),
        (ProjectSumdb::China, p.sumdb_cn),
        (ProjectSumdb::Mirror, p.sumdb_mirror),
        (ProjectSumdb::Off, p.sumdb_off),
        (ProjectSumdb::Some, p.sumdb_some),
    ] {
        ui.radio_value(&mut d.sumdb, kind, label);
        if d.sumdb == kind {
            ui.indent(label, |ui| match kind {
                ProjectSumdb::Mirror => {
                    super::super::labeled_edit(
                        ui,
                        "GOSUMDB",
                        &mut d.sumdb_mirror,
                        "sum.golang.org https://goproxy.cn/sumdb/sum.golang.org",
                    );
                }
                ProjectSumdb::Off => {
                    super::super::warn_line(ui, p.sumdb_off_cost);
                    ui.checkbox(&mut d.off_confirmed, p.sumdb_off_confirm);
                }
                ProjectSumdb::Some => {
                    super::super::labeled_edit(
                        ui,
                        "GONOSUMDB",
                        &mut d.nosumdb,
                        "git.corp.example,*.internal",
                    );
                }
                _ => {}
            });
        }
    }
    ui.add_space(6.0);
    ui.strong(p.private);
    super::super::labeled_edit(
        ui,
        "GOPRIVATE",
        &mut d.private,
        "git.corp.example,*.internal",
    );
    if !d.private.trim().is_empty() {
        super::super::problems_ui(
            ui,
            &crate::goenv::validate::check_value("GOPRIVATE", d.private.trim()),
            lang,
        );
    }
    let missing: Vec<&String> = snap
        .suggested_private
        .iter()
        .filter(|s| !crate::goenv::pattern::match_prefix_patterns(&d.private, s))
        .collect();
    if !missing.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.small(p.suggested);
            for pattern in missing {
                if ui.button(format!("+ {pattern}")).clicked() {
                    d.add_private(pattern);
                }
            }
        });
    }
    let tested = tester_settings(view, snap);
    let d = &mut view.project.draft;
    super::super::labeled_edit(
        ui,
        p.tester,
        &mut view.drafts.tester,
        "git.corp.example/team/lib",
    );
    let module = view.drafts.tester.trim().to_string();
    if !module.is_empty() {
        super::super::private::route_result_ui(ui, &route::route(&module, &tested), lang);
    }
    ui.add_space(6.0);
    super::super::labeled_edit(ui, p.goproxy, &mut d.goproxy, "https://goproxy.cn,direct");
    super::super::labeled_edit(ui, p.goflags, &mut d.goflags, "-mod=vendor");
    if snap.project.vendor.is_some()
        && !d.goflags.contains("-mod=vendor")
        && ui.button(p.vendor_offer).clicked()
    {
        d.goflags = format!("{} -mod=vendor", d.goflags.trim())
            .trim()
            .to_string();
    }
    // Other values: a team profile's (GOTOOLCHAIN, the company proxy and CA) or the
    // project's own; × removes one from the project.
    let extra: Vec<(String, String)> = d
        .extra
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !extra.is_empty() {
        ui.add_space(4.0);
        ui.label(p.also_set);
        for (k, v) in extra {
            ui.horizontal_wrapped(|ui| {
                ui.monospace(format!("{k}={}", crate::goenv::gourl::redact_text(&v)));
                let name = format!("{} {k}", p.remove_value);
                let r = ui.small_button("×").on_hover_text(&name);
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if r.clicked() {
                    d.extra.insert(k, String::new());
                }
            });
        }
    }
}

/// The route tester's settings in this project: the direnv terminal's values with the draft.
fn tester_settings(view: &UiState, snap: &ProjectSnapshot) -> RouteSettings {
    let d = &view.project.draft;
    let eff = |k: &str| {
        snap.table
            .get(&Consumer::Direnv)
            .and_then(|row| row.get(k))
            .map(|e| (e.value.clone(), e.source))
            .unwrap_or((String::new(), ProjectSource::Default))
    };
    let wanted = d.wanted();
    let pick = |k: &str| {
        let w = wanted.get(k).cloned().unwrap_or_default();
        if w.is_empty() { eff(k).0 } else { w }
    };
    let private = pick("GOPRIVATE");
    let derived = |k: &str| {
        let (v, source) = eff(k);
        let w = wanted.get(k).cloned().unwrap_or_default();
        if !w.is_empty() {
            w
        } else if source == ProjectSource::Goprivate || v.is_empty() {
            private.clone()
        } else {
            v
        }
    };
    RouteSettings {
        goproxy: pick("GOPROXY"),
        gosumdb: pick("GOSUMDB"),
        gonoproxy: derived("GONOPROXY"),
        gonosumdb: derived("GONOSUMDB"),
        goinsecure: eff("GOINSECURE").0,
    }
}
