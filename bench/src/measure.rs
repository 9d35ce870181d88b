//! The measurements themselves: 64-byte round trips and bulk transfers
//! through each path to the same TCP echo service, and the relay's memory
//! per idle session.
//!
//! Every path uses the same client stack (tokio, tokio-tungstenite for the
//! WebSocket ones, `TCP_NODELAY` on), so the differences are the paths'.

use crate::client::{self, Client, PATIENCE};
use crate::procs;
use anyhow::{bail, Context as _, Result};
use futures_util::{SinkExt, StreamExt};
use shared::{Op, SocketId, Value};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;

/// A measurement, or why it is missing.
pub type Cell<T> = std::result::Result<T, String>;

/// Size of one round trip's message.
pub const RTT_BYTES: usize = 64;
/// One payload command / one WebSocket message in bulk transfers: the
/// relay's default (and maximum) payload per op.
pub const BULK_CHUNK: usize = 1 << 20;
/// Time one path may spend on its timed round trips, spread evenly over
/// the rounds; a path that needs longer is cut short and says so.
pub const RTT_BUDGET: Duration = Duration::from_secs(30);
/// Time one path may spend warming up.
const WARMUP_BUDGET: Duration = Duration::from_secs(5);
/// Bytes pushed through before a timed bulk transfer, on a fresh connection.
const BULK_WARMUP: usize = 4 << 20;

/// Latency distribution of one path.
#[derive(Clone, Debug)]
pub struct Latency {
    /// Median, µs.
    pub p50: f64,
    /// 99th percentile, µs.
    pub p99: f64,
    /// Mean, µs.
    pub mean: f64,
    /// Round trips timed (fewer than asked if the time budget ran out).
    pub n: usize,
}

impl Latency {
    fn from_ns(mut ns: Vec<u64>) -> Latency {
        ns.sort_unstable();
        let n = ns.len().max(1);
        let at = |q: f64| {
            let i = ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
            ns.get(i).copied().unwrap_or(0) as f64 / 1000.0
        };
        Latency {
            p50: at(0.50),
            p99: at(0.99),
            mean: ns.iter().sum::<u64>() as f64 / n as f64 / 1000.0,
            n: ns.len(),
        }
    }
}

/// Bulk throughput of one path: the median of several transfers.
#[derive(Clone, Debug)]
pub struct Throughput {
    /// Median, MB/s (10^6 bytes of payload per second, counted one way).
    pub mb_s: f64,
    /// Every transfer's MB/s, in run order.
    pub runs: Vec<f64>,
}

impl Throughput {
    /// The median of `runs` (MB/s each).
    pub fn from_runs(runs: Vec<f64>) -> Throughput {
        let mut sorted = runs.clone();
        sorted.sort_by(f64::total_cmp);
        let mb_s = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
        Throughput { mb_s, runs }
    }
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

async fn bounded<T>(what: &str, f: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    tokio::time::timeout(PATIENCE, f)
        .await
        .with_context(|| format!("{what} took longer than {PATIENCE:?}"))?
}

/// A pipe under test: where it listens and what it needs from clients.
#[derive(Clone, Debug)]
pub struct Pipe {
    /// Its listening address.
    pub addr: SocketAddr,
    /// The URL to open.
    pub url: String,
    /// A subprotocol to ask for (websockify wants `binary`).
    pub subprotocol: Option<&'static str>,
}

/// The payload length of the next data message; errors on close.
fn binary_len(
    msg: Option<Result<Message, tokio_tungstenite::tungstenite::Error>>,
) -> Result<usize> {
    match msg {
        Some(Ok(Message::Binary(b))) => Ok(b.len()),
        Some(Ok(Message::Text(t))) => Ok(t.len()),
        Some(Ok(Message::Close(c))) => bail!("the pipe closed the WebSocket: {c:?}"),
        Some(Ok(_)) => Ok(0),
        Some(Err(e)) => Err(e.into()),
        None => bail!("the pipe closed the connection"),
    }
}

// ---- (a) round trips ---------------------------------------------------

/// One path's connection, ready to do 64-byte round trips.
pub enum Probe {
    /// Raw TCP to the echo service.
    Raw(TcpStream),
    /// A WebSocket through a pipe to the echo service.
    Pipe(client::Ws),
    /// The relay: `send(64 B)`, then `recv(64)` until 64 bytes are back,
    /// each command awaited as a page awaits each call.
    Relay(Client, SocketId),
    /// The relay: `send` and `recv(64)` sent together (pipelined).
    RelayPipelined(Client, SocketId),
    /// The relay: one command that moves no data.
    RelayCall(Client, Op),
}

impl Probe {
    /// Raw TCP to `echo`.
    pub async fn raw(echo: SocketAddr) -> Result<Probe> {
        let s = TcpStream::connect(echo).await?;
        s.set_nodelay(true)?;
        Ok(Probe::Raw(s))
    }

