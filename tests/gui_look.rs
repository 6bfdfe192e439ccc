//! Look and feel, with egui_kittest: the theme follows the OS (injected) until the user picks
//! one; the About box; the mirrors table sorts and a row opens to its checks and stages; the
//! composer's picker adds a measured mirror; pattern chips are fixed and removed; the
//! onboarding is walked with the keyboard alone. Mirrors are real lab servers on 127.0.0.1.

mod common;
#[path = "common/guikit.rs"]
mod guikit;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use gomirror::goenv::location::EnvMap;
use gomirror::i18n::Lang;
use gomirror::state::drafts::MirrorSort;
use gomirror::state::{Panel, Settings, ThemeChoice};
use gomirror::ui::theme;
use guikit::{Gui, gui_sized};

#[path = "gui_look/keyboard.rs"]
mod keyboard;

fn env_for(s: &Sandbox) -> EnvMap {
    let mut env = s.env();
    env.insert("GOMIRROR_GO".into(), go("1.27").display().to_string());
    env.insert(
        "GOMIRROR_CONFIG_DIR".into(),
        s.path().join("config").display().to_string(),
    );
    env
}

fn settings(onboarding_done: bool) -> Settings {
    Settings {
        lang: Some(Lang::En),
        onboarding_done,
        ..Settings::default()
    }
}

/// A window whose probe is answered by a lab: a fast mirror, a slower one, a broken one.
fn with_lab(
    s: &Sandbox,
    onboarding_done: bool,
) -> (Gui, Vec<netlab::LabMirror>, tokio::runtime::Runtime) {
    let rt = netlab::lab_runtime();
    let fast = netlab::LabMirror::start(&rt, netlab::Behaviour::default(), None);
    let slow = netlab::LabMirror::start(
        &rt,
        netlab::Behaviour {
            header_delay: std::time::Duration::from_millis(60),
            ..Default::default()
        },
        None,
    );
    let broken = netlab::LabMirror::start(
        &rt,
        netlab::Behaviour {
            all_status: Some(503),
            ..Default::default()
        },
        None,
    );
    let catalog = netlab::lab_catalog(
        s.path(),
        &[
            ("fast", fast.url.as_str()),
            ("slow", slow.url.as_str()),
            ("broken", broken.url.as_str()),
        ],
    );
    let mut env = env_for(s);
    env.insert("GOMIRROR_CATALOG".into(), catalog.display().to_string());
    let mut g = gui_sized(env, settings(onboarding_done), egui::vec2(1280.0, 1200.0));
    g.steps(4);
    g.answer_probe();
    (g, vec![fast, slow, broken], rt)
}

#[test]
fn the_theme_follows_the_os_until_the_user_picks_one() {
    let s = Sandbox::new();
    let mut g = gui_sized(env_for(&s), settings(true), egui::vec2(1000.0, 700.0));
    assert_eq!(g.harness.state().state.settings.theme, ThemeChoice::System);
    for (os, expected) in [
        (egui::Theme::Dark, theme::DARK.bg),
        (egui::Theme::Light, theme::LIGHT.bg),
    ] {
        g.harness.input_mut().system_theme = Some(os);
        g.steps(3);
        assert_eq!(g.harness.ctx.theme(), os);
        let style = g.harness.ctx.style_of(os);
        assert_eq!(style.visuals.panel_fill, expected);
        // A type scale with visible steps: secondary < body < section < title.
        let size = |t: egui::TextStyle| style.text_styles[&t].size;
        let section = size(egui::TextStyle::Name(theme::SECTION_STYLE.into()));
        assert!(size(egui::TextStyle::Small) >= 13.0);
        assert!(size(egui::TextStyle::Body) >= size(egui::TextStyle::Small) + 2.0);
        assert!(section >= size(egui::TextStyle::Body) + 2.0);
        assert!(size(egui::TextStyle::Heading) >= section + 4.0);
    }
    // The user's choice wins over the OS and is remembered in the settings.
    g.click("Dark");
    g.steps(2);
    assert_eq!(g.harness.state().state.settings.theme, ThemeChoice::Dark);
    assert_eq!(g.harness.ctx.theme(), egui::Theme::Dark);
    g.click("Auto");
    g.steps(2);
    assert_eq!(
        g.harness.ctx.theme(),
        egui::Theme::Light,
        "back to the OS's"
    );
}

#[test]
fn the_about_box_shows_the_version_and_the_licences() {
    let s = Sandbox::new();
    let mut g = gui_sized(env_for(&s), settings(true), egui::vec2(1000.0, 700.0));
    g.click("About");
    assert!(g.has_text(&format!("gomirror {}", env!("CARGO_PKG_VERSION"))));
    assert!(g.has_text("SIL Open Font License"));
    g.harness.key_press(egui::Key::Escape);
    g.steps(3);
    assert!(!g.has_text("SIL Open Font License"), "Escape closes it");
}

