//! Test harness: a real relay on port 0 and a typed WebSocket client.
//!
//! Nothing here is mocked: the relay is the library's `Relay`, the client
//! speaks the real protocol over a real WebSocket, and the sockets are real.
#![allow(dead_code)] // each test binary uses a different part of the harness

use futures_util::{SinkExt, StreamExt};
use relay::{Config, Relay};
use shared::codec::{decode_event, encode_command};
use shared::*;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long any single expected event may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A relay running in this process.
pub struct Harness {
    pub addr: SocketAddr,
    pub services: Vec<ServiceInfo>,
    pub metrics: std::sync::Arc<relay::metrics::Metrics>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), relay::RelayError>>>,
}

impl Harness {
    pub async fn start() -> Harness {
        Self::start_with(Config::for_tests()).await
    }

    pub async fn start_with(config: Config) -> Harness {
        let relay = Relay::bind(config).await.expect("relay binds");
        let addr = relay.local_addr();
        let services = relay.services().to_vec();
        let metrics = relay.metrics();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(relay.run(async move {
            let _ = stopped.await;
        }));
        Harness {
            addr,
            services,
            metrics,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// The port of a relay service.
    pub fn port(&self, name: &str, proto: ServiceProto) -> u16 {
        self.services
            .iter()
            .find(|s| s.name == name && s.proto == proto)
            .unwrap_or_else(|| panic!("service {name} {proto:?} missing"))
            .port
    }

    pub fn echo(&self) -> u16 {
        self.port("echo", ServiceProto::Tcp)
    }

    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    pub async fn client(&self) -> Client {
        Client::connect(&self.ws_url(), Encoding::MessagePack).await
    }

    pub async fn json_client(&self) -> Client {
        Client::connect(&self.ws_url(), Encoding::Json).await
    }

    /// Stops the relay as SIGTERM would and waits for `run` to return.
    pub async fn stop(mut self) -> Result<(), relay::RelayError> {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let task = self.task.take().expect("running");
        tokio::time::timeout(PATIENCE, task)
            .await
            .expect("relay stops in time")
            .expect("relay task joins")
    }
}

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A protocol client that remembers every event it has seen.
pub struct Client {
    pub ws: Ws,
    pub encoding: Encoding,
    pub next_id: u64,
    pub hello: Hello,
    /// Events received but not yet consumed by a wait.
    pub backlog: Vec<Event>,
    /// Every sequenced event's seq, in arrival order.
    pub seen: Vec<u64>,
}

impl Client {
    pub async fn connect(url: &str, encoding: Encoding) -> Client {
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("ws connects");
        Self::greet(ws, encoding, None).await
    }

    /// Says hello (optionally resuming) and returns the greeted client.
    pub async fn greet(ws: Ws, encoding: Encoding, resume: Option<command::Resume>) -> Client {
        match Self::hello(ws, encoding, resume).await {
            Ok(c) => c,
            Err(r) => panic!("expected hello, got a refusal: {r:?}"),
        }
    }

    /// Says hello; the greeted client, or the relay's refusal.
    pub async fn greet_or_refused(ws: Ws, encoding: Encoding) -> Result<Client, Rejection> {
        Self::hello(ws, encoding, None).await
    }

    async fn hello(
        mut ws: Ws,
        encoding: Encoding,
        resume: Option<command::Resume>,
    ) -> Result<Client, Rejection> {
        send_raw(
            &mut ws,
            encoding,
            &Command {
                seen: None,
                origin: None,
                id: 0,
                op: Op::Hello {
                    version: PROTOCOL_VERSION,
                    resume,
                },
            },
        )
        .await;
        let ev = recv_raw(&mut ws, encoding).await.expect("hello answer");
        let hello = match ev.body {
            Body::Hello(hello) => hello,
            Body::Rejected { reason, .. } => return Err(reason),
            other => panic!("expected hello, got {other:?}"),
        };
        assert_eq!(ev.seq, 0, "hello is connection-level");
        Ok(Client {
            ws,
            encoding,
            next_id: 1,
            hello,
            backlog: Vec::new(),
            seen: Vec::new(),
        })
    }

    pub async fn send(&mut self, op: Op) -> u64 {
        self.send_from(op, None).await
    }

    /// Sends `op` as Python code's line `origin` made it.
    pub async fn send_from(&mut self, op: Op, origin: Option<&str>) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let seen = self.seen.iter().copied().max();
        send_raw(
            &mut self.ws,
            self.encoding,
            &Command {
                id,
                op,
                seen,
                origin: origin.map(str::to_string),
            },
        )
        .await;
        id
    }

    /// The next event from the wire (not the backlog).
    pub async fn read(&mut self) -> Event {
        let ev = recv_raw(&mut self.ws, self.encoding)
            .await
            .expect("an event");
        if ev.seq != 0 {
            self.seen.push(ev.seq);
        }
        ev
    }

    /// Waits for the first event (backlog first) matching `pred`.
    pub async fn wait_for(&mut self, what: &str, mut pred: impl FnMut(&Event) -> bool) -> Event {
        if let Some(i) = self.backlog.iter().position(&mut pred) {
            return self.backlog.remove(i);
        }
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let ev = tokio::time::timeout_at(deadline, self.read())
                .await
                .unwrap_or_else(|_| {
                    panic!("timed out waiting for {what}; backlog: {:?}", self.backlog)
                });
            if pred(&ev) {
                return ev;
            }
            self.backlog.push(ev);
        }
    }

