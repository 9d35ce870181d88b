//! The resolver: `gethostname`, `getfqdn`, `getaddrinfo`, `gethostbyname`,
//! `gethostbyaddr`, `getservbyname`, `getservbyport` and `getprotobyname`
//! answered by the relay's real C library, plus the name resolution that
//! `bind`, `connect` and `sendto` do on a learner's `(host, port)`.
//!
//! Every function follows CPython 3.11's `socketmodule.c` step for step (its
//! `setipaddr`, `getsockaddrarg`, `gethost_common` …) so a learner sees the
//! value or exception Python would give, word for word, and the trace shows
//! the genuine libc calls behind it (`getaddrinfo`, `getservbyname_r`, …).
//!
//! Everything here blocks (a lookup may wait on DNS), so callers run it on a
//! blocking thread; only the thread-safe libc functions are used, because
//! several lookups run at once. *Which* names may be looked up is the
//! policy's business and is checked before these functions are called.
//!
//! # Layout
//!
//! - `ffi`: the libc calls, wrapped safely (the only `unsafe` code).
//! - `idna`: Python's `idna` codec, which runs on host names first.

mod args;
mod ffi;
mod idna;

use args::*;
use ffi::{AddrInfo, GaiError, Hints, Reentrant};
use idna::IdnaError;
use libc::c_int;
use shared::{
    AddrInfoEntry, Address, ExceptionClass, Family, Op, Outcome, PyError, SockAddr, SockType,
    Trace, TraceStep, Value,
};
use std::ffi::{CStr, CString};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::time::Instant;

/// Where the reentrant lookups start; CPython's own `gethostbyaddr` buffer
/// is 16 KiB. A lookup that answers `ERANGE` is retried with twice the room.
const FIRST_BUFFER: usize = 16 * 1024;

/// The most room a reentrant lookup is given before it counts as failed.
const MAX_BUFFER: usize = 1024 * 1024;

/// Runs a module-level resolver function as CPython would.
///
/// Handles `gethostname`, `getfqdn`, `getaddrinfo`, `gethostbyname`,
/// `gethostbyaddr`, `getservbyname`, `getservbyport` and `getprotobyname`.
/// The trace records each genuine libc call (`getaddrinfo`,
/// `gethostbyaddr_r`, …) with its arguments and return value, and notes what
/// happened without a call (a numeric address parsed in place).
///
/// Blocking: a lookup may wait on DNS, so run it on a blocking thread.
///
/// # Returns
///
/// `None` for any other op; otherwise the return value or the Python
/// exception, with the trace.
pub fn run(op: &Op) -> Option<(Outcome, Trace)> {
    let mut trace = Trace::default();
    let mut t = Tracer::new(&mut trace, Instant::now());
    let result = match op {
        Op::Gethostname => gethostname(&mut t).map(Value::Str),
        Op::Getfqdn { name } => getfqdn(name, &mut t).map(Value::Str),
        Op::Getaddrinfo {
            host,
            port,
            family,
            kind,
        } => getaddrinfo(host, port.as_deref(), *family, *kind, &mut t).map(Value::AddrInfo),
        Op::Gethostbyname { host } => gethostbyname(host, &mut t).map(Value::Str),
        Op::Gethostbyaddr { ip } => gethostbyaddr(ip, &mut t).map(|h| Value::HostEx {
            name: h.name,
            aliases: h.aliases,
            addrs: h.addrs,
        }),
        Op::Getservbyname { name, proto } => {
            getservbyname(name, proto.as_deref(), &mut t).map(|p| Value::Int(p.into()))
        }
        Op::Getservbyport { port, proto } => {
            getservbyport(*port, proto.as_deref(), &mut t).map(Value::Str)
        }
        Op::Getprotobyname { name } => getprotobyname(name, &mut t).map(|p| Value::Int(p.into())),
        _ => return None,
    };
    let outcome = match result {
        Ok(v) => Outcome::Ok(v),
        Err(e) => Outcome::Err(e),
    };
    Some((outcome, trace))
}

