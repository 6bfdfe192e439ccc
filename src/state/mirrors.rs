//! Probe rounds and the user's own mirrors.

use super::*;

impl AppState {
    /// A sign-in was saved in `.netrc`: said, and the mirrors probed again.
    pub(super) fn on_netrc_added(
        &mut self,
        view: &mut UiState,
        result: Result<String, ErrorReport>,
        backend: &dyn Backend,
    ) {
        match result {
            Ok(host) => {
                self.notices.push(Text::new(
                    format!("netrc entry added for {host}; probing again"),
                    format!("已为 {host} 添加 .netrc 条目；正在重新测速"),
                ));
                self.handle(view, Command::Apply(ApplyCommand::RefreshHistory), backend);
                self.start_probe(backend);
            }
            Err(e) => self.notices.push(e.message),
        }
    }

    /// The mirror list arrived (an older version's own mirrors moved into the one store).
    pub(super) fn on_mirrors(
        &mut self,
        id: RequestId,
        result: Result<Vec<Mirror>, ErrorReport>,
        backend: &dyn Backend,
    ) {
        if !self.mirrors.waits_for(id) {
            return;
        }
        let mut list = match result {
            Ok(list) => list,
            Err(e) => {
                self.notices.push(e.message);
                crate::mirrors::builtin()
            }
        };
        // Mirrors an older version kept in the window's settings move to the one store.
        let old = std::mem::take(&mut self.settings.custom_mirrors);
        let moved = !old.is_empty();
        for url in old {
            if !list.iter().any(|m| m.url == url) {
                list.push(Mirror::custom(&url));
            }
        }
        self.mirrors = Loadable::Ready(list);
        if moved {
            self.save_mirrors(backend);
        }
        if std::mem::take(&mut self.probe_waits_for_mirrors) {
            self.start_probe(backend);
        }
    }

    /// The Mirrors panel's commands.
    pub(super) fn handle_mirrors(
        &mut self,
        view: &mut UiState,
        command: MirrorsCommand,
        backend: &dyn Backend,
    ) {
        match command {
            MirrorsCommand::StartProbe => self.start_probe(backend),
            MirrorsCommand::CancelProbe => {
                if let Some(id) = self.probe.round.pending_id() {
                    self.probe.round = Loadable::Idle;
                    backend.send(Request::Cancel { id });
                }
            }
            MirrorsCommand::ToggleWatch => self.toggle_watch(backend),
            MirrorsCommand::UseRecommended => {
                if let Some(r) = self.recommendation().cloned() {
                    view.drafts
                        .use_recommendation(&r.goproxy, r.gosumdb.as_deref());
                }
            }
            MirrorsCommand::AddCustom(url) => {
                if self.add_custom_mirror(&url) {
                    self.save_mirrors(backend);
                }
            }
            MirrorsCommand::RemoveCustom(i) => {
                let url = self.custom_mirrors().get(i).map(|m| m.url.clone());
                if let (Some(url), Loadable::Ready(list)) = (url, &mut self.mirrors) {
                    list.retain(|m| !(m.custom && m.url == url));
                    self.save_mirrors(backend);
                }
            }
            MirrorsCommand::SaveLogin { host } => {
                let password = std::mem::take(&mut view.drafts.login_password.0);
                let login = view.drafts.login_user.trim().to_string();
                if !login.is_empty() && !password.is_empty() {
                    self.send_job(
                        backend,
                        Job::AddNetrc {
                            env: self.env.clone(),
                            machine: crate::goenv::netrc::Machine {
                                host,
                                login,
                                password,
                            },
                        },
                    );
                }
            }
        }
    }

    pub(super) fn save_mirrors(&mut self, backend: &dyn Backend) {
        self.send_job(
            backend,
            Job::SaveMirrors {
                env: self.env.clone(),
                mirrors: self.mirror_list(),
            },
        );
    }

    pub(super) fn start_probe(&mut self, backend: &dyn Backend) {
        if self.mirrors.ready().is_none() {
            self.probe_waits_for_mirrors = true;
            return;
        }
        if let Some(old) = self.probe.round.pending_id() {
            backend.send(Request::Cancel { id: old });
        }
        let id = self.id();
        let mirrors = self.mirror_list();
        self.probe.round = Loadable::Pending(id);
        self.probe.measurements = vec![None; mirrors.len()];
        self.probe.estimates = vec![None; mirrors.len()];
        self.probe.mirrors = mirrors.clone();
        self.probe.decided = None;
        let mut spec = self.spec.clone();
        spec.samples = self.settings.samples.clamp(1, 20);
        let plan = crate::probe::engine::RoundPlan {
            mirrors,
            spec,
            env: self.env.clone(),
            sumdb: self.sumdb_choice.clone(),
            concurrency: crate::probe::engine::DEFAULT_CONCURRENCY,
        };
        backend.send(Request::ProbePlanned {
            id,
            plan: Box::new(plan),
        });
    }

    /// Adds a mirror to the user's list; true when the list changed.
    pub(super) fn add_custom_mirror(&mut self, url: &str) -> bool {
        let entry = crate::goenv::goproxy::complete_url(url.trim());
        match crate::goenv::goproxy::check_proxy_url(&entry) {
            Ok(()) => match &mut self.mirrors {
                Loadable::Ready(list) if !list.iter().any(|m| m.url == entry) => {
                    list.push(Mirror::custom(&entry));
                    true
                }
                _ => false,
            },
            Err(text) => {
                let shown = crate::goenv::gourl::redact_text(&text);
                self.notices.push(Text::new(
                    format!("Not added: {shown}"),
                    format!("未添加：{shown}"),
                ));
                false
            }
        }
    }
}
