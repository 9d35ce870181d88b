//! Address families, socket types and addresses, named as Python names them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// `AF_INET` or `AF_INET6`: which IP version a socket speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Family {
    /// IPv4, addresses like `127.0.0.1`.
    #[serde(rename = "AF_INET")]
    Inet,
    /// IPv6, addresses like `::1`.
    #[serde(rename = "AF_INET6")]
    Inet6,
}

impl Family {
    /// The constant's name in Python's `socket` module.
    pub fn python_name(self) -> &'static str {
        match self {
            Family::Inet => "AF_INET",
            Family::Inet6 => "AF_INET6",
        }
    }
}

/// `SOCK_STREAM` (TCP) or `SOCK_DGRAM` (UDP).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SockType {
    /// A connected byte stream: TCP.
    #[serde(rename = "SOCK_STREAM")]
    Stream,
    /// Separate datagrams: UDP.
    #[serde(rename = "SOCK_DGRAM")]
    Dgram,
}

impl SockType {
    /// The constant's name in Python's `socket` module.
    pub fn python_name(self) -> &'static str {
        match self {
            SockType::Stream => "SOCK_STREAM",
            SockType::Dgram => "SOCK_DGRAM",
        }
    }
}

/// An address as the learner wrote it: `('127.0.0.1', 7007)`.
///
/// The host is a string because a learner may write `''`, `'localhost'` or
/// `'::1'`, and the relay resolves it the way Python would. The port is a
/// wide signed integer on purpose: `70000` and `-1` must reach the relay so it
/// can answer with Python's `OverflowError` instead of a decoding failure.
///
/// # Format
///
/// ```text
/// {"host": "127.0.0.1", "port": 7007}
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Address {
    /// A name or numeric address; `''` means "any address" when binding.
    pub host: String,
    /// The port as given, validated by the relay.
    pub port: i64,
}

impl Address {
    /// An address from a host and a port.
    pub fn new(host: impl Into<String>, port: i64) -> Self {
        Address {
            host: host.into(),
            port,
        }
    }
}

/// A concrete socket address the kernel reported (a result, not a request).
///
/// Displayed as `127.0.0.1:7007` or `[::1]:7007`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SockAddr {
    /// The numeric IP address.
    pub ip: String,
    /// The port.
    pub port: u16,
}

impl SockAddr {
    /// Whether this is an IPv6 address (it contains a colon).
    pub fn is_ipv6(&self) -> bool {
        self.ip.contains(':')
    }

    /// The address as Python's `getsockname()` returns it:
    /// `('127.0.0.1', 7007)` or `('::1', 7007, 0, 0)`.
    pub fn python_repr(&self) -> String {
        if self.is_ipv6() {
            format!("('{}', {}, 0, 0)", self.ip, self.port)
        } else {
            format!("('{}', {})", self.ip, self.port)
        }
    }
}

impl fmt::Display for SockAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_ipv6() {
            write!(f, "[{}]:{}", self.ip, self.port)
        } else {
            write!(f, "{}:{}", self.ip, self.port)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_are_bracketed() {
        let a = SockAddr {
            ip: "::1".into(),
            port: 7,
        };
        assert_eq!(a.to_string(), "[::1]:7");
        assert_eq!(a.python_repr(), "('::1', 7, 0, 0)");
        let b = SockAddr {
            ip: "127.0.0.1".into(),
            port: 7,
        };
        assert_eq!(b.to_string(), "127.0.0.1:7");
        assert_eq!(b.python_repr(), "('127.0.0.1', 7)");
    }
}
