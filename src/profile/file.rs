//! The team profile file, `*.gomirror.toml`: what IT writes once. Parsed strictly (unknown
//! keys are mistakes), every setting validated by the core, and never a secret: a URL with a
//! password is refused with the fix (`.netrc`).

use crate::goenv::validate::{self, Problem};
use crate::i18n::Text;
use crate::tr;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The settings a profile may carry: the module-download settings.
pub const PROFILE_KEYS: &[&str] = crate::goenv::keys::DOWNLOAD_KEYS;

/// The `[team]` table: name and contact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub name: Option<String>,
    pub contact: Option<String>,
}

/// A profile mirror's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MirrorKind {
    Athens,
    Artifactory,
    Nexus,
    Gitlab,
    Goproxy,
    Public,
}

/// How a profile mirror signs in (never a password in the file).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MirrorAuth {
    #[default]
    None,
    Netrc,
}

/// One mirror a profile lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MirrorEntry {
    pub name: String,
    pub url: String,
    pub kind: MirrorKind,
    #[serde(default)]
    pub auth: MirrorAuth,
}

impl MirrorEntry {
    /// The mirror to probe (a custom one, named as the profile names it).
    pub fn to_mirror(&self) -> crate::mirrors::Mirror {
        let mut mirror =
            crate::mirrors::Mirror::custom(&crate::goenv::goproxy::complete_url(&self.url));
        mirror.name_en = self.name.clone();
        mirror.name_zh = self.name.clone();
        mirror
    }
}

/// The `[network]` table: the company proxy and root CA.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    pub https_proxy: Option<String>,
    pub no_proxy: Option<String>,
    /// A PEM file (path) with the company's root CA.
    pub ca_file: Option<String>,
    /// Or the PEM itself.
    pub ca_pem: Option<String>,
}

/// A parsed, validated profile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamProfile {
    pub version: u32,
    #[serde(default)]
    pub team: Team,
    #[serde(default)]
    pub settings: BTreeMap<String, String>,
    #[serde(default)]
    pub mirrors: Vec<MirrorEntry>,
    /// Recommend among `mirrors` (probed on import) instead of a fixed GOPROXY.
    #[serde(default)]
    pub recommend_among_mirrors: bool,
    /// The oldest go the team supports, e.g. `1.22`.
    pub min_go: Option<String>,
    #[serde(default)]
    pub network: Network,
}

impl TeamProfile {
    /// Everything the profile puts into the go command's environment: its settings, and the
    /// company proxy and root CA, which the go command reads only from the process environment
    /// (so they go out through snippets, `.envrc` and shell profiles, never `go env -w`).
    pub fn environment(&self) -> BTreeMap<String, String> {
        let mut out = self.settings.clone();
        out.extend(self.network_environment());
        out
    }

    /// The `[network]` part of [`Self::environment`]: HTTPS_PROXY, NO_PROXY and SSL_CERT_FILE
    /// (the [`PROCESS_ONLY`] variables), those the profile sets.
    pub fn network_environment(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Some(p) = &self.network.https_proxy {
            out.insert("HTTPS_PROXY".into(), p.clone());
        }
        if let Some(p) = &self.network.no_proxy {
            out.insert("NO_PROXY".into(), p.clone());
        }
        if let Some(p) = &self.network.ca_file {
            out.insert("SSL_CERT_FILE".into(), p.clone());
        }
        out
    }
}

/// Variables only the process environment carries (`go env -w` refuses them).
pub const PROCESS_ONLY: &[&str] = crate::goenv::keys::NETWORK_KEYS;

/// Why a profile is refused: every problem, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    pub problems: Vec<Text>,
}

impl std::fmt::Display for ProfileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let all: Vec<&str> = self.problems.iter().map(|p| p.en.as_str()).collect();
        f.write_str(&all.join("; "))
    }
}

fn secret_in(value: &str) -> bool {
    crate::project::effective::carries_password(value)
}

