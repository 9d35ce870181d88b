//! Benchmark 1, fairness: one room (a teacher, a victim, a flooder) on a
//! relay with its default limits. The victim times its ops at a steady
//! pace while the flooder, another member of the same room, does nothing
//! (the baseline), floods cheap ops, or floods the largest payloads.
//!
//! - victim: every `period`, one 64-byte echo exchange (`send`, then
//!   `recv` until the 64 bytes are back) with the relay's TCP echo
//!   service, then one `getsockname()` on that socket; each timed. Its pace
//!   stays below the relay's per-session op rate, so it is never refused.
//! - ops flood: `getsockname()` on one socket, `window` commands in flight
//!   at all times (a new one as soon as one is answered), for the whole
//!   phase: as fast as this client and the relay go. The relay's token
//!   bucket refuses what is above the session's rate; refusals are counted.
//! - bytes flood: `sendall` of the largest payload the relay accepts
//!   (its `max_payload`, from the hello), one in flight on each of
//!   `sockets` fresh connections to the relay's `discard` service, again as
//!   fast as they are answered.
//!
//! The phases run in rounds (none, ops, bytes, none, ops, bytes, …) so that
//! whatever else the machine does hits all three alike. The victim and the
//! flooder each run on their own thread with their own event loop.

use crate::echo::EchoServer;
use crate::member::{answer_of, Answer, Member};
use crate::procs;
use crate::stats::{self, Summary};
use crate::worker::{Role, Worker};
use anyhow::{bail, Result};
use shared::{Op, Payload, SocketId};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// The three phases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flood {
    /// The flooder is in the room but idle: the baseline.
    None,
    /// As many `getsockname()` as it can.
    Ops,
    /// As many max-size `sendall` as it can.
    Bytes,
}

impl Flood {
    /// In report order.
    pub const ALL: [Flood; 3] = [Flood::None, Flood::Ops, Flood::Bytes];

    fn index(self) -> usize {
        match self {
            Flood::None => 0,
            Flood::Ops => 1,
            Flood::Bytes => 2,
        }
    }
}

/// The fairness bench's parameters.
#[derive(Clone, Debug)]
pub struct Config {
    /// Length of one phase.
    pub phase: Duration,
    /// Rounds of the three phases.
    pub rounds: usize,
    /// The victim's pace: one echo exchange and one `getsockname` per period.
    pub period: Duration,
    /// The victim starts timing this long after the flood started.
    pub settle: Duration,
    /// Ops the ops flooder keeps in flight.
    pub window: usize,
    /// Connections the bytes flooder keeps a `sendall` in flight on.
    pub sockets: usize,
    /// Extra flags for the relay (`--relay-arg`).
    pub relay_args: Vec<String>,
}

/// The victim's samples in one kind of phase (all rounds).
#[derive(Clone, Debug, Default)]
pub struct VictimSamples {
    /// Echo exchanges, ns.
    pub echo: Vec<u64>,
    /// Their `send` parts, ns.
    pub echo_send: Vec<u64>,
    /// `recv`s that had to wait in the relay (`Pending`).
    pub pendings: u64,
    /// `getsockname()`, ns.
    pub gsn: Vec<u64>,
    /// Control: 64 B round trips over plain TCP to the relay's echo
    /// service (no WebSocket, no session), ns.
    pub raw_relay: Vec<u64>,
    /// Control: the same to an echo server in this bench, ns.
    pub raw_own: Vec<u64>,
    /// Ops refused by the relay.
    pub refused: u64,
    /// Ops that raised.
    pub raised: u64,
}

impl VictimSamples {
    fn count(&mut self, a: &Answer) {
        match a {
            Answer::Ok(_) => {}
            Answer::Raised(_) => self.raised += 1,
            Answer::Refused(_) => self.refused += 1,
        }
    }

    fn extend(&mut self, o: VictimSamples) {
        self.echo.extend(o.echo);
        self.echo_send.extend(o.echo_send);
        self.pendings += o.pendings;
        self.gsn.extend(o.gsn);
        self.raw_relay.extend(o.raw_relay);
        self.raw_own.extend(o.raw_own);
        self.refused += o.refused;
        self.raised += o.raised;
    }
}