    pub async fn result(&mut self, id: u64) -> OpResult {
        let ev = self
            .wait_for(&format!("result {id}"), |e| {
                matches!(&e.body, Body::Result(r) if r.id == id)
                    || matches!(&e.body, Body::Rejected { id: Some(i), .. } if *i == id)
            })
            .await;
        match ev.body {
            Body::Result(r) => r,
            other => panic!("command {id} was rejected: {other:?}"),
        }
    }

    pub async fn rejection(&mut self, id: u64) -> Rejection {
        let ev = self
            .wait_for(&format!("rejection {id}"), |e| {
                matches!(&e.body, Body::Rejected { id: Some(i), .. } if *i == id)
                    || matches!(&e.body, Body::Result(r) if r.id == id)
            })
            .await;
        match ev.body {
            Body::Rejected { reason, .. } => reason,
            other => panic!("command {id} was not rejected: {other:?}"),
        }
    }

    /// Sends `op` and waits for its answer: its result, or its rejection.
    pub async fn answer(&mut self, op: Op) -> Result<OpResult, Rejection> {
        let id = self.send(op).await;
        let ev = self
            .wait_for(&format!("answer {id}"), |e| {
                matches!(&e.body, Body::Result(r) if r.id == id)
                    || matches!(&e.body, Body::Rejected { id: Some(i), .. } if *i == id)
            })
            .await;
        match ev.body {
            Body::Result(r) => Ok(r),
            Body::Rejected { reason, .. } => Err(reason),
            other => panic!("command {id}: unexpected {other:?}"),
        }
    }

    pub async fn call(&mut self, op: Op) -> OpResult {
        let id = self.send(op).await;
        self.result(id).await
    }

    /// Calls and expects a Python value.
    pub async fn ok(&mut self, op: Op) -> Value {
        let desc = format!("{op:?}");
        let r = self.call(op).await;
        match r.outcome {
            Outcome::Ok(v) => v,
            other => panic!("{desc} failed: {other:?}"),
        }
    }

    /// Calls and expects a Python exception.
    pub async fn err(&mut self, op: Op) -> PyError {
        let desc = format!("{op:?}");
        let r = self.call(op).await;
        match r.outcome {
            Outcome::Err(e) => e,
            other => panic!("{desc} should have raised: {other:?}"),
        }
    }

    pub async fn socket(&mut self, family: Family, kind: SockType) -> SocketId {
        match self.ok(Op::Socket { family, kind }).await {
            Value::Socket(s) => s.id,
            other => panic!("socket() returned {other:?}"),
        }
    }

    pub async fn tcp(&mut self) -> SocketId {
        self.socket(Family::Inet, SockType::Stream).await
    }

    /// A TCP socket connected to `port` on 127.0.0.1.
    pub async fn connected(&mut self, port: u16) -> SocketId {
        let s = self.tcp().await;
        self.ok(Op::Connect {
            sock: s,
            addr: Address::new("127.0.0.1", port.into()),
        })
        .await;
        s
    }

    pub async fn sendall(&mut self, sock: SocketId, data: &[u8]) {
        self.ok(Op::Sendall {
            sock,
            data: Payload(data.to_vec()),
        })
        .await;
    }

    pub async fn recv(&mut self, sock: SocketId, bufsize: i64) -> Vec<u8> {
        match self.ok(Op::Recv { sock, bufsize }).await {
            Value::Bytes(p) => p.0,
            other => panic!("recv returned {other:?}"),
        }
    }

    /// Receives until `n` bytes have arrived (the reassembly loop, C17).
    pub async fn recv_exactly(&mut self, sock: SocketId, n: usize) -> Vec<u8> {
        let mut chunks: Vec<Vec<u8>> = Vec::new();
        let mut got = 0;
        while got < n {
            let chunk = self.recv(sock, (n - got) as i64).await;
            assert!(!chunk.is_empty(), "EOF after {got} of {n} bytes");
            got += chunk.len();
            chunks.push(chunk);
        }
        chunks.concat()
    }

