//! The Doctor panel draws where a failing mirror's path breaks (a real routed path of network
//! namespaces, tests/common/netns.rs) and copies it as text for IT.

use super::*;
use netns::{Chain, ROUTERS, SERVER};

#[test]
fn the_doctor_draws_where_the_path_breaks_and_copies_it_as_text() {
    let chain = Chain::new();
    let served = chain.serve(netlab::Behaviour::default());
    // r3 drops everything for the server: the path answers up to r2.
    chain.route("r3", &["blackhole", &format!("{SERVER}/32")]);
    // The app, its worker and the go command it starts all live in the client namespace.
    chain.enter("c");
    let s = Sandbox::new();
    let mut env = app_env(&s, None);
    env.remove("HTTPS_PROXY");
    env.remove("HTTP_PROXY");
    env.insert("GOPROXY".into(), format!("{},direct", served.url));
    env.insert("GOSUMDB".into(), "off".into());
    let mut g = gui(env, english(true));
    g.show(Panel::Doctor);
    g.command(gomirror::state::Command::Doctor(
        gomirror::state::DoctorCommand::Run,
    ));
    g.step_until(
        "the doctor's report",
        std::time::Duration::from_secs(40),
        |s| s.doctor.report.ready().is_some(),
    );
    g.steps(3);
    assert!(g.has_text("Where the path breaks"), "the section is drawn");
    assert!(g.has_text("This computer"));
    for r in &ROUTERS[..2] {
        assert!(g.has_text(r), "hop {r} is drawn");
    }
    assert!(g.has_text("× breaks here"), "the break is marked");
    assert!(
        g.has_text("3  no answer"),
        "the first silent hop is the break"
    );
    assert!(
        g.has_text("silent after hop 2 (10.231.1.2), inside the local network"),
        "the verdict in words"
    );
    let copied = g.click_and_copy("Copy as text").expect("copied");
    assert!(copied.contains("10.231.1.2"), "{copied}");
    assert!(copied.contains("<- the path breaks here"), "{copied}");
    // In Chinese too.
    g.command(gomirror::state::Command::App(
        gomirror::state::AppCommand::SetLang(Lang::Zh),
    ));
    assert!(g.has_text("路径在哪里中断"));
    assert!(g.has_text("× 在此中断"));
}
