//! `s.bind((host, port))`: resolve, ask the policy, then `bind()`.

use shared::{Address, Outcome, PyError, Value};

use super::{addr_arg, fd_arg, refused, resolve, OpCtx, OpReturn};
use crate::env::SessionEnv;
use crate::socket::{errno_of, LearnerSocket};

/// Binds the socket. Port 0 asks the kernel for an ephemeral port, which the
/// snapshot then shows (C5); a port in use fails with `EADDRINUSE` (C9).
pub async fn run(
    ctx: &mut OpCtx<'_>,
    sock: &mut LearnerSocket,
    env: &SessionEnv,
    addr: &Address,
) -> OpReturn {
    let target = match resolve(ctx, env, sock.family, "bind", addr).await? {
        Ok(a) => a,
        Err(e) => return Ok(Outcome::Err(e)),
    };
    env.relay.policy.check_bind(target).map_err(refused)?;
    let res = sock.sock().bind(&target.into());
    ctx.syscall(
        "bind",
        format!("{}, {}", fd_arg(sock), addr_arg(&target)),
        &res,
        |_| 0,
    );
    match res {
        Ok(()) => {
            if let Some(local) = sock.sock().local_addr().ok().and_then(|a| a.as_socket()) {
                env.add_bound(local, sock.kind);
                sock.bound = Some(local);
                if target.port() == 0 {
                    ctx.note(format!(
                        "the kernel picked port {} (ephemeral)",
                        local.port()
                    ));
                }
            }
            Ok(Outcome::Ok(Value::None))
        }
        Err(e) => Ok(Outcome::Err(PyError::from_errno(errno_of(&e)))),
    }
}