    /// Through a WebSocket↔TCP pipe.
    pub async fn pipe(pipe: &Pipe) -> Result<Probe> {
        Ok(Probe::Pipe(
            client::open(pipe.addr, &pipe.url, pipe.subprotocol).await?,
        ))
    }

    /// Through the relay, to its echo service.
    pub async fn relay(relay: SocketAddr, pipelined: bool) -> Result<Probe> {
        let mut c = Client::connect(relay).await?;
        let echo = c.echo_port()?;
        let sock = c.connected(echo).await?;
        Ok(match pipelined {
            true => Probe::RelayPipelined(c, sock),
            false => Probe::Relay(c, sock),
        })
    }

    /// A no-I/O relay command: `getdefaulttimeout()` (answered by the
    /// session task) or, `on_socket`, `gettimeout()` (via the socket's actor).
    pub async fn relay_call(relay: SocketAddr, on_socket: bool) -> Result<Probe> {
        let mut c = Client::connect(relay).await?;
        let op = match on_socket {
            true => {
                let echo = c.echo_port()?;
                let sock = c.connected(echo).await?;
                Op::Gettimeout { sock }
            }
            false => Op::Getdefaulttimeout,
        };
        Ok(Probe::RelayCall(c, op))
    }

    /// The relay client, for its counters.
    pub fn client(&self) -> Option<&Client> {
        match self {
            Probe::Relay(c, _) | Probe::RelayPipelined(c, _) | Probe::RelayCall(c, _) => Some(c),
            _ => None,
        }
    }

    /// One round trip of `msg` (64 bytes).
    async fn once(&mut self, msg: &[u8], back: &mut [u8]) -> Result<()> {
        let len = msg.len();
        match self {
            Probe::Raw(s) => {
                s.write_all(msg).await?;
                s.read_exact(back).await?;
            }
            Probe::Pipe(ws) => {
                ws.send(Message::Binary(msg.to_vec().into())).await?;
                let mut got = 0;
                while got < len {
                    got += binary_len(ws.next().await)?;
                }
            }
            Probe::Relay(c, sock) => {
                c.send_bytes(*sock, msg).await?;
                let mut got = 0;
                while got < len {
                    got += c.recv(*sock, len - got).await?;
                }
            }
            Probe::RelayPipelined(c, sock) => {
                let sock = *sock;
                let ops = vec![
                    Op::Send {
                        sock,
                        data: shared::Payload(msg.to_vec()),
                    },
                    Op::Recv {
                        sock,
                        bufsize: len as i64,
                    },
                ];
                let mut got = 0;
                for id in c.send_batch(ops).await? {
                    if let Value::Bytes(p) = c.result(id).await? {
                        got += p.0.len();
                    }
                }
                while got < len {
                    got += c.recv(sock, len - got).await?;
                }
            }
            Probe::RelayCall(c, op) => {
                c.call(op.clone()).await?;
            }
        }
        Ok(())
    }
}

/// A path's round trips as they are measured.
pub struct RttRun {
    /// The path's name, for errors.
    pub name: String,
    /// Its connection, or why there is none.
    pub probe: Cell<Probe>,
    ns: Vec<u64>,
}

impl RttRun {
    /// A path to measure (or a reason it cannot be).
    pub fn new(name: &str, probe: Cell<Probe>) -> RttRun {
        RttRun {
            name: name.to_string(),
            probe,
            ns: Vec::new(),
        }
    }

    /// The latency measured, or why not.
    pub fn latency(&self) -> Cell<Latency> {
        match &self.probe {
            Ok(_) if self.ns.is_empty() => Err(format!(
                "{}: no round trip completed within the time budget",
                self.name
            )),
            Ok(_) => Ok(Latency::from_ns(self.ns.clone())),
            Err(e) => Err(e.clone()),
        }
    }

