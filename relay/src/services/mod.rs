//! The relay's own TCP and UDP services: real servers on real ports that a
//! learner's sockets, and outside tools such as `nc`, can talk to. The
//! classic small services (RFC 862–867) give a first client something to
//! connect to (C4, C7, C21); the fault services make the awkward parts of
//! TCP happen on demand (C11, C13, C15, C16, C18, C23).
//!
//! [`start`] binds every service on one host at `base_port + offset` and
//! spawns its tasks on the caller's [`TaskTracker`]; cancelling the
//! [`CancellationToken`] stops them all (listeners close, so a later connect
//! is refused). With `base_port` 0 every service gets a port the kernel
//! picks; UDP echo then still shares TCP echo's number.
//!
//! # Services
//!
//! | name           | proto | offset | default port | what it does |
//! |----------------|-------|-------:|-------------:|--------------|
//! | `echo`         | TCP   | 0      | 7000         | sends back every byte it reads until the client closes |
//! | `echo`         | UDP   | 0      | 7000         | sends each datagram back whole to its sender |
//! | `discard`      | TCP   | 1      | 7001         | reads and drops everything, never writes |
//! | `daytime`      | TCP   | 2      | 7002         | writes one date-time line (UTC), then closes |
//! | `chargen`      | TCP   | 3      | 7003         | writes RFC 864 rotating 72-character lines, stops after 1 MiB |
//! | `slow-echo`    | TCP   | 4      | 7004         | echoes one byte at a time, 50 ms apart |
//! | `chunked-echo` | TCP   | 5      | 7005         | echoes in random 1–48 byte pieces with 1–15 ms pauses |
//! | `reset`        | TCP   | 6      | 7006         | echoes 16 bytes, then aborts with an RST (`ECONNRESET`) |
//! | `half-close`   | TCP   | 7      | 7007         | writes a greeting, `shutdown(SHUT_WR)`, keeps reading |
//! | `silent`       | TCP   | 8      | 7008         | accepts, never reads or writes, holds the connection |
//! | `backlog`      | TCP   | 9      | 7009         | `listen(1)` and never `accept`: later connects stall |
//!
//! Default ports assume [`DEFAULT_BASE_PORT`] (7000).
//!
//! # Safety on a shared server
//!
//! Every service is bounded ([`ServiceLimits`]): at most 256 connections per
//! TCP service (further clients wait in the kernel's accept queue), a
//! connection that cannot read or write for 5 minutes is closed, per-
//! connection byte caps (256 MiB for echo, discard and half-close, 1 MiB for
//! chargen, 4 KiB for slow-echo, 64 KiB for chunked-echo), at most 256
//! tracked UDP peers, and every task ends when the shutdown token is
//! cancelled.
//!
//! # Activity
//!
//! Every connection reports [`shared::ServiceActivity`] events (`Opened`,
//! `Received`, `Sent`, `Closed`) on [`Services::activity`]; `conn` is a
//! relay-wide counter; for UDP echo it numbers a peer address's conversation
//! (see `udp_echo.rs`). Counts are exact but coalesced while data streams
//! (see `activity.rs`), so watching costs the echo path next to nothing. The
//! `backlog` service never accepts and so reports nothing.
//!
//! # Layout
//!
//! - `activity.rs`: connection numbers and the coalescing event reporter.
//! - `conn.rs`: the shared TCP accept loop and [`Conn`](conn::Conn) (idle
//!   timeout, counting reads and writes).
//! - one file per service: `echo.rs`, `udp_echo.rs`, `discard.rs`,
//!   `daytime.rs`, `chargen.rs`, `slow.rs`, `chunked.rs`, `reset.rs`,
//!   `halfclose.rs`, `silent.rs`, `backlog.rs`.

mod activity;
mod backlog;
mod chargen;
mod chunked;
mod conn;
mod daytime;
mod discard;
mod echo;
mod halfclose;
mod reset;
mod silent;
mod slow;
mod udp_echo;

use conn::{Conn, ConnError, End};
use shared::{ServiceActivity, ServiceInfo, ServiceProto};
use socket2::{Domain, Protocol, Socket, Type};
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The base port a relay uses unless configured otherwise: echo on 7000,
/// next to the classic echo's 7, and above 1024 so no privilege is needed.
pub const DEFAULT_BASE_PORT: u16 = 7000;

