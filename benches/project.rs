//! Opening a project, side by side in one run: a go.mod with 600 requires, a 2 MB
//! `.vscode/settings.json`, an `.envrc` and a GoLand workspace. Measured: the whole panel data
//! as the worker computes it (read every file, direnv status, the effective table per tool,
//! conflicts, suggestions), the same without the `direnv status` process, and reading
//! settings.json three ways: the app's (comments blanked, then serde_json skipping what it does
//! not need), jsonc-parser's value tree, and its syntax tree (which the app edits with).
//! Target: panel data ready in < 30 ms.
//!
//! `cargo bench --bench project` runs 30 rounds; under `cargo test` it runs 3 as a smoke test.

use gomirror::goenv::location::{TargetOs, process_env};
use gomirror::goenv::model::Layers;
use gomirror::project::job::ProjectSnapshot;
use gomirror::project::{Project, effective, vscode};
use std::time::Instant;

fn fixture(dir: &std::path::Path) {
    let mut gomod = String::from("module git.corp.example/team/big\n\ngo 1.22\n\nrequire (\n");
    for i in 0..600 {
        let host = if i % 5 == 0 {
            "git.corp.example/team"
        } else {
            "github.com/org"
        };
        let indirect = if i % 3 == 0 { " // indirect" } else { "" };
        gomod.push_str(&format!("\t{host}/mod{i} v1.{i}.0{indirect}\n"));
    }
    gomod.push_str(")\n");
    std::fs::write(dir.join("go.mod"), gomod).expect("go.mod");
    let mut settings = String::from(
        "{\n  // a large settings file\n  \"go.toolsEnvVars\": {\"GOFLAGS\": \"-mod=mod\"},\n",
    );
    let mut i = 0;
    while settings.len() < 2 * 1024 * 1024 {
        settings.push_str(&format!(
            "  \"ext{i}.option\": {{ \"list\": [1, 2, {{\"deep\": \"v{i}\"}}], \"on\": true }}, // c{i}\n"
        ));
        i += 1;
    }
    settings.push_str("}\n");
    std::fs::create_dir_all(dir.join(".vscode")).expect("vscode");
    std::fs::write(dir.join(".vscode/settings.json"), settings).expect("settings");
    std::fs::write(
        dir.join(".envrc"),
        "export GOPRIVATE='git.corp.example'\nexport GOSUMDB='sum.golang.google.cn'\n",
    )
    .expect("envrc");
    std::fs::create_dir_all(dir.join(".idea")).expect("idea");
    std::fs::write(
        dir.join(".idea/workspace.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project version=\"4\">\n  <component name=\"VgoProject\">\n    <environment>\n      <map>\n        <entry key=\"GOPROXY\" value=\"https://goproxy.io,direct\" />\n      </map>\n    </environment>\n  </component>\n</project>\n",
    )
    .expect("workspace");
    std::fs::create_dir_all(dir.join(".git")).expect("git");
    std::fs::write(
        dir.join(".git/config"),
        "[remote \"origin\"]\n\turl = git@git.corp.example:team/big.git\n",
    )
    .expect("git config");
}

fn stats(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let median = v[v.len() / 2];
    let p95 = v[((v.len() as f64 * 0.95) as usize).min(v.len() - 1)];
    (median, p95)
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64) {
    let mut v = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(f());
        v.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    stats(v)
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let runs = if full { 30 } else { 3 };
    let tmp = tempfile::tempdir().expect("tmp");
    fixture(tmp.path());
    let env = process_env();
    // The layers the app has at hand when a project opens (read once at start).
    let layers = Layers::read(env.clone(), TargetOs::current(), None);
    let settings = std::fs::read_to_string(tmp.path().join(".vscode/settings.json")).expect("read");

    let (panel, panel_p95) = time(runs, || {
        ProjectSnapshot::read(tmp.path(), &env, &layers).expect("read")
    });
    let (no_direnv, no_direnv_p95) = time(runs, || {
        let p = Project::read(tmp.path(), &env, false).expect("read");
        let table = effective::table(&p, &layers);
        (
            effective::conflicts(&p, &layers, &table),
            table,
            p.suggested_private(""),
        )
    });
    let (ours, _) = time(runs, || vscode::read(&settings).expect("read"));
    let (tree, _) = time(runs, || {
        jsonc_parser::parse_to_value(&settings, &Default::default())
            .expect("value")
            .is_some()
    });
    let (cst, _) = time(runs, || {
        jsonc_cst_read(&settings);
    });
    let snap = ProjectSnapshot::read(tmp.path(), &env, &layers).expect("read");
    assert_eq!(
        snap.project.gomod.as_ref().map(|m| m.requires.len()),
        Some(600)
    );
    assert_eq!(snap.suggested_private, ["git.corp.example"]);
    println!(
        "project open (600 requires, {:.1} MB settings.json), median / p95 of {runs}:",
        settings.len() as f64 / 1024.0 / 1024.0
    );
    println!("  panel data, with direnv status: {panel:.1} ms / {panel_p95:.1} ms");
    println!("  panel data, files only:         {no_direnv:.1} ms / {no_direnv_p95:.1} ms");
    println!(
        "  settings.json read: ours (comments blanked, serde_json) {ours:.1} ms; jsonc-parser value tree {tree:.1} ms (x{:.1}); its syntax tree {cst:.1} ms (x{:.1})",
        tree / ours,
        cst / ours
    );
    println!(
        "targets: panel data < 30 ms: {} (x{:.2} of the budget)",
        panel < 30.0,
        panel / 30.0
    );
    if full {
        assert!(panel < 30.0, "panel data took {panel:.1} ms");
    }
}

/// Reading through the editing parser's syntax tree, as a first version did.
fn jsonc_cst_read(text: &str) -> usize {
    let root = jsonc_parser::cst::CstRootNode::parse(text, &jsonc_parser::ParseOptions::default())
        .expect("cst");
    root.object_value()
        .map(|o| o.properties().len())
        .unwrap_or_default()
}
