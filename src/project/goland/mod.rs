//! GoLand's per-project Go modules environment: `.idea/workspace.xml`, component `VgoProject`,
//! `<environment><map><entry key=".." value=".."/></map></environment>` (older builds kept
//! GOPROXY alone as `<proxy>`). Read always; written only on request, replacing just the
//! `<environment>` element (or inserting the component in name order), so that every other
//! byte of the file stays as it was. A shape not recognised here is refused.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;

/// The workspace.xml component that holds GoLand's Go modules environment.
pub const COMPONENT: &str = "VgoProject";

/// What the `VgoProject` component holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GolandEnv {
    pub component: bool,
    pub vars: BTreeMap<String, String>,
    /// `<proxy>` of older builds.
    pub legacy_proxy: Option<String>,
}

/// Why a workspace.xml cannot be edited safely.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    #[error("workspace.xml is not well-formed XML: {0}")]
    Xml(String),
    #[error("workspace.xml has no <project> root element")]
    NoProject,
    #[error("GoLand's VgoProject component holds <{0}>, which gomirror does not know")]
    Unknown(String),
    #[error("GoLand's VgoProject component keeps GOPROXY in the older <proxy> form")]
    Legacy,
}

impl ShapeError {
    /// The same, in Chinese.
    pub fn zh(&self) -> String {
        match self {
            Self::Xml(_) => "workspace.xml 不是格式正确的 XML".into(),
            Self::NoProject => "workspace.xml 没有 <project> 根元素".into(),
            Self::Unknown(t) => format!("GoLand 的 VgoProject 组件含有 gomirror 不认识的 <{t}>"),
            Self::Legacy => "GoLand 的 VgoProject 组件用旧的 <proxy> 形式保存 GOPROXY".into(),
        }
    }
}

/// Byte spans found in the file.
#[derive(Default)]
struct Layout {
    env: GolandEnv,
    /// Start and end of each top-level component, with its name.
    components: Vec<(String, usize, usize)>,
    /// The `VgoProject` component: its span and whether it is `<component .../>`.
    vgo: Option<(usize, usize, bool)>,
    /// The `<environment>` element inside it.
    environment: Option<(usize, usize)>,
    /// Where `</project>` starts.
    project_end: Option<usize>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, ShapeError> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => a
            .normalized_value(XmlVersion::Implicit1_0)
            .map(|v| Some(v.into_owned()))
            .map_err(|e| ShapeError::Xml(e.to_string())),
        Ok(None) => Ok(None),
        Err(e) => Err(ShapeError::Xml(e.to_string())),
    }
}

fn tag(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.name().as_ref()).into_owned()
}

