use super::super::tests::room;
use super::*;
use crate::testing::{addr, snap, Session};
use shared::{Body, RoomEvent, SocketId, SpotlightCall, TcpState};

fn event(n: u64, at_ms: u64, kind: RoomEventKind, what: &str) -> RoomEvent {
    RoomEvent {
        n,
        at_ms,
        member: 2,
        peer: Some(1),
        addr: None,
        what: what.into(),
        kind,
    }
}

fn call(n: u64, line: &str, result: &str, end: CallEnd) -> SpotlightCall {
    SpotlightCall {
        n,
        at_ms: n,
        sock: Some(SocketId(1)),
        op: "x".into(),
        line: line.into(),
        result: result.into(),
        end,
    }
}

#[test]
fn the_headline_counts_students_not_the_teacher() {
    let mut view = room(1);
    assert_eq!(students_present(&view), "2 students present");
    view.members.truncate(2);
    assert_eq!(students_present(&view), "1 student present");
    view.members.truncate(1);
    assert_eq!(students_present(&view), "no students yet");
}

#[test]
fn times_and_byte_counts_are_short() {
    assert_eq!(clock(0), "0.0 s");
    assert_eq!(clock(12_345), "12.3 s");
    assert_eq!(clock(245_000), "4:05");
    assert_eq!(clock(3_725_000), "62:05");
    assert_eq!(bytes_short(0), "0 B");
    assert_eq!(bytes_short(999), "999 B");
    assert_eq!(bytes_short(1_200), "1.2 kB");
    assert_eq!(bytes_short(14_000), "14 kB");
    assert_eq!(bytes_short(3_400_000), "3.4 MB");
    assert_eq!(bytes_short(5_000_000_000), "5.0 GB");
    assert_eq!(bytes_short(u64::MAX), "18 EB");
}

#[test]
fn the_timeline_shows_the_newest_first_each_with_a_mark() {
    let events: VecDeque<RoomEvent> = [
        event(
            1,
            500,
            RoomEventKind::Listen,
            "Ms T listens on 127.0.0.1:20001",
        ),
        event(
            2,
            1_500,
            RoomEventKind::Connect,
            "Ada connected to Ms T's 127.0.0.1:20001",
        ),
        event(3, 2_000, RoomEventKind::Send, "Ada sent 14 bytes to Ms T"),
        event(
            4,
            2_500,
            RoomEventKind::Close,
            "Ada closed its connection to Ms T",
        ),
    ]
    .into();
    let rows = timeline_rows(events.iter(), 3);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].n, 4);
    assert_eq!(
        rows[0].mark,
        Mark {
            class: "close",
            symbol: "✕"
        }
    );
    assert_eq!(rows[1].what, "Ada sent 14 bytes to Ms T");
    assert_eq!(rows[2].at, "1.5 s");
    assert_eq!(rows[2].mark.class, "connect");
    for kind in [
        RoomEventKind::Accept,
        RoomEventKind::Receive,
        RoomEventKind::Eof,
        RoomEventKind::Reset,
        RoomEventKind::Other,
    ] {
        assert!(!event_mark(kind).symbol.is_empty(), "{kind:?}");
    }
}

#[test]
fn the_teachers_sockets_name_the_classmate_at_the_other_end() {
    // Ms T (member 1) listens on 20001 and accepted Ada's connection from
    // 127.0.0.1:40312; she also connected to Bob's server on [::1]:20003.
    let view = room(1);
    let mut accepted = event(
        7,
        0,
        RoomEventKind::Accept,
        "Ms T accepted Ada's connection from 127.0.0.1:40312",
    );
    accepted.member = 1;
    accepted.peer = Some(2);
    accepted.addr = Some(addr(40312));
    let events: VecDeque<RoomEvent> = [accepted].into();

    let mut sockets = Sockets::default();
    let mut listening = snap(1);
    listening.local = Some(addr(20001));
    listening.tcp_state = Some(TcpState::Listen);
    let mut conn = snap(2);
    conn.local = Some(addr(20001));
    conn.peer = Some(addr(40312));
    conn.tcp_state = Some(TcpState::Established);
    let mut to_bob = snap(3);
    to_bob.local = Some(addr(50000));
    to_bob.peer = Some(SockAddr {
        ip: "::1".into(),
        port: 20003,
    });
    to_bob.tcp_state = Some(TcpState::Established);
    let mut stranger = snap(4);
    stranger.local = Some(addr(50001));
    stranger.peer = Some(addr(7000));
    stranger.tcp_state = Some(TcpState::Established);
    let mut udp = snap(5);
    udp.kind = SockType::Dgram;
    let mut closed = snap(6);
    for s in [&listening, &conn, &to_bob, &stranger, &udp, &closed] {
        sockets.update(s, None);
    }
    closed.closed = true;
    sockets.update(&closed, None);

    let lines = socket_lines(&view, &sockets, &events);
    let shown: Vec<(&str, &str, &str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l.id.as_str(),
                l.state.as_str(),
                l.local.as_str(),
                l.peer.as_str(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("s1", "LISTEN", "127.0.0.1:20001", ""),
            (
                "s2",
                "ESTABLISHED",
                "127.0.0.1:20001",
                "Ada (127.0.0.1:40312)"
            ),
            ("s3", "ESTABLISHED", "127.0.0.1:50000", "Bob ([::1]:20003)"),
            ("s4", "ESTABLISHED", "127.0.0.1:50001", "127.0.0.1:7000"),
            ("s5", "new", "—", ""),
        ],
        "the closed s6 is not projected"
    );
    assert_eq!(lines[4].kind, "UDP");
    // A connection to one's own listener is "you"; one who left, a number.
    assert_eq!(
        peer_name(&view, &events, &addr(20001)).as_deref(),
        Some("you")
    );
    let mut gone = view.clone();
    gone.members.retain(|m| m.id != 2);
    assert_eq!(
        peer_name(&gone, &events, &addr(40312)).as_deref(),
        Some("member 2")
    );
}

