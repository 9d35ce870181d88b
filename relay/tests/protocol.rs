//! The protocol's edges over a real WebSocket: bad input, policy refusals,
//! limits, resuming after a drop, shutdown, and the HTTP routes. After every
//! bad input the same connection must still work.

mod common;

use common::*;
use futures_util::SinkExt;
use relay::Config;
use shared::*;
use tokio_tungstenite::tungstenite::Message;

/// The connection still answers a real op.
async fn still_works(c: &mut Client) {
    let v = c.ok(Op::Getdefaulttimeout).await;
    assert_eq!(v, Value::None);
}

async fn raw_rejection(c: &mut Client, msg: Message) -> (Option<u64>, Rejection) {
    c.ws.send(msg).await.expect("send");
    let ev = c
        .wait_for("rejection", |e| matches!(e.body, Body::Rejected { .. }))
        .await;
    match ev.body {
        Body::Rejected { id, reason } => (id, reason),
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn bad_frames_get_clear_errors_and_lose_nothing() {
    let h = Harness::start().await;
    let mut c = h.json_client().await;
    let (id, r) = raw_rejection(&mut c, Message::Text("not json".into())).await;
    assert_eq!(id, None);
    assert!(matches!(r, Rejection::Malformed { .. }), "{r:?}");
    still_works(&mut c).await;

    let (id, r) = raw_rejection(
        &mut c,
        Message::Text(r#"{"id":41,"op":{"fly":{"sock":1}}}"#.into()),
    )
    .await;
    assert_eq!(
        (id, r.to_string()),
        (Some(41), "unknown op `fly`".to_string())
    );
    still_works(&mut c).await;

    let (id, r) = raw_rejection(&mut c, Message::Binary(vec![0xc1, 0x00, 0xff, 0x13].into())).await;
    assert_eq!(id, None);
    assert!(matches!(r, Rejection::Malformed { .. }));
    still_works(&mut c).await;

    let (id, r) = raw_rejection(
        &mut c,
        Message::Text(r#"{"id":42,"op":{"recv":{"sock":1,"bufsize":"lots"}}}"#.into()),
    )
    .await;
    assert_eq!(id, Some(42));
    assert!(r.to_string().starts_with("malformed command"), "{r}");
    still_works(&mut c).await;

    let id = c
        .send(Op::Recv {
            sock: SocketId(99),
            bufsize: 1,
        })
        .await;
    assert_eq!(
        c.rejection(id).await,
        Rejection::UnknownSocket { sock: SocketId(99) }
    );
    let id = c
        .send(Op::Hello {
            version: 1,
            resume: None,
        })
        .await;
    assert!(matches!(c.rejection(id).await, Rejection::Handshake { .. }));
    still_works(&mut c).await;
    assert!(h
        .metrics
        .render()
        .contains("playground_rejections_total{kind=\"malformed\"} 3"));
}

#[tokio::test]
async fn wrong_family_and_bad_ports_are_python_errors() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let s = c.tcp().await;
    let e = c
        .err(Op::Connect {
            sock: s,
            addr: Address::new("::1", h.echo().into()),
        })
        .await;
    assert_eq!(
        e.to_string(),
        "socket.gaierror: [Errno -9] Address family for hostname not supported"
    );
    let e = c
        .err(Op::Connect {
            sock: s,
            addr: Address::new("127.0.0.1", 65536),
        })
        .await;
    assert_eq!(
        e.to_string(),
        "OverflowError: connect(): port must be 0-65535."
    );
    let e = c
        .err(Op::Recv {
            sock: s,
            bufsize: -1,
        })
        .await;
    assert_eq!(e.to_string(), "ValueError: negative buffersize in recv");
    still_works(&mut c).await;
}

#[tokio::test]
async fn version_mismatch_is_explained() {
    let h = Harness::start().await;
    let (mut ws, _) = tokio_tungstenite::connect_async(h.ws_url())
        .await
        .expect("connect");
    send_raw(
        &mut ws,
        Encoding::Json,
        &Command {
            seen: None,
            id: 1,
            op: Op::Hello {
                version: 99,
                resume: None,
            },
        },
    )
    .await;
    let ev = recv_raw(&mut ws, Encoding::Json).await.expect("answer");
    let Body::Rejected { reason, .. } = ev.body else {
        panic!("{ev:?}")
    };
    assert_eq!(
        reason,
        Rejection::VersionMismatch {
            client: 99,
            relay: PROTOCOL_VERSION
        }
    );
    assert!(reason.to_string().contains("reload the page"));
}

#[tokio::test]
async fn commands_before_hello_are_refused_and_hello_still_works() {
    let h = Harness::start().await;
    let (mut ws, _) = tokio_tungstenite::connect_async(h.ws_url())
        .await
        .expect("connect");
    send_raw(
        &mut ws,
        Encoding::Json,
        &Command {
            seen: None,
            id: 5,
            op: Op::Gethostname,
        },
    )
    .await;
    let ev = recv_raw(&mut ws, Encoding::Json).await.expect("answer");
    assert!(
        matches!(
            ev.body,
            Body::Rejected {
                id: Some(5),
                reason: Rejection::Handshake { .. }
            }
        ),
        "{ev:?}"
    );
    let mut c = Client::greet(ws, Encoding::Json, None).await;
    assert_eq!(c.hello.profile, Profile::Local);
    assert!(c.hello.services.iter().any(|s| s.name == "echo"));
    still_works(&mut c).await;
}

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
    c.ok(Op::Bind {
        sock: srv,
        addr: Address::new("127.0.0.1", 0),
    })
    .await;
    c.ok(Op::Listen {
        sock: srv,
        backlog: None,
    })
    .await;
    let Value::Addr(a) = c.ok(Op::Getsockname { sock: srv }).await else {
        panic!()
    };
    let cli = c.tcp().await;
    c.ok(Op::Connect {
        sock: cli,
        addr: Address::new("127.0.0.1", a.port.into()),
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

    let (ws, _) = tokio_tungstenite::connect_async(h.ws_url())
        .await
        .expect("reconnect");
    let mut c = Client::greet(
        ws,
        Encoding::MessagePack,
        Some(command::Resume { token, last_seq }),
    )
    .await;
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
    send_raw(
        &mut ws,
        Encoding::Json,
        &Command {
            seen: None,
            id: 1,
            op: Op::Hello {
                version: 1,
                resume: Some(resume),
            },
        },
    )
    .await;
    let ev = recv_raw(&mut ws, Encoding::Json).await.expect("answer");
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
    let (mut ws, _) = tokio_tungstenite::connect_async(h.ws_url())
        .await
        .expect("reconnect");
    send_raw(
        &mut ws,
        Encoding::Json,
        &Command {
            seen: None,
            id: 1,
            op: Op::Hello {
                version: 1,
                resume: Some(command::Resume { token, last_seq: 0 }),
            },
        },
    )
    .await;
    let hello = recv_raw(&mut ws, Encoding::Json).await.expect("hello");
    assert!(matches!(hello.body, Body::Hello(ref h) if h.resumed));
    let gap = recv_raw(&mut ws, Encoding::Json).await.expect("gap");
    assert_eq!(gap.body, Body::Gap { from: 1, to: 6 });
    let next = recv_raw(&mut ws, Encoding::Json).await.expect("replayed");
    assert_eq!(next.seq, 7);
}

#[tokio::test]
async fn grace_period_end_closes_every_socket() {
    let mut config = Config::for_tests();
    config.limits.grace = std::time::Duration::from_millis(200);
    let h = Harness::start_with(config).await;
    let mut c = h.client().await;
    let srv = c.tcp().await;
    c.ok(Op::Bind {
        sock: srv,
        addr: Address::new("127.0.0.1", 0),
    })
    .await;
    c.ok(Op::Listen {
        sock: srv,
        backlog: None,
    })
    .await;
    let Value::Addr(a) = c.ok(Op::Getsockname { sock: srv }).await else {
        panic!()
    };
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
        if std::net::TcpStream::connect(("127.0.0.1", a.port)).is_err() {
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
    c.ok(Op::Bind {
        sock: srv,
        addr: Address::new("127.0.0.1", 0),
    })
    .await;
    c.ok(Op::Listen {
        sock: srv,
        backlog: None,
    })
    .await;
    let Value::Addr(a) = c.ok(Op::Getsockname { sock: srv }).await else {
        panic!()
    };
    let echo = h.echo();
    let stopping = tokio::spawn(h.stop());
    let ev = c
        .wait_for("closing", |e| matches!(e.body, Body::Closing { .. }))
        .await;
    assert!(matches!(ev.body, Body::Closing { ref reason } if reason.contains("shutting down")));
    stopping.await.expect("join").expect("run returns Ok");
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", a.port)).is_err(),
        "learner listener closed"
    );
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", echo)).is_err(),
        "echo service stopped"
    );
}

#[tokio::test]
async fn health_metrics_and_origin_check_over_http() {
    let h = Harness::start().await;
    let base = format!("http://{}", h.addr);
    let health = http_get(&format!("{base}/healthz"), None).await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let mut c = h.client().await;
    c.ok(Op::Gethostname).await;
    let metrics = http_get(&format!("{base}/metrics"), None).await;
    assert!(metrics.contains("playground_sessions 1"), "{metrics}");
    assert!(metrics.contains("playground_ops_total{op=\"gethostname\"} 1"));
    // A page from another site may not open the WebSocket.
    let mut req =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(h.ws_url())
            .expect("request");
    req.headers_mut()
        .insert("Origin", "http://evil.example".parse().expect("header"));
    let err = tokio_tungstenite::connect_async(req)
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("403"), "{err}");
    let mut req =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(h.ws_url())
            .expect("request");
    req.headers_mut().insert(
        "Origin",
        format!("http://{}", h.addr).parse().expect("header"),
    );
    tokio_tungstenite::connect_async(req)
        .await
        .expect("same origin allowed");
}

/// A minimal HTTP/1.1 GET over a real loopback connection.
async fn http_get(url: &str, _origin: Option<&str>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").expect("http url");
    let (host, path) = rest.split_once('/').expect("path");
    let mut s = tokio::net::TcpStream::connect(host).await.expect("connect");
    s.write_all(
        format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
    .expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).await.expect("read");
    out
}

#[tokio::test]
async fn service_activity_includes_outside_tools() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    c.ok(Op::WatchServices { on: true }).await;
    // An outside tool (here: a plain std socket, as nc would be) uses echo.
    let echo = h.echo();
    let outside = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", echo)).expect("connect");
        s.write_all(b"ping").expect("write");
        let mut buf = [0u8; 4];
        s.read_exact(&mut buf).expect("read");
        s.local_addr().expect("addr").port()
    });
    let port = outside.await.expect("outside client");
    let mut seen = Vec::new();
    while !seen.iter().any(|a| matches!(a, Activity::Closed { .. })) {
        let ev = c
            .wait_for(
                "service activity",
                |e| matches!(&e.body, Body::Service(a) if a.peer.port == port),
            )
            .await;
        let Body::Service(a) = ev.body else {
            unreachable!()
        };
        assert_eq!(a.service, "echo");
        seen.push(a.what);
    }
    assert_eq!(seen.first(), Some(&Activity::Opened));
    assert!(seen.contains(&Activity::Received { bytes: 4 }), "{seen:?}");
    assert!(seen.contains(&Activity::Sent { bytes: 4 }), "{seen:?}");
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
    send_raw(
        &mut ws,
        Encoding::Json,
        &Command {
            seen: None,
            id: 1,
            op: Op::Hello {
                version: 1,
                resume: None,
            },
        },
    )
    .await;
    let ev = recv_raw(&mut ws, Encoding::Json).await.expect("answer");
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
    let (ws, _) = tokio_tungstenite::connect_async(h.ws_url())
        .await
        .expect("reconnect");
    let mut c = Client::greet(
        ws,
        Encoding::MessagePack,
        Some(command::Resume {
            token,
            last_seq: last,
        }),
    )
    .await;
    c.next_id = 100;
    c.sendall(s, b"intact").await;
    assert_eq!(c.recv_exactly(s, 6).await, b"intact");
}

