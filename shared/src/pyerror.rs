//! Errors exactly as Python's `socket` module raises them.
//!
//! A failed system call is not a relay failure: it is the lesson. The relay
//! reports it as a [`PyError`] whose class, errno and message are what CPython
//! would print, so `ConnectionRefusedError: [Errno 111] Connection refused`
//! on the page is the line the learner will see at home.

use crate::errno;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The Python exception class a failure raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExceptionClass {
    /// Any other OS error.
    OSError,
    /// EAGAIN/EWOULDBLOCK, EINPROGRESS, EALREADY: a non-blocking call would block.
    BlockingIOError,
    /// EPIPE, ESHUTDOWN: writing to a closed connection.
    BrokenPipeError,
    /// ECONNABORTED.
    ConnectionAbortedError,
    /// ECONNREFUSED: nothing listens there.
    ConnectionRefusedError,
    /// ECONNRESET: the peer reset the connection.
    ConnectionResetError,
    /// ETIMEDOUT, or a `settimeout` that expired (`timed out`).
    TimeoutError,
    /// EACCES, EPERM.
    PermissionError,
    /// EINTR.
    InterruptedError,
    /// A port outside 0–65535 (raised before any system call).
    OverflowError,
    /// A bad argument value.
    ValueError,
    /// A bad argument type.
    TypeError,
    /// `socket.gaierror`: name resolution failed.
    #[serde(rename = "socket.gaierror")]
    Gaierror,
    /// `socket.herror`: host lookup failed.
    #[serde(rename = "socket.herror")]
    Herror,
}

impl ExceptionClass {
    /// The class for an errno, as CPython's `OSError` constructor picks it
    /// (PEP 3151).
    pub fn for_errno(errno: i32) -> Self {
        match errno::name(errno) {
            Some("EAGAIN" | "EALREADY" | "EINPROGRESS") => ExceptionClass::BlockingIOError,
            Some("EPIPE" | "ESHUTDOWN") => ExceptionClass::BrokenPipeError,
            Some("ECONNABORTED") => ExceptionClass::ConnectionAbortedError,
            Some("ECONNREFUSED") => ExceptionClass::ConnectionRefusedError,
            Some("ECONNRESET") => ExceptionClass::ConnectionResetError,
            Some("ETIMEDOUT") => ExceptionClass::TimeoutError,
            Some("EACCES" | "EPERM") => ExceptionClass::PermissionError,
            Some("EINTR") => ExceptionClass::InterruptedError,
            _ => ExceptionClass::OSError,
        }
    }

    /// The name Python prints in a traceback.
    pub fn python_name(self) -> &'static str {
        match self {
            ExceptionClass::OSError => "OSError",
            ExceptionClass::BlockingIOError => "BlockingIOError",
            ExceptionClass::BrokenPipeError => "BrokenPipeError",
            ExceptionClass::ConnectionAbortedError => "ConnectionAbortedError",
            ExceptionClass::ConnectionRefusedError => "ConnectionRefusedError",
            ExceptionClass::ConnectionResetError => "ConnectionResetError",
            ExceptionClass::TimeoutError => "TimeoutError",
            ExceptionClass::PermissionError => "PermissionError",
            ExceptionClass::InterruptedError => "InterruptedError",
            ExceptionClass::OverflowError => "OverflowError",
            ExceptionClass::ValueError => "ValueError",
            ExceptionClass::TypeError => "TypeError",
            ExceptionClass::Gaierror => "socket.gaierror",
            ExceptionClass::Herror => "socket.herror",
        }
    }
}

/// An exception as Python would raise it.
///
/// # Format
///
/// ```text
/// {"class": "ConnectionRefusedError", "errno": 111, "errno_name": "ECONNREFUSED",
///  "message": "[Errno 111] Connection refused"}
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PyError {
    /// The exception class.
    pub class: ExceptionClass,
    /// `e.errno`, when the exception has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errno: Option<i32>,
    /// The errno's symbolic name, for the learner (`ECONNREFUSED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errno_name: Option<String>,
    /// `str(e)`, exactly as CPython prints it.
    pub message: String,
}

impl PyError {
    /// The error a failed system call raises: `[Errno N] message`.
    pub fn from_errno(errno: i32) -> Self {
        PyError {
            class: ExceptionClass::for_errno(errno),
            errno: Some(errno),
            errno_name: errno::name(errno).map(str::to_string),
            message: format!("[Errno {errno}] {}", errno::message(errno)),
        }
    }

    /// `TimeoutError: timed out`, raised when a `settimeout` expires.
    pub fn timed_out() -> Self {
        PyError {
            class: ExceptionClass::TimeoutError,
            errno: None,
            errno_name: None,
            message: "timed out".into(),
        }
    }

    /// An exception without an errno (`OverflowError`, `ValueError`, …).
    pub fn plain(class: ExceptionClass, message: impl Into<String>) -> Self {
        PyError {
            class,
            errno: None,
            errno_name: None,
            message: message.into(),
        }
    }

    /// `socket.gaierror: [Errno -2] Name or service not known` and friends;
    /// `code` is the `EAI_*` value, negative as glibc defines it.
    pub fn gai(code: i32, message: impl Into<String>) -> Self {
        let message = message.into();
        PyError {
            class: ExceptionClass::Gaierror,
            errno: Some(code),
            errno_name: None,
            message: format!("[Errno {code}] {message}"),
        }
    }
}

impl fmt::Display for PyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.class.python_name(), self.message)
    }
}

impl std::error::Error for PyError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_errors_print_like_cpython() {
        assert_eq!(
            PyError::from_errno(111).to_string(),
            "ConnectionRefusedError: [Errno 111] Connection refused"
        );
        assert_eq!(
            PyError::from_errno(98).to_string(),
            "OSError: [Errno 98] Address already in use"
        );
        assert_eq!(
            PyError::from_errno(11).to_string(),
            "BlockingIOError: [Errno 11] Resource temporarily unavailable"
        );
        assert_eq!(
            PyError::from_errno(115).to_string(),
            "BlockingIOError: [Errno 115] Operation now in progress"
        );
        assert_eq!(
            PyError::from_errno(32).to_string(),
            "BrokenPipeError: [Errno 32] Broken pipe"
        );
        assert_eq!(PyError::timed_out().to_string(), "TimeoutError: timed out");
        assert_eq!(
            PyError::gai(-2, "Name or service not known").to_string(),
            "socket.gaierror: [Errno -2] Name or service not known"
        );
    }
}
