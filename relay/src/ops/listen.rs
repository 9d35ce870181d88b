//! `s.listen(backlog)`: mark a bound stream socket as accepting connections.

use shared::{Outcome, PyError, Value};

use super::{fd_arg, OpCtx, OpReturn};
use crate::socket::{errno_of, LearnerSocket};

/// Python's default backlog when none is given: `min(SOMAXCONN, 128)`.
pub const DEFAULT_BACKLOG: i32 = 128;

/// Calls `listen()`. A negative backlog becomes 0, as in CPython.
pub fn run(ctx: &mut OpCtx<'_>, sock: &mut LearnerSocket, backlog: Option<i32>) -> OpReturn {
    let backlog = backlog.unwrap_or(DEFAULT_BACKLOG).max(0);
    let res = sock.sock().listen(backlog);
    ctx.syscall(
        "listen",
        format!("{}, {backlog}", fd_arg(sock)),
        &res,
        |_| 0,
    );
    // A listener's readiness means "connection waiting"; start afresh.
    sock.reregister();
    Ok(match res {
        Ok(()) => Outcome::Ok(Value::None),
        Err(e) => Outcome::Err(PyError::from_errno(errno_of(&e))),
    })
}