#[test]
fn the_mirrors_table_sorts_and_a_row_opens_to_its_checks_and_stages() {
    let s = Sandbox::new();
    let (mut g, _labs, _rt) = with_lab(&s, true);
    g.show(Panel::Mirrors);
    // Status words with glyphs, never colour alone.
    assert!(g.has_text("√ healthy"));
    assert!(g.has_text("× broken"));
    // The recommendation's order by default; a header click orders by that column, a second
    // click reverses it.
    assert_eq!(
        g.harness.state().view.drafts.mirror_sort,
        (MirrorSort::Rank, true)
    );
    g.click("Mirror");
    assert_eq!(
        g.harness.state().view.drafts.mirror_sort,
        (MirrorSort::Name, true)
    );
    let names: Vec<String> = g
        .harness
        .query_all_by_role(Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.starts_with("+ "))
        .collect();
    assert_eq!(names, ["+ broken", "+ fast", "+ slow"], "{names:?}");
    g.click("Mirror ↑");
    assert_eq!(
        g.harness.state().view.drafts.mirror_sort,
        (MirrorSort::Name, false)
    );
    // A row opens to its Go-protocol checks and the stage timings.
    assert!(!g.has_text("Go module protocol checks:"));
    g.click("+ fast");
    assert!(g.harness.state().view.drafts.expanded.contains("fast"));
    assert!(g.has_text("Go module protocol checks:"));
    assert!(g.has_text("One typical request, stage by stage:"));
    assert!(g.has_text("first byte"));
    g.click("− fast");
    assert!(!g.has_text("Go module protocol checks:"), "closed again");
    // The chart has a legend above it with every mirror that answered.
    assert!(g.has_text("Time to first byte over time (ms)"));
}

#[test]
fn the_composer_picker_adds_a_measured_mirror() {
    let s = Sandbox::new();
    let (mut g, labs, _rt) = with_lab(&s, true);
    g.show(Panel::Composer);
    assert!(g.has_text("Add a measured mirror"));
    // A broken mirror cannot be picked.
    assert!(g.is_disabled("+ broken"), "broken is listed, disabled");
    g.click("+ fast");
    let view = &g.harness.state().view;
    assert!(view.drafts.composer_touched);
    let composed = view.drafts.composed_goproxy();
    assert!(
        composed.starts_with(labs[0].url.trim_end_matches('/'))
            || composed.contains(labs[0].url.trim_end_matches('/')),
        "{composed}"
    );
    // Picked once: it leaves the picker.
    assert!(
        g.harness
            .query_all_by_role_and_label(Role::Button, "+ fast")
            .next()
            .is_none()
    );
}

#[test]
fn pattern_chips_are_fixed_and_removed() {
    let s = Sandbox::new();
    let mut g = gui_sized(env_for(&s), settings(true), egui::vec2(1200.0, 900.0));
    g.show(Panel::Private);
    g.type_into(
        "GOPRIVATE",
        "git.corp.example,https://gitlab.corp.example/team",
    );
    assert!(g.has_text("√ git.corp.example"));
    assert!(g.has_text("× https://gitlab.corp.example/team"));
    g.click("Fix");
    assert_eq!(
        g.harness.state().view.drafts.patterns[0],
        "git.corp.example,gitlab.corp.example/team"
    );
    assert!(g.has_text("√ gitlab.corp.example/team"));
    // × on a chip (read out as "Remove PATTERN") removes that pattern only.
    g.click("Remove git.corp.example");
    assert_eq!(
        g.harness.state().view.drafts.patterns[0],
        "gitlab.corp.example/team"
    );
    // The route tester answers with a path.
    g.type_into("Test a module path", "gitlab.corp.example/team/lib");
    assert!(g.has_text("origin (git)"));
}

/// The onboarding's Check step lists the five best mirrors; with more measured, a link opens
/// the Mirrors panel with all of them.
#[test]
fn onboarding_links_to_all_mirrors_when_more_than_five_were_measured() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let mirrors: Vec<netlab::LabMirror> = (0..6)
        .map(|_| netlab::LabMirror::start(&rt, netlab::Behaviour::default(), None))
        .collect();
    let ids: Vec<(String, String)> = mirrors
        .iter()
        .enumerate()
        .map(|(i, m)| (format!("m{i}"), m.url.clone()))
        .collect();
    let pairs: Vec<(&str, &str)> = ids.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let mut env = env_for(&s);
    let catalog = netlab::lab_catalog(s.path(), &pairs);
    env.insert("GOMIRROR_CATALOG".into(), catalog.display().to_string());
    let mut g = gui_sized(env, settings(false), egui::vec2(1280.0, 900.0));
    g.steps(4);
    g.answer_probe();
    assert_eq!(g.harness.state().state.panel, Panel::Onboarding);
    assert!(g.has_text("6/6"), "every mirror measured");
    g.harness
        .get_by_role_and_label(Role::Link, "All mirrors…")
        .click();
    g.steps(3);
    assert_eq!(g.harness.state().state.panel, Panel::Mirrors);
}
