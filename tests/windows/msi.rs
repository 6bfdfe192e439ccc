//! The MSI under Wine: built from wix/main.wxs with Debian's wixl (as scripts/package.sh does,
//! from the debug exe), installed with `msiexec /i /qn`: the program, its Start-menu shortcut
//! and the `.toml` "Open with" entry with its open command exist, PATH is unchanged, and that
//! command (a double-click on a profile) opens the window at the Team panel; and `msiexec /x`
//! removes them all.

use super::wine::{self, Wine, win};
use gomirror::goenv::location::EnvMap;
use std::path::Path;

fn reg_query(w: &Wine, key: &str) -> super::wine::Output {
    w.run(Path::new("reg"), &["query", key], &EnvMap::new())
}

fn machine_path(w: &Wine) -> String {
    let q = w.run(
        Path::new("reg"),
        &[
            "query",
            "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment",
            "/v",
            "PATH",
        ],
        &EnvMap::new(),
    );
    assert_eq!(q.code, 0, "{}", q.stderr);
    q.stdout
}

/// Every Start-menu shortcut named gomirror in the prefix (per machine or per user).
fn shortcuts(w: &Wine) -> Vec<std::path::PathBuf> {
    let drive = w.prefix.join("drive_c");
    [
        drive.join("ProgramData/Microsoft/Windows/Start Menu/Programs/gomirror.lnk"),
        w.profile()
            .join("AppData/Roaming/Microsoft/Windows/Start Menu/Programs/gomirror.lnk"),
    ]
    .into_iter()
    .filter(|p| p.exists())
    .collect()
}

#[test]
fn the_msi_installs_the_shortcut_and_open_with_entry_leaves_path_alone_and_uninstalls_cleanly() {
    let w = Wine::new();
    let msi = w.sandbox.path().join("gomirror.msi");
    // wixl takes the file's path relative to where it runs (it fails on an absolute one).
    let root = super::common::repo_root();
    let exe = wine::gomirror_exe();
    let relative = exe
        .strip_prefix(&root)
        .expect("the exe is under the repository");
    let out = std::process::Command::new("wixl")
        .args(["-a", "x64", "-D", "Version=0.1.0", "-D"])
        .arg(format!("ExePath={}", relative.display()))
        .arg("-o")
        .arg(&msi)
        .arg("wix/main.wxs")
        .current_dir(&root)
        .output()
        .expect("wixl (scripts/install-tools.sh installs it)");
    assert!(
        out.status.success(),
        "wixl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path_before = machine_path(&w);

    let i = w.run(
        Path::new("msiexec"),
        &["/i", &win(&msi), "/qn"],
        &EnvMap::new(),
    );
    assert_eq!(i.code, 0, "msiexec /i: {}{}", i.stdout, i.stderr);
    let installed = w.prefix.join("drive_c/Program Files/gomirror/gomirror.exe");
    assert!(installed.exists(), "no {}", installed.display());
    assert_eq!(shortcuts(&w).len(), 1, "the Start-menu shortcut");
    let open_with = reg_query(&w, "HKCR\\.toml\\OpenWithProgids");
    assert!(
        open_with.stdout.contains("gomirror.TeamProfile"),
        "{}",
        open_with.stdout
    );
    let command = reg_query(&w, "HKCR\\gomirror.TeamProfile\\shell\\open\\command");
    assert!(
        command
            .stdout
            .contains("\"C:\\Program Files\\gomirror\\gomirror.exe\" \"%1\""),
        "{}",
        command.stdout
    );
    // .toml files keep their own default: gomirror is only offered.
    let default = reg_query(&w, "HKCR\\.toml");
    assert!(
        !default.stdout.contains("(Default)    REG_SZ    gomirror"),
        "{}",
        default.stdout
    );
    assert_eq!(machine_path(&w), path_before, "PATH changed");
    // The installed program runs.
    let v = w.run(&installed, &["--version"], &EnvMap::new());
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    assert!(v.stdout.contains("gomirror"), "{}", v.stdout);
    opening_a_profile_shows_the_team_panel(&w, &command.stdout);

    let x = w.run(
        Path::new("msiexec"),
        &["/x", &win(&msi), "/qn"],
        &EnvMap::new(),
    );
    assert_eq!(x.code, 0, "msiexec /x: {}{}", x.stdout, x.stderr);
    assert!(!installed.exists(), "the program is left");
    assert_eq!(
        shortcuts(&w),
        Vec::<std::path::PathBuf>::new(),
        "a shortcut is left"
    );
    assert_ne!(
        reg_query(&w, "HKCR\\gomirror.TeamProfile").code,
        0,
        "the ProgId is left"
    );
    let open_with = reg_query(&w, "HKCR\\.toml\\OpenWithProgids");
    assert!(
        !open_with.stdout.contains("gomirror"),
        "{}",
        open_with.stdout
    );
    assert_eq!(machine_path(&w), path_before, "PATH changed");
}

/// What a double-click on `payments.gomirror.toml` runs (the registered open command, `%1`
/// the file): the window opens, under Xvfb, at the Team panel with the profile.
fn opening_a_profile_shows_the_team_panel(w: &Wine, registered: &str) {
    let line = registered
        .lines()
        .find(|l| l.contains("REG_SZ"))
        .expect("the open command");
    let exe = line
        .split('"')
        .nth(1)
        .expect("the quoted program in the command");
    let profile = w.sandbox.path().join("payments.gomirror.toml");
    std::fs::write(
        &profile,
        "version = 1\n\n[team]\nname = \"Payments\"\n\n[settings]\nGOPRIVATE = \"git.corp.example\"\n",
    )
    .expect("profile");
    let rt = super::netlab::lab_runtime();
    let lab = super::netlab::LabMirror::start(&rt, super::netlab::Behaviour::default(), None);
    let catalog = super::netlab::lab_catalog(w.sandbox.path(), &[("lab", &lab.url)]);
    let (_xvfb, display) = xvfb();
    let ready = w.sandbox.path().join("ready");
    let mut env = w.base_env();
    env.insert("DISPLAY".into(), display);
    env.insert("GOMIRROR_READY_FILE".into(), win(&ready));
    env.insert("GOMIRROR_CATALOG".into(), win(&catalog));
    env.insert("GOMIRROR_LANG".into(), "en".into());
    env.insert(
        "GOMIRROR_DATA_DIR".into(),
        win(&w.sandbox.path().join("data")),
    );
    let mut app = w.spawn(Path::new(exe), &[&win(&profile)], &env);
    let started = std::time::Instant::now();
    while !ready.exists() && started.elapsed() < std::time::Duration::from_secs(90) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = app.kill();
    let _ = app.wait();
    let said = std::fs::read_to_string(&ready).unwrap_or_default();
    assert_eq!(
        said.trim(),
        "ready Profile",
        "the window did not settle on the Team panel"
    );
}

/// An X server of its own for the window.
fn xvfb() -> (Xvfb, String) {
    for n in 0..50 {
        let n = 300 + (std::process::id() + n * 7) % 600;
        if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
            continue;
        }
        let child = Xvfb(
            std::process::Command::new("/usr/bin/Xvfb")
                .args([
                    format!(":{n}"),
                    "-screen".into(),
                    "0".into(),
                    "1280x800x24".into(),
                    "-nolisten".into(),
                    "tcp".into(),
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("Xvfb (scripts/install-tools.sh installs it)"),
        );
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(10) {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                return (child, format!(":{n}"));
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
    panic!("Xvfb did not start");
}

struct Xvfb(std::process::Child);

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
