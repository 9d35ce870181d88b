//! The page's model: one [`State`], changed only by [`Action`]s through
//! [`State::apply`] (and yew's [`Reducible`] on top of it).
//!
//! Pure: no DOM, no WebSocket. Everything the relay says arrives here as an
//! [`Action::Received`] event, so the whole model is unit-tested natively by
//! feeding it the events a real relay would send.

use crate::python;
use crate::trace::{self, TraceLine};
use shared::event::Body;
use shared::{Command, Event, Hello, Op, OpResult, Outcome, Rejection, SocketId, SocketSnapshot};
use shared::{ServiceInfo, ServiceProto, Value};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

/// The WebSocket to the relay, as the page sees it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Connection {
    /// Opening, or open and waiting for the relay's hello.
    #[default]
    Connecting,
    /// The relay said hello; commands may flow.
    Connected,
    /// The WebSocket closed or could not open.
    Closed {
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
            Connection::Closed { .. } => "disconnected",
        }
    }
}

/// Where one command stands.
#[derive(Clone, Debug, PartialEq)]
pub enum EntryStatus {
    /// Sent; nothing heard yet.
    Sent,
    /// The relay says the call is blocking (a `recv` waiting for data).
    Pending {
        /// The socket's timeout, if any.
        timeout: Option<f64>,
    },
    /// Finished: returned, raised, or cancelled (boxed: results are large).
    Done(Box<OpResult>),
    /// The relay refused to run it (bad input, policy, a limit).
    Rejected(Rejection),
    /// It never left the page (the WebSocket was gone).
    NotSent {
        /// Why.
        reason: String,
    },
}

/// One command and what became of it: a line of the console.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The command's id.
    pub id: u64,
    /// What was asked.
    pub op: Op,
    /// What happened.
    pub status: EntryStatus,
}

/// How a result line should look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultKind {
    /// Still waiting.
    Waiting,
    /// Returned normally.
    Ok,
    /// Raised a Python exception.
    Error,
    /// The call was cancelled (its socket closed under it).
    Cancelled,
    /// The relay refused it: not a socket error but a relay rule.
    Rejected,
}

impl ResultKind {
    /// A stable lower-case name, used as a CSS class and `data-kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            ResultKind::Waiting => "waiting",
            ResultKind::Ok => "ok",
            ResultKind::Error => "error",
            ResultKind::Cancelled => "cancelled",
            ResultKind::Rejected => "rejected",
        }
    }
}

impl Entry {
    /// The Python line the learner would type for this command.
    pub fn call_line(&self) -> String {
        let target = match &self.status {
            EntryStatus::Done(r) => match &r.outcome {
                Outcome::Ok(Value::Socket(s)) => Some(s.id),
                _ => None,
            },
            _ => None,
        };
        python::call_line(&self.op, target)
    }

    /// How the result looks, and its text: what the REPL would print (empty
    /// for `None`), the exception line, or the relay's refusal.
    pub fn result(&self) -> (ResultKind, String) {
        match &self.status {
            EntryStatus::Sent => (ResultKind::Waiting, "…".into()),
            EntryStatus::Pending { timeout } => (
                ResultKind::Waiting,
                match timeout {
                    Some(t) => format!("… blocking (timeout {})", python::float_repr(*t)),
                    None => "… blocking".into(),
                },
            ),
            EntryStatus::Done(r) => match &r.outcome {
                Outcome::Ok(v) => (ResultKind::Ok, python::value_repr(v).unwrap_or_default()),
                Outcome::Err(e) => (ResultKind::Error, e.to_string()),
                Outcome::Cancelled { reason } => {
                    (ResultKind::Cancelled, format!("cancelled: {reason}"))
                }
            },
            EntryStatus::Rejected(r) => (ResultKind::Rejected, format!("relay rejected: {r}")),
            EntryStatus::NotSent { reason } => {
                (ResultKind::Rejected, format!("not sent: {reason}"))
            }
        }
    }

    /// The syscall trace, once the result is in.
    pub fn trace(&self) -> Vec<TraceLine> {
        match &self.status {
            EntryStatus::Done(r) => trace::lines(&r.trace),
            _ => Vec::new(),
        }
    }

    /// How long the op took in the relay, once finished.
    pub fn elapsed_us(&self) -> Option<u64> {
        match &self.status {
            EntryStatus::Done(r) => Some(r.elapsed_us),
            _ => None,
        }
    }
}

