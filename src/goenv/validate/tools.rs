//! Validators for GOAUTH, GOFLAGS, GOTOOLCHAIN, GOVCS and GOPATH lists, each a port of the
//! go command's own parser with its error texts.

use super::Problem;
use crate::goenv::gourl::go_quote;
use crate::tr;

/// GOAUTH (Go 1.24+), as `auth.runGoAuth` parses it.
pub fn check_goauth(value: &str) -> Vec<Problem> {
    let key = "GOAUTH";
    let mut problems = Vec::new();
    let commands: Vec<&str> = value.split(';').map(str::trim).collect();
    if commands.contains(&"off") && commands.len() > 1 {
        problems.push(
            Problem::error(
                key,
                Some(format!("go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH={value})")),
                tr!("'off' must stand alone: it turns every credential source off.", "'off' 必须单独使用：它会关闭所有凭据来源。"),
            )
            .with_suggestion("off"),
        );
        return problems;
    }
    if commands.iter().any(|c| c.is_empty()) {
        let fixed: Vec<&str> = commands.iter().copied().filter(|c| !c.is_empty()).collect();
        let mut p = Problem::error(
            key,
            Some(format!(
                "go: GOAUTH encountered an empty command (GOAUTH={value})"
            )),
            tr!(
                "GOAUTH has an empty entry (a stray ';').",
                "GOAUTH 中有空条目（多余的 ';'）。"
            ),
        );
        if !fixed.is_empty() {
            p = p.with_suggestion(fixed.join(";"));
        }
        problems.push(p);
        return problems;
    }
    for command in commands {
        let words: Vec<&str> = command.split_whitespace().collect();
        if words.first() == Some(&"git") {
            let base =
                "go: GOAUTH=git dir method requires an absolute path to the git working directory";
            let dir = words.get(1).copied();
            let problem = match dir {
                _ if words.len() != 2 => Some(base.to_string()),
                Some(d) if !std::path::Path::new(d).is_absolute() => {
                    Some(format!("{base}, dir is not absolute"))
                }
                Some(d) if !std::path::Path::new(d).is_dir() => {
                    Some(format!("{base}, dir is not a directory"))
                }
                _ => None,
            };
            if let Some(text) = problem {
                problems.push(Problem::error(
                    key,
                    Some(text),
                    tr!("'git DIR' needs exactly one absolute path to an existing git working directory.", "'git 目录' 需要恰好一个已存在的 git 工作目录的绝对路径。"),
                ));
            }
        }
    }
    problems
}

/// `quoted.Split` of cmd/internal/quoted.
pub fn quoted_split(s: &str) -> Result<Vec<String>, String> {
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let bytes = s.as_bytes();
    let mut fields = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if bytes[i] == b'"' || bytes[i] == b'\'' {
            let quote = bytes[i];
            let start = i + 1;
            let Some(len) = bytes[start..].iter().position(|&b| b == quote) else {
                return Err(format!("unterminated {} string", quote as char));
            };
            fields.push(s[start..start + len].to_string());
            i = start + len + 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !is_space(bytes[i]) {
            i += 1;
        }
        fields.push(s[start..i].to_string());
    }
    Ok(fields)
}

/// GOFLAGS: the syntax checks of `base.InitGOFLAGS`. Whether each flag exists is checked
/// against the real go command by `gocmd::check_goflags` when one is available.
pub fn check_goflags(value: &str) -> Vec<Problem> {
    check_goflags_as(value, true)
}

