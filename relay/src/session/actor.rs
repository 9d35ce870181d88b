//! A socket's actor: one task per learner socket that owns the descriptor
//! and runs that socket's commands one after another, in the order they
//! arrived — like one Python thread using the socket. Waiting ops (a
//! blocking `recv`) wait here, so other sockets of the session carry on.

use shared::{Op, Outcome, PyError, SocketId};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::debug;

use crate::env::SessionEnv;
use crate::ops::{self, Done, OpCtx, Reply, Stop, TaskMsg};
use crate::socket::LearnerSocket;

/// A command for a socket's actor.
#[derive(Debug)]
pub struct SockCmd {
    /// The command's id.
    pub id: u64,
    /// The op (a socket method).
    pub op: Op,
    /// `getdefaulttimeout()` now, for sockets `accept` creates.
    pub default_timeout: Option<Duration>,
}

/// Runs a socket's commands until it is closed or the session ends; then
/// the descriptor is closed for real.
pub async fn run(
    mut sock: LearnerSocket,
    mut rx: mpsc::Receiver<SockCmd>,
    tx: mpsc::Sender<TaskMsg>,
    cancel: CancellationToken,
    env: SessionEnv,
) {
    let metrics = env.relay.metrics.clone();
    metrics.sockets_open.fetch_add(1, Ordering::Relaxed);
    while let Some(cmd) = rx.recv().await {
        let op_name = cmd.op.name();
        let started = Instant::now();
        if matches!(cmd.op, Op::Close { .. }) {
            let mut ctx = OpCtx::new(cmd.id, op_name, &cancel, &tx);
            let id = sock.id;
            let (outcome, snapshot) = ops::close::run(&mut ctx, sock, &env);
            metrics.sockets_open.fetch_sub(1, Ordering::Relaxed);
            let done = Done {
                id: cmd.id,
                op: op_name,
                sock: Some(id),
                reply: Reply::Result {
                    outcome,
                    trace: ctx.trace,
                    snapshot: Some(snapshot),
                    elapsed: started.elapsed(),
                },
                accepted: None,
                closed: true,
                payload: 0,
            };
            let _ = tx.send(TaskMsg::Done(Box::new(done))).await;
            return;
        }
        let done = if cancel.is_cancelled() {
            // Queued behind a call that `close` cancelled: it never runs.
            Done {
                id: cmd.id,
                op: op_name,
                sock: Some(sock.id),
                reply: Reply::Result {
                    outcome: Outcome::Cancelled {
                        reason: "socket closed".into(),
                    },
                    trace: Default::default(),
                    snapshot: None,
                    elapsed: Duration::ZERO,
                },
                accepted: None,
                closed: false,
                payload: cmd.op.payload_len(),
            }
        } else {
            execute(&mut sock, cmd, &tx, &cancel, &env).await
        };
        if tx.send(TaskMsg::Done(Box::new(done))).await.is_err() {
            break;
        }
    }
    // The session ended (or dropped us): the descriptor closes with `sock`.
    debug!(sock = %sock.id, fd = sock.raw_fd(), "closing socket with its session");
    metrics.sockets_open.fetch_sub(1, Ordering::Relaxed);
    let _ = sock.close();
}

async fn execute(
    sock: &mut LearnerSocket,
    cmd: SockCmd,
    tx: &mpsc::Sender<TaskMsg>,
    cancel: &CancellationToken,
    env: &SessionEnv,
) -> Done {
    let op_name = cmd.op.name();
    let payload = cmd.op.payload_len();
    let mut ctx = OpCtx::new(cmd.id, op_name, cancel, tx);
    let mut accepted = None;
    let result = match &cmd.op {
        Op::Bind { addr, .. } => ops::bind::run(&mut ctx, sock, env, addr).await,
        Op::Listen { backlog, .. } => ops::listen::run(&mut ctx, sock, *backlog),
        Op::Accept { .. } => match ops::accept::run(&mut ctx, sock).await {
            Ok(Ok((new, peer))) => {
                let family = sock.family;
                match LearnerSocket::new(SocketId(0), family, sock.kind, new, cmd.default_timeout) {
                    Ok(learner) => {
                        let snapshot = learner.snapshot();
                        accepted = Some(learner);
                        Ok(Outcome::Ok(shared::Value::Accepted {
                            socket: snapshot,
                            addr: crate::socket::to_sockaddr(peer),
                        }))
                    }
                    Err(errno) => Ok(Outcome::Err(PyError::from_errno(errno))),
                }
            }
            Ok(Err(e)) => Ok(Outcome::Err(e)),
            Err(stop) => Err(stop),
        },
        Op::Connect { addr, .. } => ops::connect::run(&mut ctx, sock, env, addr, false).await,
        Op::ConnectEx { addr, .. } => ops::connect::run(&mut ctx, sock, env, addr, true).await,
        Op::Send { data, .. } => ops::send::send(&mut ctx, sock, env, data.as_bytes()).await,
        Op::Sendall { data, .. } => ops::send::sendall(&mut ctx, sock, env, data.as_bytes()).await,
        Op::Sendto { data, addr, .. } => {
            ops::send::sendto(&mut ctx, sock, env, data.as_bytes(), addr).await
        }
        Op::Recv { bufsize, .. } => ops::recv::recv(&mut ctx, sock, env, *bufsize).await,
        Op::Recvfrom { bufsize, .. } => ops::recv::recvfrom(&mut ctx, sock, env, *bufsize).await,
        Op::Shutdown { how, .. } => ops::shutdown::run(&mut ctx, sock, *how),
        Op::Settimeout { timeout, .. } => ops::timeout::settimeout(&mut ctx, sock, *timeout),
        Op::Setblocking { flag, .. } => ops::timeout::setblocking(&mut ctx, sock, *flag),
        Op::Gettimeout { .. } => ops::timeout::gettimeout(sock),
        Op::Setsockopt { option, value, .. } => {
            ops::sockopt::set(&mut ctx, sock, env, *option, *value)
        }
        Op::Getsockopt { option, .. } => ops::sockopt::get(&mut ctx, sock, *option),
        Op::Getsockname { .. } => ops::names::run(&mut ctx, sock, ops::names::Which::Local),
        Op::Getpeername { .. } => ops::names::run(&mut ctx, sock, ops::names::Which::Peer),
        Op::Fileno { .. } => ops::names::fileno(&mut ctx, sock),
        // The session never routes other ops to a socket.
        other => Ok(Outcome::Err(PyError::plain(
            shared::ExceptionClass::TypeError,
            format!("{}() is not a socket method", other.name()),
        ))),
    };
    let reply = match result {
        Ok(outcome) => Reply::Result {
            outcome,
            snapshot: Some(sock.snapshot()),
            trace: ctx.trace,
            elapsed: ctx.started.elapsed(),
        },
        Err(Stop::Cancelled) => Reply::Result {
            outcome: Outcome::Cancelled {
                reason: "socket closed".into(),
            },
            snapshot: None,
            trace: ctx.trace,
            elapsed: ctx.started.elapsed(),
        },
        Err(Stop::Rejected(r)) => Reply::Rejected(r),
    };
    Done {
        id: cmd.id,
        op: op_name,
        sock: Some(sock.id),
        reply,
        accepted,
        closed: false,
        payload,
    }
}
