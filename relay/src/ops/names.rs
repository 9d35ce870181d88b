//! `getsockname()`, `getpeername()` and `fileno()`.

use shared::{Outcome, PyError, SockAddr, Value};

use super::{fd_arg, OpCtx, OpReturn};
use crate::socket::{errno_of, to_sockaddr, LearnerSocket};

/// Which name to ask the kernel for.
#[derive(Clone, Copy, Debug)]
pub enum Which {
    /// `getsockname()`: our own address.
    Local,
    /// `getpeername()`: the connected peer (`ENOTCONN` if none).
    Peer,
}

/// Asks the kernel for the socket's own or peer address.
pub fn run(ctx: &mut OpCtx<'_>, sock: &LearnerSocket, which: Which) -> OpReturn {
    let (call, res) = match which {
        Which::Local => ("getsockname", sock.sock().local_addr()),
        Which::Peer => ("getpeername", sock.sock().peer_addr()),
    };
    ctx.syscall(call, fd_arg(sock), &res, |_| 0);
    Ok(match res {
        Ok(a) => match a.as_socket() {
            Some(a) => Outcome::Ok(Value::Addr(to_sockaddr(a))),
            None => Outcome::Ok(Value::Addr(SockAddr {
                ip: String::new(),
                port: 0,
            })),
        },
        Err(e) => Outcome::Err(PyError::from_errno(errno_of(&e))),
    })
}

/// `fileno()`: the relay's real descriptor number; no syscall needed.
pub fn fileno(ctx: &mut OpCtx<'_>, sock: &LearnerSocket) -> OpReturn {
    ctx.note("fileno() reads the descriptor number Python keeps; no system call");
    Ok(Outcome::Ok(Value::Int(i64::from(sock.raw_fd()))))
}
