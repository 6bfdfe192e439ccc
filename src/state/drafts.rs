//! What the user is editing: the GOPROXY composer, the pattern lists and the GOSUMDB choice;
//! the plan they add up to, and its live validation with the core.

use crate::apply::Plan;
use crate::goenv::goproxy::{self, Fallback, ProxyEntry};
use crate::goenv::model::Snapshot;
use crate::goenv::validate::{self, Problem, WriteContext};

/// One mirror of the composer, with the separator after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComposerEntry {
    pub url: String,
    pub fallback: Fallback,
}

/// What the composed GOPROXY ends with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProxyEnd {
    Direct,
    Off,
    Nothing,
}

/// The checksum database chosen in the Checksum panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SumdbKind {
    Default,
    China,
    Mirror,
    Custom,
    Off,
}

/// The pattern settings the Private modules panel edits.
pub const PATTERN_KEYS: [&str; 4] = ["GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE"];

/// A password being typed: never in Debug output, taken (and cleared) when used.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("********")
    }
}

/// What the settings panels edit, until applied.
#[derive(Clone, Debug)]
pub struct Drafts {
    pub composer: Vec<ComposerEntry>,
    pub end: ProxyEnd,
    /// The composer only becomes part of the plan once the user touched it.
    pub composer_touched: bool,
    pub new_entry: String,
    /// The pattern lists, as typed.
    pub patterns: [String; 4],
    pub sumdb: SumdbKind,
    pub sumdb_mirror: String,
    pub sumdb_custom: String,
    pub off_confirmed: bool,
    pub sumdb_touched: bool,
    pub tester: String,
    pub new_mirror: String,
    pub company_host: String,
    pub project_dir: String,
    /// The login typed for a mirror that wants one (saved to .netrc).
    pub login_user: String,
    pub login_password: Secret,
    /// The mirrors table: its order (column, ascending) and the rows opened to details.
    pub mirror_sort: (MirrorSort, bool),
    pub expanded: std::collections::BTreeSet<String>,
}

/// A column the mirrors table can be ordered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MirrorSort {
    /// The recommendation's order (typical download time, usable first).
    Rank,
    Name,
    Status,
    FirstByte,
    Throughput,
}

impl Default for Drafts {
    fn default() -> Self {
        Self {
            composer: Vec::new(),
            end: ProxyEnd::Direct,
            composer_touched: false,
            new_entry: String::new(),
            patterns: Default::default(),
            sumdb: SumdbKind::Default,
            sumdb_mirror: String::new(),
            sumdb_custom: String::new(),
            off_confirmed: false,
            sumdb_touched: false,
            tester: String::new(),
            new_mirror: String::new(),
            company_host: String::new(),
            project_dir: String::new(),
            login_user: String::new(),
            login_password: Secret::default(),
            mirror_sort: (MirrorSort::Rank, true),
            expanded: std::collections::BTreeSet::new(),
        }
    }
}

impl Drafts {
    /// Starts from what is configured now.
    pub fn reset_from(&mut self, s: &Snapshot) {
        self.set_goproxy(s.value("GOPROXY"));
        self.composer_touched = false;
        for (i, key) in PATTERN_KEYS.iter().enumerate() {
            self.patterns[i] = s
                .vars
                .get(*key)
                .and_then(|v| v.file_value.clone())
                .unwrap_or_default();
        }
        self.set_gosumdb(s.value("GOSUMDB"));
        self.sumdb_touched = false;
        self.off_confirmed = false;
    }

    /// Fills the composer from a GOPROXY value.
    pub fn set_goproxy(&mut self, value: &str) {
        self.composer.clear();
        self.end = ProxyEnd::Nothing;
        if let Ok(list) = goproxy::parse(value) {
            for entry in list.entries {
                match entry {
                    ProxyEntry::Url { url, fallback } => {
                        self.composer.push(ComposerEntry { url, fallback })
                    }
                    ProxyEntry::Direct => self.end = ProxyEnd::Direct,
                    ProxyEntry::Off => self.end = ProxyEnd::Off,
                }
            }
        }
    }

    /// Chooses the checksum database from a GOSUMDB value.
    pub fn set_gosumdb(&mut self, value: &str) {
        self.sumdb = match value {
            "" | "sum.golang.org" => SumdbKind::Default,
            "sum.golang.google.cn" => SumdbKind::China,
            "off" => SumdbKind::Off,
            v if v.starts_with("sum.golang.org ") => {
                self.sumdb_mirror = v["sum.golang.org ".len()..].trim().to_string();
                SumdbKind::Mirror
            }
            v => {
                self.sumdb_custom = v.to_string();
                SumdbKind::Custom
            }
        };
    }

