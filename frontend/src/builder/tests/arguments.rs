//! The arguments CPython checks before any system call: `bufsize`,
//! `backlog`, the timeout and `setsockopt`'s value.

use super::form::{outcome, tcp4, with, S1};
use crate::builder::*;
use shared::{Op, OptValue, SockOpt};

#[test]
fn bufsize_is_checked_as_cpython_does() {
    #[rustfmt::skip]
    let table = [
        (OpKind::Recv, "1024", "s1.recv(1024)"),
        (OpKind::Recv, "0", "s1.recv(0)"),
        (OpKind::Recvfrom, "65536", "s1.recvfrom(65536)"),
        (OpKind::Recv, "-1", "bufsize: ValueError: negative buffersize in recv"),
        (OpKind::Recvfrom, "-1", "bufsize: ValueError: negative buffersize in recvfrom"),
        (OpKind::Recv, "-9223372036854775808", "bufsize: ValueError: negative buffersize in recv"),
        (OpKind::Recv, "9223372036854775808", "bufsize: OverflowError: Python int too large to convert to C ssize_t"),
        (OpKind::Recvfrom, "-9223372036854775809", "bufsize: OverflowError: Python int too large to convert to C ssize_t"),
        // The bytes object's 33-byte header must fit too.
        (OpKind::Recv, "9223372036854775774", "s1.recv(9223372036854775774)"),
        (OpKind::Recv, "9223372036854775775", "bufsize: OverflowError: byte string is too large"),
        (OpKind::Recvfrom, "9223372036854775807", "bufsize: OverflowError: byte string is too large"),
        (OpKind::Recv, "1024.0", "bufsize: TypeError: 'float' object cannot be interpreted as an integer"),
        (OpKind::Recv, "", "bufsize: input: type how many bytes recv may return at most, e.g. 1024"),
        (OpKind::Recv, "lots", "bufsize: input: bufsize must be a whole number of bytes, e.g. 1024"),
    ];
    for (kind, bufsize, expected) in table {
        let f = with(kind, |f| f.bufsize = bufsize.into());
        assert_eq!(outcome(&f, &tcp4()), expected, "{}({bufsize})", kind.name());
    }
}

#[test]
fn backlog_is_a_c_int_and_negative_is_fine() {
    #[rustfmt::skip]
    let table = [
        ("", "s1.listen()"),
        ("  ", "s1.listen()"),
        ("5", "s1.listen(5)"),
        ("0", "s1.listen(0)"),
        // CPython clamps it to 0 and calls listen(): the relay does too.
        ("-5", "s1.listen(-5)"),
        ("2147483647", "s1.listen(2147483647)"),
        ("-2147483648", "s1.listen(-2147483648)"),
        ("2147483648", "backlog: OverflowError: signed integer is greater than maximum"),
        ("9223372036854775807", "backlog: OverflowError: signed integer is greater than maximum"),
        ("-2147483649", "backlog: OverflowError: signed integer is less than minimum"),
        ("-9223372036854775808", "backlog: OverflowError: signed integer is less than minimum"),
        ("9223372036854775808", "backlog: OverflowError: Python int too large to convert to C long"),
        ("-9223372036854775809", "backlog: OverflowError: Python int too large to convert to C long"),
        ("5.0", "backlog: TypeError: 'float' object cannot be interpreted as an integer"),
        ("five", "backlog: input: the backlog must be a whole number, e.g. 5, or empty for Python's default"),
    ];
    for (backlog, expected) in table {
        let f = with(OpKind::Listen, |f| f.backlog = backlog.into());
        assert_eq!(outcome(&f, &tcp4()), expected, "listen({backlog})");
    }
}

#[test]
fn timeouts_are_checked_as_cpython_does() {
    #[rustfmt::skip]
    let table = [
        ("", "s1.settimeout(None)"),
        ("None", "s1.settimeout(None)"),
        (" None ", "s1.settimeout(None)"),
        ("2.0", "s1.settimeout(2.0)"),
        ("0", "s1.settimeout(0.0)"),
        ("5", "s1.settimeout(5.0)"),
        (".5", "s1.settimeout(0.5)"),
        ("1e-300", "s1.settimeout(1e-300)"),
        ("-0.0", "s1.settimeout(-0.0)"),
        ("-0", "s1.settimeout(0.0)"),
        ("-1", "timeout: ValueError: Timeout value out of range"),
        ("-1.5", "timeout: ValueError: Timeout value out of range"),
        // Rounded away from zero to -1 ns first.
        ("-1e-300", "timeout: ValueError: Timeout value out of range"),
        ("nan", "timeout: ValueError: Invalid value NaN (not a number)"),
        ("inf", "timeout: OverflowError: timestamp out of range for platform time_t"),
        ("-inf", "timeout: OverflowError: timestamp out of range for platform time_t"),
        ("1e300", "timeout: OverflowError: timestamp out of range for platform time_t"),
        ("-1e300", "timeout: OverflowError: timestamp out of range for platform time_t"),
        ("9223372036.854775", "s1.settimeout(9223372036.854774)"),
        ("9223372036.854776", "timeout: OverflowError: timestamp out of range for platform time_t"),
        ("9223372036", "s1.settimeout(9223372036.0)"),
        ("9223372037", "timeout: OverflowError: timestamp too large to convert to C _PyTime_t"),
        ("-9223372036", "timeout: ValueError: Timeout value out of range"),
        ("-10000000000", "timeout: OverflowError: timestamp too large to convert to C _PyTime_t"),
        ("100000000000000000000000000000", "timeout: OverflowError: timestamp too large to convert to C _PyTime_t"),
        ("-100000000000000000000000000000", "timeout: OverflowError: timestamp too large to convert to C _PyTime_t"),
        ("none", "timeout: input: the timeout must be seconds (e.g. 2.0), 0 for non-blocking, or None to wait forever"),
        ("2s", "timeout: input: the timeout must be seconds (e.g. 2.0), 0 for non-blocking, or None to wait forever"),
    ];
    for (timeout, expected) in table {
        let f = with(OpKind::Settimeout, |f| f.timeout = timeout.into());
        assert_eq!(outcome(&f, &tcp4()), expected, "settimeout({timeout})");
    }
}

