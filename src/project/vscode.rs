//! `.vscode/settings.json`, JSON with comments and trailing commas as VS Code reads it, edited
//! through a concrete syntax tree (`jsonc-parser`'s CST): comments, key order, indentation,
//! line endings and every other key stay as they were.

use crate::goenv::location::TargetOs;
use jsonc_parser::ParseOptions;
use jsonc_parser::cst::{CstInputValue, CstRootNode};
use jsonc_parser::{JsonObject, JsonValue};
use std::collections::BTreeMap;

/// The Go extension's environment for gopls and the Go tools.
pub const TOOLS_KEY: &str = "go.toolsEnvVars";
/// The integrated terminal's environment, per OS (a project is shared across systems).
pub const TERMINAL_KEYS: [&str; 3] = [
    "terminal.integrated.env.linux",
    "terminal.integrated.env.osx",
    "terminal.integrated.env.windows",
];

const BOM: char = '\u{feff}';

/// What VS Code's own parser accepts in settings.json (comments and trailing commas, no JSON5).
fn options() -> ParseOptions {
    ParseOptions {
        allow_comments: true,
        allow_trailing_commas: true,
        allow_loose_object_property_names: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// A settings.json that cannot be edited safely.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error(
        "settings.json is not valid JSON with comments: {message} (line {line}, column {column})"
    )]
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    #[error("settings.json does not hold an object at the top")]
    NotObject,
    #[error("\"{0}\" in settings.json is not an object")]
    KeyNotObject(String),
}

impl SettingsError {
    pub fn zh(&self) -> String {
        match self {
            Self::Syntax { line, column, .. } => {
                format!("settings.json 不是有效的带注释 JSON（第 {line} 行第 {column} 列）")
            }
            Self::NotObject => "settings.json 的顶层不是对象".into(),
            Self::KeyNotObject(k) => format!("settings.json 中的“{k}”不是对象"),
        }
    }
}

/// The settings the file gives the Go tools and the terminals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VscodeVars {
    /// `go.toolsEnvVars`; a value that is not a string is kept as its JSON text.
    pub tools: BTreeMap<String, String>,
    /// Per terminal key (`terminal.integrated.env.linux`, ...).
    pub terminal: BTreeMap<String, BTreeMap<String, String>>,
}

impl VscodeVars {
    /// The terminal environment VS Code uses on `os`.
    pub fn terminal_for(&self, os: TargetOs) -> BTreeMap<String, String> {
        let key = match os {
            TargetOs::Windows => TERMINAL_KEYS[2],
            TargetOs::MacOs => TERMINAL_KEYS[1],
            _ => TERMINAL_KEYS[0],
        };
        self.terminal.get(key).cloned().unwrap_or_default()
    }
}

fn parse(text: &str) -> Result<CstRootNode, SettingsError> {
    let body = text.strip_prefix(BOM).unwrap_or(text);
    let root = CstRootNode::parse(body, &options()).map_err(|e| SettingsError::Syntax {
        message: e.kind().to_string(),
        line: e.line_display(),
        column: e.column_display(),
    })?;
    if root.value().is_some() && root.object_value().is_none() {
        return Err(SettingsError::NotObject);
    }
    Ok(root)
}

fn object_strings(obj: &JsonObject<'_>) -> BTreeMap<String, String> {
    obj.clone()
        .into_iter()
        .map(|(name, value)| {
            let text = match value {
                JsonValue::String(s) => s.into_owned(),
                JsonValue::Number(n) => n.to_string(),
                JsonValue::Boolean(b) => b.to_string(),
                JsonValue::Null => "null".into(),
                JsonValue::Object(_) | JsonValue::Array(_) => "…".into(),
            };
            (name.into_owned(), text)
        })
        .collect()
}

