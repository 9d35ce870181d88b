//! `%`-formatting of `str` and `bytes`.

use super::float::format_float;
use super::spec::{format_spec, Spec};
use super::{ascii, Fail};
use crate::exc::ExcClass;
use crate::value::Value;

/// One `%` conversion's parsed pieces.
struct Conv {
    key: Option<String>,
    flags: String,
    width: usize,
    precision: Option<usize>,
    kind: char,
}

fn parse_percent(fmt: &[char], i: &mut usize) -> Result<Conv, Fail> {
    let mut key = None;
    if fmt.get(*i) == Some(&'(') {
        let start = *i + 1;
        let end = fmt[start..]
            .iter()
            .position(|c| *c == ')')
            .map(|p| p + start);
        let Some(end) = end else {
            return Err((ExcClass::ValueError, "incomplete format key".into()));
        };
        key = Some(fmt[start..end].iter().collect());
        *i = end + 1;
    }
    let mut flags = String::new();
    while let Some(c @ ('-' | '+' | ' ' | '0' | '#')) = fmt.get(*i) {
        flags.push(*c);
        *i += 1;
    }
    let start = *i;
    while fmt.get(*i).is_some_and(char::is_ascii_digit) {
        *i += 1;
    }
    let width = fmt[start..*i]
        .iter()
        .collect::<String>()
        .parse()
        .unwrap_or(0);
    let mut precision = None;
    if fmt.get(*i) == Some(&'.') {
        *i += 1;
        let start = *i;
        while fmt.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        precision = Some(
            fmt[start..*i]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(0),
        );
    }
    let Some(kind) = fmt.get(*i).copied() else {
        return Err((ExcClass::ValueError, "incomplete format".into()));
    };
    *i += 1;
    Ok(Conv {
        key,
        flags,
        width,
        precision,
        kind,
    })
}

/// Formats one `%` conversion of `v`; `as_bytes` for `bytes % args`.
fn percent_one(c: &Conv, v: &Value, as_bytes: bool) -> Result<Vec<u8>, Fail> {
    let spec = Spec {
        align: if c.flags.contains('-') {
            Some('<')
        } else {
            None
        },
        sign: if c.flags.contains('+') {
            Some('+')
        } else if c.flags.contains(' ') {
            Some(' ')
        } else {
            None
        },
        alt: c.flags.contains('#'),
        zero: c.flags.contains('0') && !c.flags.contains('-'),
        width: c.width,
        precision: c.precision,
        ..Spec::default()
    };
    let text = match c.kind {
        's' | 'r' | 'a' | 'b' => {
            let body: Vec<u8> = match (c.kind, as_bytes, v) {
                ('s' | 'b', true, Value::Bytes(b)) => b.to_vec(),
                ('s' | 'b', true, other) => {
                    return Err((
                        ExcClass::TypeError,
                        format!(
                            "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                            other.type_name()
                        ),
                    ))
                }
                ('r' | 'a', _, v) => ascii_or_repr(v, c.kind == 'a' || as_bytes).into_bytes(),
                (_, _, v) => v.to_str().into_bytes(),
            };
            let body = match c.precision {
                Some(p) if as_bytes => body.into_iter().take(p).collect(),
                Some(p) => String::from_utf8_lossy(&body)
                    .chars()
                    .take(p)
                    .collect::<String>()
                    .into_bytes(),
                None => body,
            };
            let len = if as_bytes {
                body.len()
            } else {
                String::from_utf8_lossy(&body).chars().count()
            };
            let padding = vec![b' '; c.width.saturating_sub(len)];
            return Ok(if spec.align == Some('<') {
                [body, padding].concat()
            } else {
                [padding, body].concat()
            });
        }
        'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
            let n = match v {
                Value::Float(f) if matches!(c.kind, 'd' | 'i' | 'u') => f.trunc() as i64,
                v => v.as_int().ok_or_else(|| {
                    let need = if matches!(c.kind, 'd' | 'i' | 'u') {
                        "a real number"
                    } else {
                        "an integer"
                    };
                    (
                        ExcClass::TypeError,
                        format!(
                            "%{} format: {need} is required, not {}",
                            c.kind,
                            v.type_name()
                        ),
                    )
                })?,
            };
            let kind = match c.kind {
                'd' | 'i' | 'u' => 'd',
                k => k,
            };
            let s = Spec {
                kind: Some(kind),
                precision: None,
                ..spec
            };
            format_spec(&Value::Int(n), &spec_string(&s))?
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let f = match v {
                Value::Float(f) => *f,
                v => v.as_int().map(|i| i as f64).ok_or_else(|| {
                    (
                        ExcClass::TypeError,
                        format!("must be real number, not {}", v.type_name()),
                    )
                })?,
            };
            let s = Spec {
                kind: Some(c.kind),
                precision: Some(c.precision.unwrap_or(6)),
                ..spec
            };
            format_float(f, &s).unwrap_or_default()
        }
        'c' if as_bytes => match v {
            Value::Bytes(b) if b.len() == 1 => return Ok(b.to_vec()),
            v => match v.as_int() {
                Some(n) => match u8::try_from(n) {
                    Ok(byte) => return Ok(vec![byte]),
                    Err(_) => {
                        return Err((ExcClass::OverflowError, "%c arg not in range(256)".into()))
                    }
                },
                None => {
                    return Err((
                        ExcClass::TypeError,
                        "%c requires an integer in range(256) or a single byte".into(),
                    ))
                }
            },
        },
        'c' => match v {
            Value::Str(s) if s.chars().count() == 1 => s.to_string(),
            v => match v
                .as_int()
                .and_then(|n| u32::try_from(n).ok())
                .and_then(char::from_u32)
            {
                Some(ch) => ch.to_string(),
                None => return Err((ExcClass::TypeError, "%c requires int or char".into())),
            },
        },
        other => {
            return Err((
                ExcClass::ValueError,
                format!(
                    "unsupported format character '{other}' (0x{:x})",
                    other as u32
                ),
            ))
        }
    };
    Ok(text.into_bytes())
}

