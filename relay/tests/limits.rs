//! Safety over a real WebSocket: policy refusals before any syscall, and
//! every quota, each refused with a clear event while nothing is lost.

mod common;

use common::*;
use relay::Config;
use shared::*;

#[tokio::test]
async fn oversized_payloads_and_socket_limits_are_refused_with_reasons() {
    let mut config = Config::for_tests();
    config.limits.max_sockets = 2;
    config.limits.max_payload = 1000;
    config.limits.max_message = 70_000;
    let h = Harness::start_with(config).await;
    let mut c = h.client().await;
    let s = c.connected(h.echo()).await;
    let id = c
        .send(Op::Sendall {
            sock: s,
            data: Payload(vec![0; 1001]),
        })
        .await;
    let r = c.rejection(id).await;
    assert!(
        matches!(&r, Rejection::Limit { limit, .. } if limit == "payload"),
        "{r:?}"
    );
    c.tcp().await;
    let id = c
        .send(Op::Socket {
            family: Family::Inet,
            kind: SockType::Stream,
        })
        .await;
    let r = c.rejection(id).await;
    assert!(r.to_string().contains("2 sockets"), "{r}");
    // Nothing was lost: the first socket still echoes.
    c.sendall(s, b"still here").await;
    assert_eq!(c.recv_exactly(s, 10).await, b"still here");
    assert!(h
        .metrics
        .render()
        .contains("playground_refusals_total{kind=\"sockets\"} 1"));
}

#[tokio::test]
async fn ops_per_second_are_rate_limited() {
    let mut config = Config::for_tests();
    config.limits.ops_per_second = 1;
    config.limits.ops_burst = 3;
    let h = Harness::start_with(config).await;
    let mut c = h.client().await;
    let ids: Vec<u64> = {
        let mut v = Vec::new();
        for _ in 0..6 {
            v.push(c.send(Op::Getdefaulttimeout).await);
        }
        v
    };
    let mut limited = 0;
    for id in ids {
        let ev = c
            .wait_for("answer", |e| {
                matches!(&e.body, Body::Result(r) if r.id == id)
                    || matches!(&e.body, Body::Rejected { id: Some(i), .. } if *i == id)
            })
            .await;
        if let Body::Rejected {
            reason: Rejection::Limit { limit, .. },
            ..
        } = ev.body
        {
            assert_eq!(limit, "ops_per_second");
            limited += 1;
        }
    }
    assert!(
        limited >= 2,
        "a burst of 6 over a bucket of 3 is limited ({limited})"
    );
}

#[tokio::test]
async fn shared_profile_refuses_before_any_syscall() {
    let mut config = Config::for_tests();
    config.profile = Profile::Shared;
    config.policy = relay::config::PolicyConfig::default_for(Profile::Shared);
    let h = Harness::start_with(config).await;
    let mut c = h.client().await;
    assert_eq!(c.hello.profile, Profile::Shared);
    // A loopback port that is neither a relay service nor ours.
    let outsider = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = outsider.local_addr().expect("addr").port();
    let s = c.tcp().await;
    let id = c
        .send(Op::Connect {
            sock: s,
            addr: Address::new("127.0.0.1", port.into()),
        })
        .await;
    let r = c.rejection(id).await;
    assert!(r.to_string().starts_with("refused by relay policy"), "{r}");
    // Binding the wildcard address would expose the port to the network.
    let id = c
        .send(Op::Bind {
            sock: s,
            addr: Address::new("", 0),
        })
        .await;
    assert!(matches!(c.rejection(id).await, Rejection::Policy { .. }));
    let id = c
        .send(Op::Setsockopt {
            sock: s,
            option: SockOpt::Broadcast,
            value: OptValue::Int(1),
        })
        .await;
    assert!(matches!(c.rejection(id).await, Rejection::Policy { .. }));
    // The relay's own services and the session's own listener are reachable.
    c.ok(Op::Connect {
        sock: s,
        addr: Address::new("127.0.0.1", h.echo().into()),
    })
    .await;
    let srv = c.tcp().await;
    let port = c.listen_on(srv, None).await;
    let cli = c.tcp().await;
    c.ok(Op::Connect {
        sock: cli,
        addr: Address::new("127.0.0.1", port.into()),
    })
    .await;
    // Name lookups beyond localhost are not made on a shared relay.
    let id = c
        .send(Op::Getaddrinfo {
            host: "example.org".into(),
            port: None,
            family: None,
            kind: None,
        })
        .await;
    assert!(matches!(c.rejection(id).await, Rejection::Policy { .. }));
    assert!(h.metrics.labelled("playground_refusals_total", "policy") >= 4);
}

