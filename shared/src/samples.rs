//! Samples of every command and every event kind, for round-trip tests of
//! anything that encodes or decodes the protocol (the relay's codec, the
//! page's own event decoder). A new `Op` or `Body` variant belongs here too,
//! so every decoder is tested against it.

use crate::command::Resume;
use crate::event::AddrInfoEntry;
use crate::trace::{Interest, WaitEnd};
use crate::*;

/// A socket snapshot with every optional field set.
pub fn sample_snapshot() -> SocketSnapshot {
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

/// One command of every op, with arguments that exercise each field.
pub fn every_op() -> Vec<Op> {
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
        Op::CreateRoom {
            name: "Sockets 101".into(),
            teacher: "Ms Hopper".into(),
            teacher_key: Some("key".into()),
        },
        Op::CreateRoom {
            name: String::new(),
            teacher: String::new(),
            teacher_key: None,
        },
        Op::JoinRoom {
            code: "k7p3qx".into(),
            name: "Ada".into(),
            teacher_key: None,
        },
        Op::LeaveRoom,
        Op::RoomControl(crate::room::RoomControl::Pause { paused: true }),
        Op::RoomControl(crate::room::RoomControl::Task { text: "go".into() }),
        Op::RoomControl(crate::room::RoomControl::Remove { member: 3 }),
        Op::RoomControl(crate::room::RoomControl::Reset { member: 2 }),
        Op::RoomControl(crate::room::RoomControl::Spotlight { member: Some(2) }),
        Op::RoomControl(crate::room::RoomControl::Spotlight { member: None }),
        Op::RoomControl(crate::room::RoomControl::Close),
    ]
}

