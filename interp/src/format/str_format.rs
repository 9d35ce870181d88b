//! `str.format`: replacement fields, their conversions and specs.

use super::spec::format_spec;
use super::{ascii, Fail};
use crate::exc::ExcClass;
use crate::value::Value;

/// `fmt.format(*args, **kwargs)`.
pub fn str_format(fmt: &str, args: &[Value], kwargs: &[(String, Value)]) -> Result<String, Fail> {
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    let mut auto = 0usize;
    let mut manual = false;
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '}' => {
                return Err((
                    ExcClass::ValueError,
                    "Single '}' encountered in format string".into(),
                ))
            }
            '{' => {
                let mut field = String::new();
                let mut depth = 1;
                for c in chars.by_ref() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    field.push(c);
                }
                if depth != 0 {
                    return Err((
                        ExcClass::ValueError,
                        "expected '}' before end of string".into(),
                    ));
                }
                let (head, spec) = field.split_once(':').unwrap_or((&field, ""));
                let (name, conv) = match head.split_once('!') {
                    Some((n, c)) => (n, c.chars().next()),
                    None => (head, None),
                };
                let (name, index) = match name.split_once('[') {
                    Some((n, rest)) => (n, Some(rest.trim_end_matches(']'))),
                    None => (name, None),
                };
                let mut v = if name.is_empty() {
                    if manual {
                        return Err((ExcClass::ValueError, "cannot switch from manual field specification to automatic field numbering".into()));
                    }
                    auto += 1;
                    args.get(auto - 1).cloned().ok_or_else(|| {
                        (
                            ExcClass::IndexError,
                            format!(
                                "Replacement index {} out of range for positional args tuple",
                                auto - 1
                            ),
                        )
                    })?
                } else if let Ok(i) = name.parse::<usize>() {
                    if auto > 0 {
                        return Err((ExcClass::ValueError, "cannot switch from automatic field numbering to manual field specification".into()));
                    }
                    manual = true;
                    args.get(i).cloned().ok_or_else(|| {
                        (
                            ExcClass::IndexError,
                            format!("Replacement index {i} out of range for positional args tuple"),
                        )
                    })?
                } else {
                    kwargs
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                        .ok_or_else(|| (ExcClass::KeyError, name.to_string()))?
                };
                if let Some(index) = index {
                    v = index_value(&v, index)?;
                }
                let v = match conv {
                    Some('r') => Value::str(v.repr()),
                    Some('s') => Value::str(v.to_str()),
                    Some('a') => Value::str(ascii(&v.repr())),
                    _ => v,
                };
                out.push_str(&format_spec(&v, spec)?);
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

fn index_value(v: &Value, index: &str) -> Result<Value, Fail> {
    match (v, index.parse::<usize>()) {
        (Value::Tuple(t), Ok(i)) => t.get(i).cloned(),
        (Value::List(l), Ok(i)) => l.borrow().get(i).cloned(),
        (Value::Dict(d), _) => d.borrow().get(&Value::str(index)).cloned(),
        _ => None,
    }
    .ok_or_else(|| (ExcClass::IndexError, format!("index {index} out of range")))
}
