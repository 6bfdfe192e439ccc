//! Certificates made with the openssl command, as company IT makes them: keys of every type
//! and size, self-signed roots, intermediates and leaves with the extensions given as openssl
//! config lines.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Pki {
    pub dir: PathBuf,
    serial: std::cell::Cell<u64>,
}

/// A key and its certificate.
#[derive(Clone)]
pub struct Issued {
    pub key: PathBuf,
    pub cert: PathBuf,
}

/// The extensions of a plain leaf for 127.0.0.1 and localhost.
pub const LEAF: &str = "basicConstraints=critical,CA:FALSE\n\
keyUsage=critical,digitalSignature,keyEncipherment\n\
extendedKeyUsage=serverAuth\n\
subjectAltName=IP:127.0.0.1,DNS:localhost\n\
subjectKeyIdentifier=hash\n\
authorityKeyIdentifier=keyid\n";

/// The extensions of a plain CA.
pub const CA: &str = "basicConstraints=critical,CA:TRUE\n\
keyUsage=critical,keyCertSign,cRLSign\n\
subjectKeyIdentifier=hash\n";

fn openssl(args: &[&str], cwd: &Path) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(cwd)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the openssl command (scripts/install-tools.sh installs it)");
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Pki {
    pub fn new(dir: &Path) -> Self {
        std::fs::create_dir_all(dir).expect("pki dir");
        Self {
            dir: dir.to_path_buf(),
            serial: std::cell::Cell::new(0x1000 + u64::from(std::process::id())),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// `alg`: "rsa:BITS", "ec:P-256" (or another curve), "ed25519".
    pub fn key(&self, name: &str, alg: &str) -> PathBuf {
        let out = self.path(&format!("{name}.key"));
        let o = out.display().to_string();
        match alg.split_once(':') {
            Some(("rsa", bits)) => openssl(
                &[
                    "genpkey",
                    "-algorithm",
                    "RSA",
                    "-pkeyopt",
                    &format!("rsa_keygen_bits:{bits}"),
                    "-out",
                    &o,
                ],
                &self.dir,
            ),
            Some(("ec", curve)) => openssl(
                &[
                    "genpkey",
                    "-algorithm",
                    "EC",
                    "-pkeyopt",
                    &format!("ec_paramgen_curve:{curve}"),
                    "-out",
                    &o,
                ],
                &self.dir,
            ),
            _ => openssl(&["genpkey", "-algorithm", "ED25519", "-out", &o], &self.dir),
        }
        out
    }

    fn config(&self, name: &str, ext: &str) -> PathBuf {
        let cfg = self.path(&format!("{name}.cnf"));
        std::fs::write(
            &cfg,
            format!("[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = {name}\n[ext]\n{ext}"),
        )
        .expect("openssl config");
        cfg
    }

    /// A self-signed certificate with these extensions, valid for `days` (-1: expired).
    pub fn self_signed(&self, name: &str, alg: &str, ext: &str, days: i32) -> Issued {
        let key = self.key(name, alg);
        let cert = self.path(&format!("{name}.pem"));
        let cfg = self.config(name, ext);
        let csr = self.path(&format!("{name}.csr"));
        let (k, c, f, r) = (
            key.display().to_string(),
            cert.display().to_string(),
            cfg.display().to_string(),
            csr.display().to_string(),
        );
        openssl(
            &["req", "-new", "-key", &k, "-config", &f, "-out", &r],
            &self.dir,
        );
        // `x509 -req -key` signs with the request's own key and, unlike `req -x509`, takes
        // `-days -1` (an expired certificate).
        let days = days.to_string();
        let mut args = vec![
            "x509",
            "-req",
            "-in",
            &r,
            "-key",
            &k,
            "-days",
            &days,
            "-extfile",
            &f,
            "-extensions",
            "ext",
            "-out",
            &c,
        ];
        if !alg.starts_with("ed25519") {
            args.push("-sha256");
        }
        openssl(&args, &self.dir);
        Issued { key, cert }
    }

    /// The certificate `openssl req -x509` makes with Debian's default configuration (its
    /// v3_ca section: CA:TRUE), for 127.0.0.1 and localhost: the commonest internal certificate.
    pub fn openssl_default_self_signed(&self, name: &str) -> Issued {
        let key = self.path(&format!("{name}.key"));
        let cert = self.path(&format!("{name}.pem"));
        openssl(
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                &key.display().to_string(),
                "-out",
                &cert.display().to_string(),
                "-subj",
                &format!("/CN={name}"),
                "-days",
                "365",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ],
            &self.dir,
        );
        Issued { key, cert }
    }

    /// A certificate for a new `alg` key, signed by `issuer` with `digest` ("sha256", "sha1").
    pub fn issue(
        &self,
        name: &str,
        alg: &str,
        issuer: &Issued,
        ext: &str,
        days: i32,
        digest: &str,
    ) -> Issued {
        let key = self.key(name, alg);
        let cfg = self.config(name, ext);
        let csr = self.path(&format!("{name}.csr"));
        let cert = self.path(&format!("{name}.pem"));
        openssl(
            &[
                "req",
                "-new",
                "-key",
                &key.display().to_string(),
                "-config",
                &cfg.display().to_string(),
                "-out",
                &csr.display().to_string(),
            ],
            &self.dir,
        );
        self.serial.set(self.serial.get() + 1);
        let serial = format!("0x{:x}", self.serial.get());
        let mut args = vec![
            "x509".to_string(),
            "-req".into(),
            "-in".into(),
            csr.display().to_string(),
            "-CA".into(),
            issuer.cert.display().to_string(),
            "-CAkey".into(),
            issuer.key.display().to_string(),
            "-set_serial".into(),
            serial,
            "-days".into(),
            days.to_string(),
            "-extfile".into(),
            cfg.display().to_string(),
            "-extensions".into(),
            "ext".into(),
            "-out".into(),
            cert.display().to_string(),
        ];
        if !digest.is_empty() {
            args.push(format!("-{digest}"));
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        openssl(&refs, &self.dir);
        Issued { key, cert }
    }

    /// Concatenates PEM files into one.
    pub fn bundle(&self, name: &str, parts: &[&Path]) -> PathBuf {
        let mut all = String::new();
        for p in parts {
            all.push_str(&std::fs::read_to_string(p).expect("pem"));
        }
        let out = self.path(name);
        std::fs::write(&out, all).expect("bundle");
        out
    }
}