/// What the flooder did in one kind of phase (all rounds).
#[derive(Clone, Debug, Default)]
pub struct FloodStats {
    /// Commands sent.
    pub sent: u64,
    /// Commands the relay ran (a result, not a refusal).
    pub ok: u64,
    /// Refused by the op rate limit.
    pub rate_limited: u64,
    /// Other refusals, by kind.
    pub other_refused: BTreeMap<String, u64>,
    /// Results that raised (a socket error).
    pub raised: u64,
    /// Payload bytes of the commands the relay ran.
    pub bytes_ok: u64,
    /// Payload bytes of every command sent.
    pub bytes_sent: u64,
    /// Time flooding.
    pub secs: f64,
    /// CPU time of the flooder's thread in this process.
    pub cpu: Duration,
}

impl FloodStats {
    fn count(&mut self, a: Answer, bytes: u64) {
        match a {
            Answer::Ok(_) => {
                self.ok += 1;
                self.bytes_ok += bytes;
            }
            Answer::Raised(_) => self.raised += 1,
            a if a.rate_limited() => self.rate_limited += 1,
            Answer::Refused(r) => {
                let kind = match &r {
                    shared::Rejection::Limit { limit, .. } => limit.clone(),
                    other => format!("{other:?}")
                        .split([' ', '{', '('])
                        .next()
                        .unwrap_or("other")
                        .to_string(),
                };
                *self.other_refused.entry(kind).or_default() += 1;
            }
        }
    }

    fn extend(&mut self, o: FloodStats) {
        self.sent += o.sent;
        self.ok += o.ok;
        self.rate_limited += o.rate_limited;
        for (k, v) in o.other_refused {
            *self.other_refused.entry(k).or_default() += v;
        }
        self.raised += o.raised;
        self.bytes_ok += o.bytes_ok;
        self.bytes_sent += o.bytes_sent;
        self.secs += o.secs;
        self.cpu += o.cpu;
    }
}

/// One kind of phase, summed over the rounds.
#[derive(Clone, Debug, Default)]
pub struct PhaseTotals {
    /// The victim's samples.
    pub victim: VictimSamples,
    /// The flooder's counts.
    pub flooder: FloodStats,
    /// The relay process's CPU time during these phases.
    pub relay_cpu: Duration,
    /// Time the relay's threads were runnable but waited for a CPU.
    pub relay_wait: Duration,
    /// Their wall-clock time.
    pub wall: Duration,
}

impl PhaseTotals {
    /// The victim's echo exchanges.
    pub fn echo(&self) -> Summary {
        Summary::of(&self.victim.echo)
    }

    /// The `send` parts of the victim's echo exchanges.
    pub fn echo_send(&self) -> Summary {
        Summary::of(&self.victim.echo_send)
    }

    /// The victim's `getsockname()`.
    pub fn gsn(&self) -> Summary {
        Summary::of(&self.victim.gsn)
    }

    /// Control: raw TCP to the relay's echo service.
    pub fn raw_relay(&self) -> Summary {
        Summary::of(&self.victim.raw_relay)
    }

    /// Control: raw TCP to this bench's echo server.
    pub fn raw_own(&self) -> Summary {
        Summary::of(&self.victim.raw_own)
    }

    /// How long the relay waited for a CPU, % of the phases' time.
    pub fn relay_wait_pct(&self) -> f64 {
        100.0 * self.relay_wait.as_secs_f64() / self.wall.as_secs_f64().max(1e-9)
    }

    /// The relay's CPU use, % of one core.
    pub fn relay_cpu_pct(&self) -> f64 {
        100.0 * self.relay_cpu.as_secs_f64() / self.wall.as_secs_f64().max(1e-9)
    }
}

