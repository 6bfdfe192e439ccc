//! The roots the go command trusts on this OS, and whether the OS verifier decides instead
//! (Go 1.27's `loadSystemRoots`).

use crate::goenv::location::{EnvMap, env_value};
use crate::probe::gox509::RootPool;
use rustls::RootCertStore;
use std::sync::Arc;

/// The trust anchors: the ones the go command would use, and the public webpki set.
#[derive(Clone)]
pub struct Roots {
    /// The roots Go loads from disk (unused when the OS verifier decides).
    pub system: Arc<RootPool>,
    pub public: Arc<RootCertStore>,
    /// Where the system roots came from, for reports.
    pub source: String,
    /// The operating system's verifier decides (Windows and macOS, unless Go 1.27's
    /// `SSL_CERT_FILE` / `SSL_CERT_DIR` override turns it off).
    pub platform: bool,
}

/// The value of one `GODEBUG` setting in this process's environment (the last one wins).
fn godebug(env: &EnvMap, key: &str) -> Option<String> {
    env_value(env, "GODEBUG")?
        .split(',')
        .filter_map(|kv| kv.trim().split_once('='))
        .rfind(|(k, _)| *k == key)
        .map(|(_, v)| v.to_string())
}

impl Roots {
    /// Go 1.27's `loadSystemRoots`: on Linux `SSL_CERT_FILE` replaces the list of bundle
    /// files and `SSL_CERT_DIR` the list of directories (each source read either way). On
    /// Windows and macOS the OS verifier decides, unless either variable is set: then the
    /// go command (1.27 and later) trusts only the roots they name, with its own rules
    /// (`GODEBUG=x509sslcertoverrideplatform=0` keeps the OS verifier).
    pub fn from_env(env: &EnvMap) -> Self {
        let file = env_value(env, "SSL_CERT_FILE").filter(|v| !v.is_empty());
        let dirs = env_value(env, "SSL_CERT_DIR").filter(|v| !v.is_empty());
        let named = file.is_some() || dirs.is_some();
        let platform_os = cfg!(any(windows, target_os = "macos"));
        let keep_platform = godebug(env, "x509sslcertoverrideplatform").is_some_and(|v| v == "0");
        let public = Arc::new(RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        });
        if platform_os && (!named || keep_platform) {
            return Self {
                system: Arc::new(RootPool::default()),
                public,
                source: String::from("the operating system's verifier"),
                platform: true,
            };
        }
        let pool = RootPool::load_like_go(file, dirs);
        let from = match (named, platform_os) {
            (true, true) => {
                "SSL_CERT_FILE/SSL_CERT_DIR (the go command uses them instead of the operating system's verifier since Go 1.27)"
            }
            (true, false) => "SSL_CERT_FILE/SSL_CERT_DIR and the system locations Go still reads",
            _ => "the system certificate bundle and directories",
        };
        let n = pool.len();
        Self {
            system: Arc::new(pool),
            public,
            source: format!("{from} ({n} roots)"),
            platform: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> EnvMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn godebug_reads_one_setting_and_the_last_one_wins() {
        let e = env(&[(
            "GODEBUG",
            "x509sslcertoverrideplatform=1, tlsrsakex=1,x509sslcertoverrideplatform=0",
        )]);
        assert_eq!(
            godebug(&e, "x509sslcertoverrideplatform").as_deref(),
            Some("0")
        );
        assert_eq!(godebug(&e, "tlsrsakex").as_deref(), Some("1"));
        assert_eq!(godebug(&e, "http2client"), None);
        assert_eq!(godebug(&EnvMap::new(), "tlsrsakex"), None);
    }

    #[test]
    fn the_os_verifier_decides_only_where_the_go_command_asks_it() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("roots.pem");
        std::fs::write(&file, "").expect("file");
        let named = env(&[("SSL_CERT_FILE", &file.display().to_string())]);
        let kept = env(&[
            ("SSL_CERT_FILE", &file.display().to_string()),
            ("GODEBUG", "x509sslcertoverrideplatform=0"),
        ]);
        let platform_os = cfg!(any(windows, target_os = "macos"));
        assert_eq!(Roots::from_env(&EnvMap::new()).platform, platform_os);
        // Go 1.27: a named file replaces the OS verifier; the GODEBUG setting keeps it.
        assert!(!Roots::from_env(&named).platform);
        assert_eq!(Roots::from_env(&kept).platform, platform_os);
        // An empty variable is no variable.
        let empty = env(&[("SSL_CERT_FILE", "")]);
        assert_eq!(Roots::from_env(&empty).platform, platform_os);
    }
}
