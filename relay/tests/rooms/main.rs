//! Classrooms on a real relay in the shared profile: a teacher opens a room
//! with the key, students join with the code, a student's socket reaches
//! the teacher's listener (and only the room's), pause, tasks, removal.
//! Every socket is on loopback.

mod calls;
#[path = "../common/mod.rs"]
mod common;

use common::{Client, Harness};
use relay::Config;
use shared::*;

const KEY: &str = "test-teacher-key";

async fn shared_relay() -> Harness {
    let mut config = Config::for_tests();
    config.profile = Profile::Shared;
    config.policy = relay::config::PolicyConfig::default_for(Profile::Shared);
    config.teacher_key = Some(KEY.into());
    Harness::start_with(config).await
}

/// The next room view the client is sent that satisfies `pred`.
async fn view(c: &mut Client, what: &str, pred: impl Fn(&RoomView) -> bool) -> RoomView {
    let ev = c
        .wait_for(what, |e| matches!(&e.body, Body::Room(v) if pred(v)))
        .await;
    match ev.body {
        Body::Room(v) => v,
        _ => unreachable!(),
    }
}

async fn create(c: &mut Client, key: Option<&str>) -> Result<RoomView, Rejection> {
    let id = c
        .send(Op::CreateRoom {
            name: "Sockets 101".into(),
            teacher: String::new(),
            teacher_key: key.map(str::to_string),
        })
        .await;
    let ev = c
        .wait_for("create_room's answer", |e| {
            matches!(&e.body, Body::Result(r) if r.id == id)
                || matches!(&e.body, Body::Rejected { id: Some(i), .. } if *i == id)
        })
        .await;
    match ev.body {
        Body::Rejected { reason, .. } => Err(reason),
        _ => Ok(view(c, "the new room", |_| true).await),
    }
}

async fn join(c: &mut Client, code: &str, name: &str) -> Result<RoomView, Rejection> {
    let id = c
        .send(Op::JoinRoom {
            code: code.into(),
            name: name.into(),
            teacher_key: None,
        })
        .await;
    let ev = c
        .wait_for("join_room's answer", |e| {
            matches!(&e.body, Body::Result(r) if r.id == id)
                || matches!(&e.body, Body::Rejected { id: Some(i), .. } if *i == id)
        })
        .await;
    match ev.body {
        Body::Rejected { reason, .. } => Err(reason),
        _ => Ok(view(c, "the joined room", |v| {
            v.me().is_some_and(|m| m.name == name)
        })
        .await),
    }
}

/// A listening TCP socket on 127.0.0.1 with a kernel-chosen port.
async fn listener(c: &mut Client) -> (SocketId, u16) {
    let s = c.tcp().await;
    c.ok(Op::Bind {
        sock: s,
        addr: Address::new("127.0.0.1", 0),
    })
    .await;
    c.ok(Op::Listen {
        sock: s,
        backlog: Some(5),
    })
    .await;
    let Value::Addr(a) = c.ok(Op::Getsockname { sock: s }).await else {
        panic!("getsockname")
    };
    (s, a.port)
}

