//! Thin, safe wrappers around the C library's resolver functions.
//!
//! Nothing here decides anything: each function makes one genuine libc call
//! and hands back exactly what it answered (return value, `h_errno`, the
//! entry, copied out), so the caller can trace it and turn it into what
//! CPython would return or raise.

// This module is FFI to the C library's resolver: getaddrinfo, the reentrant
// getservbyname_r family, gethostbyaddr_r, inet_pton and inet_ntop. Neither
// std nor socket2 exposes them, and the libc crate does not even declare the
// `_r` functions or inet_pton/inet_ntop, so they are declared here. Every
// unsafe block says why it is sound; no pointer outlives the call that made it.
#![allow(unsafe_code)]

use libc::{c_char, c_int, c_void, size_t, socklen_t};
use std::ffi::CStr;
use std::mem::{size_of, zeroed};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::ptr;

// The declarations below match glibc's <netdb.h> and <arpa/inet.h>
// (the GNU six- and eight-argument forms of the `_r` functions).
extern "C" {
    fn inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int;
    fn inet_ntop(af: c_int, src: *const c_void, dst: *mut c_char, size: socklen_t)
        -> *const c_char;
    fn getservbyname_r(
        name: *const c_char,
        proto: *const c_char,
        result_buf: *mut libc::servent,
        buf: *mut c_char,
        buflen: size_t,
        result: *mut *mut libc::servent,
    ) -> c_int;
    fn getservbyport_r(
        port: c_int,
        proto: *const c_char,
        result_buf: *mut libc::servent,
        buf: *mut c_char,
        buflen: size_t,
        result: *mut *mut libc::servent,
    ) -> c_int;
    fn getprotobyname_r(
        name: *const c_char,
        result_buf: *mut libc::protoent,
        buf: *mut c_char,
        buflen: size_t,
        result: *mut *mut libc::protoent,
    ) -> c_int;
    fn gethostbyaddr_r(
        addr: *const c_void,
        len: socklen_t,
        kind: c_int,
        result_buf: *mut libc::hostent,
        buf: *mut c_char,
        buflen: size_t,
        result: *mut *mut libc::hostent,
        h_errnop: *mut c_int,
    ) -> c_int;
}

/// The `hints` argument of `getaddrinfo`; zero means "any".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hints {
    /// `AF_UNSPEC` (0), `AF_INET` or `AF_INET6`.
    pub family: c_int,
    /// 0, `SOCK_STREAM` or `SOCK_DGRAM`.
    pub socktype: c_int,
    /// 0 or a protocol number.
    pub protocol: c_int,
    /// `AI_*` flags.
    pub flags: c_int,
}

/// One `getaddrinfo` answer, copied out of the C list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddrInfo {
    /// `ai_family`.
    pub family: c_int,
    /// `ai_socktype` (glibc also answers `SOCK_RAW` when no type is asked).
    pub socktype: c_int,
    /// `ai_protocol`.
    pub protocol: c_int,
    /// `ai_canonname`, set only with `AI_CANONNAME`.
    pub canonname: Option<String>,
    /// `ai_addr`, when it is an IPv4 or IPv6 address.
    pub addr: Option<SocketAddr>,
}

/// A failed `getaddrinfo`: its `EAI_*` code, and `errno` for `EAI_SYSTEM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("getaddrinfo failed with code {code}")]
pub struct GaiError {
    /// The negative `EAI_*` value.
    pub code: c_int,
    /// `errno`, meaningful only when `code` is `EAI_SYSTEM`.
    pub errno: Option<c_int>,
}

/// Frees a `getaddrinfo` list when dropped, so no early return leaks it.
struct AddrInfoList(*mut libc::addrinfo);

impl Drop for AddrInfoList {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the pointer came from a successful getaddrinfo and is
            // freed exactly once, here; nothing borrows from it any more.
            unsafe { libc::freeaddrinfo(self.0) };
        }
    }
}

