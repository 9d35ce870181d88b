use super::*;
use shared::RoomControl;
use std::net::{IpAddr, Ipv4Addr};

fn limits() -> RoomLimits {
    RoomLimits {
        max_members: 3,
        max_sockets: 2,
        max_rooms: 2,
        idle: Duration::from_secs(60),
        bytes_per_second: 1000,
    }
}

fn bound_with(port: u16) -> Bound {
    let b: Bound = Arc::default();
    lock(&b).insert(
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port),
        SockType::Stream,
    );
    b
}

#[test]
fn keys_names_and_limits_are_enforced() {
    let rooms = Rooms::new(Some("k".into()), limits());
    assert_eq!(
        rooms.create("", "T", None, Arc::default()).err(),
        Some(RoomError::KeyNeeded)
    );
    assert_eq!(
        rooms.create("", "T", Some("x"), Arc::default()).err(),
        Some(RoomError::WrongKey)
    );
    let t = rooms
        .create("", "T", Some(" k "), Arc::default())
        .expect("opens");
    assert_eq!(t.room.name, format!("Room {}", t.room.code));
    assert_eq!(
        rooms.join(&t.room.code, "", None, Arc::default()).err(),
        Some(RoomError::BadName)
    );
    assert!(matches!(
        rooms.join("nope", "A", None, Arc::default()),
        Err(RoomError::BadCode(_))
    ));
    rooms
        .join(&t.room.code, "A", None, Arc::default())
        .expect("A");
    rooms
        .join(&t.room.code, "B", None, Arc::default())
        .expect("B");
    assert!(matches!(
        rooms.join(&t.room.code, "C", None, Arc::default()),
        Err(RoomError::Full { max: 3, .. })
    ));
    rooms
        .create("2", "T", Some("k"), Arc::default())
        .expect("second room");
    assert_eq!(
        rooms.create("3", "T", Some("k"), Arc::default()).err(),
        Some(RoomError::TooManyRooms(2))
    );
    // With the key, a join is the teacher's.
    let open = Rooms::new(None, limits());
    let r = open
        .create("", "T", None, Arc::default())
        .expect("anyone may, locally");
    let again = open
        .join(&r.room.code, "T2", Some("any"), Arc::default())
        .expect("joins");
    assert!(r.room.is_teacher(again.member));
}

#[test]
fn the_room_opens_exactly_its_members_ports() {
    let rooms = Rooms::new(None, limits());
    let t = rooms
        .create("", "T", None, bound_with(20001))
        .expect("opens");
    let a = rooms
        .join(&t.room.code, "A", None, bound_with(20002))
        .expect("A");
    let other = rooms
        .create("", "O", None, bound_with(20003))
        .expect("another room");
    let lo = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let mut ports = a.room.ports_on(lo);
    ports.sort_unstable();
    assert_eq!(ports, [20001, 20002]);
    assert_eq!(other.room.ports_on(lo), [20003]);
    assert!(a
        .room
        .ports_on(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)))
        .is_empty());
    let Standing::In(view) = a.room.standing(a.member) else {
        panic!("in the room")
    };
    assert_eq!(view.listeners.len(), 2);
    assert_eq!(view.me().map(|m| m.name.as_str()), Some("A"));
}

#[test]
fn controls_are_the_teachers_and_change_standing() {
    let rooms = Rooms::new(None, limits());
    let t = rooms.create("", "T", None, Arc::default()).expect("opens");
    let a = rooms
        .join(&t.room.code, "A", None, Arc::default())
        .expect("A");
    let room = &t.room;
    assert_eq!(
        room.control(a.member, &RoomControl::Close),
        Err(RoomError::NotTeacher)
    );
    room.control(t.member, &RoomControl::Pause { paused: true })
        .expect("pause");
    assert!(room.paused());
    room.control(
        t.member,
        &RoomControl::Task {
            text: "  go  ".into(),
        },
    )
    .expect("task");
    let Standing::In(v) = room.standing(a.member) else {
        panic!("in")
    };
    assert_eq!(v.task.as_deref(), Some("go"));
    assert_eq!(
        room.control(t.member, &RoomControl::Remove { member: 99 }),
        Err(RoomError::NoMember(99))
    );
    room.control(t.member, &RoomControl::Remove { member: a.member })
        .expect("remove");
    assert!(matches!(room.standing(a.member), Standing::Out(why) if why.contains("removed you")));
    room.note_op(t.member, "socket", None, 2, (0, 0));
    assert_eq!(room.socket_room(), Err(2));
    room.control(t.member, &RoomControl::Close).expect("close");
    assert!(matches!(room.standing(t.member), Standing::Out(why) if why.contains("closed")));
}