#[tokio::test]
async fn students_reach_the_teachers_listener_and_only_their_rooms() {
    let relay = shared_relay().await;
    let mut teacher = relay.client().await;
    let mut ada = relay.client().await;
    let mut bob = relay.client().await;
    let mut other_teacher = relay.client().await;
    let mut eve = relay.client().await;

    // Opening a room needs the key on a shared relay.
    let refused = create(&mut teacher, None).await.expect_err("no key");
    assert!(
        matches!(&refused, Rejection::Room { detail } if detail.contains("teacher key")),
        "{refused:?}"
    );
    let refused = create(&mut teacher, Some("wrong"))
        .await
        .expect_err("wrong key");
    assert!(
        matches!(&refused, Rejection::Room { detail } if detail.contains("not this relay's")),
        "{refused:?}"
    );
    let room = create(&mut teacher, Some(KEY)).await.expect("created");
    assert!(room.is_teacher());
    assert_eq!(room.code.len(), 7);

    // Students join with the code, typed loosely.
    let typed = room.code.to_lowercase().replace('-', " ");
    let joined = join(&mut ada, &typed, "Ada").await.expect("Ada joins");
    assert_eq!(joined.code, room.code);
    assert!(!joined.is_teacher());
    join(&mut bob, &room.code, "Bob").await.expect("Bob joins");
    let bad = join(&mut eve, "AAA-AAA", "Eve")
        .await
        .expect_err("no such room");
    assert!(
        matches!(&bad, Rejection::Room { detail } if detail.contains("no room AAA-AAA")),
        "{bad:?}"
    );

    // The teacher sees everyone.
    let seen = view(&mut teacher, "three members", |v| v.members.len() == 3).await;
    let names: Vec<&str> = seen.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Teacher", "Ada", "Bob"]);

    // The teacher listens; the room sees the listener.
    let (srv, port) = listener(&mut teacher).await;
    view(&mut ada, "the teacher's listener", |v| {
        v.listeners.iter().any(|l| l.addr.port == port)
    })
    .await;

    // Ada connects to it and sends; the teacher accepts and receives.
    let s = ada.tcp().await;
    ada.ok(Op::Connect {
        sock: s,
        addr: Address::new("127.0.0.1", i64::from(port)),
    })
    .await;
    ada.sendall(s, b"hello from Ada").await;
    let Value::Accepted { socket: conn, .. } = teacher.ok(Op::Accept { sock: srv }).await else {
        panic!("accept")
    };
    let Value::Bytes(got) = teacher
        .ok(Op::Recv {
            sock: conn.id,
            bufsize: 64,
        })
        .await
    else {
        panic!("recv")
    };
    assert_eq!(got.as_bytes(), b"hello from Ada");

    // The teacher's timeline names who connected to whom and the bytes.
    let mut timeline: Vec<String> = Vec::new();
    while !timeline
        .iter()
        .any(|t| t.starts_with("Teacher received 14 bytes from Ada"))
    {
        let ev = teacher
            .wait_for("the room's timeline", |e| {
                matches!(e.body, Body::RoomActivity { .. })
            })
            .await;
        if let Body::RoomActivity { events } = ev.body {
            timeline.extend(events.into_iter().map(|e| e.what));
        }
    }
    let expected = [
        format!("Teacher listens on 127.0.0.1:{port}"),
        format!("Ada connected to Teacher's 127.0.0.1:{port}"),
        "Ada sent 14 bytes to Teacher".to_string(),
    ];
    for line in &expected {
        assert!(
            timeline.contains(line),
            "{line:?} missing from {timeline:?}"
        );
    }
    assert!(
        timeline
            .iter()
            .any(|t| t.starts_with("Teacher accepted Ada's connection from 127.0.0.1:")),
        "{timeline:?}"
    );

    // Someone in another room, or in none, is refused by the policy.
    create(&mut other_teacher, Some(KEY))
        .await
        .expect("a second room");
    join(&mut eve, &room.code.replace('-', ""), "Eve")
        .await
        .expect("Eve joins room 1");
    let outsider = other_teacher.tcp().await;
    let id = other_teacher
        .send(Op::Connect {
            sock: outsider,
            addr: Address::new("127.0.0.1", i64::from(port)),
        })
        .await;
    let r = other_teacher.rejection(id).await;
    assert!(
        matches!(&r, Rejection::Policy { .. }),
        "another room's port: {r:?}"
    );

    // A student's bind (in the shared range) is reachable by classmates too.
    let (bob_srv, bob_port) = listener(&mut bob).await;
    let a2 = ada.tcp().await;
    ada.ok(Op::Connect {
        sock: a2,
        addr: Address::new("127.0.0.1", i64::from(bob_port)),
    })
    .await;
    bob.ok(Op::Accept { sock: bob_srv }).await;
    relay.stop().await.expect("relay stops");
}

