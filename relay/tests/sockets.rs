//! The curriculum, end to end: each test drives the real relay over a real
//! WebSocket and checks what the kernel answered (concept ids from
//! CURRICULUM.md in each test's name).

mod common;

use common::*;
use shared::*;
use std::time::Duration;

#[tokio::test]
async fn c7_echo_round_trip_shows_each_syscall() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let s = c.tcp().await;
    let r = c
        .call(Op::Connect {
            sock: s,
            addr: Address::new("127.0.0.1", h.echo().into()),
        })
        .await;
    assert_eq!(r.outcome, Outcome::Ok(Value::None));
    assert_eq!(count_calls(&r.trace, "connect"), 1, "{:?}", r.trace);
    let snap = r.socket.expect("snapshot");
    assert_eq!(snap.tcp_state, Some(TcpState::Established));
    assert_eq!(snap.peer.as_ref().map(|p| p.port), Some(h.echo()));
    assert!(snap.fd > 2, "a real descriptor number");

    let sent = c
        .ok(Op::Send {
            sock: s,
            data: Payload::from("hello world"),
        })
        .await;
    assert_eq!(sent, Value::Int(11));
    assert_eq!(c.recv_exactly(s, 11).await, b"hello world");
    let closed = c.call(Op::Close { sock: s }).await;
    assert_eq!(count_calls(&closed.trace, "close"), 1);
    assert!(closed.socket.expect("snapshot").closed);
}

#[tokio::test]
async fn c15_recv_returns_at_most_bufsize() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let s = c.connected(h.echo()).await;
    let msg = b"0123456789abcdefghijklmnopqrstuvwxyzABCD"; // 40 bytes
    c.sendall(s, msg).await;
    // Wait until all 40 bytes are back in our receive queue, then read 16.
    let mut queued = 0;
    for _ in 0..200 {
        let r = c.call(Op::Getsockname { sock: s }).await;
        queued = r.socket.and_then(|x| x.recv_queue).unwrap_or(0);
        if queued >= 40 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(queued, 40, "the echo arrived");
    let first = c
        .call(Op::Recv {
            sock: s,
            bufsize: 16,
        })
        .await;
    assert_eq!(
        bytes(match &first.outcome {
            Outcome::Ok(v) => v,
            o => panic!("{o:?}"),
        }),
        &msg[..16]
    );
    assert_eq!(
        first.socket.and_then(|x| x.recv_queue),
        Some(24),
        "the rest is still queued"
    );
    let rest = c.recv(s, 1024).await;
    assert_eq!(rest, &msg[16..]);
}

#[tokio::test]
async fn c16_recv_returns_empty_bytes_after_peer_closes() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    // Our own server and client: the server closes, the client reads b''.
    let srv = c.tcp().await;
    let port = c.listen_on(srv, Some(1)).await;
    let cli = c.connected(port).await;
    let conn = c.accept(srv).await;
    c.sendall(conn, b"bye").await;
    c.close(conn).await;
    assert_eq!(c.recv(cli, 100).await, b"bye");
    let eof = c
        .call(Op::Recv {
            sock: cli,
            bufsize: 100,
        })
        .await;
    assert_eq!(eof.outcome, Outcome::Ok(Value::Bytes(Payload::default())));
    assert!(eof
        .trace
        .steps
        .iter()
        .any(|s| matches!(s, TraceStep::Note { text } if text.contains("EOF"))));
}

#[tokio::test]
async fn c4_connect_to_a_closed_port_is_refused() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    // A port that was just free: bind, note, close.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let s = c.tcp().await;
    let e = c
        .err(Op::Connect {
            sock: s,
            addr: Address::new("127.0.0.1", port.into()),
        })
        .await;
    assert_eq!(
        e.to_string(),
        "ConnectionRefusedError: [Errno 111] Connection refused"
    );
    assert_eq!(e.errno, Some(111));
    let t = c.tcp().await;
    let ex = c
        .ok(Op::ConnectEx {
            sock: t,
            addr: Address::new("127.0.0.1", port.into()),
        })
        .await;
    assert_eq!(ex, Value::Int(111), "connect_ex returns the errno");
}

