//! [`Log`]: an append-mostly list that is cheap to clone.
//!
//! yew's reducer hands out the state behind an `Rc`, so every action clones
//! the whole model before changing it. With a plain `Vec`, a session with
//! 10,000 console lines would copy 10,000 entries per event. A `Log` keeps
//! its items in fixed-size chunks behind `Rc`s: cloning copies one pointer
//! per chunk, and changing an item copies only that item's chunk. Equality
//! is cheap for the same reason (shared chunks compare by address first),
//! which matters because yew compares the old and new state on every render.

use std::rc::Rc;

/// Items per chunk: small enough that copying the chunk an event changes is
/// cheap (console entries carry traces), large enough that a clone of 10,000
/// items copies only about 300 pointers.
const CHUNK: usize = 32;

/// An indexable, append-mostly list with cheap clones.
#[derive(Clone, Debug)]
pub struct Log<T> {
    chunks: Vec<Rc<Vec<T>>>,
    len: usize,
}

impl<T> Default for Log<T> {
    fn default() -> Self {
        Log {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Clone> Log<T> {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many items it holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends an item and returns its index.
    pub fn push(&mut self, item: T) -> usize {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => Rc::make_mut(chunk).push(item),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(item);
                self.chunks.push(Rc::new(chunk));
            }
        }
        self.len += 1;
        self.len - 1
    }

    /// The item at `index`.
    pub fn get(&self, index: usize) -> Option<&T> {
        self.chunks.get(index / CHUNK)?.get(index % CHUNK)
    }

    /// The item at `index`, to change it (copies its chunk if shared).
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        let chunk = self.chunks.get_mut(index / CHUNK)?;
        Rc::make_mut(chunk).get_mut(index % CHUNK)
    }

    /// The last item.
    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    /// Every item, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// The items in `range` (clamped to the log), oldest first.
    pub fn range(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = (usize, &T)> + '_ {
        let end = range.end.min(self.len);
        let start = range.start.min(end);
        (start..end).filter_map(move |i| self.get(i).map(|t| (i, t)))
    }

    /// The index of the newest item that matches (searching from the end:
    /// answers usually concern the newest commands).
    pub fn rposition(&self, mut matches: impl FnMut(&T) -> bool) -> Option<usize> {
        for (c, chunk) in self.chunks.iter().enumerate().rev() {
            if let Some(i) = chunk.iter().rposition(&mut matches) {
                return Some(c * CHUNK + i);
            }
        }
        None
    }
}

impl<T: Clone> std::ops::Index<usize> for Log<T> {
    type Output = T;

    /// The item at `index`; panics past the end, like a `Vec`.
    fn index(&self, index: usize) -> &T {
        match self.get(index) {
            Some(t) => t,
            None => panic!("index {index} out of range for a log of {}", self.len),
        }
    }
}

impl<T: PartialEq> PartialEq for Log<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len
            && self
                .chunks
                .iter()
                .zip(&other.chunks)
                .all(|(a, b)| Rc::ptr_eq(a, b) || a == b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushes_across_chunks_and_indexes() {
        let mut log = Log::new();
        for i in 0..(CHUNK * 2 + 3) {
            assert_eq!(log.push(i), i);
        }
        assert_eq!(log.len(), CHUNK * 2 + 3);
        assert_eq!(log.get(CHUNK), Some(&CHUNK));
        assert_eq!(log.last(), Some(&(CHUNK * 2 + 2)));
        assert_eq!(log.get(CHUNK * 3), None);
        assert!(log.iter().copied().eq(0..CHUNK * 2 + 3));
        let window: Vec<usize> = log.range(CHUNK - 1..CHUNK + 2).map(|(_, v)| *v).collect();
        assert_eq!(window, vec![CHUNK - 1, CHUNK, CHUNK + 1]);
        assert_eq!(log.range(10_000..20_000).count(), 0);
        let last_tenth = (CHUNK * 2 + 2) / 10 * 10;
        assert_eq!(log.rposition(|v| *v % 10 == 0), Some(last_tenth));
        assert_eq!(log.rposition(|v| *v == 1), Some(1));
    }

    #[test]
    fn a_clone_shares_chunks_until_one_changes() {
        let mut a = Log::new();
        for i in 0..(CHUNK * 3) {
            a.push(i);
        }
        let mut b = a.clone();
        assert_eq!(a, b);
        assert!(Rc::ptr_eq(&a.chunks[0], &b.chunks[0]));
        if let Some(v) = b.get_mut(CHUNK + 1) {
            *v = 0;
        }
        assert_ne!(a, b);
        assert_eq!(a.get(CHUNK + 1), Some(&(CHUNK + 1)));
        // Only the changed chunk was copied.
        assert!(Rc::ptr_eq(&a.chunks[0], &b.chunks[0]));
        assert!(!Rc::ptr_eq(&a.chunks[1], &b.chunks[1]));
        assert!(Rc::ptr_eq(&a.chunks[2], &b.chunks[2]));
    }
}
