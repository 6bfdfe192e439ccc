//! How worker events change the state: probe progress, job results (settings, previews,
//! applies, history, mirrors, folders). Results of requests no longer awaited are ignored.

use super::*;

impl AppState {
    /// Applies a worker event. Results of requests that are no longer awaited are ignored.
    pub fn on_event(&mut self, view: &mut UiState, event: Event, backend: &dyn Backend) {
        match event {
            Event::Probe { id, event } => self.on_probe(id, event),
            Event::WatchSample {
                id, measurements, ..
            } => {
                if self.probe.watch == Some(id) {
                    self.on_watch_sample(&measurements, backend);
                }
            }
            Event::Job { id, output } => self.on_job(view, id, *output, backend),
            Event::Verify { id, index, event } => self.on_verify(id, index, event),
        }
    }

    fn on_probe(&mut self, id: RequestId, event: ProbeEvent) {
        if self.probe.round != Some(id) {
            return;
        }
        match event {
            ProbeEvent::Started { .. } => {}
            ProbeEvent::Measured { index, measurement } => {
                if let Some(slot) = self.probe.estimates.get_mut(index) {
                    *slot = crate::probe::model::estimate_ms(&measurement, &self.spec.profile);
                }
                if let Some(slot) = self.probe.measurements.get_mut(index) {
                    *slot = Some(*measurement);
                }
            }
            ProbeEvent::Decided {
                recommended,
                decided_ms,
            } => self.probe.decided = Some((recommended, decided_ms)),
            ProbeEvent::Finished { outcome } => {
                if outcome.decision_changed {
                    // Must never happen: the early decision is proven to equal the round's.
                    self.notices.push(Text::new(
                        "Bug: the recommendation changed after it was decided; please report it.",
                        "程序错误：推荐结果在确定后又发生了变化，请报告此问题。",
                    ));
                }
                self.probe.rounds += 1;
                let now = epoch_s();
                for r in &outcome.reports {
                    if let Some(t) = r.measurement.ttfb {
                        self.probe
                            .history
                            .push((now, r.measurement.id.clone(), t.median_ms));
                    }
                }
                self.probe.outcome = Some(*outcome);
                self.probe.round = None;
            }
            ProbeEvent::Cancelled => self.probe.round = None,
        }
    }

    fn on_job(
        &mut self,
        view: &mut UiState,
        id: RequestId,
        output: JobOutput,
        backend: &dyn Backend,
    ) {
        match output {
            JobOutput::OsVar(o) => self.on_osvar(view, id, o, backend),
            JobOutput::Loaded(loaded) => {
                if self.loaded.waits_for(id) {
                    view.drafts.reset_from(&loaded.1);
                    self.goroot_writable = loaded.0.goroot_env_writable;
                    self.loaded = Loadable::Ready(Arc::new(*loaded));
                    if let Some(configs) = self.verify.after_load.take() {
                        self.start_verify(view, configs, backend);
                    }
                    if std::mem::take(&mut self.project.open_when_loaded) {
                        let dir = view.project.path.clone();
                        self.open_project(view, dir, backend);
                    }
                    self.keep_watching(backend);
                }
            }
            JobOutput::Prepared(result) => {
                if !self.prepared.waits_for(id) {
                    return;
                }
                let auto = self.auto_apply == Some(id) && result.is_ok();
                self.prepared = Loadable::from(result);
                if auto {
                    self.auto_apply = None;
                    self.apply(backend);
                }
            }
            JobOutput::Applied(result) => {
                if self.outcome.waits_for(id) {
                    self.outcome = Loadable::from(result);
                    self.prepared = Loadable::Idle;
                    let applied = self.outcome.ready().is_some();
                    let before = self.verify.before_apply.take();
                    self.handle(view, Command::App(AppCommand::Reload), backend);
                    // Apply and verify: the settings before and after, side by side, as the
                    // go command now reads them (the env file changed; "before" puts the old
                    // values back through the environment).
                    if let (true, Some(before)) = (applied, before) {
                        view.verify.use_project = false;
                        let configs = vec![
                            (crate::tr!("before", "应用前"), before),
                            (crate::tr!("after", "应用后"), Default::default()),
                        ];
                        self.start_verify_when_loaded(view, configs, backend);
                    }
                }
            }
            JobOutput::Undone(result) => {
                if self.outcome.waits_for(id) {
                    match result {
                        Ok(undone) => {
                            self.notices.extend(undone.notes.iter().cloned());
                            let file = undone
                                .entry
                                .steps()
                                .iter()
                                .map(|s| s.file.display().to_string())
                                .collect::<Vec<_>>()
                                .join(", ");
                            self.notices.push(Text::new(
                                format!("Restored {file}"),
                                format!("已恢复 {file}"),
                            ));
                            self.outcome = Loadable::Idle;
                        }
                        Err(e) => self.outcome = Loadable::Failed(e),
                    }
                    // The project is read again with the layers at hand (Reload drops them
                    // until the new ones arrive).
                    self.reread_project(backend);
                    self.handle(view, Command::App(AppCommand::Reload), backend);
                }
            }
            JobOutput::History(result) => match result {
                Ok(entries) => self.history = entries,
                // The app keeps going; the next apply sets a damaged history aside.
                Err(e) => self.notices.push(e.message),
            },
            JobOutput::Mirrors(result) => {
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
            JobOutput::MirrorsSaved(result) => {
                if let Err(e) = result {
                    self.notices.push(e.message);
                }
            }
            JobOutput::FolderPicked(Some(dir)) => {
                if self.panel == Panel::Projects {
                    self.handle(view, Command::Project(ProjectCommand::Open(dir)), backend);
                } else {
                    view.drafts.project_dir = dir;
                    self.handle(
                        view,
                        Command::Project(ProjectCommand::FolderChanged),
                        backend,
                    );
                }
            }
            JobOutput::Project(output) => self.on_project(view, id, output, backend),
            JobOutput::Doctor(output) => self.on_doctor(id, output),
            JobOutput::Profile(output) => self.on_profile(view, id, output, backend),
            JobOutput::NetrcAdded(result) => match result {
                Ok(host) => {
                    self.notices.push(Text::new(
                        format!("netrc entry added for {host}; probing again"),
                        format!("已为 {host} 添加 .netrc 条目；正在重新测速"),
                    ));
                    self.handle(view, Command::Apply(ApplyCommand::RefreshHistory), backend);
                    self.start_probe(backend);
                }
                Err(e) => self.notices.push(e.message),
            },
            JobOutput::FolderPicked(None) => {}
            JobOutput::ProjectRead { dir, private_host } => {
                if dir == view.drafts.project_dir
                    && view.drafts.company_host.is_empty()
                    && let Some(host) = private_host
                {
                    view.drafts.company_host = host;
                }
            }
        }
    }
}