/// Resolves a learner's `(host, port)` for a socket of `family`, as CPython's
/// `getsockaddrarg` and `setipaddr` do before `bind`, `connect`, `connect_ex`
/// or `sendto` (`method` names the call, for the error message).
///
/// CPython's order, checked against python3.11:
///
/// 1. the host must encode (`TypeError: host name must not contain null
///    character`, `TypeError: encoding of hostname failed`);
/// 2. a port that does not fit a C `int` fails at once
///    (`OverflowError: bind(): port must be 0-65535.`);
/// 3. the host is resolved: `''` with `getaddrinfo(NULL, "0", AI_PASSIVE)`
///    (→ `0.0.0.0` or `::`), `'<broadcast>'` and `'255.255.255.255'` to
///    `255.255.255.255` (`OSError: address family mismatched` on `AF_INET6`),
///    a numeric address of the socket's family in place with no call, and
///    anything else with `getaddrinfo(host, NULL, family)`
///    (`socket.gaierror: [Errno -9] Address family for hostname not
///    supported` for `'::1'` on `AF_INET` or `'127.0.0.1'` on `AF_INET6`);
/// 4. only then is the port checked against 0–65535, so `('::1', 70000)` on
///    an `AF_INET` socket raises the `gaierror`, not the `OverflowError`.
///
/// An IPv6 result has flow info and scope id 0, as CPython takes them from
/// the tuple (so `'fe80::1%lo'` loses its scope, as in Python).
///
/// The trace's `at_us` counts from this call; use [`resolve_address_at`] to
/// count from the start of the op instead.
///
/// # Errors
///
/// The Python exception, as CPython raises it.
pub fn resolve_address(
    method: &str,
    family: Family,
    addr: &Address,
    trace: &mut Trace,
) -> Result<SocketAddr, PyError> {
    resolve_address_at(method, family, addr, trace, Instant::now())
}

/// [`resolve_address`], with the trace's `at_us` counted from `op_started`.
///
/// # Errors
///
/// The Python exception, as CPython raises it.
pub fn resolve_address_at(
    method: &str,
    family: Family,
    addr: &Address,
    trace: &mut Trace,
    op_started: Instant,
) -> Result<SocketAddr, PyError> {
    let mut t = Tracer::new(trace, op_started);
    let port_error = || {
        PyError::plain(
            ExceptionClass::OverflowError,
            format!("{method}(): port must be 0-65535."),
        )
    };
    let host = address_host(&addr.host)?;
    if i32::try_from(addr.port).is_err() {
        t.note(format!(
            "port {} does not fit a C int: Python raises before resolving anything",
            addr.port
        ));
        return Err(port_error());
    }
    let ip = setipaddr(&host, af(Some(family)), &mut t)?;
    let Ok(port) = u16::try_from(addr.port) else {
        t.note(format!(
            "port {} is outside 0-65535: Python raises before calling {method}()",
            addr.port
        ));
        return Err(port_error());
    };
    match (family, ip) {
        (Family::Inet, IpAddr::V4(a)) => Ok(SocketAddr::V4(SocketAddrV4::new(a, port))),
        (Family::Inet6, IpAddr::V6(a)) => Ok(SocketAddr::V6(SocketAddrV6::new(a, port, 0, 0))),
        // getaddrinfo answers only the family it was asked for.
        _ => Err(PyError::plain(
            ExceptionClass::OSError,
            "unknown address family",
        )),
    }
}

/// Records trace steps, timed from the start of the op.
struct Tracer<'a> {
    /// Where steps go.
    trace: &'a mut Trace,
    /// When the op started: `at_us` counts from here.
    start: Instant,
}

impl<'a> Tracer<'a> {
    fn new(trace: &'a mut Trace, start: Instant) -> Self {
        Tracer { trace, start }
    }

    /// Microseconds since the op started; taken just before a call.
    fn at(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_micros()).unwrap_or(u64::MAX)
    }

    fn call(&mut self, call: &str, args: String, at_us: u64, ret: i64, errno: Option<i32>) {
        self.trace.push(TraceStep::Syscall {
            call: call.to_string(),
            args,
            ret,
            errno,
            at_us,
        });
    }

    fn note(&mut self, text: impl Into<String>) {
        self.trace.push(TraceStep::Note { text: text.into() });
    }
}

// ---------------------------------------------------------------------------
// The lookups

/// `getaddrinfo`, recorded in the trace, failing as CPython's `gaierror`.
fn traced_getaddrinfo(
    t: &mut Tracer<'_>,
    host: Option<&CStr>,
    service: Option<&CStr>,
    hints: Hints,
) -> Result<Vec<AddrInfo>, PyError> {
    let mut args = format!(
        "{}, {}, {}, {}",
        c_arg(host),
        c_arg(service),
        af_name(hints.family),
        socktype_name(hints.socktype)
    );
    if hints.flags & libc::AI_PASSIVE != 0 {
        args.push_str(", AI_PASSIVE");
    }
    let at = t.at();
    match ffi::getaddrinfo(host, service, hints) {
        Ok(list) => {
            t.call("getaddrinfo", args, at, 0, None);
            Ok(list)
        }
        Err(e) => {
            t.call("getaddrinfo", args, at, e.code.into(), e.errno);
            Err(gai_error(e))
        }
    }
}

