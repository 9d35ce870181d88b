//! Commands: what the page asks the relay to do.
//!
//! Every command carries an `id` the client chooses; every event that answers
//! it carries the same id back, so a client may pipeline commands without
//! waiting. The relay runs each socket's commands in the order they arrive;
//! results for different sockets may interleave.
//!
//! # Format
//!
//! Externally tagged, snake_case op names, one object per command:
//!
//! ```text
//! {"id": 1, "op": {"hello": {"version": 1}}}
//! {"id": 2, "op": {"socket": {"family": "AF_INET", "type": "SOCK_STREAM"}}}
//! {"id": 3, "op": {"connect": {"sock": 1, "addr": {"host": "127.0.0.1", "port": 7007}}}}
//! {"id": 4, "op": {"sendall": {"sock": 1, "data": "aGVsbG8="}}}
//! {"id": 5, "op": {"recv": {"sock": 1, "bufsize": 16}}}
//! {"id": 6, "op": "gethostname"}
//! ```

use crate::address::{Address, Family, SockType};
use crate::payload::Payload;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A session-local socket handle chosen by the relay (`s1`, `s2`, …).
///
/// It is not the file descriptor: descriptors are reused by the kernel, and a
/// command pipelined after a `close` must not reach the next socket that gets
/// the same number. The real fd is in every [`crate::SocketSnapshot`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SocketId(pub u32);

impl fmt::Display for SocketId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s{}", self.0)
    }
}

/// One request from the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Command {
    /// Chosen by the client and echoed in every event that answers it.
    pub id: u64,
    /// What to do.
    pub op: Op,
    /// The highest event `seq` the client had received when it sent this.
    ///
    /// It tells a pipelined command from a conflicting one: a command for a
    /// socket that waits in a blocking call is queued behind it if the
    /// client could not yet have seen that call's `pending` event (or sends
    /// no `seen` at all), and refused as busy if it had — one call at a
    /// time per socket, like one Python thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<u64>,
    /// The learner's own source line that made this command (`data =
    /// conn.recv(1024)`), when Python code made it. A teacher's spotlight
    /// shows it instead of the relay's spelling of the call (`s2.recv(1024)`),
    /// so the class sees the student's names; the relay keeps its first line,
    /// at most [`ORIGIN_MAX_CHARS`] characters, and uses it for nothing else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

/// The longest origin line a spotlight shows, in characters.
pub const ORIGIN_MAX_CHARS: usize = 120;

impl Command {
    /// A command that leaves `seen` out (pure pipelining semantics).
    pub fn new(id: u64, op: Op) -> Self {
        Command {
            id,
            op,
            seen: None,
            origin: None,
        }
    }

    /// The origin as a spotlight shows it: its first line, trimmed, without
    /// control characters, cut to [`ORIGIN_MAX_CHARS`] with `…`; `None` if
    /// nothing is left.
    pub fn origin_line(&self) -> Option<String> {
        let first = self.origin.as_deref()?.lines().next()?;
        let shown: String = first.chars().filter(|c| shown(*c)).collect();
        let clean = shown.trim().to_string();
        if clean.is_empty() {
            return None;
        }
        if clean.chars().count() <= ORIGIN_MAX_CHARS {
            return Some(clean);
        }
        let cut: String = clean.chars().take(ORIGIN_MAX_CHARS - 1).collect();
        Some(format!("{cut}…"))
    }
}

/// Socket options the playground exposes, each with its implied level
/// (`SOL_SOCKET`, `IPPROTO_TCP`, `IPPROTO_IPV6`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(clippy::upper_case_acronyms)]
pub enum SockOpt {
    /// Let a server rebind a port that still has TIME_WAIT connections (C10).
    #[serde(rename = "SO_REUSEADDR")]
    ReuseAddr,
    /// Let several sockets bind the same port.
    #[serde(rename = "SO_REUSEPORT")]
    ReusePort,
    /// Receive buffer size (the kernel doubles what you ask).
    #[serde(rename = "SO_RCVBUF")]
    RcvBuf,
    /// Send buffer size (small values make partial sends visible, C13).
    #[serde(rename = "SO_SNDBUF")]
    SndBuf,
    /// TCP keepalive probes.
    #[serde(rename = "SO_KEEPALIVE")]
    KeepAlive,
    /// Linger on close; `(1, 0)` makes close send RST.
    #[serde(rename = "SO_LINGER")]
    Linger,
    /// Broadcast datagrams: always refused by the relay's policy.
    #[serde(rename = "SO_BROADCAST")]
    Broadcast,
    /// Disable Nagle's algorithm.
    #[serde(rename = "TCP_NODELAY")]
    TcpNoDelay,
    /// An IPv6 socket accepts only IPv6 (no IPv4-mapped peers).
    #[serde(rename = "IPV6_V6ONLY")]
    V6Only,
}

