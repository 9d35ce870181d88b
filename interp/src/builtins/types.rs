//! `isinstance` and `type()`: which built-in class a value belongs to.

use crate::value::{Builtin, Type, Value};

/// Whether `v` is an instance of the class `t`.
pub(super) fn is_instance(v: &Value, t: Type) -> bool {
    match (v, t) {
        (Value::Bool(_), Type::Int | Type::Bool) => true,
        (Value::Int(_) | Value::Enum(_), Type::Int) => true,
        (Value::Float(_), Type::Float) => true,
        (Value::Str(_), Type::Str) => true,
        (Value::Bytes(_), Type::Bytes) => true,
        (Value::List(_), Type::List) => true,
        (Value::Tuple(_), Type::Tuple) => true,
        (Value::Dict(_), Type::Dict) => true,
        (Value::Range(_), Type::Range) => true,
        (Value::None, Type::NoneType) => true,
        (Value::Socket(_), Type::Socket) => true,
        (Value::Exception(e), Type::Exc(c)) => e.class.is_subclass(c),
        _ => false,
    }
}

/// `type(v)`.
pub(super) fn type_of(v: &Value) -> Value {
    Value::Type(match v {
        Value::Bool(_) => Type::Bool,
        Value::Int(_) | Value::Enum(_) => Type::Int,
        Value::Float(_) => Type::Float,
        Value::Str(_) => Type::Str,
        Value::Bytes(_) => Type::Bytes,
        Value::List(_) => Type::List,
        Value::Tuple(_) => Type::Tuple,
        Value::Dict(_) => Type::Dict,
        Value::Range(_) => Type::Range,
        Value::None => Type::NoneType,
        Value::Socket(_) => Type::Socket,
        Value::Exception(e) => Type::Exc(e.class),
        _ => return Value::Builtin(Builtin::Global("type")),
    })
}