/// `getaddrinfo(host, service, &hints, &res)`, its answers in libc's order.
///
/// # Errors
///
/// The `EAI_*` code (and `errno` for `EAI_SYSTEM`) when it fails.
pub fn getaddrinfo(
    host: Option<&CStr>,
    service: Option<&CStr>,
    hints: Hints,
) -> Result<Vec<AddrInfo>, GaiError> {
    // SAFETY: addrinfo is plain data; all zeroes (null pointers, zero
    // integers) is the "no hints" value C callers get from memset.
    let mut h: libc::addrinfo = unsafe { zeroed() };
    h.ai_family = hints.family;
    h.ai_socktype = hints.socktype;
    h.ai_protocol = hints.protocol;
    h.ai_flags = hints.flags;
    let mut res: *mut libc::addrinfo = ptr::null_mut();
    // SAFETY: host and service are NUL-terminated or null, as getaddrinfo
    // accepts; `h` and `res` are valid for the duration of the call.
    let code = unsafe {
        libc::getaddrinfo(
            host.map_or(ptr::null(), CStr::as_ptr),
            service.map_or(ptr::null(), CStr::as_ptr),
            &h,
            &mut res,
        )
    };
    if code != 0 {
        let errno = (code == libc::EAI_SYSTEM)
            .then(|| std::io::Error::last_os_error().raw_os_error().unwrap_or(0));
        return Err(GaiError { code, errno });
    }
    let list = AddrInfoList(res);
    let mut out = Vec::new();
    let mut cur = list.0;
    while !cur.is_null() {
        // SAFETY: `cur` is a node of the list getaddrinfo returned; the list
        // stays alive (owned by `list`) until after this loop.
        let ai = unsafe { &*cur };
        // SAFETY: ai_addr points to ai_addrlen bytes of a socket address
        // (or is null), as getaddrinfo guarantees.
        let addr = unsafe { sockaddr_to_std(ai.ai_addr, ai.ai_addrlen) };
        // SAFETY: ai_canonname is null or a NUL-terminated string in the list.
        let canonname = unsafe { opt_string(ai.ai_canonname) };
        out.push(AddrInfo {
            family: ai.ai_family,
            socktype: ai.ai_socktype,
            protocol: ai.ai_protocol,
            canonname,
            addr,
        });
        cur = ai.ai_next;
    }
    drop(list);
    Ok(out)
}

/// Reads an IPv4 or IPv6 socket address.
///
/// # Safety
///
/// `sa` is null or points to `len` readable bytes of a socket address.
unsafe fn sockaddr_to_std(sa: *const libc::sockaddr, len: socklen_t) -> Option<SocketAddr> {
    if sa.is_null() || (len as usize) < size_of::<libc::sa_family_t>() {
        return None;
    }
    let family = c_int::from(ptr::read_unaligned(ptr::addr_of!((*sa).sa_family)));
    match family {
        libc::AF_INET if len as usize >= size_of::<libc::sockaddr_in>() => {
            let sin = ptr::read_unaligned(sa.cast::<libc::sockaddr_in>());
            Some(SocketAddr::V4(SocketAddrV4::new(
                Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr)),
                u16::from_be(sin.sin_port),
            )))
        }
        libc::AF_INET6 if len as usize >= size_of::<libc::sockaddr_in6>() => {
            let sin6 = ptr::read_unaligned(sa.cast::<libc::sockaddr_in6>());
            Some(SocketAddr::V6(SocketAddrV6::new(
                Ipv6Addr::from(sin6.sin6_addr.s6_addr),
                u16::from_be(sin6.sin6_port),
                u32::from_be(sin6.sin6_flowinfo),
                sin6.sin6_scope_id,
            )))
        }
        _ => None,
    }
}

/// Copies a C string that may be null (lossily: names are ASCII in practice).
///
/// # Safety
///
/// `p` is null or points to a NUL-terminated string.
unsafe fn opt_string(p: *const c_char) -> Option<String> {
    if p.is_null() {
        None
    } else {
        Some(CStr::from_ptr(p).to_string_lossy().into_owned())
    }
}

