//! Mirror health probes: staged HTTP timings, Go-protocol checks, statistics, verdicts,
//! ranking and the recommended GOPROXY/GOSUMDB.

pub mod checks;
pub mod content;
#[cfg(windows)]
pub mod cryptoapi;
pub mod decide;
pub mod direct;
pub mod engine;
pub mod fetch_error;
pub mod gox509;
pub mod http;
pub mod integrity;
pub mod join;
pub mod model;
pub mod proxyenv;
pub mod recommend;
pub mod resolve;
pub mod stats;
pub mod sumdb;
mod summary;
pub mod tls;
mod versions;
