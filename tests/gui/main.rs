//! The real app driven through AccessKit with egui_kittest: onboarding to applied settings, an
//! apply/undo flow with the real go command, overrides, the route tester, probe events filling
//! the table, the language switch, and invalid input disabling Apply.

mod first_run;
mod layout;
mod one_truth;
mod osvar;
mod path;
mod pending;
mod projects;
mod proof;
mod secrets;
mod settings;
mod truth;
mod worker;

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/githttp.rs"]
mod githttp;
#[path = "../common/netlab/mod.rs"]
mod netlab;
#[path = "../common/netns.rs"]
mod netns;

#[path = "../common/guikit.rs"]
mod guikit;

use common::{Sandbox, go, run_go};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use gomirror::goenv::location::EnvMap;
use gomirror::i18n::Lang;
use gomirror::state::{Panel, Settings};
use guikit::{Dropped, gui, gui_sized};
use std::sync::Arc;

/// Every panel, in the navigation's order.
const ALL_PANELS: [Panel; 11] = [
    Panel::Onboarding,
    Panel::Overview,
    Panel::Mirrors,
    Panel::Composer,
    Panel::Private,
    Panel::Checksum,
    Panel::Projects,
    Panel::Verify,
    Panel::Doctor,
    Panel::Profile,
    Panel::Apply,
];

struct Lab {
    _rt: tokio::runtime::Runtime,
    _mirrors: Vec<netlab::LabMirror>,
    /// The one healthy mirror that proxies the checksum database: it must win.
    fast_url: String,
    broken_url: String,
    catalog: std::path::PathBuf,
}

fn lab(dir: &std::path::Path) -> Lab {
    let rt = netlab::lab_runtime();
    let fast = netlab::LabMirror::start(&rt, netlab::Behaviour::default(), None);
    // 300 ms later to answer: a delay is a lower bound, so Lab A always ranks first.
    let nosumdb = netlab::LabMirror::start(
        &rt,
        netlab::Behaviour {
            sumdb_supported: 404,
            header_delay: std::time::Duration::from_millis(300),
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
    let mut toml = String::new();
    for (id, en, zh, m) in [
        ("lab-a", "Lab A", "实验 A", &fast),
        ("lab-c", "Lab C", "实验 C", &nosumdb),
        ("lab-e", "Lab E", "实验 E", &broken),
    ] {
        toml.push_str(&format!(
            "[[mirror]]\nid = \"{id}\"\nname_en = \"{en}\"\nname_zh = \"{zh}\"\nurl = \"{}\"\nverified = \"lab\"\nsources = [\"lab\"]\n\n",
            m.url
        ));
    }
    let catalog = dir.join("lab.toml");
    std::fs::write(&catalog, toml).expect("catalog");
    Lab {
        _rt: rt,
        fast_url: fast.url.clone(),
        broken_url: broken.url.clone(),
        _mirrors: vec![fast, nosumdb, broken],
        catalog,
    }
}

fn app_env(s: &Sandbox, lab: Option<&Lab>) -> EnvMap {
    let mut env = s.env();
    env.insert("GOMIRROR_GO".into(), go("1.27").display().to_string());
    env.insert(
        "GOMIRROR_CONFIG_DIR".into(),
        s.path().join("config").display().to_string(),
    );
    if let Some(lab) = lab {
        env.insert("GOMIRROR_CATALOG".into(), lab.catalog.display().to_string());
    }
    env
}

fn english(done: bool) -> Settings {
    Settings {
        lang: Some(Lang::En),
        onboarding_done: done,
        ..Settings::default()
    }
}
