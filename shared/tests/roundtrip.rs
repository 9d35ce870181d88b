//! Every protocol type survives both encodings unchanged, and bad frames are
//! classified (unknown op versus malformed) with their id when readable.

use shared::codec::{self, decode_command, encode_command, OP_NAMES};
use shared::command::Resume;
use shared::event::AddrInfoEntry;
use shared::trace::{Interest, WaitEnd};
use shared::*;

fn sample_snapshot() -> SocketSnapshot {
    SocketSnapshot {
        id: SocketId(3),
        fd: 12,
        family: Family::Inet6,
        kind: SockType::Stream,
        local: Some(SockAddr {
            ip: "::1".into(),
            port: 40000,
        }),
        peer: None,
        timeout: Some(2.5),
        tcp_state: Some(TcpState::Listen),
        recv_queue: Some(0),
        send_queue: Some(0),
        accept_queue: Some(AcceptQueue { len: 2, backlog: 1 }),
        closed: false,
    }
}

fn every_op() -> Vec<Op> {
    let s = SocketId(1);
    let a = Address::new("127.0.0.1", 7007);
    let d = Payload(vec![0, 1, 2, 255, b'a']);
    vec![
        Op::Hello {
            version: 1,
            resume: Some(Resume {
                token: "t".into(),
                last_seq: 9,
            }),
        },
        Op::Hello {
            version: 1,
            resume: None,
        },
        Op::Socket {
            family: Family::Inet,
            kind: SockType::Dgram,
        },
        Op::Bind {
            sock: s,
            addr: Address::new("", 70000),
        },
        Op::Listen {
            sock: s,
            backlog: Some(1),
        },
        Op::Listen {
            sock: s,
            backlog: None,
        },
        Op::Accept { sock: s },
        Op::Connect {
            sock: s,
            addr: a.clone(),
        },
        Op::ConnectEx {
            sock: s,
            addr: Address::new("::1", -1),
        },
        Op::Send {
            sock: s,
            data: d.clone(),
        },
        Op::Sendall {
            sock: s,
            data: Payload(vec![7; 70_000]),
        },
        Op::Recv {
            sock: s,
            bufsize: 16,
        },
        Op::Sendto {
            sock: s,
            data: d,
            addr: a,
        },
        Op::Recvfrom {
            sock: s,
            bufsize: 1024,
        },
        Op::Shutdown {
            sock: s,
            how: ShutdownHow::Write,
        },
        Op::Close { sock: s },
        Op::Settimeout {
            sock: s,
            timeout: Some(0.5),
        },
        Op::Settimeout {
            sock: s,
            timeout: None,
        },
        Op::Setblocking {
            sock: s,
            flag: false,
        },
        Op::Gettimeout { sock: s },
        Op::Setsockopt {
            sock: s,
            option: SockOpt::ReuseAddr,
            value: OptValue::Int(1),
        },
        Op::Setsockopt {
            sock: s,
            option: SockOpt::Linger,
            value: OptValue::Linger {
                onoff: true,
                seconds: 0,
            },
        },
        Op::Getsockopt {
            sock: s,
            option: SockOpt::V6Only,
        },
        Op::Getsockname { sock: s },
        Op::Getpeername { sock: s },
        Op::Fileno { sock: s },
        Op::Gethostname,
        Op::Getfqdn { name: "".into() },
        Op::Getaddrinfo {
            host: "localhost".into(),
            port: Some("7".into()),
            family: Some(Family::Inet),
            kind: Some(SockType::Stream),
        },
        Op::Gethostbyname {
            host: "localhost".into(),
        },
        Op::Gethostbyaddr {
            ip: "127.0.0.1".into(),
        },
        Op::Getservbyname {
            name: "http".into(),
            proto: Some("tcp".into()),
        },
        Op::Getservbyport {
            port: 53,
            proto: None,
        },
        Op::Getprotobyname { name: "tcp".into() },
        Op::Getdefaulttimeout,
        Op::Setdefaulttimeout { timeout: Some(3.0) },
        Op::WatchServices { on: true },
    ]
}

