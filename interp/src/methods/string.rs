//! Methods of `str`.

use super::codec::encode;
use super::split::{split_lines, split_str, window, WINDOWED};
use super::{arg, no_attr, Pure};
use crate::eval::Args;
use crate::exc::ExcClass;
use crate::value::Value;

fn str_arg(a: &[Value], i: usize, method: &str) -> Result<Option<String>, (ExcClass, String)> {
    match a.get(i) {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.to_string())),
        Some(v) => Err((
            ExcClass::TypeError,
            format!("{method} arg must be None or str, not {}", v.type_name()),
        )),
    }
}

/// A windowed method on `s[start:end]`, positions reported in `s`.
fn str_windowed(s: &str, name: &str, a: &[Value]) -> Pure {
    let chars: Vec<char> = s.chars().collect();
    let (lo, hi) = window(chars.len(), a.get(1), a.get(2))?;
    let part: String = chars[lo..hi].iter().collect();
    let mut inner = Args {
        pos: a.first().cloned().into_iter().collect(),
        kw: vec![],
    };
    Ok(match str_method(&part, name, &mut inner)? {
        Value::Int(i) if i >= 0 && name != "count" => Value::Int(i + lo as i64),
        v => v,
    })
}

pub(super) fn str_method(s: &str, name: &str, args: &mut Args) -> Pure {
    let a = args.pos.clone();
    if a.len() > 1 && WINDOWED.contains(&name) {
        return str_windowed(s, name, &a);
    }
    let need_str = |i: usize| -> Result<String, (ExcClass, String)> {
        match a.get(i) {
            Some(Value::Str(x)) => Ok(x.to_string()),
            Some(v) => Err((
                ExcClass::TypeError,
                format!("must be str, not {}", v.type_name()),
            )),
            None => Err((
                ExcClass::TypeError,
                format!("{name}() takes at least 1 argument (0 given)"),
            )),
        }
    };
    Ok(match name {
        "encode" => {
            let encoding = a.first().cloned().or_else(|| args.take_kw("encoding"));
            let errors = a.get(1).cloned().or_else(|| args.take_kw("errors"));
            return encode(s, encoding.as_ref(), errors.as_ref());
        }
        "upper" => Value::str(s.to_uppercase()),
        "lower" => Value::str(s.to_lowercase()),
        "title" => Value::str(title(s)),
        "capitalize" => {
            let mut c = s.chars();
            Value::str(match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            })
        }
        "strip" | "lstrip" | "rstrip" => {
            let chars = str_arg(&a, 0, name)?;
            let pat = |c: char| match &chars {
                Some(set) => set.contains(c),
                None => c.is_whitespace(),
            };
            Value::str(match name {
                "strip" => s.trim_matches(pat),
                "lstrip" => s.trim_start_matches(pat),
                _ => s.trim_end_matches(pat),
            })
        }
        "split" | "rsplit" => {
            let sep = match a.first().cloned().or_else(|| args.take_kw("sep")) {
                None | Some(Value::None) => None,
                Some(Value::Str(x)) => Some(x.to_string()),
                Some(v) => {
                    return Err((
                        ExcClass::TypeError,
                        format!("must be str or None, not {}", v.type_name()),
                    ))
                }
            };
            let max = a
                .get(1)
                .cloned()
                .or_else(|| args.take_kw("maxsplit"))
                .and_then(|v| v.as_int())
                .unwrap_or(-1);
            let parts = split_str(
                s,
                sep.as_deref(),
                max,
                name == "rsplit",
                char::is_whitespace,
            )?;
            Value::list(parts.into_iter().map(Value::str).collect())
        }
        "splitlines" => Value::list(split_lines(s, false).into_iter().map(Value::str).collect()),
        "join" => {
            let items = crate::eval::iterate_value(&arg(&a, 0, "join")?)
                .ok_or((ExcClass::TypeError, "can only join an iterable".to_string()))?;
            let mut out = String::new();
            for (i, it) in items.iter().enumerate() {
                let Value::Str(x) = it else {
                    return Err((
                        ExcClass::TypeError,
                        format!(
                            "sequence item {i}: expected str instance, {} found",
                            it.type_name()
                        ),
                    ));
                };
                if i > 0 {
                    out.push_str(s);
                }
                out.push_str(x);
            }
            Value::str(out)
        }
        "startswith" | "endswith" => {
            let options = match arg(&a, 0, name)? {
                Value::Tuple(t) => t.to_vec(),
                v => vec![v],
            };
            let mut yes = false;
            for o in options {
                let Value::Str(o) = o else {
                    return Err((
                        ExcClass::TypeError,
                        format!(
                            "{name} first arg must be str or a tuple of str, not {}",
                            o.type_name()
                        ),
                    ));
                };
                yes |= if name == "startswith" {
                    s.starts_with(&*o)
                } else {
                    s.ends_with(&*o)
                };
            }
            Value::Bool(yes)
        }
        "replace" => {
            let (from, to) = (need_str(0)?, need_str(1)?);
            match a.get(2).and_then(Value::as_int) {
                Some(n) if n >= 0 => Value::str(s.replacen(&from, &to, n as usize)),
                _ => Value::str(s.replace(&from, &to)),
            }
        }
        "find" | "rfind" | "index" => {
            let sub = need_str(0)?;
            let found = if name == "rfind" {
                s.rfind(&sub)
            } else {
                s.find(&sub)
            };
            match found {
                Some(byte) => Value::Int(s[..byte].chars().count() as i64),
                None if name == "index" => {
                    return Err((ExcClass::ValueError, "substring not found".into()))
                }
                None => Value::Int(-1),
            }
        }
        "count" => {
            let sub = need_str(0)?;
            Value::Int(if sub.is_empty() {
                s.chars().count() as i64 + 1
            } else {
                s.matches(&sub).count() as i64
            })
        }
        "partition" => {
            let sep = need_str(0)?;
            if sep.is_empty() {
                return Err((ExcClass::ValueError, "empty separator".into()));
            }
            match s.split_once(&sep) {
                Some((x, y)) => {
                    Value::tuple(vec![Value::str(x), Value::str(sep.as_str()), Value::str(y)])
                }
                None => Value::tuple(vec![Value::str(s), Value::str(""), Value::str("")]),
            }
        }
        "isdigit" => Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())),
        "isalpha" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic)),
        "isalnum" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphanumeric)),
        "isspace" => Value::Bool(!s.is_empty() && s.chars().all(char::is_whitespace)),
        "isupper" => {
            Value::Bool(s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase))
        }
        "islower" => {
            Value::Bool(s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase))
        }
        "ljust" | "rjust" | "center" | "zfill" => {
            let width = arg(&a, 0, name)?.as_int().unwrap_or(0).max(0) as usize;
            if width > crate::format::MAX_WIDTH {
                return Err(crate::format::too_wide());
            }
            let fill = match (name, a.get(1)) {
                ("zfill", _) => '0',
                (_, Some(Value::Str(f))) if f.chars().count() == 1 => {
                    f.chars().next().unwrap_or(' ')
                }
                _ => ' ',
            };
            let len = s.chars().count();
            let pad = width.saturating_sub(len);
            let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
            Value::str(match name {
                "ljust" => format!("{s}{}", fills(pad)),
                "rjust" => format!("{}{s}", fills(pad)),
                "zfill" => match s.strip_prefix(['-', '+']) {
                    Some(rest) => format!("{}{}{rest}", &s[..1], fills(pad)),
                    None => format!("{}{s}", fills(pad)),
                },
                _ => {
                    let left = pad / 2 + (pad & width & 1);
                    format!("{}{s}{}", fills(left), fills(pad - left))
                }
            })
        }
        _ => return Err(no_attr(&Value::str(""), name)),
    })
}

fn title(s: &str) -> String {
    let mut out = String::new();
    let mut prev_alpha = false;
    for c in s.chars() {
        if prev_alpha {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_alpha = c.is_alphabetic();
    }
    out
}
