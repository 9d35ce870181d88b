//! The calls the builder offers: names, inputs, hints, and which ones are a
//! sensible next step for a socket in its current state.

use super::Field;
use shared::{Op, SockType, SocketSnapshot, TcpState};

/// Every socket call a learner can build, in the order the page lists them
/// (roughly the order of a client's and a server's life).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OpKind {
    /// `socket.socket(family, type)`.
    Socket,
    /// `s.bind((host, port))`.
    Bind,
    /// `s.listen([backlog])`.
    Listen,
    /// `s.accept()`.
    Accept,
    /// `s.connect((host, port))`.
    Connect,
    /// `s.connect_ex((host, port))`.
    ConnectEx,
    /// `s.send(data)`.
    Send,
    /// `s.sendall(data)`.
    Sendall,
    /// `s.recv(bufsize)`.
    Recv,
    /// `s.sendto(data, (host, port))`.
    Sendto,
    /// `s.recvfrom(bufsize)`.
    Recvfrom,
    /// `s.shutdown(how)`.
    Shutdown,
    /// `s.close()`.
    Close,
    /// `s.settimeout(value)`.
    Settimeout,
    /// `s.setblocking(flag)`.
    Setblocking,
    /// `s.gettimeout()`.
    Gettimeout,
    /// `s.setsockopt(level, option, value)`.
    Setsockopt,
    /// `s.getsockopt(level, option)`.
    Getsockopt,
    /// `s.getsockname()`.
    Getsockname,
    /// `s.getpeername()`.
    Getpeername,
    /// `s.fileno()`.
    Fileno,
}

use OpKind as K;

impl OpKind {
    /// Every kind, in the order the page lists them.
    pub const ALL: [OpKind; 21] = [
        K::Socket,
        K::Bind,
        K::Listen,
        K::Accept,
        K::Connect,
        K::ConnectEx,
        K::Send,
        K::Sendall,
        K::Recv,
        K::Sendto,
        K::Recvfrom,
        K::Shutdown,
        K::Close,
        K::Settimeout,
        K::Setblocking,
        K::Gettimeout,
        K::Setsockopt,
        K::Getsockopt,
        K::Getsockname,
        K::Getpeername,
        K::Fileno,
    ];

    /// The Python method name (`recvfrom`, `connect_ex`); the same as
    /// [`Op::name`] of the op it builds, and stable enough for test ids.
    pub fn name(self) -> &'static str {
        match self {
            K::Socket => "socket",
            K::Bind => "bind",
            K::Listen => "listen",
            K::Accept => "accept",
            K::Connect => "connect",
            K::ConnectEx => "connect_ex",
            K::Send => "send",
            K::Sendall => "sendall",
            K::Recv => "recv",
            K::Sendto => "sendto",
            K::Recvfrom => "recvfrom",
            K::Shutdown => "shutdown",
            K::Close => "close",
            K::Settimeout => "settimeout",
            K::Setblocking => "setblocking",
            K::Gettimeout => "gettimeout",
            K::Setsockopt => "setsockopt",
            K::Getsockopt => "getsockopt",
            K::Getsockname => "getsockname",
            K::Getpeername => "getpeername",
            K::Fileno => "fileno",
        }
    }

    /// The kind of a socket op, so the page can refill the form from an
    /// earlier call; `None` for module functions and the handshake.
    pub fn of(op: &Op) -> Option<OpKind> {
        K::ALL.into_iter().find(|k| k.name() == op.name())
    }

    /// Whether the call is a method of an existing socket: every kind but
    /// [`OpKind::Socket`] needs one picked before it can be sent.
    pub fn needs_socket(self) -> bool {
        self != K::Socket
    }

    /// The inputs the form shows for this call, in the order Python takes
    /// them (`sendto(data, (host, port))`). Calls without arguments have none.
    pub fn fields(self) -> &'static [Field] {
        use Field as F;
        match self {
            K::Socket => &[F::Family, F::Type],
            K::Bind | K::Connect | K::ConnectEx => &[F::Host, F::Port],
            K::Listen => &[F::Backlog],
            K::Send | K::Sendall => &[F::Data],
            K::Recv | K::Recvfrom => &[F::Bufsize],
            K::Sendto => &[F::Data, F::Host, F::Port],
            K::Shutdown => &[F::How],
            K::Settimeout => &[F::Timeout],
            K::Setblocking => &[F::Flag],
            K::Setsockopt => &[F::Option, F::OptValue],
            K::Getsockopt => &[F::Option],
            K::Accept | K::Close | K::Gettimeout | K::Getsockname | K::Getpeername | K::Fileno => {
                &[]
            }
        }
    }

    /// One line for the learner: what the call does and the thing most
    /// often misunderstood about it.
    pub fn hint(self) -> &'static str {
        match self {
            K::Socket => "create a socket: SOCK_STREAM is TCP, SOCK_DGRAM is UDP",
            K::Bind => "choose the socket's local address; port 0 lets the kernel pick one",
            K::Listen => "let a bound TCP socket accept connections; backlog bounds the queue not yet accepted",
            K::Accept => "take the next connection from the queue as a new socket; waits until one arrives",
            K::Connect => "connect to (host, port); raises ConnectionRefusedError if nobody listens there",
            K::ConnectEx => "like connect, but returns the errno (0 on success) instead of raising",
            K::Send => "send bytes once; returns how many the kernel took, which may be fewer than given",
            K::Sendall => "send every byte, calling send() until done; returns None",
            K::Recv => "read up to bufsize bytes; b'' means the peer closed",
            K::Sendto => "send one datagram to (host, port); UDP needs no connection",
            K::Recvfrom => "read one datagram and its sender; bytes beyond bufsize are lost",
            K::Shutdown => "stop reading, writing or both; after SHUT_WR the peer's recv returns b''",
            K::Close => "release the socket; a TCP peer sees the connection end",
            K::Settimeout => "limit how long calls wait: seconds, 0 for non-blocking, None to wait forever",
            K::Setblocking => "False: a call that would wait raises BlockingIOError; True: it waits",
            K::Gettimeout => "show the timeout: None waits forever, 0.0 is non-blocking",
            K::Setsockopt => "change a socket option, e.g. SO_REUSEADDR to rebind a port still in TIME_WAIT",
            K::Getsockopt => "read a socket option's current value",
            K::Getsockname => "the local address the socket is bound to (the port the kernel picked, too)",
            K::Getpeername => "the address of the connected peer",
            K::Fileno => "the file descriptor number the kernel gave this socket",
        }
    }
}

