//! Python spelling of everything the page shows: the call a learner would
//! type (`s1.recv(1024)`), the value the REPL would print (`b'hello'`,
//! `('127.0.0.1', 7007)`), and the exception line
//! (`ConnectionRefusedError: [Errno 111] Connection refused`).
//!
//! Pure string functions, unit-tested natively: the page must read exactly
//! like the Python session the learner will later run at home.

use shared::event::{AddrInfoEntry, Value};
use shared::{OptValue, SockAddr, SocketSnapshot};
use std::fmt::Write as _;

/// `repr(b)` for a `bytes` object, as CPython writes it: the interpreter's
/// own, so a clicked call and a typed one read the same.
pub use interp::value::bytes_repr;

/// Calls as Python lines (`s1.recv(1024)`): the interpreter's spelling, the
/// one the relay's spotlight uses too, so the console, the exported script
/// and the projector read alike.
pub use interp::socket::spelling::{address_repr, call_line, data_arg, timeout_repr, LONG_DATA};

/// `repr(s)` for a `str`, as CPython writes it (printable Unicode is kept).
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// A float as Python's `repr` writes the usual cases (`2.0`, `0.5`).
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        "nan".into()
    } else if f.is_infinite() {
        if f > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{f:?}")
    }
}

/// `repr(sock)` for a socket object, exactly as CPython 3.11 prints it
/// (`family=2, type=1`, and `laddr` even before `bind`): the interpreter's
/// own repr, so a clicked call and a typed one read the same.
pub fn socket_repr(s: &SocketSnapshot) -> String {
    interp::socket::SocketObj::from_snapshot(s).repr()
}

/// What the Python REPL would print for a returned value, or `None` when it
/// prints nothing (a call that returns `None`).
pub fn value_repr(v: &Value) -> Option<String> {
    Some(match v {
        Value::None => return None,
        Value::Int(n) => n.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Str(s) => str_repr(s),
        Value::Bytes(p) => bytes_repr(p.as_bytes()),
        Value::Addr(a) => a.python_repr(),
        Value::Socket(s) => socket_repr(s),
        Value::Accepted { socket, addr } => {
            format!("({}, {})", socket_repr(socket), addr.python_repr())
        }
        Value::Datagram { data, addr } => {
            format!("({}, {})", bytes_repr(data.as_bytes()), addr.python_repr())
        }
        Value::Linger(OptValue::Int(n)) => n.to_string(),
        Value::Linger(OptValue::Linger { onoff, seconds }) => {
            format!("({}, {seconds})", i32::from(*onoff))
        }
        Value::AddrInfo(entries) => {
            let items: Vec<String> = entries.iter().map(addrinfo_repr).collect();
            format!("[{}]", items.join(", "))
        }
        Value::HostEx {
            name,
            aliases,
            addrs,
        } => format!(
            "({}, {}, {})",
            str_repr(name),
            list_repr(aliases),
            list_repr(addrs)
        ),
    })
}

fn list_repr(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| str_repr(s)).collect();
    format!("[{}]", items.join(", "))
}

fn addrinfo_repr(e: &AddrInfoEntry) -> String {
    let (family, fnum) = match e.family {
        shared::Family::Inet => ("AF_INET", 2),
        shared::Family::Inet6 => ("AF_INET6", 10),
    };
    let (kind, knum) = match e.kind {
        shared::SockType::Stream => ("SOCK_STREAM", 1),
        shared::SockType::Dgram => ("SOCK_DGRAM", 2),
    };
    format!(
        "(<AddressFamily.{family}: {fnum}>, <SocketKind.{kind}: {knum}>, {}, {}, {})",
        e.proto,
        str_repr(&e.canonname),
        sockaddr_repr(&e.addr)
    )
}

