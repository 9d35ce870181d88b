//! Copyable commands that talk to one of the relay's services from the
//! learner's own terminal (C4, C8, C21): the same echo server the page
//! uses, reached with `nc` or a line of Python, proves the sockets are real.
//!
//! Every command is one shell line, safe to paste into bash, zsh or fish:
//! the Python code sits in double quotes and uses only single quotes
//! inside, with no `$`, `` ` ``, `!` or `"` that a shell would expand. The
//! only backslash is the `\n` of `b'hello\n'`, which double quotes keep.

use shared::{ServiceInfo, ServiceProto};
use std::net::IpAddr;

/// Stands in for a host name that is not safe to paste into a shell, so a
/// strange page address yields a command to fix by hand, never one that
/// runs something else.
pub const HOST_PLACEHOLDER: &str = "HOST";

/// Seconds the Python one-liners wait for an answer: long enough for every
/// service that answers, short enough that `discard` or `silent` (which
/// never answer) end in a `TimeoutError` instead of a hung terminal.
pub const PYTHON_TIMEOUT_SECS: u32 = 5;

/// The host a learner's terminal should use to reach `svc`.
///
/// The service's own address, unless it is a wildcard (`0.0.0.0`, `::`):
/// a service listening on every interface is reached at the address the
/// page itself was loaded from. `page_host` may be bracketed as browsers
/// give it (`[::1]`); the result never is, because both `nc` and Python's
/// address tuples take IPv6 literals bare. With no page host (a page opened
/// from a file) the loopback address of the wildcard's family is used.
pub fn target_host(svc: &ServiceInfo, page_host: &str) -> String {
    let own = unbracket(&svc.host);
    let host = match own.parse::<IpAddr>() {
        Ok(ip) if ip.is_unspecified() => match unbracket(page_host) {
            "" if ip.is_ipv6() => "::1",
            "" => "127.0.0.1",
            page => page,
        },
        _ if own.is_empty() => match unbracket(page_host) {
            "" => "127.0.0.1",
            page => page,
        },
        _ => own,
    };
    if shell_safe(host) {
        host.to_string()
    } else {
        HOST_PLACEHOLDER.to_string()
    }
}

/// The `nc` (netcat) command for `svc`: `nc 127.0.0.1 7000`, with `-u`
/// for a UDP service. Type a line, press Enter, and the echo comes back.
pub fn nc_command(svc: &ServiceInfo, page_host: &str) -> String {
    let host = target_host(svc, page_host);
    match svc.proto {
        ServiceProto::Tcp => format!("nc {host} {}", svc.port),
        ServiceProto::Udp => format!("nc -u {host} {}", svc.port),
    }
}

/// A `python3 -c "…"` line doing what the page does: for TCP
/// `create_connection`, `sendall`, `recv`; for UDP `sendto`, `recvfrom`.
///
/// It sends `b'hello\n'` and prints the answer as Python's `repr`, so the
/// learner sees the same `b'hello\n'` the page showed. A timeout of
/// [`PYTHON_TIMEOUT_SECS`] keeps it from hanging on a silent service. A UDP
/// socket is created `AF_INET6` for an IPv6 literal host (TCP needs no
/// family: `create_connection` resolves the host and picks it).
pub fn python_command(svc: &ServiceInfo, page_host: &str) -> String {
    let host = target_host(svc, page_host);
    let port = svc.port;
    let t = PYTHON_TIMEOUT_SECS;
    let code = match svc.proto {
        ServiceProto::Tcp => format!(
            "import socket; s = socket.create_connection(('{host}', {port}), timeout={t}); \
             s.sendall(b'hello\\n'); print(s.recv(1024))"
        ),
        ServiceProto::Udp => {
            let family = if host.contains(':') {
                "AF_INET6"
            } else {
                "AF_INET"
            };
            format!(
                "import socket; s = socket.socket(socket.{family}, socket.SOCK_DGRAM); \
                 s.settimeout({t}); s.sendto(b'hello\\n', ('{host}', {port})); \
                 print(s.recvfrom(1024))"
            )
        }
    };
    format!("python3 -c \"{code}\"")
}

/// A host without the brackets of a URL's IPv6 literal (`[::1]` → `::1`).
fn unbracket(host: &str) -> &str {
    let host = host.trim();
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}

/// Whether `host` can go into a shell line, and inside a Python string in
/// double quotes, as it is: letters, digits and `. - _ : %` (IPv6 literals
/// and zone ids), not empty, and not starting with `-` (an `nc` option).
fn shell_safe(host: &str) -> bool {
    !host.is_empty()
        && !host.starts_with('-')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':' | b'%'))
}
