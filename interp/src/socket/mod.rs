//! The `socket` module: constants, module functions and socket objects.
//! Every call that touches the network becomes one [`shared::Op`] for the
//! relay; arguments are checked first exactly where CPython checks them
//! before any system call, with CPython's messages.
//!
//! - `object.rs`: socket methods.
//! - `convert.rs`: the relay's results as Python values; addresses.
//! - `functions.rs`: module functions (`getaddrinfo`, `create_connection`, …).
//! - `addresses.rs`: `inet_aton` and friends, pure conversions.
//! - [`spelling`]: the other way round: an op as the Python line that
//!   makes it.

mod addresses;
mod convert;
mod functions;
mod object;
pub mod spelling;

use crate::exc::ExcClass;
use crate::value::{EnumMember, Module, Type, Value};
use shared::{Family, SockAddr, SockType, SocketId};
use std::cell::{Cell, RefCell};

/// `socket.AF_INET`.
pub static AF_INET: EnumMember = EnumMember {
    class: "AddressFamily",
    name: "AF_INET",
    value: 2,
};
/// `socket.AF_INET6`.
pub static AF_INET6: EnumMember = EnumMember {
    class: "AddressFamily",
    name: "AF_INET6",
    value: 10,
};
/// `socket.AF_UNSPEC`.
pub static AF_UNSPEC: EnumMember = EnumMember {
    class: "AddressFamily",
    name: "AF_UNSPEC",
    value: 0,
};
/// `socket.SOCK_STREAM`.
pub static SOCK_STREAM: EnumMember = EnumMember {
    class: "SocketKind",
    name: "SOCK_STREAM",
    value: 1,
};
/// `socket.SOCK_DGRAM`.
pub static SOCK_DGRAM: EnumMember = EnumMember {
    class: "SocketKind",
    name: "SOCK_DGRAM",
    value: 2,
};

/// Plain integer constants of the module (Linux values).
const INTS: &[(&str, i64)] = &[
    ("SOL_SOCKET", 1),
    ("SO_REUSEADDR", 2),
    ("SO_REUSEPORT", 15),
    ("SO_RCVBUF", 8),
    ("SO_SNDBUF", 7),
    ("SO_KEEPALIVE", 9),
    ("SO_LINGER", 13),
    ("SO_BROADCAST", 6),
    ("IPPROTO_IP", 0),
    ("IPPROTO_TCP", 6),
    ("IPPROTO_UDP", 17),
    ("IPPROTO_IPV6", 41),
    ("TCP_NODELAY", 1),
    ("IPV6_V6ONLY", 26),
    ("SHUT_RD", 0),
    ("SHUT_WR", 1),
    ("SHUT_RDWR", 2),
    ("SOMAXCONN", 4096),
    ("INADDR_ANY", 0),
    ("INADDR_LOOPBACK", 0x7f00_0001),
    ("EAI_ADDRFAMILY", -9),
    ("EAI_AGAIN", -3),
    ("EAI_BADFLAGS", -1),
    ("EAI_FAIL", -4),
    ("EAI_FAMILY", -6),
    ("EAI_MEMORY", -10),
    ("EAI_NODATA", -5),
    ("EAI_NONAME", -2),
    ("EAI_OVERFLOW", -12),
    ("EAI_SERVICE", -8),
    ("EAI_SOCKTYPE", -7),
    ("EAI_SYSTEM", -11),
    ("AI_PASSIVE", 1),
    ("AI_CANONNAME", 2),
    ("AI_NUMERICHOST", 4),
    ("AI_NUMERICSERV", 1024),
];

/// Module functions.
const FUNCTIONS: &[&str] = &[
    "gethostname",
    "getfqdn",
    "getaddrinfo",
    "gethostbyname",
    "gethostbyaddr",
    "getservbyname",
    "getservbyport",
    "getprotobyname",
    "getdefaulttimeout",
    "setdefaulttimeout",
    "create_connection",
    "create_server",
    "htons",
    "ntohs",
    "htonl",
    "ntohl",
    "inet_aton",
    "inet_ntoa",
    "inet_pton",
    "inet_ntop",
];

/// Names of the real module the playground does not offer.
const UNSUPPORTED: &[&str] = &[
    "AF_UNIX",
    "SOCK_RAW",
    "socketpair",
    "fromfd",
    "if_nameindex",
    "sethostname",
    "SO_ERROR",
    "MSG_PEEK",
    "MSG_DONTWAIT",
    "CMSG_LEN",
    "dup",
    "SocketType",
    "AddressFamily",
    "SocketKind",
];

/// Socket methods the playground has.
const METHODS: &[&str] = &[
    "bind",
    "listen",
    "accept",
    "connect",
    "connect_ex",
    "send",
    "sendall",
    "recv",
    "sendto",
    "recvfrom",
    "shutdown",
    "close",
    "settimeout",
    "gettimeout",
    "setblocking",
    "getblocking",
    "setsockopt",
    "getsockopt",
    "getsockname",
    "getpeername",
    "fileno",
    "detach",
];

/// Socket methods of CPython's that the playground does not have.
const UNSUPPORTED_METHODS: &[&str] = &[
    "makefile",
    "recv_into",
    "recvfrom_into",
    "sendfile",
    "sendmsg",
    "recvmsg",
    "dup",
    "set_inheritable",
    "get_inheritable",
    "ioctl",
    "share",
];

