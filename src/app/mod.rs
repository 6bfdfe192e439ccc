//! The desktop app (eframe/egui): a thin shell over the settings core and the probe worker.

pub mod fonts;
mod scripted;

use scripted::VerdictWalk;
pub mod window;

use crate::goenv::location::EnvMap;
use crate::state::{AppCommand, MirrorsCommand, ProfileCommand, ProjectCommand};
use crate::state::{AppState, Backend, Command, Settings, UiState};
use crate::worker::{Event, Worker};
use std::path::PathBuf;
use std::sync::mpsc;

/// The key under which settings are persisted.
pub const SETTINGS_KEY: &str = "gomirror-settings";

/// The app: state, the backend requests go to, and the inbox events come from.
pub struct GomirrorApp {
    pub state: AppState,
    /// What the views edit (drafts, form fields, the table's order and open rows).
    pub view: UiState,
    backend: Box<dyn Backend>,
    events: mpsc::Receiver<Event>,
    /// Frames drawn so far.
    pub frames: u64,
    /// `GOMIRROR_PERF=1`: print start-up and frame-time measurements on stderr.
    perf: Option<Perf>,
    /// `GOMIRROR_READY_FILE`: the file to write once the first results are drawn, and the
    /// frames drawn since they arrived.
    ready_file: Option<(PathBuf, u32)>,
    /// The window has been checked against the screen (once, when the monitor is known).
    fitted: bool,
    /// `GOMIRROR_VERDICT=1` (screenshots of the onboarding's outcome): once the probe has
    /// recommended, go to step 3 and press Apply and verify, as a user would.
    verdict: Option<VerdictWalk>,
}

/// Performance measurements for the release notes (start-up, frame times).
struct Perf {
    started: std::time::Instant,
    frame_ms: Vec<f64>,
    last_report: std::time::Instant,
    probing: bool,
    /// `GOMIRROR_PERF_ROUNDS=N`: probe again N times, one round after the other, and report
    /// the resident memory after each (memory growth over many rounds).
    rounds_left: u32,
}

impl GomirrorApp {
    /// The app wired to a real worker; worker events wake the UI.
    pub fn new(cc: &eframe::CreationContext<'_>, env: EnvMap) -> std::io::Result<Self> {
        fonts::install(&cc.egui_ctx, true);
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
            .unwrap_or_default();
        let settings = apply_overrides(settings, &env);
        let (tx, rx) = mpsc::channel();
        let tx = std::sync::Mutex::new(tx);
        let ctx = cc.egui_ctx.clone();
        let worker = Worker::start(move |event| {
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(event);
            }
            ctx.request_repaint();
        })?;
        let panel = crate::goenv::location::env_value(&env, "GOMIRROR_PANEL").and_then(panel_named);
        let perf = crate::goenv::location::env_value(&env, "GOMIRROR_PERF").is_some();
        let perf_rounds = crate::goenv::location::env_value(&env, "GOMIRROR_PERF_ROUNDS")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let ready_file =
            crate::goenv::location::env_value(&env, "GOMIRROR_READY_FILE").map(PathBuf::from);
        let mut app = Self::with_backend(settings, env, Box::new(worker), rx);
        if perf {
            let now = std::time::Instant::now();
            app.perf = Some(Perf {
                started: now,
                frame_ms: Vec::new(),
                last_report: now,
                probing: false,
                rounds_left: perf_rounds,
            });
        }
        if let Some(panel) = panel {
            app.command(Command::App(AppCommand::Show(panel)));
        }
        if let Some(dir) = crate::goenv::location::env_value(&app.state.env, "GOMIRROR_PROJECT") {
            let dir = dir.to_string();
            app.command(Command::Project(ProjectCommand::Open(dir)));
        }
        if let Some(p) = crate::goenv::location::env_value(&app.state.env, "GOMIRROR_PROFILE") {
            let p = p.to_string();
            app.command(Command::App(AppCommand::Show(crate::state::Panel::Profile)));
            app.command(Command::Profile(ProfileCommand::Open(p)));
        }
        app.ready_file = ready_file.map(|f| (f, 0));
        if crate::goenv::location::env_value(&app.state.env, "GOMIRROR_VERDICT").is_some() {
            app.verdict = Some(VerdictWalk::WaitRecommendation);
        }
        Ok(app)
    }

    /// The app over any backend (tests inject events through `events`).
    pub fn with_backend(
        settings: Settings,
        env: EnvMap,
        backend: Box<dyn Backend>,
        events: mpsc::Receiver<Event>,
    ) -> Self {
        let mut app = Self {
            view: UiState::new(&env),
            state: AppState::new(settings, env),
            backend,
            events,
            frames: 0,
            perf: None,
            ready_file: None,
            fitted: false,
            verdict: None,
        };
        app.command(Command::App(AppCommand::Reload));
        app.command(Command::Mirrors(MirrorsCommand::StartProbe));
        app
    }

    /// Handles one command now (tests and the start-up use it; views send theirs through the frame).
    pub fn command(&mut self, command: Command) {
        self.state
            .handle(&mut self.view, command, self.backend.as_ref());
    }

    /// Applies every event waiting in the inbox.
    pub fn drain_events(&mut self) {
        while let Ok(event) = self.events.try_recv() {
            self.state
                .on_event(&mut self.view, event, self.backend.as_ref());
        }
    }
}

