//! Blocking, timeouts and non-blocking mode, partial sends, sendall, and
//! how a socket's calls are ordered, cancelled and refused (C13, C14, C18,
//! C19), against the real relay over a real WebSocket.

mod common;

use common::*;
use shared::*;
use std::time::{Duration, Instant};

#[tokio::test]
async fn c13_send_with_a_timeout_can_be_partial() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let (_srv, cli, _conn) = c.stalled_pair().await;
    c.ok(Op::Settimeout {
        sock: cli,
        timeout: Some(1.0),
    })
    .await;
    let big = vec![b'x'; 1 << 20];
    let r = c
        .call(Op::Send {
            sock: cli,
            data: Payload(big.clone()),
        })
        .await;
    let Outcome::Ok(Value::Int(n)) = r.outcome else {
        panic!("{:?}", r.outcome)
    };
    assert!(
        n > 0 && (n as usize) < big.len(),
        "partial send: {n} of {}",
        big.len()
    );
    assert_eq!(count_calls(&r.trace, "send"), 1, "one send() call");
}

#[tokio::test]
async fn c14_sendall_trace_shows_every_send() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let s = c.connected(h.port("discard", ServiceProto::Tcp)).await;
    c.ok(Op::Setsockopt {
        sock: s,
        option: SockOpt::SndBuf,
        value: OptValue::Int(4096),
    })
    .await;
    let r = c
        .call(Op::Sendall {
            sock: s,
            data: Payload(vec![7; 1 << 20]),
        })
        .await;
    assert_eq!(r.outcome, Outcome::Ok(Value::None));
    let sends: Vec<i64> = r
        .trace
        .steps
        .iter()
        .filter_map(|s| match s {
            TraceStep::Syscall { call, ret, .. } if call == "send" => Some(*ret),
            _ => None,
        })
        .collect();
    assert!(
        sends.len() + r.trace.omitted as usize > 1,
        "several sends: {sends:?}"
    );
    if r.trace.omitted == 0 {
        assert_eq!(sends.iter().filter(|n| **n > 0).sum::<i64>(), 1 << 20);
    }
}

#[tokio::test]
async fn c18_settimeout_raises_timeout_error_after_t() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let s = c.connected(h.port("silent", ServiceProto::Tcp)).await;
    c.ok(Op::Settimeout {
        sock: s,
        timeout: Some(0.5),
    })
    .await;
    assert_eq!(c.ok(Op::Gettimeout { sock: s }).await, Value::Float(0.5));
    let started = Instant::now();
    let id = c
        .send(Op::Recv {
            sock: s,
            bufsize: 10,
        })
        .await;
    let pending = c
        .wait_for(
            "pending",
            |e| matches!(&e.body, Body::Pending { id: i, .. } if *i == id),
        )
        .await;
    assert!(matches!(pending.body, Body::Pending { timeout: Some(t), .. } if t == 0.5));
    let r = c.result(id).await;
    let elapsed = started.elapsed();
    let Outcome::Err(e) = r.outcome else {
        panic!("{:?}", r.outcome)
    };
    assert_eq!(e.to_string(), "TimeoutError: timed out");
    assert!(
        elapsed >= Duration::from_millis(450) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
    assert!(r.elapsed_us >= 450_000, "elapsed shown: {}", r.elapsed_us);
}

#[tokio::test]
async fn c19_non_blocking_recv_raises_at_once() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let s = c.connected(h.echo()).await;
    c.ok(Op::Setblocking {
        sock: s,
        flag: false,
    })
    .await;
    let r = c
        .call(Op::Recv {
            sock: s,
            bufsize: 10,
        })
        .await;
    let Outcome::Err(e) = r.outcome else {
        panic!("{:?}", r.outcome)
    };
    assert_eq!(
        e.to_string(),
        "BlockingIOError: [Errno 11] Resource temporarily unavailable"
    );
    assert_eq!(count_calls(&r.trace, "recv"), 1);
    // A non-blocking connect is "in progress".
    let t = c.tcp().await;
    c.ok(Op::Setblocking {
        sock: t,
        flag: false,
    })
    .await;
    let e = c
        .err(Op::Connect {
            sock: t,
            addr: Address::new("127.0.0.1", h.echo().into()),
        })
        .await;
    assert_eq!(
        e.to_string(),
        "BlockingIOError: [Errno 115] Operation now in progress"
    );
}

#[tokio::test]
async fn close_cancels_a_pending_recv() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let s = c.connected(h.port("silent", ServiceProto::Tcp)).await;
    let id = c
        .send(Op::Recv {
            sock: s,
            bufsize: 10,
        })
        .await;
    c.wait_for(
        "pending",
        |e| matches!(&e.body, Body::Pending { id: i, .. } if *i == id),
    )
    .await;
    let close = c.send(Op::Close { sock: s }).await;
    let r = c.result(id).await;
    assert!(
        matches!(r.outcome, Outcome::Cancelled { ref reason } if reason.contains("closed")),
        "{:?}",
        r.outcome
    );
    let closed = c.result(close).await;
    assert_eq!(closed.outcome, Outcome::Ok(Value::None));
    // The id now names a closed socket: EBADF, as Python would raise.
    let e = c
        .err(Op::Recv {
            sock: s,
            bufsize: 1,
        })
        .await;
    assert_eq!(e.errno, Some(9));
}

#[tokio::test]
async fn pipelined_commands_run_in_order_and_after_close_see_ebadf() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let s = c.tcp().await;
    // Sent back to back, without waiting for any result.
    let connect = c
        .send(Op::Connect {
            sock: s,
            addr: Address::new("127.0.0.1", h.echo().into()),
        })
        .await;
    let send = c
        .send(Op::Sendall {
            sock: s,
            data: Payload::from("pipelined"),
        })
        .await;
    let close = c.send(Op::Close { sock: s }).await;
    let after = c
        .send(Op::Recv {
            sock: s,
            bufsize: 10,
        })
        .await;
    assert_eq!(c.result(connect).await.outcome, Outcome::Ok(Value::None));
    assert_eq!(c.result(send).await.outcome, Outcome::Ok(Value::None));
    assert_eq!(c.result(close).await.outcome, Outcome::Ok(Value::None));
    let r = c.result(after).await;
    assert!(
        matches!(r.outcome, Outcome::Err(ref e) if e.errno == Some(9)),
        "{:?}",
        r.outcome
    );
}

#[tokio::test]
async fn a_command_without_seen_meets_a_busy_socket_and_close_cancels() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let s = c.connected(h.port("silent", ServiceProto::Tcp)).await;
    let recv = c
        .send(Op::Recv {
            sock: s,
            bufsize: 4,
        })
        .await;
    c.wait_for(
        "pending",
        |e| matches!(&e.body, Body::Pending { id, .. } if *id == recv),
    )
    .await;
    // A hand-typed command carries no `seen`: it is taken as knowing.
    send_raw(
        &mut c.ws,
        c.encoding,
        &Command::new(
            500,
            Op::Send {
                sock: s,
                data: Payload::from("x"),
            },
        ),
    )
    .await;
    assert!(
        matches!(c.rejection(500).await, Rejection::Busy { ref pending, .. } if pending == "recv")
    );
    send_raw(
        &mut c.ws,
        c.encoding,
        &Command::new(501, Op::Close { sock: s }),
    )
    .await;
    assert!(matches!(
        c.result(recv).await.outcome,
        Outcome::Cancelled { .. }
    ));
    assert_eq!(c.result(501).await.outcome, Outcome::Ok(Value::None));
}
