//! The presets themselves, in the order the picker lists them.

use super::{AddrRef, Preset, SockRef, Step, StepOp};
use shared::{Family, ServiceProto, SockType};

fn step(op: StepOp, say: &'static str) -> Step {
    Step {
        op,
        say,
        blocks: false,
        repeat: false,
    }
}

/// The message the partial-reads preset sends and reassembles: 100 bytes.
const MESSAGE: &[u8] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-a stream has no message boundaries!!!";

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
            expect: None,
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
            expect: None,
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
            expect: None,
            steps: vec![
                step(tcp(), "The server's socket."),
                step(ReuseAddr(S0), "So the port can be reused at once after a restart (C10)."),
                step(Bind(S0, AddrRef::Fixed("127.0.0.1", 0)), "Port 0: the kernel picks a free port."),
                step(Listen(S0, 1), "Now it is a listening socket (LISTEN); it only accepts."),
                Step {
                    op: Accept(S0),
                    say: "accept blocks until a client connects: watch the open bar.",
                    blocks: true,
                    repeat: false,
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
            expect: None,
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
            expect: None,
            steps: vec![
                step(tcp(), "A server that will not accept for a while."),
                step(Bind(S0, AddrRef::Fixed("127.0.0.1", 0)), "Any free port."),
                step(Listen(S0, 1), "backlog 1: room for few finished handshakes."),
                step(tcp(), "First client."),
                step(Connect(SockRef::Step(3), AddrRef::LocalOf(0)), "Connected, though nobody accepted: the kernel did the handshake."),
                step(tcp(), "Second client."),
                step(Connect(SockRef::Step(5), AddrRef::LocalOf(0)), "Also queued (Linux keeps backlog + 1)."),
                step(Getsockname(S0), "Look at the listener's accept queue in the table: full."),
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
            title: "Partial reads, reassembled",
            concepts: "C15 C17 C23",
            expect: Some(MESSAGE.len()),
            steps: vec![
                step(tcp(), "A TCP socket."),
                step(
                    Connect(S0, AddrRef::Service("chunked-echo", ServiceProto::Tcp)),
                    "The chunked echo sends back what it gets in random-sized pieces.",
                ),
                step(Sendall(S0, MESSAGE), "100 bytes out in one call…"),
                Step {
                    op: Recv(S0, 16),
                    say: "recv(16) returns at most 16 bytes, often fewer: repeated while amount_received < amount_expected.",
                    blocks: false,
                    repeat: true,
                },
                step(Close(S0), "b''.join(chunks) is the whole message (below)."),
            ],
        },
        Preset {
            id: "big-sends",
            title: "Partial send and sendall",
            concepts: "C13 C14 C18",
            expect: None,
            steps: vec![
                step(tcp(), "A TCP socket."),
                step(SndBuf(S0, 4096), "A small send buffer fills sooner."),
                step(
                    Connect(S0, AddrRef::Service("silent", ServiceProto::Tcp)),
                    "The silent service accepts and never reads: the buffers fill up.",
                ),
                step(Settimeout(S0, Some(2.0)), "With a timeout, Python's send waits for room, then sends what fits."),
                step(SendMany(S0, 1_000_000, false), "send returns how many bytes it took: fewer than asked."),
                step(SendMany(S0, 1_000_000, true), "sendall loops over send: watch the bytes sent so far, then TimeoutError (the peer never reads)."),
                step(Close(S0), "Done: the trace of sendall shows every send() it made."),
            ],
        },
        Preset {
            id: "timeout",
            title: "Timeout",
            concepts: "C18",
            expect: None,
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
            expect: None,
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
