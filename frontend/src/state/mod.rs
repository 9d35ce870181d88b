//! The page's model: one [`State`], changed only by [`Action`]s through
//! [`State::apply`] (and yew's [`Reducible`] on top of it).
//!
//! Pure: no DOM, no WebSocket, no clock. Everything the relay says arrives
//! as an [`Action::Received`] event with the page's time, so the whole model
//! is unit-tested natively by feeding it what a real relay sends.
//!
//! - [`entry`]: one console line (a command and what became of it).
//! - [`sockets`]: the socket table.
//! - [`services`]: live connections to the relay's services.
//! - [`chart`]: turns events into timeline rows.
//! - [`log`]: the cheap-to-clone list behind the console and the timeline.
//! - [`prefs`]: theme and presenter mode.

mod chart;
pub mod entry;
pub mod log;
pub mod prefs;
pub mod services;
pub mod sockets;

pub use entry::{Direction, Entry, EntryStatus, ResultKind};
use log::Log;
use services::ServiceConns;
use shared::event::Body;
use shared::{
    Command, Event, Hello, LingeringConn, Op, OpResult, Outcome, PyError, Rejection, SocketId,
    SocketSnapshot, Value,
};
use shared::{ServiceInfo, ServiceProto};
use sockets::Sockets;
use std::rc::Rc;
use yew::Reducible;

use crate::timeline::Timeline;

/// The WebSocket to the relay, as the page sees it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Connection {
    /// Opening for the first time, or waiting for the relay's hello.
    #[default]
    Connecting,
    /// The relay said hello; commands may flow.
    Connected,
    /// The WebSocket dropped; the page is trying again and will resume the
    /// session (its sockets stay open in the relay meanwhile).
    Reconnecting {
        /// Which attempt this is, from 1.
        attempt: u32,
        /// Why the last connection ended.
        reason: String,
    },
    /// The relay is gone or the session cannot continue.
    Stopped {
        /// Why, for the learner.
        reason: String,
    },
}

impl Connection {
    /// A one-word label, also used as the status element's `data-state`.
    pub fn label(&self) -> &'static str {
        match self {
            Connection::Connecting => "connecting",
            Connection::Connected => "connected",
            Connection::Reconnecting { .. } => "reconnecting",
            Connection::Stopped { .. } => "stopped",
        }
    }
}

/// A message from the relay or the page that is not one command's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Where it comes from: `relay` (a refusal, a gap) or `page`.
    pub source: &'static str,
    /// What it says.
    pub text: String,
}

/// Everything the page knows.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct State {
    /// The WebSocket's state.
    pub connection: Connection,
    /// The relay's greeting, once received.
    pub hello: Option<Hello>,
    /// The highest event sequence number seen (for a resume).
    pub last_seq: u64,
    /// Every command, in order, with its outcome.
    pub entries: Log<Entry>,
    /// The session's sockets.
    pub sockets: Sockets,
    /// The socket the op builder acts on.
    pub selected: Option<SocketId>,
    /// Connections to the relay's services.
    pub service_conns: ServiceConns,
    /// The sequence diagram.
    pub timeline: Timeline,
    /// The timeline row whose details are shown.
    pub focused_row: Option<usize>,
    /// Relay messages not tied to one command.
    pub notices: Vec<Notice>,
    /// When the first hello arrived (page clock, ms): load → connected.
    pub connected_at_ms: Option<f64>,
    /// Closed sockets' connections the kernel still keeps (TIME_WAIT, …).
    pub lingering: Vec<LingeringConn>,
    /// The room this session is in, if any.
    pub room: Option<shared::RoomView>,
    /// The room's timeline, for its teacher: newest last, the last
    /// [`ROOM_ACTIVITY_KEPT`] entries.
    pub room_activity: std::collections::VecDeque<shared::RoomEvent>,
    /// The spotlighted student's calls, for the teacher's presenter view.
    pub spotlight: crate::room::spotlight::SpotlightFeed,
    /// Why the teacher last reset this session's sockets, shown in the
    /// Classroom panel while the page stays in the room.
    pub room_reset: Option<String>,
    /// The relay of a group the page is moving to, and the command it
    /// moves for (a `join_room`), until that relay's hello.
    pub moving: Option<(String, u64)>,
    /// The relay refused the resume a reloaded tab asked for before this
    /// page had a session ([`crate::reload`]): the next hello starts a new
    /// one, and says why.
    pub reload_refused: bool,
    /// Commands numbered below this were an earlier page's in this tab
    /// (set by [`Action::Reloaded`]; 0 otherwise).
    pub first_id: u64,
}

