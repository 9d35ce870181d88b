//! The op builder's logic: which socket calls a learner can build, which
//! inputs each one shows, which are sensible next steps for a socket, and
//! how the typed inputs become an [`Op`](shared::Op) — with no DOM, no yew and no I/O,
//! so all of it is unit-tested natively.
//!
//! # Shape
//!
//! - [`OpKind`] ([`catalogue`]): every socket call the builder offers, with
//!   its Python name, the [`Field`]s its form shows (in order) and a
//!   one-line hint; [`suggested`] says whether a call is a sensible next
//!   step for a socket in its current state, so the page can make those
//!   prominent while every other call stays one click away (and produces
//!   the genuine error when tried).
//! - [`Form`] ([`form`]): the inputs exactly as typed (numbers stay strings
//!   so that `abc` can be shown and explained); [`Form::build`] turns them
//!   into an [`Op`](shared::Op) or an [`Invalid`].
//! - [`parse_payload`] and [`describe`] ([`payload`]): the data field, as
//!   UTF-8 text, a Python bytes literal (`b'GET / HTTP/1.0\r\n\r\n'`,
//!   decoded exactly as CPython does) or hex.
//!
//! # What is checked before sending, and what is not
//!
//! [`Form::build`] refuses an argument in two cases only:
//!
//! - [`InvalidKind::Python`]: CPython itself would raise *before any system
//!   call*, for this argument, on this socket — `recv(-1)`, `settimeout(-1)`,
//!   `bind(('127.0.0.1', 70000))`. The page shows it as the Python
//!   exception line; the learner sees what Python would print, without a
//!   round trip. The messages were checked against CPython 3.11.
//! - [`InvalidKind::Input`]: the page cannot even form the argument (an
//!   empty port, `abc` in a number field, odd hex). There is no faithful
//!   Python equivalent — in Python the learner would have typed a different
//!   program — so the message is written for the learner instead.
//!
//! Everything the kernel (or name resolution) decides is sent as typed:
//! `shutdown` on an unconnected socket, a port in use, a negative backlog
//! (CPython clamps it to 0), a host name that may not resolve. The relay
//! mirrors CPython's full order of checks, so the learner sees the genuine
//! errno. When the order is uncertain from here (`('localhost', 70000)`:
//! CPython resolves the name before it checks the port) the builder sends
//! too, and lets the relay answer.

pub mod catalogue;
pub mod form;
mod number;
pub mod payload;

pub use catalogue::{suggested, OpKind};
pub use form::Form;
pub use payload::{describe, is_bytes_literal, parse_payload, PayloadFormat};

use shared::PyError;
use std::fmt;

/// One input of the builder's form. The page lays out
/// [`OpKind::fields`] in order and attaches an [`Invalid`] to the field it
/// names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The socket the call acts on; not in any [`OpKind::fields`] list (the
    /// page picks it elsewhere) but named by an [`Invalid`] when missing.
    Socket,
    /// `socket()`'s address family: `AF_INET` or `AF_INET6`.
    Family,
    /// `socket()`'s type: `SOCK_STREAM` (TCP) or `SOCK_DGRAM` (UDP).
    Type,
    /// The host of a `(host, port)` address.
    Host,
    /// The port of a `(host, port)` address.
    Port,
    /// `listen(backlog)`; empty means Python's default.
    Backlog,
    /// `recv(bufsize)` / `recvfrom(bufsize)`.
    Bufsize,
    /// The bytes to send, with their [`PayloadFormat`].
    Data,
    /// `settimeout(value)`: seconds, `0`, or `None`.
    Timeout,
    /// `setblocking(flag)`.
    Flag,
    /// `shutdown(how)`.
    How,
    /// The option of `setsockopt` / `getsockopt` (its level is implied).
    Option,
    /// The value `setsockopt` sets.
    OptValue,
}

impl Field {
    /// The label the form shows: the parameter's name as Python's
    /// documentation spells it, so the form reads like the call.
    pub fn label(self) -> &'static str {
        match self {
            Field::Socket => "socket",
            Field::Family => "family",
            Field::Type => "type",
            Field::Host => "host",
            Field::Port => "port",
            Field::Backlog => "backlog",
            Field::Bufsize => "bufsize",
            Field::Data => "data",
            Field::Timeout => "timeout",
            Field::Flag => "flag",
            Field::How => "how",
            Field::Option => "option",
            Field::OptValue => "value",
        }
    }

    /// A stable kebab-case name, usable as an HTML id and a `data-testid`:
    /// tests and the page's CSS rely on it, so it never changes with the
    /// label.
    pub fn id(self) -> &'static str {
        match self {
            Field::Socket => "socket",
            Field::Family => "family",
            Field::Type => "type",
            Field::Host => "host",
            Field::Port => "port",
            Field::Backlog => "backlog",
            Field::Bufsize => "bufsize",
            Field::Data => "data",
            Field::Timeout => "timeout",
            Field::Flag => "flag",
            Field::How => "how",
            Field::Option => "option",
            Field::OptValue => "opt-value",
        }
    }
}

/// Why [`Form::build`] did not produce an op: which field, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    /// The field to highlight.
    pub field: Field,
    /// What is wrong with it.
    pub kind: InvalidKind,
}

/// The two ways an argument can be refused before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvalidKind {
    /// Exactly what CPython raises for this argument before any system
    /// call; the page shows it as the exception line Python would print.
    Python(PyError),
    /// The page cannot form the argument at all; a sentence for the learner.
    Input(String),
}

impl Invalid {
    /// A CPython exception for `field`.
    pub(crate) fn python(field: Field, error: PyError) -> Self {
        Invalid {
            field,
            kind: InvalidKind::Python(error),
        }
    }

    /// An input the page cannot use, for `field`.
    pub(crate) fn input(field: Field, message: impl Into<String>) -> Self {
        Invalid {
            field,
            kind: InvalidKind::Input(message.into()),
        }
    }
}

impl fmt::Display for Invalid {
    /// The Python exception line (`OverflowError: bind(): port must be
    /// 0-65535.`) or the learner's sentence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            InvalidKind::Python(e) => write!(f, "{e}"),
            InvalidKind::Input(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Invalid {}

/// Data the page cannot turn into bytes (a malformed bytes literal, bad
/// hex). A bytes literal's error is CPython's own `SyntaxError` line,
/// since that is what the learner's program would stop with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError(pub String);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

#[cfg(test)]
mod tests;