impl SockOpt {
    /// The option's name in Python's `socket` module.
    pub fn python_name(self) -> &'static str {
        match self {
            SockOpt::ReuseAddr => "SO_REUSEADDR",
            SockOpt::ReusePort => "SO_REUSEPORT",
            SockOpt::RcvBuf => "SO_RCVBUF",
            SockOpt::SndBuf => "SO_SNDBUF",
            SockOpt::KeepAlive => "SO_KEEPALIVE",
            SockOpt::Linger => "SO_LINGER",
            SockOpt::Broadcast => "SO_BROADCAST",
            SockOpt::TcpNoDelay => "TCP_NODELAY",
            SockOpt::V6Only => "IPV6_V6ONLY",
        }
    }

    /// The option's level name in Python's `socket` module.
    pub fn level_name(self) -> &'static str {
        match self {
            SockOpt::TcpNoDelay => "IPPROTO_TCP",
            SockOpt::V6Only => "IPPROTO_IPV6",
            _ => "SOL_SOCKET",
        }
    }
}

/// A socket option's value: an integer, or the `(onoff, seconds)` pair of
/// `SO_LINGER` (Python packs it with `struct.pack('ii', 1, 0)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptValue {
    /// Most options are integers (booleans are 0/1).
    Int(i64),
    /// `SO_LINGER`'s pair.
    Linger {
        /// Whether lingering is on.
        onoff: bool,
        /// How long close waits; 0 with `onoff` makes close reset.
        seconds: i32,
    },
}

/// `shutdown(how)`: which direction to shut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ShutdownHow {
    /// No more receiving.
    #[serde(rename = "SHUT_RD")]
    Read,
    /// No more sending: the peer reads EOF (half-close).
    #[serde(rename = "SHUT_WR")]
    Write,
    /// Both.
    #[serde(rename = "SHUT_RDWR")]
    Both,
}

impl ShutdownHow {
    /// The constant's name in Python's `socket` module.
    pub fn python_name(self) -> &'static str {
        match self {
            ShutdownHow::Read => "SHUT_RD",
            ShutdownHow::Write => "SHUT_WR",
            ShutdownHow::Both => "SHUT_RDWR",
        }
    }
}

