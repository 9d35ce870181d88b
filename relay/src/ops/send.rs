//! `send`, `sendall` and `sendto`.
//!
//! Every `send()` is real and uses `MSG_NOSIGNAL`, as CPython ignores
//! `SIGPIPE` and raises `BrokenPipeError` instead. The three Python modes
//! differ exactly as they do in CPython:
//! - blocking: the kernel's blocking `send()` returns only when every byte
//!   is queued, so the relay loops over non-blocking sends and waits, and
//!   returns the full count (the trace shows each piece);
//! - timeout: one `send()` once the socket is writable — it may send fewer
//!   bytes than given (C13);
//! - non-blocking: one `send()` now, or `BlockingIOError`.

use shared::trace::Interest;
use shared::{Address, Outcome, PyError, Value};
use std::time::{Duration, Instant};

use super::{addr_arg, fd_arg, refused, resolve, OpCtx, OpReturn, Progress, Stop, TaskMsg};
use crate::env::SessionEnv;
use crate::socket::LearnerSocket;

/// How often a long `sendall` reports progress.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

/// One `send()` with `MSG_NOSIGNAL`, traced.
fn send_once(ctx: &mut OpCtx<'_>, sock: &LearnerSocket, data: &[u8]) -> std::io::Result<usize> {
    let r = sock.sock().send_with_flags(data, libc::MSG_NOSIGNAL);
    ctx.syscall(
        "send",
        format!("{}, {} bytes, MSG_NOSIGNAL", fd_arg(sock), data.len()),
        &r,
        |n| *n as i64,
    );
    r
}

/// `s.send(data)`.
pub async fn send(
    ctx: &mut OpCtx<'_>,
    sock: &LearnerSocket,
    env: &SessionEnv,
    data: &[u8],
) -> OpReturn {
    if sock.timeout.is_none() {
        // A blocking send() returns when everything is queued.
        ctx.note("blocking send(): the kernel returns once every byte is queued; the relay does the same with non-blocking sends");
        return sendall_loop(ctx, sock, env, data, false)
            .await
            .map(|r| super::outcome(r.map(|n| Value::Int(n as i64))));
    }
    let deadline = ctx.deadline(sock);
    let r = ctx
        .retry(sock, Interest::Writable, deadline, |ctx| {
            send_once(ctx, sock, data)
        })
        .await?;
    if let Ok(n) = &r {
        count_sent(env, *n);
    }
    Ok(super::outcome(r.map(|n| Value::Int(n as i64))))
}

/// `s.sendall(data)`: sends until every byte is queued; the timeout bounds
/// the whole call (CPython ≥ 3.5). Reports progress while it loops (C14).
pub async fn sendall(
    ctx: &mut OpCtx<'_>,
    sock: &LearnerSocket,
    env: &SessionEnv,
    data: &[u8],
) -> OpReturn {
    sendall_loop(ctx, sock, env, data, true)
        .await
        .map(|r| super::outcome(r.map(|_| Value::None)))
}

async fn sendall_loop(
    ctx: &mut OpCtx<'_>,
    sock: &LearnerSocket,
    env: &SessionEnv,
    data: &[u8],
    report: bool,
) -> Result<Result<usize, PyError>, Stop> {
    let deadline = ctx.deadline(sock);
    let mut sent = 0usize;
    let mut last_report = Instant::now();
    loop {
        let rest = data.get(sent..).unwrap_or_default();
        let r = ctx
            .retry(sock, Interest::Writable, deadline, |ctx| {
                send_once(ctx, sock, rest)
            })
            .await?;
        match r {
            Ok(n) => {
                sent += n;
                count_sent(env, n);
            }
            Err(e) => return Ok(Err(e)),
        }
        if sent >= data.len() {
            return Ok(Ok(sent));
        }
        if report && last_report.elapsed() >= PROGRESS_EVERY {
            last_report = Instant::now();
            let _ = ctx
                .progress
                .send(TaskMsg::Progress(Progress::Sent {
                    id: ctx.id,
                    sock: sock.id,
                    done: sent as u64,
                    total: data.len() as u64,
                }))
                .await;
        }
    }
}

/// `s.sendto(data, addr)`: one datagram (or, on a stream socket, whatever
/// the kernel says: `EISCONN`, or the data on a connected socket).
pub async fn sendto(
    ctx: &mut OpCtx<'_>,
    sock: &LearnerSocket,
    env: &SessionEnv,
    data: &[u8],
    addr: &Address,
) -> OpReturn {
    let target = match resolve(ctx, env, sock.family, "sendto", addr).await? {
        Ok(a) => a,
        Err(e) => return Ok(Outcome::Err(e)),
    };
    env.check_connect(target).map_err(refused)?;
    let deadline = ctx.deadline(sock);
    let dest = socket2::SockAddr::from(target);
    let r = ctx
        .retry(sock, Interest::Writable, deadline, |ctx| {
            let r = sock
                .sock()
                .send_to_with_flags(data, &dest, libc::MSG_NOSIGNAL);
            ctx.syscall(
                "sendto",
                format!(
                    "{}, {} bytes, MSG_NOSIGNAL, {}",
                    fd_arg(sock),
                    data.len(),
                    addr_arg(&target)
                ),
                &r,
                |n| *n as i64,
            );
            r
        })
        .await?;
    if let Ok(n) = &r {
        count_sent(env, *n);
    }
    Ok(super::outcome(r.map(|n| Value::Int(n as i64))))
}

fn count_sent(env: &SessionEnv, n: usize) {
    env.relay
        .metrics
        .bytes_sent
        .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
}
