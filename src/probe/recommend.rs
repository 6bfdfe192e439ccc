//! The recommended GOPROXY and GOSUMDB, built from a ranking and validated with the core.

use super::stats::{Report, Verdict};
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

/// The recommended GOPROXY and GOSUMDB, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recommendation {
    /// The value to write (may hold credentials of a custom mirror).
    #[serde(rename = "GOPROXY", serialize_with = "redacted")]
    pub goproxy: String,
    /// None when no checksum database was seen answering in the round: GOSUMDB is then left
    /// as it is (never a database nobody reached, never off).
    #[serde(rename = "GOSUMDB")]
    pub gosumdb: Option<String>,
    #[serde(skip)]
    pub reasons: Vec<Text>,
}

impl Recommendation {
    /// The settings it writes: GOPROXY, and GOSUMDB when a database was seen working.
    pub fn settings(&self) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::from([("GOPROXY".into(), self.goproxy.clone())]);
        if let Some(g) = &self.gosumdb {
            out.insert("GOSUMDB".into(), g.clone());
        }
        out
    }

    /// `GOSUMDB=VALUE`, or what leaving it unchanged reads as, in one language.
    pub fn gosumdb_line(&self, lang: crate::i18n::Lang) -> String {
        match (&self.gosumdb, lang) {
            (Some(g), _) => format!("GOSUMDB={g}"),
            (None, crate::i18n::Lang::En) => "GOSUMDB unchanged (no database seen working)".into(),
            (None, crate::i18n::Lang::Zh) => {
                "GOSUMDB 保持不变（没有看到可用的校验和数据库）".into()
            }
        }
    }
}

fn redacted<S: serde::Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&gourl::redact_text(v))
}

/// How many mirrors go into the list.
pub const MAX_MIRRORS: usize = 3;

/// What one mirror did in a round that found none usable.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tried {
    pub name: String,
    pub name_zh: String,
    pub verdict: Verdict,
    pub reason: Text,
}

/// Why nothing is recommended: no mirror of the round was seen to work. Nothing is guessed in
/// its place (not `direct`, not a checksum database nobody reached).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NoRecommendation {
    /// A stable id: `no-usable-mirror`.
    pub reason: &'static str,
    /// The sentence to show.
    pub text: Text,
    /// What each mirror did.
    pub mirrors: Vec<Tried>,
    /// What to try next, in order.
    #[serde(rename = "try")]
    pub try_next: Vec<Text>,
}

/// No mirror works, but the modules' own servers answered: `direct`, seen working. GOSUMDB is
/// left as it is (no database was seen answering: the mirrors that would have looked it up
/// failed).
fn direct_only(d: &super::direct::DirectResult) -> Recommendation {
    let (en, zh) = (&d.reason.en, &d.reason.zh);
    Recommendation {
        goproxy: "direct".into(),
        gosumdb: None,
        reasons: vec![
            tr!(
                "No mirror worked, but {en}. GOPROXY=direct fetches every module from its own server (git must be installed; slower than a mirror).",
                "没有可用的镜像，但{zh}。GOPROXY=direct 会从各模块自己的服务器获取（需要安装 git，比镜像慢）。"
            ),
            tr!(
                "GOSUMDB is left as it is: no checksum database was seen answering in this round.",
                "GOSUMDB 保持不变：本轮测量中没有看到可用的校验和数据库。"
            ),
        ],
    }
}

fn nothing_usable(reports: &[Report]) -> NoRecommendation {
    let n = reports.len();
    NoRecommendation {
        reason: "no-usable-mirror",
        text: tr!(
            "No mirror worked in this round ({n} tried), so nothing is recommended and nothing is changed: neither going direct nor a checksum database nobody reached is offered in their place.",
            "本轮没有可用的镜像（共测试 {n} 个），因此不推荐任何设置，也不做任何修改：不会用直连或从未连通的校验和数据库来代替。"
        ),
        mirrors: reports
            .iter()
            .map(|r| Tried {
                name: r.measurement.name_en.clone(),
                name_zh: r.measurement.name_zh.clone(),
                verdict: r.verdict,
                reason: r.reason.clone(),
            })
            .collect(),
        try_next: vec![
            tr!(
                "Run the doctor (gomirror doctor): it shows where the connection breaks (DNS, TCP, TLS) and whether a proxy or a login page is in the way.",
                "运行诊断（gomirror doctor）：它会显示连接在哪一步中断（DNS、TCP、TLS），以及是否有代理或登录页挡在中间。"
            ),
            tr!(
                "Ask IT for the company's Go module proxy (or its team profile) and add it as a custom mirror.",
                "向 IT 部门索取公司内部的 Go 模块代理地址（或团队配置文件），并把它添加为自定义镜像。"
            ),
            tr!(
                "If the office reaches the internet only through an HTTP proxy, set HTTPS_PROXY (for example HTTPS_PROXY=http://proxy.corp:3128) and measure again.",
                "如果办公网络只能通过 HTTP 代理上网，请设置 HTTPS_PROXY（例如 HTTPS_PROXY=http://proxy.corp:3128）后重新测量。"
            ),
        ],
    }
}