/// Parses and validates a profile. Nothing in it is trusted: unknown keys, invalid values and
/// secrets are refused, all reported at once.
pub fn parse(text: &str) -> Result<TeamProfile, ProfileError> {
    let profile: TeamProfile = toml::from_str(text).map_err(|e| {
        let e = crate::i18n::toml_error(text, &e);
        ProfileError {
            problems: vec![Text::new(
                format!("not a valid gomirror profile: {}", e.en),
                format!("不是有效的 gomirror 团队配置：{}", e.zh),
            )],
        }
    })?;
    let mut problems = Vec::new();
    if profile.version != 1 {
        let v = profile.version;
        problems.push(tr!(
            "version {v} is not supported (this gomirror reads version 1)",
            "不支持版本 {v}（当前 gomirror 读取版本 1）"
        ));
    }
    for (key, value) in &profile.settings {
        if !PROFILE_KEYS.contains(&key.as_str()) {
            problems.push(tr!(
                "{key} cannot be set by a profile (allowed: GOPROXY, GOSUMDB, GOPRIVATE, GONOPROXY, GONOSUMDB, GOINSECURE, GOAUTH, GOFLAGS, GOTOOLCHAIN, GOVCS)",
                "团队配置不能设置 {key}（可设置：GOPROXY、GOSUMDB、GOPRIVATE、GONOPROXY、GONOSUMDB、GOINSECURE、GOAUTH、GOFLAGS、GOTOOLCHAIN、GOVCS）"
            ));
            continue;
        }
        if secret_in(value) {
            problems.push(secret_problem(key));
            continue;
        }
        let found: Vec<Problem> = validate::check_value(key, value);
        for p in found.iter().filter(|p| p.is_error()) {
            let (en, zh) = (&p.message.en, &p.message.zh);
            problems.push(tr!("{key}: {en}", "{key}：{zh}"));
        }
    }
    for m in &profile.mirrors {
        let name = &m.name;
        if secret_in(&m.url) {
            problems.push(secret_problem_in(
                &format!("mirror {name}"),
                &format!("镜像 “{name}”"),
            ));
        } else if let Err(e) = crate::goenv::goproxy::check_proxy_url(&m.url) {
            problems.push(tr!(
                "mirror {name}: {e}",
                "镜像 “{name}”：go 命令的报错为 “{e}”"
            ));
        }
    }
    if let Some(p) = &profile.network.https_proxy
        && secret_in(p)
    {
        problems.push(secret_problem("network.https_proxy"));
    }
    if profile.network.ca_file.is_some() && profile.network.ca_pem.is_some() {
        problems.push(tr!(
            "network.ca_file and network.ca_pem are both set: give the company's root CA one way",
            "同时设置了 network.ca_file 和 network.ca_pem：公司根证书只需用其中一种方式提供"
        ));
    }
    if let Some(pem) = &profile.network.ca_pem
        && ca_certificates(pem).is_none()
    {
        problems.push(tr!(
            "network.ca_pem is not a PEM certificate (it must hold -----BEGIN CERTIFICATE----- blocks)",
            "network.ca_pem 不是 PEM 格式的证书（应包含 -----BEGIN CERTIFICATE----- 块）"
        ));
    }
    if let Some(v) = &profile.min_go
        && crate::goenv::version::GoVersion::parse(&format!("go{}", v.trim_start_matches("go")))
            .is_none()
    {
        problems.push(tr!(
            "min_go {v} is not a go version (for example 1.22)",
            "min_go {v} 不是 go 版本号（例如 1.22）"
        ));
    }
    if problems.is_empty() {
        Ok(profile)
    } else {
        Err(ProfileError { problems })
    }
}

/// The certificates of an embedded PEM, each a parseable X.509 certificate; None when there
/// is none or one is broken.
pub fn ca_certificates(pem: &str) -> Option<Vec<Vec<u8>>> {
    use rustls::pki_types::{CertificateDer, pem::PemObject};
    let mut out = Vec::new();
    for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
        let der = cert.ok()?;
        x509_parser::parse_x509_certificate(&der).ok()?;
        out.push(der.to_vec());
    }
    (!out.is_empty()).then_some(out)
}

fn secret_problem(what: &str) -> Text {
    secret_problem_in(what, what)
}

fn secret_problem_in(what: &str, what_zh: &str) -> Text {
    tr!(
        "{what} carries a password: a profile is shared, so it never holds one. Remove it from the URL; each person adds their own login to .netrc (gomirror can add the entry), where the go command reads it",
        "{what_zh} 中含有密码：团队配置会被分享，绝不能包含密码。请从地址中去掉它；每个人把自己的账号写进 .netrc（gomirror 可代为添加），go 命令会从那里读取"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
version = 1

[team]
name = "Payments"
contact = "it@corp.example"

[settings]
GOPROXY = "https://goproxy.corp.example,https://goproxy.cn,direct"
GOPRIVATE = "git.corp.example"

[[mirrors]]
name = "Company Athens"
url = "https://goproxy.corp.example"
kind = "athens"
auth = "netrc"
"#;

    #[test]
    fn a_good_profile_parses() {
        let p = parse(GOOD).expect("valid");
        assert_eq!(p.team.name.as_deref(), Some("Payments"));
        assert_eq!(p.settings["GOPRIVATE"], "git.corp.example");
        assert_eq!(p.mirrors[0].auth, MirrorAuth::Netrc);
    }

    #[test]
    fn secrets_unknown_keys_and_invalid_values_are_refused_together() {
        let bad = r#"
version = 1
[settings]
GOPROXY = "https://u:s3cret@goproxy.corp.example,direct"
GOPATH = "/tmp"
GOSUMDB = "bogus+key"
"#;
        let e = parse(bad).expect_err("refused");
        assert_eq!(e.problems.len(), 3, "{e:?}");
        assert!(
            e.problems[0].en.contains("carries a password")
                || e.to_string().contains("carries a password")
        );
        assert!(!e.to_string().contains("s3cret"));
        let e = parse("version = 1\nsurprise = true\n").expect_err("unknown field");
        assert!(e.problems[0].en.contains("surprise"), "{e:?}");
    }
}