/// `socket.<name>`.
pub fn attr(name: &str) -> Option<Value> {
    Some(match name {
        "AF_INET" => Value::Enum(&AF_INET),
        "AF_INET6" => Value::Enum(&AF_INET6),
        "AF_UNSPEC" => Value::Enum(&AF_UNSPEC),
        "SOCK_STREAM" => Value::Enum(&SOCK_STREAM),
        "SOCK_DGRAM" => Value::Enum(&SOCK_DGRAM),
        "socket" | "SocketType" => Value::Type(Type::Socket),
        "timeout" => Value::Type(Type::Exc(ExcClass::TimeoutError)),
        "error" => Value::Type(Type::Exc(ExcClass::OSError)),
        "gaierror" => Value::Type(Type::Exc(ExcClass::Gaierror)),
        "herror" => Value::Type(Type::Exc(ExcClass::Herror)),
        "has_ipv6" => Value::Bool(true),
        _ => {
            if let Some((_, v)) = INTS.iter().find(|(n, _)| *n == name) {
                return Some(Value::Int(*v));
            }
            let f = FUNCTIONS.iter().find(|f| **f == name)?;
            return Some(Value::Builtin(crate::value::Builtin::Module(
                Module::Socket,
                f,
            )));
        }
    })
}

/// Every public name, for `from socket import *`.
pub fn names() -> impl Iterator<Item = &'static str> {
    [
        "AF_INET",
        "AF_INET6",
        "AF_UNSPEC",
        "SOCK_STREAM",
        "SOCK_DGRAM",
        "socket",
        "timeout",
        "error",
        "gaierror",
        "herror",
        "has_ipv6",
    ]
    .into_iter()
    .chain(INTS.iter().map(|(n, _)| *n))
    .chain(FUNCTIONS.iter().copied())
}

/// Whether `name` is in the real module but not here.
pub fn known_unsupported_attr(name: &str) -> bool {
    UNSUPPORTED.contains(&name)
}

/// A socket method's `'static` name.
pub fn method_name(name: &str) -> Option<&'static str> {
    METHODS.iter().find(|m| **m == name).copied()
}

/// Whether `name` is a CPython socket method the playground lacks.
pub fn known_unsupported(name: &str) -> bool {
    UNSUPPORTED_METHODS.contains(&name)
}

/// `s.family`.
pub fn family_value(f: Family) -> Value {
    match f {
        Family::Inet => Value::Enum(&AF_INET),
        Family::Inet6 => Value::Enum(&AF_INET6),
    }
}

/// `s.type`.
pub fn kind_value(k: SockType) -> Value {
    match k {
        SockType::Stream => Value::Enum(&SOCK_STREAM),
        SockType::Dgram => Value::Enum(&SOCK_DGRAM),
    }
}

/// A socket object: the relay's handle plus what the last result said.
#[derive(Debug)]
pub struct SocketObj {
    /// The relay's handle.
    pub id: SocketId,
    /// Its family.
    pub family: Family,
    /// Its type.
    pub kind: SockType,
    /// The protocol number it was created with (`s.proto`).
    pub proto: Cell<i64>,
    /// The real descriptor number (`-1` once closed).
    pub fd: Cell<i32>,
    /// Closed by the script.
    pub closed: Cell<bool>,
    /// Its session is gone (the relay started a new one): the handle may
    /// now name another socket, so it is never sent again.
    pub stale: Cell<bool>,
    /// `gettimeout()` as last reported.
    pub timeout: Cell<Option<f64>>,
    /// `getsockname()` as last reported.
    pub local: RefCell<Option<SockAddr>>,
    /// `getpeername()` as last reported.
    pub peer: RefCell<Option<SockAddr>>,
}

impl SocketObj {
    /// A socket object for a snapshot the relay sent.
    pub fn from_snapshot(s: &shared::SocketSnapshot) -> SocketObj {
        SocketObj {
            id: s.id,
            family: s.family,
            kind: s.kind,
            proto: Cell::new(0),
            fd: Cell::new(s.fd),
            closed: Cell::new(s.closed),
            stale: Cell::new(false),
            timeout: Cell::new(s.timeout),
            local: RefCell::new(s.local.clone()),
            peer: RefCell::new(s.peer.clone()),
        }
    }

    /// Takes in what a later result says about the socket.
    pub fn update(&self, s: &shared::SocketSnapshot) {
        self.fd.set(if s.closed { -1 } else { s.fd });
        self.closed.set(s.closed);
        self.timeout.set(s.timeout);
        *self.local.borrow_mut() = s.local.clone();
        *self.peer.borrow_mut() = s.peer.clone();
    }

    /// `s.timeout`.
    pub fn timeout_value(&self) -> Value {
        match self.timeout.get() {
            Some(t) => Value::Float(t),
            None => Value::None,
        }
    }

    /// `repr(s)`: `<socket.socket fd=3, family=2, type=1, proto=0, laddr=…>`.
    pub fn repr(&self) -> String {
        let family = family_value(self.family).as_int().unwrap_or(0);
        let kind = kind_value(self.kind).as_int().unwrap_or(0);
        if self.closed.get() {
            return format!(
                "<socket.socket [closed] fd=-1, family={family}, type={kind}, proto={}>",
                self.proto.get()
            );
        }
        let laddr = match &*self.local.borrow() {
            Some(a) => a.python_repr(),
            None => match self.family {
                Family::Inet => "('0.0.0.0', 0)".into(),
                Family::Inet6 => "('::', 0, 0, 0)".into(),
            },
        };
        let raddr = match &*self.peer.borrow() {
            Some(a) => format!(", raddr={}", a.python_repr()),
            None => String::new(),
        };
        format!(
            "<socket.socket fd={}, family={family}, type={kind}, proto={}, laddr={laddr}{raddr}>",
            self.fd.get(),
            self.proto.get()
        )
    }
}
