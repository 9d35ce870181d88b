//! Python's exceptions for resolver failures, and arguments converted the
//! way CPython converts them (host encoding, C strings, names for traces).

use super::*;

// ---------------------------------------------------------------------------
// Python exceptions

/// `OSError: [Errno N] strerror`, with the class PEP 3151 picks.
pub(super) fn os_error(errno: i32) -> PyError {
    PyError {
        class: ExceptionClass::for_errno(errno),
        errno: Some(errno),
        errno_name: shared::errno::name(errno).map(str::to_string),
        message: format!("[Errno {errno}] {}", ffi::strerror(errno)),
    }
}

/// CPython's `set_gaierror`: `socket.gaierror: [Errno -2] Name or service
/// not known`, except `EAI_SYSTEM`, which raises the `OSError` of `errno`.
pub(super) fn gai_error(e: GaiError) -> PyError {
    match e.errno {
        Some(errno) if e.code == libc::EAI_SYSTEM => os_error(errno),
        _ => PyError::gai(e.code, ffi::gai_strerror(e.code)),
    }
}

/// CPython's `set_herror`: `socket.herror: [Errno 1] Unknown host`.
pub(super) fn herror(h_errno: i32) -> PyError {
    PyError {
        class: ExceptionClass::Herror,
        errno: Some(h_errno),
        errno_name: None,
        message: format!("[Errno {h_errno}] {}", ffi::hstrerror(h_errno)),
    }
}

/// The `UnicodeError` Python's `idna` codec raises. `shared` has no
/// `UnicodeError` class, so its base class `ValueError` carries it; the
/// message is CPython's, word for word.
pub(super) fn unicode_error(e: &IdnaError) -> PyError {
    PyError::plain(
        ExceptionClass::ValueError,
        format!("encoding with 'idna' codec failed (UnicodeError: {e})"),
    )
}

pub(super) fn plain(class: ExceptionClass, message: impl Into<String>) -> PyError {
    PyError::plain(class, message)
}

// ---------------------------------------------------------------------------
// Arguments as CPython converts them

/// A host of an address tuple, as CPython's `idna_converter`: ASCII goes
/// through untouched (no label checks), other text through the `idna` codec.
pub(super) fn address_host(host: &str) -> Result<CString, PyError> {
    let bytes = if host.is_ascii() {
        host.as_bytes().to_vec()
    } else {
        idna::encode(host)
            .map_err(|_| plain(ExceptionClass::TypeError, "encoding of hostname failed"))?
    };
    CString::new(bytes).map_err(|_| {
        plain(
            ExceptionClass::TypeError,
            "host name must not contain null character",
        )
    })
}

/// A host argument parsed with `PyArg_ParseTuple`'s `et` and the `idna`
/// encoding (`gethostbyname`, `gethostbyaddr`): always encoded, then refused
/// if it holds a NUL.
pub(super) fn encoded_host(host: &str, func: &str) -> Result<CString, PyError> {
    let bytes = idna::encode(host).map_err(|e| unicode_error(&e))?;
    CString::new(bytes).map_err(|_| {
        plain(
            ExceptionClass::TypeError,
            format!("{func}() argument 1 must be encoded string without null bytes, not str"),
        )
    })
}

/// A string argument parsed with `PyArg_ParseTuple`'s `s`.
pub(super) fn str_arg(s: &str) -> Result<CString, PyError> {
    CString::new(s).map_err(|_| plain(ExceptionClass::ValueError, "embedded null character"))
}

/// Bytes handed to C as a `char *`: C stops at the first NUL, and so does
/// this (what CPython's `getaddrinfo` does with `'127.0.0.1\0junk'`).
pub(super) fn c_truncated(bytes: &[u8]) -> CString {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    CString::new(&bytes[..end]).unwrap_or_default()
}

/// Strips what Python's `str.strip()` strips (its `isspace()` adds the
/// separators U+001C–U+001F to Unicode's white space).
pub(super) fn py_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// The `AF_*` value for an optional family.
pub(super) fn af(family: Option<Family>) -> c_int {
    match family {
        None => libc::AF_UNSPEC,
        Some(Family::Inet) => libc::AF_INET,
        Some(Family::Inet6) => libc::AF_INET6,
    }
}

pub(super) fn af_name(af: c_int) -> String {
    match af {
        libc::AF_UNSPEC => "AF_UNSPEC".into(),
        libc::AF_INET => "AF_INET".into(),
        libc::AF_INET6 => "AF_INET6".into(),
        n => n.to_string(),
    }
}

pub(super) fn socktype_name(t: c_int) -> String {
    match t {
        libc::SOCK_STREAM => "SOCK_STREAM".into(),
        libc::SOCK_DGRAM => "SOCK_DGRAM".into(),
        libc::SOCK_RAW => "SOCK_RAW".into(),
        n => n.to_string(),
    }
}

/// A C string argument as a trace shows it: quoted, or `NULL`.
pub(super) fn c_arg(s: Option<&CStr>) -> String {
    match s {
        Some(s) => format!("{:?}", s.to_string_lossy()),
        None => "NULL".into(),
    }
}
