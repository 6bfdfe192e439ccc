//! The roots the go command trusts on Linux, loaded as Go's `crypto/x509` loads them
//! (`root_unix.go`, `root_linux.go`): the first readable bundle of a fixed list (or
//! `SSL_CERT_FILE` instead of the list), plus every file in the certificate directories (or the
//! `SSL_CERT_DIR` list, `:`-separated, instead of them). Both are read: setting one variable
//! does not turn the other source off. On Windows and macOS (Go 1.27's `loadOnDiskRoots`,
//! used there only when `SSL_CERT_FILE` or `SSL_CERT_DIR` is set) there are no default
//! locations and the directory list is `;`-separated on Windows.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use x509_parser::certificate::X509Certificate;
use x509_parser::prelude::FromDer;

/// Go's `certFiles` on Linux, in its order.
pub const CERT_FILES: [&str; 6] = [
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/tls/cacert.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

/// Go's `certDirectories` on Linux.
pub const CERT_DIRECTORIES: [&str; 2] = ["/etc/ssl/certs", "/etc/pki/tls/certs"];

/// Windows and macOS have no default bundle or directory: only what the variables name.
const ON_DISK_ONLY_BY_NAME: bool = cfg!(any(windows, target_os = "macos"));

/// A set of trusted certificates, found by subject.
#[derive(Clone, Debug, Default)]
pub struct RootPool {
    certs: Vec<Vec<u8>>,
    by_subject: HashMap<Vec<u8>, Vec<usize>>,
    exact: HashSet<Vec<u8>>,
}

impl RootPool {
    /// How many roots.
    pub fn len(&self) -> usize {
        self.certs.len()
    }

    /// No roots at all.
    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    /// Adds one DER certificate (ignored, as Go ignores it, when it does not parse).
    pub fn add_der(&mut self, der: &[u8]) {
        if self.exact.contains(der) {
            return;
        }
        let Ok((_, cert)) = X509Certificate::from_der(der) else {
            return;
        };
        let subject = cert.subject().as_raw().to_vec();
        self.by_subject
            .entry(subject)
            .or_default()
            .push(self.certs.len());
        self.certs.push(der.to_vec());
        self.exact.insert(der.to_vec());
    }

    /// Go's `AppendCertsFromPEM`: every CERTIFICATE block that parses.
    pub fn add_pem(&mut self, pem: &[u8]) {
        use rustls::pki_types::{CertificateDer, pem::PemObject};
        for cert in CertificateDer::pem_slice_iter(pem).flatten() {
            self.add_der(cert.as_ref());
        }
    }

    /// Whether this exact certificate is in the pool (Go's `CertPool.contains`).
    pub fn contains(&self, der: &[u8]) -> bool {
        self.exact.contains(der)
    }

    /// The certificates whose subject is one of `subjects` (raw DER names).
    pub fn with_subjects<'s>(&'s self, subjects: &[&[u8]]) -> impl Iterator<Item = &'s [u8]> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for s in subjects {
            for &i in self.by_subject.get(*s).into_iter().flatten() {
                if seen.insert(i) {
                    out.push(self.certs[i].as_slice());
                }
            }
        }
        out.into_iter()
    }

    /// The roots Go would load on Linux with these values of `SSL_CERT_FILE` and `SSL_CERT_DIR`.
    pub fn load_like_go(ssl_cert_file: Option<&str>, ssl_cert_dir: Option<&str>) -> Self {
        let mut pool = Self::default();
        let files: Vec<&str> = match ssl_cert_file.filter(|f| !f.is_empty()) {
            Some(f) => vec![f],
            None if ON_DISK_ONLY_BY_NAME => Vec::new(),
            None => CERT_FILES.to_vec(),
        };
        for file in files {
            if let Ok(data) = std::fs::read(file) {
                pool.add_pem(&data);
                break;
            }
        }
        let dirs: Vec<&str> = match ssl_cert_dir.filter(|d| !d.is_empty()) {
            Some(d) => d.split(if cfg!(windows) { ';' } else { ':' }).collect(),
            None if ON_DISK_ONLY_BY_NAME => Vec::new(),
            None => CERT_DIRECTORIES.to_vec(),
        };
        for dir in dirs {
            for path in unique_directory_entries(Path::new(dir)) {
                if let Ok(data) = std::fs::read(&path) {
                    pool.add_pem(&data);
                }
            }
        }
        pool
    }
}

/// Go's `readUniqueDirectoryEntries`: the directory's entries, less symlinks that point to
/// another entry of the same directory (as `c_rehash` makes them).
fn unique_directory_entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<std::path::PathBuf> = entries
        .flatten()
        .filter(|e| {
            let Ok(target) = std::fs::read_link(e.path()) else {
                return true;
            };
            // A link whose target has no directory part points into the same directory.
            target.parent().is_some_and(|p| !p.as_os_str().is_empty())
        })
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}
