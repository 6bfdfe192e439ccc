//! Double-click on a team profile, checked without Windows or a desktop: the MSI built from
//! `wix/main.wxs` by Debian's wixl, read back with msitools, registers the verb that opens a
//! `.toml` profile in gomirror (in "Open with", never as the default for every .toml); on
//! Linux, in a throwaway HOME, the shared-mime-info type `*.gomirror.toml` and the desktop
//! entry make `xdg-mime query default` name the app.

use std::path::Path;
use std::process::Command;

fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?} (installed by scripts/install-tools.sh): {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_msi_registers_the_open_verb_for_profiles() {
    // wixl wants paths relative to the working directory (the package root here).
    let dir = format!("target/msi-test-{}", std::process::id());
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(format!("{dir}/gomirror.exe"), b"MZ placeholder").expect("exe");
    let msi = format!("{dir}/gomirror.msi");
    run(Command::new("wixl").args([
        "-a",
        "x64",
        "-D",
        "Version=0.1.0",
        "-D",
        &format!("ExePath={dir}/gomirror.exe"),
        "-o",
        &msi,
        "wix/main.wxs",
    ]));
    let registry = run(Command::new("msiinfo").args(["export", &msi, "Registry"]));
    let rows: Vec<Vec<&str>> = registry.lines().map(|l| l.split('\t').collect()).collect();
    let row = |key: &str| {
        rows.iter()
            .find(|r| r.get(2) == Some(&key))
            .unwrap_or_else(|| panic!("no {key} in\n{registry}"))
    };
    // The extension: gomirror in .toml's "Open with" list, not its default handler.
    let ext = row(r".toml\OpenWithProgids");
    assert_eq!(ext[1], "0", "HKEY_CLASSES_ROOT");
    assert_eq!(ext[3], "gomirror.TeamProfile");
    assert!(
        !rows
            .iter()
            .any(|r| r.get(2) == Some(&".toml") && r.get(3) == Some(&"")),
        "the default handler of .toml is left alone:\n{registry}"
    );
    // The verb: open runs gomirror with the file, which opens at the import preview.
    let verb = row(r"gomirror.TeamProfile\shell\open\command");
    assert_eq!(verb[4], r#""[#GomirrorExe]" "%1""#);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn xdg_mime_names_gomirror_for_team_profiles() {
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("share");
    let packages = data.join("mime/packages");
    let apps = data.join("applications");
    std::fs::create_dir_all(&packages).expect("mime");
    std::fs::create_dir_all(&apps).expect("apps");
    std::fs::copy(
        "assets/gomirror-profile.xml",
        packages.join("gomirror-profile.xml"),
    )
    .expect("mime xml");
    std::fs::copy("assets/gomirror.desktop", apps.join("gomirror.desktop")).expect("desktop");
    run(Command::new("update-mime-database").arg(data.join("mime")));
    let globs = std::fs::read_to_string(data.join("mime/globs2")).expect("globs2");
    assert!(
        globs.contains("application/x-gomirror-profile:*.gomirror.toml"),
        "{globs}"
    );
    let env = |c: &mut Command| {
        c.env_clear()
            .env("HOME", home.path())
            .env("PATH", "/usr/bin:/bin")
            .env("XDG_DATA_HOME", &data)
            .env("XDG_DATA_DIRS", format!("{}:/usr/share", data.display()))
            .env("XDG_CONFIG_HOME", home.path().join("config"));
    };
    let mut q = Command::new("xdg-mime");
    q.args(["query", "default", "application/x-gomirror-profile"]);
    env(&mut q);
    assert_eq!(run(&mut q).trim(), "gomirror.desktop");
    let desktop = std::fs::read_to_string(Path::new("assets/gomirror.desktop")).expect("desktop");
    assert!(desktop.contains("Exec=gomirror %f"), "{desktop}");
    assert!(desktop.contains("MimeType=application/x-gomirror-profile;"));
}

#[test]
fn a_profile_path_alone_opens_the_window_at_its_preview() {
    use clap::Parser;
    let cli =
        gomirror::cli::Cli::try_parse_from(["gomirror", "team.gomirror.toml"]).expect("parse");
    assert!(cli.command.is_none());
    assert_eq!(
        cli.profile.as_deref(),
        Some(Path::new("team.gomirror.toml"))
    );
    // Subcommands keep working.
    let cli = gomirror::cli::Cli::try_parse_from(["gomirror", "env", "--json"]).expect("parse");
    assert!(cli.command.is_some() && cli.profile.is_none());
}