/// The fairness bench's results.
#[derive(Clone, Debug)]
pub struct Fairness {
    /// By [`Flood::ALL`] order.
    pub phases: [PhaseTotals; 3],
    /// The parameters.
    pub config: Config,
    /// The relay's limits, from its hello: ops per second, burst, payload.
    pub limits: shared::Limits,
    /// The relay's RSS at the end, and its peak (`VmHWM`).
    pub rss: (u64, u64),
}

/// Runs it on a fresh relay with its default limits.
pub async fn run(relay_bin: &Path, cfg: &Config) -> Result<Fairness> {
    let extra: Vec<&str> = cfg.relay_args.iter().map(String::as_str).collect();
    let relay = procs::start_relay(relay_bin, &extra)?;
    let pid = relay.proc.pid();
    let ticks = stats::clock_ticks();
    let mut teacher = Member::connect(relay.addr).await?;
    let limits = teacher.hello.limits.clone();
    let code = teacher.create_room("Fairness").await?;
    let echo = teacher.service_port("echo")?;
    let discard = teacher.service_port("discard")?;
    println!(
        "fairness: room {code} on ws://{}/ws (relay limits: {} ops/s per session, bursts of {}, {} B per op)",
        relay.addr, limits.ops_per_second, limits.ops_burst, limits.max_payload
    );
    let own_echo = EchoServer::start()?;
    let victim = Worker::start(
        "victim",
        relay.addr,
        &code,
        "Victim",
        Victim {
            period: cfg.period,
            echo,
            sock: None,
            controls: [SocketAddr::from((Ipv4Addr::LOCALHOST, echo)), own_echo.addr],
            raw: Vec::new(),
        },
    )
    .await?;
    let flooder = Worker::start(
        "flooder",
        relay.addr,
        &code,
        "Flooder",
        Flooder {
            window: cfg.window.max(1),
            sockets: cfg.sockets.max(1),
            discard,
            payload: Payload(crate::pattern(limits.max_payload as usize)),
            ops_sock: None,
            bytes_socks: Vec::new(),
            ticks,
        },
    )
    .await?;

    let phases = async {
        let mut totals: [PhaseTotals; 3] = Default::default();
        let limit = cfg.phase + Duration::from_secs(60);
        for round in 1..=cfg.rounds {
            for flood in Flood::ALL {
                println!(
                    "fairness: round {round}/{}, flood {flood:?}, {:?}…",
                    cfg.rounds, cfg.phase
                );
                flooder.ask(FloodJob::Prepare(flood), limit).await?;
                let cpu0 = stats::cpu_time(pid, ticks)?;
                let wait0 = stats::sched(pid)?.1;
                let t0 = Instant::now();
                let start = t0 + Duration::from_millis(50);
                let until = start + cfg.phase;
                let (v, f) = tokio::join!(
                    victim.ask((start + cfg.settle, until), limit),
                    flooder.ask(
                        FloodJob::Run {
                            flood,
                            start,
                            until
                        },
                        limit
                    )
                );
                let (v, f) = (v?, f?);
                let wall = t0.elapsed();
                let cpu = stats::cpu_time(pid, ticks)?.saturating_sub(cpu0);
                let waited = stats::sched(pid)?.1.saturating_sub(wait0);
                let t = &mut totals[flood.index()];
                println!(
                    "  victim: echo p50 {} p99 {} ({} timed), getsockname p50 {}; flooder: {} sent, {} ran, {} rate-limited; relay CPU {:.0} %",
                    stats::us(Summary::of(&v.echo).p50),
                    stats::us(Summary::of(&v.echo).p99),
                    v.echo.len(),
                    stats::us(Summary::of(&v.gsn).p50),
                    f.sent,
                    f.ok,
                    f.rate_limited,
                    100.0 * cpu.as_secs_f64() / wall.as_secs_f64()
                );
                t.victim.extend(v);
                t.flooder.extend(f);
                t.relay_cpu += cpu;
                t.relay_wait += waited;
                t.wall += wall;
            }
        }
        anyhow::Ok(totals)
    };
    // The teacher's page keeps reading its room views meanwhile.
    // Ends with the phases (see the `select!`) or with an error.
    let teacher_reads = async {
        loop {
            let next = Instant::now() + Duration::from_secs(1);
            if let Err(e) = teacher.drain_until(next).await {
                return e;
            }
        }
    };
    let totals = tokio::select! {
        r = phases => r?,
        e = teacher_reads => return Err(e.context("the teacher's session")),
    };
    let rss = stats::rss_and_peak(pid)?;
    flooder.stop();
    victim.stop();
    teacher.close().await;
    drop(own_echo);
    drop(relay);
    Ok(Fairness {
        phases: totals,
        config: cfg.clone(),
        limits,
        rss,
    })
}

