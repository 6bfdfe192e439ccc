//! The recommended GOPROXY and GOSUMDB, built from a ranking and validated with the core.

use super::stats::Report;
use crate::goenv::{goproxy, gosumdb, gourl};
use crate::i18n::Text;
use crate::tr;
use serde::Serialize;

/// The GOSUMDB values to choose between.
#[derive(Clone, Debug)]
pub struct SumdbChoice {
    /// Used when a recommended mirror proxies the database (`sum.golang.org`).
    pub default: String,
    /// Used otherwise (`sum.golang.google.cn`, reachable in mainland China).
    pub fallback: String,
}

impl Default for SumdbChoice {
    fn default() -> Self {
        Self {
            default: "sum.golang.org".into(),
            fallback: "sum.golang.google.cn".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recommendation {
    /// The value to write (may hold credentials of a custom mirror).
    #[serde(rename = "GOPROXY", serialize_with = "redacted")]
    pub goproxy: String,
    #[serde(rename = "GOSUMDB")]
    pub gosumdb: String,
    #[serde(skip)]
    pub reasons: Vec<Text>,
}

fn redacted<S: serde::Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&gourl::redact_text(v))
}

/// How many mirrors go into the list.
pub const MAX_MIRRORS: usize = 3;

/// Builds the recommendation from ranked reports, with the mirrors' real URLs by id.
pub fn recommend(
    reports: &[Report],
    urls: &[(String, String)],
    sumdb: &SumdbChoice,
    project: bool,
) -> Recommendation {
    let url_of = |id: &str| urls.iter().find(|(i, _)| i == id).map(|(_, u)| u.clone());
    let mut ranked: Vec<&Report> = reports.iter().filter(|r| r.rank.is_some()).collect();
    ranked.sort_by_key(|r| r.rank);
    let chosen: Vec<(&Report, String)> = ranked
        .into_iter()
        .filter_map(|r| url_of(&r.measurement.id).map(|u| (r, u.trim_end_matches('/').to_string())))
        .take(MAX_MIRRORS)
        .collect();
    let mut reasons = Vec::new();
    let mut goproxy = String::new();
    for (i, (r, url)) in chosen.iter().enumerate() {
        goproxy.push_str(url);
        goproxy.push(if i + 1 < chosen.len() { '|' } else { ',' });
        let name = &r.measurement.name_en;
        let name_zh = &r.measurement.name_zh;
        let rank = i + 1;
        let (why_en, why_zh) = (&r.reason.en, &r.reason.zh);
        let secs = r.score.map_or(0.0, |s| (s / 100.0).round() / 10.0);
        reasons.push(if project {
            tr!(
                "#{rank} {name}: about {secs} s for this project; {why_en}",
                "第 {rank} 名 {name_zh}：下载本项目约 {secs} 秒；{why_zh}"
            )
        } else {
            tr!(
                "#{rank} {name}: about {secs} s for a typical download; {why_en}",
                "第 {rank} 名 {name_zh}：典型下载约 {secs} 秒；{why_zh}"
            )
        });
    }
    goproxy.push_str("direct");
    if chosen.len() > 1 {
        reasons.push(tr!(
            "'|' between mirrors: if one fails in any way (5xx, timeout), the next is tried; ',direct' at the end fetches from the origin only what no mirror has.",
            "镜像之间用 '|'：任何一个出错（5xx、超时）都会尝试下一个；结尾的 ',direct' 只在所有镜像都没有该模块时回源下载。"
        ));
    }
    let proxied = chosen
        .iter()
        .any(|(r, _)| r.measurement.checksum_db_proxied == Some(true));
    let (default, fallback) = (&sumdb.default, &sumdb.fallback);
    let gosumdb = if proxied {
        reasons.push(tr!(
            "GOSUMDB stays {default}: a recommended mirror proxies the checksum database, so verification goes through it.",
            "GOSUMDB 保持 {default}：推荐的镜像代理了校验和数据库，校验会经过该镜像。"
        ));
        default.clone()
    } else {
        reasons.push(tr!(
            "GOSUMDB={fallback}: no recommended mirror proxies the checksum database, and the default would go to the database host directly.",
            "GOSUMDB={fallback}：推荐的镜像都不代理校验和数据库，默认设置会直连校验和数据库主机。"
        ));
        fallback.clone()
    };
    debug_assert!(goproxy::parse(&goproxy).is_ok() && gosumdb::parse(&gosumdb).is_ok());
    Recommendation {
        goproxy,
        gosumdb,
        reasons,
    }
}

/// Whether the recommendation is valid for the go command (checked by the core).
pub fn validate(rec: &Recommendation) -> Result<(), String> {
    goproxy::parse(&rec.goproxy).map_err(|e| e.go_text)?;
    gosumdb::parse(&rec.gosumdb)?;
    Ok(())
}