/// GOFLAGS as a given go command splits it: with quoting (Go 1.21+, `quoted.Split`) or into
/// plain fields (earlier releases, where a quote is just a character of a word).
pub fn check_goflags_as(value: &str, quoting: bool) -> Vec<Problem> {
    let key = "GOFLAGS";
    let split = if quoting {
        quoted_split(value)
    } else {
        Ok(value.split_whitespace().map(str::to_string).collect())
    };
    let words = match split {
        Ok(w) => w,
        Err(e) => {
            return vec![Problem::error(
                key,
                Some(format!("go: parsing $GOFLAGS: {e}")),
                tr!(
                    "A quote in GOFLAGS is not closed; every go command except 'go env' would fail.",
                    "GOFLAGS 中的引号没有闭合；除 'go env' 外的所有 go 命令都会失败。"
                ),
            )];
        }
    };
    let mut problems = Vec::new();
    for f in &words {
        let non_flag = !f.starts_with('-')
            || f == "-"
            || f == "--"
            || f.starts_with("---")
            || f.starts_with("-=")
            || f.starts_with("--=");
        if non_flag {
            problems.push(Problem::error(
                key,
                Some(format!("go: parsing $GOFLAGS: non-flag {}", go_quote(f))),
                tr!("Every word in GOFLAGS must be a flag such as -mod=mod; to give a flag a value write -flag=value, not -flag value.", "GOFLAGS 中的每个词都必须是参数，例如 -mod=mod；带值的参数请写成 -flag=value，而不是 “-flag value”。"),
            ));
            continue;
        }
        let name = f.trim_start_matches('-');
        let (name, flag_value) = name
            .split_once('=')
            .map_or((name, None), |(n, v)| (n, Some(v)));
        if name == "insecure" {
            problems.push(Problem::error(
                key,
                Some("go: -insecure flag is no longer supported; use GOINSECURE instead".into()),
                tr!(
                    "-insecure was removed in Go 1.17; list the hosts in GOINSECURE instead.",
                    "-insecure 已在 Go 1.17 中移除；请改为在 GOINSECURE 中列出主机。"
                ),
            ));
        }
        if name == "mod"
            && let Some(v) = flag_value
            && !matches!(v, "" | "mod" | "readonly" | "vendor")
        {
            problems.push(Problem::error(
                key,
                Some(format!(
                    "go: -mod={v} not supported (can be '', 'mod', 'readonly', or 'vendor')"
                )),
                tr!(
                    "-mod accepts mod, readonly or vendor.",
                    "-mod 只接受 mod、readonly 或 vendor。"
                ),
            ));
        }
    }
    if value.contains('\'') || value.contains('"') {
        problems.push(Problem::warning(
            key,
            tr!(
                "Go 1.19 and older split GOFLAGS at spaces only and do not understand quotes.",
                "Go 1.19 及更早版本只按空格拆分 GOFLAGS，不识别引号。"
            ),
        ));
    }
    problems
}

/// Go's `gover.IsValid` (internal/gover).
fn gover_is_valid(x: &str) -> bool {
    fn cut_int(x: &str) -> Option<(&str, &str)> {
        let n = x.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || (x.starts_with('0') && n != 1) {
            return None;
        }
        Some((&x[..n], &x[n..]))
    }
    let Some((_, rest)) = cut_int(x) else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    let Some(rest) = rest.strip_prefix('.') else {
        return false;
    };
    let Some((_, rest)) = cut_int(rest) else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    if let Some(patch) = rest.strip_prefix('.') {
        return matches!(cut_int(patch), Some((_, "")));
    }
    let kind = rest.bytes().take_while(|b| !b.is_ascii_digit()).count();
    if kind == 0 || !rest[..kind].bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let pre = &rest[kind..];
    pre.is_empty() || matches!(cut_int(pre), Some((_, "")))
}

/// Go's `gover.FromToolchain`: the version in a toolchain name, or None.
fn toolchain_version(name: &str) -> Option<&str> {
    if name.contains(['\\', '/']) {
        return None;
    }
    let v = name.strip_prefix("go")?;
    let v = v.split([' ', '\t', '-']).next().unwrap_or("");
    gover_is_valid(v).then_some(v)
}

/// GOTOOLCHAIN grammar of `toolchain.Select` (G2: an invalid value bricks every command).
pub fn check_gotoolchain(value: &str) -> Vec<Problem> {
    let key = "GOTOOLCHAIN";
    if matches!(value, "auto" | "path" | "local") {
        return Vec::new();
    }
    let (min, suffix) = match value.split_once('+') {
        Some((m, s)) => (m, Some(s)),
        None => (value, None),
    };
    let brick = tr!(
        "This GOTOOLCHAIN would make every go command fail at start-up (even 'go env -u'). Use auto, local, path, or a version such as go1.22.3 (optionally +auto or +path).",
        "这个 GOTOOLCHAIN 会让每个 go 命令启动即失败（连 'go env -u' 也不行）。请使用 auto、local、path，或 go1.22.3 这样的版本（可加 +auto 或 +path）。"
    );
    let quoted = go_quote(value);
    if min != "local" && toolchain_version(min).is_none() {
        let go_text = if suffix.is_some() {
            format!(
                "go: invalid GOTOOLCHAIN {quoted}: invalid minimum toolchain {}",
                go_quote(min)
            )
        } else {
            format!("go: invalid GOTOOLCHAIN {quoted}")
        };
        let mut p = Problem::error(key, Some(go_text), brick);
        if let Some(fixed) = value
            .strip_prefix("v")
            .or_else(|| value.strip_prefix("1.").map(|_| value))
            && toolchain_version(&format!("go{}", fixed.trim_start_matches("go"))).is_some()
        {
            p = p.with_suggestion(format!("go{}", fixed.trim_start_matches("go")));
        } else {
            p = p.with_suggestion("auto");
        }
        return vec![p];
    }
    if let Some(s) = suffix
        && s != "auto"
        && s != "path"
    {
        return vec![
            Problem::error(
                key,
                Some(format!(
                    "go: invalid GOTOOLCHAIN {quoted}: only version suffixes are +auto and +path"
                )),
                brick,
            )
            .with_suggestion(format!("{min}+auto")),
        ];
    }
    Vec::new()
}

