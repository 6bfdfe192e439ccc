//! The notices above the panel: short messages about what just happened. They replace each
//! other instead of stacking: the same message again moves to the end (an undo repeated says
//! "restored" once), and only the newest few are kept, so the panel never moves far down.

use crate::i18n::Text;

/// How many notices are shown at most (the newest).
pub const MAX_NOTICES: usize = 2;

/// The notices, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Notices(Vec<Text>);

impl Notices {
    /// Says `text`: a notice saying the same is replaced, the oldest goes past the limit.
    pub fn push(&mut self, text: Text) {
        self.0.retain(|n| *n != text);
        self.0.push(text);
        if self.0.len() > MAX_NOTICES {
            let extra = self.0.len() - MAX_NOTICES;
            self.0.drain(..extra);
        }
    }

    /// Says each of these, in order.
    pub fn extend(&mut self, texts: impl IntoIterator<Item = Text>) {
        for t in texts {
            self.push(t);
        }
    }

    /// Dismisses the notice at `i` (nothing if there is none).
    pub fn remove(&mut self, i: usize) {
        if i < self.0.len() {
            self.0.remove(i);
        }
    }
}

impl std::ops::Deref for Notices {
    type Target = [Text];
    fn deref(&self) -> &[Text] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_notice_replaces_itself_and_the_newest_are_kept() {
        let mut n = Notices::default();
        let restored = Text::new("Restored", "已恢复");
        n.push(restored.clone());
        n.push(restored.clone());
        assert_eq!(n.len(), 1);
        n.push(Text::new("a", "a"));
        n.push(restored.clone());
        assert_eq!(&*n, [Text::new("a", "a"), restored.clone()]);
        n.push(Text::new("b", "b"));
        assert_eq!(&*n, [restored, Text::new("b", "b")]);
        n.remove(5);
        n.remove(0);
        assert_eq!(&*n, [Text::new("b", "b")]);
    }
}