/// Whether `kind` is a sensible next step for `sock` in its current state,
/// so the page can make it prominent. Every other call stays reachable:
/// trying it produces the genuine error, which is a lesson too.
///
/// - No (open) socket: only [`OpKind::Socket`]; with a socket picked,
///   creating another is not a step *for it*.
/// - TCP, fresh (no address, no peer): `connect`, `connect_ex`, `bind`,
///   `settimeout`, `setblocking`, `setsockopt`, `close`.
/// - TCP, bound: `listen`, `connect`, `connect_ex`, `getsockname`, `close`.
/// - `LISTEN`: `accept`, `getsockname`, `settimeout`, `close`.
/// - `SYN_SENT` (a non-blocking connect in progress): `connect_ex` to poll
///   it, `connect`, `close`.
/// - `ESTABLISHED`: `send`, `sendall`, `recv`, `shutdown`, `getpeername`,
///   `settimeout`, `close`.
/// - `CLOSE_WAIT` (the peer closed): `recv` (it returns `b''`), `send`,
///   `sendall` (the peer may only have half-closed), `close`.
/// - `FIN_WAIT1`/`FIN_WAIT2` (we shut our side): `recv`, `close`.
/// - Any other TCP state: `close`.
/// - UDP, fresh: `sendto`, `bind`, `connect`, `settimeout`, `setblocking`,
///   `setsockopt`, `close` — not `recvfrom`, which on a socket with no
///   port waits forever (nobody can address it). `sendto` binds it.
/// - UDP, bound: `sendto`, `recvfrom`, `connect`, `getsockname`,
///   `settimeout`, `setblocking`, `close`.
/// - UDP, connected: `send`, `recv`, `recvfrom`, `getpeername`, `close`.
pub fn suggested(kind: OpKind, sock: Option<&SocketSnapshot>) -> bool {
    let Some(s) = sock.filter(|s| !s.closed) else {
        return kind == K::Socket;
    };
    steps(s).contains(&kind)
}

/// The suggested calls for an open socket.
fn steps(s: &SocketSnapshot) -> &'static [OpKind] {
    match s.kind {
        SockType::Dgram => match (&s.local, &s.peer) {
            (_, Some(_)) => &[K::Send, K::Recv, K::Recvfrom, K::Getpeername, K::Close],
            (Some(_), None) => &[
                K::Sendto,
                K::Recvfrom,
                K::Connect,
                K::Getsockname,
                K::Settimeout,
                K::Setblocking,
                K::Close,
            ],
            (None, None) => &[
                K::Sendto,
                K::Bind,
                K::Connect,
                K::Settimeout,
                K::Setblocking,
                K::Setsockopt,
                K::Close,
            ],
        },
        SockType::Stream => match s.tcp_state {
            None | Some(TcpState::Close) if s.local.is_some() => &[
                K::Listen,
                K::Connect,
                K::ConnectEx,
                K::Getsockname,
                K::Close,
            ],
            None | Some(TcpState::Close) => &[
                K::Connect,
                K::ConnectEx,
                K::Bind,
                K::Settimeout,
                K::Setblocking,
                K::Setsockopt,
                K::Close,
            ],
            Some(TcpState::Listen) => &[K::Accept, K::Getsockname, K::Settimeout, K::Close],
            Some(TcpState::SynSent) => &[K::ConnectEx, K::Connect, K::Close],
            Some(TcpState::Established) => &[
                K::Send,
                K::Sendall,
                K::Recv,
                K::Shutdown,
                K::Getpeername,
                K::Settimeout,
                K::Close,
            ],
            Some(TcpState::CloseWait) => &[K::Recv, K::Send, K::Sendall, K::Close],
            Some(TcpState::FinWait1 | TcpState::FinWait2) => &[K::Recv, K::Close],
            Some(
                TcpState::SynRecv
                | TcpState::NewSynRecv
                | TcpState::Closing
                | TcpState::LastAck
                | TcpState::TimeWait,
            ) => &[K::Close],
        },
    }
}
