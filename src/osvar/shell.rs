//! Where a Unix login sets an environment variable: the shell start-up files (bash, zsh, sh),
//! fish's `config.fish` and universal variables, systemd's `environment.d`, PAM's files, and
//! the system-wide ones. Each line that sets a download variable is found with its file and
//! line number; unsetting it comments the line out (the rest of the file byte for byte).

use super::{Place, Scope};
use std::path::{Path, PathBuf};

/// How a file's lines set variables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Syntax {
    /// `export KEY=…`, `KEY=…; export KEY`, `declare -x KEY=…`, `typeset -x KEY=…`.
    Sh,
    /// `set -gx KEY …`, `set -Ux KEY …`, `set --export KEY …`.
    Fish,
    /// fish's own universal variables file: `SETUVAR --export KEY:value`.
    FishUniversal,
    /// `KEY=value` (environment.d, /etc/environment).
    Plain,
    /// `KEY DEFAULT=value` or `KEY=value` (~/.pam_environment).
    Pam,
}

/// The files a login reads, user ones first, in the order they are read.
fn files(home: &Path, config_home: &Path) -> Vec<(PathBuf, Syntax, Scope)> {
    let mut out: Vec<(PathBuf, Syntax, Scope)> = [
        ".profile",
        ".bash_profile",
        ".bash_login",
        ".bashrc",
        ".zshenv",
        ".zprofile",
        ".zshrc",
        ".zlogin",
    ]
    .iter()
    .map(|f| (home.join(f), Syntax::Sh, Scope::User))
    .collect();
    out.push((
        config_home.join("fish/config.fish"),
        Syntax::Fish,
        Scope::User,
    ));
    out.push((
        config_home.join("fish/fish_variables"),
        Syntax::FishUniversal,
        Scope::User,
    ));
    let mut confs: Vec<PathBuf> = std::fs::read_dir(config_home.join("environment.d"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "conf"))
        .collect();
    confs.sort();
    out.extend(confs.into_iter().map(|p| (p, Syntax::Plain, Scope::User)));
    out.push((home.join(".pam_environment"), Syntax::Pam, Scope::User));
    out.push((
        PathBuf::from("/etc/environment"),
        Syntax::Plain,
        Scope::System,
    ));
    out.push((PathBuf::from("/etc/profile"), Syntax::Sh, Scope::System));
    let mut profile_d: Vec<PathBuf> = std::fs::read_dir("/etc/profile.d")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sh"))
        .collect();
    profile_d.sort();
    out.extend(
        profile_d
            .into_iter()
            .map(|p| (p, Syntax::Sh, Scope::System)),
    );
    out
}

/// The variable a line sets, if it sets one of `keys`.
fn sets<'k>(line: &str, syntax: Syntax, keys: &[&'k str]) -> Option<&'k str> {
    let t = line.trim_start();
    if t.starts_with('#') {
        return None;
    }
    let name_then = |rest: &str, sep: char| -> Option<&'k str> {
        keys.iter()
            .copied()
            .find(|k| rest.strip_prefix(*k).is_some_and(|r| r.starts_with(sep)))
    };
    match syntax {
        Syntax::Sh => {
            let mut rest = t;
            for prefix in ["export ", "declare -x ", "typeset -x ", "readonly -x "] {
                if let Some(r) = rest.strip_prefix(prefix) {
                    rest = r.trim_start();
                    break;
                }
            }
            name_then(rest, '=')
        }
        Syntax::Plain => name_then(t, '='),
        Syntax::Pam => name_then(t, ' ')
            .or_else(|| name_then(t, '\t'))
            .or_else(|| name_then(t, '=')),
        Syntax::FishUniversal => t
            .strip_prefix("SETUVAR --export ")
            .and_then(|r| name_then(r.trim_start(), ':')),
        Syntax::Fish => {
            let words: Vec<&str> = t.split_whitespace().collect();
            if words.first() != Some(&"set") {
                return None;
            }
            let exported = words[1..]
                .iter()
                .take_while(|w| w.starts_with('-'))
                .any(|w| *w == "--export" || (!w.starts_with("--") && w.contains('x')));
            let name = words[1..].iter().find(|w| !w.starts_with('-'))?;
            if !exported {
                return None;
            }
            keys.iter().copied().find(|k| k == name)
        }
    }
}

/// Every line of the login files that sets one of `keys`.
pub fn find(home: &Path, config_home: &Path, keys: &[&str]) -> Vec<Place> {
    let mut out = Vec::new();
    for (file, syntax, scope) in files(home, config_home) {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if let Some(key) = sets(line, syntax, keys) {
                out.push(Place {
                    key: key.to_string(),
                    scope,
                    location: super::Location::Line {
                        file: file.clone(),
                        line: i + 1,
                        text: line.to_string(),
                    },
                });
            }
        }
    }
    out
}

/// The file with line `line` (1-based) commented out, every other byte kept (line endings too).
pub fn comment_out(text: &str, line: usize) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 32);
    let mut found = false;
    for (i, piece) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let indent = piece.len() - piece.trim_start().len();
            out.push_str(&piece[..indent]);
            out.push_str("# (gomirror os-var unset) ");
            out.push_str(&piece[indent..]);
            found = true;
        } else {
            out.push_str(piece);
        }
    }
    found.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["GOPROXY", "GOSUMDB"];

    #[test]
    fn each_syntax_finds_the_lines_that_set_a_key() {
        for (line, syntax, want) in [
            (
                "export GOPROXY=https://goproxy.cn,direct",
                Syntax::Sh,
                Some("GOPROXY"),
            ),
            ("  export GOPROXY='x'", Syntax::Sh, Some("GOPROXY")),
            ("GOPROXY=x; export GOPROXY", Syntax::Sh, Some("GOPROXY")),
            ("declare -x GOSUMDB=off", Syntax::Sh, Some("GOSUMDB")),
            ("# export GOPROXY=x", Syntax::Sh, None),
            ("export GOPROXYX=x", Syntax::Sh, None),
            ("echo GOPROXY=x", Syntax::Sh, None),
            (
                "set -gx GOPROXY https://goproxy.cn",
                Syntax::Fish,
                Some("GOPROXY"),
            ),
            ("set -Ux GOSUMDB off", Syntax::Fish, Some("GOSUMDB")),
            ("set --export GOPROXY x", Syntax::Fish, Some("GOPROXY")),
            ("set -g GOPROXY x", Syntax::Fish, None),
            (
                "SETUVAR --export GOPROXY:https\\x3a//goproxy.cn",
                Syntax::FishUniversal,
                Some("GOPROXY"),
            ),
            ("SETUVAR GOPROXY:x", Syntax::FishUniversal, None),
            ("GOPROXY=https://goproxy.cn", Syntax::Plain, Some("GOPROXY")),
            (
                "GOPROXY DEFAULT=https://goproxy.cn",
                Syntax::Pam,
                Some("GOPROXY"),
            ),
        ] {
            assert_eq!(sets(line, syntax, KEYS), want, "{line}");
        }
    }

    #[test]
    fn commenting_out_keeps_every_other_byte() {
        let text = "a=1\r\n  export GOPROXY=x\r\nb=2";
        assert_eq!(
            comment_out(text, 2).as_deref(),
            Some("a=1\r\n  # (gomirror os-var unset) export GOPROXY=x\r\nb=2")
        );
        assert_eq!(comment_out(text, 4), None);
    }
}