#[test]
fn the_spotlight_panel_shows_the_spotlighted_students_newest_calls() {
    let mut view = room(1);
    let mut feed = SpotlightFeed::default();
    assert_eq!(spotlight_panel(&view, &feed, CALLS_SHOWN), None, "off");
    let choices = spotlight_choices(&view);
    assert_eq!(
        choices.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["Ada", "Bob"],
        "students only"
    );
    assert!(choices.iter().all(|c| !c.on));
    assert_eq!(choices[0].sockets, "0 sockets");

    view.spotlight = Some(2);
    view.members[1].sockets = 1;
    feed.receive(
        2,
        vec![
            call(
                1,
                "s1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
                "s1",
                CallEnd::Ok,
            ),
            call(2, "s1.connect(('127.0.0.1', 20001))", "", CallEnd::Ok),
            call(
                3,
                "s1.recv(1024)",
                "ConnectionResetError: [Errno 104] Connection reset by peer",
                CallEnd::Error,
            ),
            call(
                4,
                "s1.connect(('10.0.0.1', 80))",
                "refused: not allowed",
                CallEnd::Refused,
            ),
        ],
    );
    let panel = spotlight_panel(&view, &feed, 3).expect("on");
    assert_eq!((panel.member, panel.name.as_str()), (2, "Ada"));
    let rows: Vec<(u64, &str)> = panel.rows.iter().map(|r| (r.n, r.mark.class)).collect();
    assert_eq!(
        rows,
        [(2, "ok"), (3, "error"), (4, "refused")],
        "the newest 3, oldest first"
    );
    let choices = spotlight_choices(&view);
    assert!(choices[0].on && !choices[1].on);
    assert_eq!(choices[0].sockets, "1 socket");

    // The view moved to Bob before his calls came: Ada's are not his.
    view.spotlight = Some(3);
    let panel = spotlight_panel(&view, &feed, 3).expect("on");
    assert_eq!(panel.name, "Bob");
    assert!(panel.rows.is_empty());
}

#[test]
fn the_page_keeps_the_spotlight_and_a_reset_note_from_the_relays_events() {
    let mut s = Session::new();
    let mut view = room(1);
    view.spotlight = Some(2);
    s.event(Body::Room(view.clone()));
    s.event(Body::RoomSpotlight {
        member: 2,
        calls: vec![call(1, "s1.recv(16)", "b'hi'", CallEnd::Ok)],
    });
    assert_eq!(s.state.spotlight.member, Some(2));
    assert_eq!(s.state.spotlight.calls.len(), 1);
    view.spotlight = None;
    s.event(Body::Room(view));
    assert!(s.state.spotlight.calls.is_empty(), "the spotlight ended");

    // A student's page: the reset's note stays while in the room.
    let mut student = Session::new();
    student.event(Body::Room(room(2)));
    student.event(Body::RoomReset {
        sockets: vec![SocketId(1), SocketId(2)],
        reason: "the teacher reset your session: your 2 sockets were closed".into(),
    });
    assert_eq!(
        student.state.room_reset.as_deref(),
        Some("the teacher reset your session: your 2 sockets were closed")
    );
    assert!(student
        .state
        .notices
        .iter()
        .any(|n| n.text.contains("your 2 sockets were closed")));
    assert_eq!(
        crate::room::last_left_reason(&student.state.notices),
        None,
        "a reset is not a reason to be out of the room"
    );
    student.event(Body::RoomLeft {
        reason: "you left room K7P-3QX".into(),
    });
    assert_eq!(student.state.room_reset, None);
}

#[test]
fn activity_sent_again_after_a_gap_is_not_doubled() {
    let mut s = Session::new();
    s.event(Body::Room(room(1)));
    let events = |ns: std::ops::RangeInclusive<u64>| Body::RoomActivity {
        events: ns
            .map(|n| event(n, n * 10, RoomEventKind::Connect, "Ada → Ms T"))
            .collect(),
    };
    s.event(events(1..=3));
    s.event(events(1..=5));
    let ns: Vec<u64> = s.state.room_activity.iter().map(|e| e.n).collect();
    assert_eq!(ns, [1, 2, 3, 4, 5]);
}
