//! A member's calls as the room sees them: the teacher's spotlight (the
//! student's calls, with their own Python lines), and payloads counted per
//! command even when two commands share an id.

use super::common::send_raw;
use super::{class, listener, member, shared_relay, view, Class};
use shared::*;

#[tokio::test]
async fn the_teacher_spotlights_a_student_and_sees_their_calls() {
    let relay = shared_relay().await;
    let Class {
        mut teacher,
        mut ada,
        mut bob,
        ada_id,
        ..
    } = class(&relay).await;
    let (_srv, port) = listener(&mut teacher).await;

    // A student cannot turn the spotlight on.
    let id = bob
        .send(Op::RoomControl(RoomControl::Spotlight {
            member: Some(ada_id),
        }))
        .await;
    let r = bob.rejection(id).await;
    assert!(
        matches!(&r, Rejection::Room { detail } if detail.contains("only the room's teacher")),
        "{r:?}"
    );
    teacher
        .ok(Op::RoomControl(RoomControl::Spotlight {
            member: Some(ada_id),
        }))
        .await;
    // Everyone sees who is in it (Ada knows her calls are on the wall).
    view(&mut ada, "the spotlight on Ada", |v| {
        v.spotlight == Some(ada_id)
    })
    .await;
    view(&mut bob, "the spotlight on Ada", |v| {
        v.spotlight == Some(ada_id)
    })
    .await;

    // Ada's calls, a refused one included, reach the teacher as Python.
    let s = ada.connected(port).await;
    ada.sendall(s, b"hi").await;
    let id = ada
        .send(Op::Connect {
            sock: s,
            addr: Address::new("10.1.2.3", 80),
        })
        .await;
    ada.rejection(id).await;
    let mut calls: Vec<SpotlightCall> = Vec::new();
    while calls.len() < 4 {
        let ev = teacher
            .wait_for("Ada's calls in the spotlight", |e| {
                matches!(e.body, Body::RoomSpotlight { .. })
            })
            .await;
        if let Body::RoomSpotlight { member, calls: new } = ev.body {
            assert_eq!(member, ada_id);
            calls.extend(new);
        }
    }
    let lines: Vec<(&str, &str, CallEnd)> = calls
        .iter()
        .map(|c| (c.line.as_str(), c.result.as_str(), c.end))
        .collect();
    let connect = format!("s1.connect(('127.0.0.1', {port}))");
    assert_eq!(
        lines[..3],
        [
            (
                "s1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
                "s1",
                CallEnd::Ok
            ),
            (connect.as_str(), "", CallEnd::Ok),
            ("s1.sendall(b'hi')", "", CallEnd::Ok),
        ]
    );
    assert_eq!(lines[3].0, "s1.connect(('10.1.2.3', 80))");
    assert_eq!(lines[3].2, CallEnd::Refused);
    assert!(lines[3].1.starts_with("refused: "), "{lines:?}");
    assert!(calls.windows(2).all(|w| w[0].n < w[1].n));

    // Bob's own calls are not in it, and Bob is never sent the spotlight.
    let b = bob.tcp().await;
    let mut bob_saw_spotlight = false;
    let id = bob.send(Op::Close { sock: b }).await;
    bob.wait_for("Bob's close", |e| {
        bob_saw_spotlight |= matches!(e.body, Body::RoomSpotlight { .. });
        matches!(&e.body, Body::Result(r) if r.id == id)
    })
    .await;
    assert!(!bob_saw_spotlight, "a student is never sent the spotlight");
    ada.tcp().await;
    let ev = teacher
        .wait_for("Ada's next call", |e| {
            matches!(e.body, Body::RoomSpotlight { .. })
        })
        .await;
    let Body::RoomSpotlight { calls: next, .. } = ev.body else {
        unreachable!()
    };
    assert_eq!(
        next.iter().map(|c| c.line.as_str()).collect::<Vec<_>>(),
        ["s2 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)"],
        "only Ada's calls"
    );
    // A call Ada's Python made shows her own line, with her names.
    ada.send_from(Op::Gethostname, Some("  me = socket.gethostname()\n"))
        .await;
    let ev = teacher
        .wait_for("Ada's Python line", |e| {
            matches!(e.body, Body::RoomSpotlight { .. })
        })
        .await;
    let Body::RoomSpotlight { calls: next, .. } = ev.body else {
        unreachable!()
    };
    assert_eq!(next[0].line, "me = socket.gethostname()");

    // Ada leaves: the spotlight ends with her.
    ada.ok(Op::LeaveRoom).await;
    view(&mut teacher, "the spotlight off", |v| {
        v.spotlight.is_none() && v.members.len() == 2
    })
    .await;
    relay.stop().await.expect("relay stops");
}

/// Two commands in flight may share a client-chosen id. Each one's payload
/// still counts for itself: Ada's 1-byte and 800-byte `sendall`s, both id
/// 900, queued behind `recv`s that time out at different moments, show
/// as 801 bytes sent. (When payloads were looked up by id, the first took
/// the second's 800 and the second counted nothing, and a failing first
/// send could give back bytes the second then really sent.)
#[tokio::test]
async fn commands_sharing_an_id_each_count_their_own_payload() {
    let relay = shared_relay().await;
    let Class {
        mut teacher,
        mut ada,
        ada_id,
        ..
    } = class(&relay).await;
    let echo = relay.echo();
    let (s1, s2) = (ada.connected(echo).await, ada.connected(echo).await);
    for (sock, secs) in [(s1, 0.3), (s2, 0.9)] {
        ada.ok(Op::Settimeout {
            sock,
            timeout: Some(secs),
        })
        .await;
    }
    let raw = |id: u64, op: Op| Command {
        id,
        op,
        // Sent before any `pending` could be seen: pipelined, so it queues.
        seen: Some(0),
        origin: None,
    };
    for (sock, len) in [(s1, 1usize), (s2, 800)] {
        let recv = raw(ada.next_id, Op::Recv { sock, bufsize: 10 });
        ada.next_id += 1;
        send_raw(&mut ada.ws, ada.encoding, &recv).await;
        let data = Payload(vec![b'x'; len]);
        send_raw(
            &mut ada.ws,
            ada.encoding,
            &raw(900, Op::Sendall { sock, data }),
        )
        .await;
    }
    let v = view(&mut teacher, "Ada's 801 bytes sent", |v| {
        member(v, ada_id).is_some_and(|m| m.bytes_sent >= 801)
    })
    .await;
    assert_eq!(member(&v, ada_id).map(|m| m.bytes_sent), Some(801));
    relay.stop().await.expect("relay stops");
}
