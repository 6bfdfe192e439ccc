//! The Doctor panel: report, fix, save, open; in Chinese.

use super::*;

#[test]
fn doctor_panel_reports_offers_the_fix_saves_and_opens() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let broken = netlab::LabMirror::start(
        &rt,
        netlab::Behaviour {
            all_status: Some(503),
            ..Default::default()
        },
        None,
    );
    let good = netlab::LabMirror::start(&rt, netlab::Behaviour::default(), None);
    // In the user's env file (not the OS environment), so the fix can take effect.
    let mut env = env_for(&s, "");
    env.remove("GOPROXY");
    let env_file = s.env_file();
    std::fs::create_dir_all(env_file.parent().expect("dir")).expect("dir");
    std::fs::write(
        &env_file,
        format!("GOPROXY={}|{},direct\n", broken.url, good.url),
    )
    .expect("env file");
    let mut g = gui_sized(env, settings(Lang::En), egui::vec2(1280.0, 1600.0));
    // The first look at the panel runs the doctor.
    g.show(Panel::Doctor);
    g.steps(4);
    let report = g
        .harness
        .state()
        .state
        .doctor
        .report
        .ready()
        .cloned()
        .expect("the report arrived");
    assert_eq!(report.mirrors.len(), 2, "{:?}", report.mirrors);
    assert!(g.has_text("Findings"));
    assert!(
        g.has_text("The first mirror in GOPROXY"),
        "the broken first mirror is a finding"
    );
    assert!(g.has_text("go1.27"), "the go binary and its version");
    // Its fix: the mirror that works, first. Previewed, then applied through the usual path.
    g.click("Preview the fix");
    g.steps(4);
    assert_eq!(g.harness.state().state.panel, Panel::Apply);
    g.click("Apply");
    g.steps(6);
    let written = std::fs::read_to_string(&env_file).expect("env file");
    assert_eq!(written, format!("GOPROXY={},direct\n", good.url));

    // Copy, save and open.
    g.show(Panel::Doctor);
    g.click("Copy as Markdown");
    assert!(g.has_text("on the clipboard"));
    g.click("Save as Markdown");
    g.steps(4);
    let saved = s.home.join("gomirror-doctor.md");
    let md = std::fs::read_to_string(&saved).expect("saved report");
    assert!(md.starts_with("# gomirror doctor"), "{md}");
    g.click("Open the saved report");
    g.click("Open module cache");
    let opened = g.desktop.opened.lock().expect("opened").clone();
    assert_eq!(opened.first(), Some(&saved), "{opened:?}");
    assert!(
        opened
            .get(1)
            .is_some_and(|p| p.ends_with("pkg/mod") || p.to_string_lossy().contains("mod")),
        "{opened:?}"
    );
}

#[test]
fn doctor_panel_in_chinese() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let good = netlab::LabMirror::start(&rt, netlab::Behaviour::default(), None);
    let env = env_for(&s, &format!("{},direct", good.url));
    let mut g = gui_sized(env, settings(Lang::Zh), egui::vec2(1280.0, 1600.0));
    g.show(Panel::Doctor);
    g.steps(4);
    g.click("开始诊断");
    g.steps(4);
    assert!(g.has_text("结论"));
    assert!(g.has_text("可用"), "the working mirror, in Chinese");
    assert!(g.has_text("复制为 Markdown"));
}

/// A report made before the probe decided (the first look at the panel) is made again when it
/// decides, so its fixes can offer the recommendation.
#[test]
fn a_report_made_before_the_probe_decided_is_made_again_when_it_decides() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let good = netlab::LabMirror::start(&rt, netlab::Behaviour::default(), None);
    let mut env = env_for(&s, &format!("{},direct", netlab::closed_port_url()));
    let catalog = lab_catalog(s.path(), &[("good", good.url.as_str())]);
    env.insert("GOMIRROR_CATALOG".into(), catalog.display().to_string());
    let mut g = gui_sized(env, settings(Lang::En), egui::vec2(1280.0, 1600.0));
    g.show(Panel::Doctor);
    g.steps(4);
    let doctor = &g.harness.state().state.doctor;
    assert!(doctor.report.ready().is_some(), "made at once");
    assert_eq!(doctor.made_with, None, "before the probe decided");
    g.answer_probe();
    g.steps(6);
    let state = &g.harness.state().state;
    let recommended = state.recommendation().map(|r| r.goproxy.clone());
    assert!(recommended.is_some(), "the probe decided");
    assert!(state.doctor.report.ready().is_some(), "made again");
    assert_eq!(state.doctor.made_with, recommended);
}
