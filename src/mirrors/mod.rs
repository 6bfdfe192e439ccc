//! The mirror catalogue: the shipped list (`assets/mirrors.toml`) merged with the user's own
//! mirrors from the app's config. Credentials in custom URLs are kept for requests but always
//! shown and logged redacted.

use crate::goenv::gourl;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The shipped catalogue, compiled in.
pub const CATALOG_TOML: &str = include_str!("../../assets/mirrors.toml");

/// Overrides the config directory (tests, portable installs).
pub const CONFIG_DIR_VAR: &str = "GOMIRROR_CONFIG_DIR";

/// What a mirror is expected to serve (for the checks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Expectation {
    Yes,
    No,
    #[default]
    Unknown,
}

/// One mirror of the catalogue or the user's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mirror {
    pub id: String,
    pub name_en: String,
    pub name_zh: String,
    #[serde(default)]
    pub operator: String,
    /// The GOPROXY entry. May hold credentials (custom mirrors): never print it, use
    /// [`Mirror::display_url`].
    pub url: String,
    #[serde(default)]
    pub region: String,
    /// Whether the sources say it proxies the checksum database.
    #[serde(default)]
    pub checksum_db: Expectation,
    #[serde(default)]
    pub notes_en: String,
    #[serde(default)]
    pub notes_zh: String,
    /// The date the entry was last reviewed against its sources.
    #[serde(default)]
    pub verified: String,
    #[serde(default)]
    pub sources: Vec<String>,
    /// Added by the user.
    #[serde(default)]
    pub custom: bool,
}

impl Mirror {
    /// The name in the user's language.
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Zh => &self.name_zh,
            crate::i18n::Lang::En => &self.name_en,
        }
    }

    /// A custom mirror from a URL the user typed.
    pub fn custom(url: &str) -> Self {
        let shown = gourl::redact(url);
        Self {
            id: format!("custom:{shown}"),
            name_en: shown.clone(),
            name_zh: shown,
            operator: String::new(),
            url: url.to_string(),
            region: String::new(),
            checksum_db: Expectation::Unknown,
            notes_en: String::new(),
            notes_zh: String::new(),
            verified: String::new(),
            sources: Vec::new(),
            custom: true,
        }
    }

    /// The URL for display and logs: credentials redacted.
    pub fn display_url(&self) -> String {
        gourl::redact(&self.url)
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CatalogFile {
    #[serde(default)]
    mirror: Vec<Mirror>,
}

/// Why the user's mirror list could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("the mirror list {path} is not valid TOML: {message}")]
    Parse { path: String, message: String },
    #[error("{en}")]
    Login { en: String, zh: String },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl CatalogError {
    /// The same error in Chinese (the parser's own detail stays in the English text).
    pub fn zh(&self) -> String {
        match self {
            Self::Parse { path, .. } => format!("镜像列表 {path} 不是有效的 TOML"),
            Self::Login { zh, .. } => zh.clone(),
            Self::Io { path, source } => format!(
                "无法读写 {}：{}",
                path.display(),
                crate::i18n::io_error_zh(source)
            ),
        }
    }
}

/// Parses a catalogue text.
pub fn parse(text: &str, origin: &str) -> Result<Vec<Mirror>, CatalogError> {
    let file: CatalogFile = toml::from_str(text).map_err(|e| CatalogError::Parse {
        path: origin.to_string(),
        message: crate::i18n::toml_error(text, &e).en,
    })?;
    Ok(file.mirror)
}

/// The shipped catalogue.
pub fn builtin() -> Vec<Mirror> {
    // The shipped file is checked by a unit test, so a parse error cannot reach users.
    parse(CATALOG_TOML, "assets/mirrors.toml").unwrap_or_default()
}

/// Replaces the shipped catalogue with a file of the same format (screenshots, offline labs).
pub const CATALOG_VAR: &str = "GOMIRROR_CATALOG";

/// The catalogue for an environment: `$GOMIRROR_CATALOG` or the shipped list, merged with the
/// user's own mirrors from the config directory.
pub fn load_for(env: &crate::goenv::location::EnvMap) -> Result<Vec<Mirror>, CatalogError> {
    let dir = config_dir(env);
    let mut mirrors = load(dir.as_deref())?;
    if let Some(path) = crate::goenv::location::env_value(env, CATALOG_VAR) {
        let text = std::fs::read_to_string(path).map_err(|source| CatalogError::Io {
            path: path.into(),
            source,
        })?;
        let own: Vec<Mirror> = mirrors.into_iter().filter(|m| m.custom).collect();
        mirrors = parse(&text, path)?;
        mirrors.extend(own);
    }
    Ok(mirrors)
}

/// The app's config directory: `$GOMIRROR_CONFIG_DIR`, else the OS standard place.
pub fn config_dir(env: &crate::goenv::location::EnvMap) -> Option<PathBuf> {
    if let Some(d) = crate::goenv::location::env_value(env, CONFIG_DIR_VAR) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "gomirror").map(|d| d.config_dir().to_path_buf())
}

