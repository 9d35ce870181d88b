//! Events: everything the relay reports to a page.
//!
//! Every event has a per-session sequence number (`seq`, from 1, no gaps), so
//! a page that reconnects can say what it saw last and be sent the rest.
//!
//! # Format
//!
//! ```text
//! {"seq": 4, "body": {"result": {"id": 3, "op": "connect", "sock": 1,
//!   "outcome": {"ok": "none"}, "trace": {"steps": [...]}, "socket": {...},
//!   "elapsed_us": 85}}}
//! {"seq": 5, "body": {"pending": {"id": 5, "sock": 1, "op": "recv", "timeout": 2.0}}}
//! {"seq": 6, "body": {"rejected": {"id": 9, "reason": {"unknown_socket": {"sock": 42}}}}}
//! ```

use crate::address::{Family, SockAddr, SockType};
use crate::command::{OptValue, SocketId};
use crate::hello::Hello;
use crate::payload::Payload;
use crate::pyerror::PyError;
use crate::snapshot::SocketSnapshot;
use crate::trace::Trace;
use serde::{Deserialize, Serialize};

/// One event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Per-session sequence number, from 1.
    pub seq: u64,
    /// What happened.
    pub body: Body,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    /// The answer to `hello`.
    Hello(Hello),
    /// A blocking call started waiting; its result follows later.
    Pending {
        /// The command's id.
        id: u64,
        /// The socket it waits on.
        sock: SocketId,
        /// The op's name.
        op: String,
        /// The socket's timeout in seconds, if any, for a countdown.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timeout: Option<f64>,
    },
    /// Progress of a long `sendall`.
    Progress {
        /// The command's id.
        id: u64,
        /// The socket.
        sock: SocketId,
        /// Bytes sent so far.
        done: u64,
        /// Bytes to send in all.
        total: u64,
    },
    /// An op finished (successfully, with a Python exception, or cancelled).
    Result(OpResult),
    /// The relay refused a command without running it: bad input, policy, a
    /// limit. Distinct from a socket error, which is a [`Body::Result`].
    Rejected {
        /// The command's id, when it could be read.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<u64>,
        /// Why.
        reason: Rejection,
    },
    /// Activity on one of the relay's services (after `watch_services`).
    Service(ServiceActivity),
    /// Events `from..=to` were dropped from the replay buffer and cannot be
    /// resent; a [`Body::Sockets`] (and, in a room, its view) follows the
    /// replay with what they said of the sockets and the room.
    Gap {
        /// First lost sequence number.
        from: u64,
        /// Last lost sequence number.
        to: u64,
    },
    /// After a replay with a gap: the session's open sockets as they are
    /// now, since the results that created them may be among the lost
    /// events (a page reloaded after a long session replays from 0). Sent
    /// after the replay, with `seq` 0; not logged.
    Sockets {
        /// Every open socket, by id.
        sockets: Vec<KnownSocket>,
    },
    /// Connections of the session's closed TCP sockets that the kernel still
    /// keeps (`FIN_WAIT2`, `TIME_WAIT`, `LAST_ACK`, …), read from
    /// `/proc/net/tcp`: after `close()` the descriptor is gone but the
    /// connection is not, and a `TIME_WAIT` one holds its port for about a
    /// minute (C10). Sent whenever the list changes; empty once the last one
    /// is gone.
    Lingering {
        /// Every such connection now.
        conns: Vec<LingeringConn>,
    },
    /// The session's room as it is now (after joining, and whenever it
    /// changes; changes are coalesced to a few per second).
    Room(crate::room::RoomView),
    /// New entries of the room's timeline, for its teacher (sent with the
    /// room's view, oldest first).
    RoomActivity {
        /// The entries since the last ones sent.
        events: Vec<crate::room::RoomEvent>,
    },
    /// The spotlighted member's calls since the last ones sent, for the
    /// room's teacher only (sent with the room's view, oldest first).
    RoomSpotlight {
        /// Whose calls.
        member: u32,
        /// The calls, oldest first.
        calls: Vec<crate::room::SpotlightCall>,
    },
    /// The teacher reset this session: the relay closed every socket of it
    /// (their `close` results follow, with `id` 0). The session stays in
    /// the room.
    RoomReset {
        /// The sockets closed.
        sockets: Vec<SocketId>,
        /// What the page tells the learner
        /// (`the teacher reset your session: your 2 sockets were closed`).
        reason: String,
    },
    /// The session is no longer in a room.
    RoomLeft {
        /// Why: left, removed by the teacher, the room closed or expired.
        reason: String,
    },
    /// The relay is shutting down; every socket of the session is being closed.
    Closing {
        /// Why, for the page.
        reason: String,
    },
}

/// An open socket as [`Body::Sockets`] describes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KnownSocket {
    /// Its latest snapshot.
    pub socket: SocketSnapshot,
    /// The listening socket whose `accept()` returned it, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_from: Option<SocketId>,
}

/// A closed socket's connection that the kernel still keeps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LingeringConn {
    /// The socket it belonged to (closed now).
    pub sock: SocketId,
    /// Its local address.
    pub local: SockAddr,
    /// Its peer's address.
    pub peer: SockAddr,
    /// The kernel's state for it.
    pub state: crate::snapshot::TcpState,
}

