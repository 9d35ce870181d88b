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
