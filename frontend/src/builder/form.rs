//! The builder's inputs as typed, and the op they build.

use super::number::{self, Int, Number};
use super::payload::{parse_payload, PayloadFormat};
use super::{Field, Invalid, OpKind};
use shared::{
    Address, ExceptionClass, Family, Op, OptValue, Payload, PyError, ShutdownHow, SockOpt,
    SockType, SocketSnapshot,
};
use std::net::{Ipv4Addr, Ipv6Addr};

/// The form's inputs exactly as the learner typed them: numbers are
/// strings, so `abc` or `70000` can be shown back with its error instead
/// of being lost. Every field is kept when the learner switches `kind`, so
/// a host and port typed for `connect` are still there for `sendto`.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    /// The call being built.
    pub kind: OpKind,
    /// `socket()`'s family.
    pub family: Family,
    /// `socket()`'s type.
    pub sock_type: SockType,
    /// The host of `bind`, `connect`, `connect_ex` and `sendto`, sent as
    /// typed (`''`, `'localhost'`, `'::1'`): the relay resolves it.
    pub host: String,
    /// The port, as typed.
    pub port: String,
    /// `listen`'s backlog, as typed; empty means Python's default.
    pub backlog: String,
    /// `recv`/`recvfrom`'s bufsize, as typed.
    pub bufsize: String,
    /// The bytes to send, read according to `data_format`.
    pub data: String,
    /// How `data` is read.
    pub data_format: PayloadFormat,
    /// `settimeout`'s value, as typed; empty or `None` means `None`.
    pub timeout: String,
    /// `setblocking`'s flag.
    pub flag: bool,
    /// `shutdown`'s direction.
    pub how: ShutdownHow,
    /// The option of `setsockopt`/`getsockopt`.
    pub option: SockOpt,
    /// `setsockopt`'s value, as typed: an integer, or `onoff, seconds` for
    /// `SO_LINGER` (also written `(1, 0)` or `struct.pack('ii', 1, 0)`).
    pub opt_value: String,
}

impl Default for Form {
    /// A form for `socket()`, the first call of every session.
    fn default() -> Self {
        Form::new(OpKind::Socket)
    }
}

impl Form {
    /// A form for `kind` with the values a course example would use: a TCP
    /// socket over IPv4, `127.0.0.1`, the echo service's port 7000 for
    /// calls that reach out (none for `bind`: the learner picks the port to
    /// serve on), `recv(1024)`, `settimeout(2.0)`, `setblocking(False)`
    /// (the interesting one), `SHUT_WR` (the half-close), `SO_REUSEADDR`
    /// set to 1, and `b'hello\n'` to send.
    pub fn new(kind: OpKind) -> Self {
        let reaches_out = matches!(kind, OpKind::Connect | OpKind::ConnectEx | OpKind::Sendto);
        Form {
            kind,
            family: Family::Inet,
            sock_type: SockType::Stream,
            host: "127.0.0.1".into(),
            port: if reaches_out { "7000" } else { "" }.into(),
            backlog: String::new(),
            bufsize: "1024".into(),
            data: r"b'hello\n'".into(),
            data_format: PayloadFormat::Text,
            timeout: "2.0".into(),
            flag: false,
            how: ShutdownHow::Write,
            option: SockOpt::ReuseAddr,
            opt_value: "1".into(),
        }
    }