fn ascii_or_repr(v: &Value, ascii_only: bool) -> String {
    if ascii_only {
        ascii(&v.repr())
    } else {
        v.repr()
    }
}

fn spec_string(s: &Spec) -> String {
    let mut out = String::new();
    if let Some(a) = s.align {
        out.push(a);
    }
    if let Some(sign) = s.sign {
        out.push(sign);
    }
    if s.alt {
        out.push('#');
    }
    if s.zero {
        out.push('0');
    }
    if s.width > 0 {
        out.push_str(&s.width.to_string());
    }
    if let Some(k) = s.kind {
        out.push(k);
    }
    out
}

fn percent(fmt: &[char], args: &Value, as_bytes: bool) -> Result<Vec<u8>, Fail> {
    let (items, mapping) = match args {
        Value::Tuple(t) => (t.to_vec(), None),
        Value::Dict(_) => (vec![args.clone()], Some(args)),
        v => (vec![v.clone()], None),
    };
    let mut out = Vec::new();
    let mut next = 0;
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if c != '%' {
            let mut buf = [0u8; 4];
            if as_bytes {
                out.push(c as u32 as u8);
            } else {
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            continue;
        }
        if fmt.get(i) == Some(&'%') {
            i += 1;
            out.push(b'%');
            continue;
        }
        let conv = parse_percent(fmt, &mut i)?;
        let v = match (&conv.key, mapping) {
            (Some(k), Some(Value::Dict(d))) => d
                .borrow()
                .get(&Value::str(k.as_str()))
                .cloned()
                .ok_or_else(|| (ExcClass::KeyError, k.clone()))?,
            (Some(_), _) => return Err((ExcClass::TypeError, "format requires a mapping".into())),
            (None, _) => {
                let v = items.get(next).cloned().ok_or_else(|| {
                    (
                        ExcClass::TypeError,
                        "not enough arguments for format string".to_string(),
                    )
                })?;
                next += 1;
                v
            }
        };
        out.extend(percent_one(&conv, &v, as_bytes)?);
    }
    if mapping.is_none() && next < items.len() {
        return Err((
            ExcClass::TypeError,
            if as_bytes {
                "not all arguments converted during bytes formatting"
            } else {
                "not all arguments converted during string formatting"
            }
            .into(),
        ));
    }
    Ok(out)
}

/// `fmt % args` for `str`.
pub fn percent_str(fmt: &str, args: &Value) -> Result<String, Fail> {
    let chars: Vec<char> = fmt.chars().collect();
    let out = percent(&chars, args, false)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// `fmt % args` for `bytes`.
pub fn percent_bytes(fmt: &[u8], args: &Value) -> Result<Vec<u8>, Fail> {
    let chars: Vec<char> = fmt.iter().map(|&b| b as char).collect();
    percent(&chars, args, true)
}
