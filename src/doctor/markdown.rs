//! The doctor's report as Markdown, to paste into a chat with IT or save as a file. Built from
//! the report, which is redacted already; one more redaction pass guards every line.

use super::{Report, Severity};
use crate::i18n::{Lang, Text};
use std::fmt::Write;

fn t(lang: Lang, en: &str, zh: &str) -> String {
    Text::new(en, zh).get(lang).to_string()
}

fn yes(lang: Lang, b: bool) -> String {
    match (b, lang) {
        (true, Lang::En) => "yes".into(),
        (false, Lang::En) => "no".into(),
        (true, Lang::Zh) => "是".into(),
        (false, Lang::Zh) => "否".into(),
    }
}

/// A table cell: no line breaks or pipes inside.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A glyph for each severity, so the report reads without colour.
pub fn glyph(s: Severity) -> &'static str {
    match s {
        Severity::Ok => "√",
        Severity::Info => "ⓘ",
        Severity::Warning => "⚠",
        Severity::Problem => "×",
    }
}

/// Bytes in MiB or GiB.
pub fn size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if bytes as f64 >= 1024.0 * MIB {
        format!("{:.1} GiB", bytes as f64 / 1024.0 / MIB)
    } else {
        format!("{:.1} MiB", bytes as f64 / MIB)
    }
}