/// Calls a reentrant lookup, doubling its buffer while it answers `ERANGE`;
/// each attempt is a genuine call and is traced.
fn reentrant<T>(
    t: &mut Tracer<'_>,
    call: &str,
    args: &str,
    mut f: impl FnMut(&mut [u8]) -> (c_int, T),
) -> T {
    let mut size = FIRST_BUFFER;
    loop {
        let mut buf = vec![0u8; size];
        let at = t.at();
        let (ret, out) = f(&mut buf);
        t.call(
            call,
            format!("{args}, buflen={size}"),
            at,
            ret.into(),
            (ret != 0).then_some(ret),
        );
        if ret == libc::ERANGE && size < MAX_BUFFER {
            size *= 2;
            continue;
        }
        return out;
    }
}

/// CPython's `setipaddr(name, af)`: what address a host string means.
fn setipaddr(name: &CStr, af: c_int, t: &mut Tracer<'_>) -> Result<IpAddr, PyError> {
    let bytes = name.to_bytes();
    let shown = name.to_string_lossy();
    if bytes.is_empty() {
        let hints = Hints {
            family: af,
            socktype: libc::SOCK_DGRAM,
            protocol: 0,
            flags: libc::AI_PASSIVE,
        };
        let list = traced_getaddrinfo(t, None, Some(c"0"), hints)?;
        let Some(first) = list.first() else {
            return Err(plain(ExceptionClass::OSError, "unsupported address family"));
        };
        let Some(sa) = first.addr else {
            return Err(plain(ExceptionClass::OSError, "unsupported address family"));
        };
        if list.len() > 1 {
            t.note(format!(
                "'' means the wildcard address, but getaddrinfo gave {} of them",
                list.len()
            ));
            return Err(plain(
                ExceptionClass::OSError,
                "wildcard resolved to multiple address",
            ));
        }
        t.note(format!("'' means any address: {}", ffi::ntop(sa.ip())));
        return Ok(sa.ip());
    }
    if bytes == b"255.255.255.255" || bytes == b"<broadcast>" {
        if af != libc::AF_INET && af != libc::AF_UNSPEC {
            t.note(format!("'{shown}' is an IPv4 address; this socket is not"));
            return Err(plain(ExceptionClass::OSError, "address family mismatched"));
        }
        t.note(format!(
            "'{shown}' means 255.255.255.255 (INADDR_BROADCAST)"
        ));
        return Ok(IpAddr::V4(Ipv4Addr::BROADCAST));
    }
    if af == libc::AF_UNSPEC || af == libc::AF_INET {
        if let Some(a) = ffi::inet_pton4(name) {
            t.note(format!(
                "'{shown}' is a numeric IPv4 address: parsed in place, no lookup"
            ));
            return Ok(IpAddr::V4(a));
        }
    }
    if (af == libc::AF_UNSPEC || af == libc::AF_INET6) && !bytes.contains(&b'%') {
        if let Some(a) = ffi::inet_pton6(name) {
            t.note(format!(
                "'{shown}' is a numeric IPv6 address: parsed in place, no lookup"
            ));
            return Ok(IpAddr::V6(a));
        }
    }
    let hints = Hints {
        family: af,
        ..Hints::default()
    };
    let list = traced_getaddrinfo(t, Some(name), None, hints)?;
    let Some(sa) = list.first().and_then(|a| a.addr) else {
        return Err(plain(ExceptionClass::OSError, "unknown address family"));
    };
    let ip = ffi::ntop(sa.ip());
    // One address comes back once per socket type; count addresses.
    let mut addrs: Vec<IpAddr> = Vec::new();
    for a in list.iter().filter_map(|a| a.addr) {
        if !addrs.contains(&a.ip()) {
            addrs.push(a.ip());
        }
    }
    if addrs.len() > 1 {
        t.note(format!(
            "'{shown}' resolved to {ip}, the first of {} addresses",
            addrs.len()
        ));
    } else {
        t.note(format!("'{shown}' resolved to {ip}"));
    }
    Ok(sa.ip())
}

