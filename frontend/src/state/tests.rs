//! Unit tests for the page's model.

use super::*;
use crate::testing;
use shared::{
    Address, Family, Payload, PyError, Rejection, SockAddr, SockType, SocketSnapshot, Trace,
    TraceStep,
};

pub(super) fn hello() -> Hello {
    testing::hello(vec![
        testing::service("echo", ServiceProto::Udp, 7008),
        testing::service("echo", ServiceProto::Tcp, 7007),
    ])
}

pub(super) fn snapshot(id: u32, closed: bool) -> SocketSnapshot {
    SocketSnapshot {
        fd: 6 + id as i32,
        closed,
        ..testing::snap(id)
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
pub(super) fn run(actions: impl IntoIterator<Item = Action>) -> State {
    let mut state = State::default();
    for a in actions {
        state.apply(a);
    }
    state
}

pub(super) fn received(seq: u64, body: Body) -> Action {
    Action::Received {
        event: Box::new(Event { seq, body }),
        at_ms: 1000.0 + seq as f64,
    }
}

fn sent(id: u64, op: Op) -> Action {
    Action::Sent {
        command: Command::new(id, op),
        at_ms: 1000.0,
    }
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
        received(0, Body::Hello(hello())),
    ]);
    assert!(state.is_connected());
    assert_eq!(state.connection.label(), "connected");
    assert!(state.entries.is_empty(), "hello is not a console line");
    assert_eq!(
        state.service("echo", ServiceProto::Tcp).map(|s| s.port),
        Some(7007)
    );
    assert_eq!(state.last_seq, 0, "hello is unsequenced");
}