/// The user's mirrors file in a config directory.
pub fn user_file(dir: &Path) -> PathBuf {
    dir.join("mirrors.toml")
}

/// The shipped catalogue merged with the user's file: a user entry with the id of a shipped
/// one replaces it; others are added (marked custom).
pub fn load(config_dir: Option<&Path>) -> Result<Vec<Mirror>, CatalogError> {
    let mut mirrors = builtin();
    let Some(dir) = config_dir else {
        return Ok(mirrors);
    };
    let path = user_file(dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(mirrors),
        Err(source) => return Err(CatalogError::Io { path, source }),
    };
    for mut user in parse(&text, &path.display().to_string())? {
        match mirrors.iter_mut().find(|m| m.id == user.id) {
            Some(existing) => *existing = user,
            None => {
                user.custom = true;
                mirrors.push(user);
            }
        }
    }
    Ok(mirrors)
}

/// Saves the user's custom mirrors (only those marked custom). A login in a custom mirror's
/// URL (`https://user:token@host`) never goes into `mirrors.toml`: it is moved to `.netrc`
/// first (created 0600, with a backup and an undo step), where the go command and the probes
/// read it, and the mirror keeps the URL without it. A login on a plain-http URL is refused:
/// the go command sends `.netrc` logins over https only.
pub fn save_custom_moving_logins(
    env: &crate::goenv::location::EnvMap,
    config_dir: &Path,
    mirrors: &[Mirror],
) -> Result<(), CatalogError> {
    let mut clean = mirrors.to_vec();
    for m in clean.iter_mut().filter(|m| m.custom) {
        let (url, machines) = crate::goenv::netrc::split_credentials(&m.url);
        if machines.is_empty() {
            continue;
        }
        if !url.to_ascii_lowercase().starts_with("https://") {
            return Err(CatalogError::Login {
                en: format!(
                    "{} carries a login over plain http: the go command sends logins from .netrc over https only, and in a URL the password would travel in clear; use the mirror's https address",
                    m.display_url()
                ),
                zh: format!(
                    "{} 在明文 http 上带有登录信息：go 命令只在 https 下发送 .netrc 中的登录信息，而写在网址里的密码会以明文传输；请使用该镜像的 https 地址",
                    m.display_url()
                ),
            });
        }
        let data_dir = crate::apply::history::data_dir(env).map_err(|e| CatalogError::Login {
            en: e.to_string(),
            zh: e.zh(),
        })?;
        for machine in &machines {
            crate::apply::credentials::add_netrc_entry(
                env,
                crate::goenv::location::TargetOs::current(),
                machine,
                false,
                &data_dir,
            )
            .map_err(|e| CatalogError::Login {
                en: format!(
                    "the login for {} was not moved to .netrc: {e}",
                    machine.host
                ),
                zh: format!("{} 的登录信息未能移入 .netrc：{}", machine.host, e.zh()),
            })?;
        }
        if m.name_en == m.display_url() {
            m.name_en = url.clone();
            m.name_zh = url.clone();
        }
        m.url = url;
    }
    save_custom(config_dir, &clean)
}

