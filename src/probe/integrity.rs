//! Does a mirror serve the bytes the checksum database recorded? The pinned reference module's
//! `.mod` and `.zip` (already fetched by the checks) are hashed as the go command hashes them and
//! compared with the database's record for that version, whose signed tree note is verified
//! with the database's key. The record comes through the mirror's checksum-database proxy when
//! it has one, else from the configured database URL. Only the fixed public reference module is
//! ever looked up.

use super::content;
use super::http::{self, Fetch, Limits, Net};
use super::model::{Integrity, ProbeSpec, escape_path, join};
use crate::tr;

fn fetched<'a>(checks: &'a [(&'static str, String, Fetch)], name: &str) -> Option<&'a Fetch> {
    checks
        .iter()
        .find(|(n, _, f)| *n == name && f.error.is_none() && f.status == Some(200) && !f.truncated)
        .map(|(_, _, f)| f)
}

/// Compares the pinned module's bytes with the database's record.
pub async fn check(
    base: &str,
    spec: &ProbeSpec,
    net: &Net<'_>,
    limits: &Limits,
    checks: &[(&'static str, String, Fetch)],
) -> Integrity {
    let not_checked = |why| Integrity::NotChecked { why };
    let (Some(module_file), Some(zip)) = (fetched(checks, "mod"), fetched(checks, "zip")) else {
        return not_checked(tr!(
            "the mirror did not serve the reference module",
            "镜像没有提供参考模块"
        ));
    };
    let (module, version) = (&spec.pinned_module, &spec.pinned_version);
    if content::check_mod(&module_file.body, module).is_err() {
        return not_checked(tr!(
            "the mirror's go.mod is not a go.mod",
            "镜像返回的 go.mod 无效"
        ));
    }
    let Ok(zip_hash) = content::check_zip(&zip.body, module, version) else {
        return not_checked(tr!(
            "the mirror's zip is not a module zip",
            "镜像返回的 zip 不是模块文件"
        ));
    };
    let mod_hash = content::hash_mod(&module_file.body);
    let lookup = format!("lookup/{}@{}", escape_path(module), escape_path(version));
    let proxied = checks
        .iter()
        .any(|(n, _, f)| *n == "sumdb-supported" && f.status == Some(200) && f.error.is_none());
    let url = if proxied {
        join(base, &format!("sumdb/{}/{lookup}", spec.sumdb_name))
    } else if let Some(direct) = &spec.sumdb_direct_url {
        join(direct, &lookup)
    } else {
        return not_checked(tr!(
            "the mirror does not proxy the checksum database, and no database URL is configured",
            "镜像不代理校验和数据库，也没有配置数据库地址"
        ));
    };
    let mut limits = limits.clone();
    limits.body_cap_bytes = 64 * 1024;
    let answer = http::get(&url, net, &limits).await;
    if let Some(e) = &answer.error {
        let t = e.text();
        let (en, zh) = (t.en, t.zh);
        return not_checked(tr!(
            "the checksum database did not answer ({en})",
            "校验和数据库没有应答（{zh}）"
        ));
    }
    if answer.status != Some(200) {
        let status = answer.status.unwrap_or_default();
        return not_checked(tr!(
            "the checksum database answered HTTP {status}",
            "校验和数据库返回 HTTP {status}"
        ));
    }
    let record = match super::sumdb::parse_lookup(&answer.body, &spec.sumdb_key, module, version) {
        Ok(r) => r,
        Err(e) => {
            let en = e.to_string();
            return not_checked(tr!(
                "the checksum database's answer was not accepted ({en})",
                "校验和数据库的应答未通过验证"
            ));
        }
    };
    if mod_hash != record.mod_hash {
        return Integrity::Tampered {
            file: format!("{module}@{version}/go.mod"),
            got: mod_hash,
            want: record.mod_hash,
        };
    }
    if zip_hash != record.zip_hash {
        return Integrity::Tampered {
            file: format!("{module}@{version}.zip"),
            got: zip_hash,
            want: record.zip_hash,
        };
    }
    Integrity::Matches
}
