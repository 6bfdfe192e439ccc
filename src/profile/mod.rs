//! Team scale: settings as snippets for shells, Docker and CI (the team profile file, its
//! import and export come here too).

pub mod fetch;
pub mod file;
pub mod job;
pub mod network;
pub mod snippets;

use crate::goenv::model::{Snapshot, Source};
use crate::i18n::Text;
use std::collections::BTreeMap;

/// Why a profile could not be used.
#[derive(Clone, Debug)]
pub enum LoadError {
    /// The local file could not be read (an I/O failure).
    Unreadable(Text),
    /// Refused: a URL that could not be fetched or trusted, a body over 1 MiB, or a profile
    /// with problems (every one of them).
    Refused(Vec<Text>),
}

/// Reads and checks a profile from a file or an https URL (at most 1 MiB either way; a URL
/// within `timeout`, see [`fetch`]).
pub fn load(
    location: &str,
    env: &crate::goenv::location::EnvMap,
    timeout: std::time::Duration,
) -> Result<file::TeamProfile, LoadError> {
    let text = if fetch::is_url(location) {
        fetch::fetch_blocking(location, env, timeout).map_err(|e| LoadError::Refused(vec![e]))?
    } else {
        use std::io::Read;
        let mut text = String::new();
        let read = std::fs::File::open(location).and_then(|f| {
            f.take(fetch::MAX_BYTES as u64 + 1)
                .read_to_string(&mut text)
        });
        match read {
            Ok(n) if n > fetch::MAX_BYTES => {
                return Err(LoadError::Refused(vec![Text::new(
                    format!("{location} is larger than 1 MiB: not a profile"),
                    format!("{location} 超过 1 MiB：不是团队配置文件"),
                )]));
            }
            Ok(_) => text,
            Err(e) => {
                return Err(LoadError::Unreadable(Text::new(
                    format!("cannot read {location}: {e}"),
                    format!("无法读取 {location}：{}", crate::i18n::io_error_zh(&e)),
                )));
            }
        }
    };
    let mut profile = file::parse(&text).map_err(|e| LoadError::Refused(e.problems))?;
    install_ca(&mut profile, env).map_err(LoadError::Unreadable)?;
    Ok(profile)
}

/// An embedded root CA (`network.ca_pem`) becomes a file, because the go command (on Linux
/// and the BSDs) and our probe read a CA only from `SSL_CERT_FILE`: it is kept in gomirror's
/// config folder under its content hash (the same profile always gives the same path), and
/// the profile then names it as `ca_file`.
pub fn install_ca(
    profile: &mut file::TeamProfile,
    env: &crate::goenv::location::EnvMap,
) -> Result<(), Text> {
    let Some(pem) = profile.network.ca_pem.clone() else {
        return Ok(());
    };
    let Some(dir) = crate::mirrors::config_dir(env) else {
        return Err(crate::tr!(
            "no config directory for the profile's CA: set HOME or GOMIRROR_CONFIG_DIR",
            "没有可存放团队配置根证书的配置目录：请设置 HOME 或 GOMIRROR_CONFIG_DIR"
        ));
    };
    let hash = crate::apply::sha256_hex(pem.as_bytes());
    let path = dir.join("team-ca").join(format!("{}.pem", &hash[..16]));
    if std::fs::read(&path).ok().as_deref() != Some(pem.as_bytes()) {
        crate::apply::safe_write::write_atomic(&path, pem.as_bytes()).map_err(|e| {
            let (en, zh) = (e.to_string(), e.zh());
            crate::tr!(
                "cannot store the profile's root CA: {en}",
                "无法保存团队配置的根证书：{zh}"
            )
        })?;
    }
    profile.network.ca_file = Some(path.display().to_string());
    profile.network.ca_pem = None;
    Ok(())
}

/// The settings a snippet carries when nothing else is chosen: the download settings the user
/// set (in the env file or the OS environment), not the go command's defaults.
pub fn chosen_settings(snapshot: &Snapshot) -> BTreeMap<String, String> {
    crate::goenv::keys::DOWNLOAD_KEYS
        .iter()
        .filter_map(|k| {
            let var = snapshot.vars.get(*k)?;
            (matches!(var.source, Source::Env | Source::File) && !var.value.is_empty())
                .then(|| (k.to_string(), var.value.clone()))
        })
        .collect()
}

/// A pending value for an export, checked as a profile's value is (an allowed key, no
/// password, valid for the go command); an empty value drops the key.
pub fn check_pending(key: &str, value: &str) -> Result<(), Vec<Text>> {
    if value.is_empty() && file::PROFILE_KEYS.contains(&key) {
        return Ok(());
    }
    let mut settings = toml::Table::new();
    settings.insert(key.to_string(), toml::Value::String(value.to_string()));
    let mut doc = toml::Table::new();
    doc.insert("version".into(), toml::Value::Integer(1));
    doc.insert("settings".into(), toml::Value::Table(settings));
    file::parse(&doc.to_string())
        .map(|_| ())
        .map_err(|e| e.problems)
}

/// A profile of the current settings and the user's own mirrors, to share: no password (a
/// mirror URL's credentials are taken out and marked `auth = "netrc"`).
pub fn export(
    settings: &BTreeMap<String, String>,
    custom: &[crate::mirrors::Mirror],
) -> file::TeamProfile {
    let settings = settings
        .iter()
        .filter(|(k, _)| file::PROFILE_KEYS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), crate::goenv::netrc::split_credentials(v).0))
        .collect();
    let mirrors = custom
        .iter()
        .map(|m| {
            let (url, machines) = crate::goenv::netrc::split_credentials(&m.url);
            file::MirrorEntry {
                name: m.name_en.clone(),
                url,
                kind: file::MirrorKind::Goproxy,
                auth: if machines.is_empty() {
                    file::MirrorAuth::None
                } else {
                    file::MirrorAuth::Netrc
                },
            }
        })
        .collect();
    file::TeamProfile {
        version: 1,
        settings,
        mirrors,
        ..file::TeamProfile::default()
    }
}

