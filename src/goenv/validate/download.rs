//! The download-time checks of GOPROXY and GOSUMDB: the go command reads these lists only at
//! the next download, so a bad value is caught here, explained, and where possible corrected.

use super::Problem;
use crate::goenv::{goproxy, gosumdb};
use crate::i18n::Text;
use crate::tr;

pub(super) fn check_goproxy(value: &str, problems: &mut Vec<Problem>) {
    let list = match goproxy::parse(value) {
        Ok(list) => list,
        Err(e) => {
            let message = goproxy_error_message(&e);
            let mut p = Problem::error("GOPROXY", Some(e.go_text.clone()), message);
            if let Some(fixed) = suggest_goproxy(value) {
                p = p.with_suggestion(fixed);
            }
            problems.push(p);
            return;
        }
    };
    if let Some(tail) = &list.ignored_tail {
        problems.push(
            Problem::warning(
                "GOPROXY",
                tr!(
                    "Everything after 'direct' or 'off' is ignored by the go command ({tail:?} is never used).",
                    "'direct' 或 'off' 之后的内容会被 go 命令忽略（“{tail}” 永远不会被使用）。"
                ),
            )
            .with_suggestion(keep_mirrors(value, tail)),
        );
    }
    for (url, _) in list.urls() {
        let host = url
            .split("://")
            .nth(1)
            .unwrap_or("")
            .split(['/', ':'])
            .next()
            .unwrap_or("");
        if host == "direct" || host == "off" {
            problems.push(
                Problem::error(
                    "GOPROXY",
                    None,
                    tr!(
                        "{url:?} is read as a proxy at host {host:?}, not as the keyword {host}: remove the '/' after it.",
                        "“{url}” 会被当成主机名为 “{host}” 的代理，而不是关键字 {host}：请去掉后面的 '/'。"
                    ),
                )
                .with_suggestion(value.replace(&format!("{host}/"), host)),
            );
        }
        let host_port = url
            .split("://")
            .nth(1)
            .unwrap_or("")
            .split('/')
            .next()
            .unwrap_or("");
        let host_port = host_port.rsplit('@').next().unwrap_or("");
        let plausible = host_port.starts_with('[')
            || host_port
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
        if !url.starts_with("file:") && !plausible {
            let mut p = Problem::error(
                "GOPROXY",
                None,
                tr!(
                    "{url:?} has a host name that cannot exist ({host_port:?}): entries are separated by ',' or '|' only, never by ';' or spaces.",
                    "“{url}” 的主机名不可能存在（“{host_port}”）：条目之间只能用 ',' 或 '|' 分隔，不能用 ';' 或空格。"
                ),
            );
            if let Some(fixed) = suggest_goproxy(value) {
                p = p.with_suggestion(fixed);
            }
            problems.push(p);
        }
        if url.starts_with("http://") {
            problems.push(Problem::warning(
                "GOPROXY",
                tr!(
                    "{url} is plain HTTP: module contents travel unencrypted (the checksum database still protects their integrity).",
                    "{url} 是明文 HTTP：模块内容不加密传输（校验和数据库仍会保证内容完整）。"
                ),
            ));
        }
    }
    if !list.ends_in_direct() && !list.ends_in_off() && list.urls().count() > 0 {
        problems.push(
            Problem::warning(
                "GOPROXY",
                tr!(
                    "The list does not end in 'direct': a module that no proxy has (404/410) will fail instead of being fetched from its origin.",
                    "列表没有以 'direct' 结尾：代理上找不到（404/410）的模块将直接失败，而不是回源下载。"
                ),
            )
            .with_suggestion(format!("{},direct", value.trim_end_matches([',', '|', ' ']))),
        );
    }
}

/// The list its author meant when mirrors stand after the terminal keyword: the mirrors first,
/// in their order, then the keyword (`direct,https://goproxy.io` becomes
/// `https://goproxy.io,direct`); nothing the author wrote is dropped but repeated keywords.
pub(super) fn keep_mirrors(value: &str, tail: &str) -> String {
    let head = value[..value.len() - tail.len()].trim_end_matches([',', '|', ' ']);
    let (before, keyword) = match head.rfind([',', '|']) {
        Some(i) => (&head[..=i], &head[i + 1..]),
        None => ("", head),
    };
    let mut out = before.to_string();
    let mirrors: Vec<&str> = tail
        .split([',', '|'])
        .map(str::trim)
        .filter(|e| !e.is_empty() && *e != "direct" && *e != "off")
        .collect();
    for m in mirrors {
        if !out.split([',', '|']).any(|e| e == m) {
            out.push_str(m);
            out.push(',');
        }
    }
    out.push_str(keyword.trim());
    out
}

