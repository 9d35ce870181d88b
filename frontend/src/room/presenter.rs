//! The presenter view: the room as a projector shows it to the class — who
//! is present, the room's timeline with names (who connected to whom,
//! bytes, closes), the teacher's own sockets with the classmate at the
//! other end of each, and the spotlighted student's calls. Decided here,
//! without the DOM; `components/presenter.rs` draws it.
//!
//! Every line carries a word as well as a symbol and a colour class, so
//! nothing is told by colour alone on a washed-out projector.

use super::spotlight::SpotlightFeed;
use crate::state::sockets::Sockets;
use shared::{CallEnd, RoomEvent, RoomEventKind, RoomView, SockAddr, SockType};
use std::collections::VecDeque;

/// Timeline entries a projector shows: the newest, readable from the back
/// of the room without scrolling.
pub const TIMELINE_SHOWN: usize = 12;

/// Spotlighted calls a projector shows: the newest.
pub const CALLS_SHOWN: usize = 10;

/// How many students are present, for the headline:
/// `2 students present`, `1 student present`, `no students yet`.
pub fn students_present(view: &RoomView) -> String {
    match view.members.iter().filter(|m| !m.teacher).count() {
        0 => "no students yet".into(),
        1 => "1 student present".into(),
        n => format!("{n} students present"),
    }
}

/// How an entry or a call is marked: a CSS class for its colour and a
/// symbol beside its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    /// The class (`connect`, `send`, `close`, …).
    pub class: &'static str,
    /// A symbol that says the same (`⇄`, `→`, `✕`).
    pub symbol: &'static str,
}

/// The mark of a timeline entry's kind.
pub fn event_mark(kind: RoomEventKind) -> Mark {
    let (class, symbol) = match kind {
        RoomEventKind::Listen => ("listen", "◉"),
        RoomEventKind::Connect => ("connect", "⇄"),
        RoomEventKind::Accept => ("accept", "⇄"),
        RoomEventKind::Send => ("send", "→"),
        RoomEventKind::Receive => ("receive", "←"),
        RoomEventKind::Eof => ("eof", "⏏"),
        RoomEventKind::Close => ("close", "✕"),
        RoomEventKind::Reset => ("reset", "↺"),
        RoomEventKind::Other => ("other", "•"),
    };
    Mark { class, symbol }
}

/// One line of the projected timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineRow {
    /// The entry's number (a stable key).
    pub n: u64,
    /// When, since the room opened: `12.3 s`, `4:05`.
    pub at: String,
    /// The sentence, with names.
    pub what: String,
    /// Its mark.
    pub mark: Mark,
}

/// The newest `shown` timeline entries, newest first.
pub fn timeline_rows<'a>(
    events: impl DoubleEndedIterator<Item = &'a RoomEvent>,
    shown: usize,
) -> Vec<TimelineRow> {
    events
        .rev()
        .take(shown)
        .map(|e| TimelineRow {
            n: e.n,
            at: clock(e.at_ms),
            what: e.what.clone(),
            mark: event_mark(e.kind),
        })
        .collect()
}

