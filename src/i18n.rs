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
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// Shorthand: `tr!("english {x}", "中文 {x}")` formats both halves with the same arguments.
#[macro_export]
macro_rules! tr {
    ($en:literal, $zh:literal $(,)?) => {
        $crate::i18n::Text::new(format!($en), format!($zh))
    };
}
