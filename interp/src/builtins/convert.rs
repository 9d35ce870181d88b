//! Calling a built-in class: `int(x)`, `float(x)`, `bytes(x)`, `dict(x)`,
//! `range(…)` and the other conversions.

use crate::eval::{Args, Eval, Interp};
use crate::exc::ExcClass;
use crate::host::Host;
use crate::value::{Dict, Range, Type, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// `int(x)`, `str(x)`, `list(x)` and the other conversions.
pub(crate) fn convert<H: Host>(
    i: &Interp<H>,
    t: Type,
    first: Option<Value>,
    mut args: Args,
) -> Eval<Value> {
    let v = match (t, first) {
        (Type::Int, None) => Value::Int(0),
        (Type::Int, Some(v)) => {
            let base = args
                .pos
                .first()
                .and_then(Value::as_int)
                .or_else(|| args.take_kw("base").and_then(|b| b.as_int()));
            to_int(&v, base).map_err(|e| i.flow_err(e))?
        }
        (Type::Float, None) => Value::Float(0.0),
        (Type::Float, Some(v)) => to_float(&v).map_err(|e| i.flow_err(e))?,
        (Type::Bool, v) => Value::Bool(v.is_some_and(|v| v.truthy())),
        (Type::Str, None) => Value::str(""),
        (Type::Str, Some(Value::Bytes(b))) if !args.pos.is_empty() || !args.kw.is_empty() => {
            let encoding = args
                .pos
                .first()
                .cloned()
                .or_else(|| args.take_kw("encoding"));
            let errors = args.pos.get(1).cloned().or_else(|| args.take_kw("errors"));
            crate::methods::decode(&b, encoding.as_ref(), errors.as_ref())
                .map_err(|e| i.flow_err(e))?
        }
        (Type::Str, Some(v)) => Value::str(v.to_str()),
        (Type::Bytes, None) => Value::bytes(&[][..]),
        (Type::Bytes, Some(v)) => to_bytes(i, &v, &mut args)?,
        (Type::List, None) => Value::list(vec![]),
        (Type::List, Some(v)) => Value::list(i.collect(&v)?),
        (Type::Tuple, None) => Value::tuple(vec![]),
        (Type::Tuple, Some(v)) => Value::tuple(i.collect(&v)?),
        (Type::Dict, first) => {
            let mut d = Dict::default();
            if let Some(v) = first {
                match &v {
                    Value::Dict(src) => d = src.borrow().clone(),
                    other => {
                        for pair in i.collect(other)? {
                            let kv = i.collect(&pair)?;
                            if kv.len() != 2 {
                                return i.err(
                                    ExcClass::ValueError,
                                    "dictionary update sequence element has the wrong length",
                                );
                            }
                            d.set(kv[0].clone(), kv[1].clone());
                        }
                    }
                }
            }
            for (k, v) in std::mem::take(&mut args.kw) {
                d.set(Value::str(k), v);
            }
            Value::Dict(Rc::new(RefCell::new(d)))
        }
        (Type::Range, None) => {
            return i.err(
                ExcClass::TypeError,
                "range expected at least 1 argument, got 0",
            )
        }
        (Type::Range, Some(v)) => {
            let mut nums = vec![v];
            nums.append(&mut args.pos);
            let mut ints = Vec::new();
            for n in &nums {
                match n.as_int() {
                    Some(x) => ints.push(x),
                    None => {
                        return i.err(
                            ExcClass::TypeError,
                            format!(
                                "'{}' object cannot be interpreted as an integer",
                                n.type_name()
                            ),
                        )
                    }
                }
            }
            let (start, stop, step) = match ints.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (*start, *stop, 1),
                [start, stop, step] => (*start, *stop, *step),
                _ => {
                    return i.err(
                        ExcClass::TypeError,
                        format!("range expected at most 3 arguments, got {}", ints.len()),
                    )
                }
            };
            if step == 0 {
                return i.err(ExcClass::ValueError, "range() arg 3 must not be zero");
            }
            Value::Range(Range { start, stop, step })
        }
        (Type::NoneType, _) => Value::None,
        (Type::Socket | Type::Exc(_), _) => Value::None,
    };
    Ok(v)
}