fn scan(text: &str) -> Result<Layout, ShapeError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut layout = Layout::default();
    let mut stack: Vec<String> = Vec::new();
    let mut component_start = 0usize;
    let mut in_vgo = false;
    let mut env_start = 0usize;
    let mut saw_root = false;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader
            .read_event()
            .map_err(|e| ShapeError::Xml(e.to_string()))?;
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let empty = after > 1 && text.as_bytes().get(after - 2) == Some(&b'/');
                let name = tag(&e);
                match stack.len() {
                    0 => {
                        if name != "project" {
                            return Err(ShapeError::NoProject);
                        }
                        saw_root = true;
                    }
                    1 if name == "component" => {
                        let cname = attr(&e, "name")?.unwrap_or_default();
                        component_start = before;
                        in_vgo = cname == COMPONENT;
                        if in_vgo {
                            layout.env.component = true;
                        }
                        if empty {
                            layout.components.push((cname, before, after));
                            if in_vgo {
                                layout.vgo = Some((before, after, true));
                                in_vgo = false;
                            }
                        } else {
                            layout.components.push((cname, before, 0));
                        }
                    }
                    2 if in_vgo => match name.as_str() {
                        "environment" => {
                            env_start = before;
                            if empty {
                                layout.environment = Some((before, after));
                            }
                        }
                        "integration-enabled" | "settings-migrated" | "proxy" => {}
                        other => return Err(ShapeError::Unknown(other.into())),
                    },
                    3 if in_vgo && (stack[2] != "environment" || name != "map") => {
                        return Err(ShapeError::Unknown(name));
                    }
                    4 if in_vgo => {
                        if name != "entry" || !empty {
                            return Err(ShapeError::Unknown(name));
                        }
                        if let (Some(k), Some(v)) = (attr(&e, "key")?, attr(&e, "value")?) {
                            layout.env.vars.insert(k, v);
                        } else {
                            return Err(ShapeError::Unknown("entry".into()));
                        }
                    }
                    n if in_vgo && n > 4 => return Err(ShapeError::Unknown(name)),
                    _ => {}
                }
                if !empty {
                    stack.push(name);
                }
            }
            Event::Text(t) if in_vgo && stack.len() == 3 && stack[2] == "proxy" => {
                let v = t
                    .decode()
                    .map_err(|e| ShapeError::Xml(e.to_string()))?
                    .trim()
                    .to_string();
                layout.env.legacy_proxy = Some(v);
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                match stack.len() {
                    0 => layout.project_end = Some(before),
                    1 if name == "component" => {
                        if let Some(last) = layout.components.last_mut() {
                            last.2 = after;
                        }
                        if in_vgo {
                            layout.vgo = Some((component_start, after, false));
                        }
                        in_vgo = false;
                    }
                    2 if in_vgo && name == "environment" => {
                        layout.environment = Some((env_start, after));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if !saw_root || layout.project_end.is_none() {
        return Err(ShapeError::NoProject);
    }
    Ok(layout)
}

/// Reads the component (absent: empty).
pub fn read(text: &str) -> Result<GolandEnv, ShapeError> {
    scan(text).map(|l| l.env)
}

fn escape(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\n', "&#10;")
}

/// Leading whitespace of the line holding byte `at`, and where that line starts.
fn line_indent(text: &str, at: usize) -> (usize, String) {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[start..at]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    (start, indent)
}

fn environment_xml(vars: &BTreeMap<String, String>, base: &str, unit: &str, nl: &str) -> String {
    let mut s = format!("{base}<environment>{nl}{base}{unit}<map>{nl}");
    for (k, v) in vars {
        s.push_str(&format!(
            "{base}{unit}{unit}<entry key=\"{}\" value=\"{}\" />{nl}",
            escape(k),
            escape(v)
        ));
    }
    s.push_str(&format!("{base}{unit}</map>{nl}{base}</environment>{nl}"));
    s
}

/// The text with the component's environment set to `vars` (removed when empty).
pub fn with_vars(text: &str, vars: &BTreeMap<String, String>) -> Result<String, ShapeError> {
    let layout = scan(text)?;
    if layout.env.legacy_proxy.is_some() {
        return Err(ShapeError::Legacy);
    }
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let project_end = layout.project_end.unwrap_or(text.len());
    // The indentation unit: that of the first component, else two spaces.
    let unit = layout
        .components
        .first()
        .map(|(_, s, _)| line_indent(text, *s).1)
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "  ".into());
    match (layout.vgo, layout.environment) {
        (Some((cs, ce, false)), Some((s, e))) => {
            let whole_line_end =
                |at: usize| at + text[at..].find('\n').map_or(text.len() - at, |i| i + 1);
            let open_end = cs + text[cs..].find('>').map_or(0, |i| i + 1);
            let close_start = text[..ce].rfind("</").unwrap_or(ce);
            let others = format!("{}{}", &text[open_end..s], &text[e..close_start]);
            if vars.is_empty() && others.trim().is_empty() {
                // The component holds nothing else: it goes as a whole.
                let mut out = text[..line_indent(text, cs).0].to_string();
                out.push_str(&text[whole_line_end(ce)..]);
                return Ok(out);
            }
            // Replace whole lines of the old element.
            let (line_start, base) = line_indent(text, s);
            let rest = &text[e..];
            let line_end = e + rest.find('\n').map_or(rest.len(), |i| i + 1);
            let mut out = text[..line_start].to_string();
            if !vars.is_empty() {
                out.push_str(&environment_xml(vars, &base, &unit, nl));
            }
            out.push_str(&text[line_end..]);
            Ok(out)
        }
        (Some((s, _, false)), None) => {
            if vars.is_empty() {
                return Ok(text.to_string());
            }
            // Insert as the first child, right after the start tag's line.
            let (_, base) = line_indent(text, s);
            let rest = &text[s..];
            let open_end = s + rest.find('>').map_or(rest.len(), |i| i + 1);
            let after_nl = text[open_end..]
                .find('\n')
                .map_or(open_end, |i| open_end + i + 1);
            let child = format!("{base}{unit}");
            let mut out = text[..after_nl].to_string();
            if after_nl == open_end {
                out.push_str(nl);
            }
            out.push_str(&environment_xml(vars, &child, &unit, nl));
            out.push_str(&text[after_nl..]);
            Ok(out)
        }
        (Some((s, e, true)), _) => {
            let (line_start, base) = line_indent(text, s);
            let mut out = text[..line_start].to_string();
            out.push_str(&component_xml(vars, &base, &unit, nl, true));
            let rest = &text[e..];
            out.push_str(&text[e + rest.find('\n').map_or(rest.len(), |i| i + 1)..]);
            Ok(out)
        }
        (None, _) => {
            if vars.is_empty() {
                return Ok(text.to_string());
            }
            // GoLand keeps components sorted by name: insert before the first one after ours.
            let at = layout
                .components
                .iter()
                .find(|(n, _, _)| n.as_str() > COMPONENT)
                .map(|(_, s, _)| line_indent(text, *s).0)
                .unwrap_or_else(|| line_indent(text, project_end).0);
            let mut out = text[..at].to_string();
            if !out.ends_with('\n') {
                out.push_str(nl);
            }
            out.push_str(&component_xml(vars, &unit, &unit, nl, false));
            out.push_str(&text[at..]);
            Ok(out)
        }
    }
}

fn component_xml(
    vars: &BTreeMap<String, String>,
    base: &str,
    unit: &str,
    nl: &str,
    keep_empty: bool,
) -> String {
    if vars.is_empty() {
        return if keep_empty {
            format!("{base}<component name=\"{COMPONENT}\" />{nl}")
        } else {
            String::new()
        };
    }
    format!(
        "{base}<component name=\"{COMPONENT}\">{nl}{}{base}</component>{nl}",
        environment_xml(vars, &format!("{base}{unit}"), unit, nl)
    )
}

/// What to do by hand when the file cannot be written (GoLand's own dialog).
pub fn manual_steps(vars: &BTreeMap<String, String>) -> crate::i18n::Text {
    let list: Vec<String> = vars.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let list = crate::goenv::gourl::redact_text(&list.join(";"));
    crate::tr!(
        "In GoLand: 1. open Settings (Preferences on macOS) | Go | Go Modules; 2. make sure \"Enable Go modules integration\" is on; 3. in Environment, set {list}; 4. click OK.",
        "在 GoLand 中：1. 打开 Settings（macOS 为 Preferences）| Go | Go Modules；2. 确认已勾选“Enable Go modules integration”；3. 在 Environment 中设置 {list}；4. 点击 OK。"
    )
}

#[cfg(test)]
mod tests;
