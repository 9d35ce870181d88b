//! Socket operations, one module per operation. Each performs the genuine
//! system calls on the learner's descriptor, records them in the trace, and
//! returns what Python would have returned or raised.
//!
//! Blocking behaviour follows Python's three modes: blocking (wait for
//! readiness without limit), timeout (wait until a deadline, then
//! `TimeoutError: timed out`) and non-blocking (`BlockingIOError` at once).
//! Waiting happens on tokio's reactor, so it never blocks a relay thread and
//! `close` can cancel it.

pub mod accept;
pub mod bind;
pub mod close;
pub mod connect;
pub mod listen;
pub mod names;
pub mod recv;
pub mod send;
pub mod shutdown;
pub mod sockopt;
pub mod timeout;

use shared::trace::{Interest, WaitEnd};
use shared::{Outcome, PyError, Rejection, SocketId, Trace, TraceStep, Value};
use std::io;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::socket::{errno_of, LearnerSocket};

/// Messages a socket's actor sends its session while an op runs.
#[derive(Debug)]
pub enum Progress {
    /// The op is about to wait (the page shows it pending).
    Pending {
        /// The command's id.
        id: u64,
        /// The socket.
        sock: SocketId,
        /// The op's name.
        op: &'static str,
        /// The socket's timeout, for a countdown.
        timeout: Option<f64>,
    },
    /// Bytes sent so far by a long `sendall`.
    Sent {
        /// The command's id.
        id: u64,
        /// The socket.
        sock: SocketId,
        /// Bytes sent so far.
        done: u64,
        /// Bytes in all.
        total: u64,
    },
}

/// How long a wait lasts before the page is told it is pending.
pub const PENDING_AFTER: Duration = Duration::from_millis(2);

/// What a socket actor (or a resolver task) tells its session.
#[derive(Debug)]
pub enum TaskMsg {
    /// An op is waiting or making progress.
    Progress(Progress),
    /// An op finished.
    Done(Box<Done>),
}

/// A finished op.
#[derive(Debug)]
pub struct Done {
    /// The command's id.
    pub id: u64,
    /// The op's name.
    pub op: &'static str,
    /// The socket it acted on, if any.
    pub sock: Option<SocketId>,
    /// The result or the refusal.
    pub reply: Reply,
    /// A socket `accept` created, for the session to adopt.
    pub accepted: Option<crate::socket::LearnerSocket>,
    /// The socket is gone (closed); its actor has ended.
    pub closed: bool,
    /// The payload bytes the command carried, charged to the byte rates
    /// before it ran: the session gives back what a `send` did not send,
    /// and counts them out of the socket's queued bytes. Carried here, not
    /// looked up by the client-chosen id, which two commands may share.
    pub payload: usize,
}

/// How an op ended, as the session reports it.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // always travels inside a boxed `Done`
pub enum Reply {
    /// A Python-level result with its trace and the socket's snapshot.
    Result {
        /// Returned or raised.
        outcome: Outcome,
        /// The syscalls.
        trace: Trace,
        /// The socket afterwards.
        snapshot: Option<shared::SocketSnapshot>,
        /// How long it took.
        elapsed: Duration,
    },
    /// Refused before any syscall.
    Rejected(Rejection),
}

/// Why an op ended without a Python result.
#[derive(Debug)]
pub enum Stop {
    /// The socket was closed while the op waited.
    Cancelled,
    /// The relay refused before any syscall (policy, limits).
    Rejected(Rejection),
}

/// What an op produced: a Python outcome, or a stop.
pub type OpReturn = Result<Outcome, Stop>;

/// The context of one running op: its trace, deadline and ways to report.
pub struct OpCtx<'a> {
    /// The command's id.
    pub id: u64,
    /// The op's name.
    pub op: &'static str,
    /// When the op started (trace times are relative to it).
    pub started: Instant,
    /// The syscalls so far.
    pub trace: Trace,
    /// Cancelled when the learner closes the socket.
    pub cancel: &'a CancellationToken,
    /// Where `Pending` and progress go.
    pub progress: &'a mpsc::Sender<TaskMsg>,
    /// Whether `Pending` was already reported for this op.
    pending_sent: bool,
}