/// Entries of the room's timeline the page keeps.
pub const ROOM_ACTIVITY_KEPT: usize = 200;

/// Everything that can change the [`State`].
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A command left for the relay, at `at_ms` on the page's clock.
    Sent {
        /// The command.
        command: Command,
        /// When.
        at_ms: f64,
    },
    /// A command could not be sent.
    NotSent {
        /// The command's id.
        id: u64,
        /// Why.
        reason: String,
    },
    /// Python would raise this before any system call; nothing was sent.
    RaisedLocally {
        /// An id for the console line (from the same counter as commands).
        id: u64,
        /// The Python line the learner asked for.
        line: String,
        /// The exception.
        error: PyError,
        /// When.
        at_ms: f64,
    },
    /// An event arrived from the relay (boxed: events are large).
    Received {
        /// The event.
        event: Box<Event>,
        /// When, on the page's clock.
        at_ms: f64,
    },
    /// A frame from the relay could not be decoded.
    Undecodable(String),
    /// The WebSocket dropped; the page will try again (attempt from 1).
    Reconnecting {
        /// Which attempt comes next.
        attempt: u32,
        /// Why the connection ended.
        reason: String,
    },
    /// The connection is gone for good.
    Stopped(String),
    /// The learner picked the socket the builder acts on.
    Select(SocketId),
    /// A closed socket's row finished fading out.
    Forget(SocketId),
    /// The learner opened a timeline row (or closed it with `None`).
    Focus(Option<usize>),
    /// Python code made command `id`: `text` is its source line, shown
    /// beside the call.
    Origin {
        /// The command's id.
        id: u64,
        /// The line of the script or console input.
        text: String,
    },
    /// The page is leaving its relay for `relay`, another of the group
    /// behind this address, to send command `id` there (joining a room
    /// that lives there): the next hello starts a new session on purpose.
    MovingRelay {
        /// The relay's id.
        relay: String,
        /// The command that waits for it.
        id: u64,
    },
    /// A while after a resume: commands sent before `before_ms` that the
    /// relay has still not answered never reached it (they were lost with
    /// the old connection), so they stop waiting. Sent by the hook after
    /// the replay has had time to arrive.
    SettleUnanswered {
        /// Commands sent before this page time.
        before_ms: f64,
    },
    /// The page was loaded again in a tab that carried its session
    /// ([`crate::reload`]): commands numbered below `first_id` were the old
    /// page's, and the replay's answers to them are history, not news.
    Reloaded {
        /// The id this page's first command gets.
        first_id: u64,
    },
}