impl eframe::App for GomirrorApp {
    fn logic(&mut self, _ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.drain_events();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let frame_start = std::time::Instant::now();
        self.drain_events();
        self.frames += 1;
        self.fit_window(ui.ctx());
        let mut commands = Vec::new();
        // The side effects the last frame's commands asked for, in the shell (views and
        // handlers have none), before this frame is drawn.
        if let Some(text) = self.state.clipboard.take() {
            ui.ctx().copy_text(text);
        }
        crate::ui::root_ui(ui, &self.state, &mut self.view, &mut commands);
        for c in commands {
            self.command(c);
        }
        let mut again = false;
        if let Some(perf) = &mut self.perf {
            let probing = self.state.probe.round.is_pending();
            again = perf.record(self.frames, frame_start.elapsed(), probing);
        }
        if again {
            self.command(Command::Mirrors(MirrorsCommand::StartProbe));
        }
        self.walk_to_verdict();
        self.signal_ready(ui.ctx());
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.state.settings);
    }
}

impl GomirrorApp {
    /// Once the monitor's size is known: shrinks and centres a window larger than 90 % of
    /// the screen (the first window, or a remembered one from a larger screen).
    fn fit_window(&mut self, ctx: &egui::Context) {
        if self.fitted {
            return;
        }
        let (monitor, inner) = ctx.input(|i| {
            let v = i.viewport();
            (v.monitor_size, v.inner_rect.map(|r| r.size()))
        });
        let (Some(monitor), Some(inner)) = (monitor, inner) else {
            // Not known (tests, some platforms): give up after a few frames.
            self.fitted = self.frames > 30;
            return;
        };
        self.fitted = true;
        if let Some(size) = window::fit(monitor, inner) {
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(size));
            ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(window::centred(
                monitor, size,
            )));
        }
    }
}