/// Capacity of the activity broadcast channel. A subscriber that falls
/// further behind gets `RecvError::Lagged` and loses the oldest events, which
/// only costs the page some detail; the services never wait for it.
pub const ACTIVITY_CAPACITY: usize = 1024;

/// Accept-queue length of the ordinary TCP services (the `backlog` service
/// uses 1 on purpose).
const LISTEN_BACKLOG: i32 = 128;

/// Attempts at finding a kernel-chosen TCP port whose number is also free
/// for UDP, when `base_port` is 0.
const ECHO_PAIR_ATTEMPTS: usize = 16;

/// The bounds every service keeps, so one client cannot exhaust a shared
/// server. [`ServiceLimits::default`] holds the values documented in the
/// module table; tests and configuration may change them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceLimits {
    /// Concurrent connections per TCP service; more clients wait in the
    /// kernel's accept queue until a slot frees.
    pub max_connections: usize,
    /// How long a connection may go without being able to read or write
    /// before it is closed (and how long `silent` holds one).
    pub idle: Duration,
    /// Bytes one connection may send to `echo`, `discard` or `half-close`
    /// before the service closes it.
    pub stream_max_bytes: u64,
    /// Bytes `chargen` writes before it closes (rounded down to whole lines).
    pub chargen_bytes: u64,
    /// Pause after each byte of `slow-echo`.
    pub slow_delay: Duration,
    /// Bytes one connection may send to `slow-echo`.
    pub slow_max_bytes: u64,
    /// Bytes one connection may send to `chunked-echo`.
    pub chunked_max_bytes: u64,
    /// Bytes `reset` echoes before it aborts the connection.
    pub reset_after: u64,
    /// UDP echo peers tracked for activity at once.
    pub udp_peers: usize,
    /// Quiet time after which a UDP echo peer's conversation is `Closed`.
    pub udp_peer_idle: Duration,
    /// How often `backlog` empties its never-accepted queue, so connections
    /// abandoned by earlier learners do not keep it full forever.
    pub backlog_drain: Duration,
}

impl Default for ServiceLimits {
    fn default() -> Self {
        ServiceLimits {
            max_connections: 256,
            idle: Duration::from_secs(300),
            stream_max_bytes: 256 * 1024 * 1024,
            chargen_bytes: 1024 * 1024,
            slow_delay: Duration::from_millis(50),
            slow_max_bytes: 4 * 1024,
            chunked_max_bytes: 64 * 1024,
            reset_after: 16,
            udp_peers: 256,
            udp_peer_idle: Duration::from_secs(60),
            backlog_drain: Duration::from_secs(300),
        }
    }
}

/// Why the services could not start. Nothing is left running when
/// [`start`] fails: every socket bound so far is closed again.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A socket could not be created, bound or listened on (typically
    /// `EADDRINUSE`: another program, or another relay, has the port).
    #[error("cannot open the `{service}` service ({}) on {addr}: {source}", proto_label(*.proto))]
    Bind {
        /// The service's name.
        service: &'static str,
        /// Its transport.
        proto: ServiceProto,
        /// The address it tried.
        addr: SocketAddr,
        /// What the kernel said.
        #[source]
        source: io::Error,
    },
    /// `base_port + offset` does not fit in a port number.
    #[error("the `{service}` service would need port {base} + {offset}, past 65535; choose a lower base port")]
    PortOutOfRange {
        /// The service's name.
        service: &'static str,
        /// The base port given.
        base: u16,
        /// The service's fixed offset.
        offset: u16,
    },
}

/// The running services: what to tell pages in `hello`, and where their
/// activity goes.
#[derive(Clone, Debug)]
pub struct Services {
    /// One entry per service (UDP echo is its own entry), in table order,
    /// with the port actually bound.
    pub infos: Vec<ServiceInfo>,
    /// Every service connection's activity; `subscribe()` to watch it.
    pub activity: broadcast::Sender<ServiceActivity>,
}