/// Copies a null-terminated array of C strings (`h_aliases`, `s_aliases`).
///
/// # Safety
///
/// `list` is null or points to an array of string pointers ending in null.
unsafe fn string_list(list: *mut *mut c_char) -> Vec<String> {
    let mut out = Vec::new();
    if list.is_null() {
        return out;
    }
    let mut i = 0;
    loop {
        let p = *list.add(i);
        if p.is_null() {
            return out;
        }
        out.push(CStr::from_ptr(p).to_string_lossy().into_owned());
        i += 1;
    }
}

/// `inet_pton(AF_INET, name)`: strict dotted-quad parsing, as CPython's
/// `setipaddr` does before deciding whether a lookup is needed.
pub fn inet_pton4(name: &CStr) -> Option<Ipv4Addr> {
    let mut a = [0u8; 4];
    // SAFETY: name is NUL-terminated; `a` has room for an in_addr (4 bytes).
    let r = unsafe { inet_pton(libc::AF_INET, name.as_ptr(), a.as_mut_ptr().cast()) };
    (r > 0).then(|| Ipv4Addr::from(a))
}

/// `inet_pton(AF_INET6, name)`.
pub fn inet_pton6(name: &CStr) -> Option<Ipv6Addr> {
    let mut a = [0u8; 16];
    // SAFETY: name is NUL-terminated; `a` has room for an in6_addr (16 bytes).
    let r = unsafe { inet_pton(libc::AF_INET6, name.as_ptr(), a.as_mut_ptr().cast()) };
    (r > 0).then(|| Ipv6Addr::from(a))
}

/// `inet_ntop`: the text CPython shows for an address. For IPv6 it differs
/// from Rust's `Display` in corners (`::1.2.3.4` stays dotted in glibc).
pub fn ntop(ip: IpAddr) -> String {
    let mut buf = [0 as c_char; 64];
    let (af, bytes): (c_int, Vec<u8>) = match ip {
        IpAddr::V4(a) => (libc::AF_INET, a.octets().to_vec()),
        IpAddr::V6(a) => (libc::AF_INET6, a.octets().to_vec()),
    };
    // SAFETY: `bytes` holds an in_addr/in6_addr for `af`; `buf` has 64 bytes,
    // more than INET6_ADDRSTRLEN (46), and its size is passed.
    let p = unsafe { inet_ntop(af, bytes.as_ptr().cast(), buf.as_mut_ptr(), 64) };
    if p.is_null() {
        return ip.to_string();
    }
    // SAFETY: on success inet_ntop wrote a NUL-terminated string into `buf`.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// `gethostname(buf, 1023)`, as CPython calls it: the name's bytes.
///
/// # Errors
///
/// `errno` when the call fails.
pub fn gethostname() -> Result<Vec<u8>, c_int> {
    let mut buf = [0u8; 1024];
    // SAFETY: `buf` is writable for 1023 bytes, leaving the last for a NUL
    // that is already there (glibc may truncate without terminating).
    let r = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len() - 1) };
    if r < 0 {
        return Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0));
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    Ok(buf[..end].to_vec())
}

/// A `struct servent`, copied out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Servent {
    /// `s_name`, the official service name.
    pub name: String,
    /// `s_port`, converted from network byte order.
    pub port: u16,
    /// `s_proto`.
    pub proto: String,
}

/// What one call of a reentrant (`_r`) lookup answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reentrant<T> {
    /// The function's return value: 0, or an errno such as `ERANGE` (the
    /// buffer was too small) or `ENOENT`.
    pub ret: c_int,
    /// The entry, when one was found.
    pub entry: Option<T>,
}

/// Turns a servent that a `_r` call filled into owned data.
///
/// # Safety
///
/// `result` is null or points to a servent whose strings are valid.
unsafe fn copy_servent(result: *mut libc::servent) -> Option<Servent> {
    if result.is_null() {
        return None;
    }
    let s = &*result;
    Some(Servent {
        name: opt_string(s.s_name).unwrap_or_default(),
        // s_port holds the port in network byte order in its low 16 bits.
        port: u16::from_be(s.s_port as u16),
        proto: opt_string(s.s_proto).unwrap_or_default(),
    })
}

