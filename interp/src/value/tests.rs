//! Values' reprs, equality and ranges against CPython.

use super::{Dict, Range, Value};
use std::cell::RefCell;
use std::rc::Rc;

#[test]
fn reprs_match_cpython() {
    assert_eq!(Value::str("it's").repr(), "\"it's\"");
    assert_eq!(Value::str("a'b\"c").repr(), "'a\\'b\"c'");
    assert_eq!(Value::str("tab\there\n").repr(), "'tab\\there\\n'");
    assert_eq!(Value::str("é").repr(), "'é'");
    assert_eq!(
        Value::bytes(&b"hi\x00\xff'"[..]).repr(),
        "b\"hi\\x00\\xff'\""
    );
    assert_eq!(Value::tuple(vec![Value::Int(1)]).repr(), "(1,)");
    assert_eq!(Value::tuple(vec![]).repr(), "()");
    assert_eq!(Value::Float(1.0).repr(), "1.0");
    assert_eq!(Value::Float(0.1).repr(), "0.1");
    assert_eq!(Value::Float(1e16).repr(), "1e+16");
    assert_eq!(Value::Float(1.5e-7).repr(), "1.5e-07");
    assert_eq!(Value::Float(123456.789).repr(), "123456.789");
    assert_eq!(Value::Float(-0.0).repr(), "-0.0");
    let d = Value::Dict(Rc::new(RefCell::new(Dict {
        items: vec![(Value::str("a"), Value::list(vec![Value::None]))],
    })));
    assert_eq!(d.repr(), "{'a': [None]}");
}

#[test]
fn equality_crosses_numeric_types() {
    assert!(Value::Int(1).py_eq(&Value::Bool(true)));
    assert!(Value::Float(2.0).py_eq(&Value::Int(2)));
    assert!(!Value::str("1").py_eq(&Value::Int(1)));
    assert!(Value::tuple(vec![Value::Int(1)]).py_eq(&Value::tuple(vec![Value::Float(1.0)])));
}

#[test]
fn ranges_count_like_python() {
    assert_eq!(
        Range {
            start: 0,
            stop: 10,
            step: 3
        }
        .len(),
        4
    );
    assert_eq!(
        Range {
            start: 10,
            stop: 0,
            step: -3
        }
        .len(),
        4
    );
    assert_eq!(
        Range {
            start: 5,
            stop: 5,
            step: 1
        }
        .len(),
        0
    );
}