/// The report as Markdown, in one language, passwords redacted.
pub fn render(r: &Report, lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", t(lang, "gomirror doctor", "gomirror 诊断报告"));
    let _ = writeln!(
        o,
        "{}: {} · {} {} ms\n",
        t(lang, "System", "系统"),
        r.os,
        t(lang, "took", "用时"),
        r.elapsed_ms
    );
    let _ = writeln!(o, "## {}\n", t(lang, "Findings", "结论"));
    for f in &r.findings {
        let label = f.severity.label();
        let _ = write!(
            o,
            "- {} **{}** {}",
            glyph(f.severity),
            label.get(lang),
            f.text().get(lang)
        );
        if let Some(fix) = &f.fix {
            let pairs: Vec<String> = fix.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let _ = write!(
                o,
                " — {}: `gomirror set {}`",
                t(lang, "fix", "修复"),
                pairs.join(" ")
            );
        }
        o.push('\n');
    }
    let _ = writeln!(o, "\n## {}\n", t(lang, "Go command", "go 命令"));
    if let Some(get) = &r.go.get_go {
        let _ = writeln!(
            o,
            "{} {} · {}\n",
            t(lang, "Not found. Download:", "未找到。下载："),
            get.official,
            get.china
        );
    }
    if !r.go.binaries.is_empty() {
        let _ = writeln!(
            o,
            "| {} | {} | GOROOT | PATH | {} |\n|---|---|---|---|---|",
            t(lang, "path", "路径"),
            t(lang, "version", "版本"),
            t(lang, "used", "使用中")
        );
        for b in &r.go.binaries {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} |",
                cell(&b.path),
                b.version.as_deref().unwrap_or("?"),
                cell(b.goroot.as_deref().unwrap_or("?")),
                yes(lang, b.on_path),
                yes(lang, b.selected)
            );
        }
    }
    let _ = writeln!(o, "\n## {}\n", t(lang, "Settings", "设置"));
    if let Some(f) = &r.env_file {
        let _ = writeln!(o, "{}: `{f}`\n", t(lang, "env file", "env 文件"));
    }
    let _ = writeln!(
        o,
        "| {} | {} | {} |\n|---|---|---|",
        t(lang, "key", "键"),
        t(lang, "value", "值"),
        t(lang, "source", "来源")
    );
    for s in &r.settings {
        let source = serde_json::to_value(s.source)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = writeln!(o, "| {} | `{}` | {} |", s.key, cell(&s.value), source);
    }
    for p in &r.projects {
        let _ = writeln!(o, "\n## {} {}\n", t(lang, "Project", "项目"), p.dir);
        if let Some(e) = &p.error {
            let _ = writeln!(o, "{e}");
        }
        let _ = writeln!(
            o,
            "module `{}` · go `{}` · toolchain `{}`",
            p.module.as_deref().unwrap_or("-"),
            p.go.as_deref().unwrap_or("-"),
            p.toolchain.as_deref().unwrap_or("-")
        );
        for ov in &p.overrides {
            let _ = writeln!(
                o,
                "- {} {}=`{}` ({} `{}`)",
                ov.consumer.label().get(lang),
                ov.key,
                cell(&ov.value),
                t(lang, "global", "全局"),
                cell(&ov.global)
            );
        }
        for c in &p.conflicts {
            let _ = writeln!(o, "- ⚠ {}", c.get(lang));
        }
    }
    if !r.mirrors.is_empty() {
        let _ = writeln!(
            o,
            "\n## {}\n",
            t(lang, "Configured mirrors", "已配置的镜像")
        );
        let _ = writeln!(
            o,
            "| URL | {} | TTFB | TLS | {} |\n|---|---|---|---|---|",
            t(lang, "verdict", "结论"),
            t(lang, "reason", "原因")
        );
        for m in &r.mirrors {
            let tls = match (m.tls_intercepted, &m.tls_issuer) {
                (Some(true), Some(i)) => format!("{} ({})", t(lang, "intercepted", "被拦截"), i),
                (_, Some(i)) => i.clone(),
                _ => "-".into(),
            };
            let reason = if lang == Lang::Zh {
                &m.reason_zh
            } else {
                &m.reason
            };
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} |",
                cell(&m.url),
                m.verdict.label().get(lang),
                m.ttfb_ms.map_or("-".into(), |v| format!("{v:.0} ms")),
                cell(&tls),
                cell(reason)
            );
        }
    }
    if !r.paths.is_empty() {
        let _ = writeln!(
            o,
            "\n## {}\n",
            t(lang, "Where the path breaks", "路径在哪里中断")
        );
        for p in &r.paths {
            let _ = writeln!(o, "{} {} ({}):\n", p.role, p.url, p.why.get(lang));
            match (&p.trace, &p.error) {
                (Some(tr), _) => {
                    let _ = writeln!(o, "```text\n{}```\n", crate::trace::text::render(tr, lang));
                }
                (None, Some(e)) => {
                    let _ = writeln!(o, "- {}\n", e.get(lang));
                }
                (None, None) => {}
            }
        }
    }
    if !r.dns.is_empty() {
        let _ = writeln!(o, "\n## DNS\n");
        for d in &r.dns {
            let answer = d.error.clone().unwrap_or_else(|| d.addresses.join(", "));
            let flag = if d.flagged { " ×" } else { "" };
            let _ = writeln!(o, "- {} ({}): {answer}{flag}", d.host, d.role);
        }
    }
    let _ = writeln!(o, "\n## {}\n", t(lang, "Proxy variables", "代理变量"));
    if r.proxy.is_empty() {
        let _ = writeln!(o, "{}", t(lang, "none", "无"));
    }
    for p in &r.proxy {
        let note = if p.used_by_go {
            String::new()
        } else {
            format!(" ({})", t(lang, "not read by go", "go 不读取"))
        };
        let _ = writeln!(o, "- {}=`{}`{note}", p.name, cell(&p.value));
    }
    let m = &r.modcache;
    let _ = writeln!(o, "\n## {}\n", t(lang, "Module cache", "模块缓存"));
    let _ = writeln!(
        o,
        "`{}` · {} {} · {} {} · {} {}{} · {} {}",
        m.path,
        t(lang, "exists", "存在"),
        yes(lang, m.exists),
        t(lang, "writable", "可写"),
        yes(lang, m.writable),
        t(lang, "size", "大小"),
        if m.size_complete || !m.exists {
            ""
        } else {
            "≥ "
        },
        if m.exists {
            size(m.size_bytes)
        } else {
            "-".into()
        },
        t(lang, "free", "可用"),
        m.free_bytes.map_or("?".into(), size)
    );
    let _ = writeln!(o, "\n## git · .netrc\n");
    let g = &r.git;
    let _ = writeln!(
        o,
        "- git: {}{}",
        g.version.clone().unwrap_or_else(|| yes(lang, g.found)),
        if g.insteadof_rules > 0 {
            format!(
                " · url.*.insteadOf: {} ({})",
                g.insteadof_rules,
                g.insteadof_hosts.join(", ")
            )
        } else {
            String::new()
        }
    );
    let n = &r.netrc;
    let _ = writeln!(
        o,
        "- .netrc: {} · {} {} · {} {}",
        n.path.as_deref().unwrap_or("-"),
        t(lang, "exists", "存在"),
        yes(lang, n.exists),
        t(lang, "entries", "条目"),
        n.machines
    );
    if !r.toolchain.is_empty() {
        let _ = writeln!(o, "\n## {}\n", t(lang, "Toolchain", "工具链"));
        for tc in &r.toolchain {
            let _ = writeln!(
                o,
                "- {}: {} {} · {} {} · GOTOOLCHAIN={} · {}{}",
                tc.project,
                t(lang, "needs", "需要"),
                tc.needs,
                t(lang, "installed", "已安装"),
                tc.installed.as_deref().unwrap_or("-"),
                tc.gotoolchain,
                tc.action,
                tc.listed_by
                    .as_ref()
                    .map_or(String::new(), |u| format!(" · {u}"))
            );
        }
    }
    crate::goenv::gourl::redact_text(&o)
}
