//! The sequence diagram: one lane per socket and per relay service, one row
//! per thing that happened, arrows between lanes for connects, bytes, FIN
//! and RST, and open bars for calls that are blocking.
//!
//! Rows have one fixed height, so the component only renders the rows in
//! view ([`window`]): a session with 10,000 events costs the same to draw as
//! one with 20. The items live in a [`Log`], so adding one does not copy
//! the others.

use crate::state::log::Log;
use shared::SocketId;
use std::ops::Range;

/// What a lane stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LaneKey {
    /// One of the learner's sockets.
    Socket(SocketId),
    /// One of the relay's services, by name.
    Service(String),
    /// Anything else: an outside tool, a classmate, an address with no lane.
    Outside,
}

/// One lane (a column of the diagram).
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// What it stands for.
    pub key: LaneKey,
    /// Its heading (`s1 TCP`, `echo :7007`).
    pub label: String,
    /// The socket was closed: the lane ends.
    pub closed: bool,
}

/// What kind of thing a row shows; the page picks its symbol and colour
/// from this, and the label always says it in words too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A call that changed no peer (`bind`, `settimeout`, …).
    Call,
    /// A connection being set up (`connect`, a service's new client).
    Connect,
    /// `accept` returned a new socket.
    Accept,
    /// Bytes moved.
    Data,
    /// A FIN: `shutdown(SHUT_WR)`, `close`, or `recv` reading EOF.
    Fin,
    /// A reset.
    Rst,
    /// The socket was closed.
    Close,
    /// The call raised.
    Error,
    /// A blocking call started waiting.
    Wait,
    /// A waiting call was cancelled.
    Cancelled,
}

impl Mark {
    /// A stable name for CSS classes and `data-mark`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Call => "call",
            Mark::Connect => "connect",
            Mark::Accept => "accept",
            Mark::Data => "data",
            Mark::Fin => "fin",
            Mark::Rst => "rst",
            Mark::Close => "close",
            Mark::Error => "error",
            Mark::Wait => "wait",
            Mark::Cancelled => "cancelled",
        }
    }
}

/// One row.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The event it came from.
    pub seq: u64,
    /// The console entry it belongs to (for its trace and payload).
    pub entry: Option<u64>,
    /// The lane it happens on.
    pub lane: usize,
    /// The lane at the other end of the arrow, if it is an arrow.
    pub peer: Option<usize>,
    /// Whether the arrow points from `lane` to `peer` (else from `peer`).
    pub outgoing: bool,
    /// What kind of thing it is.
    pub mark: Mark,
    /// What it says (`sendall 11 B`, `recv ✗ TimeoutError`).
    pub label: String,
}

/// A blocking call: an open bar on its lane from the row it started.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The lane.
    pub lane: usize,
    /// The console entry that waits.
    pub entry: u64,
    /// The row where it started waiting.
    pub from: usize,
    /// The row where it finished, once it has.
    pub to: Option<usize>,
}

/// The whole diagram.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Timeline {
    /// Lanes, in order of first appearance.
    pub lanes: Vec<Lane>,
    /// Rows, oldest first.
    pub items: Log<Item>,
    /// Blocking calls, oldest first.
    pub bars: Log<Bar>,
}

impl Timeline {
    /// The lane for `key`, added with `label` if it is new.
    pub fn lane(&mut self, key: LaneKey, label: impl FnOnce() -> String) -> usize {
        if let Some(i) = self.lanes.iter().position(|l| l.key == key) {
            return i;
        }
        self.lanes.push(Lane {
            key,
            label: label(),
            closed: false,
        });
        self.lanes.len() - 1
    }

    /// The lane for `key`, if it has one.
    pub fn find(&self, key: &LaneKey) -> Option<usize> {
        self.lanes.iter().position(|l| &l.key == key)
    }

    /// Marks a socket's lane as ended.
    pub fn close_lane(&mut self, lane: usize) {
        if let Some(l) = self.lanes.get_mut(lane) {
            l.closed = true;
        }
    }

    /// Adds a row and returns its index.
    pub fn push(&mut self, item: Item) -> usize {
        self.items.push(item)
    }

    /// Opens a bar for a call that started waiting at the newest row.
    pub fn open_bar(&mut self, lane: usize, entry: u64) {
        let from = self.items.len().saturating_sub(1);
        self.bars.push(Bar {
            lane,
            entry,
            from,
            to: None,
        });
    }

    /// Closes the bar of `entry` at the newest row.
    pub fn close_bar(&mut self, entry: u64) {
        let to = self.items.len().saturating_sub(1);
        if let Some(i) = self.bars.rposition(|b| b.entry == entry && b.to.is_none()) {
            if let Some(bar) = self.bars.get_mut(i) {
                bar.to = Some(to);
            }
        }
    }