/// GOVCS, as `vcs.parseGOVCS` parses it.
pub fn check_govcs(value: &str) -> Vec<Problem> {
    let key = "GOVCS";
    let message = tr!(
        "GOVCS is a comma list of pattern:vcs|vcs entries, e.g. private:all,public:git|hg; the go command would reject it at the next direct fetch.",
        "GOVCS 是以逗号分隔的 模式:vcs|vcs 列表，例如 private:all,public:git|hg；go 命令会在下次直接拉取时拒绝它。"
    );
    // The go command prints it after the module being fetched: "go: MODULE: <text>".
    let err = |text: String| vec![Problem::error(key, Some(text), message.clone())];
    let q = go_quote;
    let value = value.trim();
    if value.is_empty() {
        return Vec::new();
    }
    let mut seen: Vec<(String, String)> = Vec::new();
    for item in value.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return err("empty entry in GOVCS".into());
        }
        let Some((pattern, list)) = item.split_once(':') else {
            return err(format!(
                "malformed entry in GOVCS (missing colon): {}",
                q(item)
            ));
        };
        let (pattern, list) = (pattern.trim(), list.trim());
        if pattern.is_empty() {
            return err(format!("empty pattern in GOVCS: {}", q(item)));
        }
        if list.is_empty() {
            return err(format!("empty VCS list in GOVCS: {}", q(item)));
        }
        if pattern == "."
            || pattern == ".."
            || pattern.starts_with("./")
            || pattern.starts_with("../")
        {
            return err(format!(
                "relative pattern not allowed in GOVCS: {}",
                q(pattern)
            ));
        }
        if let Some((_, old)) = seen.iter().find(|(p, _)| p == pattern) {
            return err(format!(
                "unreachable pattern in GOVCS: {} after {}",
                q(item),
                q(old)
            ));
        }
        seen.push((pattern.to_string(), item.to_string()));
        if list.split('|').any(|a| a.trim().is_empty()) {
            return err(format!("empty VCS name in GOVCS: {}", q(item)));
        }
    }
    Vec::new()
}

/// Every element of a GOPATH list must be absolute and not start with `~` (G16: `go env -w`
/// checks only the whole string, and a bad element then bricks every command).
pub fn check_gopath_list(value: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let good: Vec<String> = std::env::split_paths(value)
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|e| !e.is_empty())
        .collect();
    for element in std::env::split_paths(value) {
        let element = element.to_string_lossy().into_owned();
        if element.is_empty() {
            continue;
        }
        let q = go_quote(&element);
        let go_text = if element.starts_with('~') {
            format!("go: GOPATH entry cannot start with shell metacharacter '~': {q}")
        } else if !std::path::Path::new(&element).is_absolute() {
            format!("go: GOPATH entry is relative; must be absolute path: {q}.")
        } else {
            continue;
        };
        let fixed: Vec<&String> = good
            .iter()
            .filter(|e| std::path::Path::new(e).is_absolute() && !e.starts_with('~'))
            .collect();
        let mut p = Problem::error(
            "GOPATH",
            Some(go_text),
            tr!(
                "GOPATH element {element:?} is not an absolute path; with it every go command fails before it starts.",
                "GOPATH 中的 “{element}” 不是绝对路径；有它在，所有 go 命令都会在启动时失败。"
            ),
        );
        if !fixed.is_empty() {
            let joined = std::env::join_paths(fixed.iter().map(|s| s.as_str())).ok();
            if let Some(j) = joined {
                p = p.with_suggestion(j.to_string_lossy().into_owned());
            }
        }
        problems.push(p);
    }
    problems
}
