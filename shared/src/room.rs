//! Rooms: a class on one relay. A teacher opens a room and gets a short join
//! code; students join with it and a display name (no accounts). Inside a
//! room, a member's sockets may reach any port bound by a member of the same
//! room, never another room's, so "connect to your neighbour's echo server"
//! works on a shared server without opening anything else.
//!
//! # Format
//!
//! ```text
//! {"id": 7, "op": {"create_room": {"name": "Sockets 101", "teacher_key": "…"}}}
//! {"id": 8, "op": {"join_room": {"code": "K7P-3QX", "name": "Ada"}}}
//! {"seq": 9, "body": {"room": {"code": "K7P-3QX", "you": 2, "members": [...], ...}}}
//! ```

use crate::address::{SockAddr, SockType};
use serde::{Deserialize, Serialize};

/// Letters and digits a join code uses: none that read alike (no `0`/`O`,
/// `1`/`I`/`L`, `2`/`Z`, `5`/`S`, `8`/`B`), so a code read off a projector
/// is typed right.
pub const CODE_ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";

/// The teacher's controls over a room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoomControl {
    /// Pause or resume the room: while paused, students' socket ops are
    /// refused with "the teacher paused the room".
    Pause {
        /// `true` to pause.
        paused: bool,
    },
    /// Post a short task to every member's page (empty clears it).
    Task {
        /// The text.
        text: String,
    },
    /// Remove a student: their session ends and its sockets close.
    Remove {
        /// The member's number.
        member: u32,
    },
    /// Reset a student's session: the relay closes every socket of theirs
    /// for real (as if they had called `close()` on each), and they stay in
    /// the room with a note saying so. For a student stuck with a dozen
    /// half-open sockets, or a lesson that starts over.
    Reset {
        /// The member's number.
        member: u32,
    },
    /// Show one member's calls to the teacher as they complete (for the
    /// projector), or end the spotlight with `None`. The member's page is
    /// told it is in the spotlight.
    Spotlight {
        /// The member's number, or `None` to end it.
        #[serde(default)]
        member: Option<u32>,
    },
    /// Close the room for everyone.
    Close,
}

impl RoomControl {
    /// The control's name, for logs and metrics.
    pub fn name(&self) -> &'static str {
        match self {
            RoomControl::Pause { .. } => "pause",
            RoomControl::Task { .. } => "task",
            RoomControl::Remove { .. } => "remove",
            RoomControl::Reset { .. } => "reset",
            RoomControl::Spotlight { .. } => "spotlight",
            RoomControl::Close => "close",
        }
    }
}

/// A room as its members see it; sent whenever it changes (coalesced).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoomView {
    /// The join code, `K7P-3QX`.
    pub code: String,
    /// The room's title, given by the teacher.
    pub name: String,
    /// The member number of the session this view is sent to.
    pub you: u32,
    /// Everyone in the room, the teacher first.
    pub members: Vec<RoomMember>,
    /// Whether the teacher paused the room.
    pub paused: bool,
    /// The teacher's posted task, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// Addresses members' sockets have bound: what classmates may reach.
    pub listeners: Vec<RoomListener>,
    /// The member whose calls the teacher shows on the projector, if any:
    /// everyone sees it, so a student knows when their screen is public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spotlight: Option<u32>,
}

impl RoomView {
    /// The member this view was sent to.
    pub fn me(&self) -> Option<&RoomMember> {
        self.members.iter().find(|m| m.id == self.you)
    }

    /// Whether this view was sent to the room's teacher.
    pub fn is_teacher(&self) -> bool {
        self.me().is_some_and(|m| m.teacher)
    }
}

/// One member, with what a teacher's dashboard shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomMember {
    /// A number unique in the room.
    pub id: u32,
    /// The display name.
    pub name: String,
    /// Whether this is the teacher.
    pub teacher: bool,
    /// Open sockets.
    pub sockets: u32,
    /// Ops so far.
    pub ops: u64,
    /// The last op's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_op: Option<String>,
    /// The last exception or refusal, as one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Bytes the member's sockets sent (`send`, `sendall`, `sendto`
    /// results): with `ops`, how far a student got at a glance.
    #[serde(default)]
    pub bytes_sent: u64,
    /// Bytes the member's sockets received (`recv`, `recvfrom` results).
    #[serde(default)]
    pub bytes_received: u64,
}

/// An address a member's socket bound, reachable by the room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomListener {
    /// Whose.
    pub member: u32,
    /// The address.
    pub addr: SockAddr,
    /// TCP or UDP.
    #[serde(rename = "type")]
    pub kind: SockType,
}

/// One thing that happened between members of a room, for the presenter's
/// room timeline: who connected to whom, bytes, closes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomEvent {
    /// A number increasing through the room's life.
    pub n: u64,
    /// Milliseconds since the room opened.
    pub at_ms: u64,
    /// The member who made the call.
    pub member: u32,
    /// The member at the other end, when it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer: Option<u32>,
    /// The address the entry is about: the listening one for `listen` and
    /// `connect`, the client's for `accept`, the other end's for bytes and
    /// closes. With it a page names the classmate behind one of its own
    /// sockets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addr: Option<SockAddr>,
    /// What happened, as one sentence with names
    /// (`Ada connected to Ms Hopper's 127.0.0.1:20001`).
    pub what: String,
    /// What kind of thing it was, so a presenter view can mark it (a
    /// symbol and a colour) without reading the sentence.
    #[serde(default)]
    pub kind: RoomEventKind,
}

/// The kinds of [`RoomEvent`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoomEventKind {
    /// A member's socket listens.
    Listen,
    /// A member connected to another's listener.
    Connect,
    /// A member accepted another's connection.
    Accept,
    /// Bytes sent to another member.
    Send,
    /// Bytes received from another member.
    Receive,
    /// A `recv` returned `b''`: the other side closed.
    Eof,
    /// A member closed a connection to another.
    Close,
    /// The teacher reset a student's session.
    Reset,
    /// Anything else (and entries from an older relay).
    #[default]
    Other,
}

/// One call of the spotlighted member, as the teacher's presenter view shows
/// it: the Python line and what it returned or raised, already written out
/// (short, and bounded: a call's data is cut to its first bytes).
///
/// # Format
///
/// ```text
/// {"n": 4, "at_ms": 5120, "sock": 1, "op": "connect",
///  "line": "s1.connect(('127.0.0.1', 20001))", "result": "", "end": "ok"}
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpotlightCall {
    /// A number increasing through the room's life.
    pub n: u64,
    /// Milliseconds since the room opened.
    pub at_ms: u64,
    /// The socket it acted on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sock: Option<crate::command::SocketId>,
    /// The op's name.
    pub op: String,
    /// The call as Python (`s1.sendall(b'hello')`).
    pub line: String,
    /// What the REPL would print (empty for `None`), the exception line, or
    /// the relay's refusal.
    pub result: String,
    /// How the call ended.
    pub end: CallEnd,
}

/// How a [`SpotlightCall`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallEnd {
    /// It returned.
    Ok,
    /// It raised a Python exception.
    Error,
    /// The relay refused it (policy, a limit, a paused room).
    Refused,
    /// It never finished (its socket was closed while it waited).
    Cancelled,
}