    /// The op for the form's call on `sock` (ignored for `socket()`).
    ///
    /// The socket's snapshot is needed, not just its id, because CPython's
    /// order of checks depends on its family: `('127.0.0.1', 70000)` is an
    /// `OverflowError` on an `AF_INET` socket but a `socket.gaierror` on an
    /// `AF_INET6` one, where the host fails to resolve first.
    ///
    /// # Errors
    ///
    /// The first field, in the call's argument order, that CPython would
    /// refuse before any system call ([`InvalidKind::Python`]) or that the
    /// page cannot read ([`InvalidKind::Input`]); a missing socket is
    /// reported on [`Field::Socket`].
    ///
    /// [`InvalidKind::Python`]: super::InvalidKind::Python
    /// [`InvalidKind::Input`]: super::InvalidKind::Input
    pub fn build(&self, sock: Option<&SocketSnapshot>) -> Result<Op, Invalid> {
        let s = match sock {
            Some(s) => s,
            None if self.kind == OpKind::Socket => return Ok(self.socket()),
            None => {
                return Err(Invalid::input(
                    Field::Socket,
                    format!(
                        "{}() is a method of a socket: pick one, or create one with socket() first",
                        self.kind.name()
                    ),
                ))
            }
        };
        let (sock, family) = (s.id, s.family);
        Ok(match self.kind {
            OpKind::Socket => self.socket(),
            OpKind::Bind => Op::Bind {
                sock,
                addr: self.address("bind", family)?,
            },
            OpKind::Listen => Op::Listen {
                sock,
                backlog: self.backlog()?,
            },
            OpKind::Accept => Op::Accept { sock },
            OpKind::Connect => Op::Connect {
                sock,
                addr: self.address("connect", family)?,
            },
            OpKind::ConnectEx => Op::ConnectEx {
                sock,
                addr: self.address("connect_ex", family)?,
            },
            OpKind::Send => Op::Send {
                sock,
                data: self.data()?,
            },
            OpKind::Sendall => Op::Sendall {
                sock,
                data: self.data()?,
            },
            OpKind::Recv => Op::Recv {
                sock,
                bufsize: self.bufsize("recv")?,
            },
            OpKind::Sendto => Op::Sendto {
                sock,
                data: self.data()?,
                addr: self.address("sendto", family)?,
            },
            OpKind::Recvfrom => Op::Recvfrom {
                sock,
                bufsize: self.bufsize("recvfrom")?,
            },
            OpKind::Shutdown => Op::Shutdown {
                sock,
                how: self.how,
            },
            OpKind::Close => Op::Close { sock },
            OpKind::Settimeout => Op::Settimeout {
                sock,
                timeout: self.timeout()?,
            },
            OpKind::Setblocking => Op::Setblocking {
                sock,
                flag: self.flag,
            },
            OpKind::Gettimeout => Op::Gettimeout { sock },
            OpKind::Setsockopt => Op::Setsockopt {
                sock,
                option: self.option,
                value: self.opt_value()?,
            },
            OpKind::Getsockopt => Op::Getsockopt {
                sock,
                option: self.option,
            },
            OpKind::Getsockname => Op::Getsockname { sock },
            OpKind::Getpeername => Op::Getpeername { sock },
            OpKind::Fileno => Op::Fileno { sock },
        })
    }

    /// `socket.socket(family, type)`: nothing to check.
    fn socket(&self) -> Op {
        Op::Socket {
            family: self.family,
            kind: self.sock_type,
        }
    }

    /// `(host, port)` for `method`, with CPython's checks in CPython's
    /// order: the host must encode (a NUL is a `TypeError`); a port beyond
    /// a C `int` fails while the tuple is parsed; then the host is resolved;
    /// only then is the port checked against 0–65535. So a port outside
    /// 0–65535 is refused here only when the host needs no lookup that
    /// could fail first; otherwise it is sent and the relay answers.
    /// A non-ASCII host is IDNA-encoded first, which may fail instead, so
    /// then everything is left to the relay.
    fn address(&self, method: &str, family: Family) -> Result<Address, Invalid> {
        let host = &self.host;
        let ascii = host.is_ascii();
        if ascii && host.contains('\0') {
            return Err(Invalid::python(
                Field::Host,
                PyError::plain(
                    ExceptionClass::TypeError,
                    "host name must not contain null character",
                ),
            ));
        }
        let port = match number::parse(&self.port, false) {
            Some(Number::Int(n)) => n,
            Some(Number::Float(_)) if ascii => {
                return Err(Invalid::python(Field::Port, number::float_not_int()))
            }
            None if self.port.trim().is_empty() => {
                return Err(Invalid::input(Field::Port, empty_port(method)))
            }
            _ => {
                return Err(Invalid::input(
                    Field::Port,
                    "the port must be a whole number from 0 to 65535, e.g. 7000",
                ))
            }
        };
        let fits_c_int = matches!(port, Int::Fits(n) if i32::try_from(n).is_ok());
        let in_range = matches!(port, Int::Fits(0..=65535));
        if ascii && (!fits_c_int || (!in_range && resolved_in_place(host, family))) {
            return Err(Invalid::python(
                Field::Port,
                PyError::plain(
                    ExceptionClass::OverflowError,
                    format!("{method}(): port must be 0-65535."),
                ),
            ));
        }
        Ok(Address::new(host.clone(), port.saturated()))
    }

    fn backlog(&self) -> Result<Option<i32>, Invalid> {
        if self.backlog.trim().is_empty() {
            return Ok(None);
        }
        match number::parse(&self.backlog, false) {
            Some(Number::Int(n)) => number::backlog(n)
                .map(Some)
                .map_err(|e| Invalid::python(Field::Backlog, e)),
            Some(Number::Float(_)) => Err(Invalid::python(Field::Backlog, number::float_not_int())),
            None => Err(Invalid::input(
                Field::Backlog,
                "the backlog must be a whole number, e.g. 5, or empty for Python's default",
            )),
        }
    }

    fn bufsize(&self, method: &str) -> Result<i64, Invalid> {
        match number::parse(&self.bufsize, false) {
            Some(Number::Int(n)) => {
                number::bufsize(n, method).map_err(|e| Invalid::python(Field::Bufsize, e))
            }
            Some(Number::Float(_)) => Err(Invalid::python(Field::Bufsize, number::float_not_int())),
            None if self.bufsize.trim().is_empty() => Err(Invalid::input(
                Field::Bufsize,
                format!("type how many bytes {method} may return at most, e.g. 1024"),
            )),
            None => Err(Invalid::input(
                Field::Bufsize,
                "bufsize must be a whole number of bytes, e.g. 1024",
            )),
        }
    }