/// Builds the recommendation from ranked reports, with the mirrors' real URLs by id; with no
/// usable mirror, why nothing is recommended.
pub fn recommend(
    reports: &[Report],
    urls: &[(String, String)],
    sumdb: &SumdbChoice,
    project: bool,
    direct: Option<&super::direct::DirectResult>,
) -> Result<Recommendation, NoRecommendation> {
    let url_of = |id: &str| urls.iter().find(|(i, _)| i == id).map(|(_, u)| u.clone());
    let mut ranked: Vec<&Report> = reports.iter().filter(|r| r.rank.is_some()).collect();
    ranked.sort_by_key(|r| r.rank);
    let chosen: Vec<(&Report, String)> = ranked
        .into_iter()
        .filter_map(|r| url_of(&r.measurement.id).map(|u| (r, u.trim_end_matches('/').to_string())))
        .take(MAX_MIRRORS)
        .collect();
    if chosen.is_empty() {
        return match direct.filter(|d| d.ok) {
            Some(d) => Ok(direct_only(d)),
            None => {
                let mut none = nothing_usable(reports);
                if let Some(d) = direct {
                    none.mirrors.push(Tried {
                        name: "direct".into(),
                        name_zh: "direct（直连源站）".into(),
                        verdict: Verdict::Unreachable,
                        reason: d.reason.clone(),
                    });
                }
                Err(none)
            }
        };
    }
    // The go command reaches the checksum database through the first mirror of the list whose
    // /sumdb/<name>/supported answers 200 (cmd/go's dbClient.initBase); 404 and 410 move on.
    let sumdb_through = chosen
        .iter()
        .position(|(r, _)| r.measurement.checksum_db_proxied == Some(true));
    let mut reasons = Vec::new();
    let mut goproxy = String::new();
    for (i, (r, url)) in chosen.iter().enumerate() {
        goproxy.push_str(url);
        goproxy.push(if i + 1 < chosen.len() { '|' } else { ',' });
        let name = &r.measurement.name_en;
        let name_zh = &r.measurement.name_zh;
        let rank = i + 1;
        let reason = match sumdb_through {
            Some(k) if r.verdict == Verdict::NoChecksumProxy => {
                let (via, via_zh) = (
                    &chosen[k].0.measurement.name_en,
                    &chosen[k].0.measurement.name_zh,
                );
                let at = k + 1;
                tr!(
                    "it does not proxy the checksum database; the go command verifies through #{at} {via}, which does",
                    "它不代理校验和数据库；go 命令会通过代理了校验和数据库的第 {at} 名 {via_zh} 校验"
                )
            }
            _ => r.reason.clone(),
        };
        let (why_en, why_zh) = (&reason.en, &reason.zh);
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
    // The fallback database was seen answering when a mirror that does not proxy the
    // database had the reference module's record looked up there and its signed note verified.
    let fallback_seen = reports.iter().any(|r| {
        r.measurement.checksum_db_proxied != Some(true)
            && matches!(
                r.measurement.integrity,
                super::checks::Integrity::Matches | super::checks::Integrity::Tampered { .. }
            )
    });
    let (default, fallback) = (&sumdb.default, &sumdb.fallback);
    let gosumdb = if sumdb_through.is_some() {
        reasons.push(tr!(
            "GOSUMDB stays {default}: a recommended mirror proxies the checksum database, so verification goes through it.",
            "GOSUMDB 保持 {default}：推荐的镜像代理了校验和数据库，校验会经过该镜像。"
        ));
        Some(default.clone())
    } else if fallback_seen {
        reasons.push(tr!(
            "GOSUMDB={fallback}: no recommended mirror proxies the checksum database, and {fallback} answered with a verified record in this round.",
            "GOSUMDB={fallback}：推荐的镜像都不代理校验和数据库，而 {fallback} 在本轮测量中返回了通过验证的记录。"
        ));
        Some(fallback.clone())
    } else {
        reasons.push(tr!(
            "GOSUMDB is left as it is: no recommended mirror proxies the checksum database and {fallback} did not answer in this round, so no database was seen working. Downloads of modules not yet in go.sum will fail verification until one is reachable: run the doctor.",
            "GOSUMDB 保持不变：推荐的镜像都不代理校验和数据库，{fallback} 在本轮测量中也没有应答，没有看到任何可用的校验和数据库。在能连上其中之一之前，go.sum 中没有的模块下载会校验失败：请运行诊断。"
        ));
        None
    };
    debug_assert!(
        goproxy::parse(&goproxy).is_ok()
            && gosumdb.as_deref().is_none_or(|g| gosumdb::parse(g).is_ok())
    );
    Ok(Recommendation {
        goproxy,
        gosumdb,
        reasons,
    })
}

/// Whether the recommendation is valid for the go command (checked by the core).
pub fn validate(rec: &Recommendation) -> Result<(), String> {
    goproxy::parse(&rec.goproxy).map_err(|e| e.go_text)?;
    if let Some(g) = &rec.gosumdb {
        gosumdb::parse(g)?;
    }
    Ok(())
}
