use super::*;
use crate::testing::Session;
use shared::{Body, Op, Rejection, RoomListener, RoomMember, SockAddr};

pub(super) fn member(id: u32, name: &str, teacher: bool) -> RoomMember {
    RoomMember {
        id,
        name: name.into(),
        teacher,
        sockets: 0,
        ops: 0,
        last_op: None,
        last_error: None,
        bytes_sent: 0,
        bytes_received: 0,
    }
}

pub(super) fn listener(member: u32, ip: &str, port: u16, kind: SockType) -> RoomListener {
    RoomListener {
        member,
        addr: SockAddr {
            ip: ip.into(),
            port,
        },
        kind,
    }
}

/// Sockets 101 as Ada (member 2) sees it: Ms T teaches, Bob is there too.
pub(super) fn room(you: u32) -> RoomView {
    RoomView {
        code: "K7P-3QX".into(),
        name: "Sockets 101".into(),
        you,
        members: vec![
            member(1, "Ms T", true),
            member(2, "Ada", false),
            member(3, "Bob", false),
        ],
        paused: false,
        task: None,
        listeners: vec![
            listener(1, "127.0.0.1", 20001, SockType::Stream),
            listener(2, "0.0.0.0", 20002, SockType::Dgram),
            listener(3, "::1", 20003, SockType::Stream),
        ],
        spotlight: None,
    }
}

#[test]
fn codes_are_read_in_any_case_with_or_without_dashes_and_spaces() {
    for typed in [
        "K7P-3QX",
        "k7p-3qx",
        "k7p3qx",
        " K7P 3QX ",
        "k7p_3qx",
        "K-7-P-3-Q-X",
    ] {
        assert_eq!(
            normalize_code(typed).as_deref(),
            Some("K7P-3QX"),
            "{typed:?}"
        );
    }
    assert_eq!(normalize_code("K7P-3Q"), None, "too short");
    assert_eq!(normalize_code("K7P-3QXX"), None, "too long");
    assert_eq!(normalize_code("K0P-3QX"), None, "0 is not in the alphabet");
    assert_eq!(normalize_code("KOP-3QX"), None, "nor O");
    assert_eq!(normalize_code("K7P-3QÉ"), None, "not ASCII");
    assert_eq!(normalize_code(""), None);
    assert_eq!(compact_code("K7P-3QX"), "K7P3QX");
}

#[test]
fn a_join_link_carries_the_code_in_its_fragment_beside_a_script() {
    assert_eq!(
        join_link("http://127.0.0.1:8080/", "K7P-3QX"),
        "http://127.0.0.1:8080/#join=K7P3QX"
    );
    // The page's own fragment (a shared script, an old join) is replaced.
    assert_eq!(
        join_link("http://127.0.0.1:8080/play/?x=1#script=aGk", "K7P-3QX"),
        "http://127.0.0.1:8080/play/?x=1#join=K7P3QX"
    );
    let link = join_link("http://[::1]:9/", "ACD-EFG");
    let fragment = link.split_once('#').map(|(_, f)| f).unwrap_or_default();
    assert_eq!(code_from_fragment(fragment).as_deref(), Some("ACD-EFG"));

    assert_eq!(
        code_from_fragment("#join=K7P3QX").as_deref(),
        Some("K7P-3QX")
    );
    assert_eq!(
        code_from_fragment("join=k7p-3qx").as_deref(),
        Some("K7P-3QX")
    );
    assert_eq!(
        code_from_fragment("#script=aGk&join=K7P3QX").as_deref(),
        Some("K7P-3QX")
    );
    assert_eq!(
        code_from_fragment("#join=K7P3QX&script=aGk").as_deref(),
        Some("K7P-3QX")
    );
    // And a join link is no script.
    assert_eq!(crate::script::share::decode_fragment("#join=K7P3QX"), None);
    assert_eq!(code_from_fragment("#script=aGk"), None);
    assert_eq!(code_from_fragment("#joined=K7P3QX"), None);
    assert_eq!(code_from_fragment("#join=nope"), None);
    assert_eq!(code_from_fragment(""), None);
}

#[test]
fn the_forms_are_checked_before_anything_is_sent() {
    assert_eq!(
        check_join("k7p 3qx", "  Ada "),
        Ok(("K7P-3QX".into(), "Ada".into()))
    );
    let empty = check_join("", "Ada").expect_err("no code");
    assert!(empty.contains("like K7P-3QX"), "{empty}");
    let bad = check_join("K0P-3QX", "Ada").expect_err("bad code");
    assert!(bad.contains("\"K0P-3QX\" is not a room code"), "{bad}");
    let nameless = check_join("K7P3QX", "  \t ").expect_err("no name");
    assert!(nameless.contains("type your name"), "{nameless}");
    let long = check_join("K7P3QX", &"a".repeat(41)).expect_err("long name");
    assert!(long.contains("40 characters"), "{long}");
    assert!(
        check_join("K7P3QX", &"é".repeat(40)).is_ok(),
        "characters, not bytes"
    );

    // A local relay needs no key, and none is sent even if typed.
    assert_eq!(
        check_create(" Sockets 101 ", "secret", false),
        Ok(("Sockets 101".into(), None))
    );
    assert_eq!(
        check_create("", " secret ", true),
        Ok((String::new(), Some("secret".into())))
    );
    let keyless = check_create("Sockets 101", "  ", true).expect_err("key needed");
    assert!(keyless.contains("teacher key"), "{keyless}");
}

