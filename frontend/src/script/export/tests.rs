//! The export, against sessions fed relay-shaped events.

use super::*;
use crate::state::Action;
use crate::testing::{addr, snap, Session};
use shared::{
    Address, Body, ExceptionClass, Family, Payload, PyError, Rejection, SockOpt, SockType,
    SocketId, SocketSnapshot,
};

const S1: SocketId = SocketId(1);
const S2: SocketId = SocketId(2);
const S3: SocketId = SocketId(3);

fn tcp() -> Op {
    Op::Socket {
        family: Family::Inet,
        kind: SockType::Stream,
    }
}

fn ok(value: Value) -> Outcome {
    Outcome::Ok(value)
}

fn none() -> Outcome {
    Outcome::Ok(Value::None)
}

fn connected(id: u32, local: u16, peer: u16) -> SocketSnapshot {
    SocketSnapshot {
        local: Some(addr(local)),
        peer: Some(addr(peer)),
        ..snap(id)
    }
}

/// `socket()` as command `id`, answered with socket `s{sock}`.
fn new_socket(session: &mut Session, id: u64, sock: u32) {
    session.call(id, tcp(), ok(Value::Socket(snap(sock))), None);
}

/// `sock.recv(bufsize)` as command `id`, which starts waiting.
fn pending_recv(session: &mut Session, id: u64, sock: SocketId, timeout: Option<f64>) {
    session.send(
        id,
        Op::Recv {
            sock,
            bufsize: 1024,
        },
    );
    session.event(Body::Pending {
        id,
        sock,
        op: "recv".into(),
        timeout,
    });
}

#[track_caller]
fn parses(script: &str) {
    if let Err(e) = interp::parser::parse(script) {
        panic!("the export does not parse: {e:?}\n{script}");
    }
}

/// The export without its header.
#[track_caller]
fn body(session: &Session) -> String {
    let script = export(&session.state);
    parses(&script);
    assert_eq!(script, export(&session.state), "deterministic");
    match script.strip_prefix(HEADER) {
        Some(rest) => rest.to_string(),
        None => panic!("no header:\n{script}"),
    }
}

fn echo_session() -> Session {
    let mut s = Session::new();
    new_socket(&mut s, 1, 1);
    s.call(
        2,
        Op::Connect {
            sock: S1,
            addr: Address::new("127.0.0.1", 7000),
        },
        none(),
        Some(connected(1, 40000, 7000)),
    );
    s.call(
        3,
        Op::Sendall {
            sock: S1,
            data: "hello".into(),
        },
        none(),
        None,
    );
    pending_recv(&mut s, 4, S1, None);
    s.finish(4, "recv", Some(S1), ok(Value::Bytes("hello".into())), None);
    s.call(
        5,
        Op::Getpeername { sock: S1 },
        ok(Value::Addr(addr(7000))),
        None,
    );
    s.call(6, Op::Gettimeout { sock: S1 }, ok(Value::None), None);
    s.call(7, Op::Close { sock: S1 }, none(), None);
    s
}

#[test]
fn a_tcp_echo_exchange() {
    let script = export(&echo_session().state);
    let expected = format!(
        "{HEADER}
import socket

s1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # -> <socket.socket fd=6, family=2, type=1, proto=0, laddr=('0.0.0.0', 0)>
s1.connect(('127.0.0.1', 7000))
s1.sendall(b'hello')
s1.recv(1024)  # -> b'hello'
s1.getpeername()  # -> ('127.0.0.1', 7000)
s1.gettimeout()
s1.close()
"
    );
    assert_eq!(script, expected);
    parses(&script);
    assert!(HEADER.contains("order the kernel completed"));
    assert!(HEADER.contains("python3"));
}

