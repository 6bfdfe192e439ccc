//! The one mapping from a state to what shows it: a glyph, a colour (a [`Tone`] of the theme)
//! and words in both languages. Colour is never alone: the glyph's shape tells the class
//! (√ good, ⚠ needs attention, × does not work, ○ not known yet, ⓘ for information) and the
//! word tells the state. Mirrors table, onboarding, overview conflicts, doctor findings and
//! banners all draw through here.

use super::theme::{Tone, tone_color};
use crate::i18n::{Lang, Text};
use crate::probe::model::Verdict;
use crate::ui::strings::both;

/// How one state looks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Look {
    pub glyph: &'static str,
    pub tone: Tone,
    pub word: Text,
}

/// The glyph of each tone: the shape carries the class without colour.
pub fn glyph(tone: Tone) -> &'static str {
    match tone {
        Tone::Good => "√",
        Tone::Warn => "⚠",
        Tone::Bad => "×",
        Tone::Neutral => "○",
        Tone::Info => "ⓘ",
    }
}

fn look(tone: Tone, word: Text) -> Look {
    Look {
        glyph: glyph(tone),
        tone,
        word,
    }
}

/// A probe verdict.
pub fn verdict(v: Verdict) -> Look {
    let tone = match v {
        Verdict::Healthy => Tone::Good,
        Verdict::Slow
        | Verdict::Degraded
        | Verdict::NoChecksumProxy
        | Verdict::Stale
        | Verdict::NeedsAuth => Tone::Warn,
        Verdict::Broken | Verdict::Unreachable | Verdict::LoginPage | Verdict::Tampered => {
            Tone::Bad
        }
    };
    look(tone, v.label())
}

/// A mirror still being measured.
pub fn pending() -> Look {
    look(Tone::Neutral, both(|s| s.measuring))
}

/// A problem with the settings (a conflict, a finding).
pub fn problem(error: bool) -> Look {
    if error {
        look(Tone::Bad, both(|s| s.level_error))
    } else {
        look(Tone::Warn, both(|s| s.level_warning))
    }
}

/// Something that is fine.
pub fn ok(word: Text) -> Look {
    look(Tone::Good, word)
}

/// Information, nothing to do.
pub fn info(word: Text) -> Look {
    look(Tone::Info, word)
}

impl Look {
    /// "√ healthy" in one language.
    pub fn text(&self, lang: Lang) -> String {
        format!("{} {}", self.glyph, self.word.get(lang))
    }
}

/// Draws the glyph and the word in the tone's colour.
pub fn badge(ui: &mut egui::Ui, look: &Look, lang: Lang) -> egui::Response {
    ui.colored_label(tone_color(ui, look.tone), look.text(lang))
}

/// Draws a message with the look's glyph, in its colour (a conflict, a note).
pub fn message(ui: &mut egui::Ui, look: &Look, text: &str) -> egui::Response {
    ui.add(
        egui::Label::new(
            egui::RichText::new(format!("{} {text}", look.glyph)).color(tone_color(ui, look.tone)),
        )
        .wrap(),
    )
}

/// Why nothing is recommended, what each mirror did, and what to try (onboarding, Mirrors).
pub fn no_recommendation_ui(
    ui: &mut egui::Ui,
    none: &crate::probe::recommend::NoRecommendation,
    lang: Lang,
) {
    message(ui, &problem(true), none.text.get(lang));
    for t in &none.mirrors {
        let name = match lang {
            Lang::En => &t.name,
            Lang::Zh => &t.name_zh,
        };
        let colon = match lang {
            Lang::En => ": ",
            Lang::Zh => "：",
        };
        ui.add(
            egui::Label::new(format!(
                "• {name} — {}{colon}{}",
                t.verdict.label().get(lang),
                t.reason.get(lang)
            ))
            .wrap(),
        );
    }
    ui.strong(crate::ui::strings::strings(lang).what_to_try);
    for (i, t) in none.try_next.iter().enumerate() {
        ui.add(egui::Label::new(format!("{}. {}", i + 1, t.get(lang))).wrap());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verdict_has_a_glyph_and_words_and_the_classes_differ_by_shape() {
        let all = [
            Verdict::Healthy,
            Verdict::Slow,
            Verdict::Degraded,
            Verdict::NoChecksumProxy,
            Verdict::Stale,
            Verdict::Broken,
            Verdict::Unreachable,
            Verdict::LoginPage,
            Verdict::Tampered,
            Verdict::NeedsAuth,
        ];
        for v in all {
            let l = verdict(v);
            assert!(!l.glyph.is_empty() && !l.word.en.is_empty() && !l.word.zh.is_empty());
            assert_eq!(l.glyph, glyph(l.tone), "{v:?}");
        }
        let tones = [Tone::Good, Tone::Warn, Tone::Bad, Tone::Neutral, Tone::Info];
        let glyphs: std::collections::BTreeSet<&str> = tones.iter().map(|t| glyph(*t)).collect();
        assert_eq!(glyphs.len(), tones.len(), "one shape per class");
        assert_eq!(pending().text(Lang::Zh), "○ 测速中…");
        assert_eq!(verdict(Verdict::NeedsAuth).text(Lang::En), "⚠ needs login");
        assert_eq!(verdict(Verdict::Tampered).text(Lang::En), "× tampered");
    }
}