#[tokio::test]
async fn session_quota_refuses_extra_pages() {
    let mut config = Config::for_tests();
    config.limits.max_sessions = 1;
    let h = Harness::start_with(config).await;
    let _first = h.client().await;
    let (mut ws, _) = tokio_tungstenite::connect_async(h.ws_url())
        .await
        .expect("connect");
    let ev = raw_hello(&mut ws, 1, None).await;
    let Body::Rejected {
        reason: Rejection::Limit { limit, detail },
        ..
    } = ev.body
    else {
        panic!("{ev:?}")
    };
    assert_eq!(limit, "sessions");
    assert!(detail.contains('1'), "{detail}");
}

#[tokio::test]
async fn a_shared_session_reaches_its_own_address_not_the_same_port_elsewhere() {
    let mut config = Config::for_tests();
    config.profile = Profile::Shared;
    config.policy = relay::config::PolicyConfig::default_for(Profile::Shared);
    let h = Harness::start_with(config).await;
    let mut c = h.client().await;
    let own = c.tcp().await;
    c.ok(Op::Bind {
        sock: own,
        addr: Address::new("127.0.0.2", 0),
    })
    .await;
    c.ok(Op::Listen {
        sock: own,
        backlog: None,
    })
    .await;
    let Value::Addr(a) = c.ok(Op::Getsockname { sock: own }).await else {
        panic!()
    };
    // Another program listens on the same port at another loopback address.
    let _other = std::net::TcpListener::bind(("127.0.0.1", a.port)).expect("bind elsewhere");
    let s = c.tcp().await;
    let id = c
        .send(Op::Connect {
            sock: s,
            addr: Address::new("127.0.0.1", a.port.into()),
        })
        .await;
    assert!(matches!(c.rejection(id).await, Rejection::Policy { .. }));
    c.ok(Op::Connect {
        sock: s,
        addr: Address::new("127.0.0.2", a.port.into()),
    })
    .await;
}

#[tokio::test]
async fn sessions_per_client_address_are_limited() {
    let mut config = Config::for_tests();
    config.limits.max_sessions_per_ip = 2;
    let h = Harness::start_with(config).await;
    let _a = h.client().await;
    let _b = h.client().await;
    let (mut ws, _) = tokio_tungstenite::connect_async(h.ws_url())
        .await
        .expect("connect");
    send_raw(
        &mut ws,
        Encoding::Json,
        &Command::new(
            1,
            Op::Hello {
                version: 1,
                resume: None,
            },
        ),
    )
    .await;
    let ev = recv_raw(&mut ws, Encoding::Json).await.expect("answer");
    assert!(
        matches!(&ev.body, Body::Rejected { reason: Rejection::Limit { limit, .. }, .. } if limit == "sessions_per_ip"),
        "{ev:?}"
    );
}

#[tokio::test]
async fn a_socket_queues_a_bounded_number_of_pipelined_commands() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let s = c.connected(h.port("silent", ServiceProto::Tcp)).await;
    let first = c
        .send(Op::Recv {
            sock: s,
            bufsize: 1,
        })
        .await;
    // Pipelined (sent as if before the pending event): they queue, up to a bound.
    let mut refused = None;
    for i in 0..100 {
        let id = 1000 + i;
        let cmd = Command {
            id,
            op: Op::Gettimeout { sock: s },
            seen: Some(0),
            origin: None,
        };
        send_raw(&mut c.ws, c.encoding, &cmd).await;
        if i == 99 {
            refused = Some(id);
        }
    }
    let r = c.rejection(refused.expect("sent")).await;
    assert!(
        matches!(&r, Rejection::Limit { limit, .. } if limit == "queued_ops"),
        "{r:?}"
    );
    // Close still gets through and cancels the waiting recv.
    c.ok(Op::Close { sock: s }).await;
    assert!(matches!(
        c.result(first).await.outcome,
        Outcome::Cancelled { .. }
    ));
}

#[tokio::test]
async fn queued_send_payloads_are_bounded_in_bytes() {
    let mut config = Config::for_tests();
    config.limits.max_payload = 60_000;
    config.limits.max_message = 70_000;
    config.limits.max_buffered_bytes = 100_000;
    let h = Harness::start_with(config).await;
    let mut c = h.client().await;
    // A peer that never reads, so a sendall stays queued in the kernel.
    let (_srv, cli, _conn) = c.stalled_pair().await;
    // Pipelined sends (sent before any pending event could be seen).
    for id in [900, 901] {
        let cmd = Command {
            id,
            op: Op::Sendall {
                sock: cli,
                data: Payload(vec![1; 60_000]),
            },
            seen: Some(0),
            origin: None,
        };
        send_raw(&mut c.ws, c.encoding, &cmd).await;
    }
    let r = c.rejection(901).await;
    assert!(
        matches!(&r, Rejection::Limit { limit, .. } if limit == "queued_bytes"),
        "{r:?}"
    );
    // Once the page sees the send waiting, close cancels it.
    c.wait_for("pending sendall", |e| {
        matches!(&e.body, Body::Pending { id: 900, .. })
    })
    .await;
    c.ok(Op::Close { sock: cli }).await;
    assert!(matches!(
        c.result(900).await.outcome,
        Outcome::Cancelled { .. }
    ));
}

