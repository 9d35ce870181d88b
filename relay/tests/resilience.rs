//! Sessions that outlive their WebSocket: resume with nothing lost, gaps,
//! grace periods, idle sessions, oversized frames, progress, shutdown.

mod common;

use common::*;
use futures_util::SinkExt;
use relay::Config;
use shared::*;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn resume_after_a_dropped_websocket_loses_no_event() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let s = c.connected(h.port("slow-echo", ServiceProto::Tcp)).await;
    let token = c.hello.resume_token.clone();
    // A recv is pending when the page vanishes; results keep coming meanwhile.
    c.sendall(s, b"abc").await;
    let pending = c
        .send(Op::Recv {
            sock: s,
            bufsize: 3,
        })
        .await;
    let last_seq = *c.seen.last().expect("events seen");
    let seen_before = c.seen.clone();
    drop(c);

    let mut c = Client::resume(&h.ws_url(), token, last_seq).await;
    assert!(c.hello.resumed);
    c.next_id = 1000;
    let r = c.result(pending).await;
    assert!(
        matches!(r.outcome, Outcome::Ok(Value::Bytes(ref b)) if !b.is_empty()),
        "{r:?}"
    );
    // Every sequence number after the last one seen arrives, in order, once.
    let mut all = seen_before.clone();
    all.extend(c.seen.iter().copied());
    for pair in all.windows(2) {
        assert_eq!(pair[1], pair[0] + 1, "no gap and no duplicate: {all:?}");
    }
    still_works(&mut c).await;
}

#[tokio::test]
async fn resume_with_an_unknown_token_is_refused_clearly() {
    let h = Harness::start().await;
    let (mut ws, _) = tokio_tungstenite::connect_async(h.ws_url())
        .await
        .expect("connect");
    let resume = command::Resume {
        token: "nope".into(),
        last_seq: 3,
    };
    let ev = raw_hello(&mut ws, 1, Some(resume)).await;
    assert!(
        matches!(
            ev.body,
            Body::Rejected {
                reason: Rejection::ResumeFailed { .. },
                ..
            }
        ),
        "{ev:?}"
    );
    // A fresh hello on the same connection still works.
    let c = Client::greet(ws, Encoding::Json, None).await;
    assert!(!c.hello.resumed);
}

/// Reconnects with `token` as a reloaded page does (`last_seq` 0): the
/// connection, once resumed, and the first replayed event.
async fn resume_from_the_start(h: &Harness, token: String) -> (Ws, Event) {
    let (mut ws, _) = tokio_tungstenite::connect_async(h.ws_url())
        .await
        .expect("reconnect");
    let hello = raw_hello(&mut ws, 1, Some(command::Resume { token, last_seq: 0 })).await;
    assert!(matches!(hello.body, Body::Hello(ref h) if h.resumed));
    let first = recv_raw(&mut ws, Encoding::Json).await.expect("a replay");
    (ws, first)
}

#[tokio::test]
async fn replay_past_the_buffer_reports_a_gap() {
    let mut config = Config::for_tests();
    config.limits.replay_events = 4;
    let h = Harness::start_with(config).await;
    let mut c = h.client().await;
    let token = c.hello.resume_token.clone();
    for _ in 0..10 {
        c.ok(Op::Getdefaulttimeout).await;
    }
    drop(c);
    let (mut ws, gap) = resume_from_the_start(&h, token).await;
    assert_eq!(gap.body, Body::Gap { from: 1, to: 6 });
    let next = recv_raw(&mut ws, Encoding::Json).await.expect("replayed");
    assert_eq!(next.seq, 7);
}

/// A page that reloads after a long lesson resumes from event 0; when the
/// log no longer holds the room's view or a socket's creation, the relay
/// sends the view again and the open sockets as they are, after the replay.
/// (A student's view is sent only when what students see changes, so it is
/// easily evicted.)
#[tokio::test]
async fn a_replay_with_a_gap_gets_the_room_view_and_the_sockets_again() {
    let mut config = Config::for_tests();
    config.limits.replay_events = 4;
    let h = Harness::start_with(config).await;
    let mut teacher = h.client().await;
    teacher
        .send(Op::CreateRoom {
            name: "Sockets 101".into(),
            teacher: "Ms T".into(),
            teacher_key: None,
        })
        .await;
    let ev = teacher
        .wait_for("the room's view", |e| matches!(e.body, Body::Room(_)))
        .await;
    let Body::Room(room) = ev.body else {
        unreachable!()
    };
    let mut ada = h.client().await;
    let token = ada.hello.resume_token.clone();
    ada.send(Op::JoinRoom {
        code: room.code.clone(),
        name: "Ada".into(),
        teacher_key: None,
    })
    .await;
    ada.wait_for("Ada's view", |e| matches!(e.body, Body::Room(_)))
        .await;
    let srv = ada.tcp().await;
    for _ in 0..10 {
        ada.ok(Op::Getdefaulttimeout).await;
    }
    drop(ada);
    let (mut ws, gap) = resume_from_the_start(&h, token).await;
    assert!(matches!(gap.body, Body::Gap { from: 1, .. }), "{gap:?}");
    let (mut view, mut sockets) = (None, None);
    let mut seen = Vec::new();
    while view.is_none() || sockets.is_none() {
        let ev = recv_raw(&mut ws, Encoding::Json)
            .await
            .unwrap_or_else(|| panic!("no room view or sockets after the replay; saw {seen:?}"));
        match ev.body {
            Body::Room(v) => view = Some(v),
            Body::Sockets { sockets: s } => sockets = Some(s),
            other => seen.push(other),
        }
    }
    let view = view.expect("a view");
    assert_eq!(view.code, room.code);
    assert!(view.members.iter().any(|m| m.name == "Ada"), "{view:?}");
    // The socket whose creation was lost is described as it is now.
    let ids: Vec<SocketId> = sockets
        .unwrap_or_default()
        .iter()
        .map(|k| k.socket.id)
        .collect();
    assert_eq!(ids, [srv]);
}