#[test]
fn a_pending_accept_comes_after_the_connect_that_completed_it() {
    let mut s = Session::new();
    new_socket(&mut s, 1, 1);
    let bind = Op::Bind {
        sock: S1,
        addr: Address::new("127.0.0.1", 20001),
    };
    s.call(2, bind, none(), None);
    s.call(
        3,
        Op::Listen {
            sock: S1,
            backlog: Some(1),
        },
        none(),
        None,
    );
    // accept() waits for a client ...
    s.send(4, Op::Accept { sock: S1 });
    s.event(Body::Pending {
        id: 4,
        sock: S1,
        op: "accept".into(),
        timeout: None,
    });
    // ... which the learner makes next, on another socket.
    new_socket(&mut s, 5, 2);
    s.call(
        6,
        Op::Connect {
            sock: S2,
            addr: Address::new("127.0.0.1", 20001),
        },
        none(),
        Some(connected(2, 40000, 20001)),
    );
    s.finish(
        4,
        "accept",
        Some(S1),
        ok(Value::Accepted {
            socket: connected(3, 20001, 40000),
            addr: addr(40000),
        }),
        None,
    );
    s.call(
        7,
        Op::Send {
            sock: S2,
            data: "hi".into(),
        },
        ok(Value::Int(2)),
        None,
    );
    s.call(
        8,
        Op::Recv {
            sock: S3,
            bufsize: 16,
        },
        ok(Value::Bytes("hi".into())),
        None,
    );
    assert_eq!(
        body(&s),
        "
import socket

s1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # -> <socket.socket fd=6, family=2, type=1, proto=0, laddr=('0.0.0.0', 0)>
s1.bind(('127.0.0.1', 20001))
s1.listen(1)
s2 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # -> <socket.socket fd=7, family=2, type=1, proto=0, laddr=('0.0.0.0', 0)>
s2.connect(('127.0.0.1', 20001))
s3, addr = s1.accept()  # -> (<socket.socket fd=8, …>, ('127.0.0.1', 40000))
s2.send(b'hi')  # -> 2
s3.recv(16)  # -> b'hi'
"
    );
}

#[test]
fn an_error_is_caught_and_the_script_goes_on() {
    let mut s = Session::new();
    new_socket(&mut s, 1, 1);
    s.call(
        2,
        Op::Connect {
            sock: S1,
            addr: Address::new("127.0.0.1", 1),
        },
        Outcome::Err(PyError::from_errno(111)),
        None,
    );
    s.call(3, Op::Close { sock: S1 }, none(), None);
    assert!(body(&s).ends_with(
        "
try:
    s1.connect(('127.0.0.1', 1))
except Exception as e:
    print(type(e).__name__, e)  # playground: ConnectionRefusedError: [Errno 111] Connection refused
s1.close()
"
    ));
}

#[test]
fn a_failed_socket_or_accept_keeps_its_assignment_in_the_try() {
    let mut s = Session::new();
    new_socket(&mut s, 1, 1);
    s.call(
        2,
        Op::Accept { sock: S1 },
        Outcome::Err(PyError::from_errno(22)),
        None,
    );
    s.call(3, tcp(), Outcome::Err(PyError::from_errno(24)), None);
    let body = body(&s);
    assert!(
        body.contains("try:\n    conn, addr = s1.accept()\nexcept Exception as e:\n    print(type(e).__name__, e)  # playground: OSError: [Errno 22] Invalid argument\n"),
        "{body}"
    );
    assert!(
        body.contains("try:\n    socket.socket(socket.AF_INET, socket.SOCK_STREAM)\nexcept"),
        "{body}"
    );
}

#[test]
fn a_timeout_is_caught() {
    let mut s = Session::new();
    new_socket(&mut s, 1, 1);
    s.call(
        2,
        Op::Settimeout {
            sock: S1,
            timeout: Some(1.0),
        },
        none(),
        None,
    );
    pending_recv(&mut s, 3, S1, Some(1.0));
    s.finish(
        3,
        "recv",
        Some(S1),
        Outcome::Err(PyError::timed_out()),
        None,
    );
    assert!(body(&s).ends_with(
        "
s1.settimeout(1.0)
try:
    s1.recv(1024)
except Exception as e:
    print(type(e).__name__, e)  # playground: TimeoutError: timed out
"
    ));
}

#[test]
fn a_cancelled_recv_is_a_comment() {
    let mut s = Session::new();
    new_socket(&mut s, 1, 1);
    pending_recv(&mut s, 2, S1, None);
    s.send(3, Op::Close { sock: S1 });
    s.finish(
        2,
        "recv",
        Some(S1),
        Outcome::Cancelled {
            reason: "socket closed".into(),
        },
        None,
    );
    s.finish(3, "close", Some(S1), none(), None);
    assert!(body(&s).ends_with(
        "
# s1.recv(1024) was cancelled: socket closed
s1.close()
"
    ));
}