impl Perf {
    /// Records one frame; reports every 2 s, and when a probe round ends. True when another
    /// round should start (`GOMIRROR_PERF_ROUNDS`).
    fn record(&mut self, frames: u64, took: std::time::Duration, probing: bool) -> bool {
        if frames == 1 {
            let epoch_ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis());
            eprintln!(
                "perf: first frame {:.0} ms after the app was created, at epoch_ms={epoch_ms}",
                self.started.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.frame_ms.push(took.as_secs_f64() * 1000.0);
        let round_ended = self.probing && !probing;
        self.probing = probing;
        if round_ended || self.last_report.elapsed() >= std::time::Duration::from_secs(2) {
            let mut v = std::mem::take(&mut self.frame_ms);
            v.sort_by(f64::total_cmp);
            if let (Some(max), Some(median)) = (v.last(), v.get(v.len() / 2)) {
                eprintln!(
                    "perf: {} frames in the last 2 s, ui median {median:.2} ms, max {max:.2} ms",
                    v.len()
                );
            }
            self.last_report = std::time::Instant::now();
        }
        if round_ended {
            let rss_kib = std::fs::read_to_string("/proc/self/statm")
                .ok()
                .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
                .map_or(0, |pages| pages * 4);
            eprintln!(
                "perf: round ended, rss {rss_kib} KiB, {} rounds to go",
                self.rounds_left
            );
            if self.rounds_left > 0 {
                self.rounds_left -= 1;
                return true;
            }
        }
        false
    }
}

/// `GOMIRROR_LANG=en|zh` and `GOMIRROR_THEME=light|dark` fix the language and the theme for
/// this run (screenshots).
fn apply_overrides(mut settings: Settings, env: &EnvMap) -> Settings {
    match crate::goenv::location::env_value(env, "GOMIRROR_LANG") {
        Some("en") => settings.lang = Some(crate::i18n::Lang::En),
        Some("zh") => settings.lang = Some(crate::i18n::Lang::Zh),
        _ => {}
    }
    match crate::goenv::location::env_value(env, "GOMIRROR_THEME") {
        Some("light") => settings.theme = crate::state::ThemeChoice::Light,
        Some("dark") => settings.theme = crate::state::ThemeChoice::Dark,
        _ => {}
    }
    settings
}

/// `GOMIRROR_PANEL=onboarding|overview|mirrors|composer|private|checksum|projects|verify|doctor|apply` opens
/// that panel; `GOMIRROR_PROJECT=DIR` opens that project.
pub fn panel_named(name: &str) -> Option<crate::state::Panel> {
    use crate::state::Panel;
    Some(match name {
        "onboarding" => Panel::Onboarding,
        "overview" => Panel::Overview,
        "mirrors" => Panel::Mirrors,
        "composer" => Panel::Composer,
        "private" => Panel::Private,
        "checksum" => Panel::Checksum,
        "projects" => Panel::Projects,
        "verify" => Panel::Verify,
        "doctor" => Panel::Doctor,
        "team" | "profile" => Panel::Profile,
        "apply" => Panel::Apply,
        _ => return None,
    })
}

/// Opens the window (the binary without a subcommand).
pub fn run() -> eframe::Result {
    run_with(None)
}

/// Where the window keeps its settings: `app.ron` in the app's data directory, which is made
/// (or tightened to) the user's alone before eframe touches it, the file created 0600 (eframe
/// rewrites it in place, keeping the mode). None: eframe's default place (no home folder).
fn private_window_store(env: &crate::goenv::location::EnvMap) -> Option<PathBuf> {
    let dir = crate::apply::history::data_dir(env).ok()?;
    crate::apply::safe_write::create_private_dir(&dir).ok()?;
    let file = dir.join("app.ron");
    let mut open = std::fs::OpenOptions::new();
    open.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.mode(0o600);
    }
    open.open(&file).ok()?;
    // An older file made 0644 is tightened with its folder.
    crate::apply::safe_write::create_private_dir(&dir).ok()?;
    Some(file)
}

/// Opens the window; with a team profile, at its preview (`gomirror FILE.gomirror.toml`, what
/// a double-click on the file runs).
pub fn run_with(profile: Option<PathBuf>) -> eframe::Result {
    let mut env = crate::goenv::location::process_env();
    if let Some(p) = profile {
        let p = std::fs::canonicalize(&p).unwrap_or(p);
        env.insert("GOMIRROR_PROFILE".into(), p.display().to_string());
    }
    let icon =
        eframe::icon_data::from_png_bytes(include_bytes!("../../icons/gomirror-256.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Go 镜像助手 · gomirror")
        .with_app_id("gomirror")
        .with_inner_size(window::DEFAULT_SIZE)
        .with_min_inner_size(window::MIN_SIZE);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    // `GOMIRROR_RENDERER=wgpu|glow` (measurements; glow is the default: far less memory on
    // software OpenGL).
    let renderer = match crate::goenv::location::env_value(&env, "GOMIRROR_RENDERER") {
        Some("wgpu") => eframe::Renderer::Wgpu,
        _ => eframe::Renderer::Glow,
    };
    let options = eframe::NativeOptions {
        viewport,
        persistence_path: private_window_store(&env),
        persist_window: true,
        centered: true,
        renderer,
        ..Default::default()
    };
    eframe::run_native(
        "gomirror",
        options,
        Box::new(move |cc| {
            let app = GomirrorApp::new(cc, env)?;
            Ok(Box::new(app))
        }),
    )
}
