//! `settimeout`, `setblocking` and `gettimeout`: Python-level state.
//!
//! CPython implements timeouts by making the descriptor non-blocking and
//! polling; the relay's descriptors are always non-blocking and it waits on
//! its event loop, so these calls change no kernel state (the trace says so).

use shared::{ExceptionClass, Outcome, PyError, Value};
use std::time::Duration;

use super::{OpCtx, OpReturn};
use crate::socket::LearnerSocket;

/// Checks a timeout as CPython's `settimeout` does.
///
/// # Errors
///
/// `ValueError` for negative or NaN values.
pub fn parse(timeout: Option<f64>) -> Result<Option<Duration>, PyError> {
    match timeout {
        None => Ok(None),
        Some(t) if t.is_nan() => Err(PyError::plain(
            ExceptionClass::ValueError,
            "Invalid value NaN (not a number)",
        )),
        Some(t) if t < 0.0 => Err(PyError::plain(
            ExceptionClass::ValueError,
            "Timeout value out of range",
        )),
        Some(t) => Duration::try_from_secs_f64(t).map(Some).map_err(|_| {
            PyError::plain(
                ExceptionClass::OverflowError,
                "timeout doesn't fit into C timeval",
            )
        }),
    }
}

/// `s.settimeout(t)`.
pub fn settimeout(ctx: &mut OpCtx<'_>, sock: &mut LearnerSocket, timeout: Option<f64>) -> OpReturn {
    Ok(match parse(timeout) {
        Ok(t) => {
            sock.timeout = t;
            ctx.note(describe(t));
            Outcome::Ok(Value::None)
        }
        Err(e) => Outcome::Err(e),
    })
}

/// `s.setblocking(flag)`: `True` is `settimeout(None)`, `False` is `settimeout(0.0)`.
pub fn setblocking(ctx: &mut OpCtx<'_>, sock: &mut LearnerSocket, flag: bool) -> OpReturn {
    sock.timeout = if flag { None } else { Some(Duration::ZERO) };
    ctx.note(describe(sock.timeout));
    Ok(Outcome::Ok(Value::None))
}

/// `s.gettimeout()`.
pub fn gettimeout(sock: &LearnerSocket) -> OpReturn {
    Ok(Outcome::Ok(match sock.timeout_secs() {
        Some(t) => Value::Float(t),
        None => Value::None,
    }))
}

fn describe(t: Option<Duration>) -> String {
    match t {
        None => "blocking mode: calls wait as long as it takes (no system call: the relay waits on its event loop)".into(),
        Some(d) if d.is_zero() => "non-blocking mode: a call that would wait raises BlockingIOError at once (no system call)".into(),
        Some(d) => format!(
            "timeout mode: calls wait at most {}s, then raise TimeoutError (no system call)",
            d.as_secs_f64()
        ),
    }
}
