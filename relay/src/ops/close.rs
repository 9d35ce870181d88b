//! `s.close()`: release the descriptor for real (C20). Its number becomes
//! free for the kernel to hand out again.

use shared::{Outcome, PyError, SocketSnapshot, Value};

use super::OpCtx;
use crate::env::SessionEnv;
use crate::socket::LearnerSocket;

/// Closes the socket and returns the outcome with its last snapshot, marked
/// closed. CPython's `close()` ignores `ECONNRESET` but raises other errors;
/// so do we.
pub fn run(
    ctx: &mut OpCtx<'_>,
    sock: LearnerSocket,
    env: &SessionEnv,
) -> (Outcome, SocketSnapshot) {
    let mut snap = sock.snapshot();
    snap.closed = true;
    if let Some(bound) = sock.bound {
        env.remove_bound(bound);
    }
    let fd = sock.raw_fd();
    let res = sock.close();
    let (ret, errno) = match res {
        Ok(()) => (0, None),
        Err(e) => (-1, Some(e)),
    };
    ctx.syscall_raw("close", format!("fd={fd}"), ret, errno);
    let outcome = match errno {
        Some(e) if e != libc::ECONNRESET => Outcome::Err(PyError::from_errno(e)),
        _ => Outcome::Ok(Value::None),
    };
    (outcome, snap)
}
