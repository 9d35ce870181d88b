//! Plain-language explanations: one sentence for a learner saying what
//! happened and why, shown under the exception line Python would print.
//!
//! The exception line (`ConnectionRefusedError: [Errno 111] Connection
//! refused`) is what the learner will meet at home; the sentence is what a
//! teacher standing next to them would add. It is keyed by the exception
//! class, the errno name and the call that failed, because the same errno
//! means different things to different calls (`ECONNRESET` on `recv` is
//! lost data; on `connect`, a refused handshake).
//!
//! Relay refusals ([`explain_rejection`]) get their own sentences that say
//! plainly they are the playground's rules, not the operating system's.

mod errno;
mod rejection;

pub use rejection::explain_rejection;

use shared::{ExceptionClass, PyError};

/// One sentence explaining `err`, raised by the call named `op` (`recv`,
/// `connect`, `getaddrinfo`, …, as [`shared::Op::name`] spells it).
///
/// Always returns a sentence: errors this module has no words for get a
/// generic one naming the errno or exception, so the page never shows an
/// empty explanation.
pub fn explain(err: &PyError, op: &str) -> String {
    match err.class {
        ExceptionClass::Gaierror => gai(err),
        ExceptionClass::Herror => herror(err),
        ExceptionClass::OverflowError => overflow(err, op),
        ExceptionClass::ValueError => value_error(err, op),
        ExceptionClass::TypeError if err.message.contains("null character") => {
            "A name handed to the C library cannot contain a NUL character (C strings end at the first NUL), so Python refused it.".into()
        }
        ExceptionClass::TypeError => format!(
            "An argument of {op} has the wrong type, so Python raised before making any system call."
        ),
        ExceptionClass::TimeoutError if err.errno.is_none() => timed_out(op),
        _ => match errno_name(err) {
            Some(name) => {
                errno::sentence(name, op).unwrap_or_else(|| generic_errno(name, err, op))
            }
            None => without_errno(err, op),
        },
    }
}

/// The note shown when `recv` returns `b''` (C16): not an error, but the
/// one return value a learner must learn to read as "the peer closed".
pub fn eof_note() -> &'static str {
    "The peer closed its side (EOF): recv returns b'' and will keep returning it."
}

/// The errno's symbolic name: the one the relay sent, or looked up from
/// the number.
fn errno_name(err: &PyError) -> Option<&str> {
    err.errno_name
        .as_deref()
        .or_else(|| err.errno.and_then(shared::errno::name))
}

/// `str(e)` without its `[Errno N] ` prefix: the C library's own words.
fn bare_message(err: &PyError) -> &str {
    match err.message.strip_prefix("[Errno ") {
        Some(rest) => rest.split_once("] ").map_or(rest, |(_, text)| text),
        None => &err.message,
    }
}

fn generic_errno(name: &str, err: &PyError, op: &str) -> String {
    format!(
        "The operating system answered {op} with the error {name} (\"{}\"), so Python raised {}.",
        bare_message(err),
        err.class.python_name()
    )
}

fn without_errno(err: &PyError, op: &str) -> String {
    let msg = err.message.as_str();
    match msg {
        "service/proto not found" => "The services database of the relay's machine (/etc/services) has no entry for that service name and protocol.".into(),
        "port/proto not found" => "The services database of the relay's machine (/etc/services) has no entry for that port and protocol.".into(),
        "protocol not found" => "The protocols database of the relay's machine (/etc/protocols) has no protocol of that name.".into(),
        "address family mismatched" => format!("That address belongs to the other IP family than the one {op} was asked for (IPv4 versus IPv6), so Python refused it."),
        _ => format!(
            "Python raised {} in {op}: {}.",
            err.class.python_name(),
            msg.trim_end_matches('.')
        ),
    }
}

fn timed_out(op: &str) -> String {
    match op {
        "recv" | "recvfrom" => {
            "No data arrived within the socket's timeout (settimeout), so the call gave up.".into()
        }
        "accept" => {
            "No client connected within the socket's timeout (settimeout), so accept gave up."
                .into()
        }
        "connect" | "connect_ex" => "The connection was not set up within the socket's timeout (settimeout), so connect gave up.".into(),
        "sendall" => "The peer was not reading, so the send buffer stayed full for longer than the socket's timeout (settimeout); sendall gave up, and part of the data may already have been sent.".into(),
        "send" | "sendto" => format!("The peer was not reading, so the send buffer stayed full for longer than the socket's timeout (settimeout) and {op} gave up."),
        _ => format!("The call did not finish within the socket's timeout (settimeout), so {op} gave up."),
    }
}

fn overflow(err: &PyError, op: &str) -> String {
    if err.message.contains("port") || op == "getservbyport" {
        "Valid ports are 0–65535 (a port is a 16-bit number; 0 asks the kernel to pick a free one), so Python raised before making any system call.".into()
    } else if err.message.contains("timeval") {
        "That timeout is too large for the operating system's time value, so Python raised before making any system call.".into()
    } else {
        "That number is too large for the C integer the system call takes, so Python raised before making any system call.".into()
    }
}

fn value_error(err: &PyError, op: &str) -> String {
    let msg = err.message.as_str();
    if msg.contains("idna") {
        "That host name cannot be encoded for the DNS (a label is empty or longer than 63 characters), so it was never looked up.".into()
    } else if msg.contains("null character") {
        "A name handed to the C library cannot contain a NUL character (C strings end at the first NUL), so Python refused it.".into()
    } else if msg.contains("negative buffersize") {
        format!("The buffer size must not be negative: {op}(n) returns at most n bytes.")
    } else if matches!(op, "settimeout" | "setdefaulttimeout") {
        format!("A timeout is a number of seconds that is 0 or more, or None to block forever, so {op} refused this value.")
    } else {
        format!(
            "Python refused an argument of {op} before making any system call: {}.",
            msg.trim_end_matches('.')
        )
    }
}

/// `socket.gaierror`, by glibc's `EAI_*` code (negative, in `errno`).
fn gai(err: &PyError) -> String {
    match err.errno {
        Some(-2) => "The resolver found no address for that name (no DNS record and no /etc/hosts entry), or the service name is unknown.".into(),
        Some(-3) => "The name server did not answer in time (a temporary failure), so the lookup may work if you try again.".into(),
        Some(-5) => "The name exists but has no address of the kind that was asked for.".into(),
        Some(-8) => "That service name is not known for this socket type (the services database has no such entry).".into(),
        Some(-9) => "The host has no address in the requested family (for example no IPv6 address).".into(),
        _ => format!(
            "Name resolution failed: the resolver answered \"{}\".",
            bare_message(err)
        ),
    }
}

/// `socket.herror`, by `h_errno`.
fn herror(err: &PyError) -> String {
    match err.errno {
        Some(1) => "No host name is recorded for that address (no PTR record in the DNS and no /etc/hosts entry).".into(),
        Some(2) => "The name server did not answer in time (a temporary failure), so the lookup may work if you try again.".into(),
        _ => format!(
            "The host lookup failed: the resolver answered \"{}\".",
            bare_message(err)
        ),
    }
}