#[tokio::test]
async fn c5_port_zero_is_ephemeral_and_out_of_range_ports_overflow() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let s = c.tcp().await;
    let r = c
        .call(Op::Bind {
            sock: s,
            addr: Address::new("127.0.0.1", 0),
        })
        .await;
    assert_eq!(r.outcome, Outcome::Ok(Value::None));
    let port = r
        .socket
        .and_then(|x| x.local)
        .map(|a| a.port)
        .expect("bound port shown");
    assert!(port >= 1024);
    for bad in [65536, -1, 70000] {
        let t = c.tcp().await;
        let r = c
            .call(Op::Bind {
                sock: t,
                addr: Address::new("127.0.0.1", bad),
            })
            .await;
        let Outcome::Err(e) = r.outcome else {
            panic!("port {bad} accepted")
        };
        assert_eq!(
            e.to_string(),
            "OverflowError: bind(): port must be 0-65535."
        );
        assert_eq!(
            count_calls(&r.trace, "bind"),
            0,
            "refused before any syscall"
        );
    }
}

#[tokio::test]
async fn c9_second_bind_is_address_in_use() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let a = c.tcp().await;
    let port = c.listen_on(a, None).await;
    let b = c.tcp().await;
    let e = c
        .err(Op::Bind {
            sock: b,
            addr: Address::new("127.0.0.1", port.into()),
        })
        .await;
    assert_eq!(e.to_string(), "OSError: [Errno 98] Address already in use");
}

#[tokio::test]
async fn c10_so_reuseaddr_rebinds_over_time_wait() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    // The course's server sets SO_REUSEADDR every time it starts; the
    // kernel only lets a new socket reuse the port if the old one had it too.
    let srv = c.tcp().await;
    c.ok(Op::Setsockopt {
        sock: srv,
        option: SockOpt::ReuseAddr,
        value: OptValue::Int(1),
    })
    .await;
    let port = c.listen_on(srv, None).await;
    let cli = c.connected(port).await;
    let conn = c.accept(srv).await;
    // The server side closes first, so its connection goes to TIME_WAIT.
    c.close(conn).await;
    c.close(srv).await;
    assert_eq!(c.recv(cli, 10).await, b"");
    c.close(cli).await;
    // The closed socket's connection is still in the kernel, holding the
    // port: the relay reads it from /proc/net/tcp and says so.
    let lingering = c
        .wait_for("the server side's connection in TIME_WAIT", |e| {
            matches!(&e.body, Body::Lingering { conns } if conns.iter().any(|l| {
                l.sock == conn && l.state == TcpState::TimeWait && l.local.port == port
            }))
        })
        .await;
    let Body::Lingering { conns } = lingering.body else {
        unreachable!("wait_for matched a Lingering event")
    };
    assert!(
        conns.iter().all(|l| l.sock == conn || l.sock == cli),
        "only this session's closed sockets: {conns:?}"
    );

    let again = c.tcp().await;
    let e = c
        .err(Op::Bind {
            sock: again,
            addr: Address::new("127.0.0.1", port.into()),
        })
        .await;
    assert_eq!(e.errno, Some(98), "TIME_WAIT blocks a plain rebind");

    let reuse = c.tcp().await;
    c.ok(Op::Setsockopt {
        sock: reuse,
        option: SockOpt::ReuseAddr,
        value: OptValue::Int(1),
    })
    .await;
    assert_eq!(
        c.ok(Op::Getsockopt {
            sock: reuse,
            option: SockOpt::ReuseAddr
        })
        .await,
        Value::Int(1)
    );
    c.ok(Op::Bind {
        sock: reuse,
        addr: Address::new("127.0.0.1", port.into()),
    })
    .await;
    c.ok(Op::Listen {
        sock: reuse,
        backlog: None,
    })
    .await;
}

#[tokio::test]
async fn c11_backlog_one_listener_fills_its_accept_queue() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let srv = c.tcp().await;
    let port = c.listen_on(srv, Some(1)).await;
    // Non-blocking clients, so a stalled handshake does not hold the test.
    let mut clients = Vec::new();
    for _ in 0..4 {
        let s = c.tcp().await;
        c.ok(Op::Setblocking {
            sock: s,
            flag: false,
        })
        .await;
        c.call(Op::Connect {
            sock: s,
            addr: Address::new("127.0.0.1", port.into()),
        })
        .await;
        clients.push(s);
    }
    // The kernel completes backlog + 1 handshakes; the rest stay in SYN_SENT.
    let mut queue = 0;
    for _ in 0..100 {
        let r = c.call(Op::Getsockname { sock: srv }).await;
        queue = r
            .socket
            .and_then(|s| s.accept_queue)
            .map(|q| q.len)
            .unwrap_or(0);
        if queue >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(queue, 2, "listen(1) queues two connections on Linux");
    let last = c
        .call(Op::Getsockname {
            sock: *clients.last().expect("clients"),
        })
        .await;
    assert_eq!(
        last.socket.and_then(|s| s.tcp_state),
        Some(TcpState::SynSent)
    );
}

