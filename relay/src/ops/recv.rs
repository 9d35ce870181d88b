//! `recv(bufsize)` and `recvfrom(bufsize)`.
//!
//! `recv(16)` returns at most 16 bytes, possibly fewer (C15); `b''` means the
//! peer closed (C16). The buffer is capped at the relay's payload limit,
//! which only makes the call return fewer bytes — something any `recv` may do.

use shared::trace::Interest;
use shared::{ExceptionClass, Outcome, Payload, PyError, Value};

use super::{fd_arg, OpCtx, OpReturn};
use crate::env::SessionEnv;
use crate::socket::{to_sockaddr, LearnerSocket};
use crate::sys;

/// Validates `bufsize` as CPython does and caps it at the payload limit.
fn buffer(
    ctx: &mut OpCtx<'_>,
    env: &SessionEnv,
    bufsize: i64,
    method: &str,
) -> Result<usize, PyError> {
    if bufsize < 0 {
        return Err(PyError::plain(
            ExceptionClass::ValueError,
            format!("negative buffersize in {method}"),
        ));
    }
    let cap = env.relay.config.limits.max_payload as usize;
    let want = usize::try_from(bufsize).unwrap_or(usize::MAX);
    if want > cap {
        ctx.note(format!(
            "bufsize capped at the relay's payload limit of {cap} bytes"
        ));
    }
    Ok(want.min(cap))
}

/// `s.recv(bufsize)`.
pub async fn recv(
    ctx: &mut OpCtx<'_>,
    sock: &LearnerSocket,
    env: &SessionEnv,
    bufsize: i64,
) -> OpReturn {
    let len = match buffer(ctx, env, bufsize, "recv") {
        Ok(n) => n,
        Err(e) => return Ok(Outcome::Err(e)),
    };
    let mut buf = vec![0u8; len];
    let deadline = ctx.deadline(sock);
    let r = ctx
        .retry(sock, Interest::Readable, deadline, |ctx| {
            let r = sys::recv(sock.raw_fd(), &mut buf);
            ctx.syscall("recv", format!("{}, {len}, 0", fd_arg(sock)), &r, |n| {
                *n as i64
            });
            r
        })
        .await?;
    Ok(match r {
        Ok(n) => {
            count_received(env, n);
            buf.truncate(n);
            if n == 0 && len > 0 {
                ctx.note("recv returned 0 bytes: the peer closed its side (EOF)");
            }
            Outcome::Ok(Value::Bytes(Payload(buf)))
        }
        Err(e) => Outcome::Err(e),
    })
}

/// `s.recvfrom(bufsize)`: one datagram and its sender; a datagram longer
/// than `bufsize` is truncated and the rest is lost (C3).
pub async fn recvfrom(
    ctx: &mut OpCtx<'_>,
    sock: &LearnerSocket,
    env: &SessionEnv,
    bufsize: i64,
) -> OpReturn {
    let len = match buffer(ctx, env, bufsize, "recvfrom") {
        Ok(n) => n,
        Err(e) => return Ok(Outcome::Err(e)),
    };
    let mut buf = vec![0u8; len];
    let deadline = ctx.deadline(sock);
    let r = ctx
        .retry(sock, Interest::Readable, deadline, |ctx| {
            let r = sys::recvfrom(sock.raw_fd(), &mut buf);
            ctx.syscall(
                "recvfrom",
                format!("{}, {len}, 0, …", fd_arg(sock)),
                &r,
                |(n, _)| *n as i64,
            );
            r
        })
        .await?;
    Ok(match r {
        Ok((n, from)) => {
            count_received(env, n);
            buf.truncate(n);
            let data = Payload(buf);
            match from {
                Some(addr) => Outcome::Ok(Value::Datagram {
                    data,
                    addr: to_sockaddr(addr),
                }),
                // A connected stream socket reports no sender; CPython then returns None.
                None => Outcome::Ok(Value::Datagram {
                    data,
                    addr: shared::SockAddr {
                        ip: String::new(),
                        port: 0,
                    },
                }),
            }
        }
        Err(e) => Outcome::Err(e),
    })
}

fn count_received(env: &SessionEnv, n: usize) {
    env.relay
        .metrics
        .bytes_received
        .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
}