#[tokio::test]
async fn long_sendall_reports_progress_while_the_peer_drains() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let srv = c.tcp().await;
    c.ok(Op::Bind {
        sock: srv,
        addr: Address::new("127.0.0.1", 0),
    })
    .await;
    c.ok(Op::Listen {
        sock: srv,
        backlog: None,
    })
    .await;
    let Value::Addr(a) = c.ok(Op::Getsockname { sock: srv }).await else {
        panic!()
    };
    let cli = c.tcp().await;
    c.ok(Op::Setsockopt {
        sock: cli,
        option: SockOpt::SndBuf,
        value: OptValue::Int(4096),
    })
    .await;
    c.ok(Op::Connect {
        sock: cli,
        addr: Address::new("127.0.0.1", a.port.into()),
    })
    .await;
    let Value::Accepted { socket: conn, .. } = c.ok(Op::Accept { sock: srv }).await else {
        panic!()
    };
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
        // Slow reader: the sendall stays pending long enough to report.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        got += c.recv(conn.id, 65536).await.len();
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

#[tokio::test]
async fn the_page_is_served_gzipped_to_browsers_that_ask() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let h = Harness::start().await;
    let host = h.addr.to_string();
    let mut s = tokio::net::TcpStream::connect(&host)
        .await
        .expect("connect");
    s.write_all(
        format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    )
    .await
    .expect("write");
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.expect("read");
    let head = String::from_utf8_lossy(&out[..out.len().min(400)]).to_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-encoding: gzip"), "{head}");
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