impl State {
    /// Applies one action. The only way the model changes.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Sent { command, at_ms } => {
                // The handshake and the service watch are the connection's
                // business, not console lines.
                if !matches!(command.op, Op::Hello { .. } | Op::WatchServices { .. }) {
                    self.entries.push(Entry {
                        id: command.id,
                        line: None,
                        op: Some(command.op),
                        sent_ms: at_ms,
                        status: EntryStatus::Sent,
                        done_seq: None,
                        origin: None,
                    });
                }
            }
            Action::Origin { id, text } => {
                if let Some(e) = self.entry_mut(id) {
                    e.origin = Some(text);
                }
            }
            Action::NotSent { id, reason } => {
                // The command a move to another relay was for: no move now.
                if self.moving.as_ref().is_some_and(|(_, keep)| *keep == id) {
                    self.moving = None;
                }
                if let Some(e) = self.entry_mut(id) {
                    e.status = EntryStatus::NotSent { reason };
                }
            }
            Action::RaisedLocally {
                id,
                line,
                error,
                at_ms,
            } => {
                self.entries.push(Entry {
                    id,
                    line: Some(line),
                    op: None,
                    sent_ms: at_ms,
                    status: EntryStatus::RaisedLocally(error),
                    done_seq: None,
                    origin: None,
                });
            }
            Action::Received { event, at_ms } => self.receive(*event, at_ms),
            Action::Undecodable(detail) => self.notice(
                "page",
                format!("could not decode a frame from the relay: {detail}"),
            ),
            Action::Reconnecting { attempt, reason } => {
                if !matches!(self.connection, Connection::Stopped { .. }) {
                    self.connection = Connection::Reconnecting { attempt, reason };
                }
            }
            Action::MovingRelay { relay, id } => {
                self.moving = Some((relay, id));
                self.connection = Connection::Connecting;
            }
            Action::Stopped(reason) => {
                if !matches!(self.connection, Connection::Stopped { .. }) {
                    self.connection = Connection::Stopped { reason };
                }
            }
            Action::Select(id) => {
                if self.sockets.is_open(id) {
                    self.selected = Some(id);
                }
            }
            Action::Forget(id) => self.sockets.forget(id),
            Action::Reloaded { first_id } => self.first_id = first_id,
            Action::SettleUnanswered { before_ms } => self.settle_waiting(
                |e| e.sent_ms < before_ms && matches!(e.status, EntryStatus::Sent),
                "sent as the connection dropped and never answered: the relay did not get it; run it again",
            ),
            Action::Focus(row) => {
                self.focused_row = row.filter(|r| *r < self.timeline.items.len());
            }
        }
    }

    fn receive(&mut self, event: Event, at_ms: f64) {
        // A replay after a resume may repeat what the page already has.
        if event.seq != 0 && event.seq <= self.last_seq && !matches!(event.body, Body::Hello(_)) {
            return;
        }
        self.last_seq = self.last_seq.max(event.seq);
        let seq = event.seq;
        match event.body {
            Body::Hello(hello) => {
                let fresh = !hello.resumed;
                self.connected_at_ms.get_or_insert(at_ms);
                self.hello(hello);
                if fresh {
                    self.last_seq = seq;
                }
            }
            Body::Pending {
                id, sock, timeout, ..
            } => {
                if let Some(e) = self.entry_mut(id) {
                    e.status = EntryStatus::Pending {
                        timeout,
                        since_ms: at_ms,
                        progress: None,
                    };
                }
                self.chart_pending(seq, id, sock);
            }
            Body::Progress {
                id, done, total, ..
            } => {
                if let Some(e) = self.entry_mut(id) {
                    match &mut e.status {
                        EntryStatus::Pending { progress, .. } => *progress = Some((done, total)),
                        status @ EntryStatus::Sent => {
                            *status = EntryStatus::Pending {
                                timeout: None,
                                since_ms: at_ms,
                                progress: Some((done, total)),
                            }
                        }
                        _ => {}
                    }
                }
            }
            Body::Service(activity) => {
                self.service_conns.apply(&activity);
                self.chart_service(seq, &activity);
            }
            Body::Result(result) => {
                self.track_sockets(&result);
                self.chart_result(seq, &result);
                if let Some(e) = self.entry_mut(result.id) {
                    e.status = EntryStatus::Done(Box::new(result));
                    e.done_seq = Some(seq);
                }
            }
            // The hook answers a failed resume with a fresh hello, whose
            // handler tells the learner; the refusal itself is no news.
            Body::Rejected {
                reason: Rejection::ResumeFailed { .. },
                ..
            } => self.reload_refused |= self.hello.is_none(),
            Body::Rejected { id, reason } => {
                // An earlier page's refusal, replayed after a reload, was
                // told to that page: the console it went with is gone.
                let history = id.is_some_and(|id| id != 0 && id < self.first_id);
                let entry = id.and_then(|id| self.entry_mut(id));
                match entry {
                    Some(e) => e.status = EntryStatus::Rejected(reason),
                    None if history => {}
                    None => self.notice("relay", format!("relay rejected: {reason}")),
                }
            }
            Body::Lingering { conns } => {
                self.chart_lingering(seq, &conns);
                self.lingering = conns;
            }
            Body::Gap { from, to } => {
                self.notice(
                    "relay",
                    format!("events {from}–{to} were too old for the relay to keep: the timeline and console miss them; the sockets table and the room are as they are now"),
                );
                self.settle_waiting(
                    Entry::is_waiting,
                    "its result may have been among the events lost while the page was away",
                );
            }
            Body::Sockets { sockets } => {
                // After a gap: the table is whole again, as the sockets are
                // now. A row still open here but not listed was closed
                // among the lost events.
                let gone: Vec<SocketSnapshot> = self
                    .sockets
                    .open()
                    .filter(|r| !sockets.iter().any(|k| k.socket.id == r.snap.id))
                    .map(|r| SocketSnapshot {
                        closed: true,
                        ..r.snap.clone()
                    })
                    .collect();
                for snap in &gone {
                    self.sockets.update(snap, None);
                }
                for k in &sockets {
                    self.sockets.update(&k.socket, k.accepted_from);
                }
                if self.selected.is_none_or(|id| !self.sockets.is_open(id)) {
                    self.selected = self.sockets.open().next_back().map(|r| r.snap.id);
                }
            }
            Body::Closing { reason } => {
                self.connection = Connection::Stopped { reason };
            }
            Body::Room(view) => {
                self.spotlight.follow(view.spotlight);
                self.room = Some(view);
            }
            Body::RoomSpotlight { member, calls } => self.spotlight.receive(member, calls),
            Body::RoomReset { reason, .. } => {
                // The closes themselves arrive as results and update the
                // socket table; this says who closed them and why.
                self.notice("teacher", reason.clone());
                self.room_reset = Some(reason);
            }
            Body::RoomActivity { events } => {
                // Numbered by the room: after a replay with a gap the relay
                // sends what the room keeps again, and what is here stays.
                let newest = self.room_activity.back().map(|e| e.n);
                self.room_activity.extend(
                    events
                        .into_iter()
                        .filter(|e| newest.is_none_or(|n| e.n > n)),
                );
                while self.room_activity.len() > ROOM_ACTIVITY_KEPT {
                    self.room_activity.pop_front();
                }
            }
            Body::RoomLeft { reason } => {
                self.room = None;
                self.room_activity.clear();
                self.spotlight = Default::default();
                self.room_reset = None;
                self.notice("room", reason);
            }
        }
    }

    fn hello(&mut self, hello: Hello) {
        let had_session = self.hello.is_some();
        if had_session && !hello.resumed {
            // The old session ended (the relay restarted or the grace period
            // passed): its sockets are gone, so the table must not show them.
            // Socket ids start again at s1: the old session's sockets,
            // lanes and connections must not be mistaken for the new ones.
            self.sockets = Sockets::default();
            self.lingering.clear();
            self.room = None;
            self.room_activity.clear();
            self.spotlight = Default::default();
            self.room_reset = None;
            self.selected = None;
            self.timeline = Timeline::default();
            self.focused_row = None;
            self.service_conns = ServiceConns::default();
            match self.moving.take() {
                Some((relay, keep)) => {
                    self.settle_waiting(
                        |e| e.is_waiting() && e.id != keep,
                        "the page moved to another relay before it finished",
                    );
                    self.notice(
                        "relay",
                        format!("moved to relay {relay} of this server, where the room is: a new session there (the sockets of the old one close)"),
                    );
                }
                None => {
                    self.settle_waiting(Entry::is_waiting, "the session ended before it finished");
                    self.notice(
                        "relay",
                        "the earlier session had ended, so this is a new one: its sockets were closed"
                            .into(),
                    );
                }
            }
        }
        if !had_session {
            // A reloaded tab asks for the session it had ([`crate::reload`]).
            if hello.resumed {
                self.notice(
                    "relay",
                    "the page reloaded and took its session back: its sockets, room and timeline are as they were; the console and Python's variables start afresh (the sockets keep their names s1, s2, …)"
                        .into(),
                );
            } else if std::mem::take(&mut self.reload_refused) {
                self.notice(
                    "relay",
                    "the session this tab had before the page loaded again has ended (its grace period passed or the relay restarted), so this is a new one: its sockets were closed"
                        .into(),
                );
            }
        }
        self.hello = Some(hello);
        self.connection = Connection::Connected;
    }

    /// Keeps the socket table in step with the snapshots a result carries.
    fn track_sockets(&mut self, result: &OpResult) {
        let mut created = None;
        match &result.outcome {
            Outcome::Ok(Value::Socket(s)) => created = Some(s.id),
            Outcome::Ok(Value::Accepted { socket, .. }) => {
                self.sockets.update(socket, result.sock);
            }
            _ => {}
        }
        if let Some(s) = &result.socket {
            self.sockets.update(s, None);
        }
        if let Outcome::Ok(Value::Socket(s)) = &result.outcome {
            self.sockets.update(s, None);
        }
        if let Some(id) = created {
            self.selected = Some(id);
        }
        if self.selected.is_some_and(|id| !self.sockets.is_open(id)) {
            self.selected = self.sockets.open().next_back().map(|r| r.snap.id);
        }
    }

    /// Gives every entry whose status matches a final "not sent" status
    /// with `reason`, so no spinner waits for a result that cannot come.
    fn settle_waiting(&mut self, matches: impl Fn(&Entry) -> bool, reason: &str) {
        // Waiting entries are the newest ones: stop at the first finished
        // run of 64 from the end rather than walk a long session.
        let mut settled_in_a_row = 0;
        for i in (0..self.entries.len()).rev() {
            let Some(entry) = self.entries.get(i) else {
                break;
            };
            if matches(entry) {
                settled_in_a_row = 0;
                if let Some(e) = self.entries.get_mut(i) {
                    e.status = EntryStatus::NotSent {
                        reason: reason.to_string(),
                    };
                }
            } else {
                settled_in_a_row += 1;
                if settled_in_a_row > 64 {
                    break;
                }
            }
        }
    }

    fn notice(&mut self, source: &'static str, text: String) {
        self.notices.push(Notice { source, text });
    }

    fn entry_mut(&mut self, id: u64) -> Option<&mut Entry> {
        let index = self.entries.rposition(|e| e.id == id)?;
        self.entries.get_mut(index)
    }

    /// A console entry by command id.
    pub fn entry(&self, id: u64) -> Option<&Entry> {
        let index = self.entries.rposition(|e| e.id == id)?;
        self.entries.get(index)
    }

    /// A service the relay announced, by name and transport.
    pub fn service(&self, name: &str, proto: ServiceProto) -> Option<&ServiceInfo> {
        self.hello
            .as_ref()?
            .services
            .iter()
            .find(|s| s.name == name && s.proto == proto)
    }

    /// Whether commands can be sent now.
    pub fn is_connected(&self) -> bool {
        self.connection == Connection::Connected
    }

    /// "3 of 16 sockets", once the relay has said its limit.
    pub fn socket_budget(&self) -> Option<(usize, u32)> {
        let limit = self.hello.as_ref()?.limits.max_sockets;
        Some((self.sockets.open_count(), limit))
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod reload_tests;
#[cfg(test)]
mod tests;
