//! Projects, end to end with real parts: the real direnv and go command read what
//! `gomirror project set` wrote into `.envrc`; real shells keep quoted values literal; GoLand's
//! workspace.xml keeps every other component; bad input is refused with nothing written; all
//! files or none; one undo restores every file byte for byte. (VS Code's parser as the oracle
//! is in tests/project_vscode.rs; git access in tests/project_git.rs.)

mod direnv_eval;
mod envrc;
mod goland;
mod safety;

#[path = "../common/mod.rs"]
mod common;

use common::{Sandbox, go, gomirror, run};
use std::path::{Path, PathBuf};

const WORKSPACE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="AutoImportSettings">
    <option name="autoReloadType" value="ALL" />
  </component>
  <component name="ChangeListManager">
    <list default="true" id="5d1c" name="Changes" comment="" />
    <option name="SHOW_DIALOG" value="false" />
  </component>
  <component name="GOROOT" url="file:///usr/local/go" />
  <component name="VgoProject">
    <environment>
      <map>
        <entry key="GOPROXY" value="https://goproxy.io,direct" />
        <entry key="GOFLAGS" value="-mod=readonly" />
      </map>
    </environment>
    <integration-enabled>true</integration-enabled>
    <settings-migrated>true</settings-migrated>
  </component>
  <component name="com.intellij.coverage.CoverageDataManagerImpl">
    <SUITE FILE_PATH="coverage/app.out" NAME="app" />
  </component>
</project>
"#;

const SETTINGS: &str = "{\n    // Team editor settings: keep\n    \"editor.formatOnSave\": true,\n    \"go.lintTool\": \"golangci-lint\", /* inline */\n}\n";

/// A project with go.mod, a git remote, VS Code settings and a GoLand workspace.
fn fixture(s: &Sandbox) -> PathBuf {
    let dir = s.path().join("app");
    std::fs::create_dir_all(dir.join(".git")).expect("git dir");
    std::fs::write(
        dir.join(".git/config"),
        "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = git@git.corp.example:team/app.git\n",
    )
    .expect("git config");
    std::fs::write(
        dir.join("go.mod"),
        "module git.corp.example/team/app\n\ngo 1.22\n\ntoolchain go1.23.4\n\nrequire (\n\tgit.corp.example/team/lib v1.2.0\n\tgolang.org/x/text v0.14.0 // indirect\n)\n",
    )
    .expect("go.mod");
    std::fs::create_dir_all(dir.join(".vscode")).expect("vscode");
    std::fs::write(dir.join(".vscode/settings.json"), SETTINGS).expect("settings");
    std::fs::create_dir_all(dir.join(".idea")).expect("idea");
    std::fs::write(dir.join(".idea/workspace.xml"), WORKSPACE).expect("workspace");
    dir
}

/// The sandbox environment with the real go command on PATH (as `go`) and direnv.
fn env_with_go(s: &Sandbox) -> gomirror::goenv::location::EnvMap {
    let bin = s.path().join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    let link = bin.join("go");
    if !link.exists() {
        std::os::unix::fs::symlink(go("1.27"), &link).expect("link go");
    }
    let mut env = s.env();
    env.insert("PATH".into(), format!("{}:/usr/bin:/bin", bin.display()));
    env.insert("GOTOOLCHAIN".into(), "local".into());
    env
}

fn direnv() -> PathBuf {
    let p = PathBuf::from("/usr/bin/direnv");
    assert!(
        p.exists(),
        "direnv is missing: run scripts/install-tools.sh"
    );
    p
}

fn read(p: &Path) -> Option<Vec<u8>> {
    std::fs::read(p).ok()
}

fn gm(args: &[&str], env: &gomirror::goenv::location::EnvMap, cwd: &Path) -> common::Output {
    gomirror(args, env, Some(&go("1.27")), cwd)
}

/// [`gm`], which must exit 0.
fn gm_ok(args: &[&str], env: &gomirror::goenv::location::EnvMap, cwd: &Path) -> common::Output {
    common::gomirror_ok(args, env, Some(&go("1.27")), cwd)
}
