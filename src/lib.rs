//! gomirror (Go 镜像助手): shows, checks and applies Go module download settings exactly as
//! the go command reads and writes them.

pub mod alerts;
pub mod app;
pub mod apply;
pub mod cli;
pub mod desktop;
pub mod doctor;
pub mod fuzzing;
pub mod goenv;
pub mod i18n;
pub mod mirrors;
pub mod osvar;
pub mod probe;
pub mod profile;
pub mod project;
pub mod state;
pub mod trace;
pub mod ui;
pub mod verify;
pub mod worker;