    /// The bars that cross any row in `rows`.
    pub fn bars_in(&self, rows: Range<usize>) -> impl Iterator<Item = &Bar> + '_ {
        self.bars
            .iter()
            .filter(move |b| b.from < rows.end && b.to.is_none_or(|to| to >= rows.start))
    }

    /// The row of the newest item of a console entry.
    pub fn row_of_entry(&self, entry: u64) -> Option<usize> {
        self.items.rposition(|i| i.entry == Some(entry))
    }
}

/// The rows to render for a scroll position: those in view plus `overscan`
/// on each side, so a quick scroll does not show blank rows.
pub fn window(
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
    rows: usize,
    overscan: usize,
) -> Range<usize> {
    if rows == 0 || row_height <= 0.0 {
        return 0..0;
    }
    let first = (scroll_top.max(0.0) / row_height).floor() as usize;
    let visible = (viewport.max(0.0) / row_height).ceil() as usize + 1;
    let start = first.saturating_sub(overscan).min(rows);
    let end = first
        .saturating_add(visible)
        .saturating_add(overscan)
        .min(rows);
    start..end.max(start)
}

/// Whether a scrolling list should keep following its newest row after a
/// scroll event: yes once it is at the bottom; no once the learner scrolls
/// up; otherwise as before. Only an upward move turns following off, so
/// the browser adjusting the position as rows are added (scroll anchoring)
/// does not stop the list from following.
pub fn keep_following(was: bool, last_top: f64, top: f64, viewport: f64, content: f64) -> bool {
    if top + viewport >= content - 4.0 {
        true
    } else if top < last_top - 1.0 {
        false
    } else {
        was
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn following_stops_only_when_the_learner_scrolls_up() {
        // At the bottom: follow.
        assert!(keep_following(false, 0.0, 700.0, 300.0, 1000.0));
        // Scrolled up: stop.
        assert!(!keep_following(true, 700.0, 400.0, 300.0, 1000.0));
        // Rows added below (the content grew, the position did not move up):
        // keep doing what it did.
        assert!(keep_following(true, 700.0, 700.0, 300.0, 1300.0));
        assert!(!keep_following(false, 400.0, 450.0, 300.0, 1300.0));
    }

    fn item(lane: usize) -> Item {
        Item {
            seq: 1,
            entry: Some(lane as u64),
            lane,
            peer: None,
            outgoing: true,
            mark: Mark::Call,
            label: "x".into(),
        }
    }

    #[test]
    fn window_covers_the_viewport_plus_overscan() {
        assert_eq!(window(0.0, 280.0, 28.0, 10_000, 5), 0..16);
        assert_eq!(window(2800.0, 280.0, 28.0, 10_000, 5), 95..116);
        // The end is clamped: a position past the end draws nothing, and the
        // last screenful draws the tail.
        assert_eq!(window(1e9, 280.0, 28.0, 100, 5), 100..100);
        assert_eq!(window(2520.0, 280.0, 28.0, 100, 5), 85..100);
        assert_eq!(window(0.0, 280.0, 28.0, 0, 5), 0..0);
        assert_eq!(window(-5.0, 280.0, 0.0, 10, 5), 0..0);
    }

    #[test]
    fn lanes_are_added_once() {
        let mut t = Timeline::default();
        let a = t.lane(LaneKey::Socket(SocketId(1)), || "s1".into());
        let b = t.lane(LaneKey::Service("echo".into()), || "echo".into());
        assert_eq!(t.lane(LaneKey::Socket(SocketId(1)), || "again".into()), a);
        assert_eq!((a, b), (0, 1));
        assert_eq!(t.lanes[0].label, "s1");
        t.close_lane(a);
        assert!(t.lanes[0].closed);
        assert_eq!(t.find(&LaneKey::Outside), None);
    }

    #[test]
    fn bars_open_and_close_at_rows() {
        let mut t = Timeline::default();
        t.push(item(0));
        t.open_bar(0, 7);
        for _ in 0..10 {
            t.push(item(1));
        }
        assert_eq!(
            t.bars_in(5..8).count(),
            1,
            "an open bar crosses every later row"
        );
        t.close_bar(7);
        assert_eq!(t.bars.get(0).and_then(|b| b.to), Some(10));
        assert_eq!(t.bars_in(11..20).count(), 0);
        assert_eq!(t.bars_in(0..1).count(), 1);
        assert_eq!(t.row_of_entry(0), Some(0));
        assert_eq!(t.row_of_entry(1), Some(10));
    }
}