/// Saves the user's custom mirrors (only those marked custom). Refuses a URL that still holds
/// a login ([`save_custom_moving_logins`] moves it to `.netrc`).
pub fn save_custom(config_dir: &Path, mirrors: &[Mirror]) -> Result<(), CatalogError> {
    let file = CatalogFile {
        mirror: mirrors.iter().filter(|m| m.custom).cloned().collect(),
    };
    if let Some(m) = file.mirror.iter().find(|m| m.display_url() != m.url) {
        let shown = m.display_url();
        return Err(CatalogError::Login {
            en: format!("{shown} holds a login; it belongs in .netrc, not in the mirror list"),
            zh: format!("{shown} 含有登录信息；它应保存在 .netrc 中，而不是镜像列表里"),
        });
    }
    let path = user_file(config_dir);
    let text = toml::to_string_pretty(&file).map_err(|e| CatalogError::Parse {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    let io = |path: PathBuf, source: std::io::Error| CatalogError::Io { path, source };
    // The user's alone (it names the user's company mirrors).
    crate::apply::safe_write::create_private_dir(config_dir).map_err(|e| io(path.clone(), e))?;
    crate::apply::safe_write::write_atomic_private(&path, text.as_bytes(), None)
        .map_err(|e| io(path, std::io::Error::other(e.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_catalogue_is_valid_and_real() {
        let mirrors = parse(CATALOG_TOML, "assets").expect("valid");
        assert!(mirrors.len() >= 6);
        for m in &mirrors {
            assert!(m.url.starts_with("https://"), "{}", m.url);
            assert!(crate::goenv::goproxy::parse(&m.url).is_ok(), "{}", m.url);
            assert!(!m.sources.is_empty() && !m.verified.is_empty(), "{}", m.id);
            for invented in [
                "goproxy.huaweicloud.com",
                "goproxy.qiniu.com",
                "proxy.golang.org.cn",
                "ustc",
                "tuna",
                "gocenter",
            ] {
                assert!(
                    !m.url.contains(invented),
                    "{} is not a real Go mirror",
                    m.url
                );
            }
        }
        assert!(
            mirrors
                .iter()
                .any(|m| m.url == "https://goproxy.cn" && m.checksum_db == Expectation::Yes)
        );
    }

    #[test]
    fn user_entries_merge_and_a_login_never_lands_in_the_list() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut mirrors = builtin();
        mirrors.push(Mirror::custom(
            "https://ci:s3cret@nexus.corp.example/repository/go/",
        ));
        let refused = save_custom(dir.path(), &mirrors).expect_err("a login is refused");
        assert!(!refused.to_string().contains("s3cret"), "{refused}");
        assert!(!user_file(dir.path()).exists());
        let mut env = crate::goenv::location::EnvMap::new();
        env.insert("HOME".into(), dir.path().display().to_string());
        env.insert(
            "GOMIRROR_DATA_DIR".into(),
            dir.path().join("data").display().to_string(),
        );
        env.insert(
            "NETRC".into(),
            dir.path().join("netrc").display().to_string(),
        );
        save_custom_moving_logins(&env, dir.path(), &mirrors).expect("save");
        let text = std::fs::read_to_string(user_file(dir.path())).expect("mirrors.toml");
        assert!(!text.contains("s3cret"), "{text}");
        let netrc = std::fs::read_to_string(dir.path().join("netrc")).expect("netrc");
        assert_eq!(
            netrc,
            "machine nexus.corp.example login ci password s3cret\n"
        );
        let loaded = load(Some(dir.path())).expect("load");
        let custom = loaded.iter().find(|m| m.custom).expect("custom");
        assert_eq!(custom.url, "https://nexus.corp.example/repository/go/");
        assert!(!custom.name_en.contains("s3cret") && !custom.id.contains("s3cret"));
        assert_eq!(loaded.len(), builtin().len() + 1);
        // Over plain http the login would travel in clear and .netrc is not sent: refused.
        mirrors.push(Mirror::custom("http://ci:s3cret@plain.corp.example/"));
        let refused = save_custom_moving_logins(&env, dir.path(), &mirrors).expect_err("http");
        assert!(refused.to_string().contains("https only"), "{refused}");
    }
}
