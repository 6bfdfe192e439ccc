//! The schedule on a simulated path (the real path is tests/trace_netns.rs): which TTLs leave,
//! when the trace stops, what the answers add up to.

use super::*;
use std::collections::VecDeque;

/// A path of hops: for each TTL what answers (None: silent) and after how long.
struct Path {
    hops: Vec<Option<(Answer, Duration)>>,
    /// Beyond the list: what answers (the target's answer repeats).
    beyond: Option<(Answer, Duration)>,
    queue: VecDeque<(usize, Answer, Instant, Duration)>,
    launched: Vec<u8>,
}

impl Path {
    fn new(hops: Vec<Option<(Answer, Duration)>>, beyond: Option<(Answer, Duration)>) -> Self {
        Self {
            hops,
            beyond,
            queue: VecDeque::new(),
            launched: Vec::new(),
        }
    }
}

impl Prober for Path {
    fn launch(&mut self, id: usize, ttl: u8) -> Result<(), TraceError> {
        self.launched.push(ttl);
        let spec = self
            .hops
            .get(usize::from(ttl) - 1)
            .copied()
            .unwrap_or(self.beyond);
        if let Some((answer, after)) = spec {
            self.queue
                .push_back((id, answer, Instant::now() + after, after));
        }
        Ok(())
    }

    fn wait(&mut self, until: Instant) -> Vec<(usize, Answer, Duration)> {
        let next = self.queue.iter().map(|(_, _, at, _)| *at).min();
        let wake = next.map_or(until, |n| n.min(until));
        std::thread::sleep(wake.saturating_duration_since(Instant::now()));
        let now = Instant::now();
        let (due, rest): (Vec<_>, Vec<_>) =
            self.queue.drain(..).partition(|(_, _, at, _)| *at <= now);
        self.queue = rest.into();
        due.into_iter()
            .map(|(id, a, _, rtt)| (id, a, rtt))
            .collect()
    }
}

fn router(last: u8, ms: u64) -> Option<(Answer, Duration)> {
    Some((
        Answer::TimeExceeded(IpAddr::from([10, 0, 0, last])),
        Duration::from_millis(ms),
    ))
}

fn dest() -> SocketAddr {
    "192.0.2.9:443".parse().expect("addr")
}

fn trace(path: &mut Path, max: u8, budget: Duration) -> (Trace, Duration) {
    let start = Instant::now();
    let attempts = schedule(path, max, start + budget).expect("schedule");
    (assemble(&attempts, dest(), false), start.elapsed())
}

#[test]
fn three_routers_then_the_target() {
    let mut p = Path::new(
        vec![router(1, 5), router(2, 10), router(3, 40)],
        Some((Answer::Accepted, Duration::from_millis(45))),
    );
    let (t, took) = trace(&mut p, 30, Duration::from_secs(5));
    assert_eq!(t.verdict, Verdict::Reached);
    assert!(t.reached);
    assert_eq!(t.stopped_after_ttl, None);
    let addrs: Vec<_> = t.hops.iter().map(|h| h.address.clone()).collect();
    assert_eq!(
        addrs,
        [
            Some("10.0.0.1".to_string()),
            Some("10.0.0.2".to_string()),
            Some("10.0.0.3".to_string()),
            Some("192.0.2.9".to_string())
        ]
    );
    let rtt: Vec<f64> = t.hops.iter().map(|h| h.rtt_ms.expect("rtt")).collect();
    assert!(
        rtt[0] < rtt[1] && rtt[1] < rtt[2] && rtt[2] < rtt[3],
        "{rtt:?}"
    );
    assert!(t.hops.iter().all(|h| h.loss == 0.0));
    // It ends once every hop answered, not at the deadline.
    assert!(took < Duration::from_secs(2), "{took:?}");
    // No TTL past the target's is started after it answered; the window reached at most 4+5.
    assert!(p.launched.iter().all(|ttl| *ttl <= 9), "{:?}", p.launched);
}

#[test]
fn silent_after_two_stops_five_hops_later() {
    let mut p = Path::new(vec![router(1, 2), router(2, 4)], None);
    let (t, took) = trace(&mut p, 30, Duration::from_secs(10));
    assert_eq!(t.verdict, Verdict::Silent);
    assert_eq!(t.stopped_after_ttl, Some(2));
    assert_eq!(t.hops.len(), 2 + usize::from(SILENT_HOPS));
    assert!(
        t.hops[2..]
            .iter()
            .all(|h| h.address.is_none() && h.loss == 1.0)
    );
    assert_eq!(t.break_ttl(), Some(3));
    // Each attempt waits PROBE_WAIT at most.
    assert!(took < PROBE_WAIT + Duration::from_secs(1), "{took:?}");
    assert!(p.launched.iter().all(|ttl| *ttl <= 7), "{:?}", p.launched);
}

