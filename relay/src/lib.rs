//! The relay: a native server that performs a learner's socket calls for real
//! and reports exactly what the kernel answered.
//!
//! # Layout
//!
//! - [`config`]: command-line flags, environment and TOML file → [`Config`].
//! - [`policy`]: what a learner's socket may bind and reach (pure functions).
//! - [`proxy`]: the client behind a trusted reverse proxy (`X-Forwarded-For`).
//! - [`limits`]: quotas: token buckets, per-IP session counts.
//! - [`resolver`]: `getaddrinfo`, `getservbyname` and friends, via libc.
//! - [`services`]: the relay's own TCP/UDP echo, discard, daytime, chargen and
//!   fault services.
//! - [`sys`]: the few raw system calls socket2 does not wrap (TCP_INFO, SIOCINQ).
//! - [`socket`]: one learner socket: a real descriptor plus its Python state.
//! - [`ops`]: one module per operation; each performs the genuine syscalls.
//! - [`session`]: one page's sockets, event log and command loop; the
//!   WebSocket connection that drives it; the registry for resumes.
//! - [`env`]: what ops consult: policy, known ports, metrics.
//! - [`server`]: the HTTP router: page, `/ws`, `/healthz`, `/metrics`.
//! - [`page`]: the built page, embedded or from a directory.
//! - [`metrics`]: counters rendered in Prometheus text format.
//! - [`rooms`]: classrooms: join codes, members, the room's widened policy.
//! - [`runner`]: `socket-playground run script.py`, the Python interpreter
//!   driving a relay over a WebSocket.

pub mod config;
pub mod env;
pub mod limits;
pub mod lingering;
pub mod metrics;
pub mod ops;
pub mod page;
pub mod policy;
pub mod proxy;
pub mod resolver;
pub mod rooms;
pub mod runner;
pub mod server;
pub mod services;
pub mod session;
pub mod socket;
pub mod sys;

pub use config::Config;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::info;

/// Why the relay could not start or stopped abnormally.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// The web server's address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// A service could not be started.
    #[error(transparent)]
    Services(#[from] services::ServiceError),
    /// The server failed while running.
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

/// How long shutdown waits for sessions to close their sockets.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A relay with its listener and services bound, ready to [`Relay::run`].
///
/// Binding and running are separate so callers (tests, `main`) learn the
/// real addresses (port 0 → kernel-chosen) before serving starts.
pub struct Relay {
    listener: TcpListener,
    local_addr: SocketAddr,
    state: server::AppState,
    services_tracker: TaskTracker,
}

impl Relay {
    /// Binds the web server's listener and starts the services.
    ///
    /// # Errors
    ///
    /// [`RelayError::Listen`] or [`RelayError::Services`].
    pub async fn bind(config: Config) -> Result<Relay, RelayError> {
        let listener =
            TcpListener::bind(config.listen)
                .await
                .map_err(|source| RelayError::Listen {
                    addr: config.listen,
                    source,
                })?;
        let local_addr = listener.local_addr().map_err(|source| RelayError::Listen {
            addr: config.listen,
            source,
        })?;
        let shutdown = CancellationToken::new();
        let services_tracker = TaskTracker::new();
        let services = services::start_with(
            config.services_host,
            config.services_base_port,
            services::ServiceLimits {
                max_connections: config.service_connections,
                ..services::ServiceLimits::default()
            },
            shutdown.clone(),
            &services_tracker,
        )
        .await?;
        let policy = policy::Policy::new(config.profile, &config.policy);
        let quota = limits::SessionQuota::new(
            config.limits.max_sessions,
            config.limits.max_sessions_per_ip,
        );
        let env = env::RelayEnv {
            policy,
            service_ports: services.ports(),
            metrics: Arc::new(metrics::Metrics::default()),
            rooms: rooms::Rooms::new(config.teacher_key(), config.room_limits)
                .with_relay_id(config.relay_id),
            config,
        };
        let state = server::AppState {
            env: Arc::new(env),
            registry: Arc::new(session::registry::Registry::default()),
            quota: Arc::new(quota),
            activity: services.activity.clone(),
            services: Arc::new(services.infos),
            shutdown,
            tracker: TaskTracker::new(),
            next_conn: Arc::new(AtomicU64::new(1)),
        };
        Ok(Relay {
            listener,
            local_addr,
            state,
            services_tracker,
        })
    }

    /// The web server's address (with the kernel's port if 0 was asked).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The page's URL.
    pub fn url(&self) -> String {
        format!("http://{}/", self.local_addr)
    }

    /// The relay's services with their bound ports.
    pub fn services(&self) -> &[shared::ServiceInfo] {
        &self.state.services
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.state.env.config
    }

    /// The relay's counters.
    pub fn metrics(&self) -> Arc<metrics::Metrics> {
        self.state.env.metrics.clone()
    }

    /// Serves until `shutdown` completes; then tells every session, closes
    /// every socket, stops the services and returns.
    ///
    /// # Errors
    ///
    /// [`RelayError::Serve`] if the server fails.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), RelayError> {
        let Relay {
            listener,
            state,
            services_tracker,
            ..
        } = self;
        let token = state.shutdown.clone();
        let tracker = state.tracker.clone();
        // Idle rooms close, and closed ones are forgotten.
        let env = state.env.clone();
        let sweeping = token.clone();
        tracker.spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(30));
            loop {
                tokio::select! {
                    _ = every.tick() => {
                        env.rooms.sweep(std::time::Instant::now());
                    }
                    _ = sweeping.cancelled() => break,
                }
            }
        });
        let app = server::app(state).into_make_service_with_connect_info::<SocketAddr>();
        // Events are small frames, often two in a row (pending, then the
        // result): without TCP_NODELAY the second waits ~40 ms for an ACK.
        use axum::serve::ListenerExt as _;
        let listener = listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!(cause = %e, "could not set TCP_NODELAY");
            }
        });
        let stop = token.clone();
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                tokio::select! {
                    _ = shutdown => {}
                    _ = stop.cancelled() => {}
                }
                info!("shutting down: closing every session and socket");
                stop.cancel();
            })
            .await;
        token.cancel();
        tracker.close();
        services_tracker.close();
        let _ = tokio::time::timeout(SHUTDOWN_GRACE, async {
            tracker.wait().await;
            services_tracker.wait().await;
        })
        .await;
        served.map_err(RelayError::Serve)
    }
}
