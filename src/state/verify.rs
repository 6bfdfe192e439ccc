//! The Verify panel's state: which configurations to prove side by side (the current settings,
//! the recommendation, the pending changes), their live progress and results.

use super::*;
use crate::tr;
use crate::verify::job::VerifyEvent;
use crate::verify::run::{Outcome as VerifyOutcome, Progress, Request as VerifyRequest};
use std::collections::BTreeMap;

/// One configuration being verified.
#[derive(Clone, Debug)]
pub struct VerifyConfig {
    pub label: Text,
    pub settings: BTreeMap<String, String>,
    pub progress: Progress,
    pub outcome: Option<VerifyOutcome>,
}

/// The label (in English) of the verification of the settings just applied ("after").
pub const AFTER_APPLY: &str = "after";

/// The Verify panel's state.
#[derive(Clone, Debug, Default)]
pub struct VerifyState {
    /// The round: running, or ended (each configuration's result is in `configs`).
    pub round: Loadable<()>,
    /// Stop was asked for: the round's runs are ending (their results still arrive, cancelled).
    pub stopping: bool,
    pub configs: Vec<VerifyConfig>,
    /// The settings before an onboarding apply, verified beside the new ones afterwards.
    pub before_apply: Option<BTreeMap<String, String>>,
    /// What the explainer makes of the pasted go output.
    pub findings: Vec<crate::verify::explain::Finding>,
    /// A verification waiting for the settings to load.
    pub after_load: Option<Vec<(Text, BTreeMap<String, String>)>>,
}

impl VerifyState {
    /// The verification of the settings just applied (Apply and verify's "after"), once asked.
    pub fn after_apply(&self) -> Option<&VerifyConfig> {
        self.configs.iter().find(|c| c.label.en == AFTER_APPLY)
    }
}

impl AppState {
    /// The Verify panel's commands.
    pub(super) fn handle_verify(
        &mut self,
        view: &mut UiState,
        command: VerifyCommand,
        backend: &dyn Backend,
    ) {
        match command {
            VerifyCommand::Explain => {
                let evidence = self.explain_evidence(view);
                self.verify.findings =
                    crate::verify::explain::explain(&view.verify.pasted, &evidence);
            }
            VerifyCommand::Start => {
                let configs = self.verify_choices(view);
                self.start_verify(view, configs, backend);
            }
            VerifyCommand::Cancel => {
                // The round stays: its runs answer with their cancelled outcomes, which the
                // panel shows as stopped.
                if let Some(id) = self.verify.round.pending_id() {
                    backend.send(Request::Cancel { id });
                    self.verify.stopping = true;
                }
            }
        }
    }

    /// What counts as evidence that a module is private for the explainer's fixes: the company
    /// host given in the onboarding, the open project's git remotes on hosts that are not
    /// public code hosts, and the GOPRIVATE in force; and the GOPROXY in force.
    pub fn explain_evidence(&self, view: &UiState) -> crate::verify::explain::Evidence {
        let mut hosts: Vec<String> = Vec::new();
        let company = view.drafts.company_host.trim();
        if !company.is_empty() {
            hosts.push(company.to_string());
        }
        if let Some(p) = self.project.snapshot.ready() {
            hosts.extend(p.project.private_remote_hosts());
        }
        let value = |k: &str| {
            self.snapshot()
                .map(|s| s.value(k).to_string())
                .unwrap_or_default()
        };
        crate::verify::explain::Evidence {
            private_hosts: hosts,
            goprivate: value("GOPRIVATE"),
            goproxy: value("GOPROXY"),
            measured_goproxy: self.recommendation().map(|r| r.goproxy.clone()),
        }
    }

    /// The configurations the panel's choices add up to.
    pub fn verify_choices(&self, view: &UiState) -> Vec<(Text, BTreeMap<String, String>)> {
        let v = &view.verify;
        let mut out = Vec::new();
        if v.use_current {
            out.push((tr!("current settings", "当前设置"), BTreeMap::new()));
        }
        if v.use_recommended
            && let Some(r) = self.recommendation()
        {
            out.push((tr!("recommended", "推荐设置"), r.settings()));
        }
        if v.use_pending {
            let (set, _) = self.plan(view).split();
            if !set.is_empty() {
                out.push((tr!("pending changes", "待应用的更改"), set));
            }
        }
        out
    }

