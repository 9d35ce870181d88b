//! Numbers as typed into the form, and CPython's checks on them.
//!
//! A number field holds what the learner would write in the call's
//! parentheses. A whole number is a Python `int` of any size, so
//! `99999999999999999999` gets the `OverflowError` CPython raises for it
//! rather than a parse failure; a number with a point or an exponent is a
//! Python `float`, which CPython refuses where it wants an `int`
//! (`TypeError: 'float' object cannot be interpreted as an integer`).
//! Anything else (`abc`, an empty field) has no Python equivalent worth
//! showing — in Python it would be a different program (`'abc'` is a
//! `str`, a bare `abc` a `NameError`) — so it is an input error worded for
//! the learner.

use shared::{ExceptionClass, PyError};

/// What a number field holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Number {
    /// A whole number.
    Int(Int),
    /// A number with a point or an exponent (or `inf`/`nan`, which only
    /// the timeout field accepts).
    Float(f64),
}

/// A Python `int`, which has no size limit: either it fits an `i64` or we
/// only need to know which way it overflows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Int {
    /// Fits a C `long` (64 bits).
    Fits(i64),
    /// Above `i64::MAX`.
    Above,
    /// Below `i64::MIN`.
    Below,
}

impl Int {
    /// The value, saturated to `i64`: enough to send a port the relay must
    /// still refuse, since anything beyond a C `int` fails the same way.
    pub(crate) fn saturated(self) -> i64 {
        match self {
            Int::Fits(n) => n,
            Int::Above => i64::MAX,
            Int::Below => i64::MIN,
        }
    }
}

/// Parses a number field: `[+-]digits` is an [`Number::Int`]; anything
/// Rust reads as an `f64` is a [`Number::Float`], but only with a digit in
/// it unless `names` (so `inf` and `nan` are floats only where asked).
/// Surrounding whitespace is ignored, as inside Python's parentheses.
pub(crate) fn parse(text: &str, names: bool) -> Option<Number> {
    let t = text.trim();
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Number::Int(whole(negative, digits)));
    }
    if !names && !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<f64>().ok().map(Number::Float)
}

/// The value of ASCII decimal `digits` with a sign, however many there are.
fn whole(negative: bool, digits: &str) -> Int {
    let mut magnitude: u128 = 0;
    for d in digits.bytes() {
        magnitude = magnitude * 10 + u128::from(d - b'0');
        if magnitude > 1 << 64 {
            break;
        }
    }
    let signed = if negative {
        0i128.checked_sub_unsigned(magnitude)
    } else {
        i128::try_from(magnitude).ok()
    };
    match signed.map(i64::try_from) {
        Some(Ok(n)) => Int::Fits(n),
        _ if negative => Int::Below,
        _ => Int::Above,
    }
}

/// `TypeError: 'float' object cannot be interpreted as an integer`.
pub(crate) fn float_not_int() -> PyError {
    PyError::plain(
        ExceptionClass::TypeError,
        "'float' object cannot be interpreted as an integer",
    )
}

/// The bytes object CPython allocates for `recv(bufsize)` has a 33-byte
/// header, and `PyBytes_FromStringAndSize` refuses sizes within that of
/// `PY_SSIZE_T_MAX`.
const BYTES_HEADER: i64 = 33;

/// `recv(bufsize)` / `recvfrom(bufsize)`'s checks, in CPython's order:
/// the `n` (`Py_ssize_t`) conversion, the sign, then the allocation size.
/// (A size the machine cannot allocate raises `MemoryError`, which depends
/// on the machine; the relay caps the buffer instead.)
pub(crate) fn bufsize(n: Int, method: &str) -> Result<i64, PyError> {
    match n {
        Int::Above | Int::Below => Err(PyError::plain(
            ExceptionClass::OverflowError,
            "Python int too large to convert to C ssize_t",
        )),
        Int::Fits(n) if n < 0 => Err(PyError::plain(
            ExceptionClass::ValueError,
            format!("negative buffersize in {method}"),
        )),
        Int::Fits(n) if n > i64::MAX - BYTES_HEADER => Err(PyError::plain(
            ExceptionClass::OverflowError,
            "byte string is too large",
        )),
        Int::Fits(n) => Ok(n),
    }
}