fn goproxy_error_message(e: &goproxy::ProxyError) -> Text {
    let entry = e.entry.clone().unwrap_or_default();
    if e.go_text == goproxy::NO_ENTRIES {
        tr!(
            "GOPROXY has no usable entry, so every module download fails. Use a list such as https://goproxy.cn,direct, or unset it to get the default.",
            "GOPROXY 中没有可用的条目，所有模块下载都会失败。请使用类似 https://goproxy.cn,direct 的列表，或恢复默认。"
        )
    } else if e.go_text.contains("missing scheme") {
        tr!(
            "{entry:?} is neither a URL nor one of the keywords 'direct' and 'off'. Proxies are written as https://host.",
            "“{entry}” 既不是 URL，也不是关键字 'direct' 或 'off'。代理应写成 https://主机名。"
        )
    } else if e.go_text.contains("scheme (must be") {
        tr!(
            "{entry:?}: a proxy must use https://, http:// or file://.",
            "“{entry}”：代理只能使用 https://、http:// 或 file://。"
        )
    } else if e.go_text.contains("refusing to pass credentials") {
        tr!(
            "The go command never sends a user name or password over plain http://; use https:// for a proxy that needs credentials.",
            "go 命令不会通过明文 http:// 发送用户名或密码；需要认证的代理请使用 https://。"
        )
    } else {
        tr!(
            "{entry:?} is not a valid URL; the go command would reject the whole GOPROXY list at the next download.",
            "“{entry}” 不是合法的 URL；go 命令会在下次下载时拒绝整个 GOPROXY 列表。"
        )
    }
}

/// A best guess at what the user meant: separators normalised, keywords fixed, https added.
fn suggest_goproxy(value: &str) -> Option<String> {
    let mut out = Vec::new();
    for raw in value.split([',', ';', ' ']) {
        let mut entry = raw.trim().trim_matches(['"', '\'']).to_string();
        if entry.is_empty() || entry == "|" {
            continue;
        }
        let lower = entry.to_ascii_lowercase();
        if matches!(lower.trim_end_matches('/'), "direct" | "off") {
            out.push(lower.trim_end_matches('/').to_string());
            break;
        }
        if let Some(rest) = entry.strip_prefix("http://")
            && let Some(at) = rest.find('@')
            && at < rest.find('/').unwrap_or(rest.len())
        {
            entry = format!("https://{rest}");
        } else if !entry.contains("://") {
            entry = format!("https://{entry}");
        }
        if goproxy::check_proxy_url(&entry).is_err() {
            continue;
        }
        out.push(entry);
    }
    if out.is_empty() {
        return None;
    }
    if !matches!(out.last().map(String::as_str), Some("direct" | "off")) {
        out.push("direct".into());
    }
    let fixed = out.join(",");
    (fixed != value && goproxy::parse(&fixed).is_ok()).then_some(fixed)
}

pub(super) fn check_gosumdb(value: &str, problems: &mut Vec<Problem>) {
    match gosumdb::parse(value) {
        Ok(gosumdb::SumDb::Off) => problems.push(Problem::warning(
            "GOSUMDB",
            tr!(
                "GOSUMDB=off turns off checksum verification for every module (only go.sum protects you), and toolchain downloads (GOTOOLCHAIN) then fail. Prefer sum.golang.google.cn or a mirror that proxies the checksum database; use GONOSUMDB/GOPRIVATE for private modules.",
                "GOSUMDB=off 会关闭所有模块的校验和验证（只剩 go.sum 保护），并且工具链自动下载（GOTOOLCHAIN）会失败。建议使用 sum.golang.google.cn 或代理了校验和数据库的镜像；私有模块请用 GONOSUMDB/GOPRIVATE。"
            ),
        )),
        Ok(gosumdb::SumDb::On { .. }) => {}
        Err(go_text) => {
            let suggestion = suggest_gosumdb(value);
            let message = if go_text.contains("malformed verifier id") {
                tr!(
                    "{value:?} is not a checksum database the go command knows: use sum.golang.org, sum.golang.google.cn, off, a full key name+hash+key, or '<name or key> <url>' for a mirror (e.g. 'sum.golang.org https://goproxy.cn/sumdb/sum.golang.org').",
                    "“{value}” 不是 go 命令认识的校验和数据库：请使用 sum.golang.org、sum.golang.google.cn、off、完整公钥 name+hash+key，或“名称 URL”形式（例如 'sum.golang.org https://goproxy.cn/sumdb/sum.golang.org'）。"
                )
            } else if go_text.contains("too many fields") {
                tr!(
                    "GOSUMDB takes at most two words: a name or key, and optionally a URL.",
                    "GOSUMDB 最多两个部分：名称或公钥，以及可选的 URL。"
                )
            } else {
                tr!(
                    "The go command would reject this GOSUMDB at the next download, so every checksum check fails.",
                    "go 命令会在下次下载时拒绝这个 GOSUMDB，所有校验都会失败。"
                )
            };
            let mut p = Problem::error("GOSUMDB", Some(format!("verifying module: {go_text}")), message);
            if let Some(s) = suggestion {
                p = p.with_suggestion(s);
            }
            problems.push(p);
        }
    }
}

fn suggest_gosumdb(value: &str) -> Option<String> {
    let v = value.trim().trim_matches(['"', '\'']).trim();
    if v.eq_ignore_ascii_case("off") {
        return Some("off".into());
    }
    // Blog posts write `goproxy.cn/sumdb/sum.golang.org` or `https://goproxy.cn/sumdb/sum.golang.org`.
    if let Some(pos) = v.find("/sumdb/") {
        let name = &v[pos + "/sumdb/".len()..].trim_end_matches('/');
        let base = if v.contains("://") {
            v.to_string()
        } else {
            format!("https://{v}")
        };
        let candidate = format!("{name} {base}");
        if gosumdb::parse(&candidate).is_ok() {
            return Some(candidate);
        }
    }
    if v.contains("google.cn") || v.contains("goproxy") || v.contains("sum.golang") {
        return Some("sum.golang.google.cn".into());
    }
    None
}