#[test]
fn idle_rooms_close_and_are_forgotten() {
    let rooms = Rooms::new(None, limits());
    let t = rooms.create("", "T", None, Arc::default()).expect("opens");
    assert_eq!(rooms.sweep(Instant::now()), 1);
    assert_eq!(rooms.sweep(Instant::now() + Duration::from_secs(61)), 0);
    assert!(
        matches!(t.room.standing(t.member), Standing::Out(why) if why.contains("without activity"))
    );
    assert!(matches!(
        rooms.join(&t.room.code, "A", None, Arc::default()),
        Err(RoomError::NoRoom(_))
    ));
}

#[test]
fn members_share_the_room_byte_rate() {
    let rooms = Rooms::new(None, limits());
    let teacher = rooms
        .create("Net 101", "Ms Hopper", None, Arc::default())
        .expect("create");
    let room = teacher.room.clone();
    let now = Instant::now();
    assert_eq!(room.take_bytes(now, 600), Ok(()));
    // A classmate draws on the same second's bytes.
    assert_eq!(room.take_bytes(now, 300), Ok(()));
    assert_eq!(room.take_bytes(now, 200), Err(Duration::from_millis(100)));
    room.charge_bytes(now, 500);
    assert_eq!(room.bytes_wait(now), Duration::from_millis(401));
    assert_eq!(room.bytes_per_second(), 1000);
}

#[test]
fn a_teacher_takes_their_place_back_with_the_key_and_only_with_it() {
    let rooms = Rooms::new(Some("k".into()), limits());
    let t = rooms
        .create("Net", "T", Some("k"), Arc::default())
        .expect("opens");
    let code = t.room.code.clone();
    t.room.leave(t.member);
    // An empty key field is no key; a wrong one is wrong.
    assert_eq!(
        rooms.join(&code, "T", Some("  "), Arc::default()).err(),
        Some(RoomError::KeyNeeded)
    );
    assert_eq!(
        rooms.join(&code, "T", Some("x"), Arc::default()).err(),
        Some(RoomError::WrongKey)
    );
    let back = rooms
        .join(&code, "T", Some("k"), Arc::default())
        .expect("the teacher rejoins");
    assert!(back.room.is_teacher(back.member));
    // A teacher whose old page still holds its place (a reload, within the
    // grace period) takes it over: one teacher T, and the old session learns.
    let again = rooms
        .join(&code, "T", Some("k"), Arc::default())
        .expect("again");
    assert!(
        matches!(back.room.standing(back.member), Standing::Out(why) if why.contains("from another page"))
    );
    match again.room.standing(again.member) {
        Standing::In(view) => {
            let teachers: Vec<&str> = view
                .members
                .iter()
                .filter(|m| m.teacher)
                .map(|m| m.name.as_str())
                .collect();
            assert_eq!(teachers, ["T"]);
        }
        Standing::Out(why) => panic!("{why}"),
    }
    let student = rooms
        .join(&code, "A", None, Arc::default())
        .expect("a student");
    assert!(!student.room.is_teacher(student.member));
    // A relay that needs no key: asking for the teacher's place is enough.
    let open = Rooms::new(None, limits());
    let r = open.create("", "T", None, Arc::default()).expect("opens");
    let again = open
        .join(&r.room.code, "T", Some(""), Arc::default())
        .expect("rejoins");
    assert!(r.room.is_teacher(again.member));
}

#[test]
fn a_student_sees_classmates_names_not_what_they_did() {
    let rooms = Rooms::new(None, limits());
    let t = rooms.create("", "T", None, Arc::default()).expect("opens");
    let a = rooms
        .join(&t.room.code, "A", None, Arc::default())
        .expect("A");
    let b = rooms
        .join(&t.room.code, "B", None, Arc::default())
        .expect("B");
    let room = &t.room;
    room.note_op(
        b.member,
        "connect",
        Some("ConnectionRefusedError".into()),
        1,
        (5, 0),
    );
    room.note_op(a.member, "send", None, 1, (3, 0));
    let row = |who: u32, viewer: u32| match room.standing(viewer) {
        Standing::In(v) => v.members.into_iter().find(|m| m.id == who).expect("listed"),
        Standing::Out(why) => panic!("{why}"),
    };
    // The teacher sees everything; Ada sees her own row and Bob's name.
    assert_eq!(
        row(b.member, t.member).last_error.as_deref(),
        Some("ConnectionRefusedError")
    );
    assert_eq!(row(b.member, t.member).bytes_sent, 5);
    let bob_for_ada = row(b.member, a.member);
    assert_eq!(bob_for_ada.name, "B");
    assert_eq!(
        (bob_for_ada.ops, bob_for_ada.sockets, bob_for_ada.bytes_sent),
        (0, 0, 0)
    );
    assert_eq!(bob_for_ada.last_error, None);
    assert_eq!(bob_for_ada.last_op, None);
    assert_eq!(row(a.member, a.member).ops, 1);
}
