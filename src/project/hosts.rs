//! Which module hosts are private: public code hosts, a go.mod's module path, git remotes.

use super::{git, gomod};
use std::path::Path;

/// Public code hosts: a module there is not private by default.
pub const PUBLIC_HOSTS: &[&str] = &[
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "golang.org",
    "gopkg.in",
    "google.golang.org",
    "go.googlesource.com",
    "cloud.google.com",
    "k8s.io",
    "sigs.k8s.io",
    "go.uber.org",
    "gitee.com",
];

/// The module path declared by a go.mod's text.
pub fn module_path(gomod: &str) -> Option<String> {
    gomod::parse_gomod(gomod).module
}

/// The host of a module path, if it looks private (has a dot, not a public code host).
pub fn private_host(module: &str) -> Option<String> {
    let host = module.split('/').next()?;
    (host.contains('.') && !PUBLIC_HOSTS.contains(&host)).then(|| host.to_string())
}

/// The hosts of these git remote URLs that are not public code hosts.
pub fn private_hosts_of(remotes: &[String]) -> Vec<String> {
    remotes
        .iter()
        .filter_map(|r| git::url_host_path(r))
        .map(|(host, _)| host)
        .filter(|h| !PUBLIC_HOSTS.contains(&h.as_str()))
        .collect()
}

/// Reads `dir/go.mod` (I/O: call it from the worker) and returns its private host, if any.
pub fn read_private_host(dir: &Path) -> Option<String> {
    let gomod = std::fs::read_to_string(dir.join("go.mod")).ok()?;
    private_host(&module_path(&gomod)?)
}
