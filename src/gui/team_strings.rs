//! The Team panel's strings, in English and in Simplified Chinese.

use crate::i18n::Lang;

#[derive(serde::Serialize)]
pub struct TeamStrings {
    pub panel: &'static str,
    pub intro: &'static str,
    pub location: &'static str,
    pub open: &'static str,
    pub reading: &'static str,
    pub refused: &'static str,
    pub team: &'static str,
    pub contact: &'static str,
    pub settings: &'static str,
    pub preview: &'static str,
    pub mirrors: &'static str,
    pub snippets: &'static str,
    pub snippets_from_profile: &'static str,
    pub snippets_from_yours: &'static str,
    pub nothing_set: &'static str,
    pub copy: &'static str,
    pub toolchain_fix: &'static str,
}

pub const EN: TeamStrings = TeamStrings {
    panel: "Team",
    intro: "A team profile (*.gomirror.toml) is what IT writes once: open it here (or drop it on the window), see what changes, apply, undo. Below, the settings as lines for shells, Docker and CI.",
    location: "Profile file or https URL",
    open: "Open profile",
    reading: "Reading…",
    refused: "This profile is refused; nothing was changed:",
    team: "Team",
    contact: "Contact",
    settings: "Settings it sets",
    preview: "Preview the changes",
    mirrors: "Mirrors it names",
    snippets: "Snippets",
    snippets_from_profile: "From the opened profile",
    snippets_from_yours: "From the settings you set",
    nothing_set: "You have set nothing yet: the go command's defaults need no snippet.",
    copy: "Copy",
    toolchain_fix: "Preview the toolchain fix",
};

pub const ZH: TeamStrings = TeamStrings {
    panel: "团队",
    intro: "团队配置（*.gomirror.toml）由 IT 写好一次：在这里打开（或拖到窗口上），查看会改变什么，应用，可撤销。下方是用于终端、Docker 和 CI 的设置片段。",
    location: "配置文件或 https 地址",
    open: "打开团队配置",
    reading: "正在读取…",
    refused: "该团队配置被拒绝，未做任何更改：",
    team: "团队",
    contact: "联系人",
    settings: "它设置的项目",
    preview: "预览更改",
    mirrors: "它列出的镜像",
    snippets: "代码片段",
    snippets_from_profile: "来自打开的团队配置",
    snippets_from_yours: "来自你已设置的项目",
    nothing_set: "你还没有设置任何项目：使用 go 命令的默认值不需要片段。",
    copy: "复制",
    toolchain_fix: "预览工具链修复",
};

pub fn team_strings(lang: Lang) -> &'static TeamStrings {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}