fn ns(since: Instant) -> u64 {
    since.elapsed().as_nanos() as u64
}

/// The victim: paced echo exchanges and `getsockname()`, and the two
/// plain-TCP controls.
struct Victim {
    period: Duration,
    echo: u16,
    sock: Option<SocketId>,
    /// The relay's echo service and this bench's echo server.
    controls: [SocketAddr; 2],
    /// Plain TCP connections to them.
    raw: Vec<TcpStream>,
}

/// One 64-byte round trip over plain TCP (bounded).
async fn raw_round_trip(s: &mut TcpStream, msg: &[u8], back: &mut [u8]) -> Result<u64> {
    let t = Instant::now();
    tokio::time::timeout(crate::client::PATIENCE, async {
        s.write_all(msg).await?;
        s.read_exact(back).await?;
        anyhow::Ok(())
    })
    .await??;
    Ok(ns(t))
}

impl Role for Victim {
    /// Time from, time until.
    type Job = (Instant, Instant);
    type Out = VictimSamples;

    async fn setup(&mut self, m: &mut Member) -> Result<()> {
        self.sock = Some(m.connected(self.echo).await?);
        for addr in self.controls {
            let s = TcpStream::connect(addr).await?;
            s.set_nodelay(true)?;
            self.raw.push(s);
        }
        Ok(())
    }

    async fn job(
        &mut self,
        m: &mut Member,
        (from, until): (Instant, Instant),
    ) -> Result<Self::Out> {
        let Some(sock) = self.sock else {
            bail!("the victim has no socket")
        };
        let msg = crate::pattern(64);
        let mut back = vec![0u8; msg.len()];
        let mut s = VictimSamples::default();
        m.drain_until(from).await?;
        let mut next = from;
        // Bounded by `until`: every pass takes at least one period.
        while next < until {
            m.drain_until(next).await?;
            let t = Instant::now();
            let pendings = m.pendings;
            match m.echo_exchange(sock, &msg).await? {
                Answer::Ok(_) => {
                    s.echo.push(ns(t));
                    s.echo_send.push(m.last_send.as_nanos() as u64);
                }
                a => s.count(&a),
            }
            s.pendings += m.pendings - pendings;
            let t = Instant::now();
            match m.call(Op::Getsockname { sock }).await? {
                Answer::Ok(_) => s.gsn.push(ns(t)),
                a => s.count(&a),
            }
            if let [relay, own] = &mut self.raw[..] {
                s.raw_relay
                    .push(raw_round_trip(relay, &msg, &mut back).await?);
                s.raw_own.push(raw_round_trip(own, &msg, &mut back).await?);
            }
            next = (next + self.period).max(Instant::now());
        }
        Ok(s)
    }
}

/// What the main thread asks the flooder.
enum FloodJob {
    /// Open what the phase needs (before its clock starts).
    Prepare(Flood),
    /// Flood from `start` until `until`, then let in-flight commands finish
    /// and close what `Prepare` opened.
    Run {
        flood: Flood,
        start: Instant,
        until: Instant,
    },
}

/// The flooder.
struct Flooder {
    window: usize,
    sockets: usize,
    discard: u16,
    payload: Payload,
    ops_sock: Option<SocketId>,
    bytes_socks: Vec<SocketId>,
    ticks: u64,
}

impl Role for Flooder {
    type Job = FloodJob;
    type Out = FloodStats;

