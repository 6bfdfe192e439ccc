//! The Verify panel's strings, in English and in Simplified Chinese.

use crate::i18n::Lang;

#[derive(serde::Serialize)]
pub struct VerifyStrings {
    pub panel: &'static str,
    pub intro: &'static str,
    pub configs: &'static str,
    pub current: &'static str,
    pub recommended: &'static str,
    pub recommended_missing: &'static str,
    pub pending: &'static str,
    pub what: &'static str,
    pub the_project: &'static str,
    pub modules: &'static str,
    pub modules_hint: &'static str,
    pub timeout: &'static str,
    pub start: &'static str,
    pub cancel: &'static str,
    pub running: &'static str,
    pub requests: &'static str,
    pub stopped: &'static str,
    pub all_verified: &'static str,
    pub not_verified: &'static str,
    pub modules_in: &'static str,
    pub seconds: &'static str,
    pub fix: &'static str,
}

pub const EN: VerifyStrings = VerifyStrings {
    panel: "Verify",
    intro: "Proof, not promise: runs the real 'go mod download' with each configuration, in a throwaway module cache, stopped at a deadline, and shows the results side by side.",
    configs: "Configurations",
    current: "Current settings",
    recommended: "Recommended (from the mirror measurements)",
    recommended_missing: "Recommended: measure the mirrors first",
    pending: "Pending changes (from the other panels)",
    what: "What to download",
    the_project: "The open project's go.mod",
    modules: "Modules",
    modules_hint: "golang.org/x/text@v0.14.0 (empty: a small public sample)",
    timeout: "Time limit (s)",
    start: "Verify",
    cancel: "Stop",
    running: "running",
    requests: "requests",
    stopped: "stopped",
    all_verified: "all verified by",
    not_verified: "not checked by a checksum database",
    modules_in: "modules in",
    seconds: "s",
    fix: "Fix:",
};

pub const ZH: VerifyStrings = VerifyStrings {
    panel: "验证",
    intro: "用事实证明：按每种配置运行真实的“go mod download”，使用临时的模块缓存、到时限即停止，并把结果并排显示。",
    configs: "配置",
    current: "当前设置",
    recommended: "推荐设置（来自镜像测量）",
    recommended_missing: "推荐设置：请先测量镜像",
    pending: "待应用的更改（来自其他面板）",
    what: "下载什么",
    the_project: "已打开项目的 go.mod",
    modules: "模块",
    modules_hint: "golang.org/x/text@v0.14.0（留空：一小组公共模块）",
    timeout: "时限（秒）",
    start: "验证",
    cancel: "停止",
    running: "进行中",
    requests: "个请求",
    stopped: "已停止",
    all_verified: "全部经过验证：",
    not_verified: "未经校验和数据库验证",
    modules_in: "个模块，用时",
    seconds: "秒",
    fix: "修复：",
};

pub fn verify_strings(lang: Lang) -> &'static VerifyStrings {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}
