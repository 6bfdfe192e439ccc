//! Bilingual text. Every message the user can see carries both languages.

use serde::Serialize;

/// The user interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

/// A message in English and in Simplified Chinese.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    /// A text from both languages.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// The OS language: Chinese for any `zh` locale, else English. Asked once per process (the
/// window reads it every frame, and the CLI once).
pub fn os_lang() -> Lang {
    static LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();
    *LANG.get_or_init(|| match sys_locale::get_locale() {
        Some(l) if l.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
        _ => Lang::En,
    })
}

/// An operating-system error in Chinese: the kind of failure in words, plus the OS error code
/// (the English text of the OS stays in the English half of a message).
pub fn io_error_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "文件或目录不存在",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "已经存在",
        K::ReadOnlyFilesystem => "文件系统是只读的",
        K::StorageFull => "磁盘空间已满",
        K::QuotaExceeded => "超出磁盘配额",
        K::IsADirectory => "这是一个目录，不是文件",
        K::NotADirectory => "路径中的某一级不是目录",
        K::DirectoryNotEmpty => "目录不是空的",
        K::InvalidData => "内容无效",
        K::InvalidInput => "参数无效",
        K::TimedOut => "操作超时",
        K::Interrupted => "操作被中断",
        K::UnexpectedEof => "文件意外结束",
        K::WriteZero => "无法写入数据",
        K::FileTooLarge => "文件过大",
        K::ResourceBusy => "资源正忙",
        K::CrossesDevices => "不能跨设备移动",
        K::TooManyLinks => "链接层数过多",
        K::InvalidFilename => "文件名无效",
        K::ConnectionRefused => "连接被拒绝",
        K::ConnectionReset => "连接被重置",
        _ => "系统错误",
    };
    match e.raw_os_error() {
        Some(code) => format!("{what}（系统错误码 {code}）"),
        None => what.to_string(),
    }
}

/// Shorthand: `tr!("english {x}", "中文 {x}")` formats both halves with the same arguments.
#[macro_export]
macro_rules! tr {
    ($en:literal, $zh:literal $(,)?) => {
        $crate::i18n::Text::new(format!($en), format!($zh))
    };
}

/// A TOML parse error as line, column and the parser's message, without the excerpt of the
/// source line the parser's own text shows (that line may hold a password), and with any URL
/// the message quotes redacted.
pub fn toml_error(text: &str, e: &toml::de::Error) -> Text {
    let message = crate::goenv::gourl::redact_text(e.message().trim());
    match e.span() {
        Some(span) => {
            let before = &text.as_bytes()[..span.start.min(text.len())];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            Text::new(
                format!("line {line}, column {column}: {message}"),
                format!("第 {line} 行第 {column} 列：{message}"),
            )
        }
        None => Text::new(message.clone(), message),
    }
}
