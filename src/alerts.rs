//! Alerts / 提醒: the watch of the configured GOPROXY chain decides, sample after sample,
//! whether its first mirror is still good; only a change of that state raises an alert (one
//! notification per change, never one per sample), with the suggested switch.

use crate::i18n::Text;
use crate::probe::checks::Measurement;
use crate::probe::stats::{self, Verdict};

/// What changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    /// True: the first mirror degraded; false: it recovered.
    pub degraded: bool,
    /// The first mirror (redacted).
    pub mirror: String,
    pub verdict: Verdict,
    pub reason: Text,
    /// A GOPROXY that moves the first good mirror of the chain (or the recommendation) to the
    /// front; None when nothing better is known.
    pub switch_to: Option<String>,
    pub title: Text,
    pub body: Text,
}

/// The state between samples.
#[derive(Clone, Debug, Default)]
pub struct Watcher {
    /// The first mirror's last state: Some(true) good, Some(false) degraded.
    good: Option<bool>,
    /// How many alerts were raised.
    pub alerts: usize,
}

/// Whether a measured mirror is good enough to stay first: it answers, serves what a mirror
/// serves, and is not slow.
fn judge(m: &Measurement) -> (bool, Verdict, Text) {
    let (verdict, reason, _) = stats::verdict(m, None);
    let good = verdict.usable() && verdict != Verdict::Slow;
    (good, verdict, reason)
}

impl Watcher {
    /// Takes one sample of the configured GOPROXY's mirrors (`measurements` in its order);
    /// `recommended` is the latest probe's GOPROXY, the switch when no mirror of the chain is
    /// good. Returns an alert only when the first mirror's state changed (the first sample
    /// alerts only if it is degraded).
    pub fn observe(
        &mut self,
        goproxy: &str,
        measurements: &[Measurement],
        recommended: Option<&str>,
    ) -> Option<Alert> {
        let first = measurements.first()?;
        let (good, verdict, reason) = judge(first);
        let before = self.good.replace(good);
        let changed = match before {
            None => !good,
            Some(was) => was != good,
        };
        if !changed {
            return None;
        }
        self.alerts += 1;
        let mirror = first.url.clone();
        if good {
            return Some(Alert {
                degraded: false,
                title: Text::new(format!("{mirror} works again"), format!("{mirror} 已恢复")),
                body: Text::new(
                    format!("Your first Go module mirror answers again: {}", reason.en),
                    format!("你的首选 Go 模块镜像已恢复：{}", reason.zh),
                ),
                mirror,
                verdict,
                reason,
                switch_to: None,
            });
        }
        let better = switch(goproxy, measurements)
            .or_else(|| recommended.filter(|r| *r != goproxy).map(str::to_string));
        let shown = better.as_deref().map(crate::goenv::gourl::redact_text);
        let label = verdict.label();
        Some(Alert {
            degraded: true,
            title: Text::new(
                format!("Go module mirror {}: {mirror}", label.en),
                format!("Go 模块镜像{}：{mirror}", label.zh),
            ),
            body: Text::new(
                match &shown {
                    Some(g) => format!("{} Suggested: GOPROXY={g}", reason.en),
                    None => reason.en.clone(),
                },
                match &shown {
                    Some(g) => format!("{} 建议改为：GOPROXY={g}", reason.zh),
                    None => reason.zh.clone(),
                },
            ),
            mirror,
            verdict,
            reason,
            switch_to: better,
        })
    }
}

/// The configured GOPROXY with its first good mirror moved to the front and the degraded first
/// mirror left out; the rest, and how the list ends (`direct`, `off`), kept.
fn switch(goproxy: &str, measurements: &[Measurement]) -> Option<String> {
    use crate::goenv::goproxy::{self, Fallback};
    let list = goproxy::parse(goproxy).ok()?;
    let urls: Vec<(&str, Fallback)> = list.urls().collect();
    let good = measurements
        .iter()
        .zip(&urls)
        .skip(1)
        .find(|(m, _)| judge(m).0)
        .map(|(_, (u, _))| *u)?;
    // Each URL keeps the separator that followed it (`,` falls through on 404/410 only, `|`
    // on any error).
    let order: Vec<(&str, Fallback)> = urls
        .iter()
        .filter(|(u, _)| *u == good)
        .chain(urls.iter().skip(1).filter(|(u, _)| *u != good))
        .copied()
        .collect();
    let sep = |f: Fallback| if f == Fallback::AnyError { '|' } else { ',' };
    let mut out = String::new();
    for (i, (u, fallback)) in order.iter().enumerate() {
        out.push_str(u);
        let last = i + 1 == order.len();
        if !last || list.ends_in_direct() || list.ends_in_off() {
            out.push(sep(*fallback));
        }
    }
    if list.ends_in_direct() {
        out.push_str("direct");
    } else if list.ends_in_off() {
        out.push_str("off");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(url: &str, ok: bool) -> Measurement {
        let mut m = Measurement::unmeasured(&crate::mirrors::Mirror::custom(url));
        if ok {
            m.success_rate = 1.0;
            m.ttfb = crate::probe::stats::StageStats::of([30.0].into_iter());
        } else {
            m.unreachable = true;
            m.sample_errors
                .push(Text::new("no connection (refused)", "无法连接（被拒绝）"));
        }
        m
    }

    #[test]
    fn one_alert_per_change_with_the_switch() {
        let goproxy = "https://a.example,https://b.example|https://c.example,direct";
        let down = [
            measured("https://a.example", false),
            measured("https://b.example", false),
            measured("https://c.example", true),
        ];
        let up = [
            measured("https://a.example", true),
            measured("https://b.example", true),
            measured("https://c.example", true),
        ];
        let mut w = Watcher::default();
        assert_eq!(
            w.observe(goproxy, &up, None),
            None,
            "healthy at start: quiet"
        );
        let alert = w.observe(goproxy, &down, None).expect("degraded");
        assert!(alert.degraded);
        assert_eq!(
            alert.switch_to.as_deref(),
            Some("https://c.example,https://b.example|direct")
        );
        assert!(alert.body.zh.contains("建议改为"));
        assert_eq!(
            w.observe(goproxy, &down, None),
            None,
            "still degraded: quiet"
        );
        let back = w.observe(goproxy, &up, None).expect("recovered");
        assert!(!back.degraded);
        assert_eq!(w.alerts, 2);
    }

    #[test]
    fn degraded_at_the_first_sample_alerts_and_falls_back_to_the_recommendation() {
        let mut w = Watcher::default();
        let only = [measured("https://a.example", false)];
        let alert = w
            .observe(
                "https://a.example,off",
                &only,
                Some("https://r.example,direct"),
            )
            .expect("alert");
        assert_eq!(alert.switch_to.as_deref(), Some("https://r.example,direct"));
    }
}