#[test]
fn refusals_local_raises_unsent_and_waiting_calls_are_comments_where_they_were_sent() {
    let mut s = Session::new();
    new_socket(&mut s, 1, 1);
    // A recv that waits for data the later sendall brings.
    pending_recv(&mut s, 2, S1, None);
    // A second recv on the busy socket: refused.
    s.send(
        3,
        Op::Recv {
            sock: S1,
            bufsize: 1,
        },
    );
    s.event(Body::Rejected {
        id: Some(3),
        reason: Rejection::Busy {
            sock: S1,
            pending: "recv".into(),
        },
    });
    s.state.apply(Action::RaisedLocally {
        id: 4,
        line: "s1.connect(('127.0.0.1', 70000))".into(),
        error: PyError::plain(
            ExceptionClass::OverflowError,
            "connect(): port must be 0-65535.",
        ),
        at_ms: 0.0,
    });
    new_socket(&mut s, 5, 2);
    s.finish(2, "recv", Some(S1), ok(Value::Bytes("x".into())), None);
    s.send(6, Op::Close { sock: S2 });
    s.state.apply(Action::NotSent {
        id: 6,
        reason: "the connection to the relay was lost\nreload".into(),
    });
    pending_recv(&mut s, 7, S2, None);
    s.send(8, Op::Gethostname);
    assert_eq!(
        body(&s),
        "
import socket

s1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # -> <socket.socket fd=6, family=2, type=1, proto=0, laddr=('0.0.0.0', 0)>
# refused by the relay: s1.recv(1) (s1 is busy in recv(); one call at a time per socket (close cancels it))
# s1.connect(('127.0.0.1', 70000)) raised before any system call (nothing was sent): OverflowError: connect(): port must be 0-65535.
s2 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # -> <socket.socket fd=7, family=2, type=1, proto=0, laddr=('0.0.0.0', 0)>
s1.recv(1024)  # -> b'x'
# s2.close() was not sent: the connection to the relay was lost\\nreload
# s2.recv(1024) was still waiting when exported
# socket.gethostname() was still waiting when exported
"
    );
}

#[test]
fn long_data_is_written_in_full() {
    let mut s = Session::new();
    new_socket(&mut s, 1, 1);
    let mixed: Vec<u8> = (0..=255).collect();
    s.call(
        2,
        Op::Sendall {
            sock: S1,
            data: Payload::from(mixed.clone()),
        },
        none(),
        None,
    );
    s.call(
        3,
        Op::Sendto {
            sock: S1,
            data: Payload::from(mixed.clone()),
            addr: Address::new("127.0.0.1", 7000),
        },
        ok(Value::Int(256)),
        None,
    );
    s.call(
        4,
        Op::Send {
            sock: S1,
            data: Payload::from(vec![b'x'; 1000]),
        },
        ok(Value::Int(1000)),
        None,
    );
    // What the call returned is only a comment: cut short.
    s.call(
        5,
        Op::Recv {
            sock: S1,
            bufsize: 4096,
        },
        ok(Value::Bytes(Payload::from(mixed.clone()))),
        None,
    );
    let body = body(&s);
    let full = python::bytes_repr(&mixed);
    assert!(body.contains(&format!("\ns1.sendall({full})\n")), "{body}");
    assert!(
        body.contains(&format!(
            "\ns1.sendto({full}, ('127.0.0.1', 7000))  # -> 256\n"
        )),
        "{body}"
    );
    // A repetition is complete as it is.
    assert!(
        body.contains("\ns1.send(b'x' * 1000)  # -> 1000\n"),
        "{body}"
    );
    let recv = body
        .lines()
        .find(|l| l.starts_with("s1.recv(4096)"))
        .unwrap_or_default();
    let comment = recv.split_once("# -> ").map(|(_, c)| c).unwrap_or_default();
    assert_eq!(comment.chars().count(), MAX_REPR, "{recv}");
    assert!(
        comment.starts_with("b'\\x00\\x01") && comment.ends_with('…'),
        "{recv}"
    );
    assert!(
        !body.contains("bytes)"),
        "no abbreviated data argument: {body}"
    );
}