#[test]
fn listeners_name_their_owner_and_the_python_to_reach_them() {
    let rows = listener_rows(&room(2));
    assert_eq!(
        rows[0],
        ListenerRow {
            owner: "Ms T's server".into(),
            mine: false,
            addr: "127.0.0.1:20001".into(),
            port: 20001,
            kind: "TCP",
            python: "s.connect(('127.0.0.1', 20001))".into(),
        }
    );
    assert_eq!(rows[1].owner, "your socket");
    assert!(rows[1].mine);
    assert_eq!(rows[1].kind, "UDP");
    assert_eq!(
        rows[1].python, "s.sendto(b'hello', ('127.0.0.1', 20002))",
        "a wildcard bind is reached on loopback"
    );
    assert_eq!(rows[2].owner, "Bob's server");
    assert_eq!(rows[2].addr, "[::1]:20003");
    assert_eq!(rows[2].python, "s.connect(('::1', 20003))");
    assert_eq!(
        listener_python("::", 7, SockType::Stream),
        "s.connect(('::1', 7))"
    );
    // A listener of someone who just left.
    let mut view = room(2);
    view.listeners
        .push(listener(9, "127.0.0.1", 1, SockType::Stream));
    assert_eq!(
        listener_rows(&view).last().map(|r| r.owner.as_str()),
        Some("member 9's server")
    );
}

#[test]
fn joining_a_room_on_another_relay_says_the_page_moves() {
    assert_eq!(move_note("k7p3qx", Some("K"), 2), None, "already there");
    assert_eq!(move_note("k7p3qx", None, 2), None, "a lone relay");
    assert_eq!(move_note("k7p", Some("B"), 2), None, "not a code yet");
    assert_eq!(
        move_note("k7p3qx", Some("B"), 0).as_deref(),
        Some("Room K7P-3QX is on relay K of this server: joining moves this page there.")
    );
    let one = move_note("K7P-3QX", Some("B"), 1).unwrap_or_default();
    assert!(one.ends_with("and closes your open socket."), "{one}");
    let two = move_note("K7P-3QX", Some("B"), 2).unwrap_or_default();
    assert!(two.ends_with("and closes your 2 open sockets."), "{two}");
}

#[test]
fn reset_and_remove_ask_first_and_say_what_happens() {
    let (q, yes) = Danger::Reset.question("Ada");
    assert_eq!(
        q,
        "Reset Ada's session? Every socket of theirs closes; they stay in the room."
    );
    assert_eq!(yes, "Yes, reset");
    assert_eq!(Danger::Reset.control(2), RoomControl::Reset { member: 2 });
    let (q, yes) = Danger::Remove.question("Bob");
    assert!(q.starts_with("Remove Bob from the room?"), "{q}");
    assert!(q.contains("sockets close"), "{q}");
    assert_eq!(yes, "Yes, remove");
    assert_eq!(Danger::Remove.control(3), RoomControl::Remove { member: 3 });
    assert_eq!(
        (Danger::Reset.word(), Danger::Remove.word()),
        ("reset", "remove")
    );
}

#[test]
fn the_members_table_and_the_counts() {
    let mut view = room(1);
    view.members[1].sockets = 2;
    view.members[1].ops = 5;
    view.members[1].last_op = Some("connect".into());
    view.members[1].last_error = Some("ConnectionRefusedError: [Errno 111]".into());
    view.members[1].bytes_sent = 14;
    view.members[1].bytes_received = 2048;
    view.spotlight = Some(2);
    let rows = member_rows(&view);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].role, "teacher (you)");
    assert!(!rows[0].removable, "the teacher cannot remove the teacher");
    assert_eq!(rows[0].last_op, "—");
    assert_eq!(
        rows[1],
        MemberRow {
            id: 2,
            name: "Ada".into(),
            role: "student".into(),
            sockets: "2".into(),
            ops: "5".into(),
            bytes_sent: "↑14 B".into(),
            bytes_received: "↓2.0 kB".into(),
            bytes_spoken: "14 B sent, 2.0 kB received".into(),
            last_op: "connect".into(),
            last_error: "ConnectionRefusedError: [Errno 111]".into(),
            removable: true,
            spotlit: true,
        }
    );
    assert_eq!(member_rows(&room(2))[1].role, "student (you)");
    assert!(!member_rows(&room(2))[1].removable);

    assert_eq!(
        member_count(&view),
        "3 in the room: the teacher and 2 students"
    );
    view.members.truncate(2);
    assert_eq!(
        member_count(&view),
        "2 in the room: the teacher and 1 student"
    );
    assert_eq!(banner(&view), "Room K7P-3QX · Sockets 101");
}

#[test]
fn a_forms_refusal_is_read_from_its_entry_and_leaving_is_remembered() {
    let mut s = Session::new();
    s.send(
        4,
        Op::JoinRoom {
            code: "AAA-AAA".into(),
            name: "Eve".into(),
            teacher_key: None,
        },
    );
    assert_eq!(refusal(&s.state, 4), None, "still waiting");
    s.event(Body::Rejected {
        id: Some(4),
        reason: Rejection::Room {
            detail: "there is no room AAA-AAA on this relay".into(),
        },
    });
    assert_eq!(
        refusal(&s.state, 4).as_deref(),
        Some("there is no room AAA-AAA on this relay")
    );
    assert_eq!(refusal(&s.state, 99), None, "no such command");

    // Joining: the view arrives; leaving: the reason is kept as a notice.
    s.send(5, Op::LeaveRoom);
    s.event(Body::Room(room(2)));
    assert!(s.state.room.is_some());
    assert_eq!(last_left_reason(&s.state.notices), None);
    s.event(Body::RoomLeft {
        reason: "the teacher removed you from room K7P-3QX".into(),
    });
    assert!(s.state.room.is_none());
    assert_eq!(
        last_left_reason(&s.state.notices),
        Some("the teacher removed you from room K7P-3QX")
    );
}