#[tokio::test]
async fn c12_pending_accept_completes_when_a_client_connects() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let srv = c.tcp().await;
    let port = c.listen_on(srv, None).await;
    let accept = c.send(Op::Accept { sock: srv }).await;
    let pending = c
        .wait_for(
            "pending accept",
            |e| matches!(&e.body, Body::Pending { id, .. } if *id == accept),
        )
        .await;
    assert!(matches!(pending.body, Body::Pending { ref op, .. } if op == "accept"));
    // Data is never exchanged on the listening socket: it is busy anyway.
    let busy = c
        .send(Op::Recv {
            sock: srv,
            bufsize: 10,
        })
        .await;
    assert!(matches!(c.rejection(busy).await, Rejection::Busy { .. }));

    let cli = c.connected(port).await;
    let r = c.result(accept).await;
    let Outcome::Ok(Value::Accepted { socket, addr }) = r.outcome else {
        panic!("{:?}", r.outcome)
    };
    assert_eq!(addr.ip, "127.0.0.1");
    assert_eq!(socket.tcp_state, Some(TcpState::Established));
    let client_port = match c.ok(Op::Getsockname { sock: cli }).await {
        Value::Addr(a) => a.port,
        o => panic!("{o:?}"),
    };
    assert_eq!(
        addr.port, client_port,
        "accept reports the client's address"
    );
    c.sendall(socket.id, b"from server").await;
    assert_eq!(c.recv_exactly(cli, 11).await, b"from server");
    c.sendall(cli, b"from client").await;
    assert_eq!(c.recv_exactly(socket.id, 11).await, b"from client");
}

#[tokio::test]
async fn c3_udp_datagrams_arrive_whole_with_addresses() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let u = c.socket(Family::Inet, SockType::Dgram).await;
    let echo = h.port("echo", ServiceProto::Udp);
    for msg in [&b"first"[..], b"second datagram"] {
        let n = c
            .ok(Op::Sendto {
                sock: u,
                data: Payload(msg.to_vec()),
                addr: Address::new("127.0.0.1", echo.into()),
            })
            .await;
        assert_eq!(n, Value::Int(msg.len() as i64));
    }
    for msg in [&b"first"[..], b"second datagram"] {
        let Value::Datagram { data, addr } = c
            .ok(Op::Recvfrom {
                sock: u,
                bufsize: 1024,
            })
            .await
        else {
            panic!()
        };
        assert_eq!(data.0, msg, "each datagram whole and separate");
        assert_eq!((addr.ip.as_str(), addr.port), ("127.0.0.1", echo));
    }
}

#[tokio::test]
async fn c2_ipv6_loopback_works_and_shows_brackets() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let srv = c.socket(Family::Inet6, SockType::Stream).await;
    c.ok(Op::Bind {
        sock: srv,
        addr: Address::new("::1", 0),
    })
    .await;
    c.ok(Op::Listen {
        sock: srv,
        backlog: None,
    })
    .await;
    let local = match c.ok(Op::Getsockname { sock: srv }).await {
        Value::Addr(a) => a,
        o => panic!("{o:?}"),
    };
    assert_eq!(local.ip, "::1");
    assert!(local.to_string().starts_with("[::1]:"));
    let cli = c.socket(Family::Inet6, SockType::Stream).await;
    c.ok(Op::Connect {
        sock: cli,
        addr: Address::new("::1", local.port.into()),
    })
    .await;
    let Value::Accepted { addr, .. } = c.ok(Op::Accept { sock: srv }).await else {
        panic!()
    };
    assert_eq!(addr.ip, "::1");
    // Every family × type combination can be created (C2).
    for (f, t) in [
        (Family::Inet, SockType::Dgram),
        (Family::Inet6, SockType::Dgram),
    ] {
        c.socket(f, t).await;
    }
}

#[tokio::test]
async fn c6_getservbyname_is_answered_by_the_real_resolver() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let v = c
        .ok(Op::Getservbyname {
            name: "http".into(),
            proto: Some("tcp".into()),
        })
        .await;
    assert_eq!(v, Value::Int(80));
    let v = c
        .ok(Op::Getservbyport {
            port: 53,
            proto: Some("udp".into()),
        })
        .await;
    assert_eq!(v, Value::Str("domain".into()));
    let v = c
        .ok(Op::Gethostbyname {
            host: "localhost".into(),
        })
        .await;
    assert_eq!(v, Value::Str("127.0.0.1".into()));
}
