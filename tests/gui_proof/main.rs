//! The Doctor panel and the alerts, driven through AccessKit with egui_kittest: the report
//! built for real (the real go command, lab mirrors), its fix previewed and applied, saved as
//! Markdown and opened through the desktop seam; the watch's banner and its one notification
//! per change on an injected degradation.

mod alerts;
mod doctor;
mod profile;

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/guikit.rs"]
mod guikit;
#[path = "../common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use gomirror::goenv::location::EnvMap;
use gomirror::i18n::Lang;
use gomirror::mirrors::Mirror;
use gomirror::probe::checks::Measurement;
use gomirror::state::{Panel, Settings};
use gomirror::worker::Event;
use guikit::{Dropped, gui_sized};
use netlab::lab_catalog;

fn env_for(s: &Sandbox, goproxy: &str) -> EnvMap {
    let mut env = s.env();
    env.insert("GOMIRROR_GO".into(), go("1.27").display().to_string());
    env.insert(
        "GOMIRROR_CONFIG_DIR".into(),
        s.path().join("config").display().to_string(),
    );
    env.insert("GOPROXY".into(), goproxy.into());
    env.insert("GOSUMDB".into(), "off".into());
    env
}

fn settings(lang: Lang) -> Settings {
    Settings {
        lang: Some(lang),
        onboarding_done: true,
        ..Settings::default()
    }
}