/// `getservbyname_r(name, proto, …, buf)` with the caller's buffer.
pub fn getservbyname(name: &CStr, proto: Option<&CStr>, buf: &mut [u8]) -> Reentrant<Servent> {
    // SAFETY: servent is plain data; zeroes are a valid empty value.
    let mut se: libc::servent = unsafe { zeroed() };
    let mut result: *mut libc::servent = ptr::null_mut();
    // SAFETY: name/proto are NUL-terminated or null (proto may be null);
    // `buf` is writable for buf.len() bytes; `se` and `result` are valid.
    let ret = unsafe {
        getservbyname_r(
            name.as_ptr(),
            proto.map_or(ptr::null(), CStr::as_ptr),
            &mut se,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut result,
        )
    };
    // SAFETY: on success `result` points to `se`, whose strings live in
    // `buf`; both are still alive here and copied before returning.
    let entry = unsafe { copy_servent(result) };
    Reentrant { ret, entry }
}

/// `getservbyport_r(htons(port), proto, …, buf)` with the caller's buffer.
pub fn getservbyport(port: u16, proto: Option<&CStr>, buf: &mut [u8]) -> Reentrant<Servent> {
    // SAFETY: servent is plain data; zeroes are a valid empty value.
    let mut se: libc::servent = unsafe { zeroed() };
    let mut result: *mut libc::servent = ptr::null_mut();
    // The port goes in network byte order, in an int, as `htons(port)`.
    let port_be = c_int::from(port.to_be());
    // SAFETY: as in `getservbyname`.
    let ret = unsafe {
        getservbyport_r(
            port_be,
            proto.map_or(ptr::null(), CStr::as_ptr),
            &mut se,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut result,
        )
    };
    // SAFETY: as in `getservbyname`.
    let entry = unsafe { copy_servent(result) };
    Reentrant { ret, entry }
}

/// `getprotobyname_r(name, …, buf)`: the protocol number, if found.
pub fn getprotobyname(name: &CStr, buf: &mut [u8]) -> Reentrant<c_int> {
    // SAFETY: protoent is plain data; zeroes are a valid empty value.
    let mut pe: libc::protoent = unsafe { zeroed() };
    let mut result: *mut libc::protoent = ptr::null_mut();
    // SAFETY: name is NUL-terminated; `buf` is writable for buf.len() bytes;
    // `pe` and `result` are valid for the call.
    let ret = unsafe {
        getprotobyname_r(
            name.as_ptr(),
            &mut pe,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut result,
        )
    };
    let entry = if result.is_null() {
        None
    } else {
        // SAFETY: on success `result` points to `pe`, alive here.
        Some(unsafe { (*result).p_proto })
    };
    Reentrant { ret, entry }
}

/// A `struct hostent`, copied out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostEnt {
    /// `h_name`.
    pub name: String,
    /// `h_aliases`.
    pub aliases: Vec<String>,
    /// `h_addrtype`.
    pub addrtype: c_int,
    /// `h_addr_list`, for IPv4 and IPv6 entries.
    pub addrs: Vec<IpAddr>,
}

/// What one `gethostbyaddr_r` call answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostLookup {
    /// The return value: 0, or an errno such as `ERANGE`.
    pub ret: c_int,
    /// `*h_errnop`: why no entry was found (`HOST_NOT_FOUND` is 1).
    pub h_errno: c_int,
    /// The entry, when one was found.
    pub entry: Option<HostEnt>,
}

