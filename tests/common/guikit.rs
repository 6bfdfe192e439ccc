//! The kittest harness shared by the GUI tests: the real app with a test backend that runs
//! jobs and the go command for real, keeps probe and watch requests for the test to answer, and
//! records what would reach the desktop (files opened, notifications); or the real app over the
//! app's own worker thread (`gui_with_worker`), for what only a second thread shows: live
//! progress, Stop, and a window that never waits for the work.
#![allow(dead_code)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use gomirror::app::GomirrorApp;
use gomirror::desktop::{Notifier, Opener, Recorder};
use gomirror::goenv::location::EnvMap;
use gomirror::probe::engine::{self, RoundConfig};
use gomirror::state::{Backend, Panel, Settings};
use gomirror::worker::{Event, Request, RequestId, run_job};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// Watch requests: their id and the mirrors watched.
pub type Watches = Arc<Mutex<Vec<(RequestId, Vec<gomirror::mirrors::Mirror>)>>>;

/// Runs jobs (go command, files) for real and keeps probe requests for the test to answer.
pub struct TestBackend {
    tx: Mutex<mpsc::Sender<Event>>,
    probes: Arc<Mutex<Vec<(RequestId, RoundConfig)>>>,
    watches: Watches,
    desktop: Arc<Recorder>,
}

impl Backend for TestBackend {
    fn send(&self, request: Request) {
        match request {
            Request::Job { id, job } => {
                let output = run_job(*job);
                if let Ok(tx) = self.tx.lock() {
                    let _ = tx.send(Event::Job {
                        id,
                        output: Box::new(output),
                    });
                }
            }
            Request::Probe { id, config } => {
                self.probes.lock().expect("probes").push((id, *config))
            }
            Request::ProbePlanned { id, plan } => self
                .probes
                .lock()
                .expect("probes")
                .push((id, plan.into_config())),
            // The real go command, one configuration after the other, events as the worker
            // sends them.
            Request::Verify { id, configs } => {
                let never = std::sync::atomic::AtomicBool::new(false);
                for (index, config) in configs.iter().enumerate() {
                    let mut progress = Vec::new();
                    let outcome = gomirror::verify::run::verify_with(
                        config,
                        |p| progress.push(p.clone()),
                        &never,
                    );
                    if let Ok(tx) = self.tx.lock() {
                        for p in progress {
                            let _ = tx.send(Event::Verify {
                                id,
                                index,
                                event: gomirror::verify::job::VerifyEvent::Progress(p),
                            });
                        }
                        let _ = tx.send(Event::Verify {
                            id,
                            index,
                            event: gomirror::verify::job::VerifyEvent::Done(Box::new(outcome)),
                        });
                    }
                }
            }
            Request::Watch { id, mirrors, .. } => {
                self.watches.lock().expect("watches").push((id, mirrors))
            }
            _ => {}
        }
    }

    fn open(&self, path: &std::path::Path) -> Result<(), String> {
        self.desktop.open(path)
    }

    fn notify(&self, title: &str, body: &str) -> Result<(), String> {
        self.desktop.notify(title, body)
    }
}

/// The app's own worker thread (the one `cargo run` uses), with the desktop recorded.
pub struct WorkerBackend {
    worker: gomirror::worker::Worker,
    desktop: Arc<Recorder>,
}

impl Backend for WorkerBackend {
    fn send(&self, request: Request) {
        assert!(self.worker.send(request), "the worker has stopped");
    }

    fn open(&self, path: &std::path::Path) -> Result<(), String> {
        self.desktop.open(path)
    }

    fn notify(&self, title: &str, body: &str) -> Result<(), String> {
        self.desktop.notify(title, body)
    }
}

/// The real app in a kittest harness of this size, with the bundled fonts, over `backend`.
fn harness(
    size: egui::Vec2,
    settings: Settings,
    env: EnvMap,
    backend: Box<dyn Backend>,
    rx: mpsc::Receiver<Event>,
) -> Harness<'static, GomirrorApp> {
    Harness::builder()
        .with_size(size)
        .with_max_steps(40)
        .with_context_setup(|ctx| {
            gomirror::app::fonts::install(ctx, false);
        })
        .build_eframe(move |_cc| GomirrorApp::with_backend(settings, env, backend, rx))
}

/// The app over its real worker thread.
pub fn gui_with_worker(env: EnvMap, settings: Settings, size: egui::Vec2) -> Gui {
    let (tx, rx) = mpsc::channel();
    let sender = Mutex::new(tx.clone());
    let worker = gomirror::worker::Worker::start(move |event| {
        if let Ok(tx) = sender.lock() {
            let _ = tx.send(event);
        }
    })
    .expect("the worker starts");
    let desktop = Arc::new(Recorder::default());
    let backend = WorkerBackend {
        worker,
        desktop: desktop.clone(),
    };
    let harness = harness(size, settings, env, Box::new(backend), rx);
    let mut g = Gui {
        harness,
        tx,
        probes: Arc::new(Mutex::new(Vec::new())),
        watches: Arc::new(Mutex::new(Vec::new())),
        desktop,
        longest_frame: std::time::Duration::ZERO,
    };
    g.steps(3);
    g
}

pub struct Gui {
    /// The longest single frame seen by `step_until` (a window that waited for work shows it).
    pub longest_frame: std::time::Duration,
    pub harness: Harness<'static, GomirrorApp>,
    pub tx: mpsc::Sender<Event>,
    pub probes: Arc<Mutex<Vec<(RequestId, RoundConfig)>>>,
    /// Watch requests (id, the mirrors watched), for the test to answer.
    pub watches: Watches,
    /// What reached the desktop: files opened, notifications raised.
    pub desktop: Arc<Recorder>,
}

