//! `s.connect(addr)` and `s.connect_ex(addr)`.
//!
//! The descriptor is non-blocking, so a TCP connect answers `EINPROGRESS`;
//! Python then waits for writability and reads `SO_ERROR`, and so do we.
//! Refused (C4), timed out (C18) and non-blocking (C19) outcomes are the
//! kernel's own.

use shared::trace::Interest;
use shared::{Address, Outcome, PyError, Value};

use super::{addr_arg, fd_arg, refused, resolve, OpCtx, OpReturn, Stop, WaitFail};
use crate::env::SessionEnv;
use crate::socket::{errno_of, LearnerSocket};

/// Connects, raising on failure (`connect`) or returning the errno
/// (`connect_ex`, `ex = true`).
pub async fn run(
    ctx: &mut OpCtx<'_>,
    sock: &mut LearnerSocket,
    env: &SessionEnv,
    addr: &Address,
    ex: bool,
) -> OpReturn {
    let method = if ex { "connect_ex" } else { "connect" };
    let target = match resolve(ctx, env, sock.family, method, addr).await? {
        Ok(a) => a,
        Err(e) => return Ok(Outcome::Err(e)),
    };
    env.check_connect(target).map_err(refused)?;
    let result = connect(ctx, sock, target).await?;
    Ok(match (result, ex) {
        (Ok(()), false) => Outcome::Ok(Value::None),
        (Ok(()), true) => Outcome::Ok(Value::Int(0)),
        (Err(e), false) => Outcome::Err(e),
        // connect_ex returns the errno; a timeout is EWOULDBLOCK, as in CPython.
        (Err(e), true) => Outcome::Ok(Value::Int(i64::from(e.errno.unwrap_or(libc::EWOULDBLOCK)))),
    })
}

async fn connect(
    ctx: &mut OpCtx<'_>,
    sock: &mut LearnerSocket,
    target: std::net::SocketAddr,
) -> Result<Result<(), PyError>, Stop> {
    let res = sock.sock().connect(&target.into());
    ctx.syscall(
        "connect",
        format!("{}, {}", fd_arg(sock), addr_arg(&target)),
        &res,
        |_| 0,
    );
    // The socket's readiness changes with connect; start waiting afresh.
    sock.reregister();
    let errno = match res {
        Ok(()) => return Ok(Ok(())),
        Err(e) => errno_of(&e),
    };
    if errno != libc::EINPROGRESS || sock.non_blocking() {
        return Ok(Err(PyError::from_errno(errno)));
    }
    let deadline = ctx.deadline(sock);
    match ctx.wait(sock, Interest::Writable, deadline).await {
        Ok(()) => {}
        Err(WaitFail::TimedOut) => return Ok(Err(PyError::timed_out())),
        Err(WaitFail::Cancelled) => return Err(Stop::Cancelled),
    }
    let so_error = sock.sock().take_error();
    let args = format!("{}, SOL_SOCKET, SO_ERROR", fd_arg(sock));
    match &so_error {
        Ok(pending) => {
            let value = pending.as_ref().map(errno_of).unwrap_or(0);
            ctx.syscall_raw("getsockopt", args, 0, None);
            if value != 0 {
                ctx.note(format!(
                    "SO_ERROR = {value} ({})",
                    shared::errno::name(value).unwrap_or("?")
                ));
            }
        }
        Err(e) => ctx.syscall_raw("getsockopt", args, -1, Some(errno_of(e))),
    }
    Ok(match so_error {
        Ok(None) => {
            if sock.timeout.is_none() {
                finish_blocking_connect(ctx, sock, target);
            }
            Ok(())
        }
        Ok(Some(e)) | Err(e) => Err(PyError::from_errno(errno_of(&e))),
    })
}

/// A blocking `connect` in the kernel marks the socket connected before it
/// returns, so a second `connect` raises `EISCONN`. Our descriptor is
/// non-blocking; after `EINPROGRESS` completes, the kernel marks it only at
/// the next `connect`, which answers 0. Make that call now, so the socket
/// behaves as a blocking socket in CPython does (a socket with a timeout
/// behaves as CPython's own poll-based connect leaves it, unmarked).
fn finish_blocking_connect(
    ctx: &mut OpCtx<'_>,
    sock: &LearnerSocket,
    target: std::net::SocketAddr,
) {
    if sock.sock().connect(&target.into()).is_ok() {
        ctx.note("connect() again to complete it, as a blocking connect does inside the kernel");
    }
}
