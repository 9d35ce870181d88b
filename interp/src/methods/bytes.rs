//! Methods of `bytes`.

use super::codec::decode;
use super::split::{ascii_space, split_lines, split_str, window, WINDOWED};
use super::{arg, no_attr, Pure};
use crate::eval::Args;
use crate::exc::ExcClass;
use crate::value::Value;

fn bytes_arg(v: &Value, what: &str) -> Result<Vec<u8>, (ExcClass, String)> {
    match v {
        Value::Bytes(b) => Ok(b.to_vec()),
        other => Err((
            ExcClass::TypeError,
            format!(
                "{what}a bytes-like object is required, not '{}'",
                other.type_name()
            ),
        )),
    }
}

pub(super) fn bytes_method(b: &[u8], name: &str, args: &mut Args) -> Pure {
    use crate::eval::find_bytes;
    let a = args.pos.clone();
    if a.len() > 1 && WINDOWED.contains(&name) {
        let (lo, hi) = window(b.len(), a.get(1), a.get(2))?;
        let mut inner = Args {
            pos: a.first().cloned().into_iter().collect(),
            kw: vec![],
        };
        return Ok(match bytes_method(&b[lo..hi], name, &mut inner)? {
            Value::Int(i) if i >= 0 && name != "count" => Value::Int(i + lo as i64),
            v => v,
        });
    }
    Ok(match name {
        "decode" => {
            let encoding = a.first().cloned().or_else(|| args.take_kw("encoding"));
            let errors = a.get(1).cloned().or_else(|| args.take_kw("errors"));
            return decode(b, encoding.as_ref(), errors.as_ref());
        }
        "hex" => Value::str(b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
        "upper" => Value::bytes(b.to_ascii_uppercase()),
        "lower" => Value::bytes(b.to_ascii_lowercase()),
        "strip" | "lstrip" | "rstrip" => {
            let set = match a.first() {
                None | Some(Value::None) => b" \t\n\r\x0b\x0c".to_vec(),
                Some(v) => bytes_arg(v, "")?,
            };
            let mut start = 0;
            let mut end = b.len();
            if name != "rstrip" {
                while start < end && set.contains(&b[start]) {
                    start += 1;
                }
            }
            if name != "lstrip" {
                while end > start && set.contains(&b[end - 1]) {
                    end -= 1;
                }
            }
            Value::bytes(&b[start..end])
        }
        "split" => {
            let sep = match a.first().cloned().or_else(|| args.take_kw("sep")) {
                None | Some(Value::None) => None,
                Some(v) => Some(bytes_arg(&v, "")?),
            };
            let max = a
                .get(1)
                .cloned()
                .or_else(|| args.take_kw("maxsplit"))
                .and_then(|v| v.as_int())
                .unwrap_or(-1);
            let text: String = b.iter().map(|&x| x as char).collect();
            let sep_text = sep.map(|s| s.iter().map(|&x| x as char).collect::<String>());
            let parts = split_str(&text, sep_text.as_deref(), max, false, ascii_space)?;
            Value::list(
                parts
                    .into_iter()
                    .map(|p| Value::bytes(p.chars().map(|c| c as u8).collect::<Vec<u8>>()))
                    .collect(),
            )
        }
        "splitlines" => {
            let text: String = b.iter().map(|&x| x as char).collect();
            Value::list(
                split_lines(&text, true)
                    .into_iter()
                    .map(|l| Value::bytes(l.chars().map(|c| c as u8).collect::<Vec<u8>>()))
                    .collect(),
            )
        }
        "join" => {
            let items = crate::eval::iterate_value(&arg(&a, 0, "join")?)
                .ok_or((ExcClass::TypeError, "can only join an iterable".to_string()))?;
            let mut out = Vec::new();
            for (i, it) in items.iter().enumerate() {
                let Value::Bytes(x) = it else {
                    return Err((
                        ExcClass::TypeError,
                        format!(
                            "sequence item {i}: expected a bytes-like object, {} found",
                            it.type_name()
                        ),
                    ));
                };
                if i > 0 {
                    out.extend_from_slice(b);
                }
                out.extend_from_slice(x);
            }
            Value::bytes(out)
        }
        "startswith" | "endswith" => {
            let options = match arg(&a, 0, name)? {
                Value::Tuple(t) => t.to_vec(),
                v => vec![v],
            };
            let mut yes = false;
            for o in options {
                let o = bytes_arg(&o, "")?;
                yes |= if name == "startswith" {
                    b.starts_with(&o)
                } else {
                    b.ends_with(&o)
                };
            }
            Value::Bool(yes)
        }
        "replace" => {
            let from = bytes_arg(&arg(&a, 0, name)?, "")?;
            let to = bytes_arg(&arg(&a, 1, name)?, "")?;
            let text: String = b.iter().map(|&x| x as char).collect();
            let from: String = from.iter().map(|&x| x as char).collect();
            let to: String = to.iter().map(|&x| x as char).collect();
            Value::bytes(
                text.replace(&from, &to)
                    .chars()
                    .map(|c| c as u8)
                    .collect::<Vec<u8>>(),
            )
        }
        "find" | "index" => {
            let sub = match arg(&a, 0, name)? {
                v if v.as_int().is_some() => {
                    vec![v.as_int().and_then(|n| u8::try_from(n).ok()).unwrap_or(0)]
                }
                v => bytes_arg(&v, "argument should be integer or bytes-like object, not ")
                    .map_err(|_| {
                        (
                            ExcClass::TypeError,
                            format!(
                                "argument should be integer or bytes-like object, not '{}'",
                                v.type_name()
                            ),
                        )
                    })?,
            };
            match find_bytes(b, &sub, 0) {
                Some(p) => Value::Int(p as i64),
                None if name == "index" => {
                    return Err((ExcClass::ValueError, "subsection not found".into()))
                }
                None => Value::Int(-1),
            }
        }
        "count" => {
            let sub = bytes_arg(&arg(&a, 0, name)?, "")?;
            let mut n = 0;
            let mut at = 0;
            if sub.is_empty() {
                n = b.len() + 1;
            } else {
                while let Some(p) = find_bytes(b, &sub, at) {
                    n += 1;
                    at = p + sub.len();
                }
            }
            Value::Int(n as i64)
        }
        "partition" => {
            let sep = bytes_arg(&arg(&a, 0, name)?, "")?;
            match find_bytes(b, &sep, 0) {
                Some(p) => Value::tuple(vec![
                    Value::bytes(&b[..p]),
                    Value::bytes(sep.as_slice()),
                    Value::bytes(&b[p + sep.len()..]),
                ]),
                None => Value::tuple(vec![
                    Value::bytes(b),
                    Value::bytes(&[][..]),
                    Value::bytes(&[][..]),
                ]),
            }
        }
        "isdigit" => Value::Bool(!b.is_empty() && b.iter().all(u8::is_ascii_digit)),
        "isalpha" => Value::Bool(!b.is_empty() && b.iter().all(u8::is_ascii_alphabetic)),
        _ => return Err(no_attr(&Value::bytes(&[][..]), name)),
    })
}
