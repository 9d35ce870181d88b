//! The relay's own services, driven over real loopback sockets the way a
//! learner's socket or `nc` would: every service started with base port 0,
//! every test bounded by a timeout, no sleeping for readiness (listeners are
//! bound before `start` returns).

use relay::services::{self, ServiceError, ServiceLimits, Services};
use shared::{Activity, ServiceActivity, ServiceProto};
use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};
use tokio::sync::broadcast;
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
/// Upper bound for any one test.
const TEST_TIMEOUT: Duration = Duration::from_secs(20);

/// Running services plus what stops them.
struct Harness {
    services: Services,
    shutdown: CancellationToken,
    tracker: TaskTracker,
}

impl Harness {
    async fn start() -> Harness {
        Harness::start_with(ServiceLimits::default()).await
    }

    async fn start_with(limits: ServiceLimits) -> Harness {
        let shutdown = CancellationToken::new();
        let tracker = TaskTracker::new();
        let services = services::start_with(LOCALHOST, 0, limits, shutdown.clone(), &tracker)
            .await
            .expect("services start");
        Harness {
            services,
            shutdown,
            tracker,
        }
    }

    fn addr(&self, name: &str, proto: ServiceProto) -> SocketAddr {
        let port = self
            .services
            .port_of(name, proto)
            .unwrap_or_else(|| panic!("no service {name} {proto:?}"));
        SocketAddr::new(LOCALHOST, port)
    }

    async fn connect(&self, name: &str) -> TcpStream {
        TcpStream::connect(self.addr(name, ServiceProto::Tcp))
            .await
            .unwrap_or_else(|e| panic!("connect to {name}: {e}"))
    }

    /// Cancels the token and waits for every task to finish.
    async fn stop(&self) {
        self.shutdown.cancel();
        self.tracker.close();
        self.tracker.wait().await;
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// Runs a test body under [`TEST_TIMEOUT`].
async fn bounded<F: std::future::Future<Output = ()>>(body: F) {
    timeout(TEST_TIMEOUT, body).await.expect("test timed out");
}

/// Reads until `n` bytes arrived; returns them and how many reads it took.
async fn read_n(stream: &mut TcpStream, n: usize) -> (Vec<u8>, usize) {
    let mut got = Vec::with_capacity(n);
    let mut reads = 0;
    let mut buf = [0u8; 4096];
    while got.len() < n {
        let k = stream.read(&mut buf).await.expect("read");
        assert!(k > 0, "EOF after {} of {n} bytes", got.len());
        got.extend_from_slice(&buf[..k]);
        reads += 1;
    }
    (got, reads)
}

/// The next activity event of connection `conn` (or of any, when `None`).
async fn next_event(
    rx: &mut broadcast::Receiver<ServiceActivity>,
    conn: Option<u64>,
) -> ServiceActivity {
    loop {
        let ev = rx.recv().await.expect("activity channel");
        if conn.is_none_or(|c| c == ev.conn) {
            return ev;
        }
    }
}

#[tokio::test]
async fn infos_list_every_service_with_distinct_ports() {
    bounded(async {
        let h = Harness::start().await;
        let names: Vec<&str> = h.services.infos.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "echo",
                "echo",
                "discard",
                "daytime",
                "chargen",
                "slow-echo",
                "chunked-echo",
                "reset",
                "half-close",
                "silent",
                "backlog"
            ]
        );
        for info in &h.services.infos {
            assert_eq!(info.host, "127.0.0.1");
            assert_ne!(info.port, 0, "{} got a real port", info.name);
            assert!(info.description.ends_with('.'), "{}", info.description);
        }
        let tcp_echo = h.services.port_of("echo", ServiceProto::Tcp);
        assert_eq!(tcp_echo, h.services.port_of("echo", ServiceProto::Udp));
        assert_eq!(h.services.port_of("discard", ServiceProto::Udp), None);
        // 11 entries, TCP and UDP echo share one port number.
        assert_eq!(h.services.ports().len(), 10);
    })
    .await;
}