/// `listen(backlog)`'s `i` (C `int`) conversion, which goes through a C
/// `long` first, hence two different messages. A negative backlog is
/// valid: CPython clamps it to 0 and calls `listen`.
pub(crate) fn backlog(n: Int) -> Result<i32, PyError> {
    let overflow = |m: &str| PyError::plain(ExceptionClass::OverflowError, m);
    match n {
        Int::Above | Int::Below => Err(overflow("Python int too large to convert to C long")),
        Int::Fits(n) if n > i64::from(i32::MAX) => {
            Err(overflow("signed integer is greater than maximum"))
        }
        Int::Fits(n) => {
            i32::try_from(n).map_err(|_| overflow("signed integer is less than minimum"))
        }
    }
}

/// `settimeout(value)` for an `int`: CPython converts it to nanoseconds in
/// an `i64` (`_PyTime_t`) before looking at its sign, so `-10**10` is an
/// `OverflowError`, not the `ValueError` of `-1`.
pub(crate) fn timeout_int(n: Int) -> Result<f64, PyError> {
    let too_large = || {
        PyError::plain(
            ExceptionClass::OverflowError,
            "timestamp too large to convert to C _PyTime_t",
        )
    };
    let Int::Fits(n) = n else {
        return Err(too_large());
    };
    n.checked_mul(1_000_000_000).ok_or_else(too_large)?;
    if n < 0 {
        return Err(out_of_range());
    }
    // Below 2**34 here, so exact.
    Ok(n as f64)
}

/// `settimeout(value)` for a `float`, as `_PyTime_FromDouble` does it:
/// NaN first, then seconds to nanoseconds rounded away from zero
/// (`_PyTime_ROUND_TIMEOUT`), which must fit an `i64`, then the sign — so
/// `-1e-300` is out of range but `-0.0` is fine.
pub(crate) fn timeout_float(t: f64) -> Result<f64, PyError> {
    if t.is_nan() {
        return Err(PyError::plain(
            ExceptionClass::ValueError,
            "Invalid value NaN (not a number)",
        ));
    }
    let ns = t * 1e9;
    let ns = if ns >= 0.0 { ns.ceil() } else { ns.floor() };
    // The i64 bounds as doubles: -2**63 is exact, and 2**63 is the first
    // double above i64::MAX.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if !(-LIMIT..LIMIT).contains(&ns) {
        return Err(PyError::plain(
            ExceptionClass::OverflowError,
            "timestamp out of range for platform time_t",
        ));
    }
    if ns < 0.0 {
        return Err(out_of_range());
    }
    Ok(t)
}

/// `ValueError: Timeout value out of range`.
fn out_of_range() -> PyError {
    PyError::plain(ExceptionClass::ValueError, "Timeout value out of range")
}

/// `setsockopt(level, option, value)` with an `int` value: CPython tries
/// `iii` (a C `int`), then `iiO!I` (`None` and a length), then `iiy*` (a
/// buffer) — so an int beyond a C `int` ends in the buffer attempt's error.
pub(crate) fn optval_int(n: Int) -> Result<i32, PyError> {
    match n {
        Int::Fits(n) => i32::try_from(n).map_err(|_| not_a_buffer("int")),
        Int::Above | Int::Below => Err(not_a_buffer("int")),
    }
}

/// `TypeError: a bytes-like object is required, not 'int'`: what
/// `setsockopt` says when its value is neither a C `int` nor a buffer.
pub(crate) fn not_a_buffer(type_name: &str) -> PyError {
    PyError::plain(
        ExceptionClass::TypeError,
        format!("a bytes-like object is required, not '{type_name}'"),
    )
}