impl Services {
    /// Every port a service listens on, sorted and without duplicates (TCP
    /// and UDP echo share one): the ports the policy lets learners reach.
    pub fn ports(&self) -> Vec<u16> {
        let mut ports: Vec<u16> = self.infos.iter().map(|info| info.port).collect();
        ports.sort_unstable();
        ports.dedup();
        ports
    }

    /// The port of the service `name` over `proto`, if there is one.
    pub fn port_of(&self, name: &str, proto: ServiceProto) -> Option<u16> {
        self.infos
            .iter()
            .find(|info| info.name == name && info.proto == proto)
            .map(|info| info.port)
    }
}

/// Starts every service with the default [`ServiceLimits`].
///
/// Binds each service on `host` at `base_port` + its offset (all
/// kernel-chosen when `base_port` is 0) and spawns its tasks on `tracker`.
/// Every listener is bound before this returns, so a client may connect at
/// once. Cancelling `shutdown` stops every task and closes every socket.
///
/// # Errors
///
/// [`ServiceError`] naming the service and port that could not be opened;
/// nothing is left running then.
pub async fn start(
    host: IpAddr,
    base_port: u16,
    shutdown: CancellationToken,
    tracker: &TaskTracker,
) -> Result<Services, ServiceError> {
    start_with(host, base_port, ServiceLimits::default(), shutdown, tracker).await
}

/// [`start`] with explicit limits.
///
/// # Errors
///
/// As [`start`].
pub async fn start_with(
    host: IpAddr,
    base_port: u16,
    limits: ServiceLimits,
    shutdown: CancellationToken,
    tracker: &TaskTracker,
) -> Result<Services, ServiceError> {
    // Bind everything first, spawn afterwards: a failure half-way then
    // simply drops the sockets bound so far, with no task to stop.
    let mut bound = Vec::with_capacity(SPECS.len());
    for spec in &SPECS {
        let port = port_for(spec, base_port)?;
        let addr = SocketAddr::new(host, port);
        match spec.role {
            Role::Tcp(TcpKind::Echo) => {
                let (tcp, udp) = bind_echo_pair(host, port)?;
                bound.push((spec, Bound::Tcp(tcp, TcpKind::Echo)));
                bound.push((&SPECS[1], Bound::Udp(udp)));
            }
            // Bound together with TCP echo, just above.
            Role::UdpEcho => {}
            Role::Tcp(kind) => {
                let listener =
                    tcp_listener(addr, LISTEN_BACKLOG).map_err(|e| spec.error(addr, e))?;
                bound.push((spec, Bound::Tcp(listener, kind)));
            }
            Role::Backlog => {
                let listener = tcp_listener(addr, 1).map_err(|e| spec.error(addr, e))?;
                bound.push((spec, Bound::Backlog(listener)));
            }
        }
    }

    // Register with tokio (also before any spawn, for the same reason).
    let mut ready = Vec::with_capacity(bound.len());
    let mut infos = Vec::with_capacity(bound.len());
    for (spec, socket) in bound {
        let fallback = SocketAddr::new(host, 0);
        let addr = local_addr(socket.socket()).map_err(|e| spec.error(fallback, e))?;
        ready.push(socket.register().map_err(|e| spec.error(addr, e))?);
        infos.push(ServiceInfo {
            name: spec.name.to_owned(),
            proto: spec.proto,
            host: host.to_string(),
            port: addr.port(),
            description: (spec.description)(&limits),
        });
    }

    let (activity, _) = broadcast::channel(ACTIVITY_CAPACITY);
    let ctx = Arc::new(Ctx {
        limits,
        activity: activity.clone(),
        shutdown,
        tracker: tracker.clone(),
    });
    for socket in ready {
        let ctx = ctx.clone();
        match socket {
            Ready::Tcp(listener, kind) => tracker.spawn(conn::accept_loop(listener, kind, ctx)),
            Ready::Udp(socket) => tracker.spawn(udp_echo::serve(socket, ctx)),
            Ready::Backlog(listener) => tracker.spawn(backlog::hold(listener, ctx)),
        };
    }
    tracing::info!(%host, services = infos.len(), "services started");
    Ok(Services { infos, activity })
}