pub fn gui(env: EnvMap, settings: Settings) -> Gui {
    gui_sized(env, settings, egui::vec2(1200.0, 900.0))
}

/// A window of this size (long panels: every control on screen without scrolling).
pub fn gui_sized(env: EnvMap, settings: Settings, size: egui::Vec2) -> Gui {
    let (tx, rx) = mpsc::channel();
    let probes = Arc::new(Mutex::new(Vec::new()));
    let watches = Arc::new(Mutex::new(Vec::new()));
    let desktop = Arc::new(Recorder::default());
    let backend = TestBackend {
        tx: Mutex::new(tx.clone()),
        probes: probes.clone(),
        watches: watches.clone(),
        desktop: desktop.clone(),
    };
    let harness = harness(size, settings, env, Box::new(backend), rx);
    let mut g = Gui {
        harness,
        tx,
        probes,
        watches,
        desktop,
        longest_frame: std::time::Duration::ZERO,
    };
    g.steps(3);
    g
}

impl Gui {
    /// Draws frames (20 ms apart) until `done` holds for the app's state, within `limit`;
    /// panics with `what` after it. Records the longest frame.
    pub fn step_until(
        &mut self,
        what: &str,
        limit: std::time::Duration,
        done: impl Fn(&gomirror::state::AppState) -> bool,
    ) {
        let start = std::time::Instant::now();
        loop {
            let frame = std::time::Instant::now();
            self.harness.step();
            self.longest_frame = self.longest_frame.max(frame.elapsed());
            if done(&self.harness.state().state) {
                return;
            }
            assert!(
                start.elapsed() < limit,
                "{what}: not within {limit:?} (notices: {:?})",
                self.harness.state().state.notices
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn steps(&mut self, n: usize) {
        self.harness.run_steps(n);
    }

    pub fn command(&mut self, command: gomirror::state::Command) {
        self.harness.state_mut().command(command);
        self.steps(4);
    }

    pub fn show(&mut self, panel: Panel) {
        self.harness
            .state_mut()
            .command(gomirror::state::Command::App(
                gomirror::state::AppCommand::Show(panel),
            ));
        self.steps(2);
    }

    /// Clicks the one widget with this label, whatever it is (a folded section's title, a
    /// radio button, a checkbox).
    pub fn unfold(&mut self, title: &str) {
        self.harness.get_by_label(title).click();
        self.steps(3);
    }

    /// Clicks the last button with this label (the content area is drawn after the navigation).
    pub fn click(&mut self, label: &str) {
        let node = self
            .harness
            .get_all_by_role_and_label(Role::Button, label)
            .last()
            .unwrap_or_else(|| panic!("no button {label:?}"));
        node.click();
        self.steps(3);
    }

    /// Whether the last button with this label (the one `click` would press) is disabled.
    #[allow(dead_code)]
    pub fn is_disabled(&self, label: &str) -> bool {
        self.harness
            .get_all_by_role_and_label(Role::Button, label)
            .last()
            .unwrap_or_else(|| panic!("no button {label:?}"))
            .accesskit_node()
            .is_disabled()
    }

    /// Clicks the last button with this label and returns what the window put on the
    /// clipboard in the frames after it.
    #[allow(dead_code)]
    pub fn click_and_copy(&mut self, label: &str) -> Option<String> {
        self.harness
            .get_all_by_role_and_label(Role::Button, label)
            .last()
            .unwrap_or_else(|| panic!("no button {label:?}"))
            .click();
        for _ in 0..4 {
            self.harness.step();
            let copied = self
                .harness
                .output()
                .platform_output
                .commands
                .iter()
                .find_map(|c| match c {
                    egui::OutputCommand::CopyText(t) => Some(t.clone()),
                    _ => None,
                });
            if copied.is_some() {
                return copied;
            }
        }
        None
    }

    /// Types into the text field with this label (when a column or button shares the label).
    pub fn type_into_field(&mut self, label: &str, text: &str) {
        self.harness
            .get_all_by_role_and_label(Role::TextInput, label)
            .next()
            .unwrap_or_else(|| panic!("no text field {label:?}"))
            .focus();
        self.harness.run_steps(1);
        let field = self
            .harness
            .get_all_by_role_and_label(Role::TextInput, label)
            .next()
            .unwrap_or_else(|| panic!("no text field {label:?}"));
        field.type_text(text);
        self.steps(3);
    }

    pub fn type_into(&mut self, label: &str, text: &str) {
        self.harness.get_by_label(label).focus();
        self.steps(1);
        self.harness.get_by_label(label).type_text(text);
        self.steps(3);
    }

    pub fn has_text(&self, text: &str) -> bool {
        self.harness
            .query_all_by_label_contains(text)
            .next()
            .is_some()
    }

    /// Answers the app's pending probe with a real round against `mirrors` (a lab catalogue),
    /// injecting every event through the worker interface.
    pub fn answer_probe(&mut self) {
        let (id, config) = self
            .probes
            .lock()
            .expect("probes")
            .pop()
            .expect("a probe was requested");
        let mut events = Vec::new();
        engine::run_blocking(config, |e| events.push(e))
            .expect("runtime")
            .expect("round");
        for event in events {
            self.tx.send(Event::Probe { id, event }).expect("send");
        }
        self.steps(4);
    }
}

/// A file dropped onto the window.
#[derive(Debug)]
pub struct Dropped(pub std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}