    async fn setup(&mut self, m: &mut Member) -> Result<()> {
        self.ops_sock = Some(m.connected(self.discard).await?);
        Ok(())
    }

    async fn job(&mut self, m: &mut Member, job: FloodJob) -> Result<FloodStats> {
        match job {
            FloodJob::Prepare(Flood::Bytes) => {
                // Fresh connections each time: the discard service closes
                // one after 256 MiB.
                for _ in 0..self.sockets {
                    let s = m.connected(self.discard).await?;
                    self.bytes_socks.push(s);
                }
                Ok(FloodStats::default())
            }
            FloodJob::Prepare(_) => Ok(FloodStats::default()),
            FloodJob::Run {
                flood,
                start,
                until,
            } => {
                m.drain_until(start).await?;
                let cpu0 = stats::thread_cpu_time(self.ticks)?;
                let mut st = match flood {
                    Flood::None => {
                        m.drain_until(until).await?;
                        FloodStats::default()
                    }
                    Flood::Ops => self.ops(m, until).await?,
                    Flood::Bytes => {
                        let st = self.bytes(m, until).await?;
                        for sock in std::mem::take(&mut self.bytes_socks) {
                            m.ok(Op::Close { sock }).await?;
                        }
                        st
                    }
                };
                st.secs = until.saturating_duration_since(start).as_secs_f64();
                st.cpu = stats::thread_cpu_time(self.ticks)?.saturating_sub(cpu0);
                Ok(st)
            }
        }
    }
}

impl Flooder {
    /// `window` `getsockname()` in flight until `until`, then the rest.
    async fn ops(&mut self, m: &mut Member, until: Instant) -> Result<FloodStats> {
        let Some(sock) = self.ops_sock else {
            bail!("the flooder has no socket")
        };
        let mut st = FloodStats::default();
        let mut in_flight: HashSet<u64> = HashSet::new();
        // Bounded: new commands only until `until`; after it, each pass
        // waits for one of at most `window` answers (each bounded).
        loop {
            if Instant::now() < until {
                while in_flight.len() < self.window {
                    in_flight.insert(m.feed(Op::Getsockname { sock }).await?);
                    st.sent += 1;
                }
                m.flush().await?;
            } else if in_flight.is_empty() {
                break;
            }
            // One answer (waiting for it), then every one already here,
            // so the window is refilled in one write.
            let mut ev = Some(m.next().await?);
            while let Some(e) = ev {
                if let Some((id, a)) = answer_of(e) {
                    if in_flight.remove(&id) {
                        st.count(a, 0);
                    }
                }
                ev = if in_flight.is_empty() {
                    None
                } else {
                    m.try_next()?
                };
            }
        }
        Ok(st)
    }

    /// One max-size `sendall` in flight on each socket until `until`.
    async fn bytes(&mut self, m: &mut Member, until: Instant) -> Result<FloodStats> {
        let len = self.payload.0.len() as u64;
        let mut st = FloodStats::default();
        let mut in_flight: HashMap<u64, usize> = HashMap::new();
        let mut idle = vec![true; self.bytes_socks.len()];
        let mut alive = vec![true; self.bytes_socks.len()];
        loop {
            if Instant::now() < until {
                for (i, &sock) in self.bytes_socks.iter().enumerate() {
                    if idle[i] && alive[i] {
                        let id = m
                            .feed(Op::Sendall {
                                sock,
                                data: self.payload.clone(),
                            })
                            .await?;
                        in_flight.insert(id, i);
                        idle[i] = false;
                        st.sent += 1;
                        st.bytes_sent += len;
                    }
                }
                m.flush().await?;
            }
            // Also ends the phase early if every connection failed.
            if in_flight.is_empty() {
                break;
            }
            if let Some((id, a)) = answer_of(m.next().await?) {
                if let Some(i) = in_flight.remove(&id) {
                    idle[i] = true;
                    if matches!(a, Answer::Raised(_)) {
                        alive[i] = false;
                    }
                    st.count(a, len);
                }
            }
        }
        Ok(st)
    }
}
