//! Socket calls spelled as Python, as a learner would type them
//! (`s1.connect(('127.0.0.1', 7007))`, `s1.sendall(b'x' * 1000000)`): the
//! one spelling the page's console, its exported scripts and the relay's
//! spotlight (the teacher's projector) all use, so they read alike.
//!
//! Pure string functions over [`shared::Op`]; CPython's reprs come from
//! [`crate::value`].

use crate::value::{bytes_repr, float_repr, str_repr};
use shared::{Address, Op, OptValue, SocketId};

/// An address argument as the learner writes it: `('127.0.0.1', 7007)`.
pub fn address_repr(addr: &Address) -> String {
    format!("({}, {})", str_repr(&addr.host), addr.port)
}

/// A timeout argument or value: `None` or seconds as a float.
pub fn timeout_repr(t: Option<f64>) -> String {
    t.map_or_else(|| "None".into(), float_repr)
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
