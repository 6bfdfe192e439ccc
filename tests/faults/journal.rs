//! All or nothing, even when killed: gomirror killed at each of its file replacements in turn
//! (strace injects SIGKILL at the exact `renameat` call, before it happens, and at each
//! `renameat2`, the exchange that puts a checked file in place), and the next run
//! finishes or rolls back what was interrupted from the intent recorded before the first file.
//! Also the `go env -w` child dying with gomirror, a history that cannot be saved, a refused
//! write leaving no backup, a legacy backup, and exit 3 only for a file verified intact.

use super::*;

/// The two ways gomirror replaces a file: `renameat` (history, backups, undo) and `renameat2`
/// (the exchange of a checked write). strace counts each separately.
const RENAMES: [&str; 2] = ["renameat", "renameat2"];

/// Runs gomirror (and its children) under strace with `inject` applied to its `which`-th
/// `call`, e.g. `signal=KILL` or `error=ENOSPC`.
fn under_strace(
    s: &Sandbox,
    args: &[&str],
    (call, which): (&str, usize),
    inject: &str,
    go_bin: Option<&Path>,
) -> common::Output {
    let strace = Path::new("/usr/bin/strace");
    assert!(
        strace.exists(),
        "the fault tests need strace (scripts/install-tools.sh installs it)"
    );
    let trace = format!("trace={call}");
    let inject = format!("inject={call}:{inject}:when={which}");
    let mut full = vec![
        "-f",
        "-o",
        "/dev/null",
        "-e",
        &trace,
        "-e",
        &inject,
        env!("CARGO_BIN_EXE_gomirror"),
    ];
    full.extend(args);
    let mut env = s.env();
    env.insert(
        "GOMIRROR_GO".into(),
        go_bin.map_or("/nonexistent/go".into(), |g| g.display().to_string()),
    );
    common::run(strace, &full, &env, s.path())
}

/// Runs gomirror under strace, killed (SIGKILL) on entering its `which`-th `call` (one of
/// [`RENAMES`]). Returns None when the command finished before that call (it was not killed).
fn killed_at_rename(
    s: &Sandbox,
    args: &[&str],
    at: (&str, usize),
    go_bin: Option<&Path>,
) -> Option<common::Output> {
    let out = under_strace(s, args, at, "signal=KILL", go_bin);
    // strace ends with the traced program's fate: killed by the same signal (no exit code).
    (out.code == -1 || out.code == 137).then_some(out)
}

fn nothing_to_undo(stderr: &str) -> bool {
    stderr.contains("nothing to undo") || stderr.contains("nothing else to undo")
}

fn history(s: &Sandbox) -> Vec<serde_json::Value> {
    let out = gomirror_ok(&["history", "--json"], &s.env(), None, s.path());
    serde_json::from_str::<Vec<serde_json::Value>>(&out.stdout).expect("history json")
}

