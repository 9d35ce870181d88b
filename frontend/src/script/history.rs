//! The Python console's input history, walked with the arrow keys as in a
//! shell or Python's own REPL: ↑ recalls older inputs, ↓ newer ones and
//! finally what the learner had typed before they started walking.

use std::collections::VecDeque;

/// Inputs kept; older ones are forgotten.
pub const MAX_ENTRIES: usize = 200;

/// Past console inputs and where ↑/↓ have got to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// Oldest first.
    entries: VecDeque<String>,
    /// The entry shown while walking (`None`: at the draft, not walking).
    cursor: Option<usize>,
    /// What was in the input when the walk began, given back at its end.
    draft: String,
}

impl History {
    /// An empty history.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a submitted input: blank inputs and a repeat of the newest
    /// one are skipped; beyond [`MAX_ENTRIES`] the oldest is dropped.
    /// Ends any walk, as [`History::reset`] does.
    pub fn push(&mut self, entry: impl Into<String>) {
        self.reset();
        let entry = entry.into();
        if entry.trim().is_empty() || self.entries.back() == Some(&entry) {
            return;
        }
        if self.entries.len() == MAX_ENTRIES {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    /// ↑: the next older input, to put in the box. The first ↑ of a walk
    /// saves `current_draft` for [`History::down`] to give back. `None`
    /// (leave the box as it is) when there is nothing older.
    pub fn up(&mut self, current_draft: &str) -> Option<String> {
        let next = match self.cursor {
            None => {
                let newest = self.entries.len().checked_sub(1)?;
                self.draft = current_draft.to_string();
                newest
            }
            Some(0) => return None,
            Some(i) => i - 1,
        };
        self.cursor = Some(next);
        self.entries.get(next).cloned()
    }

    /// ↓: the next newer input, or past the newest the draft saved by the
    /// walk's first ↑ (which ends the walk). `None` (leave the box as it
    /// is) when not walking.
    pub fn down(&mut self) -> Option<String> {
        let i = self.cursor?;
        if i + 1 < self.entries.len() {
            self.cursor = Some(i + 1);
            self.entries.get(i + 1).cloned()
        } else {
            self.cursor = None;
            Some(std::mem::take(&mut self.draft))
        }
    }

    /// Ends a walk (after a submit, or when the learner clears the box):
    /// the next ↑ starts again from the newest input.
    pub fn reset(&mut self) {
        self.cursor = None;
        self.draft.clear();
    }

    /// Whether ↑ has recalled an input that ↓ has not yet walked past.
    pub fn is_walking(&self) -> bool {
        self.cursor.is_some()
    }

    /// How many inputs are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing was kept yet.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The kept inputs, oldest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &str> + '_ {
        self.entries.iter().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(inputs: &[&str]) -> History {
        let mut h = History::new();
        for i in inputs {
            h.push(*i);
        }
        h
    }

    #[test]
    fn up_walks_older_and_down_returns_to_the_draft() {
        let mut h = history(&["a = 1", "b = 2", "c = 3"]);
        assert!(!h.is_walking());
        assert_eq!(h.up("dra").as_deref(), Some("c = 3"));
        assert!(h.is_walking());
        assert_eq!(h.up("c = 3").as_deref(), Some("b = 2"));
        assert_eq!(h.up("b = 2").as_deref(), Some("a = 1"));
        // The oldest: nothing further, the box stays.
        assert_eq!(h.up("a = 1"), None);
        assert_eq!(h.down().as_deref(), Some("b = 2"));
        assert_eq!(h.down().as_deref(), Some("c = 3"));
        assert_eq!(h.down().as_deref(), Some("dra"));
        assert!(!h.is_walking());
        // Not walking: ↓ leaves the box alone.
        assert_eq!(h.down(), None);
        // A new walk saves the new draft.
        assert_eq!(h.up("").as_deref(), Some("c = 3"));
        assert_eq!(h.down().as_deref(), Some(""));
    }

    #[test]
    fn an_empty_history_leaves_the_box_alone() {
        let mut h = History::new();
        assert!(h.is_empty());
        assert_eq!(h.up("typing"), None);
        assert!(!h.is_walking());
        assert_eq!(h.down(), None);
    }

    #[test]
    fn blanks_and_consecutive_repeats_are_skipped() {
        let h = history(&["", "   ", "\n", "x", "x", "y", "x", "x"]);
        assert_eq!(h.entries().collect::<Vec<_>>(), ["x", "y", "x"]);
        assert_eq!(h.len(), 3);
    }

    #[test]
    fn multi_line_inputs_are_kept_whole() {
        let block = "for i in range(3):\n    print(i)";
        let mut h = history(&[block]);
        assert_eq!(h.up("").as_deref(), Some(block));
    }

    #[test]
    fn push_and_reset_end_the_walk() {
        let mut h = history(&["a", "b"]);
        assert_eq!(h.up("draft").as_deref(), Some("b"));
        assert_eq!(h.up("b").as_deref(), Some("a"));
        // Submitting the recalled input: the next ↑ starts at the newest.
        h.push("a");
        assert!(!h.is_walking());
        assert_eq!(h.up("").as_deref(), Some("a"));
        assert_eq!(h.up("a").as_deref(), Some("b"));
        h.reset();
        assert_eq!(h.down(), None);
        assert_eq!(h.up("new").as_deref(), Some("a"));
        assert_eq!(h.down().as_deref(), Some("new"));
    }

    #[test]
    fn the_oldest_are_dropped_past_the_cap() {
        let mut h = History::new();
        for i in 0..(MAX_ENTRIES + 5) {
            h.push(format!("x = {i}"));
        }
        assert_eq!(h.len(), MAX_ENTRIES);
        assert_eq!(h.entries().next(), Some("x = 5"));
        assert_eq!(
            h.entries().next_back().map(str::to_string),
            Some(format!("x = {}", MAX_ENTRIES + 4))
        );
        let mut walked = 0;
        let mut draft = String::new();
        while let Some(line) = h.up(&draft) {
            draft = line;
            walked += 1;
        }
        assert_eq!(walked, MAX_ENTRIES);
        assert_eq!(draft, "x = 5");
    }
}
