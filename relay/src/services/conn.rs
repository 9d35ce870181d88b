//! What every TCP service shares: the accept loop (connection cap, shutdown,
//! back-off on accept errors) and [`Conn`], one accepted connection whose
//! reads and writes enforce the idle timeout and feed the activity reporter.
//!
//! Each service only writes its `handle(&mut Conn, …) -> Result<End, ConnError>`;
//! this module opens, cancels, closes and reports every connection the same
//! way.

use super::activity::Reporter;
use super::{Ctx, TcpKind};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};
use tracing::{debug, warn};

/// First pause after a failed `accept` (EMFILE and friends); doubles up to
/// [`ACCEPT_BACKOFF_MAX`]. The loop never gives up: the service must come
/// back once descriptors are free again.
const ACCEPT_BACKOFF_MIN: Duration = Duration::from_millis(50);
/// Longest pause between two failed `accept`s.
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(2);

/// How a service's handler ended a connection, when it ended it normally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    /// The client closed its side (read returned 0) or the service finished
    /// what it had to say (daytime, chargen).
    Done,
    /// The per-connection byte cap was reached.
    Capped,
    /// The service aborted the connection with a reset (SO_LINGER 0).
    Reset,
    /// The relay is shutting down.
    Shutdown,
}

/// Why a connection ended abnormally.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ConnError {
    /// Nothing could be read or written for the idle timeout.
    #[error("idle for {0:?}")]
    Idle(Duration),
    /// The socket failed (reset by the client, broken pipe, …).
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// One accepted connection of a TCP service.
///
/// Reads and writes go through [`Conn::read`] and [`Conn::write_all`] so the
/// idle timeout and the byte counts cannot be forgotten by a service.
#[derive(Debug)]
pub(crate) struct Conn {
    /// The socket, public to the services for the odd special call
    /// (`shutdown`, `ready`, SO_LINGER).
    pub(crate) stream: TcpStream,
    /// Counts and reports this connection's bytes.
    pub(crate) report: Reporter,
    /// How long a read or write may wait before the connection is closed.
    idle: Duration,
    /// One timer for the connection's whole life instead of one per wait
    /// (see [`wait_bounded`]): the echo benchmark waits once per message.
    idle_timer: Pin<Box<Sleep>>,
}