fn limited(r: Result<OpResult, Rejection>) -> String {
    match r {
        Err(Rejection::Limit { limit, detail }) => format!("{limit}: {detail}"),
        other => panic!("expected a limit, got {other:?}"),
    }
}

/// 1,000 payload bytes a second per session (and per op), so the test
/// crosses the limit with a few small sends instead of megabytes.
fn small_byte_rates() -> Config {
    let mut config = Config::for_tests();
    config.limits.max_payload = 1000;
    config.limits.max_message = 64 * 1024;
    config.limits.bytes_per_second = 1000;
    config
}

#[tokio::test]
async fn bytes_per_second_count_sends_and_receives_and_refuse_with_reasons() {
    let h = Harness::start_with(small_byte_rates()).await;
    let mut c = h.client().await;
    let s = c.connected(h.echo()).await;
    c.sendall(s, &[b'x'; 600]).await;
    // What recv returns is charged after it: 600 + 600 is over 1,000.
    assert_eq!(c.recv_exactly(s, 600).await.len(), 600);
    let refused = limited(
        c.answer(Op::Recv {
            sock: s,
            bufsize: 10,
        })
        .await,
    );
    assert!(
        refused.starts_with("bytes_per_second: this session moved more than 1000 bytes"),
        "{refused}"
    );
    let refused = limited(
        c.answer(Op::Sendall {
            sock: s,
            data: Payload(vec![b'y'; 100]),
        })
        .await,
    );
    assert!(refused.contains("retry in"), "{refused}");
    // Ops without payload still run, and after a pause the bytes flow again.
    c.ok(Op::Getdefaulttimeout).await;
    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    c.sendall(s, b"again").await;
    assert_eq!(c.recv_exactly(s, 5).await, b"again");
    assert!(h
        .metrics
        .render()
        .contains("playground_refusals_total{kind=\"bytes_per_second\"} 2"));
}

/// Sends `op` (with an 800-byte payload) five times, 4,000 bytes against a
/// rate of 1,000, and checks each answer is `expected`'s, not the byte
/// limit's.
async fn five_without_the_byte_limit(
    c: &mut Client,
    op: impl Fn() -> Op,
    expected: impl Fn(&Result<OpResult, Rejection>) -> bool,
    what: &str,
) {
    for _ in 0..5 {
        let ev = c.answer(op()).await;
        assert!(expected(&ev), "{what}, not the byte limit: {ev:?}");
    }
}

/// A `send` that sends nothing (here on a socket that is not connected, or
/// one that does not exist) gives its payload's bytes back: failing and
/// refused calls do not use up the rate.
#[tokio::test]
async fn a_send_that_sends_nothing_costs_no_bytes() {
    let h = Harness::start_with(small_byte_rates()).await;
    let mut c = h.client().await;
    let s = c.tcp().await;
    let send = |sock| {
        move || Op::Send {
            sock,
            data: Payload(vec![b'x'; 800]),
        }
    };
    five_without_the_byte_limit(
        &mut c,
        send(s),
        |ev| matches!(ev, Ok(r) if matches!(r.outcome, Outcome::Err(_))),
        "an unconnected send fails with the kernel's error",
    )
    .await;
    five_without_the_byte_limit(
        &mut c,
        send(SocketId(99)),
        |ev| matches!(ev, Err(Rejection::UnknownSocket { .. })),
        "a send on no socket is refused as such",
    )
    .await;
}

/// A `sendto` the policy refuses (a loopback port that is neither a relay
/// service nor the session's own, on a shared relay) costs no bytes either.
#[tokio::test]
async fn a_sendto_the_policy_refuses_costs_no_bytes() {
    let mut config = small_byte_rates();
    config.profile = Profile::Shared;
    config.policy = relay::config::PolicyConfig::default_for(Profile::Shared);
    let h = Harness::start_with(config).await;
    let mut c = h.client().await;
    let outsider = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    let port = outsider.local_addr().expect("addr").port();
    let sock = c.socket(Family::Inet, SockType::Dgram).await;
    five_without_the_byte_limit(
        &mut c,
        || Op::Sendto {
            sock,
            data: Payload(vec![b'x'; 800]),
            addr: Address::new("127.0.0.1", port.into()),
        },
        |ev| matches!(ev, Err(Rejection::Policy { .. })),
        "refused by the policy",
    )
    .await;
}