/// What every running service task shares.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// The bounds in force.
    pub(crate) limits: ServiceLimits,
    /// Where activity goes.
    pub(crate) activity: broadcast::Sender<ServiceActivity>,
    /// Cancelled when the relay stops.
    pub(crate) shutdown: CancellationToken,
    /// Where per-connection tasks are spawned, so the relay can wait for
    /// them.
    pub(crate) tracker: TaskTracker,
}

/// The TCP services that accept and serve connections, dispatched by
/// [`TcpKind::handle`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TcpKind {
    Echo,
    Discard,
    Daytime,
    Chargen,
    SlowEcho,
    ChunkedEcho,
    Reset,
    HalfClose,
    Silent,
}

impl TcpKind {
    /// The service's name, as in [`ServiceInfo::name`].
    pub(crate) fn name(self) -> &'static str {
        match self {
            TcpKind::Echo => "echo",
            TcpKind::Discard => "discard",
            TcpKind::Daytime => "daytime",
            TcpKind::Chargen => "chargen",
            TcpKind::SlowEcho => "slow-echo",
            TcpKind::ChunkedEcho => "chunked-echo",
            TcpKind::Reset => "reset",
            TcpKind::HalfClose => "half-close",
            TcpKind::Silent => "silent",
        }
    }

    /// Serves one connection until the service or the client ends it.
    pub(crate) async fn handle(
        self,
        conn: &mut Conn,
        limits: &ServiceLimits,
    ) -> Result<End, ConnError> {
        match self {
            TcpKind::Echo => echo::handle(conn, limits.stream_max_bytes).await,
            TcpKind::Discard => discard::handle(conn, limits.stream_max_bytes).await,
            TcpKind::Daytime => daytime::handle(conn).await,
            TcpKind::Chargen => chargen::handle(conn, limits.chargen_bytes).await,
            TcpKind::SlowEcho => slow::handle(conn, limits.slow_delay, limits.slow_max_bytes).await,
            TcpKind::ChunkedEcho => chunked::handle(conn, limits.chunked_max_bytes).await,
            TcpKind::Reset => reset::handle(conn, limits.reset_after).await,
            TcpKind::HalfClose => halfclose::handle(conn, limits.stream_max_bytes).await,
            TcpKind::Silent => silent::handle(conn).await,
        }
    }
}

/// How a service uses its socket.
#[derive(Clone, Copy, Debug)]
enum Role {
    /// A listener whose connections a [`TcpKind`] serves.
    Tcp(TcpKind),
    /// The UDP echo socket.
    UdpEcho,
    /// The never-accepting `listen(1)` socket.
    Backlog,
}

/// One row of the service table.
#[derive(Debug)]
struct Spec {
    /// Name shown to learners and in activity.
    name: &'static str,
    /// Transport.
    proto: ServiceProto,
    /// Added to the base port.
    offset: u16,
    /// What serves it.
    role: Role,
    /// One sentence for the learner, with the numbers of the limits in force.
    description: fn(&ServiceLimits) -> String,
}

impl Spec {
    fn error(&self, addr: SocketAddr, source: io::Error) -> ServiceError {
        ServiceError::Bind {
            service: self.name,
            proto: self.proto,
            addr,
            source,
        }
    }
}