/// An undo killed at every moment it replaces a file (the intent, the env file, the history):
/// the next runs finish it, and undo after undo walks back to the original file byte for
/// byte; no undo is ever refused with "changed by someone else".
#[test]
fn an_undo_killed_at_any_of_its_writes_is_finished_and_never_blocks_the_next() {
    let (mut killed_rounds, mut undos_after) = (0, 0);
    let points = RENAMES.iter().flat_map(|c| (1..=6).map(move |w| (*c, w)));
    let mut finished_before: Option<&str> = None;
    for (call, which) in points {
        if finished_before == Some(call) {
            continue;
        }
        let s = Sandbox::new();
        let mut states = vec!["GOPRIVATE=a.example\n".to_string()];
        write(&s.env_file(), states[0].as_bytes());
        for pair in [
            "GOSUMDB=sum.golang.google.cn",
            "GOPROXY=https://one.example.com,direct",
        ] {
            gomirror_ok(&["set", "--via", "file", pair], &s.env(), None, s.path());
            states.push(std::fs::read_to_string(s.env_file()).expect("env"));
        }
        assert!(states[2].contains("GOSUMDB") && states[2].contains("GOPROXY"));
        if killed_at_rename(&s, &["undo"], (call, which), None).is_none() {
            finished_before = Some(call);
            continue;
        }
        killed_rounds += 1;
        // Undo until nothing is left: each step lands where the history says it is.
        for _ in 0..3 {
            let out = gomirror(&["undo"], &s.env(), None, s.path());
            undos_after += 1;
            let undone = history(&s).iter().filter(|e| e["undone"] == true).count();
            let now = std::fs::read_to_string(s.env_file()).expect("env");
            assert_eq!(
                now,
                states[2 - undone],
                "kill at {call} {which}: {undone} undone, file does not match ({})",
                out.stderr
            );
            assert!(
                !out.stderr.contains("changed by someone else"),
                "kill at {call} {which}: {}",
                out.stderr
            );
            if out.code == 1 {
                assert!(nothing_to_undo(&out.stderr), "{}", out.stderr);
                break;
            }
            assert_eq!(out.code, 0, "kill at {call} {which}: {}", out.stderr);
        }
        assert_eq!(
            std::fs::read_to_string(s.env_file()).expect("env"),
            states[0],
            "kill at {call} {which}"
        );
    }
    assert!(killed_rounds >= 3, "only {killed_rounds} kill points");
    figure(
        "undo_kills",
        serde_json::json!({"kill_points": killed_rounds, "undos_after": undos_after}),
    );
}

/// An undo that cannot record its intent (its first rename fails, as in a read-only or full
/// data directory) touches nothing and exits 3 with the file verified as it was; the next
/// undo works.
#[test]
fn an_undo_that_cannot_record_its_intent_touches_nothing() {
    let s = Sandbox::new();
    write(&s.env_file(), b"GOPRIVATE=a.example\n");
    gomirror_ok(
        &["set", "--via", "file", "GOSUMDB=sum.golang.google.cn"],
        &s.env(),
        None,
        s.path(),
    );
    let after = std::fs::read(s.env_file()).expect("env");
    let out = with_failing_rename(&s, &["undo"], 1, "EACCES");
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(std::fs::read(s.env_file()).expect("env"), after);
    gomirror_ok(&["undo"], &s.env(), None, s.path());
    assert_eq!(
        std::fs::read_to_string(s.env_file()).expect("env"),
        "GOPRIVATE=a.example\n"
    );
}

/// Runs gomirror with its `which`-th `renameat` failing with `errno` (a full or read-only
/// disk at that exact moment; root ignores permissions, so a chmod cannot show it).
fn with_failing_rename(s: &Sandbox, args: &[&str], which: usize, errno: &str) -> common::Output {
    under_strace(
        s,
        args,
        ("renameat", which),
        &format!("error={errno}"),
        None,
    )
}

