//! Interrupted and concurrent writers: temporary files left behind, SIGKILL at random moments,
//! gomirror racing `go env -w`.

use super::*;

#[test]
fn stale_temporary_files_are_cleaned_and_fresh_ones_kept() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    write(&s.env_file(), b"GOPRIVATE=corp.com\n");
    let dir = s.env_file().parent().expect("dir").to_path_buf();
    let stale = dir.join(".gomirror-stale1");
    let fresh = dir.join(".gomirror-fresh1");
    std::fs::write(&stale, "x").expect("stale");
    std::fs::write(&fresh, "x").expect("fresh");
    let out = Command::new("touch")
        .args(["-d", "2 hours ago"])
        .arg(&stale)
        .status()
        .expect("touch");
    assert!(out.success());
    gomirror_ok(
        &["set", "GOSUMDB=sum.golang.google.cn", "--via", "file"],
        &env,
        Some(&go_bin),
        s.path(),
    );
    assert!(
        !stale.exists(),
        "a temporary file a killed run left is removed"
    );
    assert!(fresh.exists(), "one a running gomirror may own is kept");
}

/// gomirror killed at random moments of `set` (through the file and through `go env -w`) and
/// `undo`: the env file is always the complete old or the complete new content, backups are
/// intact, the history readable, and a changed file always has its undo step. The figures
/// count what was seen (broken files, settings lost), written before the verdict.
#[test]
fn sigkill_at_random_moments_never_leaves_a_broken_file() {
    let n = rounds(30);
    let mut rng = StdRng::seed_from_u64(0x5eed_0001);
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let env = s.env();
    let old = many_keys(32);
    write(&s.env_file(), old.as_bytes());
    let new_set = format!("{old}GOSUMDB=off\n");
    let mut states = std::collections::BTreeMap::new();
    let (mut broken, mut lost_settings, mut first_broken) = (0, 0, None::<String>);
    for round in 0..n {
        let current = std::fs::read_to_string(s.env_file()).expect("env");
        let via = if round % 2 == 0 { "file" } else { "go" };
        let args: &[&str] = if current.contains("GOSUMDB") {
            &["undo"]
        } else {
            &["set", "GOSUMDB=off", "--via", via]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_gomirror"))
            .args(args)
            .env_clear()
            .envs(&env)
            .env("GOMIRROR_GO", &go_bin)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        // gomirror runs for about 80 ms (two settling reads included): kill anywhere in it.
        std::thread::sleep(Duration::from_micros(rng.random_range(0..120_000)));
        let _ = child.kill();
        let _ = child.wait();
        // The go command writes a private copy that replaces the file in one rename, and it
        // dies with gomirror: the file is whole right after the kill, before any next run.
        let now = std::fs::read_to_string(s.env_file()).unwrap_or_default();
        if now != old && now != new_set {
            broken += 1;
            lost_settings += keys_in(old.as_bytes())
                .iter()
                .filter(|k| !keys_in(now.as_bytes()).contains(k))
                .count();
            first_broken.get_or_insert(format!("round {round}: a broken env file:\n{now}"));
            write(&s.env_file(), old.as_bytes());
            continue;
        }
        *states
            .entry(if now == old { "old" } else { "new" })
            .or_insert(0) += 1;
        if now == new_set {
            // A go child may still be finishing: the undo step must be there once it has.
            let out = gomirror(&["history", "--json"], &env, Some(&go_bin), s.path());
            let entries: serde_json::Value =
                serde_json::from_str(&out.stdout).unwrap_or(serde_json::Value::Null);
            let active = entries
                .as_array()
                .or_else(|| entries["entries"].as_array())
                .is_some_and(|a| a.iter().any(|e| e["undone"] == false));
            assert!(
                active,
                "round {round}: the new file has no undo step: {}",
                out.stdout
            );
        }
        let history = s.path().join("data/history.json");
        if history.exists() {
            let text = std::fs::read(&history).expect("history");
            assert!(
                serde_json::from_slice::<serde_json::Value>(&text).is_ok(),
                "round {round}: history unreadable"
            );
        }
        for b in backups(&s) {
            let data = std::fs::read_to_string(&b).expect("backup");
            assert!(
                data == old || data == new_set,
                "round {round}: backup {}",
                b.display()
            );
        }
    }
    figure(
        "sigkill",
        serde_json::json!({"rounds": n, "broken_files": broken,
            "settings_lost": lost_settings, "states": states}),
    );
    assert_eq!(broken, 0, "{}", first_broken.unwrap_or_default());
}

/// How many other `go env -w` race each writer, and what each writes (go env -w takes only
/// the go command's own variables). One: more make the others lose each other's settings
/// (and tear the file for one another), which says nothing about ours.
const OTHERS: usize = 1;
const OTHER_SETTINGS: [&str; OTHERS] = ["GOINSECURE=other.example"];

/// A go command that marks the moment it starts `go env -w` (a file named by
/// `GOMIRROR_TEST_MARK`), then runs the real one: the other writer is started a swept offset
/// after that mark, so the two `go env -w` really overlap.
fn marking_go(s: &Sandbox) -> PathBuf {
    wrapped_go(
        s,
        "markinggo",
        "if [ -n \"$GOMIRROR_TEST_MARK\" ]; then : > \"$GOMIRROR_TEST_MARK\"; fi",
    )
}

/// `gomirror set` racing `go env -w` of another key. The other writer starts a swept offset
/// (0 to 400 us, 20 us apart) after the moment our side starts its `go env -w` (for `--via file`,
/// random offsets over the whole run), so collisions happen. The control, `go env -w` racing
/// itself the same way, must lose updates in the same run, or the run proved nothing and
/// fails. Through gomirror nothing is lost: the 32 settings that were there, its own key and
/// the other writer's (before the exchange in src/apply/replace.rs, 1 to 2 of 200 rounds lost
/// a key through `--via go`).
#[test]
fn set_racing_go_env_w_loses_nothing_through_gomirror() {
    // At least this many rounds each; the control runs on (at most 15 times as long) until it
    // has lost an update, and gomirror then runs as many rounds as the control needed.
    let mut n = rounds(20);
    let mut rng = StdRng::seed_from_u64(0x5eed_0002);
    let go_bin = go("1.27");
    let mut figures = serde_json::Map::new();
    for contender in ["go-env-w", "gomirror-go", "gomirror-file"] {
        let (mut lost_rounds, mut lost_own, mut lost_other, mut written) = (0, 0, 0, 0);
        let (mut silent_other, mut repaired, mut said) = (0, 0, 0);
        let limit = if contender == "go-env-w" { n * 15 } else { n };
        let mut round = 0;
        while round < limit {
            if contender == "go-env-w" && round >= n && lost_other + lost_own > 0 {
                break;
            }
            round += 1;
            let s = Sandbox::new();
            let mark = s.path().join("mark");
            let marking = marking_go(&s);
            let mut env = s.env();
            env.insert("GOMIRROR_TEST_MARK".into(), mark.display().to_string());
            let old = many_keys(32);
            write(&s.env_file(), old.as_bytes());
            let aligned = contender != "gomirror-file";
            // Swept through the collision window: 0..400 us after the mark, 20 us apart (both
            // go commands then start alike, and read and write within that of each other).
            let offset = if aligned {
                Duration::from_micros(((round % 20) * 20) as u64)
            } else {
                Duration::from_micros(rng.random_range(0..40_000))
            };
            // The other writer, of its own key, started around that moment.
            let others: Vec<_> = (0..OTHERS)
                .map(|k| {
                    let (go_bin, mut env, dir, mark) = (
                        go_bin.clone(),
                        env.clone(),
                        s.path().to_path_buf(),
                        mark.clone(),
                    );
                    env.remove("GOMIRROR_TEST_MARK");
                    let offset = offset + Duration::from_micros(rng.random_range(0..20));
                    std::thread::spawn(move || {
                        if aligned {
                            let deadline = std::time::Instant::now() + Duration::from_secs(10);
                            while !mark.exists() && std::time::Instant::now() < deadline {
                                std::thread::sleep(Duration::from_micros(50));
                            }
                        }
                        std::thread::sleep(offset);
                        run_go(&go_bin, &["env", "-w", OTHER_SETTINGS[k]], &env, &dir)
                    })
                })
                .collect();
            let out = match contender {
                "go-env-w" => run_go(
                    &marking,
                    &["env", "-w", "GOPRIVATE=own.example"],
                    &env,
                    s.path(),
                ),
                via => gomirror(
                    &[
                        "set",
                        "GOPRIVATE=own.example",
                        "--via",
                        via.trim_start_matches("gomirror-"),
                    ],
                    &env,
                    Some(&marking),
                    s.path(),
                ),
            };
            let theirs: Vec<common::Output> = others
                .into_iter()
                .map(|t| t.join().expect("thread"))
                .collect();
            let keys = keys_in(&std::fs::read(s.env_file()).expect("env"));
            let lost = keys_in(old.as_bytes())
                .iter()
                .filter(|k| !keys.contains(k))
                .count();
            if lost > 0 {
                lost_rounds += 1;
            }
            if out.code == 0 {
                written += 1;
                if !keys.contains(&"GOPRIVATE".to_string()) {
                    lost_own += 1;
                }
            }
            for t in &theirs {
                assert_eq!(t.code, 0, "round {round}: go env -w failed: {}", t.stderr);
            }
            let told = out.stdout.contains("another program wrote");
            if told {
                said += 1;
            }
            if out.stdout.contains("were put back") {
                repaired += 1;
            }
            let missing = (0..OTHERS)
                .filter(|k| {
                    let key = OTHER_SETTINGS[*k].split('=').next().unwrap_or_default();
                    !keys.iter().any(|have| have == key)
                })
                .count();
            lost_other += missing;
            if missing > 0 && !told {
                silent_other += missing;
            }
            if contender != "go-env-w" {
                assert_eq!(lost, 0, "{contender} round {round}: lost {lost} settings");
                assert!(
                    out.code == 0 || out.code == 1,
                    "{contender} round {round}: exit {}: {}",
                    out.code,
                    out.stderr
                );
            }
        }
        let n_here = round;
        if contender == "go-env-w" {
            n = n.max(n_here);
        }
        // Most rounds write (a refusal after three changed reads is allowed, never a loss).
        assert!(
            written * 2 > n_here,
            "{contender}: only {written} of {n_here} rounds wrote"
        );
        figures.insert(
            contender.into(),
            serde_json::json!({"rounds": n_here, "written": written,
                "rounds_with_settings_lost": lost_rounds,
                "own_key_lost": lost_own, "other_key_lost": lost_other,
                "other_key_lost_silently": silent_other,
                "collisions_repaired": repaired, "collisions_reported": said}),
        );
        figure("race", serde_json::Value::Object(figures.clone()));
        if contender == "go-env-w" {
            assert!(
                lost_other + lost_own > 0,
                "the control (go env -w racing itself) lost nothing in {n_here} rounds: the offsets never made the writers collide, so this run proved nothing"
            );
        }
        // gomirror loses nothing at all: not the settings that were there (asserted above),
        // not the other writer's key, not its own. The file and the copy trade places in one
        // exchange and the replaced file is watched for a writer that had it open
        // (src/apply/replace.rs); the control beside it shows the collisions happened.
        if contender != "go-env-w" {
            assert_eq!(
                (lost_own, lost_other),
                (0, 0),
                "{contender} lost its own key {lost_own} times and the other writer's {lost_other} times in {n_here} rounds"
            );
        }
    }
}
