//! Presets: short guided sequences of calls ("TCP echo client", "my own echo
//! server", …) that a learner steps through one call at a time, each shown
//! as the Python line it runs.
//!
//! A step may refer to what earlier steps produced — "the socket step 1
//! created", "the address step 3 bound" — so its op is resolved from the
//! session's results just before it is sent ([`resolve`]). Pure: tested
//! natively against a model fed with relay events.

use crate::state::{EntryStatus, State};
use shared::{
    Address, Family, Op, OptValue, Outcome, Payload, ServiceProto, SockOpt, SockType, SocketId,
    Value,
};

/// Where a step's socket comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SockRef {
    /// The socket that step `n` (from 0) created with `socket()` or `accept()`.
    Step(usize),
}

/// Where a step's address comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddrRef {
    /// A relay service, by name and transport.
    Service(&'static str, ServiceProto),
    /// The local address of the socket step `n` created (after it bound).
    LocalOf(usize),
    /// A fixed loopback address.
    Fixed(&'static str, u16),
}

/// One step's call, with references still unresolved.
#[derive(Clone, Debug, PartialEq)]
pub enum StepOp {
    /// `socket(family, type)`.
    Socket(Family, SockType),
    /// `setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)`.
    ReuseAddr(SockRef),
    /// `bind(addr)`.
    Bind(SockRef, AddrRef),
    /// `listen(backlog)`.
    Listen(SockRef, i32),
    /// `accept()`.
    Accept(SockRef),
    /// `connect(addr)`.
    Connect(SockRef, AddrRef),
    /// `sendall(data)`.
    Sendall(SockRef, &'static [u8]),
    /// `sendto(data, addr)`.
    Sendto(SockRef, &'static [u8], AddrRef),
    /// `recv(n)`.
    Recv(SockRef, i64),
    /// `recvfrom(n)`.
    Recvfrom(SockRef, i64),
    /// `settimeout(t)`.
    Settimeout(SockRef, Option<f64>),
    /// `setblocking(flag)`.
    Setblocking(SockRef, bool),
    /// `shutdown(SHUT_WR)`.
    ShutdownWrite(SockRef),
    /// `getsockname()`: also refreshes the socket's row (a listener's
    /// accept queue changes without any call on it).
    Getsockname(SockRef),
    /// `close()`.
    Close(SockRef),
}

/// One step: a call and a sentence on what to watch for.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The call.
    pub op: StepOp,
    /// What the learner should notice.
    pub say: &'static str,
    /// The call is expected to block: the next step may run while it waits.
    pub blocks: bool,
}

/// A guided sequence.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// Stable id (for test ids and the picker).
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The curriculum concepts it shows (`C7`, …).
    pub concepts: &'static str,
    /// The steps.
    pub steps: Vec<Step>,
}

fn step(op: StepOp, say: &'static str) -> Step {
    Step {
        op,
        say,
        blocks: false,
    }
}

const ECHO: AddrRef = AddrRef::Service("echo", ServiceProto::Tcp);
const UDP_ECHO: AddrRef = AddrRef::Service("echo", ServiceProto::Udp);
const S0: SockRef = SockRef::Step(0);

/// Every preset, in the order the picker lists them.
pub fn all() -> Vec<Preset> {
    use StepOp::*;
    let tcp = || Socket(Family::Inet, SockType::Stream);
    vec![
        Preset {
            id: "tcp-echo-client",
            title: "TCP echo client",
            concepts: "C1 C4 C7",
            steps: vec![
                step(tcp(), "A new descriptor: no address, no peer yet."),
                step(Connect(S0, ECHO), "The three-way handshake: state becomes ESTABLISHED."),
                step(Sendall(S0, b"hello, echo!"), "The bytes go to the relay's echo service."),
                step(Recv(S0, 1024), "The echo comes back: at most 1024 bytes."),
                step(Close(S0), "The descriptor is released; the row fades out."),
            ],
        },
        Preset {
            id: "udp-echo",
            title: "UDP echo",
            concepts: "C2 C3",
            steps: vec![
                step(Socket(Family::Inet, SockType::Dgram), "A datagram socket: no connection needed."),
                step(Sendto(S0, b"first", UDP_ECHO), "sendto names the destination each time."),
                step(Sendto(S0, b"second", UDP_ECHO), "A second, separate datagram."),
                step(Recvfrom(S0, 1024), "Each datagram arrives whole, with the sender's address."),
                step(Recvfrom(S0, 1024), "…and the second one separately: no stream, no merging."),
                step(Close(S0), "Done."),
            ],
        },
        Preset {
            id: "own-echo-server",
            title: "My own echo server",
            concepts: "C8 C11 C12 C21",
            steps: vec![
                step(tcp(), "The server's socket."),
                step(ReuseAddr(S0), "So the port can be reused at once after a restart (C10)."),
                step(Bind(S0, AddrRef::Fixed("127.0.0.1", 0)), "Port 0: the kernel picks a free port."),
                step(Listen(S0, 1), "Now it is a listening socket (LISTEN); it only accepts."),
                Step {
                    op: Accept(S0),
                    say: "accept blocks until a client connects: watch the open bar.",
                    blocks: true,
                },
                step(tcp(), "A client socket."),
                step(Connect(SockRef::Step(5), AddrRef::LocalOf(0)), "The pending accept returns a new socket with the client's address."),
                step(Sendall(SockRef::Step(5), b"hi, server"), "Client → server."),
                step(Recv(SockRef::Step(4), 1024), "The server's connected socket reads it…"),
                step(Sendall(SockRef::Step(4), b"hi, server"), "…and echoes the same bytes back."),
                step(Recv(SockRef::Step(5), 1024), "The client gets its echo."),
                step(Close(SockRef::Step(5)), "The client closes: a FIN goes to the server."),
                step(Recv(SockRef::Step(4), 1024), "b'' — the peer closed (EOF): the echo loop ends."),
                step(Close(SockRef::Step(4)), "Close the connection socket…"),
                step(Close(S0), "…and the listener."),
            ],
        },
        Preset {
            id: "restart-server",
            title: "Restart a server (SO_REUSEADDR)",
            concepts: "C9 C10",
            steps: vec![
                step(tcp(), "The first server."),
                step(ReuseAddr(S0), "SO_REUSEADDR: the old server must have it too for a quick restart."),
                step(Bind(S0, AddrRef::Fixed("127.0.0.1", 0)), "The kernel picks the port."),
                step(Listen(S0, 1), "Listening."),
                step(tcp(), "A client."),
                step(Connect(SockRef::Step(4), AddrRef::LocalOf(0)), "Connected: the connection waits in the accept queue."),
                step(Accept(S0), "The server takes the connection."),
                step(Close(SockRef::Step(6)), "The server side closes first…"),
                step(Close(SockRef::Step(4)), "…then the client: the server's connection is now TIME_WAIT (see under the socket table)."),
                step(Close(S0), "The server stops. Its port is still held by the TIME_WAIT connection."),
                step(tcp(), "A restarted server, without the option…"),
                step(Bind(SockRef::Step(10), AddrRef::LocalOf(0)), "OSError: [Errno 98] Address already in use."),
                step(tcp(), "Another restart, this time with the option:"),
                step(ReuseAddr(SockRef::Step(12)), "SO_REUSEADDR set before bind…"),
                step(Bind(SockRef::Step(12), AddrRef::LocalOf(0)), "…and the same port binds, TIME_WAIT or not."),
                step(Close(SockRef::Step(10)), "Tidy up."),
                step(Close(SockRef::Step(12)), "Done."),
            ],
        },
        Preset {
            id: "backlog",
            title: "A full accept queue (backlog)",
            concepts: "C11 C12",
            steps: vec![
                step(tcp(), "A server that will not accept for a while."),
                step(Bind(S0, AddrRef::Fixed("127.0.0.1", 0)), "Any free port."),
                step(Listen(S0, 1), "backlog 1: room for few finished handshakes."),
                step(tcp(), "First client."),
                step(Connect(SockRef::Step(3), AddrRef::LocalOf(0)), "Connected, though nobody accepted: the kernel did the handshake."),
                step(tcp(), "Second client."),
                step(Connect(SockRef::Step(5), AddrRef::LocalOf(0)), "Also queued (Linux keeps backlog + 1)."),
                step(Getsockname(S0), "Look at s1's accept queue in the table: full."),
                step(tcp(), "Third client, with a timeout…"),
                step(Settimeout(SockRef::Step(8), Some(2.0)), "…of 2 seconds."),
                step(Connect(SockRef::Step(8), AddrRef::LocalOf(0)), "The queue is full: its SYN is dropped, connect stalls, TimeoutError."),
                step(Accept(S0), "accept takes the oldest connection from the queue…"),
                step(Getsockname(S0), "…and the queue has room again."),
                step(Close(S0), "Closing the listener resets what is still queued."),
                step(Close(SockRef::Step(3)), "Tidy up."),
                step(Close(SockRef::Step(5)), "Tidy up."),
                step(Close(SockRef::Step(8)), "Tidy up."),
                step(Close(SockRef::Step(11)), "Done."),
            ],
        },
        Preset {
            id: "partial-reads",
            title: "Partial reads",
            concepts: "C15 C17",
            steps: vec![
                step(tcp(), "A TCP socket."),
                step(Connect(S0, ECHO), "Connected to the echo service."),
                step(
                    Sendall(S0, b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-a stream has no message boundaries!!"),
                    "100 bytes out…",
                ),
                step(Recv(S0, 16), "recv(16) returns at most 16 bytes."),
                step(Recv(S0, 16), "The rest waits in the receive queue (Recv-Q)."),
                step(Recv(S0, 100), "A bigger buffer takes what is left, up to 100."),
                step(Close(S0), "Done."),
            ],
        },
        Preset {
            id: "timeout",
            title: "Timeout",
            concepts: "C18",
            steps: vec![
                step(tcp(), "A TCP socket."),
                step(Connect(S0, AddrRef::Service("silent", ServiceProto::Tcp)), "The silent service accepts and never answers."),
                step(Settimeout(S0, Some(2.0)), "Blocking calls will now give up after 2 seconds."),
                step(Recv(S0, 1024), "Watch the countdown: TimeoutError after ≈2 s."),
                step(Close(S0), "Done."),
            ],
        },
        Preset {
            id: "non-blocking",
            title: "Non-blocking",
            concepts: "C19",
            steps: vec![
                step(tcp(), "A TCP socket."),
                step(Connect(S0, ECHO), "Connected to the echo service."),
                step(Setblocking(S0, false), "Calls that would wait now raise at once."),
                step(Recv(S0, 1024), "Nothing to read: BlockingIOError, immediately."),
                step(Sendall(S0, b"ping"), "Send something…"),
                step(Recv(S0, 1024), "…now there is data (or EAGAIN if the echo is not back yet: try again)."),
                step(Close(S0), "Done."),
            ],
        },
    ]
}

/// Why a step cannot be resolved yet.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unresolved {
    /// An earlier step has not produced what this one needs.
    #[error("waiting for step {0} to finish")]
    Waiting(usize),
    /// An earlier step failed or was skipped.
    #[error("step {0} did not produce a socket or address")]
    Missing(usize),
    /// The relay does not announce the service.
    #[error("the relay has no {0} service")]
    NoService(&'static str),
}

/// Resolves a step's op from the session: `sent[n]` is the command id step
/// `n` was sent as, if it was.
pub fn resolve(op: &StepOp, sent: &[Option<u64>], state: &State) -> Result<Op, Unresolved> {
    let sock = |r: SockRef| -> Result<SocketId, Unresolved> {
        let SockRef::Step(n) = r;
        let id = sent
            .get(n)
            .copied()
            .flatten()
            .ok_or(Unresolved::Waiting(n + 1))?;
        let entry = state.entry(id).ok_or(Unresolved::Waiting(n + 1))?;
        match &entry.status {
            EntryStatus::Done(r) => match &r.outcome {
                Outcome::Ok(Value::Socket(s)) => Ok(s.id),
                Outcome::Ok(Value::Accepted { socket, .. }) => Ok(socket.id),
                _ => Err(Unresolved::Missing(n + 1)),
            },
            EntryStatus::Sent | EntryStatus::Pending { .. } => Err(Unresolved::Waiting(n + 1)),
            _ => Err(Unresolved::Missing(n + 1)),
        }
    };
    let addr = |a: AddrRef| -> Result<Address, Unresolved> {
        match a {
            AddrRef::Service(name, proto) => state
                .service(name, proto)
                .map(|s| Address::new(s.host.clone(), i64::from(s.port)))
                .ok_or(Unresolved::NoService(name)),
            AddrRef::Fixed(host, port) => Ok(Address::new(host, i64::from(port))),
            AddrRef::LocalOf(n) => {
                let id = sock(SockRef::Step(n))?;
                let local = state
                    .sockets
                    .last_local(id)
                    .cloned()
                    .ok_or(Unresolved::Missing(n + 1))?;
                Ok(Address::new(local.ip, i64::from(local.port)))
            }
        }
    };
    let data = |d: &[u8]| Payload::from(d.to_vec());
    Ok(match op {
        StepOp::Socket(family, kind) => Op::Socket {
            family: *family,
            kind: *kind,
        },
        StepOp::ReuseAddr(s) => Op::Setsockopt {
            sock: sock(*s)?,
            option: SockOpt::ReuseAddr,
            value: OptValue::Int(1),
        },
        StepOp::Bind(s, a) => Op::Bind {
            sock: sock(*s)?,
            addr: addr(*a)?,
        },
        StepOp::Listen(s, backlog) => Op::Listen {
            sock: sock(*s)?,
            backlog: Some(*backlog),
        },
        StepOp::Accept(s) => Op::Accept { sock: sock(*s)? },
        StepOp::Connect(s, a) => Op::Connect {
            sock: sock(*s)?,
            addr: addr(*a)?,
        },
        StepOp::Sendall(s, d) => Op::Sendall {
            sock: sock(*s)?,
            data: data(d),
        },
        StepOp::Sendto(s, d, a) => Op::Sendto {
            sock: sock(*s)?,
            data: data(d),
            addr: addr(*a)?,
        },
        StepOp::Recv(s, n) => Op::Recv {
            sock: sock(*s)?,
            bufsize: *n,
        },
        StepOp::Recvfrom(s, n) => Op::Recvfrom {
            sock: sock(*s)?,
            bufsize: *n,
        },
        StepOp::Settimeout(s, t) => Op::Settimeout {
            sock: sock(*s)?,
            timeout: *t,
        },
        StepOp::Setblocking(s, flag) => Op::Setblocking {
            sock: sock(*s)?,
            flag: *flag,
        },
        StepOp::ShutdownWrite(s) => Op::Shutdown {
            sock: sock(*s)?,
            how: shared::ShutdownHow::Write,
        },
        StepOp::Getsockname(s) => Op::Getsockname { sock: sock(*s)? },
        StepOp::Close(s) => Op::Close { sock: sock(*s)? },
    })
}

/// A step's Python line before its references can be resolved, naming
/// them by step: `(socket of step 1).listen(1)`, `(address of step 1)`.
pub fn sketch(op: &StepOp) -> String {
    let s = |r: &SockRef| {
        let SockRef::Step(n) = r;
        format!("(socket of step {})", n + 1)
    };
    let a = |r: &AddrRef| match r {
        AddrRef::Service(name, ServiceProto::Tcp) => format!("('127.0.0.1', {name} port)"),
        AddrRef::Service(name, ServiceProto::Udp) => format!("('127.0.0.1', UDP {name} port)"),
        AddrRef::LocalOf(n) => format!("(address of step {})", n + 1),
        AddrRef::Fixed(host, port) => format!("('{host}', {port})"),
    };
    let bytes = |d: &[u8]| crate::python::bytes_repr(d);
    match op {
        StepOp::Socket(f, k) => format!(
            "socket.socket(socket.{}, socket.{})",
            f.python_name(),
            k.python_name()
        ),
        StepOp::ReuseAddr(r) => format!(
            "{}.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            s(r)
        ),
        StepOp::Bind(r, ad) => format!("{}.bind({})", s(r), a(ad)),
        StepOp::Listen(r, n) => format!("{}.listen({n})", s(r)),
        StepOp::Accept(r) => format!("conn, addr = {}.accept()", s(r)),
        StepOp::Connect(r, ad) => format!("{}.connect({})", s(r), a(ad)),
        StepOp::Sendall(r, d) => format!("{}.sendall({})", s(r), bytes(d)),
        StepOp::Sendto(r, d, ad) => format!("{}.sendto({}, {})", s(r), bytes(d), a(ad)),
        StepOp::Recv(r, n) => format!("{}.recv({n})", s(r)),
        StepOp::Recvfrom(r, n) => format!("{}.recvfrom({n})", s(r)),
        StepOp::Settimeout(r, t) => {
            format!("{}.settimeout({})", s(r), crate::python::timeout_repr(*t))
        }
        StepOp::Setblocking(r, flag) => format!(
            "{}.setblocking({})",
            s(r),
            if *flag { "True" } else { "False" }
        ),
        StepOp::ShutdownWrite(r) => format!("{}.shutdown(socket.SHUT_WR)", s(r)),
        StepOp::Getsockname(r) => format!("{}.getsockname()", s(r)),
        StepOp::Close(r) => format!("{}.close()", s(r)),
    }
}

/// Whether step `n` may be sent now: every earlier step was sent, and each
/// one has finished unless it is a step expected to block (then it must at
/// least be waiting, so the relay has it).
pub fn ready(preset: &Preset, n: usize, sent: &[Option<u64>], state: &State) -> bool {
    (0..n).all(|k| {
        let Some(id) = sent.get(k).copied().flatten() else {
            return false;
        };
        match state.entry(id).map(|e| &e.status) {
            Some(EntryStatus::Sent) => false,
            Some(EntryStatus::Pending { .. }) => preset.steps[k].blocks,
            Some(_) => true,
            None => false,
        }
    })
}

#[cfg(test)]
mod tests;