/// How a wait for readiness failed.
pub enum WaitFail {
    /// The socket's timeout expired.
    TimedOut,
    /// The socket was closed.
    Cancelled,
}

impl<'a> OpCtx<'a> {
    /// A context for a new op.
    pub fn new(
        id: u64,
        op: &'static str,
        cancel: &'a CancellationToken,
        progress: &'a mpsc::Sender<TaskMsg>,
    ) -> Self {
        OpCtx {
            id,
            op,
            started: Instant::now(),
            trace: Trace::default(),
            cancel,
            progress,
            pending_sent: false,
        }
    }

    /// Microseconds since the op started.
    pub fn now_us(&self) -> u64 {
        self.started.elapsed().as_micros() as u64
    }

    /// Records a system call and its result (`ret` is the success value).
    pub fn syscall<T>(
        &mut self,
        call: &str,
        args: String,
        result: &io::Result<T>,
        ret: impl Fn(&T) -> i64,
    ) {
        let (ret, errno) = match result {
            Ok(v) => (ret(v), None),
            Err(e) => (-1, Some(errno_of(e))),
        };
        self.syscall_raw(call, args, ret, errno);
    }

    /// Records a system call from its raw return value and errno.
    pub fn syscall_raw(&mut self, call: &str, args: String, ret: i64, errno: Option<i32>) {
        let at_us = self.now_us();
        self.trace.push(TraceStep::Syscall {
            call: call.to_string(),
            args,
            ret,
            errno,
            at_us,
        });
    }

    /// Records a remark.
    pub fn note(&mut self, text: impl Into<String>) {
        self.trace.push(TraceStep::Note { text: text.into() });
    }

    /// The deadline implied by the socket's timeout, from now.
    pub fn deadline(&self, sock: &LearnerSocket) -> Option<Instant> {
        sock.timeout
            .filter(|t| !t.is_zero())
            .map(|t| self.started + t)
    }

    /// Waits until the socket is ready for `interest`, the deadline passes,
    /// or the socket is closed. Reports `Pending` once per op, when a wait
    /// outlasts [`PENDING_AFTER`].
    pub async fn wait(
        &mut self,
        sock: &LearnerSocket,
        interest: Interest,
        deadline: Option<Instant>,
    ) -> Result<(), WaitFail> {
        let began = Instant::now();
        let ready = async {
            let guard = match interest {
                Interest::Readable => sock.afd().readable().await,
                Interest::Writable => sock.afd().writable().await,
            };
            // Clear tokio's cached readiness: the retried syscall tells the
            // truth, and a stale "ready" must not turn into a busy loop.
            if let Ok(mut g) = guard {
                g.clear_ready();
            }
        };
        tokio::pin!(ready);
        let far = deadline.unwrap_or_else(|| began + Duration::from_secs(86_400 * 365));
        // A wait is announced only once it lasts long enough to be seen:
        // most waits (an echo on its way back) end within microseconds, and
        // announcing them would only make the page flicker.
        let mut end = None;
        if !self.pending_sent {
            let announce_at = far.min(began + PENDING_AFTER);
            end = tokio::select! {
                _ = self.cancel.cancelled() => Some(WaitEnd::Cancelled),
                _ = tokio::time::sleep_until(announce_at.into()) => {
                    (Instant::now() >= far).then_some(WaitEnd::TimedOut)
                }
                _ = &mut ready => Some(WaitEnd::Ready),
            };
            if end.is_none() {
                self.pending_sent = true;
                // The session may be gone (shutting down); then nobody is watching.
                let _ = self
                    .progress
                    .send(TaskMsg::Progress(Progress::Pending {
                        id: self.id,
                        sock: sock.id,
                        op: self.op,
                        timeout: sock.timeout_secs(),
                    }))
                    .await;
            }
        }
        let end = match end {
            Some(end) => end,
            None => tokio::select! {
                _ = self.cancel.cancelled() => WaitEnd::Cancelled,
                _ = tokio::time::sleep_until(far.into()) => WaitEnd::TimedOut,
                _ = &mut ready => WaitEnd::Ready,
            },
        };
        self.trace.push(TraceStep::Wait {
            interest,
            end,
            waited_us: began.elapsed().as_micros() as u64,
        });
        match end {
            WaitEnd::Ready => Ok(()),
            WaitEnd::TimedOut => Err(WaitFail::TimedOut),
            WaitEnd::Cancelled => Err(WaitFail::Cancelled),
        }
    }