/// The profile as the file IT shares.
pub fn to_toml(profile: &file::TeamProfile) -> String {
    toml::to_string_pretty(profile).unwrap_or_default()
}

/// Adds the profile's mirrors to the user's own (`mirrors.toml`), so every probe measures them
/// like any other; returns how many were new.
pub fn add_mirrors(
    env: &crate::goenv::location::EnvMap,
    profile: &file::TeamProfile,
) -> Result<usize, crate::mirrors::CatalogError> {
    let Some(dir) = crate::mirrors::config_dir(env) else {
        return Ok(0);
    };
    let mut all = crate::mirrors::load(Some(&dir))?;
    let mut added = 0;
    for m in &profile.mirrors {
        let url = crate::goenv::goproxy::complete_url(&m.url);
        if all
            .iter()
            .any(|x| x.url.trim_end_matches('/') == url.trim_end_matches('/'))
        {
            continue;
        }
        let mut mirror = crate::mirrors::Mirror::custom(&url);
        mirror.name_en = m.name.clone();
        mirror.name_zh = m.name.clone();
        all.push(mirror);
        added += 1;
    }
    if added > 0 {
        crate::mirrors::save_custom(&dir, &all)?;
    }
    Ok(added)
}

/// The profile's minimum go version against the installed one: None when it is met (or not
/// set); else what to say and the fix the doctor offers (GOTOOLCHAIN switching to it through
/// the mirrors, verified by the checksum database).
pub fn min_go_check(
    profile: &file::TeamProfile,
    installed: Option<&crate::goenv::version::GoVersion>,
) -> Option<(crate::i18n::Text, BTreeMap<String, String>)> {
    use crate::goenv::version::GoVersion;
    let min = profile.min_go.as_deref()?;
    let want = GoVersion::parse(&format!("go{}", min.trim_start_matches("go")))?;
    let name = format!("go{}", want.raw.trim_start_matches("go"));
    let key = |v: &GoVersion| (v.major, v.minor, v.patch);
    match installed {
        Some(have) if key(have) >= key(&want) => None,
        Some(have) if have.at_least(1, 21) => {
            let have = &have.raw;
            Some((
                crate::tr!(
                    "the team needs {name} or newer; {have} is installed. GOTOOLCHAIN={name}+auto makes the go command download it through your mirrors (verified by the checksum database)",
                    "团队要求 {name} 或更新版本，已安装的是 {have}。设置 GOTOOLCHAIN={name}+auto 后，go 命令会通过镜像下载它（经校验数据库验证）"
                ),
                [("GOTOOLCHAIN".to_string(), format!("{name}+auto"))].into(),
            ))
        }
        Some(have) => {
            let have = &have.raw;
            Some((
                crate::tr!(
                    "the team needs {name} or newer; {have} cannot switch toolchains: install it from https://go.dev/dl/ (in China: https://golang.google.cn/dl/)",
                    "团队要求 {name} 或更新版本；{have} 不能切换工具链：请从 https://go.dev/dl/ 安装（国内可用 https://golang.google.cn/dl/）"
                ),
                BTreeMap::new(),
            ))
        }
        None => Some((
            crate::tr!(
                "the team needs {name} or newer and no go command was found: install it from https://go.dev/dl/ (in China: https://golang.google.cn/dl/)",
                "团队要求 {name} 或更新版本，但没有找到 go 命令：请从 https://go.dev/dl/ 安装（国内可用 https://golang.google.cn/dl/）"
            ),
            BTreeMap::new(),
        )),
    }
}

/// With `recommend_among_mirrors`, the GOPROXY and GOSUMDB to apply: the profile's mirrors
/// probed now (decided as soon as certain), ranked as any probe ranks them.
pub fn recommend_among(
    env: &crate::goenv::location::EnvMap,
    profile: &file::TeamProfile,
    budget: std::time::Duration,
) -> Result<crate::probe::recommend::Recommendation, crate::i18n::Text> {
    use crate::probe::engine::{self, RoundConfig};
    if profile.mirrors.is_empty() {
        return Err(crate::tr!(
            "recommend_among_mirrors is set but the profile names no [[mirrors]]",
            "设置了 recommend_among_mirrors，但团队配置没有列出任何 [[mirrors]]"
        ));
    }
    // The company proxy and CA of the profile apply to its own mirrors.
    let mut env = env.clone();
    env.extend(profile.network_environment());
    let env = &env;
    let config = RoundConfig {
        mirrors: profile
            .mirrors
            .iter()
            .map(file::MirrorEntry::to_mirror)
            .collect(),
        spec: crate::probe::checks::ProbeSpec {
            probe_timeout: budget,
            ..crate::probe::checks::ProbeSpec::for_users()
        },
        roots: crate::probe::tls::Roots::from_env(env),
        env: env.clone(),
        sumdb: crate::probe::recommend::SumdbChoice::default(),
        concurrency: engine::DEFAULT_CONCURRENCY,
    };
    let outcome = engine::run_blocking_until(config, true, |_| {})
        .map_err(|e| crate::tr!("cannot probe: {e}", "无法测速：{e}"))?
        .ok_or_else(|| crate::tr!("the probe was cancelled", "测速已取消"))?;
    outcome.recommended.ok_or_else(|| {
        crate::tr!(
            "none of the profile's mirrors works from here; nothing was applied",
            "团队配置中的镜像在本机都无法使用；未应用任何设置"
        )
    })
}