    /// Binds `sock` to a kernel-chosen port on 127.0.0.1, listens, and
    /// returns the port.
    pub async fn listen_on(&mut self, sock: SocketId, backlog: Option<i32>) -> u16 {
        self.ok(Op::Bind {
            sock,
            addr: Address::new("127.0.0.1", 0),
        })
        .await;
        self.ok(Op::Listen { sock, backlog }).await;
        match self.ok(Op::Getsockname { sock }).await {
            Value::Addr(a) => a.port,
            other => panic!("getsockname returned {other:?}"),
        }
    }

    /// A connected pair of our own sockets with small buffers, whose
    /// accepted side never reads unless the test does: `(listener, client,
    /// accepted)`. Sends from the client soon have to wait.
    pub async fn stalled_pair(&mut self) -> (SocketId, SocketId, SocketId) {
        let srv = self.tcp().await;
        self.ok(Op::Setsockopt {
            sock: srv,
            option: SockOpt::RcvBuf,
            value: OptValue::Int(4096),
        })
        .await;
        let port = self.listen_on(srv, None).await;
        let cli = self.tcp().await;
        self.ok(Op::Setsockopt {
            sock: cli,
            option: SockOpt::SndBuf,
            value: OptValue::Int(4096),
        })
        .await;
        self.ok(Op::Connect {
            sock: cli,
            addr: Address::new("127.0.0.1", port.into()),
        })
        .await;
        let conn = self.accept(srv).await;
        (srv, cli, conn)
    }

    /// Reconnects to the relay and resumes the session of `token`.
    pub async fn resume(url: &str, token: String, last_seq: u64) -> Client {
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("reconnect");
        Self::greet(
            ws,
            Encoding::MessagePack,
            Some(command::Resume { token, last_seq }),
        )
        .await
    }

    /// `conn, addr = sock.accept()`, returning the new socket.
    pub async fn accept(&mut self, sock: SocketId) -> SocketId {
        match self.ok(Op::Accept { sock }).await {
            Value::Accepted { socket, .. } => socket.id,
            other => panic!("accept returned {other:?}"),
        }
    }

    pub async fn close(&mut self, sock: SocketId) {
        self.ok(Op::Close { sock }).await;
    }
}

pub async fn send_raw(ws: &mut Ws, encoding: Encoding, cmd: &Command) {
    let bytes = encode_command(encoding, cmd).expect("encodes");
    let msg = match encoding {
        Encoding::Json => Message::Text(String::from_utf8(bytes).expect("utf8").into()),
        Encoding::MessagePack => Message::Binary(bytes.into()),
    };
    ws.send(msg).await.expect("ws send");
}

/// The next event, or `None` when the connection closed.
pub async fn recv_raw(ws: &mut Ws, encoding: Encoding) -> Option<Event> {
    loop {
        let msg = tokio::time::timeout(PATIENCE, ws.next())
            .await
            .expect("an event in time")?;
        let msg = msg.ok()?;
        let bytes: Vec<u8> = match msg {
            Message::Text(t) => t.as_bytes().to_vec(),
            Message::Binary(b) => b.to_vec(),
            Message::Close(_) => return None,
            _ => continue,
        };
        return Some(decode_event(encoding, &bytes).expect("event decodes"));
    }
}

/// Sends `hello` as JSON on a raw connection and returns the first answer.
pub async fn raw_hello(ws: &mut Ws, version: u32, resume: Option<command::Resume>) -> Event {
    let cmd = Command::new(1, Op::Hello { version, resume });
    send_raw(ws, Encoding::Json, &cmd).await;
    recv_raw(ws, Encoding::Json)
        .await
        .expect("an answer to hello")
}

/// The connection still answers a real op (after bad input, a resume, …).
pub async fn still_works(c: &mut Client) {
    let v = c.ok(Op::Getdefaulttimeout).await;
    assert_eq!(v, Value::None);
}

/// The value's bytes.
pub fn bytes(v: &Value) -> &[u8] {
    match v {
        Value::Bytes(p) => &p.0,
        other => panic!("expected bytes, got {other:?}"),
    }
}

/// The number of `send` syscalls in a trace.
pub fn count_calls(trace: &Trace, call: &str) -> usize {
    trace
        .steps
        .iter()
        .filter(|s| matches!(s, TraceStep::Syscall { call: c, .. } if c == call))
        .count()
}