#[tokio::test]
async fn the_teacher_pauses_posts_a_task_and_removes_a_student() {
    let relay = shared_relay().await;
    let mut teacher = relay.client().await;
    let mut ada = relay.client().await;
    let room = create(&mut teacher, Some(KEY)).await.expect("created");
    let me = join(&mut ada, &room.code, "Ada").await.expect("joins");
    let ada_id = me.you;

    // A student cannot use the teacher's controls.
    let id = ada
        .send(Op::RoomControl(RoomControl::Pause { paused: true }))
        .await;
    let r = ada.rejection(id).await;
    assert!(
        matches!(&r, Rejection::Room { detail } if detail.contains("only the room's teacher")),
        "{r:?}"
    );

    // Task: everyone sees it.
    teacher
        .ok(Op::RoomControl(RoomControl::Task {
            text: "connect to the teacher's server and send your name".into(),
        }))
        .await;
    view(&mut ada, "the task", |v| {
        v.task
            .as_deref()
            .is_some_and(|t| t.contains("send your name"))
    })
    .await;

    // Pause: a student's socket ops are refused, the teacher's are not.
    teacher
        .ok(Op::RoomControl(RoomControl::Pause { paused: true }))
        .await;
    view(&mut ada, "the pause", |v| v.paused).await;
    let id = ada
        .send(Op::Socket {
            family: Family::Inet,
            kind: SockType::Stream,
        })
        .await;
    let r = ada.rejection(id).await;
    assert!(
        matches!(&r, Rejection::Room { detail } if detail.contains("paused")),
        "{r:?}"
    );
    teacher.tcp().await;
    teacher
        .ok(Op::RoomControl(RoomControl::Pause { paused: false }))
        .await;
    view(&mut ada, "the resume", |v| !v.paused).await;
    let s = ada.tcp().await;

    // The dashboard counts Ada's ops and sockets.
    let dash = view(&mut teacher, "Ada's socket on the dashboard", |v| {
        v.members.iter().any(|m| {
            m.id == ada_id
                && m.sockets == 1
                && m.ops >= 1
                && m.last_error
                    .as_deref()
                    .is_some_and(|e| e.contains("paused"))
        })
    })
    .await;
    assert!(dash.is_teacher());

    // Removing Ada ends her session: she is told, and her socket closes.
    teacher
        .ok(Op::RoomControl(RoomControl::Remove { member: ada_id }))
        .await;
    let left = ada
        .wait_for("RoomLeft", |e| matches!(e.body, Body::RoomLeft { .. }))
        .await;
    assert!(
        matches!(&left.body, Body::RoomLeft { reason } if reason.contains("removed you")),
        "{left:?}"
    );
    ada.wait_for("the session's end", |e| {
        matches!(e.body, Body::Closing { .. })
    })
    .await;
    view(&mut teacher, "Ada gone", |v| v.members.len() == 1).await;
    let _ = s;
    relay.stop().await.expect("relay stops");
}

#[tokio::test]
async fn the_local_profile_needs_no_key_and_leaving_narrows_the_policy_again() {
    let relay = Harness::start().await;
    let mut teacher = relay.client().await;
    let mut ada = relay.client().await;
    let room = create(&mut teacher, None)
        .await
        .expect("no key needed locally");
    join(&mut ada, &room.code, "Ada").await.expect("joins");
    // A name is required, and the same session cannot join twice.
    let mut bob = relay.client().await;
    let bad = join(&mut bob, &room.code, "  ")
        .await
        .expect_err("empty name");
    assert!(
        matches!(&bad, Rejection::Room { detail } if detail.contains("choose a name")),
        "{bad:?}"
    );
    let twice = join(&mut ada, &room.code, "Ada again")
        .await
        .expect_err("already in");
    assert!(
        matches!(&twice, Rejection::Room { detail } if detail.contains("already in room")),
        "{twice:?}"
    );
    ada.ok(Op::LeaveRoom).await;
    ada.wait_for(
        "RoomLeft",
        |e| matches!(&e.body, Body::RoomLeft { reason } if reason.contains("you left")),
    )
    .await;
    view(&mut teacher, "Ada gone", |v| v.members.len() == 1).await;
    // Closing the room tells everyone still in it.
    teacher.ok(Op::RoomControl(RoomControl::Close)).await;
    teacher
        .wait_for(
            "RoomLeft",
            |e| matches!(&e.body, Body::RoomLeft { reason } if reason.contains("closed")),
        )
        .await;
    let gone = join(&mut bob, &room.code, "Bob").await.expect_err("closed");
    assert!(
        matches!(&gone, Rejection::Room { detail } if detail.contains("no room")),
        "{gone:?}"
    );
    relay.stop().await.expect("relay stops");
}

/// A room on `relay` with its teacher and two students, Ada and Bob.
struct Class {
    teacher: Client,
    ada: Client,
    bob: Client,
    ada_id: u32,
    bob_id: u32,
}

async fn class(relay: &Harness) -> Class {
    let mut teacher = relay.client().await;
    let mut ada = relay.client().await;
    let mut bob = relay.client().await;
    let room = create(&mut teacher, Some(KEY)).await.expect("created");
    let ada_id = join(&mut ada, &room.code, "Ada").await.expect("joins").you;
    let bob_id = join(&mut bob, &room.code, "Bob").await.expect("joins").you;
    Class {
        teacher,
        ada,
        bob,
        ada_id,
        bob_id,
    }
}

/// The dashboard line of member `id` in `v`.
fn member(v: &RoomView, id: u32) -> Option<&RoomMember> {
    v.members.iter().find(|m| m.id == id)
}