/// Time since the room opened: seconds with a tenth for the first minute,
/// then `m:ss` (a lesson lasts an hour, not a second).
pub fn clock(ms: u64) -> String {
    if ms < 60_000 {
        format!("{:.1} s", ms as f64 / 1000.0)
    } else {
        let s = ms / 1000;
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// One of the teacher's own sockets, as projected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SocketLine {
    /// `s1`.
    pub id: String,
    /// `TCP` or `UDP`.
    pub kind: &'static str,
    /// The TCP state (`LISTEN`, `ESTABLISHED`) or `bound`/`unbound` for UDP.
    pub state: String,
    /// The local address, or `—`.
    pub local: String,
    /// Who is at the other end: `Ada (127.0.0.1:40312)`, an address alone,
    /// or empty when not connected.
    pub peer: String,
}

/// The teacher's open sockets, each with the classmate at its other end
/// when the room can tell.
pub fn socket_lines(
    view: &RoomView,
    sockets: &Sockets,
    events: &VecDeque<RoomEvent>,
) -> Vec<SocketLine> {
    sockets
        .open()
        .map(|row| {
            let s = &row.snap;
            let kind = match s.kind {
                SockType::Stream => "TCP",
                SockType::Dgram => "UDP",
            };
            let state = match (s.tcp_state, &s.local) {
                (Some(t), _) => t.name().to_string(),
                (None, Some(_)) => "bound".into(),
                (None, None) => "new".into(),
            };
            let peer =
                s.peer
                    .as_ref()
                    .map_or_else(String::new, |p| match peer_name(view, events, p) {
                        Some(name) => format!("{name} ({p})"),
                        None => p.to_string(),
                    });
            SocketLine {
                id: s.id.to_string(),
                kind,
                state,
                local: s
                    .local
                    .as_ref()
                    .map_or_else(|| "—".into(), SockAddr::to_string),
                peer,
            }
        })
        .collect()
}

/// The member at `addr`, by name (`you` for the page's own): a member's
/// listener there, or the client an accept of the page's got from there.
pub fn peer_name(view: &RoomView, events: &VecDeque<RoomEvent>, addr: &SockAddr) -> Option<String> {
    let listening = view
        .listeners
        .iter()
        .find(|l| {
            l.addr.port == addr.port
                && (l.addr.ip == addr.ip || l.addr.ip == "0.0.0.0" || l.addr.ip == "::")
        })
        .map(|l| l.member);
    let accepted = || {
        events
            .iter()
            .rev()
            .find(|e| {
                e.kind == RoomEventKind::Accept
                    && e.member == view.you
                    && e.addr.as_ref() == Some(addr)
            })
            .and_then(|e| e.peer)
    };
    let id = listening.or_else(accepted)?;
    if id == view.you {
        return Some("you".into());
    }
    Some(member_name(view, id))
}

/// A member's name, or `member 3` for one who has left.
pub fn member_name(view: &RoomView, id: u32) -> String {
    view.members
        .iter()
        .find(|m| m.id == id)
        .map_or_else(|| format!("member {id}"), |m| m.name.clone())
}

/// One spotlighted call, as projected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallRow {
    /// The call's number (a stable key).
    pub n: u64,
    /// The call as Python.
    pub line: String,
    /// What it returned (empty for `None`), raised, or why it was refused.
    pub result: String,
    /// `ok`, `error`, `refused`, `cancelled`, and a symbol for it.
    pub mark: Mark,
}

/// The spotlight panel: whose session, and their newest calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpotlightPanel {
    /// The member.
    pub member: u32,
    /// Their name.
    pub name: String,
    /// Their newest `shown` calls, oldest first (read like a console).
    pub rows: Vec<CallRow>,
}

/// The spotlight panel, when a member is in the spotlight.
pub fn spotlight_panel(
    view: &RoomView,
    feed: &SpotlightFeed,
    shown: usize,
) -> Option<SpotlightPanel> {
    let member = view.spotlight?;
    let calls = feed.calls.iter().filter(|_| feed.member == Some(member));
    let skip = calls.clone().count().saturating_sub(shown);
    let rows = calls
        .skip(skip)
        .map(|c| {
            let (class, symbol) = match c.end {
                CallEnd::Ok => ("ok", "✓"),
                CallEnd::Error => ("error", "✗"),
                CallEnd::Refused => ("refused", "⊘"),
                CallEnd::Cancelled => ("cancelled", "…"),
            };
            CallRow {
                n: c.n,
                line: c.line.clone(),
                result: c.result.clone(),
                mark: Mark { class, symbol },
            }
        })
        .collect();
    Some(SpotlightPanel {
        member,
        name: member_name(view, member),
        rows,
    })
}

/// A student the teacher may put in the spotlight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The member's number.
    pub id: u32,
    /// The name.
    pub name: String,
    /// `2 sockets`.
    pub sockets: String,
    /// Whether they are in the spotlight now.
    pub on: bool,
}

/// The students, in the room's order, for the spotlight's picker.
pub fn spotlight_choices(view: &RoomView) -> Vec<Choice> {
    view.members
        .iter()
        .filter(|m| !m.teacher && m.id != view.you)
        .map(|m| Choice {
            id: m.id,
            name: m.name.clone(),
            sockets: match m.sockets {
                1 => "1 socket".into(),
                n => format!("{n} sockets"),
            },
            on: view.spotlight == Some(m.id),
        })
        .collect()
}

/// A byte count, short: `14 B`, `1.2 kB`, `3.4 MB` (powers of 1000).
pub fn bytes_short(n: u64) -> String {
    const UNITS: [&str; 6] = ["kB", "MB", "GB", "TB", "PB", "EB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1000.0;
    let mut unit = UNITS[0];
    for u in &UNITS[1..] {
        if v < 1000.0 {
            break;
        }
        v /= 1000.0;
        unit = u;
    }
    if v < 10.0 {
        format!("{v:.1} {unit}")
    } else {
        format!("{v:.0} {unit}")
    }
}

#[cfg(test)]
#[path = "presenter_tests.rs"]
mod tests;