fn every_body() -> Vec<Body> {
    let snap = sample_snapshot();
    let addr = SockAddr {
        ip: "127.0.0.1".into(),
        port: 5555,
    };
    let mut trace = Trace::default();
    trace.push(TraceStep::Syscall {
        call: "recvfrom".into(),
        args: "fd=12, 16, 0".into(),
        ret: -1,
        errno: Some(11),
        at_us: 3,
    });
    trace.push(TraceStep::Wait {
        interest: Interest::Readable,
        end: WaitEnd::TimedOut,
        waited_us: 2_000_000,
    });
    trace.push(TraceStep::Note {
        text: "resolved".into(),
    });
    let values = vec![
        Value::None,
        Value::Int(-3),
        Value::Float(0.25),
        Value::Bool(true),
        Value::Str("host".into()),
        Value::Bytes(Payload(vec![0, 200])),
        Value::Addr(addr.clone()),
        Value::Socket(snap.clone()),
        Value::Accepted {
            socket: snap.clone(),
            addr: addr.clone(),
        },
        Value::Datagram {
            data: Payload(b"hi".to_vec()),
            addr: addr.clone(),
        },
        Value::Linger(OptValue::Linger {
            onoff: false,
            seconds: 3,
        }),
        Value::AddrInfo(vec![AddrInfoEntry {
            family: Family::Inet,
            kind: SockType::Stream,
            proto: 6,
            canonname: String::new(),
            addr: addr.clone(),
        }]),
        Value::HostEx {
            name: "localhost".into(),
            aliases: vec![],
            addrs: vec!["127.0.0.1".into()],
        },
    ];
    let mut bodies: Vec<Body> = values
        .into_iter()
        .map(|v| {
            Body::Result(OpResult {
                id: 4,
                op: "recv".into(),
                sock: Some(SocketId(3)),
                outcome: Outcome::Ok(v),
                trace: trace.clone(),
                socket: Some(snap.clone()),
                elapsed_us: 17,
            })
        })
        .collect();
    for outcome in [
        Outcome::Err(PyError::from_errno(111)),
        Outcome::Err(PyError::timed_out()),
        Outcome::Err(PyError::gai(-2, "Name or service not known")),
        Outcome::Cancelled {
            reason: "socket closed".into(),
        },
    ] {
        bodies.push(Body::Result(OpResult {
            id: 5,
            op: "connect".into(),
            sock: None,
            outcome,
            trace: Trace::default(),
            socket: None,
            elapsed_us: 0,
        }));
    }
    let rejections = vec![
        Rejection::Malformed { detail: "x".into() },
        Rejection::UnknownOp { name: "fly".into() },
        Rejection::UnknownSocket { sock: SocketId(9) },
        Rejection::Busy {
            sock: SocketId(1),
            pending: "recv".into(),
        },
        Rejection::Policy {
            detail: "no".into(),
        },
        Rejection::Limit {
            limit: "sockets".into(),
            detail: "16".into(),
        },
        Rejection::VersionMismatch {
            client: 2,
            relay: 1,
        },
        Rejection::Handshake {
            detail: "hello first".into(),
        },
        Rejection::ResumeFailed {
            detail: "expired".into(),
        },
    ];
    bodies.extend(rejections.into_iter().map(|reason| Body::Rejected {
        id: Some(1),
        reason,
    }));
    bodies.extend([
        Body::Hello(Hello {
            version: 1,
            relay: "0.1.0".into(),
            session: "abc".into(),
            resume_token: "secret".into(),
            resumed: false,
            profile: Profile::Shared,
            limits: Limits {
                max_sockets: 16,
                max_payload: 1 << 20,
                max_message: 2 << 20,
                ops_per_second: 50,
                ops_burst: 100,
                max_buffered_bytes: 8 << 20,
                grace_secs: 30,
                idle_secs: 1800,
                bind_port_min: 20000,
                bind_port_max: 20999,
            },
            services: vec![ServiceInfo {
                name: "echo".into(),
                proto: ServiceProto::Tcp,
                host: "127.0.0.1".into(),
                port: 7007,
                description: "echo".into(),
            }],
        }),
        Body::Pending {
            id: 3,
            sock: SocketId(1),
            op: "recv".into(),
            timeout: Some(2.0),
        },
        Body::Progress {
            id: 3,
            sock: SocketId(1),
            done: 10,
            total: 20,
        },
        Body::Service(ServiceActivity {
            service: "echo".into(),
            conn: 1,
            peer: addr,
            what: Activity::Closed {
                received: 5,
                sent: 5,
                reset: false,
            },
        }),
        Body::Gap { from: 3, to: 9 },
        Body::Lingering {
            conns: vec![LingeringConn {
                sock: SocketId(3),
                local: SockAddr {
                    ip: "127.0.0.1".into(),
                    port: 5000,
                },
                peer: SockAddr {
                    ip: "127.0.0.1".into(),
                    port: 6000,
                },
                state: TcpState::TimeWait,
            }],
        },
        Body::Lingering { conns: vec![] },
        Body::Closing {
            reason: "relay stopping".into(),
        },
    ]);
    bodies
}

