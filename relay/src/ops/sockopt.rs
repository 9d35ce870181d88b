//! `setsockopt` and `getsockopt` for the options the playground teaches.
//! Each is the genuine syscall with the real level and option number, so
//! the kernel's quirks show (it doubles `SO_RCVBUF`, for one).

use shared::{ExceptionClass, OptValue, Outcome, PyError, SockOpt, Value};

use super::{fd_arg, refused, OpCtx, OpReturn};
use crate::env::SessionEnv;
use crate::socket::{errno_of, LearnerSocket};
use crate::sys;

/// The kernel's `(level, optname)` for an option.
pub fn numbers(opt: SockOpt) -> (i32, i32) {
    match opt {
        SockOpt::ReuseAddr => (libc::SOL_SOCKET, libc::SO_REUSEADDR),
        SockOpt::ReusePort => (libc::SOL_SOCKET, libc::SO_REUSEPORT),
        SockOpt::RcvBuf => (libc::SOL_SOCKET, libc::SO_RCVBUF),
        SockOpt::SndBuf => (libc::SOL_SOCKET, libc::SO_SNDBUF),
        SockOpt::KeepAlive => (libc::SOL_SOCKET, libc::SO_KEEPALIVE),
        SockOpt::Linger => (libc::SOL_SOCKET, libc::SO_LINGER),
        SockOpt::Broadcast => (libc::SOL_SOCKET, libc::SO_BROADCAST),
        SockOpt::TcpNoDelay => (libc::IPPROTO_TCP, libc::TCP_NODELAY),
        SockOpt::V6Only => (libc::IPPROTO_IPV6, libc::IPV6_V6ONLY),
    }
}

/// `s.setsockopt(level, option, value)`.
pub fn set(
    ctx: &mut OpCtx<'_>,
    sock: &LearnerSocket,
    env: &SessionEnv,
    opt: SockOpt,
    value: OptValue,
) -> OpReturn {
    env.relay.policy.check_sockopt(opt).map_err(refused)?;
    let (level, name) = numbers(opt);
    let args = |v: String| {
        format!(
            "{}, {}, {}, {v}",
            fd_arg(sock),
            opt.level_name(),
            opt.python_name()
        )
    };
    let res = match (opt, value) {
        (SockOpt::Linger, OptValue::Linger { onoff, seconds }) => {
            let r = sys::set_linger(sock.raw_fd(), onoff, seconds);
            ctx.syscall(
                "setsockopt",
                args(format!(
                    "{{l_onoff={}, l_linger={seconds}}}",
                    i32::from(onoff)
                )),
                &r,
                |_| 0,
            );
            r
        }
        (SockOpt::Linger, OptValue::Int(_)) => return Ok(Outcome::Err(PyError::plain(
            ExceptionClass::TypeError,
            "SO_LINGER takes a struct linger: pass (onoff, seconds), e.g. struct.pack('ii', 1, 0)",
        ))),
        (_, OptValue::Int(v)) => {
            let Ok(v) = i32::try_from(v) else {
                return Ok(Outcome::Err(PyError::plain(
                    ExceptionClass::OverflowError,
                    "Python int too large to convert to C int",
                )));
            };
            let r = sys::setsockopt_int(sock.raw_fd(), level, name, v);
            ctx.syscall("setsockopt", args(v.to_string()), &r, |_| 0);
            r
        }
        (_, OptValue::Linger { .. }) => {
            return Ok(Outcome::Err(PyError::plain(
                ExceptionClass::TypeError,
                format!("{} takes an integer", opt.python_name()),
            )))
        }
    };
    Ok(match res {
        Ok(()) => Outcome::Ok(Value::None),
        Err(e) => Outcome::Err(PyError::from_errno(errno_of(&e))),
    })
}

/// `s.getsockopt(level, option)`.
pub fn get(ctx: &mut OpCtx<'_>, sock: &LearnerSocket, opt: SockOpt) -> OpReturn {
    let (level, name) = numbers(opt);
    let args = format!(
        "{}, {}, {}",
        fd_arg(sock),
        opt.level_name(),
        opt.python_name()
    );
    if opt == SockOpt::Linger {
        let r = sys::get_linger(sock.raw_fd());
        ctx.syscall("getsockopt", args, &r, |_| 0);
        return Ok(match r {
            Ok((onoff, seconds)) => Outcome::Ok(Value::Linger(OptValue::Linger { onoff, seconds })),
            Err(e) => Outcome::Err(PyError::from_errno(errno_of(&e))),
        });
    }
    let r = sys::getsockopt_int(sock.raw_fd(), level, name);
    ctx.syscall("getsockopt", args, &r, |_| 0);
    Ok(match r {
        Ok(v) => Outcome::Ok(Value::Int(i64::from(v))),
        Err(e) => Outcome::Err(PyError::from_errno(errno_of(&e))),
    })
}
