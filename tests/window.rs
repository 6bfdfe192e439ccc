//! The real window under Xvfb: on an 800x600 screen the first window fits (at most 90 % of
//! it), it carries the app icon (`_NET_WM_ICON`), and a size the user gives it is remembered
//! at the next start (closed with Ctrl+Q, as a user would). Xvfb, xdotool, xwininfo and xprop
//! come from `scripts/install-tools.sh`; a missing one fails the test.

mod common;
#[path = "common/netlab/mod.rs"]
mod netlab;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn tool(name: &str) -> PathBuf {
    let path = Path::new("/usr/bin").join(name);
    assert!(
        path.exists(),
        "{name} is missing: run scripts/install-tools.sh (scripts/test.sh does)"
    );
    path
}

fn xvfb(width: u32, height: u32) -> (Killed, String) {
    for _ in 0..20 {
        let n = 150 + (std::process::id() + rand::random::<u32>() % 1000) % 800;
        if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
            continue;
        }
        let child = Killed(
            Command::new(tool("Xvfb"))
                .args([
                    format!(":{n}"),
                    "-screen".into(),
                    "0".into(),
                    format!("{width}x{height}x24"),
                    "-nolisten".into(),
                    "tcp".into(),
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("Xvfb starts"),
        );
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                return (child, format!(":{n}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("Xvfb did not start");
}

fn x(display: &str, program: &str, args: &[&str]) -> String {
    let out = Command::new(tool(program))
        .args(args)
        .env("DISPLAY", display)
        .output()
        .expect("x tool runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Starts the app and waits until its first results are drawn; returns it and its window.
fn start_app(display: &str, home: &Path, catalog: &Path) -> (Killed, String) {
    let ready = home.join("ready");
    let _ = std::fs::remove_file(&ready);
    let child = Command::new(env!("CARGO_BIN_EXE_gomirror"))
        .env_clear()
        .env("DISPLAY", display)
        .env("HOME", home)
        .env("PATH", "/usr/bin:/bin")
        .env("GOMIRROR_GO", "/nonexistent/go")
        .env("GOMIRROR_CATALOG", catalog)
        .env("GOMIRROR_READY_FILE", &ready)
        .env("GOMIRROR_LANG", "en")
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gomirror starts");
    let app = Killed(child);
    let started = Instant::now();
    while !ready.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the app never became ready"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let id = x(display, "xdotool", &["search", "--name", "gomirror"])
        .lines()
        .last()
        .expect("the window")
        .trim()
        .to_string();
    (app, id)
}

fn size(display: &str, id: &str) -> (u32, u32) {
    let info = x(display, "xwininfo", &["-id", id]);
    let get = |key: &str| -> u32 {
        info.lines()
            .find_map(|l| l.trim().strip_prefix(key))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("{key} in {info}"))
    };
    (get("Width:"), get("Height:"))
}

/// Polls until the window has this size (the app resizes itself after its first frame).
fn settle(display: &str, id: &str, ok: impl Fn((u32, u32)) -> bool) -> (u32, u32) {
    let started = Instant::now();
    loop {
        let s = size(display, id);
        if ok(s) || started.elapsed() > Duration::from_secs(10) {
            return s;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_first_window_fits_an_800x600_screen_has_its_icon_and_remembers_its_size() {
    let dir = tempfile::tempdir().expect("tmp");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    // One lab mirror that refuses connections: the first round ends at once, offline.
    let catalog = netlab::lab_catalog(dir.path(), &[("closed", "http://127.0.0.1:9")]);
    let (_xvfb, display) = xvfb(800, 600);

    let (app, id) = start_app(&display, &home, &catalog);
    let (w, h) = settle(&display, &id, |(w, h)| w <= 720 && h <= 540);
    assert!(
        w <= 720 && h <= 540,
        "the first window is {w}x{h} on 800x600"
    );
    assert!(
        w >= 560 && h >= 420,
        "the first window is too small: {w}x{h}"
    );
    // _NET_WM_ICON: width, height, then ARGB pixels; the app's 256x256 icon, not blank.
    let icon = x(
        &display,
        "xprop",
        &[
            "-id",
            &id,
            "-len",
            "2000000",
            "-f",
            "_NET_WM_ICON",
            "32c",
            " = $0+\n",
            "_NET_WM_ICON",
        ],
    );
    let values: Vec<u64> = icon
        .split_once(" = ")
        .map(|(_, v)| v)
        .unwrap_or("")
        .split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    assert_eq!(
        values.get(..2),
        Some(&[256, 256][..]),
        "icon size: {}",
        &icon[..icon.len().min(120)]
    );
    assert_eq!(values.len(), 2 + 256 * 256, "the whole icon");
    assert!(
        values[2..].iter().filter(|p| **p >> 24 == 0xff).count() > 256 * 256 / 4,
        "the icon is mostly transparent"
    );

    // The user makes it smaller, then quits with Ctrl+Q: the next start has that size.
    x(&display, "xdotool", &["windowsize", &id, "660", "480"]);
    settle(&display, &id, |s| s == (660, 480));
    std::thread::sleep(Duration::from_millis(300));
    x(&display, "xdotool", &["windowfocus", "--sync", &id]);
    x(&display, "xdotool", &["key", "--clearmodifiers", "ctrl+q"]);
    let mut app = app;
    let started = Instant::now();
    while app.0.try_wait().expect("wait").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "Ctrl+Q did not close the window"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let (_app, id) = start_app(&display, &home, &catalog);
    let again = settle(&display, &id, |s| s == (660, 480));
    assert_eq!(again, (660, 480), "the size was not remembered");
}