    /// Takes the recommendation into the composer and the checksum choice.
    pub fn use_recommendation(&mut self, goproxy: &str, gosumdb: Option<&str>) {
        self.set_goproxy(goproxy);
        self.composer_touched = true;
        // No database seen working: GOSUMDB stays as it is.
        if let Some(gosumdb) = gosumdb {
            self.set_gosumdb(gosumdb);
            self.sumdb_touched = true;
        }
        let host = self
            .company_host
            .trim()
            .trim_start_matches("https://")
            .trim_start_matches("http://");
        let host = host.trim_end_matches('/');
        if !host.is_empty() && !self.patterns[0].split(',').any(|p| p == host) {
            let mut list: Vec<&str> = self.patterns[0]
                .split(',')
                .filter(|p| !p.is_empty())
                .collect();
            list.push(host);
            self.patterns[0] = list.join(",");
        }
    }

    /// The GOPROXY the composer shows.
    pub fn composed_goproxy(&self) -> String {
        let mut out = String::new();
        for (i, e) in self.composer.iter().enumerate() {
            out.push_str(&e.url);
            let last = i + 1 == self.composer.len();
            if !last || self.end != ProxyEnd::Nothing {
                out.push(if e.fallback == Fallback::AnyError {
                    '|'
                } else {
                    ','
                });
            }
        }
        match self.end {
            ProxyEnd::Direct => out.push_str("direct"),
            ProxyEnd::Off => out.push_str("off"),
            ProxyEnd::Nothing => {}
        }
        out
    }

    /// The GOSUMDB the choice stands for.
    pub fn chosen_gosumdb(&self) -> String {
        match self.sumdb {
            SumdbKind::Default => "sum.golang.org".into(),
            SumdbKind::China => "sum.golang.google.cn".into(),
            SumdbKind::Mirror => format!("sum.golang.org {}", self.sumdb_mirror.trim()),
            SumdbKind::Custom => self.sumdb_custom.trim().to_string(),
            SumdbKind::Off => "off".into(),
        }
    }

    /// The changes against the current settings.
    pub fn plan(&self, s: &Snapshot) -> Plan {
        let mut plan = Plan::default();
        let file = |key: &str| s.vars.get(key).and_then(|v| v.file_value.clone());
        if self.composer_touched {
            let v = self.composed_goproxy();
            if v != s.value("GOPROXY") || file("GOPROXY").is_none_or(|f| f != v) {
                plan = plan.set("GOPROXY", &v);
            }
        }
        for (i, key) in PATTERN_KEYS.iter().enumerate() {
            let draft = self.patterns[i].as_str();
            match file(key) {
                Some(f) if f == draft => {}
                Some(_) if draft.is_empty() => plan = plan.unset(key),
                None if draft.is_empty() => {}
                _ => plan = plan.set(key, draft),
            }
        }
        if self.sumdb_touched {
            let v = self.chosen_gosumdb();
            if self.sumdb == SumdbKind::Default {
                if file("GOSUMDB").is_some() {
                    plan = plan.unset("GOSUMDB");
                }
            } else if file("GOSUMDB").is_none_or(|f| f != v) {
                plan = plan.set("GOSUMDB", &v);
            }
        }
        plan
    }

    /// Live validation of a plan made by [`Drafts::plan`]: errors block Apply, warnings do not.
    pub fn problems(plan: &Plan, ctx: WriteContext<'_>) -> Vec<Problem> {
        let mut out = Vec::new();
        for (key, change) in &plan.changes {
            if let crate::apply::Change::Set(v) = change {
                out.extend(validate::check_write(key, v, ctx));
            }
        }
        out
    }

    /// Why Apply is disabled, if it is (in both languages), given the plan and its problems.
    pub fn blockers(&self, plan: &Plan, problems: &[Problem]) -> Vec<crate::i18n::Text> {
        let mut out: Vec<crate::i18n::Text> = problems
            .iter()
            .filter(|p| p.is_error())
            .map(|p| {
                let key = &p.key;
                crate::i18n::Text::new(
                    format!("{key}: {}", p.message.en),
                    format!("{key}：{}", p.message.zh),
                )
            })
            .collect();
        if self.sumdb == SumdbKind::Off && self.sumdb_touched && !self.off_confirmed {
            out.push(crate::i18n::Text::new(
                "GOSUMDB=off needs your confirmation on the Checksum panel",
                "GOSUMDB=off 需要先在“校验”页面确认",
            ));
        }
        if plan.changes.is_empty() {
            out.push(crate::i18n::Text::new(
                "nothing to apply",
                "没有要应用的更改",
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composer_round_trip() {
        let mut d = Drafts::default();
        d.set_goproxy("https://a.example|https://b.example,direct");
        assert_eq!(d.composer.len(), 2);
        assert_eq!(
            d.composed_goproxy(),
            "https://a.example|https://b.example,direct"
        );
        d.composer.swap(0, 1);
        d.end = ProxyEnd::Off;
        assert_eq!(
            d.composed_goproxy(),
            "https://b.example,https://a.example|off"
        );
        d.end = ProxyEnd::Nothing;
        assert_eq!(d.composed_goproxy(), "https://b.example,https://a.example");
        d.set_gosumdb("sum.golang.org https://goproxy.cn/sumdb/sum.golang.org");
        assert_eq!(d.sumdb, SumdbKind::Mirror);
        assert_eq!(
            d.chosen_gosumdb(),
            "sum.golang.org https://goproxy.cn/sumdb/sum.golang.org"
        );
    }
}