fn sockaddr_repr(a: &SockAddr) -> String {
    a.python_repr()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{Address, Family, Op, SockType, SocketId};

    #[test]
    fn bytes_repr_matches_cpython() {
        assert_eq!(bytes_repr(b"hello"), "b'hello'");
        assert_eq!(bytes_repr(b""), "b''");
        assert_eq!(bytes_repr(b"a\r\n\t\\"), r"b'a\r\n\t\\'");
        assert_eq!(bytes_repr(b"\x00\xff\x7f "), r"b'\x00\xff\x7f '");
        assert_eq!(bytes_repr(b"it's"), r#"b"it's""#);
        assert_eq!(bytes_repr(b"'\""), r#"b'\'"'"#);
    }

    #[test]
    fn long_data_is_abbreviated_in_call_lines() {
        assert_eq!(data_arg(b"hello"), "b'hello'");
        assert_eq!(data_arg(&[b'x'; 1_000_000]), "b'x' * 1000000");
        assert_eq!(data_arg(&b"ab".repeat(100)), "b'ab' * 100");
        let mixed: Vec<u8> = (0..200_u8).collect();
        let line = data_arg(&mixed);
        assert!(line.ends_with("… (200 bytes)"), "{line}");
        assert!(line.starts_with("b'\\x00\\x01"), "{line}");
        // Exactly at the limit, the whole literal.
        assert_eq!(data_arg(&[b'y'; LONG_DATA]), bytes_repr(&[b'y'; LONG_DATA]));
    }

    #[test]
    fn str_repr_matches_cpython() {
        assert_eq!(str_repr(""), "''");
        assert_eq!(str_repr("127.0.0.1"), "'127.0.0.1'");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a\nb"), r"'a\nb'");
        assert_eq!(str_repr("é"), "'é'");
    }

    #[test]
    fn addresses_and_floats() {
        assert_eq!(
            address_repr(&Address::new("127.0.0.1", 7000)),
            "('127.0.0.1', 7000)"
        );
        assert_eq!(address_repr(&Address::new("", 9000)), "('', 9000)");
        assert_eq!(float_repr(2.0), "2.0");
        assert_eq!(float_repr(0.5), "0.5");
        assert_eq!(timeout_repr(None), "None");
    }

    #[test]
    fn values_print_like_the_repl() {
        assert_eq!(value_repr(&Value::None), None);
        assert_eq!(value_repr(&Value::Int(16)).as_deref(), Some("16"));
        assert_eq!(value_repr(&Value::Bool(true)).as_deref(), Some("True"));
        assert_eq!(
            value_repr(&Value::Bytes("hello".into())).as_deref(),
            Some("b'hello'")
        );
        let addr = SockAddr {
            ip: "127.0.0.1".into(),
            port: 7000,
        };
        assert_eq!(
            value_repr(&Value::Addr(addr.clone())).as_deref(),
            Some("('127.0.0.1', 7000)")
        );
        assert_eq!(
            value_repr(&Value::Datagram {
                data: "hi".into(),
                addr
            })
            .as_deref(),
            Some("(b'hi', ('127.0.0.1', 7000))")
        );
        assert_eq!(
            value_repr(&Value::HostEx {
                name: "localhost".into(),
                aliases: vec![],
                addrs: vec!["127.0.0.1".into()],
            })
            .as_deref(),
            Some("('localhost', [], ['127.0.0.1'])")
        );
    }

    #[test]
    fn calls_read_like_python() {
        let s1 = SocketId(1);
        let socket = Op::Socket {
            family: Family::Inet,
            kind: SockType::Stream,
        };
        assert_eq!(
            call_line(&socket, None),
            "socket.socket(socket.AF_INET, socket.SOCK_STREAM)"
        );
        assert_eq!(
            call_line(&socket, Some(s1)),
            "s1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)"
        );
        let connect = Op::Connect {
            sock: s1,
            addr: Address::new("127.0.0.1", 7007),
        };
        assert_eq!(call_line(&connect, None), "s1.connect(('127.0.0.1', 7007))");
        let sendall = Op::Sendall {
            sock: s1,
            data: "hello".into(),
        };
        assert_eq!(call_line(&sendall, None), "s1.sendall(b'hello')");
        let recv = Op::Recv {
            sock: s1,
            bufsize: 1024,
        };
        assert_eq!(call_line(&recv, None), "s1.recv(1024)");
        assert_eq!(call_line(&Op::Close { sock: s1 }, None), "s1.close()");
        let gai = Op::Getaddrinfo {
            host: "localhost".into(),
            port: Some("80".into()),
            family: None,
            kind: Some(SockType::Stream),
        };
        assert_eq!(
            call_line(&gai, None),
            "socket.getaddrinfo('localhost', 80, 0, socket.SOCK_STREAM)"
        );
    }
}
