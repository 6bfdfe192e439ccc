//! The watch of the configured GOPROXY chain and its alerts: started and stopped with the
//! setting, following the configured chain, a chart point per sample, and an alert (the
//! banner and one desktop notification) only when the first mirror's state changes. The
//! rules are the core's (`crate::alerts`).

use super::*;
use crate::alerts::{Alert, Watcher};

/// The watch of the configured chain and what it last said.
#[derive(Clone, Debug, Default)]
pub struct AlertsState {
    pub watcher: Watcher,
    /// The GOPROXY being watched.
    pub goproxy: String,
    /// The banner over every panel (until dismissed or replaced).
    pub banner: Option<Alert>,
}

impl AppState {
    pub(super) fn toggle_watch(&mut self, backend: &dyn Backend) {
        if let Some(id) = self.probe.watch.take() {
            backend.send(Request::StopWatch { id });
            self.settings.alerts = false;
            self.alerts.banner = None;
            return;
        }
        self.settings.alerts = true;
        self.start_watch(backend);
    }

    /// With alerts on, the watch follows the configured GOPROXY: started when the settings
    /// load, restarted when an apply changed it.
    pub(super) fn keep_watching(&mut self, backend: &dyn Backend) {
        if !self.settings.alerts {
            return;
        }
        let current = self.snapshot().map(|s| s.value("GOPROXY").to_string());
        if self.probe.watch.is_some() && current.as_deref() == Some(self.alerts.goproxy.as_str()) {
            return;
        }
        if let Some(id) = self.probe.watch.take() {
            backend.send(Request::StopWatch { id });
        }
        self.start_watch(backend);
    }

    fn start_watch(&mut self, backend: &dyn Backend) {
        let Some(snapshot) = self.snapshot() else {
            return;
        };
        let goproxy = snapshot.value("GOPROXY").to_string();
        let Ok(list) = crate::goenv::goproxy::parse(&goproxy) else {
            return;
        };
        let mirrors: Vec<Mirror> = list.urls().map(|(u, _)| Mirror::custom(u)).collect();
        if mirrors.is_empty() {
            self.notices.push(Text::new(
                "GOPROXY names no mirror to watch (direct or off).",
                "GOPROXY 中没有可监视的镜像（direct 或 off）。",
            ));
            return;
        }
        let id = self.id();
        self.probe.watch = Some(id);
        self.probe.watch_samples.clear();
        self.alerts = AlertsState {
            goproxy,
            ..AlertsState::default()
        };
        backend.send(Request::Watch {
            id,
            mirrors,
            spec: Box::new(self.spec.clone()),
            env: Box::new(self.env.clone()),
            interval: Duration::from_secs(self.settings.watch_interval_s.max(5)),
        });
    }

    /// One watch sample: the chart's point, and an alert when the first mirror's state changed
    /// (a notification on the desktop and the banner in the window, once per change).
    pub(super) fn on_watch_sample(
        &mut self,
        measurements: &[crate::probe::model::Measurement],
        backend: &dyn Backend,
    ) {
        let t = super::epoch_s();
        let ttfb = measurements
            .first()
            .and_then(|m| m.ttfb)
            .map_or(f64::NAN, |s| s.median_ms);
        self.probe.watch_samples.push((t, ttfb));
        let recommended = self.recommendation().map(|r| r.goproxy.clone());
        let goproxy = self.alerts.goproxy.clone();
        if let Some(alert) =
            self.alerts
                .watcher
                .observe(&goproxy, measurements, recommended.as_deref())
        {
            let lang = self.lang();
            if let Err(e) = backend.notify(alert.title.get(lang), alert.body.get(lang)) {
                eprintln!("gomirror: notification not shown: {e}");
            }
            self.alerts.banner = Some(alert);
        }
    }
}