/// The result of one op.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpResult {
    /// The command's id.
    pub id: u64,
    /// The op's name.
    pub op: String,
    /// The socket it acted on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sock: Option<SocketId>,
    /// What Python would have returned or raised.
    pub outcome: Outcome,
    /// The system calls behind it.
    pub trace: Trace,
    /// The socket's state afterwards (for `close`, with `closed: true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub socket: Option<SocketSnapshot>,
    /// Wall-clock time the op took, in microseconds.
    pub elapsed_us: u64,
}

/// What the op returned or raised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The return value.
    Ok(Value),
    /// The exception.
    Err(PyError),
    /// The call never finished: its socket was closed while it waited, or
    /// the session ended.
    Cancelled {
        /// Why, e.g. `socket closed`.
        reason: String,
    },
}

/// A Python return value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// `None`.
    None,
    /// An `int` (byte counts, errnos, fds, option values).
    Int(i64),
    /// A `float` (timeouts).
    Float(f64),
    /// A `bool`.
    Bool(bool),
    /// A `str` (host names).
    Str(String),
    /// `bytes`.
    Bytes(Payload),
    /// An address tuple.
    Addr(SockAddr),
    /// A new socket object (from `socket()`).
    Socket(SocketSnapshot),
    /// `(conn, addr)` from `accept()`.
    Accepted {
        /// The new connected socket.
        socket: SocketSnapshot,
        /// The peer's address.
        addr: SockAddr,
    },
    /// `(data, addr)` from `recvfrom()`.
    Datagram {
        /// The datagram (truncated to `bufsize`).
        data: Payload,
        /// Who sent it.
        addr: SockAddr,
    },
    /// A `SO_LINGER` value.
    Linger(OptValue),
    /// A list of `getaddrinfo` entries.
    AddrInfo(Vec<AddrInfoEntry>),
    /// `(hostname, aliaslist, ipaddrlist)`.
    HostEx {
        /// Primary name.
        name: String,
        /// Other names.
        aliases: Vec<String>,
        /// Addresses.
        addrs: Vec<String>,
    },
}

/// One `getaddrinfo` answer: `(family, type, proto, canonname, sockaddr)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddrInfoEntry {
    /// The family.
    pub family: Family,
    /// The socket type.
    #[serde(rename = "type")]
    pub kind: SockType,
    /// The protocol number (6 TCP, 17 UDP).
    pub proto: i32,
    /// The canonical name, usually empty.
    pub canonname: String,
    /// The address.
    pub addr: SockAddr,
}

/// Why the relay refused a command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum Rejection {
    /// The frame could not be decoded.
    #[error("malformed command: {detail}")]
    Malformed {
        /// What was wrong.
        detail: String,
    },
    /// The op name is not one the relay knows.
    #[error("unknown op `{name}`")]
    UnknownOp {
        /// The name given.
        name: String,
    },
    /// No socket with that id was ever opened in this session.
    #[error("no socket {sock} in this session")]
    UnknownSocket {
        /// The id given.
        sock: SocketId,
    },
    /// The socket is waiting in another call (one call at a time per socket,
    /// like one Python thread; `close` cancels it).
    #[error("{sock} is busy in {pending}(); one call at a time per socket (close cancels it)")]
    Busy {
        /// The socket.
        sock: SocketId,
        /// The op it waits in.
        pending: String,
    },
    /// The relay's safety policy forbids it.
    #[error("refused by relay policy: {detail}")]
    Policy {
        /// Which rule and why.
        detail: String,
    },
    /// A quota is exhausted.
    #[error("limit reached: {detail}")]
    Limit {
        /// Which limit (`sockets`, `ops_per_second`, …).
        limit: String,
        /// What happened, with the number in force.
        detail: String,
    },
    /// The page speaks another protocol version.
    #[error(
        "protocol version mismatch: page speaks {client}, relay speaks {relay}; reload the page"
    )]
    VersionMismatch {
        /// The page's version.
        client: u32,
        /// The relay's version.
        relay: u32,
    },
    /// A command came before `hello`, or a second `hello` came.
    #[error("{detail}")]
    Handshake {
        /// What was out of order.
        detail: String,
    },
    /// A room op that cannot be done: a wrong code or key, a full room, a
    /// student using a teacher's control, a paused room.
    #[error("{detail}")]
    Room {
        /// What went wrong, for the learner.
        detail: String,
    },
    /// A resume token was unknown or its session expired.
    #[error("cannot resume: {detail}")]
    ResumeFailed {
        /// Why.
        detail: String,
    },
}

/// A connection or bytes on one of the relay's services.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceActivity {
    /// The service's name.
    pub service: String,
    /// A per-relay connection number (for UDP, per peer address).
    pub conn: u64,
    /// The client's address.
    pub peer: SockAddr,
    /// What happened.
    pub what: Activity,
}

/// What happened on a service connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    /// A client connected.
    Opened,
    /// The service read bytes.
    Received {
        /// How many.
        bytes: u64,
    },
    /// The service wrote bytes.
    Sent {
        /// How many.
        bytes: u64,
    },
    /// The connection ended.
    Closed {
        /// Total bytes read.
        received: u64,
        /// Total bytes written.
        sent: u64,
        /// Whether it ended with a reset.
        reset: bool,
    },
}