#[test]
fn struct_is_imported_only_for_a_live_so_linger() {
    let linger = |sock| Op::Setsockopt {
        sock,
        option: SockOpt::Linger,
        value: OptValue::Linger {
            onoff: true,
            seconds: 0,
        },
    };
    let mut s = Session::new();
    new_socket(&mut s, 1, 1);
    s.call(
        2,
        Op::Setsockopt {
            sock: S1,
            option: SockOpt::ReuseAddr,
            value: OptValue::Int(1),
        },
        none(),
        None,
    );
    // Refused: a comment, no struct needed.
    s.send(3, linger(SocketId(9)));
    s.event(Body::Rejected {
        id: Some(3),
        reason: Rejection::UnknownSocket { sock: SocketId(9) },
    });
    let without = body(&s);
    assert!(without.starts_with("\nimport socket\n\n"), "{without}");
    assert!(!without.contains("import struct"), "{without}");
    s.call(4, linger(S1), none(), None);
    let with = body(&s);
    assert!(
        with.starts_with("\nimport socket\nimport struct\n\n"),
        "{with}"
    );
    assert!(with.contains(
        "\ns1.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))\n"
    ));
}

#[test]
fn comments_stay_on_one_line() {
    let mut s = Session::new();
    s.call(
        1,
        Op::Gethostbyaddr {
            ip: "127.0.0.1".into(),
        },
        Outcome::Err(PyError::plain(
            ExceptionClass::Herror,
            "line one\nline two\r\u{2028}\u{85}",
        )),
        None,
    );
    s.call(
        2,
        Op::Gethostname,
        ok(Value::Str("a\nb\u{2028}c".into())),
        None,
    );
    let body = body(&s);
    assert!(
        body.contains("# playground: socket.herror: line one\\nline two\\r\\u{2028}\\u{85}\n"),
        "{body}"
    );
    assert!(
        body.contains("socket.gethostname()  # -> 'a\\nb\\u{2028}c'\n"),
        "{body}"
    );
    assert_eq!(body.lines().count(), 8, "{body}");
}

#[test]
fn an_empty_session_is_still_a_script() {
    let s = Session::new();
    assert_eq!(body(&s), "\nimport socket\n\n# (no calls yet)\n");
}

#[test]
fn every_kind_of_session_parses() {
    let mut s = echo_session();
    // Every op's spelling, answered with a plausible value.
    let ops = [
        Op::Setblocking {
            sock: S1,
            flag: false,
        },
        Op::Shutdown {
            sock: S1,
            how: shared::ShutdownHow::Write,
        },
        Op::ConnectEx {
            sock: S1,
            addr: Address::new("::1", 7000),
        },
        Op::Recvfrom {
            sock: S1,
            bufsize: 64,
        },
        Op::Getsockopt {
            sock: S1,
            option: SockOpt::SndBuf,
        },
        Op::Getsockname { sock: S1 },
        Op::Fileno { sock: S1 },
        Op::Getfqdn { name: "".into() },
        Op::Getaddrinfo {
            host: "localhost".into(),
            port: Some("http".into()),
            family: Some(Family::Inet6),
            kind: Some(SockType::Dgram),
        },
        Op::Gethostbyname {
            host: "localhost".into(),
        },
        Op::Getservbyname {
            name: "echo".into(),
            proto: Some("tcp".into()),
        },
        Op::Getservbyport {
            port: 7,
            proto: None,
        },
        Op::Getprotobyname { name: "tcp".into() },
        Op::Getdefaulttimeout,
        Op::Setdefaulttimeout { timeout: Some(2.5) },
    ];
    let values = [
        Value::None,
        Value::None,
        Value::Int(111),
        Value::Datagram {
            data: "it's \"quoted\"".into(),
            addr: addr(7000),
        },
        Value::Int(16384),
        Value::Addr(addr(40000)),
        Value::Int(6),
        Value::Str("localhost".into()),
        Value::AddrInfo(vec![]),
        Value::Str("127.0.0.1".into()),
        Value::Int(7),
        Value::Str("echo".into()),
        Value::Int(6),
        Value::Float(2.5),
        Value::None,
    ];
    for (i, (op, value)) in ops.into_iter().zip(values).enumerate() {
        s.call(100 + i as u64, op, ok(value), None);
    }
    let script = export(&s.state);
    parses(&script);
    assert!(
        script.contains("\ns1.connect_ex(('::1', 7000))  # -> 111\n"),
        "{script}"
    );
}
