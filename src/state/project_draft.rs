//! The Projects panel's draft: the project's settings in the user's words (checksum
//! verification, private modules, proxy, flags, other values such as a team profile's
//! company proxy), and the plan its differences make.

use crate::apply::Plan;
use crate::project::TargetKind;
use std::collections::{BTreeMap, BTreeSet};

/// Checksum verification for this project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectSumdb {
    /// No project value: the global setting applies.
    Inherit,
    /// `sum.golang.org`.
    Default,
    /// `sum.golang.google.cn`.
    China,
    /// A mirror's proxied database (`sum.golang.org https://mirror/sumdb/sum.golang.org`).
    Mirror,
    /// `off` (confirmation needed).
    Off,
    /// Verified, except the modules in GONOSUMDB.
    Some,
}

/// The project settings being edited, and what they started from.
#[derive(Clone, Debug)]
pub struct ProjectDraft {
    pub sumdb: ProjectSumdb,
    pub sumdb_mirror: String,
    pub off_confirmed: bool,
    pub nosumdb: String,
    pub private: String,
    pub goproxy: String,
    pub goflags: String,
    pub targets: BTreeSet<TargetKind>,
    /// Other values the project carries or gets (a team profile's GOTOOLCHAIN, its company
    /// proxy and CA); an empty value removes the key.
    pub extra: BTreeMap<String, String>,
    /// The project's values when read (the draft's differences are the plan).
    pub base: BTreeMap<String, String>,
}

/// The five keys the Projects panel has fields for.
const FIELDS: [&str; 5] = ["GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GOPROXY", "GOFLAGS"];

fn sumdb_choice(gosumdb: &str, gonosumdb: &str) -> (ProjectSumdb, String) {
    match gosumdb {
        "" if !gonosumdb.is_empty() => (ProjectSumdb::Some, String::new()),
        "" => (ProjectSumdb::Inherit, String::new()),
        "off" => (ProjectSumdb::Off, String::new()),
        "sum.golang.org" => (ProjectSumdb::Default, String::new()),
        "sum.golang.google.cn" => (ProjectSumdb::China, String::new()),
        other => (ProjectSumdb::Mirror, other.to_string()),
    }
}

impl Default for ProjectDraft {
    fn default() -> Self {
        Self {
            sumdb: ProjectSumdb::Inherit,
            sumdb_mirror: String::new(),
            off_confirmed: false,
            nosumdb: String::new(),
            private: String::new(),
            goproxy: String::new(),
            goflags: String::new(),
            targets: BTreeSet::from([TargetKind::Envrc]),
            extra: BTreeMap::new(),
            base: BTreeMap::new(),
        }
    }
}

impl ProjectDraft {
    /// A draft of the project's current values (the first target that sets each key).
    pub fn from_project(p: &crate::project::Project) -> Self {
        let mut base = BTreeMap::new();
        for kind in [TargetKind::Envrc, TargetKind::Vscode, TargetKind::Goland] {
            for (k, v) in p.target(kind).known_vars() {
                base.entry(k).or_insert(v);
            }
        }
        let get = |k: &str| base.get(k).cloned().unwrap_or_default();
        let (sumdb, sumdb_mirror) = sumdb_choice(&get("GOSUMDB"), &get("GONOSUMDB"));
        Self {
            sumdb,
            sumdb_mirror,
            off_confirmed: sumdb == ProjectSumdb::Off,
            nosumdb: get("GONOSUMDB"),
            private: get("GOPRIVATE"),
            goproxy: get("GOPROXY"),
            goflags: get("GOFLAGS"),
            targets: p.default_targets().into_iter().collect(),
            extra: base
                .iter()
                .filter(|(k, _)| !FIELDS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            base,
        }
    }

    /// The GOSUMDB the draft stands for.
    pub fn gosumdb(&self) -> String {
        match self.sumdb {
            ProjectSumdb::Inherit | ProjectSumdb::Some => String::new(),
            ProjectSumdb::Default => "sum.golang.org".into(),
            ProjectSumdb::China => "sum.golang.google.cn".into(),
            ProjectSumdb::Mirror => self.sumdb_mirror.trim().to_string(),
            ProjectSumdb::Off => "off".into(),
        }
    }

    /// The values the draft asks for (empty: no project value).
    pub fn wanted(&self) -> BTreeMap<&'static str, String> {
        let nosumdb = if self.sumdb == ProjectSumdb::Some {
            self.nosumdb.trim().to_string()
        } else {
            String::new()
        };
        BTreeMap::from([
            ("GOSUMDB", self.gosumdb()),
            ("GONOSUMDB", nosumdb),
            ("GOPRIVATE", self.private.trim().to_string()),
            ("GOPROXY", self.goproxy.trim().to_string()),
            ("GOFLAGS", self.goflags.trim().to_string()),
        ])
    }

    /// The changes from the project's current values.
    pub fn plan(&self) -> Plan {
        let mut plan = Plan::default();
        for (k, v) in self.wanted() {
            let base = self.base.get(k).map(String::as_str).unwrap_or("");
            if v == base {
                continue;
            }
            plan = if v.is_empty() {
                plan.unset(k)
            } else {
                plan.set(k, &v)
            };
        }
        for (k, v) in &self.extra {
            let base = self.base.get(k);
            plan = match (v.is_empty(), base) {
                (true, Some(_)) => plan.unset(k),
                (true, None) => plan,
                (false, Some(b)) if b == v => plan,
                (false, _) => plan.set(k, v),
            };
        }
        plan
    }

    /// Takes a team profile's values (its settings, company proxy and CA) into the draft; a
    /// value the profile does not name keeps what the draft had.
    pub fn use_values(&mut self, values: &BTreeMap<String, String>) {
        for (k, v) in values {
            match k.as_str() {
                "GOPROXY" => self.goproxy = v.clone(),
                "GOPRIVATE" => self.private = v.clone(),
                "GOFLAGS" => self.goflags = v.clone(),
                "GONOSUMDB" => self.nosumdb = v.clone(),
                "GOSUMDB" => {}
                _ => {
                    self.extra.insert(k.clone(), v.clone());
                }
            }
        }
        if values.contains_key("GOSUMDB") || values.contains_key("GONOSUMDB") {
            let gosumdb = values.get("GOSUMDB").map_or("", String::as_str);
            (self.sumdb, self.sumdb_mirror) = sumdb_choice(gosumdb, &self.nosumdb);
            // Off from a team's file still needs the user's own confirmation.
            self.off_confirmed = false;
        }
    }

    /// Off needs the user's confirmation first.
    pub fn needs_confirmation(&self) -> bool {
        self.sumdb == ProjectSumdb::Off && !self.off_confirmed
    }

    /// Adds a pattern to GOPRIVATE (a one-click suggestion).
    pub fn add_private(&mut self, pattern: &str) {
        let mut list: Vec<&str> = self
            .private
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if !list.contains(&pattern) {
            list.push(pattern);
        }
        self.private = list.join(",");
    }
}