impl Conn {
    /// Reads into `buf`, returning 0 at end of stream.
    ///
    /// Tries the read first and only when it would block flushes the
    /// coalesced activity counts and waits (at most the idle timeout), so a
    /// busy stream costs no extra event and no timer per read.
    ///
    /// # Errors
    ///
    /// [`ConnError::Idle`] after the idle timeout, [`ConnError::Io`] if the
    /// socket failed.
    pub(crate) async fn read(&mut self, buf: &mut [u8]) -> Result<usize, ConnError> {
        loop {
            match self.stream.try_read(buf) {
                Ok(n) => {
                    self.report.received(n);
                    // `try_read` spends no cooperative budget; without this a
                    // client that keeps the socket full would never let the
                    // task yield (nor see the shutdown signal).
                    tokio::task::coop::consume_budget().await;
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.report.flush();
                    let ready = self.stream.readable();
                    wait_bounded(&mut self.idle_timer, self.idle, ready).await?;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Writes all of `buf`, counting each partial write as it happens.
    ///
    /// # Errors
    ///
    /// [`ConnError::Idle`] if the client stopped reading for the idle timeout
    /// (so a client that never reads cannot hold a task forever),
    /// [`ConnError::Io`] if the socket failed.
    pub(crate) async fn write_all(&mut self, mut buf: &[u8]) -> Result<(), ConnError> {
        while !buf.is_empty() {
            match self.stream.try_write(buf) {
                Ok(0) => return Err(io::Error::from(io::ErrorKind::WriteZero).into()),
                Ok(n) => {
                    self.report.sent(n);
                    buf = &buf[n..];
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.report.flush();
                    let ready = self.stream.writable();
                    wait_bounded(&mut self.idle_timer, self.idle, ready).await?;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// The idle timeout in force, for services that wait in their own way.
    pub(crate) fn idle(&self) -> Duration {
        self.idle
    }
}

/// Waits for `ready`, at most `idle`.
///
/// `timer` never fires later than this wait's deadline: it starts at
/// "accepted + idle" and is only ever moved to a later wait's deadline, which
/// is later still. When it fires before the current deadline (it was set for
/// an earlier wait) it is re-armed, so the timer wheel is touched about once
/// per idle period rather than twice per wait as with `tokio::time::timeout`.
async fn wait_bounded(
    timer: &mut Pin<Box<Sleep>>,
    idle: Duration,
    ready: impl Future<Output = io::Result<()>>,
) -> Result<(), ConnError> {
    let deadline = Instant::now() + idle;
    tokio::pin!(ready);
    loop {
        tokio::select! {
            biased;
            ready = &mut ready => return Ok(ready?),
            () = timer.as_mut() => {
                if Instant::now() >= deadline {
                    return Err(ConnError::Idle(idle));
                }
                timer.as_mut().reset(deadline);
            }
        }
    }
}

/// Accepts connections for one TCP service until shutdown.
///
/// A permit of the service's semaphore is taken *before* `accept`, so with
/// every slot busy new clients wait in the kernel's accept queue (their
/// connect succeeds, their data waits) instead of being accepted and dropped.
pub(crate) async fn accept_loop(listener: tokio::net::TcpListener, kind: TcpKind, ctx: Arc<Ctx>) {
    let service = kind.name();
    let slots = Arc::new(Semaphore::new(ctx.limits.max_connections.max(1)));
    let mut backoff = ACCEPT_BACKOFF_MIN;
    loop {
        let permit = tokio::select! {
            _ = ctx.shutdown.cancelled() => break,
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                // The semaphore is never closed; stop rather than spin.
                Err(_) => break,
            },
        };
        let accepted = tokio::select! {
            _ = ctx.shutdown.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => {
                backoff = ACCEPT_BACKOFF_MIN;
                pair
            }
            Err(err) => {
                warn!(service, cause = %err, ?backoff, "accept failed; retrying");
                tokio::select! {
                    _ = ctx.shutdown.cancelled() => break,
                    _ = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(ACCEPT_BACKOFF_MAX);
                continue;
            }
        };
        // Small writes must leave at once: fragmentation is what the fault
        // services show, and an echo should answer without Nagle's wait.
        if let Err(err) = stream.set_nodelay(true) {
            debug!(service, cause = %err, "TCP_NODELAY failed");
        }
        let report = Reporter::open(ctx.activity.clone(), service, peer);
        debug!(service, conn = report.conn(), %peer, "opened");
        let idle = ctx.limits.idle;
        let mut conn = Conn {
            stream,
            report,
            idle,
            idle_timer: Box::pin(tokio::time::sleep(idle)),
        };
        let task_ctx = ctx.clone();
        ctx.tracker.spawn(async move {
            // Held for the connection's life: frees the slot when it ends.
            let _permit = permit;
            let result = tokio::select! {
                _ = task_ctx.shutdown.cancelled() => Ok(End::Shutdown),
                result = kind.handle(&mut conn, &task_ctx.limits) => result,
            };
            finish(conn, service, result);
        });
    }
    debug!(service, "accept loop stopped");
}

/// Closes the socket, then reports `Closed`, telling whether a reset ended it.
fn finish(conn: Conn, service: &'static str, result: Result<End, ConnError>) {
    let Conn {
        stream, mut report, ..
    } = conn;
    let id = report.conn();
    let reset = match &result {
        Ok(End::Reset) => true,
        Err(ConnError::Io(err)) => err.kind() == io::ErrorKind::ConnectionReset,
        _ => false,
    };
    match &result {
        Ok(end) => debug!(service, conn = id, ?end, "closed"),
        Err(ConnError::Idle(after)) => debug!(service, conn = id, ?after, "closed idle"),
        Err(ConnError::Io(err)) if peer_gone(err) => {
            debug!(service, conn = id, cause = %err, "client went away")
        }
        Err(err) => warn!(service, conn = id, cause = %err, "connection failed"),
    }
    // Close first so `Closed` reaches the page after the FIN/RST left.
    drop(stream);
    report.close(reset);
}

/// Errors that only mean the client closed or aborted: not worth a warning.
fn peer_gone(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionReset
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::UnexpectedEof
    )
}