/// `socket.gethostname()`.
fn gethostname(t: &mut Tracer<'_>) -> Result<String, PyError> {
    let at = t.at();
    match ffi::gethostname() {
        Ok(name) => {
            t.call("gethostname", "buf, 1023".into(), at, 0, None);
            Ok(String::from_utf8_lossy(&name).into_owned())
        }
        Err(errno) => {
            t.call("gethostname", "buf, 1023".into(), at, -1, Some(errno));
            Err(os_error(errno))
        }
    }
}

/// `socket.getfqdn(name)`, the pure-Python function of `socket.py`.
fn getfqdn(name: &str, t: &mut Tracer<'_>) -> Result<String, PyError> {
    let mut name = py_strip(name).to_string();
    if name.is_empty() || name == "0.0.0.0" || name == "::" {
        name = gethostname(t)?;
    }
    match gethostbyaddr(&name, t) {
        Ok(host) => {
            // The first of (hostname, *aliases) with a dot, else hostname.
            let pick = std::iter::once(&host.name)
                .chain(&host.aliases)
                .find(|n| n.contains('.'))
                .unwrap_or(&host.name)
                .clone();
            t.note(format!(
                "getfqdn picks the first name with a dot among {:?} and {:?}, else the host name",
                host.name, host.aliases
            ));
            Ok(pick)
        }
        // `except error:` catches OSError and its subclasses only.
        Err(e) if is_os_error(e.class) => {
            t.note(format!(
                "gethostbyaddr raised {}: getfqdn returns the name as given",
                e.class.python_name()
            ));
            Ok(name)
        }
        Err(e) => Err(e),
    }
}

/// Whether `except OSError` would catch an exception of this class.
fn is_os_error(class: ExceptionClass) -> bool {
    !matches!(
        class,
        ExceptionClass::OverflowError | ExceptionClass::ValueError | ExceptionClass::TypeError
    )
}

/// `socket.getaddrinfo(host, port, family, type)`.
///
/// glibc also answers `SOCK_RAW` entries when no type is asked; the
/// protocol's [`SockType`] cannot carry them, so they are left out and the
/// trace says how many.
fn getaddrinfo(
    host: &str,
    port: Option<&str>,
    family: Option<Family>,
    kind: Option<SockType>,
    t: &mut Tracer<'_>,
) -> Result<Vec<AddrInfoEntry>, PyError> {
    let host = c_truncated(&idna::encode(host).map_err(|e| unicode_error(&e))?);
    let port = port.map(|p| c_truncated(p.as_bytes()));
    let hints = Hints {
        family: af(family),
        socktype: match kind {
            None => 0,
            Some(SockType::Stream) => libc::SOCK_STREAM,
            Some(SockType::Dgram) => libc::SOCK_DGRAM,
        },
        ..Hints::default()
    };
    let list = traced_getaddrinfo(t, Some(&host), port.as_deref(), hints)?;
    let mut out = Vec::new();
    let mut left_out = Vec::new();
    for ai in list {
        match entry(&ai) {
            Some(e) => out.push(e),
            None => left_out.push(socktype_name(ai.socktype)),
        }
    }
    if !left_out.is_empty() {
        t.note(format!(
            "getaddrinfo also answered {} entr{} of type {} (not shown)",
            left_out.len(),
            if left_out.len() == 1 { "y" } else { "ies" },
            left_out.join(", ")
        ));
    }
    Ok(out)
}

/// One `getaddrinfo` answer as the protocol carries it, if it can.
fn entry(ai: &AddrInfo) -> Option<AddrInfoEntry> {
    let family = match ai.family {
        libc::AF_INET => Family::Inet,
        libc::AF_INET6 => Family::Inet6,
        _ => return None,
    };
    let kind = match ai.socktype {
        libc::SOCK_STREAM => SockType::Stream,
        libc::SOCK_DGRAM => SockType::Dgram,
        _ => return None,
    };
    let addr = ai.addr?;
    Some(AddrInfoEntry {
        family,
        kind,
        proto: ai.protocol,
        canonname: ai.canonname.clone().unwrap_or_default(),
        addr: SockAddr {
            ip: ffi::ntop(addr.ip()),
            port: addr.port(),
        },
    })
}

/// `socket.gethostbyname(host)`: IPv4 only, via `setipaddr(AF_INET)`.
fn gethostbyname(host: &str, t: &mut Tracer<'_>) -> Result<String, PyError> {
    let name = encoded_host(host, "gethostbyname")?;
    let ip = setipaddr(&name, libc::AF_INET, t)?;
    Ok(ffi::ntop(ip))
}