/// `gethostbyaddr_r(&addr, len, af, …, buf, …, &h_errno)`.
pub fn gethostbyaddr(ip: IpAddr, buf: &mut [u8]) -> HostLookup {
    let (af, bytes): (c_int, Vec<u8>) = match ip {
        IpAddr::V4(a) => (libc::AF_INET, a.octets().to_vec()),
        IpAddr::V6(a) => (libc::AF_INET6, a.octets().to_vec()),
    };
    // SAFETY: hostent is plain data; zeroes are a valid empty value.
    let mut he: libc::hostent = unsafe { zeroed() };
    let mut result: *mut libc::hostent = ptr::null_mut();
    let mut h_errno: c_int = 0;
    // SAFETY: `bytes` is an in_addr/in6_addr of the given length; `buf` is
    // writable for buf.len() bytes; the out-pointers are valid for the call.
    let ret = unsafe {
        gethostbyaddr_r(
            bytes.as_ptr().cast(),
            bytes.len() as socklen_t,
            af,
            &mut he,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut result,
            &mut h_errno,
        )
    };
    let entry = if result.is_null() {
        None
    } else {
        // SAFETY: on success `result` points to `he`, whose pointers lead into
        // `buf`; both are alive, and everything is copied before returning.
        Some(unsafe { copy_hostent(&*result) })
    };
    HostLookup {
        ret,
        h_errno,
        entry,
    }
}

/// Copies a hostent.
///
/// # Safety
///
/// `h`'s pointers are valid as gethostbyaddr_r leaves them.
unsafe fn copy_hostent(h: &libc::hostent) -> HostEnt {
    let mut addrs = Vec::new();
    let len = usize::try_from(h.h_length).unwrap_or(0);
    if !h.h_addr_list.is_null() {
        let mut i = 0;
        loop {
            let p = *h.h_addr_list.add(i);
            if p.is_null() {
                break;
            }
            match (h.h_addrtype, len) {
                (libc::AF_INET, 4) => {
                    let mut a = [0u8; 4];
                    ptr::copy_nonoverlapping(p.cast::<u8>(), a.as_mut_ptr(), 4);
                    addrs.push(IpAddr::V4(Ipv4Addr::from(a)));
                }
                (libc::AF_INET6, 16) => {
                    let mut a = [0u8; 16];
                    ptr::copy_nonoverlapping(p.cast::<u8>(), a.as_mut_ptr(), 16);
                    addrs.push(IpAddr::V6(Ipv6Addr::from(a)));
                }
                _ => {}
            }
            i += 1;
        }
    }
    HostEnt {
        name: opt_string(h.h_name).unwrap_or_default(),
        aliases: string_list(h.h_aliases),
        addrtype: h.h_addrtype,
        addrs,
    }
}

/// Copies a static message string that a C function returned.
fn static_message(p: *const c_char, fallback: impl FnOnce() -> String) -> String {
    if p.is_null() {
        return fallback();
    }
    // SAFETY: gai_strerror/hstrerror return pointers to static, NUL-terminated
    // messages (or null, handled above).
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// `gai_strerror(code)`: the text `socket.gaierror` carries.
pub fn gai_strerror(code: c_int) -> String {
    // SAFETY: gai_strerror accepts any int and returns a static string.
    let p = unsafe { libc::gai_strerror(code) };
    static_message(p, || format!("Unknown error {code}"))
}

/// `hstrerror(h_errno)`: the text `socket.herror` carries.
pub fn hstrerror(code: c_int) -> String {
    // SAFETY: hstrerror accepts any int and returns a static string.
    let p = unsafe { libc::hstrerror(code) };
    static_message(p, || "Unknown resolver error".to_string())
}

/// `strerror_r(errno)`: the text CPython puts after `[Errno N]`.
pub fn strerror(errno: c_int) -> String {
    let mut buf = [0 as c_char; 256];
    // SAFETY: `buf` is writable for its length, which is passed; the XSI
    // strerror_r (what the libc crate binds) always NUL-terminates on success.
    let r = unsafe { libc::strerror_r(errno, buf.as_mut_ptr(), buf.len()) };
    if r != 0 {
        return format!("Unknown error {errno}");
    }
    // SAFETY: see above: `buf` holds a NUL-terminated string.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}