#[tokio::test]
async fn the_teacher_resets_a_students_session_and_their_sockets_really_close() {
    let relay = shared_relay().await;
    let Class {
        mut teacher,
        mut ada,
        mut bob,
        ada_id,
        bob_id,
        ..
    } = class(&relay).await;

    // Ada connects to the teacher's server and sends; she also has an
    // idle socket and a recv waiting on the connected one.
    let (srv, port) = listener(&mut teacher).await;
    let s = ada.connected(port).await;
    ada.sendall(s, b"hello from Ada").await;
    let idle = ada.tcp().await;
    let conn = teacher.accept(srv).await;
    assert_eq!(teacher.recv(conn, 64).await, b"hello from Ada");
    let waiting = ada
        .send(Op::Recv {
            sock: s,
            bufsize: 64,
        })
        .await;
    ada.wait_for(
        "the recv to wait",
        |e| matches!(&e.body, Body::Pending { id, .. } if *id == waiting),
    )
    .await;

    // The dashboard counts the bytes both ways.
    let dash = view(&mut teacher, "Ada's bytes on the dashboard", |v| {
        member(v, ada_id).is_some_and(|m| m.bytes_sent == 14 && m.sockets == 2)
    })
    .await;
    assert!(
        member(&dash, dash.you).is_some_and(|m| m.bytes_received == 14),
        "{dash:?}"
    );

    // Only the teacher resets, and only a student who is in the room.
    let id = bob
        .send(Op::RoomControl(RoomControl::Reset { member: ada_id }))
        .await;
    let r = bob.rejection(id).await;
    assert!(
        matches!(&r, Rejection::Room { detail } if detail.contains("only the room's teacher")),
        "{r:?}"
    );
    let id = teacher
        .send(Op::RoomControl(RoomControl::Reset { member: 99 }))
        .await;
    let r = teacher.rejection(id).await;
    assert!(
        matches!(&r, Rejection::Room { detail } if detail.contains("no member 99")),
        "{r:?}"
    );

    teacher
        .ok(Op::RoomControl(RoomControl::Reset { member: ada_id }))
        .await;
    let ev = ada
        .wait_for("the reset", |e| matches!(e.body, Body::RoomReset { .. }))
        .await;
    let Body::RoomReset { sockets, reason } = ev.body else {
        unreachable!()
    };
    assert_eq!(sockets, [s, idle]);
    assert_eq!(
        reason,
        "the teacher reset your session: your 2 sockets were closed"
    );
    // The waiting recv ends; each socket's close is a real result.
    let cancelled = ada.result(waiting).await;
    assert!(
        matches!(cancelled.outcome, Outcome::Cancelled { .. }),
        "{cancelled:?}"
    );
    for sock in [s, idle] {
        let ev = ada
            .wait_for("a reset's close", |e| {
                matches!(&e.body, Body::Result(r) if r.id == 0 && r.op == "close" && r.sock == Some(sock))
            })
            .await;
        let Body::Result(r) = ev.body else {
            unreachable!()
        };
        assert!(r.socket.as_ref().is_some_and(|snap| snap.closed), "{r:?}");
    }
    // The teacher's end sees EOF: the connection was closed for real.
    assert_eq!(teacher.recv(conn, 64).await, b"");
    // Ada is still in the room, with no sockets; her closed socket answers
    // EBADF like any closed one, and she can start again.
    let dash = view(&mut teacher, "Ada reset on the dashboard", |v| {
        member(v, ada_id).is_some_and(|m| m.sockets == 0)
    })
    .await;
    assert_eq!(dash.members.len(), 3);
    let e = ada
        .err(Op::Send {
            sock: s,
            data: Payload(b"x".to_vec()),
        })
        .await;
    assert_eq!(e.errno_name.as_deref(), Some("EBADF"));
    let again = ada.connected(port).await;
    ada.sendall(again, b"back").await;
    // Bob was not touched.
    assert!(member(&dash, bob_id).is_some());
    let mut timeline = Vec::new();
    while !timeline.iter().any(|t: &String| t.contains("reset")) {
        let ev = teacher
            .wait_for("the reset on the timeline", |e| {
                matches!(e.body, Body::RoomActivity { .. })
            })
            .await;
        if let Body::RoomActivity { events } = ev.body {
            timeline.extend(events.into_iter().map(|e| e.what));
        }
    }
    assert!(
        timeline.contains(&"Teacher reset Ada's session: 2 sockets closed".to_string()),
        "{timeline:?}"
    );
    relay.stop().await.expect("relay stops");
}
