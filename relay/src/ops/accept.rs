//! `conn, addr = s.accept()`: wait for a connection in the accept queue and
//! take it (C8, C12). The new descriptor becomes a new learner socket.

use shared::trace::Interest;
use shared::PyError;
use socket2::Socket;
use std::net::SocketAddr;

use super::{fd_arg, OpCtx, Stop};
use crate::socket::LearnerSocket;

/// Accepts one connection: the new socket and the peer's address, or the
/// Python exception (`BlockingIOError`, `TimeoutError`, `EINVAL` when the
/// socket is not listening).
///
/// # Errors
///
/// [`Stop::Cancelled`] when the listener is closed meanwhile.
pub async fn run(
    ctx: &mut OpCtx<'_>,
    sock: &LearnerSocket,
) -> Result<Result<(Socket, SocketAddr), PyError>, Stop> {
    let deadline = ctx.deadline(sock);
    let args = format!("{}, …, SOCK_CLOEXEC", fd_arg(sock));
    let res = ctx
        .retry(sock, Interest::Readable, deadline, |ctx| {
            let r = sock.sock().accept();
            ctx.syscall("accept4", args.clone(), &r, |(s, _)| {
                use std::os::fd::AsRawFd;
                i64::from(s.as_raw_fd())
            });
            r
        })
        .await?;
    Ok(res.and_then(|(s, addr)| match addr.as_socket() {
        Some(a) => Ok((s, a)),
        None => Err(PyError::plain(
            shared::ExceptionClass::OSError,
            "accepted a non-IP peer",
        )),
    }))
}