    /// Round trips done so far (timed).
    pub fn count(&self) -> usize {
        self.ns.len()
    }

    /// Does up to `n` round trips, for at most `budget`.
    async fn run(&mut self, n: usize, budget: Duration, timed: bool, msg: &[u8], back: &mut [u8]) {
        let Ok(probe) = &mut self.probe else { return };
        let mut spent = Duration::ZERO;
        for _ in 0..n {
            if spent > budget {
                return;
            }
            let t = Instant::now();
            let r = bounded("a round trip", probe.once(msg, back)).await;
            let elapsed = t.elapsed();
            spent += elapsed;
            let took = elapsed.as_nanos() as u64;
            if let Err(e) = r {
                self.probe = Err(format!("{}: {e:#}", self.name));
                return;
            }
            if timed {
                self.ns.push(took);
            }
        }
    }
}

/// Times `n` round trips per path after `warmup` untimed ones, in
/// `rounds` interleaved rounds, so that anything else the machine does
/// while the benchmark runs hits every path alike.
pub async fn round_robin(runs: &mut [RttRun], warmup: usize, n: usize, rounds: usize) {
    let msg = pattern(RTT_BYTES);
    let mut back = vec![0u8; RTT_BYTES];
    for r in runs.iter_mut() {
        r.run(warmup, WARMUP_BUDGET, false, &msg, &mut back).await;
    }
    let rounds = rounds.clamp(1, n.max(1));
    let budget = RTT_BUDGET / rounds as u32;
    for i in 0..rounds {
        let share = n / rounds + usize::from(i < n % rounds);
        for r in runs.iter_mut() {
            r.run(share, budget, true, &msg, &mut back).await;
        }
    }
}

// ---- (b) bulk ------------------------------------------------------------

/// One bulk transfer over a fresh TCP connection: a writer and a reader
/// running at once.
pub async fn bulk_raw(echo: SocketAddr, total: usize) -> Result<Duration> {
    let mut s = TcpStream::connect(echo).await?;
    s.set_nodelay(true)?;
    let chunk = pattern(BULK_CHUNK);
    let transfer = async |s: &mut TcpStream, total: usize| {
        let (mut rd, mut wr) = s.split();
        let write = async {
            let mut sent = 0;
            while sent < total {
                let n = BULK_CHUNK.min(total - sent);
                wr.write_all(&chunk[..n]).await?;
                sent += n;
            }
            anyhow::Ok(())
        };
        let read = async {
            let mut buf = vec![0u8; 256 * 1024];
            let mut got = 0;
            while got < total {
                let n = rd.read(&mut buf).await?;
                if n == 0 {
                    bail!("echo closed after {got} of {total} bytes");
                }
                got += n;
            }
            Ok(())
        };
        tokio::try_join!(write, read)?;
        anyhow::Ok(())
    };
    bounded("raw warm-up", transfer(&mut s, BULK_WARMUP)).await?;
    let t = Instant::now();
    bounded("a raw bulk transfer", transfer(&mut s, total)).await?;
    Ok(t.elapsed())
}

/// One bulk transfer through a pipe, on a fresh WebSocket: 1 MiB binary
/// messages written while the echoed messages are read.
pub async fn bulk_pipe(pipe: &Pipe, total: usize) -> Result<Duration> {
    let ws = client::open(pipe.addr, &pipe.url, pipe.subprotocol).await?;
    let (mut sink, mut stream) = ws.split();
    let chunk = tokio_tungstenite::tungstenite::Bytes::from(pattern(BULK_CHUNK));
    let mut transfer = async |total: usize| {
        let write = async {
            let mut sent = 0;
            while sent < total {
                let n = BULK_CHUNK.min(total - sent);
                sink.send(Message::Binary(chunk.slice(..n))).await?;
                sent += n;
            }
            anyhow::Ok(())
        };
        let read = async {
            let mut got = 0;
            while got < total {
                got += binary_len(stream.next().await)?;
            }
            anyhow::Ok(())
        };
        tokio::try_join!(write, read)?;
        anyhow::Ok(())
    };
    bounded("pipe warm-up", transfer(BULK_WARMUP)).await?;
    let t = Instant::now();
    bounded("a bulk transfer through the pipe", transfer(total)).await?;
    Ok(t.elapsed())
}

/// `sendall` of `total` bytes in [`BULK_CHUNK`] commands, each followed by
/// `recv`s until that chunk is back: the relay runs one socket's commands
/// one at a time and refuses a command while one waits, so this is the
/// fastest order that cannot deadlock.
async fn relay_transfer(c: &mut Client, sock: SocketId, total: usize) -> Result<()> {
    let chunk = pattern(BULK_CHUNK);
    let mut done = 0;
    while done < total {
        let n = BULK_CHUNK.min(total - done);
        c.sendall(sock, chunk[..n].to_vec()).await?;
        c.recv_exactly(sock, n, BULK_CHUNK).await?;
        done += n;
    }
    Ok(())
}

/// One bulk transfer through the relay, in a fresh session; returns the
/// time and the `recv` commands it took.
pub async fn bulk_relay(relay: SocketAddr, total: usize) -> Result<(Duration, u64)> {
    let mut c = Client::connect(relay).await?;
    let echo = c.echo_port()?;
    let sock = c.connected(echo).await?;
    bounded("relay warm-up", relay_transfer(&mut c, sock, BULK_WARMUP)).await?;
    let recvs_before = c.recvs;
    let t = Instant::now();
    tokio::time::timeout(PATIENCE * 3, relay_transfer(&mut c, sock, total))
        .await
        .context("a bulk transfer through the relay took too long")??;
    let took = t.elapsed();
    let recvs = c.recvs - recvs_before;
    c.call(Op::Close { sock }).await?;
    c.close().await;
    Ok((took, recvs))
}

/// MB/s (10^6 bytes per second) of `bytes` in `took`.
pub fn mb_s(bytes: usize, took: Duration) -> f64 {
    bytes as f64 / took.as_secs_f64() / 1e6
}

// ---- memory per idle session -----------------------------------------

/// The relay's resident memory per idle session.
#[derive(Clone, Debug)]
pub struct Memory {
    /// Sessions opened.
    pub sessions: usize,
    /// RSS before them (one warm-up session open), bytes.
    pub baseline: u64,
    /// RSS with every session greeted, bytes.
    pub with_sessions: u64,
    /// RSS with one (unconnected) TCP socket created in each, bytes.
    pub with_sockets: u64,
}

impl Memory {
    /// Bytes per session, WebSocket and hello only.
    pub fn per_session(&self) -> f64 {
        self.with_sessions.saturating_sub(self.baseline) as f64 / self.sessions.max(1) as f64
    }