/// `project set` writes `.envrc` and `.vscode/settings.json`; killed at each replacement, the
/// next run rolls a half-written apply back (or keeps a whole one, which undo reverts): the
/// files end byte for byte as they were, never one new and one old.
#[test]
fn a_project_set_killed_between_its_files_is_rolled_back_all_or_nothing() {
    let envrc = "# keep\nexport FOO=1\n";
    let settings = "{\n  // keep\n  \"editor.tabSize\": 2,\n}\n";
    let (mut killed_rounds, mut rolled_back) = (0, 0);
    let points = RENAMES.iter().flat_map(|c| (1..=8).map(move |w| (*c, w)));
    let mut finished_before: Option<&str> = None;
    for (call, which) in points {
        if finished_before == Some(call) {
            continue;
        }
        let s = Sandbox::new();
        let p = s.path().join("p");
        write(&p.join(".envrc"), envrc.as_bytes());
        write(&p.join(".vscode/settings.json"), settings.as_bytes());
        let dir = p.display().to_string();
        let args = [
            "project",
            "set",
            "GOPROXY=https://p.example.com,direct",
            "--dir",
            &dir,
        ];
        let Some(_) = killed_at_rename(&s, &args, (call, which), Some(&go("1.27"))) else {
            finished_before = Some(call);
            continue;
        };
        killed_rounds += 1;
        let now = (
            std::fs::read_to_string(p.join(".envrc")).expect("envrc"),
            std::fs::read_to_string(p.join(".vscode/settings.json")).expect("settings"),
        );
        let new = (now.0 != envrc, now.1 != settings);
        let out = gomirror(&["undo"], &s.env(), Some(&go("1.27")), s.path());
        if new.0 != new.1 {
            // Half-written: the next run rolled it back, and said so.
            rolled_back += 1;
            assert!(
                out.stdout.contains("rolled back") || out.stderr.contains("rolled back"),
                "kill at {call} {which}: {}{}",
                out.stdout,
                out.stderr
            );
        }
        assert!(
            out.code == 0 || nothing_to_undo(&out.stderr),
            "kill at {call} {which}: exit {}: {}",
            out.code,
            out.stderr
        );
        assert_eq!(
            std::fs::read_to_string(p.join(".envrc")).expect("envrc"),
            envrc,
            "kill at {call} {which}"
        );
        assert_eq!(
            std::fs::read_to_string(p.join(".vscode/settings.json")).expect("settings"),
            settings,
            "kill at {call} {which}"
        );
        // A rolled-back apply keeps no backups.
        let left = history(&s).iter().filter(|e| e["undone"] != true).count();
        assert_eq!(left, 0, "kill at {call} {which}");
    }
    assert!(
        rolled_back >= 1,
        "no kill fell between the two files ({killed_rounds} kill points)"
    );
    figure(
        "project_kills",
        serde_json::json!({"kill_points": killed_rounds, "rolled_back": rolled_back}),
    );
}