/// What one command asks for. Socket methods take the socket's id; module
/// functions (`gethostname`, `getaddrinfo`, …) take none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// The handshake; must be the first command of a connection.
    Hello {
        /// The client's [`crate::PROTOCOL_VERSION`].
        version: u32,
        /// Resume an earlier session after the WebSocket dropped.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resume: Option<Resume>,
    },
    /// `socket.socket(family, type)`.
    Socket {
        /// `AF_INET` or `AF_INET6`.
        family: Family,
        /// `SOCK_STREAM` or `SOCK_DGRAM`.
        #[serde(rename = "type")]
        kind: SockType,
    },
    /// `s.bind((host, port))`.
    Bind {
        /// The socket.
        sock: SocketId,
        /// Where to bind; port 0 asks the kernel to pick.
        addr: Address,
    },
    /// `s.listen(backlog)`.
    Listen {
        /// The socket.
        sock: SocketId,
        /// Pending-connection queue length; Python's default when omitted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        backlog: Option<i32>,
    },
    /// `conn, addr = s.accept()`.
    Accept {
        /// The listening socket.
        sock: SocketId,
    },
    /// `s.connect((host, port))`.
    Connect {
        /// The socket.
        sock: SocketId,
        /// The peer.
        addr: Address,
    },
    /// `s.connect_ex((host, port))`: returns the errno instead of raising.
    ConnectEx {
        /// The socket.
        sock: SocketId,
        /// The peer.
        addr: Address,
    },
    /// `s.send(data)`: one `send()`, which may send fewer bytes than given.
    Send {
        /// The socket.
        sock: SocketId,
        /// The bytes.
        data: Payload,
    },
    /// `s.sendall(data)`: `send()` in a loop until everything is sent.
    Sendall {
        /// The socket.
        sock: SocketId,
        /// The bytes.
        data: Payload,
    },
    /// `s.recv(bufsize)`.
    Recv {
        /// The socket.
        sock: SocketId,
        /// At most this many bytes are returned.
        bufsize: i64,
    },
    /// `s.sendto(data, (host, port))`.
    Sendto {
        /// The socket.
        sock: SocketId,
        /// The datagram.
        data: Payload,
        /// Where to send it.
        addr: Address,
    },
    /// `data, addr = s.recvfrom(bufsize)`.
    Recvfrom {
        /// The socket.
        sock: SocketId,
        /// At most this many bytes are returned; the rest of the datagram is lost.
        bufsize: i64,
    },
    /// `s.shutdown(how)`.
    Shutdown {
        /// The socket.
        sock: SocketId,
        /// Which direction.
        how: ShutdownHow,
    },
    /// `s.close()`; also cancels the socket's pending call.
    Close {
        /// The socket.
        sock: SocketId,
    },
    /// `s.settimeout(None | seconds)`.
    Settimeout {
        /// The socket.
        sock: SocketId,
        /// `None` blocks forever, `0.0` is non-blocking.
        timeout: Option<f64>,
    },
    /// `s.setblocking(flag)`.
    Setblocking {
        /// The socket.
        sock: SocketId,
        /// `True` is `settimeout(None)`, `False` is `settimeout(0.0)`.
        flag: bool,
    },
    /// `s.gettimeout()`.
    Gettimeout {
        /// The socket.
        sock: SocketId,
    },
    /// `s.setsockopt(level, option, value)`.
    Setsockopt {
        /// The socket.
        sock: SocketId,
        /// The option (its level is implied).
        option: SockOpt,
        /// The value.
        value: OptValue,
    },
    /// `s.getsockopt(level, option)`.
    Getsockopt {
        /// The socket.
        sock: SocketId,
        /// The option.
        option: SockOpt,
    },
    /// `s.getsockname()`.
    Getsockname {
        /// The socket.
        sock: SocketId,
    },
    /// `s.getpeername()`.
    Getpeername {
        /// The socket.
        sock: SocketId,
    },
    /// `s.fileno()`: the relay's real descriptor number.
    Fileno {
        /// The socket.
        sock: SocketId,
    },
    /// `socket.gethostname()`.
    Gethostname,
    /// `socket.getfqdn(name)`.
    Getfqdn {
        /// The name; `''` means this host.
        #[serde(default)]
        name: String,
    },
    /// `socket.getaddrinfo(host, port, family, type)`.
    Getaddrinfo {
        /// Name or numeric address.
        host: String,
        /// Port number or service name, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        port: Option<String>,
        /// Restrict to one family.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        family: Option<Family>,
        /// Restrict to one socket type.
        #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
        kind: Option<SockType>,
    },
    /// `socket.gethostbyname(host)`.
    Gethostbyname {
        /// Name or numeric address.
        host: String,
    },
    /// `socket.gethostbyaddr(ip)`.
    Gethostbyaddr {
        /// A numeric address (or a name, resolved first).
        ip: String,
    },
    /// `socket.getservbyname(name, proto)`.
    Getservbyname {
        /// Service name such as `http`.
        name: String,
        /// `tcp` or `udp`, or any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        proto: Option<String>,
    },
    /// `socket.getservbyport(port, proto)`.
    Getservbyport {
        /// Port number.
        port: i64,
        /// `tcp` or `udp`, or any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        proto: Option<String>,
    },
    /// `socket.getprotobyname(name)`.
    Getprotobyname {
        /// Protocol name such as `tcp`.
        name: String,
    },
    /// `socket.getdefaulttimeout()`: the session's default for new sockets.
    Getdefaulttimeout,
    /// `socket.setdefaulttimeout(t)`.
    Setdefaulttimeout {
        /// Applied to sockets created afterwards.
        timeout: Option<f64>,
    },
    /// Open a room and become its teacher. On a shared relay this needs the
    /// teacher key; the answer is a [`crate::Body::Room`] with the join code.
    CreateRoom {
        /// The room's title, for the banner.
        name: String,
        /// How the room shows its teacher (`Teacher` when empty).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        teacher: String,
        /// The relay's teacher key (shared profile).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        teacher_key: Option<String>,
    },
    /// Join a room with its code and a display name; with the teacher key,
    /// rejoin as its teacher.
    JoinRoom {
        /// The join code (case and dashes do not matter).
        code: String,
        /// How the room shows this member.
        name: String,
        /// The relay's teacher key, to rejoin as the teacher.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        teacher_key: Option<String>,
    },
    /// Leave the room (the session and its sockets stay).
    LeaveRoom,
    /// The teacher's controls.
    RoomControl(crate::room::RoomControl),
    /// Start or stop receiving [`crate::Body::Service`] events: connections
    /// and bytes on the relay's own services, including outside tools'.
    WatchServices {
        /// `true` to start, `false` to stop.
        on: bool,
    },
}

/// How a reconnecting page resumes its session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resume {
    /// The token from the session's [`crate::Hello`].
    pub token: String,
    /// The last event sequence number the page saw; it is sent everything after.
    pub last_seq: u64,
}

