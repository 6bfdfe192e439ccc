//! What every command shares: refusing unreadable input, errors in both languages, output
//! files, `KEY=VALUE` arguments.

use super::exit;

/// Refuses, before anything is parsed, what gomirror cannot carry the way the go command does:
/// an argument that is not UTF-8 (exit 1 with the go command's own text for a `KEY=VALUE`:
/// "invalid UTF-8 in KEY=... value"), and a variable deciding where the settings live whose
/// value is not UTF-8 (exit 1, naming it). None: go on.
pub fn refuse_unreadable_input() -> Option<u8> {
    for arg in std::env::args_os().skip(1) {
        if arg.to_str().is_some() {
            continue;
        }
        let lossy = arg.to_string_lossy().into_owned();
        match lossy.split_once('=') {
            Some((key, _)) if !key.contains('\u{FFFD}') => print_error(
                &format!("go: invalid UTF-8 in {key}=... value"),
                &format!("{key} 的值不是有效的 UTF-8 文本"),
            ),
            _ => print_error(
                &format!("an argument is not valid UTF-8: {lossy}"),
                &format!("参数不是有效的 UTF-8 文本：{lossy}"),
            ),
        }
        return Some(exit::INVALID);
    }
    let names = crate::goenv::location::unreadable_env();
    if names.is_empty() {
        return None;
    }
    let list = names.join(", ");
    print_error(
        &format!(
            "the environment variable {list} is not valid UTF-8: gomirror cannot follow it the way the go command does, so it reads and writes nothing (set it to a UTF-8 path or value)"
        ),
        &format!(
            "环境变量 {list} 不是有效的 UTF-8：gomirror 无法像 go 命令那样使用它，因此不读也不写任何内容（请改为 UTF-8 的路径或值）"
        ),
    );
    Some(exit::INVALID)
}

/// Writes an output file the user named; on failure says why in both languages (false).
pub(crate) fn write_output(path: &std::path::Path, text: &str) -> bool {
    match std::fs::write(path, text) {
        Ok(()) => true,
        Err(e) => {
            print_error(
                &format!("cannot write {}: {e}", path.display()),
                &format!(
                    "无法写入 {}：{}",
                    path.display(),
                    crate::i18n::io_error_zh(&e)
                ),
            );
            false
        }
    }
}

/// Prints an error in both languages on stderr.
pub(crate) fn print_error(en: &str, zh: &str) {
    // Errors quote values and lines, which may carry a password: redacted here, once for all.
    let (en, zh) = (
        crate::goenv::gourl::redact_text(en),
        crate::goenv::gourl::redact_text(zh),
    );
    eprintln!("error: {en}");
    eprintln!("错误：{zh}");
}

/// Prints validation problems on stderr (go's text, both explanations, the suggestion).
pub(crate) fn print_problems(problems: &[crate::goenv::validate::Problem]) {
    use crate::goenv::gourl::redact_text;
    for p in problems {
        let level = if p.is_error() { "error" } else { "warning" };
        let level_zh = if p.is_error() { "错误" } else { "警告" };
        eprintln!("{level}: {}", p.key);
        if let Some(go) = &p.go_text {
            eprintln!(
                "  go: {}",
                redact_text(go.strip_prefix("go: ").unwrap_or(go))
            );
        }
        eprintln!("  {}", redact_text(&p.message.en));
        eprintln!("  {level_zh}：{}", redact_text(&p.message.zh));
        if let Some(s) = &p.suggestion {
            eprintln!("  suggestion / 建议: {}", redact_text(s));
        }
    }
}

/// Every `KEY=VALUE` argument of a command, split where the go command splits it (the first
/// `=`). The one parser for all of them: a malformed one is a usage error (exit 2), said with
/// the go command's own words (`go env -w`'s), before anything is done.
pub(crate) fn pairs(args: &[String]) -> Result<Vec<(&str, &str)>, u8> {
    args.iter()
        .map(|pair| {
            pair.split_once('=').ok_or_else(|| {
                print_error(
                    &format!("go: arguments must be KEY=VALUE: invalid argument: {pair}"),
                    &format!("参数必须是 KEY=VALUE 形式：{pair}"),
                );
                exit::USAGE
            })
        })
        .collect()
}
