//! A Go project on disk, as the app needs it: read by the worker, never by a view.

use std::path::Path;

/// Public code hosts: a module there is not private by default.
pub const PUBLIC_HOSTS: &[&str] = &[
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "golang.org",
    "gopkg.in",
    "google.golang.org",
];

/// The module path declared by a go.mod's text.
pub fn module_path(gomod: &str) -> Option<String> {
    gomod.lines().find_map(|l| {
        let rest = l.split("//").next()?.trim().strip_prefix("module")?;
        let path = rest.trim().trim_matches('"');
        (!path.is_empty()).then(|| path.to_string())
    })
}

/// The host of a module path, if it looks private (has a dot, not a public code host).
pub fn private_host(module: &str) -> Option<String> {
    let host = module.split('/').next()?;
    (host.contains('.') && !PUBLIC_HOSTS.contains(&host)).then(|| host.to_string())
}

/// Reads `dir/go.mod` (I/O: call it from the worker) and returns its private host, if any.
pub fn read_private_host(dir: &Path) -> Option<String> {
    let gomod = std::fs::read_to_string(dir.join("go.mod")).ok()?;
    private_host(&module_path(&gomod)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            module_path("// x\nmodule \"git.corp.com/team/app\" // c\n"),
            Some("git.corp.com/team/app".into())
        );
        assert_eq!(
            private_host("git.corp.com/team/app"),
            Some("git.corp.com".into())
        );
        assert_eq!(private_host("github.com/a/b"), None);
        assert_eq!(private_host("localmodule"), None);
    }
}