#[test]
fn every_command_round_trips_in_both_encodings() {
    for (i, op) in every_op().into_iter().enumerate() {
        assert!(OP_NAMES.contains(&op.name()), "{} missing", op.name());
        let cmd = Command {
            id: i as u64,
            op,
            seen: (i % 2 == 0).then_some(i as u64),
        };
        for enc in [Encoding::Json, Encoding::MessagePack] {
            let bytes = encode_command(enc, &cmd).expect("encodes");
            let back = decode_command(enc, &bytes).expect("decodes");
            assert_eq!(back, cmd, "{enc:?}");
        }
    }
}

#[test]
fn every_event_round_trips_in_both_encodings() {
    for (i, body) in every_body().into_iter().enumerate() {
        let ev = Event {
            seq: i as u64 + 1,
            body,
        };
        for enc in [Encoding::Json, Encoding::MessagePack] {
            let bytes = codec::encode_event(enc, &ev).expect("encodes");
            let back = codec::decode_event(enc, &bytes).expect("decodes");
            assert_eq!(back, ev, "{enc:?}");
        }
    }
}

#[test]
fn msgpack_payloads_are_not_inflated() {
    let cmd = Command::new(
        1,
        Op::Sendall {
            sock: SocketId(1),
            data: Payload(vec![0xAB; 1 << 20]),
        },
    );
    let bytes = encode_command(Encoding::MessagePack, &cmd).expect("encodes");
    assert!(bytes.len() < (1 << 20) + 64, "{} bytes", bytes.len());
}

#[test]
fn json_is_readable_by_hand() {
    let json = r#"{"id":7,"op":{"connect":{"sock":1,"addr":{"host":"127.0.0.1","port":7007}}}}"#;
    let cmd = decode_command(Encoding::Json, json.as_bytes()).expect("decodes");
    assert_eq!(
        cmd.op,
        Op::Connect {
            sock: SocketId(1),
            addr: Address::new("127.0.0.1", 7007)
        }
    );
    let unit = decode_command(Encoding::Json, br#"{"id":8,"op":"gethostname"}"#).expect("decodes");
    assert_eq!(unit.op, Op::Gethostname);
}

#[test]
fn unknown_ops_and_malformed_frames_are_told_apart() {
    let e = decode_command(Encoding::Json, br#"{"id":3,"op":{"fly":{"sock":1}}}"#)
        .expect_err("unknown op");
    assert_eq!(e.id, Some(3));
    assert_eq!(e.reason, Rejection::UnknownOp { name: "fly".into() });

    let e = decode_command(Encoding::Json, br#"{"id":4,"op":{"recv":{"sock":"x"}}}"#)
        .expect_err("bad field");
    assert_eq!(e.id, Some(4));
    assert!(matches!(e.reason, Rejection::Malformed { .. }), "{e:?}");

    let e = decode_command(Encoding::Json, b"not json at all").expect_err("junk");
    assert_eq!(e.id, None);
    assert!(matches!(e.reason, Rejection::Malformed { .. }));

    let e = decode_command(Encoding::MessagePack, &[0xc1, 0xff, 0x00]).expect_err("binary junk");
    assert!(matches!(e.reason, Rejection::Malformed { .. }));

    let e = decode_command(
        Encoding::Json,
        br#"{"id":5,"op":{"bind":{"sock":1,"addr":{"host":"","port":1e30}}}}"#,
    )
    .expect_err("huge port");
    assert_eq!(e.id, Some(5));
}

#[test]
fn rejections_read_well() {
    assert_eq!(
        Rejection::UnknownSocket { sock: SocketId(4) }.to_string(),
        "no socket s4 in this session"
    );
    assert_eq!(
        Rejection::Policy { detail: "x".into() }.to_string(),
        "refused by relay policy: x"
    );
}

#[test]
fn echoed_client_text_is_kept_short() {
    let long = "x".repeat(100_000);
    let frame = format!(r#"{{"id":1,"op":{{"{long}":{{}}}}}}"#);
    let e = decode_command(Encoding::Json, frame.as_bytes()).expect_err("unknown op");
    let Rejection::UnknownOp { name } = e.reason else {
        panic!("{e:?}")
    };
    assert!(name.len() <= 64 + '…'.len_utf8(), "{}", name.len());
    let frame = format!(r#"{{"id":1,"op":{{"recv":{{"sock":"{long}"}}}}}}"#);
    let e = decode_command(Encoding::Json, frame.as_bytes()).expect_err("malformed");
    assert!(
        e.reason.to_string().len() < 400,
        "{}",
        e.reason.to_string().len()
    );
}