/// `(hostname, aliaslist, ipaddrlist)`.
struct HostEx {
    name: String,
    aliases: Vec<String>,
    addrs: Vec<String>,
}

/// `socket.gethostbyaddr(ip)`: the host is first resolved with
/// `setipaddr(AF_UNSPEC)` (so names work too), then looked up in reverse
/// with `gethostbyaddr_r`, and the answer checked as `gethost_common` does.
fn gethostbyaddr(ip: &str, t: &mut Tracer<'_>) -> Result<HostEx, PyError> {
    let name = encoded_host(ip, "gethostbyaddr")?;
    let addr = setipaddr(&name, libc::AF_UNSPEC, t)?;
    let (len, af) = match addr {
        IpAddr::V4(_) => (4, libc::AF_INET),
        IpAddr::V6(_) => (16, libc::AF_INET6),
    };
    let args = format!("{}, {len}, {}", ffi::ntop(addr), af_name(af));
    let lookup = reentrant(t, "gethostbyaddr_r", &args, |buf| {
        let r = ffi::gethostbyaddr(addr, buf);
        (r.ret, r)
    });
    let Some(h) = lookup.entry else {
        t.note(format!("no host entry; h_errno = {}", lookup.h_errno));
        return Err(herror(lookup.h_errno));
    };
    if h.addrtype != af {
        return Err(os_error(libc::EAFNOSUPPORT));
    }
    Ok(HostEx {
        name: h.name,
        aliases: h.aliases,
        addrs: h.addrs.into_iter().map(ffi::ntop).collect(),
    })
}

/// `socket.getservbyname(name, proto)`: the port from the services database.
fn getservbyname(name: &str, proto: Option<&str>, t: &mut Tracer<'_>) -> Result<u16, PyError> {
    let name_c = str_arg(name)?;
    let proto_c = proto.map(str_arg).transpose()?;
    let args = format!("{}, {}", c_arg(Some(&name_c)), c_arg(proto_c.as_deref()));
    let Reentrant { entry, .. } = reentrant(t, "getservbyname_r", &args, |buf| {
        let r = ffi::getservbyname(&name_c, proto_c.as_deref(), buf);
        (r.ret, r)
    });
    match entry {
        Some(s) => {
            t.note(format!(
                "services database: {}/{} is port {}",
                s.name, s.proto, s.port
            ));
            Ok(s.port)
        }
        None => Err(plain(ExceptionClass::OSError, "service/proto not found")),
    }
}

/// `socket.getservbyport(port, proto)`: the service name for a port.
fn getservbyport(port: i64, proto: Option<&str>, t: &mut Tracer<'_>) -> Result<String, PyError> {
    // `PyArg_ParseTuple(args, "i|s")` converts the port to a C int first.
    let port = match i32::try_from(port) {
        Ok(p) => p,
        Err(_) if port > 0 => {
            return Err(plain(
                ExceptionClass::OverflowError,
                "signed integer is greater than maximum",
            ))
        }
        Err(_) => {
            return Err(plain(
                ExceptionClass::OverflowError,
                "signed integer is less than minimum",
            ))
        }
    };
    let proto_c = proto.map(str_arg).transpose()?;
    let Ok(port) = u16::try_from(port) else {
        return Err(plain(
            ExceptionClass::OverflowError,
            "getservbyport: port must be 0-65535.",
        ));
    };
    let args = format!("htons({port}), {}", c_arg(proto_c.as_deref()));
    let Reentrant { entry, .. } = reentrant(t, "getservbyport_r", &args, |buf| {
        let r = ffi::getservbyport(port, proto_c.as_deref(), buf);
        (r.ret, r)
    });
    match entry {
        Some(s) => {
            t.note(format!(
                "services database: port {}/{} is {}",
                s.port, s.proto, s.name
            ));
            Ok(s.name)
        }
        None => Err(plain(ExceptionClass::OSError, "port/proto not found")),
    }
}

/// `socket.getprotobyname(name)`: the protocol number (`tcp` is 6).
fn getprotobyname(name: &str, t: &mut Tracer<'_>) -> Result<i32, PyError> {
    let name_c = str_arg(name)?;
    let args = c_arg(Some(&name_c));
    let Reentrant { entry, .. } = reentrant(t, "getprotobyname_r", &args, |buf| {
        let r = ffi::getprotobyname(&name_c, buf);
        (r.ret, r)
    });
    entry.ok_or_else(|| plain(ExceptionClass::OSError, "protocol not found"))
}

#[cfg(test)]
mod tests;