/// The service table, in the order of the module docs. Echo TCP must be
/// first and echo UDP second (`start_with` binds them as a pair).
const SPECS: [Spec; 11] = [
    Spec {
        name: "echo",
        proto: ServiceProto::Tcp,
        offset: 0,
        role: Role::Tcp(TcpKind::Echo),
        description: |_| {
            "Sends back every byte you send, in order, until you close the connection.".to_owned()
        },
    },
    Spec {
        name: "echo",
        proto: ServiceProto::Udp,
        offset: 0,
        role: Role::UdpEcho,
        description: |_| {
            "Sends each datagram straight back to its sender, whole and separate.".to_owned()
        },
    },
    Spec {
        name: "discard",
        proto: ServiceProto::Tcp,
        offset: 1,
        role: Role::Tcp(TcpKind::Discard),
        description: |_| "Reads and throws away everything you send, and never answers.".to_owned(),
    },
    Spec {
        name: "daytime",
        proto: ServiceProto::Tcp,
        offset: 2,
        role: Role::Tcp(TcpKind::Daytime),
        description: |_| {
            "Sends one line with the current date and time (UTC), then closes the connection."
                .to_owned()
        },
    },
    Spec {
        name: "chargen",
        proto: ServiceProto::Tcp,
        offset: 3,
        role: Role::Tcp(TcpKind::Chargen),
        description: |l| {
            format!("Streams rotating 72-character lines of printable characters, about {}, then closes.", human_bytes(l.chargen_bytes))
        },
    },
    Spec {
        name: "slow-echo",
        proto: ServiceProto::Tcp,
        offset: 4,
        role: Role::Tcp(TcpKind::SlowEcho),
        description: |l| {
            format!("Echoes what you send one byte at a time, {} ms apart, so a message trickles in over many recv calls.", l.slow_delay.as_millis())
        },
    },
    Spec {
        name: "chunked-echo",
        proto: ServiceProto::Tcp,
        offset: 5,
        role: Role::Tcp(TcpKind::ChunkedEcho),
        description: |_| {
            "Echoes what you send intact but in random-sized pieces with short pauses, so recv never sees your message boundaries.".to_owned()
        },
    },
    Spec {
        name: "reset",
        proto: ServiceProto::Tcp,
        offset: 6,
        role: Role::Tcp(TcpKind::Reset),
        description: |l| {
            format!("Echoes the first {} bytes, then aborts the connection with a reset, so your next recv raises ConnectionResetError.", l.reset_after)
        },
    },
    Spec {
        name: "half-close",
        proto: ServiceProto::Tcp,
        offset: 7,
        role: Role::Tcp(TcpKind::HalfClose),
        description: |_| {
            "Sends a greeting and shuts down its sending side, so your recv returns b'' while it still reads what you send.".to_owned()
        },
    },
    Spec {
        name: "silent",
        proto: ServiceProto::Tcp,
        offset: 8,
        role: Role::Tcp(TcpKind::Silent),
        description: |_| {
            "Accepts your connection but never reads or answers, so a recv with a timeout raises TimeoutError.".to_owned()
        },
    },
    Spec {
        name: "backlog",
        proto: ServiceProto::Tcp,
        offset: 9,
        role: Role::Backlog,
        description: |_| {
            "Listens with backlog 1 and never accepts, so after a couple of connections further connects hang.".to_owned()
        },
    },
];

/// A bound socket before tokio knows it.
enum Bound {
    /// A listener and the service that serves its connections.
    Tcp(Socket, TcpKind),
    /// The UDP echo socket.
    Udp(Socket),
    /// The `backlog` service's listener.
    Backlog(Socket),
}

/// A socket ready for its task.
enum Ready {
    /// A listener and the service that serves its connections.
    Tcp(tokio::net::TcpListener, TcpKind),
    /// The UDP echo socket.
    Udp(tokio::net::UdpSocket),
    /// Stays a plain socket: it is never accepted from, only held.
    Backlog(Socket),
}

impl Bound {
    fn socket(&self) -> &Socket {
        let (Bound::Tcp(s, _) | Bound::Udp(s) | Bound::Backlog(s)) = self;
        s
    }

    fn register(self) -> io::Result<Ready> {
        Ok(match self {
            Bound::Tcp(s, kind) => Ready::Tcp(tokio::net::TcpListener::from_std(s.into())?, kind),
            Bound::Udp(s) => Ready::Udp(tokio::net::UdpSocket::from_std(s.into())?),
            Bound::Backlog(s) => Ready::Backlog(s),
        })
    }
}

/// The IP address and port a socket is bound to.
fn local_addr(socket: &Socket) -> io::Result<SocketAddr> {
    socket
        .local_addr()?
        .as_socket()
        .ok_or_else(|| io::Error::other("not an IP socket"))
}

/// `base_port + offset`, or 0 (kernel's choice) when `base_port` is 0.
fn port_for(spec: &Spec, base_port: u16) -> Result<u16, ServiceError> {
    if base_port == 0 {
        return Ok(0);
    }
    base_port
        .checked_add(spec.offset)
        .ok_or(ServiceError::PortOutOfRange {
            service: spec.name,
            base: base_port,
            offset: spec.offset,
        })
}