    fn data(&self) -> Result<Payload, Invalid> {
        parse_payload(&self.data, self.data_format)
            .map(Payload::from)
            .map_err(|e| Invalid::input(Field::Data, e.0))
    }

    /// `None` for an empty field or `None`; `inf` and `nan` are read as
    /// `float('inf')` and `float('nan')`, so they get CPython's errors.
    fn timeout(&self) -> Result<Option<f64>, Invalid> {
        let t = self.timeout.trim();
        if t.is_empty() || t == "None" {
            return Ok(None);
        }
        let checked = match number::parse(t, true) {
            Some(Number::Int(n)) => number::timeout_int(n),
            Some(Number::Float(f)) => number::timeout_float(f),
            None => {
                return Err(Invalid::input(
                    Field::Timeout,
                    "the timeout must be seconds (e.g. 2.0), 0 for non-blocking, or None to wait forever",
                ))
            }
        };
        checked
            .map(Some)
            .map_err(|e| Invalid::python(Field::Timeout, e))
    }

    /// An integer (`True`/`False` are 1/0, as in Python), or a pair for
    /// `struct.pack('ii', onoff, seconds)`. Which value suits which option
    /// is the kernel's business (`SO_LINGER` with an int is `EINVAL`).
    fn opt_value(&self) -> Result<OptValue, Invalid> {
        let t = self.opt_value.trim();
        let parsed = match t {
            "True" => Some(Number::Int(Int::Fits(1))),
            "False" => Some(Number::Int(Int::Fits(0))),
            _ => number::parse(t, false),
        };
        match parsed {
            Some(Number::Int(n)) => number::optval_int(n)
                .map(|v| OptValue::Int(v.into()))
                .map_err(|e| Invalid::python(Field::OptValue, e)),
            Some(Number::Float(_)) => Err(Invalid::python(
                Field::OptValue,
                number::not_a_buffer("float"),
            )),
            None => linger(t).ok_or_else(|| {
                Invalid::input(
                    Field::OptValue,
                    "the value must be a whole number (1 turns a flag on, 0 off), \
                     or onoff, seconds for SO_LINGER, e.g. 1, 0",
                )
            })?,
        }
    }
}

/// The port prompt for an empty port field.
fn empty_port(method: &str) -> &'static str {
    if method == "bind" {
        "type the port to bind, e.g. 9000, or 0 to let the kernel pick one"
    } else {
        "type the port to reach, e.g. 7000"
    }
}

/// Whether CPython's `setipaddr` reads `host` with no lookup that could
/// fail: `''` (the wildcard), a numeric address of the socket's family, or
/// `'<broadcast>'` on IPv4. Scoped IPv6 addresses (`fe80::1%lo`) go through
/// `getaddrinfo`, so they are not.
fn resolved_in_place(host: &str, family: Family) -> bool {
    host.is_empty()
        || match family {
            Family::Inet => host == "<broadcast>" || host.parse::<Ipv4Addr>().is_ok(),
            Family::Inet6 => host.parse::<Ipv6Addr>().is_ok(),
        }
}

/// `onoff, seconds`, `(onoff, seconds)` or `struct.pack('ii', onoff,
/// seconds)`: `None` if it is none of these; `struct.pack`'s own error for
/// a number beyond a C `int`.
fn linger(text: &str) -> Option<Result<OptValue, Invalid>> {
    let inner = text
        .strip_prefix("struct.pack(")
        .and_then(|r| r.strip_suffix(')'))
        .and_then(|r| {
            let r = r.trim_start();
            r.strip_prefix("'ii'").or_else(|| r.strip_prefix("\"ii\""))
        })
        .and_then(|r| r.trim_start().strip_prefix(','))
        .or_else(|| text.strip_prefix('(').and_then(|r| r.strip_suffix(')')))
        .unwrap_or(text);
    let (a, b) = inner.split_once(',')?;
    let (Some(Number::Int(onoff)), Some(Number::Int(seconds))) =
        (number::parse(a, false), number::parse(b, false))
    else {
        return None;
    };
    let c_int = |n: Int| match n {
        Int::Fits(n) => i32::try_from(n).ok(),
        Int::Above | Int::Below => None,
    };
    Some(match (c_int(onoff), c_int(seconds)) {
        (Some(onoff), Some(seconds)) => Ok(OptValue::Linger {
            onoff: onoff != 0,
            seconds,
        }),
        _ => Err(Invalid::input(
            Field::OptValue,
            "struct.error: 'i' format requires -2147483648 <= number <= 2147483647",
        )),
    })
}