/// Reads the Go settings of a settings.json text (the plain parser: reading a large file needs
/// no syntax tree).
pub fn read(text: &str) -> Result<VscodeVars, SettingsError> {
    let body = text.strip_prefix(BOM).unwrap_or(text);
    let value =
        jsonc_parser::parse_to_value(body, &options()).map_err(|e| SettingsError::Syntax {
            message: e.kind().to_string(),
            line: e.line_display(),
            column: e.column_display(),
        })?;
    let mut vars = VscodeVars::default();
    let top = match value {
        None => return Ok(vars),
        Some(JsonValue::Object(o)) => o,
        Some(_) => return Err(SettingsError::NotObject),
    };
    let section = |key: &str| match top.get(key) {
        None => Ok(None),
        Some(JsonValue::Object(o)) => Ok(Some(object_strings(o))),
        Some(_) => Err(SettingsError::KeyNotObject(key.into())),
    };
    if let Some(tools) = section(TOOLS_KEY)? {
        vars.tools = tools;
    }
    for key in TERMINAL_KEYS {
        if let Some(env) = section(key)? {
            vars.terminal.insert(key.into(), env);
        }
    }
    Ok(vars)
}

/// The text with `set` written into (and `unset` removed from) `go.toolsEnvVars` and all three
/// terminal environments. A new file (empty text) gets two-space indentation.
pub fn edit(
    text: &str,
    set: &BTreeMap<String, String>,
    unset: &[String],
) -> Result<String, SettingsError> {
    let bom = text.starts_with(BOM);
    let root = parse(text)?;
    let top = root.object_value_or_set();
    for section in std::iter::once(TOOLS_KEY).chain(TERMINAL_KEYS) {
        let existing = top.get(section);
        if existing.is_none() && set.is_empty() {
            continue;
        }
        if let Some(p) = &existing
            && p.object_value().is_none()
        {
            return Err(SettingsError::KeyNotObject(section.into()));
        }
        let obj = top.object_value_or_set(section);
        for (k, v) in set {
            match obj.get(k) {
                Some(p) => p.set_value(CstInputValue::String(v.clone())),
                None => {
                    obj.append(k, CstInputValue::String(v.clone()));
                }
            }
        }
        for k in unset {
            if let Some(p) = obj.get(k) {
                p.remove();
            }
        }
    }
    let mut out = root.to_string();
    if bom {
        out.insert(0, BOM);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn edit_keeps_comments_and_order() {
        let orig = "{\n    // editor\n    \"editor.tabSize\": 4, /* keep */\n    \"go.toolsEnvVars\": {\n        \"GOFLAGS\": \"-mod=mod\",\n    },\n}\n";
        let out =
            edit(orig, &set(&[("GOPROXY", "https://goproxy.cn,direct")]), &[]).expect("edits");
        assert!(
            out.contains("// editor") && out.contains("/* keep */"),
            "{out}"
        );
        let v = read(&out).expect("reads");
        assert_eq!(v.tools["GOFLAGS"], "-mod=mod");
        assert_eq!(v.tools["GOPROXY"], "https://goproxy.cn,direct");
        for k in TERMINAL_KEYS {
            assert_eq!(v.terminal[k]["GOPROXY"], "https://goproxy.cn,direct");
        }
        let back = edit(&out, &BTreeMap::new(), &["GOPROXY".into()]).expect("edits");
        let v = read(&back).expect("reads");
        assert!(!v.tools.contains_key("GOPROXY"));
        assert!(back.find("editor.tabSize") < back.find("go.toolsEnvVars"));
    }

    #[test]
    fn bom_and_empty() {
        let out = edit("\u{feff}{}", &set(&[("GOSUMDB", "off")]), &[]).expect("edits");
        assert!(out.starts_with('\u{feff}'));
        assert_eq!(read(&out).expect("reads").tools["GOSUMDB"], "off");
        let new = edit("", &set(&[("GOSUMDB", "off")]), &[]).expect("edits");
        assert_eq!(read(&new).expect("reads").tools["GOSUMDB"], "off");
    }

    #[test]
    fn refuses_broken() {
        assert!(matches!(
            read("{ \"a\": }"),
            Err(SettingsError::Syntax { .. })
        ));
        assert_eq!(read("[1]"), Err(SettingsError::NotObject));
        assert_eq!(
            edit("{\"go.toolsEnvVars\": 3}", &set(&[("A", "b")]), &[]),
            Err(SettingsError::KeyNotObject(TOOLS_KEY.into()))
        );
    }
}
