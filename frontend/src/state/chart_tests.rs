//! The timeline rows a session's events become.

use crate::testing::{self, addr, Session};
use crate::timeline::{LaneKey, Mark};
use shared::{
    Activity, Address, Body, Family, Op, Outcome, Payload, ServiceActivity, SockType, SocketId,
    SocketSnapshot, Value,
};

/// A TCP socket `s{id}` bound to `127.0.0.1:local`, connected to `peer`.
fn snap(id: u32, local: Option<u16>, peer: Option<u16>) -> SocketSnapshot {
    SocketSnapshot {
        local: local.map(addr),
        peer: peer.map(addr),
        ..testing::snap(id)
    }
}

fn lane(s: &Session, key: &LaneKey) -> usize {
    s.state
        .timeline
        .find(key)
        .unwrap_or_else(|| panic!("no lane {key:?}"))
}

fn last(s: &Session) -> crate::timeline::Item {
    s.state
        .timeline
        .items
        .last()
        .cloned()
        .unwrap_or_else(|| panic!("no rows"))
}

fn socket_op() -> Op {
    Op::Socket {
        family: Family::Inet,
        kind: SockType::Stream,
    }
}

#[test]
fn an_echo_round_trip_draws_arrows_to_the_service_and_back() {
    let mut s = Session::new();
    let s1 = SocketId(1);
    s.call(
        1,
        socket_op(),
        Outcome::Ok(Value::Socket(snap(1, None, None))),
        None,
    );
    let me = lane(&s, &LaneKey::Socket(s1));
    s.call(
        2,
        Op::Connect {
            sock: s1,
            addr: Address::new("127.0.0.1", 7000),
        },
        Outcome::Ok(Value::None),
        Some(snap(1, Some(40_000), Some(7000))),
    );
    let echo = lane(&s, &LaneKey::Service("echo".into()));
    let row = last(&s);
    assert_eq!(
        (row.mark, row.lane, row.peer, row.outgoing),
        (Mark::Connect, me, Some(echo), true)
    );

    s.call(
        3,
        Op::Sendall {
            sock: s1,
            data: Payload::from("hello"),
        },
        Outcome::Ok(Value::None),
        Some(snap(1, Some(40_000), Some(7000))),
    );
    let row = last(&s);
    assert_eq!((row.mark, row.peer), (Mark::Data, Some(echo)));
    assert_eq!(row.label, "sendall 5 B →");

    // The service reports writing the echo back: an arrow from its lane.
    s.event(Body::Service(ServiceActivity {
        service: "echo".into(),
        conn: 1,
        peer: addr(40_000),
        what: Activity::Sent { bytes: 5 },
    }));
    let row = last(&s);
    assert_eq!((row.lane, row.peer, row.mark), (echo, Some(me), Mark::Data));

    s.call(
        4,
        Op::Recv {
            sock: s1,
            bufsize: 16,
        },
        Outcome::Ok(Value::Bytes(Payload::from("hello"))),
        Some(snap(1, Some(40_000), Some(7000))),
    );
    assert_eq!(last(&s).label, "recv ← 5 B");

    let mut closed = snap(1, Some(40_000), Some(7000));
    closed.closed = true;
    s.call(
        5,
        Op::Close { sock: s1 },
        Outcome::Ok(Value::None),
        Some(closed),
    );
    let row = last(&s);
    assert_eq!((row.mark, row.peer), (Mark::Close, Some(echo)));
    assert_eq!(row.label, "close: FIN →");
    assert!(s.state.timeline.lanes[me].closed);
    // Every row links back to its console entry, for the details view.
    assert_eq!(s.state.timeline.row_of_entry(3), Some(2));
}

#[test]
fn a_blocking_call_opens_a_bar_that_its_result_closes() {
    let mut s = Session::new();
    let s1 = SocketId(1);
    s.call(
        1,
        socket_op(),
        Outcome::Ok(Value::Socket(snap(1, None, None))),
        None,
    );
    s.send(
        2,
        Op::Recv {
            sock: s1,
            bufsize: 8,
        },
    );
    s.event(Body::Pending {
        id: 2,
        sock: s1,
        op: "recv".into(),
        timeout: Some(2.0),
    });
    assert_eq!(last(&s).mark, Mark::Wait);
    assert_eq!(s.state.timeline.bars.get(0).map(|b| b.to), Some(None));
    s.finish(
        2,
        "recv",
        Some(s1),
        Outcome::Err(shared::PyError::timed_out()),
        Some(snap(1, None, None)),
    );
    let row = last(&s);
    assert_eq!(row.mark, Mark::Error);
    assert_eq!(row.label, "recv ✗ TimeoutError");
    let rows = s.state.timeline.items.len();
    assert_eq!(
        s.state.timeline.bars.get(0).and_then(|b| b.to),
        Some(rows - 1)
    );
}

