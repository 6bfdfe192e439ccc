//! How the Go extension expands a `go.toolsEnvVars` value before the go command sees it.

/// The Go extension's substitution in a `go.toolsEnvVars` value (vscode-go `newEnvironment`:
/// `resolvePath(substituteEnv(value))`): `${env:NAME}` becomes the variable's value (empty
/// when unset), `${workspaceFolder}` and `${workspaceRoot}` the folder,
/// `${workspaceFolderBasename}` its name, and a leading `~` the home folder. Any other
/// `${...}` form is passed on as written.
pub fn substitute_tools_value(
    value: &str,
    env: &crate::goenv::location::EnvMap,
    workspace: &std::path::Path,
) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find("${env:") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 6..];
        match after.find('}') {
            Some(end) => {
                let name = after[..end].trim();
                out.push_str(env.get(name).map_or("", String::as_str));
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let folder = workspace.display().to_string();
    let base = workspace
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out = out
        .replace("${workspaceFolder}", &folder)
        .replace("${workspaceRoot}", &folder)
        .replace("${workspaceFolderBasename}", &base);
    match out.strip_prefix('~') {
        Some(tail) => {
            let home = env
                .get("HOME")
                .or_else(|| env.get("USERPROFILE"))
                .cloned()
                .unwrap_or_default();
            // Node's path.join: one separator between the parts.
            format!(
                "{}/{}",
                home.trim_end_matches('/'),
                tail.trim_start_matches('/')
            )
            .trim_end_matches('/')
            .to_string()
        }
        None => out,
    }
}

/// The `${...}` forms in a value the Go extension does not substitute (passed on literally).
pub fn unsubstituted_forms(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(i) = rest.find("${") {
        let after = &rest[i..];
        let end = after.find('}').map_or(after.len(), |e| e + 1);
        let form = &after[..end];
        let known = form.starts_with("${env:")
            || matches!(
                form,
                "${workspaceFolder}" | "${workspaceRoot}" | "${workspaceFolderBasename}"
            );
        if !known {
            out.push(form.to_string());
        }
        rest = &after[end.min(after.len())..];
        if end == 0 {
            break;
        }
    }
    out
}