/// Everything the page knows.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct State {
    /// The WebSocket's state.
    pub connection: Connection,
    /// The relay's greeting, once received.
    pub hello: Option<Hello>,
    /// The highest event sequence number seen (for a later resume).
    pub last_seq: u64,
    /// Every command sent, in order, with its outcome.
    pub entries: Vec<Entry>,
    /// Open sockets, from the snapshots in results.
    pub sockets: BTreeMap<SocketId, SocketSnapshot>,
    /// The socket the controls act on.
    pub selected: Option<SocketId>,
    /// Relay messages not tied to one command (refusals without an id, gaps).
    pub notices: Vec<String>,
}

/// Everything that can change the [`State`].
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A command left for the relay.
    Sent(Command),
    /// A command could not be sent.
    NotSent {
        /// The command's id.
        id: u64,
        /// Why.
        reason: String,
    },
    /// An event arrived from the relay (boxed: events are large).
    Received(Box<Event>),
    /// A frame from the relay could not be decoded.
    Undecodable(String),
    /// The WebSocket closed or failed.
    Disconnected(String),
    /// The learner picked the socket the controls act on.
    Select(SocketId),
}

impl State {
    /// Applies one action. The only way the model changes.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Sent(Command { id, op, .. }) => {
                // The handshake is shown as the connection status, not as a
                // console line.
                if !matches!(op, Op::Hello { .. }) {
                    self.entries.push(Entry {
                        id,
                        op,
                        status: EntryStatus::Sent,
                    });
                }
            }
            Action::NotSent { id, reason } => {
                if let Some(e) = self.entry_mut(id) {
                    e.status = EntryStatus::NotSent { reason };
                }
            }
            Action::Received(event) => self.receive(*event),
            Action::Undecodable(detail) => {
                self.notices
                    .push(format!("could not decode a frame from the relay: {detail}"));
            }
            Action::Disconnected(reason) => {
                self.connection = Connection::Closed { reason };
            }
            Action::Select(id) => {
                if self.sockets.contains_key(&id) {
                    self.selected = Some(id);
                }
            }
        }
    }

    fn receive(&mut self, event: Event) {
        self.last_seq = self.last_seq.max(event.seq);
        match event.body {
            Body::Hello(hello) => {
                self.hello = Some(hello);
                self.connection = Connection::Connected;
            }
            Body::Pending { id, timeout, .. } => {
                if let Some(e) = self.entry_mut(id) {
                    e.status = EntryStatus::Pending { timeout };
                }
            }
            Body::Progress { .. } | Body::Service(_) => {}
            Body::Result(result) => {
                self.track_sockets(&result);
                if let Some(e) = self.entry_mut(result.id) {
                    e.status = EntryStatus::Done(Box::new(result));
                }
            }
            Body::Rejected { id, reason } => {
                let entry = id.and_then(|id| self.entry_mut(id));
                match entry {
                    Some(e) => e.status = EntryStatus::Rejected(reason),
                    None => self.notices.push(format!("relay rejected: {reason}")),
                }
            }
            Body::Gap { from, to } => self.notices.push(format!(
                "events {from}–{to} were lost; the view may be incomplete"
            )),
            Body::Closing { reason } => {
                self.connection = Connection::Closed {
                    reason: format!("the relay is stopping: {reason}"),
                };
            }
        }
    }

    /// Keeps the socket table in step with the snapshots a result carries.
    fn track_sockets(&mut self, result: &OpResult) {
        let mut created = None;
        match &result.outcome {
            Outcome::Ok(Value::Socket(s)) => created = Some(s.clone()),
            Outcome::Ok(Value::Accepted { socket, .. }) => {
                self.sockets.insert(socket.id, socket.clone());
            }
            _ => {}
        }
        if let Some(s) = result.socket.clone() {
            if s.closed {
                self.sockets.remove(&s.id);
            } else {
                self.sockets.insert(s.id, s);
            }
        }
        if let Some(s) = created {
            self.selected = Some(s.id);
            self.sockets.insert(s.id, s);
        }
        if self
            .selected
            .is_some_and(|id| !self.sockets.contains_key(&id))
        {
            self.selected = self.sockets.keys().next_back().copied();
        }
    }

    fn entry_mut(&mut self, id: u64) -> Option<&mut Entry> {
        // Answers usually concern the newest commands: search from the end.
        self.entries.iter_mut().rev().find(|e| e.id == id)
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
mod tests;