#[test]
fn a_client_talks_to_the_accepted_socket_not_the_listener() {
    let mut s = Session::new();
    s.call(
        1,
        socket_op(),
        Outcome::Ok(Value::Socket(snap(1, None, None))),
        None,
    );
    s.call(
        2,
        Op::Listen {
            sock: SocketId(1),
            backlog: Some(1),
        },
        Outcome::Ok(Value::None),
        Some(snap(1, Some(5000), None)),
    );
    s.call(
        3,
        socket_op(),
        Outcome::Ok(Value::Socket(snap(2, None, None))),
        None,
    );
    s.call(
        4,
        Op::Accept { sock: SocketId(1) },
        Outcome::Ok(Value::Accepted {
            socket: snap(3, Some(5000), Some(6000)),
            addr: addr(6000),
        }),
        Some(snap(1, Some(5000), None)),
    );
    let accepted = lane(&s, &LaneKey::Socket(SocketId(3)));
    assert_eq!(last(&s).mark, Mark::Accept);
    assert_eq!(last(&s).peer, Some(accepted));
    s.call(
        5,
        Op::Sendall {
            sock: SocketId(2),
            data: Payload::from("hi"),
        },
        Outcome::Ok(Value::None),
        Some(snap(2, Some(6000), Some(5000))),
    );
    assert_eq!(
        last(&s).peer,
        Some(accepted),
        "s2's bytes go to s3, not to the listener s1"
    );
}

#[test]
fn an_outside_client_of_a_service_gets_the_outside_lane() {
    let mut s = Session::new();
    s.event(Body::Service(ServiceActivity {
        service: "echo".into(),
        conn: 9,
        peer: addr(50_000),
        what: Activity::Opened,
    }));
    let outside = lane(&s, &LaneKey::Outside);
    let echo = lane(&s, &LaneKey::Service("echo".into()));
    let row = last(&s);
    assert_eq!(
        (row.lane, row.peer, row.outgoing, row.mark),
        (echo, Some(outside), false, Mark::Connect)
    );
    assert_eq!(s.state.service_conns.of("echo").len(), 1);
    assert_eq!(s.state.service_conns.open_count(), 1);
}

#[test]
fn the_kernel_holding_a_closed_connection_is_shown_until_released() {
    let mut s = Session::new();
    s.call(
        1,
        socket_op(),
        Outcome::Ok(Value::Socket(snap(1, None, None))),
        None,
    );
    let mut closed = snap(1, Some(5000), Some(6000));
    closed.closed = true;
    s.call(
        2,
        Op::Close { sock: SocketId(1) },
        Outcome::Ok(Value::None),
        Some(closed),
    );
    let conn = |state| shared::LingeringConn {
        sock: SocketId(1),
        local: addr(5000),
        peer: addr(6000),
        state,
    };
    s.event(Body::Lingering {
        conns: vec![conn(shared::TcpState::FinWait2)],
    });
    assert_eq!(last(&s).label, "kernel: 127.0.0.1:5000 FIN_WAIT2");
    s.event(Body::Lingering {
        conns: vec![conn(shared::TcpState::TimeWait)],
    });
    assert_eq!(last(&s).label, "kernel: 127.0.0.1:5000 TIME_WAIT");
    assert_eq!(s.state.lingering.len(), 1);
    let rows = s.state.timeline.items.len();
    // The same list again adds nothing; an empty one says it was released.
    s.event(Body::Lingering {
        conns: vec![conn(shared::TcpState::TimeWait)],
    });
    assert_eq!(s.state.timeline.items.len(), rows);
    s.event(Body::Lingering { conns: vec![] });
    assert_eq!(last(&s).label, "kernel: 127.0.0.1:5000 released");
    assert!(s.state.lingering.is_empty());
    // A restarted server can still find the old port.
    assert_eq!(s.state.sockets.last_local(SocketId(1)), Some(&addr(5000)));
}

#[test]
fn only_what_goes_on_the_wire_is_drawn_as_fin_or_rst() {
    let mut s = Session::new();
    s.call(
        1,
        socket_op(),
        Outcome::Ok(Value::Socket(snap(1, None, None))),
        None,
    );
    // SHUT_RD sends nothing.
    s.call(
        2,
        Op::Shutdown {
            sock: SocketId(1),
            how: shared::ShutdownHow::Read,
        },
        Outcome::Ok(Value::None),
        Some(snap(1, Some(40_000), Some(7000))),
    );
    assert_eq!((last(&s).mark, last(&s).peer), (Mark::Call, None));
    assert_eq!(last(&s).label, "shutdown(SHUT_RD)");
    // Closing with unread bytes resets the connection.
    let mut closing = snap(1, Some(40_000), Some(7000));
    closing.recv_queue = Some(5);
    closing.closed = true;
    s.call(
        3,
        Op::Close { sock: SocketId(1) },
        Outcome::Ok(Value::None),
        Some(closing),
    );
    assert_eq!(last(&s).mark, Mark::Rst);
    assert_eq!(last(&s).label, "close with 5 B unread: RST →");

    // A UDP connect sends nothing.
    let mut udp = snap(2, None, None);
    udp.kind = SockType::Dgram;
    s.call(
        4,
        Op::Socket {
            family: Family::Inet,
            kind: SockType::Dgram,
        },
        Outcome::Ok(Value::Socket(udp.clone())),
        None,
    );
    udp.peer = Some(addr(7000));
    s.call(
        5,
        Op::Connect {
            sock: SocketId(2),
            addr: Address::new("127.0.0.1", 7000),
        },
        Outcome::Ok(Value::None),
        Some(udp),
    );
    assert_eq!(last(&s).mark, Mark::Call);
    assert!(
        last(&s).label.contains("sends nothing"),
        "{}",
        last(&s).label
    );
}
