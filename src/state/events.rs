//! How worker events change the state: probe progress, job results (settings, previews,
//! applies, history, mirrors, folders). Results of requests no longer awaited are ignored.

use super::*;

impl AppState {
    /// Applies a worker event. Results of requests that are no longer awaited are ignored.
    pub fn on_event(&mut self, view: &mut UiState, event: Event, backend: &dyn Backend) {
        match event {
            Event::Probe { id, event } => self.on_probe(view, id, event, backend),
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

    fn on_probe(
        &mut self,
        view: &mut UiState,
        id: RequestId,
        event: ProbeEvent,
        backend: &dyn Backend,
    ) {
        if !self.probe.round.waits_for(id) {
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
            } => {
                self.probe.decided = Some((recommended, decided_ms));
                self.doctor_after_decision(view, backend);
            }
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
                // Only mirrors that work are plotted: a 503 or a captive portal answers fast,
                // and a failed mirror has no download time to draw.
                for r in outcome.reports.iter().filter(|r| r.verdict.usable()) {
                    if let Some(t) = r.measurement.ttfb {
                        self.probe
                            .history
                            .push((now, r.measurement.id.clone(), t.median_ms));
                    }
                }
                self.probe.round = Loadable::Ready(*outcome);
                self.doctor_after_decision(view, backend);
            }
            ProbeEvent::Cancelled => self.probe.round = Loadable::Idle,
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
            JobOutput::Loaded(loaded) => self.on_loaded(view, id, loaded, backend),
            JobOutput::Prepared(result) => self.on_prepared(id, result, backend),
            JobOutput::Applied(result) => self.on_applied(view, id, result, backend),
            JobOutput::Undone(result) => self.on_undone(view, id, result, backend),
            JobOutput::History(result) => match result {
                Ok(entries) => self.history = entries,
                // The app keeps going; the next apply sets a damaged history aside.
                Err(e) => self.notices.push(e.message),
            },
            JobOutput::Mirrors(result) => self.on_mirrors(id, result, backend),
            JobOutput::MirrorsSaved(result) => {
                if let Err(e) = result {
                    self.notices.push(e.message);
                }
            }
            JobOutput::FolderPicked(Some(dir)) => self.on_folder_picked(view, dir, backend),
            JobOutput::Project(output) => self.on_project(view, id, output, backend),
            JobOutput::Doctor(output) => self.on_doctor(id, output),
            JobOutput::Profile(output) => self.on_profile(view, id, output, backend),
            JobOutput::NetrcAdded(result) => self.on_netrc_added(view, result, backend),
            JobOutput::FolderPicked(None) => {}
            JobOutput::ProjectRead { dir, private_host } => {
                Self::on_project_read(view, &dir, private_host)
            }
        }
    }
}
