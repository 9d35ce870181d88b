//! Python spelling of everything the page shows: the call a learner would
//! type (`s1.recv(1024)`), the value the REPL would print (`b'hello'`,
//! `('127.0.0.1', 7007)`), and the exception line
//! (`ConnectionRefusedError: [Errno 111] Connection refused`).
//!
//! Pure string functions, unit-tested natively: the page must read exactly
//! like the Python session the learner will later run at home.

use shared::event::{AddrInfoEntry, Value};
use shared::{Address, Op, OptValue, SockAddr, SocketId, SocketSnapshot};
use std::fmt::Write as _;

/// `repr(b)` for a `bytes` object, as CPython writes it: the interpreter's
/// own, so a clicked call and a typed one read the same.
pub use interp::value::bytes_repr;

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

/// An address argument as the learner writes it: `('127.0.0.1', 7007)`.
pub fn address_repr(addr: &Address) -> String {
    format!("({}, {})", str_repr(&addr.host), addr.port)
}

/// A timeout argument or value: `None` or seconds as a float.
pub fn timeout_repr(t: Option<f64>) -> String {
    t.map_or_else(|| "None".into(), float_repr)
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

/// The Python line for a command, as the learner would type it.
///
/// `target` names the variable a `socket()` result is assigned to, once the
/// relay has told us its id (`s1 = socket.socket(...)`).
pub fn call_line(op: &Op, target: Option<SocketId>) -> String {
    let s = |sock: &SocketId| sock.to_string();
    match op {
        Op::Hello { version, .. } => format!("# hello, protocol version {version}"),
        Op::Socket { family, kind } => {
            let call = format!(
                "socket.socket(socket.{}, socket.{})",
                family.python_name(),
                kind.python_name()
            );
            match target {
                Some(id) => format!("{id} = {call}"),
                None => call,
            }
        }
        Op::Bind { sock, addr } => format!("{}.bind({})", s(sock), address_repr(addr)),
        Op::Listen { sock, backlog } => match backlog {
            Some(b) => format!("{}.listen({b})", s(sock)),
            None => format!("{}.listen()", s(sock)),
        },
        Op::Accept { sock } => format!("conn, addr = {}.accept()", s(sock)),
        Op::Connect { sock, addr } => format!("{}.connect({})", s(sock), address_repr(addr)),
        Op::ConnectEx { sock, addr } => {
            format!("{}.connect_ex({})", s(sock), address_repr(addr))
        }
        Op::Send { sock, data } => format!("{}.send({})", s(sock), data_arg(data.as_bytes())),
        Op::Sendall { sock, data } => {
            format!("{}.sendall({})", s(sock), data_arg(data.as_bytes()))
        }
        Op::Recv { sock, bufsize } => format!("{}.recv({bufsize})", s(sock)),
        Op::Sendto { sock, data, addr } => format!(
            "{}.sendto({}, {})",
            s(sock),
            data_arg(data.as_bytes()),
            address_repr(addr)
        ),
        Op::Recvfrom { sock, bufsize } => format!("{}.recvfrom({bufsize})", s(sock)),
        Op::Shutdown { sock, how } => {
            format!("{}.shutdown(socket.{})", s(sock), how.python_name())
        }
        Op::Close { sock } => format!("{}.close()", s(sock)),
        Op::Settimeout { sock, timeout } => {
            format!("{}.settimeout({})", s(sock), timeout_repr(*timeout))
        }
        Op::Setblocking { sock, flag } => format!(
            "{}.setblocking({})",
            s(sock),
            if *flag { "True" } else { "False" }
        ),
        Op::Gettimeout { sock } => format!("{}.gettimeout()", s(sock)),
        Op::Setsockopt {
            sock,
            option,
            value,
        } => {
            let value = match value {
                OptValue::Int(n) => n.to_string(),
                OptValue::Linger { onoff, seconds } => {
                    format!("struct.pack('ii', {}, {seconds})", i32::from(*onoff))
                }
            };
            format!(
                "{}.setsockopt(socket.{}, socket.{}, {value})",
                s(sock),
                option.level_name(),
                option.python_name()
            )
        }
        Op::Getsockopt { sock, option } => format!(
            "{}.getsockopt(socket.{}, socket.{})",
            s(sock),
            option.level_name(),
            option.python_name()
        ),
        Op::Getsockname { sock } => format!("{}.getsockname()", s(sock)),
        Op::Getpeername { sock } => format!("{}.getpeername()", s(sock)),
        Op::Fileno { sock } => format!("{}.fileno()", s(sock)),
        Op::Gethostname => "socket.gethostname()".into(),
        Op::Getfqdn { name } => format!("socket.getfqdn({})", str_repr(name)),
        Op::Getaddrinfo {
            host,
            port,
            family,
            kind,
        } => {
            let mut args = vec![
                str_repr(host),
                port.as_deref().map_or_else(|| "None".into(), port_arg),
            ];
            if family.is_some() || kind.is_some() {
                args.push(
                    family.map_or_else(|| "0".into(), |f| format!("socket.{}", f.python_name())),
                );
            }
            if let Some(k) = kind {
                args.push(format!("socket.{}", k.python_name()));
            }
            format!("socket.getaddrinfo({})", args.join(", "))
        }
        Op::Gethostbyname { host } => format!("socket.gethostbyname({})", str_repr(host)),
        Op::Gethostbyaddr { ip } => format!("socket.gethostbyaddr({})", str_repr(ip)),
        Op::Getservbyname { name, proto } => match proto {
            Some(p) => format!("socket.getservbyname({}, {})", str_repr(name), str_repr(p)),
            None => format!("socket.getservbyname({})", str_repr(name)),
        },
        Op::Getservbyport { port, proto } => match proto {
            Some(p) => format!("socket.getservbyport({port}, {})", str_repr(p)),
            None => format!("socket.getservbyport({port})"),
        },
        Op::Getprotobyname { name } => format!("socket.getprotobyname({})", str_repr(name)),
        Op::Getdefaulttimeout => "socket.getdefaulttimeout()".into(),
        Op::Setdefaulttimeout { timeout } => {
            format!("socket.setdefaulttimeout({})", timeout_repr(*timeout))
        }
        Op::WatchServices { on } => format!("# watch services: {on}"),
        Op::CreateRoom { name, .. } => format!("# open a room: {}", str_repr(name)),
        Op::JoinRoom { code, name, .. } => format!("# join room {code} as {}", str_repr(name)),
        Op::LeaveRoom => "# leave the room".into(),
        Op::RoomControl(c) => format!("# room: {}", c.name()),
    }
}

/// Payloads longer than this are abbreviated in call lines.
pub const LONG_DATA: usize = 80;

/// A data argument as a learner would write it: the bytes literal; for a
/// long payload that repeats a short pattern, the repetition
/// (`b'x' * 1000000`, as the builder accepts it); for any other long one,
/// its start and its length (`b'0123…'… (5000 bytes)`), so a 1 MB
/// `sendall` does not become a 1 MB line.
pub fn data_arg(b: &[u8]) -> String {
    if b.len() <= LONG_DATA {
        return bytes_repr(b);
    }
    let period = (1..=16).find(|p| b.len() % p == 0 && b.chunks(*p).all(|c| c == &b[..*p]));
    match period {
        Some(p) => format!("{} * {}", bytes_repr(&b[..p]), b.len() / p),
        None => format!("{}… ({} bytes)", bytes_repr(&b[..32]), b.len()),
    }
}

/// A `getaddrinfo` port argument: a number stays a number, a service name
/// is a string.
fn port_arg(p: &str) -> String {
    if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) {
        p.to_string()
    } else {
        str_repr(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{Family, SockType};

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