/// A `go env -w` child that is still running when gomirror is killed dies with it and never
/// writes; the next run drops the pending step (the file is as before).
#[test]
fn the_go_child_dies_with_gomirror_and_never_writes_afterwards() {
    // CI: one kill; the full loop kills at offsets spread over the child's wait.
    let tries = rounds(1);
    let mut rng = StdRng::seed_from_u64(0x5eed_c41d);
    for _ in 0..tries {
        let s = Sandbox::new();
        write(&s.env_file(), b"GOPRIVATE=a.example\n");
        let slow = wrapped_go(&s, "slowgo", "sleep 2");
        let mut env = s.env();
        env.insert("GOMIRROR_GO".into(), slow.display().to_string());
        let mut child = Command::new(env!("CARGO_BIN_EXE_gomirror"))
            .args(["set", "GOPROXY=https://one.example.com,direct"])
            .env_clear()
            .envs(&env)
            .current_dir(s.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("gomirror");
        // Until the child is waiting in its `go env -w` (the pending step is saved first).
        let history_file = s.path().join("data/history.json");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !std::fs::read_to_string(&history_file)
            .unwrap_or_default()
            .contains("\"pending\": true")
        {
            assert!(std::time::Instant::now() < deadline, "no pending step");
            std::thread::sleep(Duration::from_millis(10));
        }
        let offset = if tries == 1 {
            300
        } else {
            rng.random_range(0..1800)
        };
        std::thread::sleep(Duration::from_millis(offset));
        child.kill().expect("kill -9");
        let _ = child.wait();
        // Longer than the child's sleep: an orphan would have written by now.
        std::thread::sleep(Duration::from_millis(2600 - offset.min(600)));
        assert_eq!(
            std::fs::read_to_string(s.env_file()).expect("env"),
            "GOPRIVATE=a.example\n",
            "killed {offset} ms into the wait: the orphaned go env -w wrote after gomirror died"
        );
        let out = gomirror(&["undo"], &s.env(), Some(&go("1.27")), s.path());
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(nothing_to_undo(&out.stderr), "{}", out.stderr);
        assert!(backups(&s).is_empty(), "{:?}", backups(&s));
    }
    figure("children", serde_json::json!({"kills": tries}));
}

/// The last history save fails (strace makes its rename fail with ENOSPC): the write happened,
/// so `set` says written (exit 0) with a note, and undo still reverts it. The first history
/// save failing (before the write) is exit 3 with the file verified intact and no backup left.
#[test]
fn a_history_that_cannot_be_saved_never_turns_a_write_into_exit_3() {
    let run = |s: &Sandbox, which: usize| {
        with_failing_rename(
            s,
            &["set", "--via", "file", "GOSUMDB=sum.golang.google.cn"],
            which,
            "ENOSPC",
        )
    };
    // renameat: 1 the pending history, 2 the settled history (the env file is put in place
    // by an exchange, renameat2).
    let s = Sandbox::new();
    write(&s.env_file(), b"GOPRIVATE=a.example\n");
    let out = run(&s, 2);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("history could not be updated"),
        "{}",
        out.stdout
    );
    gomirror_ok(&["undo"], &s.env(), None, s.path());
    assert_eq!(
        std::fs::read_to_string(s.env_file()).expect("env"),
        "GOPRIVATE=a.example\n"
    );
    let s = Sandbox::new();
    write(&s.env_file(), b"GOPRIVATE=a.example\n");
    let out = run(&s, 1);
    assert_eq!(out.code, 3, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("verified:"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(s.env_file()).expect("env"),
        "GOPRIVATE=a.example\n"
    );
    assert!(backups(&s).is_empty(), "{:?}", backups(&s));
}

/// `go env -w` refuses (here a go command that fails without writing): nothing written, no
/// backup left behind.
#[test]
fn a_refused_go_env_w_leaves_no_backup() {
    let s = Sandbox::new();
    write(&s.env_file(), b"GOPRIVATE=a.example\n");
    let refusing = wrapped_go(&s, "refusinggo", "echo 'go: refused' >&2; exit 1");
    let out = gomirror(
        &["set", "GOPROXY=https://one.example.com,direct"],
        &s.env(),
        Some(&refusing),
        s.path(),
    );
    assert_eq!(out.code, 3, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("go: refused"), "{}", out.stderr);
    assert!(out.stderr.contains("verified:"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(s.env_file()).expect("env"),
        "GOPRIVATE=a.example\n"
    );
    assert!(backups(&s).is_empty(), "{:?}", backups(&s));
}

/// A history entry from before backups had checksums: its backup may be cut short, so undo
/// refuses to restore it blindly (exit 1) and says what to do.
#[test]
fn a_legacy_backup_without_a_checksum_is_never_restored_blindly() {
    let s = Sandbox::new();
    write(
        &s.env_file(),
        b"GOPRIVATE=a.example\nGOPROXY=https://x.example\n",
    );
    gomirror_ok(
        &["set", "--via", "file", "GOSUMDB=off"],
        &s.env(),
        None,
        s.path(),
    );
    // As an older gomirror wrote it: no checksum; and the backup cut short.
    let path = s.path().join("data/history.json");
    let mut h: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("history")).expect("json");
    h["entries"][0]
        .as_object_mut()
        .expect("entry")
        .remove("backup_sha256");
    std::fs::write(&path, h.to_string()).expect("history");
    let backup = backups(&s).pop().expect("backup");
    std::fs::write(&backup, b"GOPRIVATE=a.exa").expect("cut");
    let before = std::fs::read(s.env_file()).expect("env");
    let out = gomirror(&["undo"], &s.env(), None, s.path());
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("without a checksum"), "{}", out.stderr);
    assert!(out.stderr.contains("校验和"), "{}", out.stderr);
    assert_eq!(std::fs::read(s.env_file()).expect("env"), before);
}