    /// Runs `attempt` (one syscall, already traced by the closure) until it
    /// does not answer `EAGAIN`, waiting for `interest` in between, with
    /// Python's blocking, timeout and non-blocking semantics.
    pub async fn retry<T>(
        &mut self,
        sock: &LearnerSocket,
        interest: Interest,
        deadline: Option<Instant>,
        mut attempt: impl FnMut(&mut Self) -> io::Result<T>,
    ) -> Result<Result<T, PyError>, Stop> {
        loop {
            match attempt(self) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if sock.non_blocking() {
                        return Ok(Err(PyError::from_errno(errno_of(&e))));
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Ok(Err(PyError::from_errno(errno_of(&e)))),
                Ok(v) => return Ok(Ok(v)),
            }
            match self.wait(sock, interest, deadline).await {
                Ok(()) => {}
                Err(WaitFail::TimedOut) => return Ok(Err(PyError::timed_out())),
                Err(WaitFail::Cancelled) => return Err(Stop::Cancelled),
            }
        }
    }
}

/// Turns a Python-level result into an outcome.
pub fn outcome(result: Result<Value, PyError>) -> Outcome {
    match result {
        Ok(v) => Outcome::Ok(v),
        Err(e) => Outcome::Err(e),
    }
}

/// `fd=5` as `strace` writes a descriptor argument.
pub fn fd_arg(sock: &LearnerSocket) -> String {
    format!("fd={}", sock.raw_fd())
}

/// An address argument as `strace` writes it: `{AF_INET, 127.0.0.1:7007}`.
pub fn addr_arg(addr: &std::net::SocketAddr) -> String {
    match addr {
        std::net::SocketAddr::V4(a) => format!("{{AF_INET, {a}}}"),
        std::net::SocketAddr::V6(a) => format!("{{AF_INET6, [{}]:{}}}", a.ip(), a.port()),
    }
}

/// Resolves a learner's `(host, port)` for `method` the way CPython does
/// (host name first, then the port range), after asking the policy whether the
/// name may be looked up at all. Names that need `getaddrinfo` are resolved
/// on a blocking thread so the relay's event loop never waits on DNS.
///
/// # Returns
///
/// `Ok(Ok(addr))`, `Ok(Err(python exception))`, or `Err(Stop::Rejected)`.
pub async fn resolve(
    ctx: &mut OpCtx<'_>,
    env: &crate::env::SessionEnv,
    family: shared::Family,
    method: &'static str,
    addr: &shared::Address,
) -> Result<Result<std::net::SocketAddr, PyError>, Stop> {
    env.relay.policy.check_resolve(&addr.host).map_err(|e| {
        Stop::Rejected(Rejection::Policy {
            detail: e.to_string(),
        })
    })?;
    let numeric = addr.host.is_empty() || addr.host.parse::<std::net::IpAddr>().is_ok();
    if numeric {
        return Ok(crate::resolver::resolve_address(
            method,
            family,
            addr,
            &mut ctx.trace,
        ));
    }
    let owned = addr.clone();
    let started = ctx.started;
    let joined = tokio::task::spawn_blocking(move || {
        let mut trace = Trace::default();
        let r = crate::resolver::resolve_address_at(method, family, &owned, &mut trace, started);
        (r, trace)
    })
    .await;
    match joined {
        Ok((r, trace)) => {
            for step in trace.steps {
                ctx.trace.push(step);
            }
            Ok(r)
        }
        Err(_) => Ok(Err(PyError::plain(
            shared::ExceptionClass::OSError,
            "name resolution failed inside the relay",
        ))),
    }
}

/// A policy refusal as a stop.
pub fn refused(e: crate::policy::PolicyError) -> Stop {
    Stop::Rejected(Rejection::Policy {
        detail: e.to_string(),
    })
}
