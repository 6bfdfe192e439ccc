//! The Overview's one-click removal of an OS variable that overrides the env file: the
//! conflict row finds where it is set (a preview: the file and line), removes it there on the
//! second click, and the Apply panel's undo puts it back byte for byte.

use super::*;

#[test]
fn an_overriding_variable_is_found_removed_and_undone_from_the_overview() {
    let s = Sandbox::new();
    let profile = s.home.join(".profile");
    let text = "# mine\nexport GOPROXY=https://shell.example.com,direct\n";
    std::fs::write(&profile, text).expect("profile");
    let file = s.env_file();
    std::fs::create_dir_all(file.parent().expect("dir")).expect("dir");
    std::fs::write(&file, "GOPROXY=https://goproxy.cn,direct\n").expect("env file");
    // The window was started from that login: its environment has the variable.
    let mut env = app_env(&s, None);
    env.insert("GOPROXY".into(), "https://shell.example.com,direct".into());
    let mut g = gui(env, english(true));
    g.show(Panel::Overview);
    g.steps(3);
    g.click("Find where it is set (GOPROXY)");
    g.steps(3);
    let shown = format!(
        "{}:2: export GOPROXY=https://shell.example.com,direct",
        profile.display()
    );
    assert!(g.has_text(&shown), "the preview names the file and line");
    assert_eq!(
        std::fs::read_to_string(&profile).expect("profile"),
        text,
        "a preview writes nothing"
    );
    g.click("Remove it there (undo puts it back)");
    g.steps(4);
    assert_eq!(
        std::fs::read_to_string(&profile).expect("profile"),
        "# mine\n# (gomirror os-var unset) export GOPROXY=https://shell.example.com,direct\n"
    );
    assert!(g.has_text("Removed:"));
    assert!(
        g.has_text("restarted"),
        "it says open programs keep the old value"
    );
    // Undo, from the Apply panel, puts the line back.
    g.show(Panel::Apply);
    g.click("Undo last apply");
    g.steps(4);
    assert_eq!(std::fs::read_to_string(&profile).expect("profile"), text);
    // In Chinese too.
    g.command(gomirror::state::Command::App(
        gomirror::state::AppCommand::SetLang(Lang::Zh),
    ));
    g.show(Panel::Overview);
    g.click("查找设置它的位置 (GOPROXY)");
    g.steps(3);
    assert!(g.has_text("新程序从这些位置获得它："));
}
