//! `s.shutdown(how)`: half-close a connection. After `SHUT_WR` the peer's
//! `recv` returns `b''` while this side can still read.

use shared::{Outcome, PyError, ShutdownHow, Value};
use std::net::Shutdown;

use super::{fd_arg, OpCtx, OpReturn};
use crate::socket::{errno_of, LearnerSocket};

/// Calls `shutdown()`; `ENOTCONN` on an unconnected socket is the kernel's answer.
pub fn run(ctx: &mut OpCtx<'_>, sock: &LearnerSocket, how: ShutdownHow) -> OpReturn {
    let h = match how {
        ShutdownHow::Read => Shutdown::Read,
        ShutdownHow::Write => Shutdown::Write,
        ShutdownHow::Both => Shutdown::Both,
    };
    let res = sock.sock().shutdown(h);
    ctx.syscall(
        "shutdown",
        format!("{}, {}", fd_arg(sock), how.python_name()),
        &res,
        |_| 0,
    );
    Ok(match res {
        Ok(()) => Outcome::Ok(Value::None),
        Err(e) => Outcome::Err(PyError::from_errno(errno_of(&e))),
    })
}