fn to_bytes<H: Host>(i: &Interp<H>, v: &Value, args: &mut Args) -> Eval<Value> {
    match v {
        Value::Str(s) => {
            let encoding = args
                .pos
                .first()
                .cloned()
                .or_else(|| args.take_kw("encoding"));
            match encoding {
                Some(e) => {
                    crate::methods::encode(s, Some(&e), args.pos.get(1)).map_err(|e| i.flow_err(e))
                }
                None => i.err(ExcClass::TypeError, "string argument without an encoding"),
            }
        }
        Value::Bytes(_) => Ok(v.clone()),
        n if n.as_int().is_some() => {
            let n = n.as_int().unwrap_or(0);
            if n < 0 {
                return i.err(ExcClass::ValueError, "negative count");
            }
            if n > 64 * 1024 * 1024 {
                return i.err(
                    ExcClass::MemoryError,
                    "the result would exceed the playground's 64 MiB",
                );
            }
            Ok(Value::bytes(vec![0u8; n as usize]))
        }
        other => {
            let mut out = Vec::new();
            let items = match crate::eval::iterate_value(other) {
                Some(items) => items,
                None => {
                    return i.err(
                        ExcClass::TypeError,
                        format!("cannot convert '{}' object to bytes", other.type_name()),
                    )
                }
            };
            for x in items {
                match x.as_int().and_then(|n| u8::try_from(n).ok()) {
                    Some(b) => out.push(b),
                    None => return i.err(ExcClass::ValueError, "bytes must be in range(0, 256)"),
                }
            }
            Ok(Value::bytes(out))
        }
    }
}

/// `int(v, base)`.
pub(crate) fn to_int(v: &Value, base: Option<i64>) -> Result<Value, (ExcClass, String)> {
    match v {
        Value::Float(f) => {
            if f.is_nan() {
                Err((ExcClass::ValueError, "cannot convert float NaN to integer".into()))
            } else if f.is_infinite() {
                Err((ExcClass::OverflowError, "cannot convert float infinity to integer".into()))
            } else if f.abs() >= 9.2e18 {
                Err(crate::eval::overflow())
            } else {
                Ok(Value::Int(f.trunc() as i64))
            }
        }
        Value::Str(_) | Value::Bytes(_) => {
            let text = match v {
                Value::Str(s) => s.to_string(),
                Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                _ => String::new(),
            };
            let base = base.unwrap_or(10);
            let t = text.trim().replace('_', "");
            let (neg, digits) = match t.strip_prefix('-') {
                Some(rest) => (true, rest.to_string()),
                None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
            };
            let (base, digits) = match (base, digits.get(..2).map(str::to_ascii_lowercase).as_deref()) {
                (0 | 16, Some("0x")) => (16, digits[2..].to_string()),
                (0 | 8, Some("0o")) => (8, digits[2..].to_string()),
                (0 | 2, Some("0b")) => (2, digits[2..].to_string()),
                (0, _) => (10, digits),
                (b, _) => (b, digits),
            };
            let parsed = u32::try_from(base)
                .ok()
                .filter(|b| (2..=36).contains(b))
                .and_then(|b| i64::from_str_radix(&digits, b).ok())
                .filter(|_| !digits.is_empty() && !digits.starts_with(['+', '-']));
            match parsed {
                Some(n) => Ok(Value::Int(if neg { -n } else { n })),
                None => Err((
                    ExcClass::ValueError,
                    format!("invalid literal for int() with base {base}: {}", v_repr_for_int(v)),
                )),
            }
        }
        other => match other.as_int() {
            Some(i) => Ok(Value::Int(i)),
            None => Err((
                ExcClass::TypeError,
                format!(
                    "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                    other.type_name()
                ),
            )),
        },
    }
}

fn v_repr_for_int(v: &Value) -> String {
    v.repr()
}

fn to_float(v: &Value) -> Result<Value, (ExcClass, String)> {
    match v {
        Value::Float(f) => Ok(Value::Float(*f)),
        Value::Str(s) => {
            let t = s.trim().to_ascii_lowercase();
            let parsed = match t.as_str() {
                "inf" | "+inf" | "infinity" => Some(f64::INFINITY),
                "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
                "nan" | "+nan" | "-nan" => Some(f64::NAN),
                _ => t.replace('_', "").parse::<f64>().ok(),
            };
            parsed.map(Value::Float).ok_or_else(|| {
                (
                    ExcClass::ValueError,
                    format!("could not convert string to float: {}", v.repr()),
                )
            })
        }
        other => match other.as_int() {
            Some(i) => Ok(Value::Float(i as f64)),
            None => Err((
                ExcClass::TypeError,
                format!(
                    "float() argument must be a string or a real number, not '{}'",
                    other.type_name()
                ),
            )),
        },
    }
}