#[test]
fn the_negative_zero_timeout_keeps_its_sign() {
    let f = with(OpKind::Settimeout, |f| f.timeout = "-0.0".into());
    match f.build(Some(&tcp4())) {
        Ok(Op::Settimeout {
            timeout: Some(t), ..
        }) => assert!(t == 0.0 && t.is_sign_negative()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn option_values_are_c_ints_or_linger_pairs() {
    let linger = |onoff, seconds| Ok(OptValue::Linger { onoff, seconds });
    #[rustfmt::skip]
    let table: Vec<(&str, Result<OptValue, &str>)> = vec![
        ("1", Ok(OptValue::Int(1))),
        (" 0 ", Ok(OptValue::Int(0))),
        ("True", Ok(OptValue::Int(1))),
        ("False", Ok(OptValue::Int(0))),
        ("-1", Ok(OptValue::Int(-1))),
        ("65536", Ok(OptValue::Int(65536))),
        ("2147483647", Ok(OptValue::Int(2147483647))),
        ("-2147483648", Ok(OptValue::Int(-2147483648))),
        ("1, 0", linger(true, 0)),
        ("(1, 0)", linger(true, 0)),
        ("(0,5)", linger(false, 5)),
        ("struct.pack('ii', 1, 0)", linger(true, 0)),
        ("struct.pack(\"ii\", 5, 10)", linger(true, 10)),
        ("2147483648", Err("TypeError: a bytes-like object is required, not 'int'")),
        ("-2147483649", Err("TypeError: a bytes-like object is required, not 'int'")),
        ("1000000000000000000000000000000", Err("TypeError: a bytes-like object is required, not 'int'")),
        ("1.0", Err("TypeError: a bytes-like object is required, not 'float'")),
        ("1, 2147483648", Err("struct.error: 'i' format requires -2147483648 <= number <= 2147483647")),
        ("", Err("the value must be a whole number (1 turns a flag on, 0 off), or onoff, seconds for SO_LINGER, e.g. 1, 0")),
        ("on", Err("the value must be a whole number (1 turns a flag on, 0 off), or onoff, seconds for SO_LINGER, e.g. 1, 0")),
        ("1, 0, 3", Err("the value must be a whole number (1 turns a flag on, 0 off), or onoff, seconds for SO_LINGER, e.g. 1, 0")),
        ("1.0, 0", Err("the value must be a whole number (1 turns a flag on, 0 off), or onoff, seconds for SO_LINGER, e.g. 1, 0")),
    ];
    for (value, expected) in table {
        let f = with(OpKind::Setsockopt, |f| {
            f.option = SockOpt::Linger;
            f.opt_value = value.into();
        });
        let got = f.build(Some(&tcp4()));
        match expected {
            Ok(v) => assert_eq!(
                got,
                Ok(Op::Setsockopt {
                    sock: S1,
                    option: SockOpt::Linger,
                    value: v
                }),
                "{value:?}"
            ),
            Err(msg) => {
                let e = got.expect_err(value);
                assert_eq!(e.field, Field::OptValue, "{value:?}");
                assert_eq!(e.to_string(), msg, "{value:?}");
            }
        }
    }
}

#[test]
fn the_kernel_decides_which_value_suits_which_option() {
    // SO_LINGER with an int is EINVAL from setsockopt(), not a Python error.
    let f = with(OpKind::Setsockopt, |f| f.option = SockOpt::Linger);
    assert_eq!(
        outcome(&f, &tcp4()),
        "s1.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 1)"
    );
    let f = with(OpKind::Setsockopt, |f| {
        f.option = SockOpt::SndBuf;
        f.opt_value = "1, 0".into();
    });
    assert_eq!(
        outcome(&f, &tcp4()),
        "s1.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, struct.pack('ii', 1, 0))"
    );
}
