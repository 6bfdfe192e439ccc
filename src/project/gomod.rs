//! `go.mod`, `go.work` and `vendor/modules.txt`, read as the go command's modfile parser reads
//! them for what the app shows: directives, blocks `( ... )`, `//` comments, quoted paths.

use serde::Serialize;

/// One `require` line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Require {
    pub path: String,
    pub version: String,
    pub indirect: bool,
}

/// One `replace` line: `old [v] => new [v]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Replace {
    pub old: String,
    pub new: String,
}

/// What a go.mod says that matters here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GoMod {
    pub module: Option<String>,
    pub go: Option<String>,
    pub toolchain: Option<String>,
    pub requires: Vec<Require>,
    pub replaces: Vec<Replace>,
}

/// What a go.work says that matters here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GoWork {
    pub go: Option<String>,
    pub uses: Vec<String>,
}

/// Splits a line into its fields (quoted strings kept whole, unquoted) and its comment.
fn fields(line: &str) -> (Vec<String>, &str) {
    let mut out = Vec::new();
    let mut rest = line.trim_start();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return (out, "");
        }
        if let Some(c) = rest.strip_prefix("//") {
            return (out, c.trim());
        }
        if let Some(q) = rest.strip_prefix('"') {
            let end = q.find('"').unwrap_or(q.len());
            out.push(q[..end].to_string());
            rest = q.get(end + 1..).unwrap_or("");
        } else if let Some(q) = rest.strip_prefix('`') {
            let end = q.find('`').unwrap_or(q.len());
            out.push(q[..end].to_string());
            rest = q.get(end + 1..).unwrap_or("");
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            let end = rest[..end].find("//").unwrap_or(end);
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
}

/// Every directive as (verb, arguments, comment), blocks flattened.
fn directives(text: &str) -> Vec<(String, Vec<String>, String)> {
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        let (f, comment) = fields(line);
        match (&block, f.as_slice()) {
            (Some(_), [close]) if close == ")" => block = None,
            (Some(verb), args) if !args.is_empty() => {
                out.push((verb.clone(), args.to_vec(), comment.to_string()));
            }
            (None, [verb, open]) if open == "(" => block = Some(verb.clone()),
            (None, [verb, args @ ..]) => {
                out.push((verb.clone(), args.to_vec(), comment.to_string()));
            }
            _ => {}
        }
    }
    out
}

/// Reads a go.mod.
pub fn parse_gomod(text: &str) -> GoMod {
    let mut m = GoMod::default();
    for (verb, args, comment) in directives(text) {
        match (verb.as_str(), args.as_slice()) {
            ("module", [path, ..]) => m.module = Some(path.clone()),
            ("go", [v, ..]) => m.go = Some(v.clone()),
            ("toolchain", [v, ..]) => m.toolchain = Some(v.clone()),
            ("require", [path, version, ..]) => m.requires.push(Require {
                path: path.clone(),
                version: version.clone(),
                indirect: comment.split(';').any(|c| c.trim() == "indirect"),
            }),
            ("replace", args) => {
                if let Some(arrow) = args.iter().position(|a| a == "=>") {
                    m.replaces.push(Replace {
                        old: args[..arrow].join(" "),
                        new: args[arrow + 1..].join(" "),
                    });
                }
            }
            _ => {}
        }
    }
    m
}

/// Reads a go.work.
pub fn parse_gowork(text: &str) -> GoWork {
    let mut w = GoWork::default();
    for (verb, args, _) in directives(text) {
        match (verb.as_str(), args.as_slice()) {
            ("go", [v, ..]) => w.go = Some(v.clone()),
            ("use", [dir, ..]) => w.uses.push(dir.clone()),
            _ => {}
        }
    }
    w
}

/// The modules listed in `vendor/modules.txt` (`# path version` lines).
pub fn parse_vendor_modules(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| {
            let mut f = l.strip_prefix("# ")?.split_whitespace();
            let path = f.next()?;
            let version = f.next().unwrap_or("");
            (!path.starts_with('#')).then(|| (path.to_string(), version.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gomod() {
        let m = parse_gomod(
            "// head\nmodule \"git.corp.com/team/app\" // c\n\ngo 1.22.1\ntoolchain go1.23.4\n\
             require (\n\tgithub.com/a/b v1.2.3\n\tgit.corp.com/x/y v0.1.0 // indirect\n)\n\
             require golang.org/x/text v0.14.0 // indirect; note\n\
             replace git.corp.com/x/y => ../y\nreplace (\n a v1 => b v2\n)\n",
        );
        assert_eq!(m.module.as_deref(), Some("git.corp.com/team/app"));
        assert_eq!(m.go.as_deref(), Some("1.22.1"));
        assert_eq!(m.toolchain.as_deref(), Some("go1.23.4"));
        assert_eq!(m.requires.len(), 3);
        assert!(!m.requires[0].indirect);
        assert!(m.requires[1].indirect && m.requires[2].indirect);
        assert_eq!(m.replaces[0].new, "../y");
        assert_eq!(m.replaces[1].old, "a v1");
    }

    #[test]
    fn gowork_and_vendor() {
        let w = parse_gowork("go 1.22\nuse (\n\t./a\n\t\"./b c\"\n)\nuse ./d\n");
        assert_eq!(w.uses, ["./a", "./b c", "./d"]);
        let v = parse_vendor_modules("# github.com/a/b v1.0.0\n## explicit\ngithub.com/a/b\n");
        assert_eq!(v, [("github.com/a/b".to_string(), "v1.0.0".to_string())]);
    }
}