    pub(super) fn start_verify(
        &mut self,
        view: &mut UiState,
        configs: Vec<(Text, BTreeMap<String, String>)>,
        backend: &dyn Backend,
    ) {
        let Some(go) = self
            .layers()
            .and_then(|l| l.go.as_ref())
            .map(|g| g.path.clone())
        else {
            self.notices.push(tr!(
                "No go command found: install Go from https://go.dev/dl/ (in mainland China: https://golang.google.cn/dl/) to verify",
                "找不到 go 命令：请从 https://go.dev/dl/ 安装 Go（中国大陆可用 https://golang.google.cn/dl/）后再验证"
            ));
            return;
        };
        if configs.is_empty() {
            return;
        }
        if let Some(old) = self.verify.round.pending_id() {
            backend.send(Request::Cancel { id: old });
        }
        let dir = view
            .verify
            .use_project
            .then(|| self.project.snapshot.ready().map(|s| s.project.dir.clone()))
            .flatten();
        let modules: Vec<String> = view
            .verify
            .modules
            .split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(String::from)
            .collect();
        let timeout = Duration::from_secs(view.verify.timeout_s.clamp(1, 3600));
        let evidence = self.explain_evidence(view);
        let (private_hosts, measured_goproxy) = (evidence.private_hosts, evidence.measured_goproxy);
        let requests = configs
            .iter()
            .map(|(_, settings)| VerifyRequest {
                go: go.clone(),
                env: self.env.clone(),
                settings: settings.clone(),
                dir: dir.clone(),
                modules: modules.clone(),
                timeout,
                private_hosts: private_hosts.clone(),
                measured_goproxy: measured_goproxy.clone(),
            })
            .collect();
        self.verify.configs = configs
            .into_iter()
            .map(|(label, settings)| VerifyConfig {
                label,
                settings,
                progress: Progress::default(),
                outcome: None,
            })
            .collect();
        let id = self.id();
        self.verify.round = Loadable::Pending(id);
        self.verify.stopping = false;
        backend.send(Request::Verify {
            id,
            configs: requests,
        });
    }

    /// Starts the verification as soon as the settings are loaded again (after an apply).
    pub(super) fn start_verify_when_loaded(
        &mut self,
        view: &mut UiState,
        configs: Vec<(Text, BTreeMap<String, String>)>,
        backend: &dyn Backend,
    ) {
        if self.layers().is_some() {
            self.start_verify(view, configs, backend);
        } else {
            self.verify.after_load = Some(configs);
        }
    }

    pub(super) fn on_verify(&mut self, id: RequestId, index: usize, event: VerifyEvent) {
        if !self.verify.round.waits_for(id) {
            return;
        }
        // The values in force now, to tell a fix for the current settings from one for a row
        // that tested other values (the "before" row after an apply).
        let current: BTreeMap<String, String> = self
            .snapshot()
            .map(|s| {
                s.vars
                    .iter()
                    .map(|(k, v)| (k.clone(), v.value.clone()))
                    .collect()
            })
            .unwrap_or_default();
        // The keys an OS environment variable sets: writing the go env file cannot change them.
        let from_env: Vec<String> = self
            .snapshot()
            .map(|s| {
                s.vars
                    .iter()
                    .filter(|(_, v)| v.source == crate::goenv::model::Source::Env)
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        let Some(config) = self.verify.configs.get_mut(index) else {
            return;
        };
        match event {
            VerifyEvent::Progress(p) => config.progress = p,
            VerifyEvent::Done(mut outcome) => {
                // A fix for values that are no longer in force would undo what was applied;
                // one that sets what is in force already changes nothing.
                if let Some(f) = outcome.failure.as_mut()
                    && f.fix.as_ref().is_some_and(|fix| {
                        let undoes = fix.keys().any(|k| {
                            config
                                .settings
                                .get(k)
                                .is_some_and(|tested| current.get(k) != Some(tested))
                        });
                        let idle = fix
                            .iter()
                            .all(|(k, v)| config.settings.get(k).or(current.get(k)) == Some(v));
                        undoes || idle
                    })
                {
                    f.fix = None;
                }
                // A fix of a key the environment sets would be written and stay overridden:
                // the cause is the variable, and that is what is said.
                if let Some(f) = outcome.failure.as_mut()
                    && let Some(key) = f.fix.as_ref().and_then(|fix| {
                        fix.keys()
                            .find(|k| from_env.contains(k) && !config.settings.contains_key(*k))
                            .cloned()
                    })
                {
                    let value = crate::goenv::gourl::redact_text(
                        current.get(&key).map_or("", String::as_str),
                    );
                    f.en.push_str(&format!(
                        " {key}={value} is set as an environment variable, which overrides the go env file: remove it there (the Overview shows where), then verify again."
                    ));
                    f.zh.push_str(&format!(
                        "{key}={value} 是通过环境变量设置的，它会覆盖 go env 文件：请在那里删除它（总览页会显示位置），然后再验证一次。"
                    ));
                    f.fix = None;
                }
                config.outcome = Some(*outcome);
            }
        }
        if self.verify.configs.iter().all(|c| c.outcome.is_some()) {
            self.verify.round = Loadable::Ready(());
            self.verify.stopping = false;
        }
    }
}
