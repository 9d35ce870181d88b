//! `format` specs and `%`-formatting against what CPython prints.

use super::{format_spec, percent_bytes, percent_str, str_format};
use crate::value::Value;

fn t(items: Vec<Value>) -> Value {
    Value::tuple(items)
}

#[test]
fn percent_formatting_matches_cpython() {
    let args = t(vec![
        Value::Float(1.23456),
        Value::Int(42),
        Value::Int(42),
        Value::Int(255),
        Value::str("a"),
        Value::bytes(&b"b"[..]),
        Value::Int(65),
        Value::Int(5),
        Value::Int(5),
    ]);
    assert_eq!(
        percent_str("%5.2f|%-5d|%05d|%x|%r|%s|%c|%%|%+d|% d", &args)
            .ok()
            .as_deref(),
        Some(" 1.23|42   |00042|ff|'a'|b'b'|A|%|+5| 5")
    );
    let b = percent_bytes(
        b"%s %d %r",
        &t(vec![
            Value::bytes(&b"x"[..]),
            Value::Int(3),
            Value::bytes(&b"y"[..]),
        ]),
    );
    assert_eq!(b.ok().as_deref(), Some(&b"x 3 b'y'"[..]));
    assert!(percent_str("%s %s", &t(vec![Value::str("x")])).is_err());
    assert_eq!(
        percent_str("%.3s", &Value::str("abcdef")).ok().as_deref(),
        Some("abc")
    );
    assert_eq!(
        percent_str("%5s|", &Value::None).ok().as_deref(),
        Some(" None|")
    );
}

#[test]
fn format_specs_match_cpython() {
    let f = |v: Value, s: &str| format_spec(&v, s).unwrap_or_else(|e| e.1);
    assert_eq!(f(Value::str("ab"), ">8"), "      ab");
    assert_eq!(f(Value::str("e"), "^7"), "   e   ");
    assert_eq!(f(Value::Float(1.23456), "08.3f"), "0001.235");
    assert_eq!(f(Value::Int(1234567), ","), "1,234,567");
    assert_eq!(f(Value::Int(255), "#x"), "0xff");
    assert_eq!(f(Value::Float(0.5), ".0f"), "0");
    assert_eq!(f(Value::Int(12), "5"), "   12");
    assert_eq!(f(Value::Float(3.0), "g"), "3");
    assert_eq!(f(Value::Float(0.0001234), "g"), "0.0001234");
    assert_eq!(f(Value::Float(1234.5), "e"), "1.234500e+03");
    assert_eq!(f(Value::Float(0.25), ".1%"), "25.0%");
    assert_eq!(f(Value::Int(-5), "05"), "-0005");
    assert_eq!(f(Value::Float(1.5), "10.2f"), "      1.50");
    assert_eq!(
        f(Value::str("a"), "d"),
        "Unknown format code 'd' for object of type 'str'"
    );
    assert_eq!(
        str_format(
            "{:>8}|{:<6}|{!r}",
            &[Value::str("ab"), Value::str("cd"), Value::str("q")],
            &[]
        )
        .ok()
        .as_deref(),
        Some("      ab|cd    |'q'")
    );
}