    /// Bytes per session with one socket each.
    pub fn per_session_with_socket(&self) -> f64 {
        self.with_sockets.saturating_sub(self.baseline) as f64 / self.sessions.max(1) as f64
    }
}

/// Opens `sessions` idle sessions on a fresh relay process and reads its RSS.
pub async fn memory(relay: &procs::RelayProc, sessions: usize) -> Result<Memory> {
    let pid = relay.proc.pid();
    // One session first, so lazily built state (tokio's timer wheel, the
    // hello's service list, allocator arenas) is in the baseline.
    let mut warm = Client::connect(relay.addr).await?;
    let s = warm.tcp_socket().await?;
    warm.call(Op::Close { sock: s }).await?;
    let baseline = procs::settled_rss(pid, Duration::from_secs(3))?;
    let mut clients = Vec::with_capacity(sessions);
    for i in 0..sessions {
        let c = Client::connect(relay.addr)
            .await
            .with_context(|| format!("opening session {} of {sessions}", i + 1))?;
        clients.push(c);
    }
    let with_sessions = procs::settled_rss(pid, Duration::from_secs(3))?;
    for c in &mut clients {
        match c
            .call(Op::Socket {
                family: shared::Family::Inet,
                kind: shared::SockType::Stream,
            })
            .await?
        {
            Value::Socket(_) => {}
            other => bail!("socket() returned {other:?}"),
        }
    }
    let with_sockets = procs::settled_rss(pid, Duration::from_secs(3))?;
    for c in clients {
        c.close().await;
    }
    warm.close().await;
    Ok(Memory {
        sessions,
        baseline,
        with_sessions,
        with_sockets,
    })
}