#[tokio::test]
async fn grace_period_end_closes_every_socket() {
    let mut config = Config::for_tests();
    config.limits.grace = std::time::Duration::from_millis(200);
    let h = Harness::start_with(config).await;
    let mut c = h.client().await;
    let srv = c.tcp().await;
    let port = c.listen_on(srv, None).await;
    let open = h
        .metrics
        .sockets_open
        .load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(open, 1);
    drop(c);
    // After the grace period the listener is really closed: connecting fails.
    let mut refused = false;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            refused = true;
            break;
        }
    }
    assert!(refused, "the listener closed with its session");
    assert_eq!(
        h.metrics
            .sockets_open
            .load(std::sync::atomic::Ordering::Relaxed),
        0
    );
}

#[tokio::test]
async fn graceful_shutdown_tells_pages_and_closes_sockets() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let srv = c.tcp().await;
    let port = c.listen_on(srv, None).await;
    let echo = h.echo();
    let stopping = tokio::spawn(h.stop());
    let ev = c
        .wait_for("closing", |e| matches!(e.body, Body::Closing { .. }))
        .await;
    assert!(matches!(ev.body, Body::Closing { ref reason } if reason.contains("shutting down")));
    stopping.await.expect("join").expect("run returns Ok");
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "learner listener closed"
    );
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", echo)).is_err(),
        "echo service stopped"
    );
}

#[tokio::test]
async fn idle_sessions_are_closed_with_a_reason() {
    let mut config = Config::for_tests();
    config.limits.idle = std::time::Duration::from_millis(300);
    let h = Harness::start_with(config).await;
    let mut c = h.client().await;
    c.tcp().await;
    let ev = c
        .wait_for("closing", |e| matches!(e.body, Body::Closing { .. }))
        .await;
    assert!(
        matches!(ev.body, Body::Closing { ref reason } if reason.contains("idle")),
        "{ev:?}"
    );
}

#[tokio::test]
async fn an_oversized_message_closes_only_that_connection_and_the_session_resumes() {
    let mut config = Config::for_tests();
    config.limits.max_payload = 1000;
    config.limits.max_message = 70_000;
    let h = Harness::start_with(config).await;
    let mut c = h.client().await;
    let s = c.connected(h.echo()).await;
    let token = c.hello.resume_token.clone();
    let last = *c.seen.last().expect("seen");
    c.ws.send(Message::Binary(vec![0u8; 100_000].into()))
        .await
        .expect("send");
    // The relay closes this WebSocket (message too big) …
    let closed = recv_raw(&mut c.ws, Encoding::MessagePack).await;
    assert!(closed.is_none(), "connection closed: {closed:?}");
    // … but the session and its socket are intact.
    let mut c = Client::resume(&h.ws_url(), token, last).await;
    c.next_id = 100;
    c.sendall(s, b"intact").await;
    assert_eq!(c.recv_exactly(s, 6).await, b"intact");
}

#[tokio::test]
async fn long_sendall_reports_progress_while_the_peer_drains() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let (_srv, cli, conn) = c.stalled_pair().await;
    let total = 1 << 20;
    let id = c
        .send(Op::Sendall {
            sock: cli,
            data: Payload(vec![b'z'; total]),
        })
        .await;
    c.wait_for(
        "pending sendall",
        |e| matches!(&e.body, Body::Pending { id: i, .. } if *i == id),
    )
    .await;
    let mut got = 0;
    let mut progress = 0;
    while got < total {
        // A slow reader (small receive buffer, short pauses): the sendall
        // stays pending long enough to report progress.
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        got += c.recv(conn, 65536).await.len();
    }
    let r = c.result(id).await;
    assert_eq!(r.outcome, Outcome::Ok(Value::None));
    for ev in &c.backlog {
        if let Body::Progress {
            id: i,
            done,
            total: t,
            ..
        } = ev.body
        {
            assert_eq!((i, t), (id, total as u64));
            assert!(done > 0 && done < t);
            progress += 1;
        }
    }
    assert!(progress >= 1, "progress events while sendall waited");
    assert!(count_calls(&r.trace, "send") + r.trace.omitted as usize > 2);
}