#[test]
fn all_silent_ends_by_the_deadline() {
    let mut p = Path::new(Vec::new(), None);
    let (t, took) = trace(&mut p, 30, Duration::from_millis(800));
    assert_eq!(t.verdict, Verdict::Silent);
    assert_eq!(t.stopped_after_ttl, Some(0));
    assert!(took < Duration::from_millis(1000), "{took:?}");
}

#[test]
fn unreachable_and_reset_and_a_silent_middle_hop() {
    let unreach = Some((
        Answer::Unreachable {
            from: IpAddr::from([10, 0, 0, 2]),
        },
        Duration::from_millis(3),
    ));
    let mut p = Path::new(vec![router(1, 2), unreach], unreach);
    let (t, _) = trace(&mut p, 30, Duration::from_secs(5));
    assert_eq!(t.verdict, Verdict::NoRoute);
    assert_eq!(t.hops.len(), 2);
    assert_eq!(t.break_ttl(), Some(2));

    let mut p = Path::new(
        vec![router(1, 2), None, router(3, 6)],
        Some((Answer::Reset, Duration::from_millis(8))),
    );
    let (t, _) = trace(&mut p, 30, Duration::from_secs(5));
    assert_eq!(t.verdict, Verdict::Refused);
    assert!(t.reached);
    assert_eq!(t.hops.len(), 4);
    assert_eq!(t.hops[1].address, None);
    assert_eq!(t.hops[1].kind, HopKind::Silent);
}

#[test]
fn max_hops_caps_the_window() {
    let hops = (1..=20).map(|i| router(i, 1)).collect();
    let mut p = Path::new(hops, None);
    let (t, _) = trace(&mut p, 8, Duration::from_secs(5));
    assert_eq!(t.hops.len(), 8);
    assert_eq!(t.verdict, Verdict::Silent);
    assert_eq!(t.stopped_after_ttl, Some(8));
    assert!(p.launched.iter().all(|ttl| *ttl <= 8));
}

#[test]
fn words_say_where_in_both_languages() {
    let mut p = Path::new(vec![router(1, 2), router(2, 4)], None);
    let (mut t, _) = trace(&mut p, 30, Duration::from_secs(5));
    t.target = "https://goproxy.cn".into();
    let w = crate::trace::words::verdict(&t, "goproxy.cn");
    assert!(
        w.en.contains("after hop 2 (10.0.0.2), inside the local network"),
        "{}",
        w.en
    );
    assert!(
        w.zh.contains("第 2 跳（10.0.0.2）之后没有回应，在本地网络内部"),
        "{}",
        w.zh
    );
    let table = crate::trace::text::render(&t, crate::i18n::Lang::En);
    assert!(table.contains("<- the path breaks here"), "{table}");
    let lines: Vec<&str> = table.lines().filter(|l| l.contains("breaks")).collect();
    assert!(lines[0].trim_start().starts_with("3 "), "{table}");
}

#[test]
fn the_hop_where_latency_jumps_most_is_named() {
    let mut p = Path::new(
        vec![router(1, 5), router(2, 10), router(3, 40)],
        Some((Answer::Accepted, Duration::from_millis(45))),
    );
    let (t, _) = trace(&mut p, 30, Duration::from_secs(5));
    let w = crate::trace::words::verdict(&t, "lab");
    assert!(
        w.en.ends_with("Latency jumps most at hop 3 (10.0.0.3): +30 ms."),
        "{}",
        w.en
    );
    assert!(
        w.zh.contains("延迟在第 3 跳（10.0.0.3）增加最多：+30 毫秒"),
        "{}",
        w.zh
    );
    // Small steps are noise: no jump named.
    let mut p = Path::new(
        vec![router(1, 5), router(2, 10)],
        Some((Answer::Accepted, Duration::from_millis(15))),
    );
    let (t, _) = trace(&mut p, 30, Duration::from_secs(5));
    assert!(crate::trace::words::biggest_jump(&t).is_none());
    assert!(!crate::trace::words::verdict(&t, "lab").en.contains("jumps"));
}
