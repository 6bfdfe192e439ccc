//! Editing settings: the apply/undo flow with the real go command, an OS variable override and
//! the route tester.

use super::*;

#[test]
fn apply_flow_edits_diffs_applies_and_undoes_byte_for_byte() {
    let s = Sandbox::new();
    let file = s.env_file();
    std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
    let original = b"# team defaults\r\nGOPROXY=https://old.example,direct\nZZZ=1\n";
    std::fs::write(&file, original).expect("write");
    let mut g = gui(app_env(&s, None), english(true));
    g.show(Panel::Composer);
    assert!(g.has_text("1. https://old.example"));
    g.type_into("Add proxy", "goproxy.cn");
    g.click("Add");
    g.click("Move up");
    assert!(
        g.has_text("https://goproxy.cn|https://old.example,direct"),
        "composed value shown"
    );
    g.show(Panel::Apply);
    g.click("Preview");
    assert!(
        g.has_text("+GOPROXY=https://goproxy.cn|https://old.example,direct"),
        "diff shown"
    );
    g.click("Apply");
    g.steps(4);
    assert!(g.has_text("GOPROXY: applied"));
    let real = run_go(&go("1.27"), &["env", "GOPROXY"], &s.env(), s.path());
    assert_eq!(
        real.stdout.trim(),
        "https://goproxy.cn|https://old.example,direct"
    );
    g.click("Undo last apply");
    g.steps(4);
    assert_eq!(
        std::fs::read(&file).expect("read"),
        original,
        "undo restores the bytes"
    );
}

#[test]
fn an_os_variable_override_is_shown() {
    let s = Sandbox::new();
    let file = s.env_file();
    std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
    std::fs::write(&file, "GOPROXY=https://goproxy.cn,direct\n").expect("write");
    let mut env = app_env(&s, None);
    env.insert("GOPROXY".into(), "https://corp-proxy.example".into());
    let mut g = gui(env, english(true));
    g.show(Panel::Overview);
    assert!(g.has_text("overrides \"https://goproxy.cn,direct\" in the go env file"));
    assert!(
        g.harness
            .query_all_by_label_contains("How to fix (GOPROXY)")
            .next()
            .is_some()
    );
}

#[test]
fn a_module_typed_into_the_tester_shows_its_route() {
    let s = Sandbox::new();
    let mut g = gui(app_env(&s, None), english(true));
    g.harness
        .state_mut()
        .view
        .drafts
        .set_goproxy("https://goproxy.cn|https://mirrors.aliyun.com/goproxy/,direct");
    g.harness.state_mut().view.drafts.composer_touched = true;
    g.show(Panel::Private);
    g.type_into("GOPRIVATE", "git.corp.example");
    g.type_into("Test a module path", "git.corp.example/team/service");
    assert!(g.has_text("Fetched directly from its origin"));
    assert!(g.has_text("Checksum NOT checked"));
    g.harness.state_mut().view.drafts.tester = "github.com/pkg/errors".into();
    g.steps(3);
    assert!(g.has_text("Fetched through the proxies, in order:"));
    // The route as a picture: module → each proxy with its rule → the origin.
    assert!(g.has_text("github.com/pkg/errors"));
    assert!(g.has_text("https://goproxy.cn"));
    assert!(g.has_text("next on any error (|)"));
    assert!(g.has_text("origin (git)"));
    assert!(g.has_text("then directly from the origin"));
    assert!(g.has_text("Checksum verified"));
}

/// The Checksum panel shows what is in force (its source, the modules that skip it, redacted)
/// beside the choices on a wide window, under them on a narrow one, and the chosen value
/// follows the radio buttons.
#[test]
fn the_checksum_panel_shows_what_is_in_force_beside_the_choice() {
    let s = Sandbox::new();
    let mut env = app_env(&s, None);
    env.insert("GOSUMDB".into(), "sum.golang.google.cn".into());
    env.insert(
        "GOPRIVATE".into(),
        "git.corp.example/*,https://u:hunter2pass@x.example".into(),
    );
    // (The app opens on the Overview first, where GOPRIVATE from the OS environment feeds three
    // rows that each offer the same fix: once an id clash, which egui_kittest turns into a panic.)
    for (width, side_by_side) in [(1280.0, true), (700.0, false)] {
        let mut g = gui_sized(env.clone(), english(true), egui::vec2(width, 800.0));
        g.show(Panel::Checksum);
        assert!(g.has_text("In force now"));
        assert!(g.has_text("GOSUMDB=sum.golang.google.cn"));
        assert!(
            g.has_text("OS environment") || g.has_text("environment"),
            "the source"
        );
        assert!(g.has_text("Not checked (GONOSUMDB, else GOPRIVATE): git.corp.example/*"));
        assert!(
            g.harness
                .query_all_by_label_contains("hunter2pass")
                .next()
                .is_none(),
            "a password in GOPRIVATE is redacted"
        );
        let radio = g
            .harness
            .get_by_role_and_label(Role::RadioButton, "off (no checksum database)")
            .rect();
        let card = g.harness.get_by_label("In force now").rect();
        if side_by_side {
            assert!(
                card.left() > radio.right(),
                "{width}: {card:?} beside {radio:?}"
            );
        } else {
            assert!(
                card.top() > radio.bottom(),
                "{width}: {card:?} under {radio:?}"
            );
        }
        g.harness
            .get_by_role_and_label(
                Role::RadioButton,
                "sum.golang.org (default; through a mirror that proxies it, else direct)",
            )
            .click();
        g.steps(3);
        assert!(g.has_text("Your choice"));
        assert!(g.has_text("GOSUMDB=sum.golang.org"));
    }
}