#[tokio::test]
async fn a_room_shares_one_byte_rate_among_its_members() {
    let mut config = small_byte_rates();
    config.room_limits.bytes_per_second = 1500;
    let h = Harness::start_with(config).await;
    let mut teacher = h.client().await;
    teacher
        .answer(Op::CreateRoom {
            name: "Bytes".into(),
            teacher: "T".into(),
            teacher_key: None,
        })
        .await
        .expect("room opens");
    let ev = teacher
        .wait_for("the room", |e| matches!(e.body, Body::Room(_)))
        .await;
    let Body::Room(view) = ev.body else {
        unreachable!()
    };
    let mut ada = h.client().await;
    ada.answer(Op::JoinRoom {
        code: view.code.clone(),
        name: "Ada".into(),
        teacher_key: None,
    })
    .await
    .expect("Ada joins");
    let discard = h.port("discard", ServiceProto::Tcp);
    let t = teacher.connected(discard).await;
    let a = ada.connected(discard).await;
    teacher.sendall(t, &[b'x'; 800]).await;
    // Ada's own second has room for 800, the room's does not.
    let refused = limited(
        ada.answer(Op::Sendall {
            sock: a,
            data: Payload(vec![b'y'; 800]),
        })
        .await,
    );
    assert!(
        refused.starts_with("room_bytes_per_second: your room moved more than 1500 bytes"),
        "{refused}"
    );
    ada.sendall(a, &[b'y'; 600]).await;
}

#[tokio::test]
async fn a_flooding_page_is_read_at_twice_its_rate_and_loses_nothing() {
    let mut config = Config::for_tests();
    config.limits.ops_per_second = 20;
    config.limits.ops_burst = 2;
    let h = Harness::start_with(config).await;
    let mut c = h.client().await;
    // 30 at once: the relay reads 4, then 40 a second; each is answered.
    let mut ids = Vec::new();
    for _ in 0..30 {
        ids.push(c.send(Op::Getdefaulttimeout).await);
    }
    let (mut ran, mut refused) = (0, 0);
    for id in ids {
        match c
            .wait_for("an answer", |e| {
                matches!(&e.body, Body::Result(r) if r.id == id)
                    || matches!(&e.body, Body::Rejected { id: Some(i), .. } if *i == id)
            })
            .await
            .body
        {
            Body::Result(_) => ran += 1,
            Body::Rejected {
                reason: Rejection::Limit { limit, .. },
                ..
            } if limit == "ops_per_second" => refused += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(ran + refused, 30, "every command answered");
    assert!(ran >= 2 && refused >= 1, "ran {ran}, refused {refused}");
    let pauses = h
        .metrics
        .read_pauses
        .load(std::sync::atomic::Ordering::Relaxed);
    assert!(pauses >= 1, "the connection paused reading ({pauses})");
    // The connection carries on once the bucket refills.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    c.ok(Op::Getdefaulttimeout).await;
}

#[tokio::test]
async fn reconnecting_does_not_refill_a_sessions_read_budget() {
    let mut config = Config::for_tests();
    // Reads: 2 frames a second, bursts of 6.
    config.limits.ops_per_second = 1;
    config.limits.ops_burst = 3;
    let h = Harness::start_with(config).await;
    let pauses = || {
        h.metrics
            .read_pauses
            .load(std::sync::atomic::Ordering::Relaxed)
    };
    let mut c = h.client().await;
    let mut ids = Vec::new();
    for _ in 0..6 {
        ids.push(c.send(Op::Getdefaulttimeout).await);
    }
    for id in ids {
        c.wait_for("an answer", |e| {
            matches!(&e.body, Body::Result(r) if r.id == id)
                || matches!(&e.body, Body::Rejected { id: Some(i), .. } if *i == id)
        })
        .await;
    }
    let (token, last) = (
        c.hello.resume_token.clone(),
        c.seen.last().copied().unwrap_or(0),
    );
    drop(c);
    let before = pauses();
    // The new connection starts where the old one left the budget: empty.
    let mut c = Client::resume(&h.ws_url(), token, last).await;
    assert!(c.hello.resumed);
    let id = c.send(Op::Getdefaulttimeout).await;
    c.wait_for("the answer", |e| {
        matches!(&e.body, Body::Result(r) if r.id == id)
            || matches!(&e.body, Body::Rejected { id: Some(i), .. } if *i == id)
    })
    .await;
    assert!(
        pauses() > before,
        "the resumed connection waited for the session's budget ({} pauses before, {} after)",
        before,
        pauses()
    );
}
