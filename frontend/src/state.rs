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
mod tests {
    use super::*;
    use shared::{
        Address, Family, Limits, Payload, Profile, PyError, SockAddr, SockType, Trace, TraceStep,
    };

    fn hello() -> Hello {
        Hello {
            version: shared::PROTOCOL_VERSION,
            relay: "0.1.0".into(),
            session: "abc".into(),
            resume_token: "secret".into(),
            resumed: false,
            profile: Profile::Local,
            limits: Limits {
                max_sockets: 16,
                max_payload: 1 << 20,
                max_message: 1 << 21,
                ops_per_second: 100,
                ops_burst: 200,
                max_buffered_bytes: 1 << 22,
                grace_secs: 30,
                idle_secs: 600,
                bind_port_min: 1024,
                bind_port_max: 65535,
            },
            services: vec![
                ServiceInfo {
                    name: "echo".into(),
                    proto: ServiceProto::Udp,
                    host: "127.0.0.1".into(),
                    port: 7008,
                    description: "UDP echo".into(),
                },
                ServiceInfo {
                    name: "echo".into(),
                    proto: ServiceProto::Tcp,
                    host: "127.0.0.1".into(),
                    port: 7007,
                    description: "TCP echo".into(),
                },
            ],
        }
    }

    fn snapshot(id: u32, closed: bool) -> SocketSnapshot {
        SocketSnapshot {
            id: SocketId(id),
            fd: 6 + id as i32,
            family: Family::Inet,
            kind: SockType::Stream,
            local: None,
            peer: None,
            timeout: None,
            tcp_state: None,
            recv_queue: None,
            send_queue: None,
            accept_queue: None,
            closed,
        }
    }

    fn result(id: u64, op: &str, sock: u32, outcome: Outcome, steps: Vec<TraceStep>) -> OpResult {
        OpResult {
            id,
            op: op.into(),
            sock: Some(SocketId(sock)),
            outcome,
            trace: Trace { steps, omitted: 0 },
            socket: Some(snapshot(sock, op == "close")),
            elapsed_us: 42,
        }
    }

    fn syscall(call: &str, ret: i64, errno: Option<i32>) -> TraceStep {
        TraceStep::Syscall {
            call: call.into(),
            args: "fd=7".into(),
            ret,
            errno,
            at_us: 1,
        }
    }

    /// Feeds the model what a relay sends and returns it.
    fn run(actions: impl IntoIterator<Item = Action>) -> State {
        let mut state = State::default();
        for a in actions {
            state.apply(a);
        }
        state
    }

    fn received(seq: u64, body: Body) -> Action {
        Action::Received(Box::new(Event { seq, body }))
    }

    fn sent(id: u64, op: Op) -> Action {
        Action::Sent(Command::new(id, op))
    }

    #[test]
    fn hello_connects_and_lists_services() {
        let state = run([
            sent(
                0,
                Op::Hello {
                    version: 1,
                    resume: None,
                },
            ),
            received(1, Body::Hello(hello())),
        ]);
        assert!(state.is_connected());
        assert_eq!(state.connection.label(), "connected");
        assert!(state.entries.is_empty(), "hello is not a console line");
        assert_eq!(
            state.service("echo", ServiceProto::Tcp).map(|s| s.port),
            Some(7007)
        );
        assert_eq!(state.last_seq, 1);
    }

    #[test]
    fn a_whole_echo_session() {
        let socket_op = Op::Socket {
            family: Family::Inet,
            kind: SockType::Stream,
        };
        let s1 = SocketId(1);
        let mut state = run([
            received(1, Body::Hello(hello())),
            sent(1, socket_op),
            received(
                2,
                Body::Result(OpResult {
                    socket: None,
                    ..result(
                        1,
                        "socket",
                        1,
                        Outcome::Ok(Value::Socket(snapshot(1, false))),
                        vec![syscall("socket", 7, None)],
                    )
                }),
            ),
        ]);
        assert_eq!(state.selected, Some(s1));
        assert_eq!(
            state.entries[0].call_line(),
            "s1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)"
        );
        assert_eq!(
            state.entries[0].result(),
            (
                ResultKind::Ok,
                "<socket.socket fd=7, family=AF_INET, type=SOCK_STREAM, proto=0>".into()
            )
        );

        state.apply(sent(
            2,
            Op::Connect {
                sock: s1,
                addr: Address::new("127.0.0.1", 7007),
            },
        ));
        state.apply(received(
            3,
            Body::Result(result(
                2,
                "connect",
                1,
                Outcome::Ok(Value::None),
                vec![syscall("connect", 0, None)],
            )),
        ));
        assert_eq!(state.entries[1].result(), (ResultKind::Ok, String::new()));
        assert_eq!(state.entries[1].trace()[0].text, "connect(fd=7) = 0");
        assert_eq!(state.entries[1].elapsed_us(), Some(42));

        state.apply(sent(
            3,
            Op::Recv {
                sock: s1,
                bufsize: 1024,
            },
        ));
        assert_eq!(state.entries[2].result().0, ResultKind::Waiting);
        state.apply(received(
            4,
            Body::Pending {
                id: 3,
                sock: s1,
                op: "recv".into(),
                timeout: Some(2.0),
            },
        ));
        assert_eq!(
            state.entries[2].result(),
            (ResultKind::Waiting, "… blocking (timeout 2.0)".into())
        );
        state.apply(received(
            5,
            Body::Result(result(
                3,
                "recv",
                1,
                Outcome::Ok(Value::Bytes(Payload::from("hello playground"))),
                vec![syscall("recvfrom", 16, None)],
            )),
        ));
        assert_eq!(
            state.entries[2].result(),
            (ResultKind::Ok, "b'hello playground'".into())
        );

        state.apply(sent(4, Op::Close { sock: s1 }));
        state.apply(received(
            6,
            Body::Result(result(
                4,
                "close",
                1,
                Outcome::Ok(Value::None),
                vec![syscall("close", 0, None)],
            )),
        ));
        assert!(state.sockets.is_empty());
        assert_eq!(state.selected, None);
        assert_eq!(state.last_seq, 6);
    }

