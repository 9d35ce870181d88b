//! The protocol's edges over a real WebSocket: the handshake, bad input,
//! service activity and the HTTP routes. After every bad input the same
//! connection must still work.

mod common;

use common::*;
use futures_util::SinkExt;
use shared::*;
use tokio_tungstenite::tungstenite::Message;

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
    let ev = raw_hello(&mut ws, 99, None).await;
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
            origin: None,
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