#[tokio::test]
async fn a_port_in_use_is_an_error_naming_the_service_and_port() {
    bounded(async {
        let h = Harness::start().await;
        let taken = h.addr("echo", ServiceProto::Tcp).port();
        let tracker = TaskTracker::new();
        let err = services::start(LOCALHOST, taken, CancellationToken::new(), &tracker)
            .await
            .expect_err("echo's port is taken");
        match &err {
            ServiceError::Bind {
                service,
                proto,
                addr,
                source,
            } => {
                assert_eq!(*service, "echo");
                assert_eq!(*proto, ServiceProto::Tcp);
                assert_eq!(addr.port(), taken);
                assert_eq!(source.kind(), ErrorKind::AddrInUse);
            }
            other => panic!("unexpected {other:?}"),
        }
        let text = err.to_string();
        assert!(
            text.contains("echo") && text.contains(&taken.to_string()),
            "{text}"
        );
        // Nothing of the failed start was left running.
        tracker.close();
        assert!(tracker.is_empty());

        let err = services::start(LOCALHOST, 65_530, CancellationToken::new(), &tracker)
            .await
            .expect_err("offsets past 65535");
        assert!(
            matches!(err, ServiceError::PortOutOfRange { .. }),
            "{err:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn echo_round_trip_then_eof() {
    bounded(async {
        let h = Harness::start().await;
        let mut s = h.connect("echo").await;
        s.write_all(b"hello, relay").await.expect("send");
        let (got, _) = read_n(&mut s, 12).await;
        assert_eq!(got, b"hello, relay");
        // A larger message comes back intact too.
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let (mut rd, mut wr) = s.into_split();
        let writer = tokio::spawn(async move {
            wr.write_all(&big).await.expect("send big");
            wr.shutdown().await.expect("shutdown");
            big
        });
        let mut back = Vec::new();
        rd.read_to_end(&mut back).await.expect("read to EOF");
        let big = writer.await.expect("writer");
        assert_eq!(back, big, "echo closes after our EOF, having sent all back");
    })
    .await;
}

#[tokio::test]
async fn udp_echo_keeps_datagram_boundaries() {
    bounded(async {
        let h = Harness::start().await;
        let sock = UdpSocket::bind((LOCALHOST, 0)).await.expect("bind");
        let echo = h.addr("echo", ServiceProto::Udp);
        let messages: [&[u8]; 3] = [b"one", b"", &[7u8; 1400]];
        for m in messages {
            sock.send_to(m, echo).await.expect("sendto");
        }
        let mut buf = vec![0u8; 65536];
        for m in messages {
            let (n, from) = sock.recv_from(&mut buf).await.expect("recvfrom");
            assert_eq!(from, echo);
            assert_eq!(&buf[..n], m, "each datagram comes back whole and separate");
        }
    })
    .await;
}

#[tokio::test]
async fn discard_reads_everything_and_answers_nothing() {
    bounded(async {
        let h = Harness::start().await;
        let mut rx = h.services.activity.subscribe();
        let mut s = h.connect("discard").await;
        s.write_all(&[b'x'; 10_000]).await.expect("send");
        s.shutdown().await.expect("shutdown");
        let mut back = Vec::new();
        s.read_to_end(&mut back).await.expect("read to EOF");
        assert!(back.is_empty());
        loop {
            if let Activity::Closed { received, sent, .. } = next_event(&mut rx, None).await.what {
                assert_eq!((received, sent), (10_000, 0));
                break;
            }
        }
    })
    .await;
}

#[tokio::test]
async fn daytime_sends_one_line_then_closes() {
    bounded(async {
        let h = Harness::start().await;
        let mut s = h.connect("daytime").await;
        let mut line = String::new();
        s.read_to_string(&mut line).await.expect("read to EOF");
        assert!(line.ends_with("-UTC\r\n"), "{line:?}");
        assert_eq!(line.matches('\n').count(), 1, "{line:?}");
        assert!(line.contains(", 20"), "has a year: {line:?}");
    })
    .await;
}

#[tokio::test]
async fn chargen_sends_rotating_lines_and_stops() {
    bounded(async {
        let h = Harness::start().await;
        let mut s = h.connect("chargen").await;
        let mut all = Vec::new();
        s.read_to_end(&mut all).await.expect("read to EOF");
        assert!(!all.is_empty() && all.len() <= 1024 * 1024, "{}", all.len());
        assert_eq!(all.len() % 74, 0, "whole lines only");
        assert!(all.len() > 1024 * 1024 - 74, "about 1 MiB: {}", all.len());
        for (i, line) in all.chunks(74).enumerate() {
            assert_eq!(&line[72..], b"\r\n");
            for (j, &c) in line[..72].iter().enumerate() {
                assert_eq!(c, b' ' + ((i + j) % 95) as u8, "line {i} col {j}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn chargen_waits_for_a_client_that_stops_reading() {
    bounded(async {
        let mut limits = ServiceLimits::default();
        limits.idle = Duration::from_millis(300);
        limits.chargen_bytes = 64 * 1024 * 1024;
        let h = Harness::start_with(limits).await;
        let mut rx = h.services.activity.subscribe();
        let _s = h.connect("chargen").await;
        // Not reading: the service blocks on a full buffer, then the idle
        // timeout closes it, having written only what the buffers hold.
        loop {
            if let Activity::Closed { sent, .. } = next_event(&mut rx, None).await.what {
                assert!(sent < 64 * 1024 * 1024, "stopped at the buffers: {sent}");
                break;
            }
        }
    })
    .await;
}

#[tokio::test]
async fn slow_echo_arrives_in_several_reads() {
    bounded(async {
        let h = Harness::start().await;
        let mut s = h.connect("slow-echo").await;
        let started = Instant::now();
        s.write_all(b"hello").await.expect("send");
        let (got, reads) = read_n(&mut s, 5).await;
        assert_eq!(got, b"hello");
        assert!(reads >= 2, "trickled in over {reads} reads");
        assert!(started.elapsed() >= Duration::from_millis(150));
    })
    .await;
}

#[tokio::test]
async fn chunked_echo_is_intact_and_in_order() {
    bounded(async {
        let h = Harness::start().await;
        let mut s = h.connect("chunked-echo").await;
        let msg: Vec<u8> = (0..2000u32).map(|i| (i % 256) as u8).collect();
        s.write_all(&msg).await.expect("send");
        let (got, reads) = read_n(&mut s, msg.len()).await;
        assert_eq!(got, msg);
        assert!(reads >= 2, "arrived in {reads} pieces");
    })
    .await;
}

#[tokio::test]
async fn reset_aborts_after_sixteen_bytes() {
    bounded(async {
        let h = Harness::start().await;
        let mut rx = h.services.activity.subscribe();
        let mut s = h.connect("reset").await;
        s.write_all(b"0123456789abcdef").await.expect("send");
        let (got, _) = read_n(&mut s, 16).await;
        assert_eq!(got, b"0123456789abcdef");
        let mut buf = [0u8; 64];
        let err = s.read(&mut buf).await.expect_err("reset, not EOF");
        assert_eq!(err.kind(), ErrorKind::ConnectionReset);
        loop {
            if let Activity::Closed { reset, sent, .. } = next_event(&mut rx, None).await.what {
                assert!(reset);
                assert_eq!(sent, 16);
                break;
            }
        }
    })
    .await;
}

#[tokio::test]
async fn half_close_sends_greeting_then_eof_but_still_reads() {
    bounded(async {
        let h = Harness::start().await;
        let mut rx = h.services.activity.subscribe();
        let mut s = h.connect("half-close").await;
        let mut greeting = Vec::new();
        s.read_to_end(&mut greeting)
            .await
            .expect("greeting then EOF");
        assert!(greeting.starts_with(b"half-close:"), "{greeting:?}");
        assert!(greeting.ends_with(b"\r\n"));
        // EOF came, yet the other direction is open: sending still works.
        s.write_all(b"still here").await.expect("send after EOF");
        s.shutdown().await.expect("shutdown");
        loop {
            let ev = next_event(&mut rx, None).await;
            if let Activity::Closed {
                received, reset, ..
            } = ev.what
            {
                assert_eq!(received, 10, "the service read what came after its FIN");
                assert!(!reset);
                break;
            }
        }
    })
    .await;
}

#[tokio::test]
async fn silent_never_answers() {
    bounded(async {
        let h = Harness::start().await;
        let mut s = h.connect("silent").await;
        s.write_all(b"anyone there?").await.expect("send");
        let mut buf = [0u8; 16];
        let waited = timeout(Duration::from_millis(500), s.read(&mut buf)).await;
        assert!(waited.is_err(), "recv timed out: {waited:?}");
    })
    .await;
}

#[tokio::test]
async fn silent_notices_the_client_closing_and_the_idle_timeout() {
    bounded(async {
        let mut limits = ServiceLimits::default();
        limits.idle = Duration::from_millis(1000);
        let h = Harness::start_with(limits).await;
        let mut rx = h.services.activity.subscribe();

        // The client closes with unread data waiting: still noticed.
        let mut s = h.connect("silent").await;
        s.write_all(b"unread").await.expect("send");
        let first = next_event(&mut rx, None).await;
        assert_eq!(first.what, Activity::Opened);
        let started = Instant::now();
        drop(s);
        let closed = next_event(&mut rx, Some(first.conn)).await;
        assert!(matches!(closed.what, Activity::Closed { received: 0, .. }));
        assert!(
            started.elapsed() < Duration::from_millis(800),
            "before idle"
        );

        // A client that stays gets closed after the idle timeout.
        let mut s = h.connect("silent").await;
        let mut buf = [0u8; 8];
        let started = Instant::now();
        let n = s.read(&mut buf).await.expect("EOF");
        assert_eq!(n, 0);
        assert!(started.elapsed() >= Duration::from_millis(900));
    })
    .await;
}

#[tokio::test]
async fn backlog_fills_its_queue_then_connects_stall() {
    bounded(async {
        let h = Harness::start().await;
        let addr = h.addr("backlog", ServiceProto::Tcp);
        // The first handshake completes at once although nobody accepts.
        let first = timeout(Duration::from_secs(5), TcpStream::connect(addr))
            .await
            .expect("first connect completes")
            .expect("first connect succeeds");
        let mut held = vec![first];
        // Linux queues backlog + 1 = 2; allow some slack for other kernels,
        // but some later connect must stay pending (SYN_SENT).
        let mut stalled = false;
        for _ in 0..4 {
            match timeout(Duration::from_secs(1), TcpStream::connect(addr)).await {
                Ok(Ok(s)) => held.push(s),
                Ok(Err(e)) => panic!("connect failed instead of waiting: {e}"),
                Err(_) => {
                    stalled = true;
                    break;
                }
            }
        }
        assert!(stalled, "{} connects completed, none stalled", held.len());
        assert!(held.len() <= 3, "{} completed", held.len());
    })
    .await;
}

#[tokio::test]
async fn activity_reports_an_echo_exchange() {
    bounded(async {
        let h = Harness::start().await;
        let mut rx = h.services.activity.subscribe();
        let mut s = h.connect("echo").await;
        let local = s.local_addr().expect("local addr");
        s.write_all(b"ping!").await.expect("send");
        read_n(&mut s, 5).await;
        drop(s);

        let opened = next_event(&mut rx, None).await;
        assert_eq!(opened.service, "echo");
        assert_eq!(opened.what, Activity::Opened);
        assert_eq!(opened.peer.ip, "127.0.0.1");
        assert_eq!(opened.peer.port, local.port());
        let (mut received, mut sent) = (0, 0);
        loop {
            let ev = next_event(&mut rx, Some(opened.conn)).await;
            match ev.what {
                Activity::Received { bytes } => received += bytes,
                Activity::Sent { bytes } => {
                    assert!(received >= sent + bytes, "sent only what was received");
                    sent += bytes;
                }
                Activity::Closed {
                    received: r,
                    sent: s,
                    reset,
                } => {
                    assert_eq!((r, s, reset), (5, 5, false));
                    break;
                }
                Activity::Opened => panic!("opened twice"),
            }
        }
        assert_eq!((received, sent), (5, 5), "partial events add up to totals");
    })
    .await;
}

#[tokio::test]
async fn activity_groups_udp_by_peer() {
    bounded(async {
        let mut limits = ServiceLimits::default();
        limits.udp_peer_idle = Duration::from_millis(200);
        let h = Harness::start_with(limits).await;
        let mut rx = h.services.activity.subscribe();
        let sock = UdpSocket::bind((LOCALHOST, 0)).await.expect("bind");
        let echo = h.addr("echo", ServiceProto::Udp);
        let mut buf = [0u8; 64];
        for m in [&b"abc"[..], b"defg"] {
            sock.send_to(m, echo).await.expect("sendto");
            sock.recv_from(&mut buf).await.expect("recvfrom");
        }
        let opened = next_event(&mut rx, None).await;
        assert_eq!(opened.what, Activity::Opened);
        assert_eq!(opened.peer.port, sock.local_addr().expect("addr").port());
        // Quiet for the peer timeout: the conversation closes with totals.
        loop {
            if let Activity::Closed { received, sent, .. } =
                next_event(&mut rx, Some(opened.conn)).await.what
            {
                assert_eq!((received, sent), (7, 7));
                break;
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_full_service_makes_new_clients_wait() {
    bounded(async {
        let mut limits = ServiceLimits::default();
        limits.max_connections = 1;
        let h = Harness::start_with(limits).await;
        let mut first = h.connect("echo").await;
        first.write_all(b"1").await.expect("send");
        read_n(&mut first, 1).await;
        // The kernel completes the handshake, but nobody serves it yet.
        let mut second = h.connect("echo").await;
        second.write_all(b"2").await.expect("send");
        let mut buf = [0u8; 1];
        let early = timeout(Duration::from_millis(300), second.read(&mut buf)).await;
        assert!(early.is_err(), "served while the only slot was busy");
        drop(first);
        let (got, _) = read_n(&mut second, 1).await;
        assert_eq!(got, b"2");
    })
    .await;
}

#[tokio::test]
async fn echo_closes_a_connection_past_its_byte_cap() {
    bounded(async {
        let mut limits = ServiceLimits::default();
        limits.stream_max_bytes = 10;
        let h = Harness::start_with(limits).await;
        let mut s = h.connect("echo").await;
        s.write_all(b"0123456789").await.expect("send");
        let mut back = Vec::new();
        s.read_to_end(&mut back).await.expect("EOF after the cap");
        assert_eq!(back, b"0123456789");
    })
    .await;
}

#[tokio::test]
async fn echo_closes_only_idle_connections() {
    bounded(async {
        let mut limits = ServiceLimits::default();
        limits.idle = Duration::from_millis(400);
        let h = Harness::start_with(limits).await;
        let mut s = h.connect("echo").await;
        // Busy for well over the idle timeout, never quiet for long: kept.
        let started = Instant::now();
        loop {
            s.write_all(b"k").await.expect("send");
            assert_eq!(read_n(&mut s, 1).await.0, b"k");
            if started.elapsed() >= Duration::from_millis(1200) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // Then quiet: closed once the timeout has passed.
        let quiet = Instant::now();
        let mut buf = [0u8; 4];
        assert_eq!(s.read(&mut buf).await.expect("EOF"), 0);
        assert!(
            quiet.elapsed() >= Duration::from_millis(300),
            "{:?}",
            quiet.elapsed()
        );
    })
    .await;
}

#[tokio::test]
async fn services_run_on_ipv6_loopback_too() {
    bounded(async {
        let host: IpAddr = "::1".parse().expect("ip");
        // A machine without IPv6 loopback cannot run this; say so and pass.
        if std::net::TcpListener::bind((host, 0)).is_err() {
            eprintln!("no ::1 on this machine; skipping the IPv6 check");
            return;
        }
        let shutdown = CancellationToken::new();
        let tracker = TaskTracker::new();
        let services = services::start(host, 0, shutdown.clone(), &tracker)
            .await
            .expect("start on ::1");
        assert!(services.infos.iter().all(|i| i.host == "::1"));
        let mut rx = services.activity.subscribe();
        let port = services.port_of("echo", ServiceProto::Tcp).expect("echo");
        let mut s = TcpStream::connect((host, port)).await.expect("connect");
        s.write_all(b"v6").await.expect("send");
        assert_eq!(read_n(&mut s, 2).await.0, b"v6");
        let opened = next_event(&mut rx, None).await;
        assert_eq!(opened.peer.ip, "::1");
        assert_eq!(
            opened.peer.to_string(),
            format!("[::1]:{}", s.local_addr().expect("addr").port())
        );
        shutdown.cancel();
    })
    .await;
}

#[tokio::test]
async fn shutdown_stops_everything() {
    bounded(async {
        let h = Harness::start().await;
        let mut open = h.connect("echo").await;
        let tcp = h.addr("echo", ServiceProto::Tcp);
        let backlog = h.addr("backlog", ServiceProto::Tcp);
        h.stop().await;

        // The open connection was closed…
        let mut buf = [0u8; 8];
        match open.read(&mut buf).await {
            Ok(n) => assert_eq!(n, 0),
            Err(e) => assert_eq!(e.kind(), ErrorKind::ConnectionReset),
        }
        // …and the listeners are gone.
        for addr in [tcp, backlog] {
            let err = TcpStream::connect(addr).await.expect_err("refused");
            assert_eq!(err.kind(), ErrorKind::ConnectionRefused, "{addr}");
        }
        // The UDP port is free again.
        UdpSocket::bind(tcp)
            .await
            .expect("UDP echo's port released");
    })
    .await;
}
