//! Fixtures for the library's unit tests: a relay's hello, a socket
//! snapshot, and a [`Session`] that feeds the model what a relay sends, so
//! the model, the timeline and the presets are tested against the same
//! relay-shaped events.

use crate::state::{Action, State};
use shared::{
    Body, Command, Event, Family, Hello, Limits, Op, OpResult, Outcome, Profile, ServiceInfo,
    ServiceProto, SockAddr, SockType, SocketId, SocketSnapshot, Trace, Value,
};

/// The relay's default limits.
pub fn limits() -> Limits {
    Limits {
        max_sockets: 16,
        max_payload: 1 << 20,
        max_message: 1 << 21,
        ops_per_second: 100,
        ops_burst: 200,
        bytes_per_second: 8 * 1024 * 1024,
        room_bytes_per_second: 32 * 1024 * 1024,
        max_buffered_bytes: 1 << 22,
        grace_secs: 30,
        idle_secs: 600,
        bind_port_min: 1024,
        bind_port_max: 65535,
    }
}

/// A relay service on 127.0.0.1.
pub fn service(name: &str, proto: ServiceProto, port: u16) -> ServiceInfo {
    ServiceInfo {
        name: name.into(),
        proto,
        host: "127.0.0.1".into(),
        port,
        description: format!("{name} service"),
    }
}

/// A fresh session's hello announcing `services`.
pub fn hello(services: Vec<ServiceInfo>) -> Hello {
    Hello {
        version: shared::PROTOCOL_VERSION,
        relay: "test".into(),
        session: "abc".into(),
        resume_token: "secret".into(),
        resumed: false,
        profile: Profile::Local,
        limits: limits(),
        services,
        relay_id: None,
    }
}

/// `127.0.0.1:port`.
pub fn addr(port: u16) -> SockAddr {
    SockAddr {
        ip: "127.0.0.1".into(),
        port,
    }
}

/// A fresh TCP/IPv4 socket `s{id}` (descriptor 5 + id), nothing bound.
pub fn snap(id: u32) -> SocketSnapshot {
    SocketSnapshot {
        id: SocketId(id),
        fd: 5 + id as i32,
        family: Family::Inet,
        kind: SockType::Stream,
        local: None,
        peer: None,
        timeout: None,
        tcp_state: None,
        recv_queue: None,
        send_queue: None,
        accept_queue: None,
        closed: false,
    }
}

/// A model fed event by event, numbered as a relay numbers them (the hello
/// unsequenced, then from 1).
pub struct Session {
    /// The model.
    pub state: State,
    seq: u64,
}

impl Session {
    /// A session whose relay announced the TCP echo service on port 7000.
    pub fn new() -> Session {
        Session::with(hello(vec![service("echo", ServiceProto::Tcp, 7000)]))
    }

    /// A session greeted with `hello`.
    pub fn with(hello: Hello) -> Session {
        let mut state = State::default();
        state.apply(Action::Received {
            event: Box::new(Event {
                seq: 0,
                body: Body::Hello(hello),
            }),
            at_ms: 0.0,
        });
        Session { state, seq: 0 }
    }

    /// The relay's next event.
    pub fn event(&mut self, body: Body) {
        self.seq += 1;
        self.state.apply(Action::Received {
            event: Box::new(Event {
                seq: self.seq,
                body,
            }),
            at_ms: 0.0,
        });
    }

    /// The page sends `op` as command `id`.
    pub fn send(&mut self, id: u64, op: Op) {
        self.state.apply(Action::Sent {
            command: Command::new(id, op),
            at_ms: 0.0,
        });
    }

    /// The relay answers command `id`.
    pub fn finish(
        &mut self,
        id: u64,
        op: &str,
        sock: Option<SocketId>,
        outcome: Outcome,
        after: Option<SocketSnapshot>,
    ) {
        self.event(Body::Result(OpResult {
            id,
            op: op.into(),
            sock,
            outcome,
            trace: Trace::default(),
            socket: after,
            elapsed_us: 1,
        }));
    }

    /// Sends `op` as command `id` and answers it; the result names the
    /// socket as the relay does (`socket()`'s names the new one).
    pub fn call(&mut self, id: u64, op: Op, outcome: Outcome, after: Option<SocketSnapshot>) {
        let name = op.name().to_string();
        let sock = match &outcome {
            Outcome::Ok(Value::Socket(s)) => Some(s.id),
            _ => op.socket(),
        };
        self.send(id, op);
        self.finish(id, &name, sock, outcome, after);
    }

    /// Sends a `gethostname()` as command `id` and answers it: a call that
    /// finishes without touching any socket, for tests about ordering.
    pub fn quick_call(&mut self, id: u64) {
        self.call(
            id,
            Op::Gethostname,
            Outcome::Ok(Value::Str("h".into())),
            None,
        );
    }
}
