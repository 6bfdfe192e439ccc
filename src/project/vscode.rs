//! `.vscode/settings.json`, JSON with comments and trailing commas as VS Code reads it, edited
//! through a concrete syntax tree (`jsonc-parser`'s CST): comments, key order, indentation,
//! line endings and every other key stay as they were.

use crate::goenv::location::TargetOs;
use jsonc_parser::ParseOptions;
use jsonc_parser::cst::{CstInputValue, CstRootNode};
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
    /// The same, in Chinese.
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

/// The text with every comment and every trailing comma replaced by spaces (line breaks kept,
/// so positions stay the same): plain JSON for `serde_json`, which reads a large settings file
/// many times faster than a tree-building parser (see `benches/project.rs`). One pass, jumping
/// from one byte that matters (`"`, `/`, `,`) to the next.
fn blank_jsonc(text: &str) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    let n = b.len();
    let mut i = 0;
    while let Some(off) = memchr::memchr3(b'"', b'/', b',', b.get(i..).unwrap_or_default()) {
        i += off;
        match b[i] {
            b'"' => {
                // To the closing quote, over escapes.
                // (An unterminated string, even one ending in a backslash, ends at the end.)
                i += 1;
                while let Some(off) = memchr::memchr2(b'"', b'\\', b.get(i..).unwrap_or_default()) {
                    i += off;
                    if b[i] == b'\\' {
                        i = (i + 2).min(n);
                    } else {
                        break;
                    }
                }
                i = (i + 1).min(n);
            }
            b'/' => i = blank_comment(&mut b, i),
            _ => {
                // A comma is trailing when only blanks and comments stand before `}` or `]`.
                let mut j = i + 1;
                loop {
                    while j < n && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if j < n && b[j] == b'/' && j + 1 < n && matches!(b[j + 1], b'/' | b'*') {
                        j = blank_comment(&mut b, j);
                    } else {
                        break;
                    }
                }
                if j < n && matches!(b[j], b'}' | b']') {
                    b[i] = b' ';
                }
                i += 1;
            }
        }
        if i >= n {
            break;
        }
    }
    b
}

/// Blanks the comment at `i` (if one starts there) and returns where scanning goes on.
fn blank_comment(b: &mut [u8], i: usize) -> usize {
    let n = b.len();
    match b.get(i + 1) {
        Some(b'/') => {
            let end = memchr::memchr2(b'\n', b'\r', &b[i..]).map_or(n, |o| i + o);
            b[i..end].fill(b' ');
            end
        }
        Some(b'*') => {
            let end = memchr::memmem::find(&b[i + 2..], b"*/").map_or(n, |o| i + 2 + o + 2);
            for c in &mut b[i..end] {
                if *c != b'\n' && *c != b'\r' {
                    *c = b' ';
                }
            }
            end
        }
        _ => i + 1,
    }
}

/// The top-level object, keeping only the sections gomirror reads (the last of duplicate
/// keys wins, as in VS Code).
struct Sections(BTreeMap<String, serde_json::Value>);

impl<'de> serde::Deserialize<'de> for Sections {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Sections;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Sections, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == TOOLS_KEY || TERMINAL_KEYS.contains(&key.as_str()) {
                        out.insert(key, map.next_value::<serde_json::Value>()?);
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(Sections(out))
            }
        }
        d.deserialize_map(V)
    }
}

fn object_strings(obj: &serde_json::Map<String, serde_json::Value>) -> BTreeMap<String, String> {
    obj.iter()
        .map(|(name, value)| {
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(_) | serde_json::Value::Object(_) => "…".into(),
                other => other.to_string(),
            };
            (name.clone(), text)
        })
        .collect()
}

/// Reads the Go settings of a settings.json text.
pub fn read(text: &str) -> Result<VscodeVars, SettingsError> {
    let body = text.strip_prefix(BOM).unwrap_or(text);
    if body.trim().is_empty() {
        return Ok(VscodeVars::default());
    }
    // The fast way for the usual file; anything it does not take (a form feed or another
    // space JSON does not know but VS Code's parser skips, or a real error) goes to
    // jsonc-parser, the same crate that edits, which has the last word.
    match serde_json::from_slice::<Sections>(&blank_jsonc(body)) {
        Ok(sections) => vars_of(
            sections
                .0
                .into_iter()
                .map(|(k, v)| match v {
                    serde_json::Value::Object(o) => Ok((k, object_strings(&o))),
                    _ => Err(SettingsError::KeyNotObject(k)),
                })
                .collect::<Result<_, _>>()?,
        ),
        Err(_) => read_slowly(body),
    }
}

fn vars_of(
    sections: BTreeMap<String, BTreeMap<String, String>>,
) -> Result<VscodeVars, SettingsError> {
    let mut vars = VscodeVars::default();
    for (key, strings) in sections {
        if key == TOOLS_KEY {
            vars.tools = strings;
        } else {
            vars.terminal.insert(key, strings);
        }
    }
    Ok(vars)
}

/// What VS Code still reads from a settings.json with errors (see [`tolerant`]), and the
/// errors in VS Code's own names (`InvalidSymbol`, `CommaExpected`, ...) with their lines.
pub fn read_tolerant(text: &str) -> (VscodeVars, Vec<tolerant::TolerantError>) {
    let body = text.strip_prefix(BOM).unwrap_or(text);
    let (value, errors) = tolerant::parse(body);
    let mut vars = VscodeVars::default();
    if let Some(serde_json::Value::Object(top)) = value {
        for (key, value) in top {
            if key != TOOLS_KEY && !TERMINAL_KEYS.contains(&key.as_str()) {
                continue;
            }
            if let serde_json::Value::Object(o) = value {
                let strings = object_strings(&o);
                if key == TOOLS_KEY {
                    vars.tools = strings;
                } else {
                    vars.terminal.insert(key, strings);
                }
            }
        }
    }
    (vars, errors)
}

mod substitute;
pub use substitute::{substitute_tools_value, unsubstituted_forms};

/// Reading through jsonc-parser's value tree (slower; see `benches/project.rs`).
fn read_slowly(body: &str) -> Result<VscodeVars, SettingsError> {
    use jsonc_parser::JsonValue;
    let value =
        jsonc_parser::parse_to_value(body, &options()).map_err(|e| SettingsError::Syntax {
            message: e.kind().to_string(),
            line: e.line_display(),
            column: e.column_display(),
        })?;
    let top = match value {
        None => return Ok(VscodeVars::default()),
        Some(JsonValue::Object(o)) => o,
        Some(_) => return Err(SettingsError::NotObject),
    };
    let mut sections = BTreeMap::new();
    for (key, value) in top.into_iter() {
        if key != TOOLS_KEY && !TERMINAL_KEYS.contains(&key.as_ref()) {
            continue;
        }
        let JsonValue::Object(obj) = value else {
            return Err(SettingsError::KeyNotObject(key.into_owned()));
        };
        let strings = obj
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
            .collect();
        sections.insert(key.into_owned(), strings);
    }
    vars_of(sections)
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

pub mod tolerant;

#[cfg(test)]
mod tests;