#[test]
fn a_whole_echo_session() {
    let socket_op = Op::Socket {
        family: Family::Inet,
        kind: SockType::Stream,
    };
    let s1 = SocketId(1);
    let mut state = run([
        received(0, Body::Hello(hello())),
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
            "<socket.socket fd=7, family=2, type=1, proto=0, laddr=('0.0.0.0', 0)>".into()
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
    assert!(state.sockets.open_count() == 0);
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
        state
            .notices
            .iter()
            .map(|n| n.text.as_str())
            .collect::<Vec<_>>(),
        vec!["relay rejected: malformed command: junk"]
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
    assert_eq!(state.sockets.open_count(), 2);
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
fn an_accept_line_names_the_socket_it_returned() {
    let waiting = Entry {
        id: 2,
        line: None,
        op: Some(Op::Accept { sock: SocketId(1) }),
        sent_ms: 0.0,
        status: EntryStatus::Sent,
        done_seq: None,
        origin: None,
    };
    assert_eq!(waiting.call_line(), "conn, addr = s1.accept()");
    let accepted = Entry {
        status: EntryStatus::Done(Box::new(result(
            2,
            "accept",
            1,
            Outcome::Ok(Value::Accepted {
                socket: snapshot(3, false),
                addr: SockAddr {
                    ip: "127.0.0.1".into(),
                    port: 5000,
                },
            }),
            vec![],
        ))),
        ..waiting
    };
    assert_eq!(accepted.call_line(), "s3, addr = s1.accept()");
}

#[test]
fn relay_shutdown_stops_and_later_drops_do_not_undo_it() {
    let mut state = run([received(0, Body::Hello(hello()))]);
    state.apply(received(
        2,
        Body::Closing {
            reason: "SIGTERM".into(),
        },
    ));
    assert_eq!(state.connection.label(), "stopped");
    state.apply(Action::Reconnecting {
        attempt: 1,
        reason: "code 1006".into(),
    });
    assert_eq!(
        state.connection,
        Connection::Stopped {
            reason: "SIGTERM".into()
        }
    );
}

#[test]
fn a_drop_reconnects_and_a_resume_keeps_everything() {
    let mut state = run([received(0, Body::Hello(hello())), sent(1, tcp_socket())]);
    state.apply(received(2, created(1, 1)));
    state.apply(Action::Reconnecting {
        attempt: 1,
        reason: "closed (code 1006)".into(),
    });
    assert_eq!(state.connection.label(), "reconnecting");
    assert!(!state.is_connected());
    // The relay resumes the session and replays from last_seq: an event the
    // page already has is ignored, a new one applies.
    state.apply(received(
        0,
        Body::Hello(Hello {
            resumed: true,
            ..hello()
        }),
    ));
    state.apply(received(2, created(1, 1)));
    assert_eq!(state.entries.len(), 1);
    assert_eq!(state.sockets.open_count(), 1);
    assert!(state.is_connected());
    assert!(state.notices.is_empty(), "{:?}", state.notices);
}

#[test]
fn a_fresh_session_after_a_drop_clears_the_old_sockets() {
    let mut state = run([
        received(0, Body::Hello(hello())),
        sent(1, tcp_socket()),
        received(2, created(1, 1)),
        sent(
            2,
            Op::Recv {
                sock: SocketId(1),
                bufsize: 10,
            },
        ),
    ]);
    state.apply(received(0, Body::Hello(hello())));
    assert_eq!(state.sockets.open_count(), 0);
    assert_eq!(state.selected, None);
    assert_eq!(
        state.last_seq, 0,
        "the new session counts from its hello (seq 0)"
    );
    assert_eq!(state.entries[1].result().0, ResultKind::Rejected);
    assert_eq!(state.notices.len(), 1);
    // Its events apply even though their numbers are lower than before.
    state.apply(received(2, created(3, 1)));
    assert_eq!(state.sockets.open_count(), 1);
}

fn tcp_socket() -> Op {
    Op::Socket {
        family: Family::Inet,
        kind: SockType::Stream,
    }
}

pub(super) fn created(id: u64, sock: u32) -> Body {
    Body::Result(OpResult {
        socket: None,
        ..result(
            id,
            "socket",
            sock,
            Outcome::Ok(Value::Socket(snapshot(sock, false))),
            vec![],
        )
    })
}

#[test]
fn reducer_returns_a_new_state() {
    let before = Rc::new(State::default());
    let after = before.clone().reduce(Action::Stopped("x".into()));
    assert_eq!(before.connection, Connection::Connecting);
    assert_eq!(after.connection.label(), "stopped");
}

#[test]
fn a_drop_settles_unanswered_commands_and_a_late_result_still_lands() {
    let mut state = run([
        received(0, Body::Hello(hello())),
        sent(1, tcp_socket()),
        received(1, created(1, 1)),
        sent(
            2,
            Op::Recv {
                sock: SocketId(1),
                bufsize: 4,
            },
        ),
        sent(3, Op::Close { sock: SocketId(1) }),
    ]);
    state.apply(received(
        2,
        Body::Pending {
            id: 2,
            sock: SocketId(1),
            op: "recv".into(),
            timeout: None,
        },
    ));
    state.apply(Action::Reconnecting {
        attempt: 1,
        reason: "lost".into(),
    });
    // While away, and just after the resume, both still wait.
    assert_eq!(state.entries[2].result().0, ResultKind::Waiting);
    state.apply(received(
        0,
        Body::Hello(Hello {
            resumed: true,
            ..hello()
        }),
    ));
    assert_eq!(state.entries[2].result().0, ResultKind::Waiting);
    // A while later, the close (sent at 1000 ms, never answered) stops
    // waiting; the pending recv is still the relay's.
    let mut later = state.clone();
    later.apply(Action::SettleUnanswered { before_ms: 1500.0 });
    assert!(matches!(
        later.entries[1].status,
        EntryStatus::Pending { .. }
    ));
    assert_eq!(later.entries[2].result().0, ResultKind::Rejected);
    // Had it arrived, its result would come with the replay and win.
    state.apply(received(
        3,
        Body::Result(result(3, "close", 1, Outcome::Ok(Value::None), vec![])),
    ));
    assert_eq!(state.entries[2].result().0, ResultKind::Ok);
    // A gap settles whatever still waits.
    state.apply(received(4, Body::Gap { from: 2, to: 3 }));
    assert_eq!(state.entries[1].result().0, ResultKind::Rejected);
}

#[test]
fn a_fresh_session_starts_a_fresh_timeline() {
    let mut state = run([
        received(0, Body::Hello(hello())),
        sent(1, tcp_socket()),
        received(1, created(1, 1)),
    ]);
    assert!(!state.timeline.items.is_empty());
    state.apply(received(0, Body::Hello(hello())));
    assert!(state.timeline.items.is_empty());
    assert!(state.timeline.lanes.is_empty());
    assert_eq!(state.focused_row, None);
}

#[test]
fn moving_to_a_rooms_relay_starts_a_new_session_and_keeps_the_join_waiting() {
    let join = Op::JoinRoom {
        code: "K7P-3QX".into(),
        name: "Ada".into(),
        teacher_key: None,
    };
    let state = run([
        received(0, Body::Hello(hello())),
        sent(
            1,
            Op::Socket {
                family: Family::Inet,
                kind: SockType::Stream,
            },
        ),
        sent(2, join),
        Action::MovingRelay {
            relay: "K".into(),
            id: 2,
        },
        received(
            0,
            Body::Hello(Hello {
                relay_id: Some("K".into()),
                ..hello()
            }),
        ),
    ]);
    assert!(state.is_connected());
    assert!(state.moving.is_none());
    let note = state
        .notices
        .last()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(
        note.starts_with("moved to relay K of this server"),
        "{note}"
    );
    let waiting: Vec<u64> = state
        .entries
        .iter()
        .filter(|e| e.is_waiting())
        .map(|e| e.id)
        .collect();
    assert_eq!(
        waiting,
        vec![2],
        "the join waits for its answer; the old socket() does not"
    );
}