impl Op {
    /// The op's name as the learner calls it (`recv`, `connect_ex`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Op::Hello { .. } => "hello",
            Op::Socket { .. } => "socket",
            Op::Bind { .. } => "bind",
            Op::Listen { .. } => "listen",
            Op::Accept { .. } => "accept",
            Op::Connect { .. } => "connect",
            Op::ConnectEx { .. } => "connect_ex",
            Op::Send { .. } => "send",
            Op::Sendall { .. } => "sendall",
            Op::Recv { .. } => "recv",
            Op::Sendto { .. } => "sendto",
            Op::Recvfrom { .. } => "recvfrom",
            Op::Shutdown { .. } => "shutdown",
            Op::Close { .. } => "close",
            Op::Settimeout { .. } => "settimeout",
            Op::Setblocking { .. } => "setblocking",
            Op::Gettimeout { .. } => "gettimeout",
            Op::Setsockopt { .. } => "setsockopt",
            Op::Getsockopt { .. } => "getsockopt",
            Op::Getsockname { .. } => "getsockname",
            Op::Getpeername { .. } => "getpeername",
            Op::Fileno { .. } => "fileno",
            Op::Gethostname => "gethostname",
            Op::Getfqdn { .. } => "getfqdn",
            Op::Getaddrinfo { .. } => "getaddrinfo",
            Op::Gethostbyname { .. } => "gethostbyname",
            Op::Gethostbyaddr { .. } => "gethostbyaddr",
            Op::Getservbyname { .. } => "getservbyname",
            Op::Getservbyport { .. } => "getservbyport",
            Op::Getprotobyname { .. } => "getprotobyname",
            Op::Getdefaulttimeout => "getdefaulttimeout",
            Op::Setdefaulttimeout { .. } => "setdefaulttimeout",
            Op::WatchServices { .. } => "watch_services",
            Op::CreateRoom { .. } => "create_room",
            Op::JoinRoom { .. } => "join_room",
            Op::LeaveRoom => "leave_room",
            Op::RoomControl(_) => "room_control",
        }
    }

    /// The socket this op acts on, if it is a socket method.
    pub fn socket(&self) -> Option<SocketId> {
        match self {
            Op::Bind { sock, .. }
            | Op::Listen { sock, .. }
            | Op::Accept { sock }
            | Op::Connect { sock, .. }
            | Op::ConnectEx { sock, .. }
            | Op::Send { sock, .. }
            | Op::Sendall { sock, .. }
            | Op::Recv { sock, .. }
            | Op::Sendto { sock, .. }
            | Op::Recvfrom { sock, .. }
            | Op::Shutdown { sock, .. }
            | Op::Close { sock }
            | Op::Settimeout { sock, .. }
            | Op::Setblocking { sock, .. }
            | Op::Gettimeout { sock }
            | Op::Setsockopt { sock, .. }
            | Op::Getsockopt { sock, .. }
            | Op::Getsockname { sock }
            | Op::Getpeername { sock }
            | Op::Fileno { sock } => Some(*sock),
            _ => None,
        }
    }

    /// Bytes this op carries to the relay (for payload limits).
    pub fn payload_len(&self) -> usize {
        match self {
            Op::Send { data, .. } | Op::Sendall { data, .. } | Op::Sendto { data, .. } => {
                data.len()
            }
            _ => 0,
        }
    }
}

/// Whether an origin keeps character `c`: not a control character, nor
/// an invisible format character that changes how the text around it reads
/// on a teacher's projector (bidirectional marks, overrides and isolates,
/// zero-width characters, soft hyphens, line and paragraph separators,
/// interlinear annotations, tags).
fn shown(c: char) -> bool {
    !c.is_control()
        && !matches!(c,
            '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}')
}

#[cfg(test)]
mod tests {
    use super::{Command, Op, ORIGIN_MAX_CHARS};

    fn with(origin: Option<&str>) -> Command {
        Command {
            origin: origin.map(str::to_string),
            ..Command::new(1, Op::Gethostname)
        }
    }

    #[test]
    fn an_origin_is_one_clean_short_line() {
        assert_eq!(
            with(Some("  data = conn.recv(1024)  "))
                .origin_line()
                .as_deref(),
            Some("data = conn.recv(1024)")
        );
        assert_eq!(
            with(Some("a = 1\nb = 2")).origin_line().as_deref(),
            Some("a = 1")
        );
        assert_eq!(
            with(Some("x\u{1b}[31m = 1")).origin_line().as_deref(),
            Some("x[31m = 1")
        );
        assert_eq!(
            with(Some("s.send(b'\u{202E}olleh')\u{200B}"))
                .origin_line()
                .as_deref(),
            Some("s.send(b'olleh')")
        );
        assert_eq!(
            with(Some("\u{200B} s.close()")).origin_line().as_deref(),
            Some("s.close()"),
            "what is left is trimmed"
        );
        assert_eq!(with(Some("   ")).origin_line(), None);
        assert_eq!(with(None).origin_line(), None);
        let long = "x".repeat(500);
        let cut = with(Some(&long)).origin_line().unwrap_or_default();
        assert_eq!(cut.chars().count(), ORIGIN_MAX_CHARS);
        assert!(cut.ends_with('…'));
    }
}