/// A non-blocking TCP listener. SO_REUSEADDR so a restarted relay can bind
/// while old connections sit in TIME_WAIT (C10 in action).
fn tcp_listener(addr: SocketAddr, backlog: i32) -> io::Result<Socket> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(backlog)?;
    socket.set_nonblocking(true)?;
    Ok(socket)
}

/// A non-blocking UDP socket. No SO_REUSEADDR: on Linux it would let a
/// second relay share the port and steal datagrams.
fn udp_socket(addr: SocketAddr) -> io::Result<Socket> {
    let socket = Socket::new(Domain::for_address(addr), Type::DGRAM, Some(Protocol::UDP))?;
    socket.bind(&addr.into())?;
    socket.set_nonblocking(true)?;
    Ok(socket)
}

/// TCP and UDP echo on one port number. With port 0 the kernel picks the
/// TCP port, and a few attempts are made in the rare case its number is
/// taken for UDP.
fn bind_echo_pair(host: IpAddr, port: u16) -> Result<(Socket, Socket), ServiceError> {
    let (tcp_spec, udp_spec) = (&SPECS[0], &SPECS[1]);
    let attempts = if port == 0 { ECHO_PAIR_ATTEMPTS } else { 1 };
    let mut last_error = None;
    for _ in 0..attempts {
        let wanted = SocketAddr::new(host, port);
        let tcp = tcp_listener(wanted, LISTEN_BACKLOG).map_err(|e| tcp_spec.error(wanted, e))?;
        let addr = local_addr(&tcp).map_err(|e| tcp_spec.error(wanted, e))?;
        match udp_socket(addr) {
            Ok(udp) => return Ok((tcp, udp)),
            // The TCP listener is dropped (closed) before the next attempt.
            Err(err) => last_error = Some(udp_spec.error(addr, err)),
        }
    }
    Err(last_error.unwrap_or_else(|| {
        udp_spec.error(
            SocketAddr::new(host, port),
            io::Error::from(io::ErrorKind::AddrInUse),
        )
    }))
}

/// A byte count for learners: `1 MiB`, `64 KiB` or `1000 bytes`.
fn human_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    match n {
        n if n >= MIB && n % MIB == 0 => format!("{} MiB", n / MIB),
        n if n >= KIB && n % KIB == 0 => format!("{} KiB", n / KIB),
        n => format!("{n} bytes"),
    }
}

/// "TCP" or "UDP", for messages.
fn proto_label(proto: ServiceProto) -> &'static str {
    match proto {
        ServiceProto::Tcp => "TCP",
        ServiceProto::Udp => "UDP",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn description(name: &str, limits: &ServiceLimits) -> String {
        let spec = SPECS
            .iter()
            .find(|s| s.name == name)
            .expect("known service");
        (spec.description)(limits)
    }

    #[test]
    fn descriptions_quote_the_limits_in_force() {
        let defaults = ServiceLimits::default();
        assert!(description("chargen", &defaults).contains("about 1 MiB"));
        assert!(description("slow-echo", &defaults).contains("50 ms apart"));
        assert!(description("reset", &defaults).contains("first 16 bytes"));
        let custom = ServiceLimits {
            reset_after: 4,
            chargen_bytes: 1000,
            ..ServiceLimits::default()
        };
        assert!(description("reset", &custom).contains("first 4 bytes"));
        assert!(description("chargen", &custom).contains("about 1000 bytes"));
        assert_eq!(human_bytes(64 * 1024), "64 KiB");
    }

    #[test]
    fn the_table_pairs_echo_first_and_keeps_offsets_distinct() {
        assert!(matches!(SPECS[0].role, Role::Tcp(TcpKind::Echo)));
        assert!(matches!(SPECS[1].role, Role::UdpEcho));
        assert_eq!(SPECS[0].offset, SPECS[1].offset);
        let mut offsets: Vec<u16> = SPECS[1..].iter().map(|s| s.offset).collect();
        offsets.dedup();
        assert_eq!(offsets, (0..10).collect::<Vec<u16>>());
        for spec in &SPECS {
            if let Role::Tcp(kind) = spec.role {
                assert_eq!(kind.name(), spec.name);
            }
        }
    }
}