/// One event of every kind (and of every value, outcome, rejection and
/// trace step a result can carry).
pub fn every_body() -> Vec<Body> {
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
        Rejection::Room {
            detail: "no room K7P-3QX".into(),
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
                bytes_per_second: 8_388_608,
                room_bytes_per_second: 33_554_432,
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
            relay_id: Some("K".into()),
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
            peer: addr.clone(),
            what: Activity::Closed {
                received: 5,
                sent: 5,
                reset: false,
            },
        }),
        Body::Service(ServiceActivity {
            service: "echo".into(),
            conn: 2,
            peer: addr.clone(),
            what: Activity::Opened,
        }),
        Body::Service(ServiceActivity {
            service: "echo".into(),
            conn: 2,
            peer: addr.clone(),
            what: Activity::Received { bytes: 11 },
        }),
        Body::Service(ServiceActivity {
            service: "echo".into(),
            conn: 2,
            peer: addr.clone(),
            what: Activity::Sent { bytes: 11 },
        }),
        Body::Gap { from: 3, to: 9 },
        Body::Sockets {
            sockets: vec![
                KnownSocket {
                    socket: sample_snapshot(),
                    accepted_from: None,
                },
                KnownSocket {
                    socket: SocketSnapshot {
                        id: SocketId(2),
                        ..sample_snapshot()
                    },
                    accepted_from: Some(SocketId(1)),
                },
            ],
        },
        Body::Sockets { sockets: vec![] },
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
        Body::Room(sample_room()),
        Body::Room(crate::room::RoomView {
            task: None,
            members: vec![],
            listeners: vec![],
            spotlight: None,
            ..sample_room()
        }),
        Body::RoomActivity {
            events: vec![
                crate::room::RoomEvent {
                    n: 1,
                    at_ms: 1200,
                    member: 2,
                    peer: Some(1),
                    addr: Some(SockAddr {
                        ip: "127.0.0.1".into(),
                        port: 20001,
                    }),
                    what: "Ada connected to Ms Hopper's 127.0.0.1:20001".into(),
                    kind: crate::room::RoomEventKind::Connect,
                },
                crate::room::RoomEvent {
                    n: 2,
                    at_ms: 1300,
                    member: 1,
                    peer: None,
                    addr: None,
                    what: "Ms Hopper listens on 127.0.0.1:20001".into(),
                    kind: crate::room::RoomEventKind::Listen,
                },
                crate::room::RoomEvent {
                    n: 3,
                    at_ms: 1400,
                    member: 1,
                    peer: Some(2),
                    addr: None,
                    what: "Ms Hopper reset Ada's session: 1 socket closed".into(),
                    kind: crate::room::RoomEventKind::Reset,
                },
                crate::room::RoomEvent {
                    n: 4,
                    at_ms: 1500,
                    member: 1,
                    peer: None,
                    addr: None,
                    what: "something new".into(),
                    kind: crate::room::RoomEventKind::Other,
                },
            ],
        },
        Body::RoomActivity { events: vec![] },
        Body::RoomSpotlight {
            member: 2,
            calls: vec![
                crate::room::SpotlightCall {
                    n: 7,
                    at_ms: 5120,
                    sock: Some(SocketId(1)),
                    op: "connect".into(),
                    line: "s1.connect(('127.0.0.1', 20001))".into(),
                    result: String::new(),
                    end: crate::room::CallEnd::Ok,
                },
                crate::room::SpotlightCall {
                    n: 8,
                    at_ms: 5200,
                    sock: Some(SocketId(1)),
                    op: "recv".into(),
                    line: "s1.recv(1024)".into(),
                    result: "ConnectionResetError: [Errno 104] Connection reset by peer".into(),
                    end: crate::room::CallEnd::Error,
                },
                crate::room::SpotlightCall {
                    n: 9,
                    at_ms: 5300,
                    sock: None,
                    op: "socket".into(),
                    line: "socket.socket(socket.AF_INET, socket.SOCK_STREAM)".into(),
                    result: "refused: the teacher paused room K7P-3QX".into(),
                    end: crate::room::CallEnd::Refused,
                },
                crate::room::SpotlightCall {
                    n: 10,
                    at_ms: 5400,
                    sock: Some(SocketId(2)),
                    op: "accept".into(),
                    line: "conn, addr = s2.accept()".into(),
                    result: "cancelled: socket closed".into(),
                    end: crate::room::CallEnd::Cancelled,
                },
            ],
        },
        Body::RoomSpotlight {
            member: 3,
            calls: vec![],
        },
        Body::RoomReset {
            sockets: vec![SocketId(1), SocketId(4)],
            reason: "the teacher reset your session: your 2 sockets were closed".into(),
        },
        Body::RoomReset {
            sockets: vec![],
            reason: "the teacher reset your session: you had no sockets open".into(),
        },
        Body::RoomLeft {
            reason: "removed by the teacher".into(),
        },
        Body::Closing {
            reason: "relay stopping".into(),
        },
    ]);
    bodies
}

/// A room with a teacher, a student with a listening socket, a task.
pub fn sample_room() -> crate::room::RoomView {
    use crate::room::{RoomListener, RoomMember, RoomView};
    RoomView {
        code: "K7P-3QX".into(),
        name: "Sockets 101".into(),
        you: 2,
        members: vec![
            RoomMember {
                id: 1,
                name: "Ms Hopper".into(),
                teacher: true,
                sockets: 1,
                ops: 12,
                last_op: Some("accept".into()),
                last_error: None,
                bytes_sent: 0,
                bytes_received: 14,
            },
            RoomMember {
                id: 2,
                name: "Ada".into(),
                teacher: false,
                sockets: 0,
                ops: 3,
                last_op: None,
                last_error: Some("ConnectionRefusedError: [Errno 111] Connection refused".into()),
                bytes_sent: 5_000_000_000,
                bytes_received: 0,
            },
        ],
        paused: true,
        task: Some("connect to 127.0.0.1:20001 and send your name".into()),
        listeners: vec![RoomListener {
            member: 1,
            addr: SockAddr {
                ip: "127.0.0.1".into(),
                port: 20001,
            },
            kind: SockType::Stream,
        }],
        spotlight: Some(2),
    }
}