    #[test]
    fn errors_are_python_exception_lines() {
        let state = run([
            sent(
                7,
                Op::Connect {
                    sock: SocketId(1),
                    addr: Address::new("127.0.0.1", 1),
                },
            ),
            received(
                9,
                Body::Result(result(
                    7,
                    "connect",
                    1,
                    Outcome::Err(PyError::from_errno(111)),
                    vec![syscall("connect", -1, Some(111))],
                )),
            ),
        ]);
        assert_eq!(
            state.entries[0].result(),
            (
                ResultKind::Error,
                "ConnectionRefusedError: [Errno 111] Connection refused".into()
            )
        );
        assert_eq!(
            state.entries[0].trace()[0].text,
            "connect(fd=7) = -1 ECONNREFUSED (Connection refused)"
        );
    }

    #[test]
    fn rejections_are_distinct_from_exceptions() {
        let state = run([
            sent(
                3,
                Op::Recv {
                    sock: SocketId(9),
                    bufsize: 1,
                },
            ),
            received(
                1,
                Body::Rejected {
                    id: Some(3),
                    reason: Rejection::UnknownSocket { sock: SocketId(9) },
                },
            ),
            received(
                2,
                Body::Rejected {
                    id: None,
                    reason: Rejection::Malformed {
                        detail: "junk".into(),
                    },
                },
            ),
        ]);
        assert_eq!(
            state.entries[0].result(),
            (
                ResultKind::Rejected,
                "relay rejected: no socket s9 in this session".into()
            )
        );
        assert_eq!(
            state.notices,
            vec!["relay rejected: malformed command: junk".to_string()]
        );
    }

    #[test]
    fn cancelled_and_unsent_commands() {
        let state = run([
            sent(
                1,
                Op::Recv {
                    sock: SocketId(1),
                    bufsize: 1,
                },
            ),
            sent(2, Op::Close { sock: SocketId(1) }),
            received(
                1,
                Body::Result(result(
                    1,
                    "recv",
                    1,
                    Outcome::Cancelled {
                        reason: "socket closed".into(),
                    },
                    vec![],
                )),
            ),
            Action::NotSent {
                id: 2,
                reason: "no connection".into(),
            },
        ]);
        assert_eq!(
            state.entries[0].result(),
            (ResultKind::Cancelled, "cancelled: socket closed".into())
        );
        assert_eq!(state.entries[1].result().0, ResultKind::Rejected);
    }

    #[test]
    fn accepted_sockets_are_tracked_and_selection_follows_closes() {
        let peer = SockAddr {
            ip: "127.0.0.1".into(),
            port: 5000,
        };
        let mut state = run([
            received(
                1,
                Body::Result(OpResult {
                    socket: None,
                    ..result(
                        1,
                        "socket",
                        1,
                        Outcome::Ok(Value::Socket(snapshot(1, false))),
                        vec![],
                    )
                }),
            ),
            received(
                2,
                Body::Result(result(
                    2,
                    "accept",
                    1,
                    Outcome::Ok(Value::Accepted {
                        socket: snapshot(2, false),
                        addr: peer,
                    }),
                    vec![],
                )),
            ),
        ]);
        assert_eq!(state.sockets.len(), 2);
        state.apply(Action::Select(SocketId(2)));
        assert_eq!(state.selected, Some(SocketId(2)));
        state.apply(Action::Select(SocketId(42)));
        assert_eq!(state.selected, Some(SocketId(2)), "unknown ids are ignored");
        state.apply(received(
            3,
            Body::Result(result(3, "close", 2, Outcome::Ok(Value::None), vec![])),
        ));
        assert_eq!(state.selected, Some(SocketId(1)));
    }

    #[test]
    fn disconnects_and_relay_shutdown() {
        let mut state = run([received(1, Body::Hello(hello()))]);
        state.apply(received(
            2,
            Body::Closing {
                reason: "SIGTERM".into(),
            },
        ));
        assert_eq!(state.connection.label(), "disconnected");
        state.apply(Action::Disconnected("code 1006".into()));
        assert_eq!(
            state.connection,
            Connection::Closed {
                reason: "code 1006".into()
            }
        );
    }

    #[test]
    fn reducer_returns_a_new_state() {
        let before = Rc::new(State::default());
        let after = before.clone().reduce(Action::Disconnected("x".into()));
        assert_eq!(before.connection, Connection::Connecting);
        assert_eq!(after.connection.label(), "disconnected");
    }
}
