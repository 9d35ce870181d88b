//! `inet_aton`, `inet_ntoa`, `inet_pton`, `inet_ntop`: address text to
//! packed bytes and back, as glibc converts (no relay needed).

use crate::exc::ExcClass;
use crate::value::Value;
use std::net::{Ipv4Addr, Ipv6Addr};

type Fail = (ExcClass, String);

/// Runs the conversion `name` on `args`.
pub(crate) fn convert(name: &str, args: &[Value]) -> Result<Value, Fail> {
    match name {
        "inet_aton" => {
            let text = str_arg(args.first(), name)?;
            let n = aton(&text).ok_or_else(|| illegal("inet_aton"))?;
            Ok(Value::bytes(n.to_be_bytes().to_vec()))
        }
        "inet_ntoa" => {
            let b = bytes_arg(args.first())?;
            let quad: [u8; 4] = b.as_slice().try_into().map_err(|_| {
                (
                    ExcClass::OSError,
                    "packed IP wrong length for inet_ntoa".to_string(),
                )
            })?;
            Ok(Value::str(Ipv4Addr::from(quad).to_string()))
        }
        "inet_pton" => {
            let family = family_arg(args.first())?;
            let text = str_arg(args.get(1), name)?;
            let packed = match family {
                4 => text.parse::<Ipv4Addr>().ok().map(|a| a.octets().to_vec()),
                _ => text.parse::<Ipv6Addr>().ok().map(|a| a.octets().to_vec()),
            };
            packed.map(Value::bytes).ok_or_else(|| illegal("inet_pton"))
        }
        _ => {
            let family = family_arg(args.first())?;
            let b = bytes_arg(args.get(1))?;
            let bad = || {
                (
                    ExcClass::ValueError,
                    "invalid length of packed IP address string".to_string(),
                )
            };
            Ok(Value::str(match family {
                4 => {
                    let quad: [u8; 4] = b.as_slice().try_into().map_err(|_| bad())?;
                    Ipv4Addr::from(quad).to_string()
                }
                _ => {
                    let sixteen: [u8; 16] = b.as_slice().try_into().map_err(|_| bad())?;
                    Ipv6Addr::from(sixteen).to_string()
                }
            }))
        }
    }
}

fn illegal(func: &str) -> Fail {
    (
        ExcClass::OSError,
        format!("illegal IP address string passed to {func}"),
    )
}

fn str_arg(v: Option<&Value>, func: &str) -> Result<String, Fail> {
    match v {
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(v) => Err((
            ExcClass::TypeError,
            format!("{func}() argument 1 must be str, not {}", v.type_name()),
        )),
        None => Err((
            ExcClass::TypeError,
            format!("{func}() takes exactly one argument (0 given)"),
        )),
    }
}

fn bytes_arg(v: Option<&Value>) -> Result<Vec<u8>, Fail> {
    match v {
        Some(Value::Bytes(b)) => Ok(b.to_vec()),
        Some(v) => Err((
            ExcClass::TypeError,
            format!("a bytes-like object is required, not '{}'", v.type_name()),
        )),
        None => Err((
            ExcClass::TypeError,
            "a bytes-like object is required".to_string(),
        )),
    }
}

/// 4 for `AF_INET`, 6 for `AF_INET6`.
fn family_arg(v: Option<&Value>) -> Result<u8, Fail> {
    match v.and_then(Value::as_int) {
        Some(2) => Ok(4),
        Some(10) => Ok(6),
        _ => Err((
            ExcClass::OSError,
            "[Errno 97] Address family not supported by protocol".to_string(),
        )),
    }
}

/// glibc's `inet_aton`: one to four parts in C notation (`0x7f`, `010`),
/// the last filling the remaining bytes; parsing stops at whitespace.
fn aton(text: &str) -> Option<u32> {
    let text = text.split([' ', '\t', '\n']).next()?;
    if text.is_empty() {
        return None;
    }
    let parts: Vec<u64> = text.split('.').map(c_number).collect::<Option<_>>()?;
    let (last, head) = parts.split_last()?;
    if head.len() > 3 || head.iter().any(|p| *p > 255) {
        return None;
    }
    let room = 32 - 8 * head.len() as u32;
    if *last >= 1_u64 << room {
        return None;
    }
    let mut n: u64 = 0;
    for (i, p) in head.iter().enumerate() {
        n |= p << (24 - 8 * i as u32);
    }
    u32::try_from(n | last).ok()
}

fn c_number(s: &str) -> Option<u64> {
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).ok();
    }
    if s.len() > 1 && s.starts_with('0') {
        return u64::from_str_radix(&s[1..], 8).ok();
    }
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::aton;

    #[test]
    fn aton_reads_c_notation_like_glibc() {
        assert_eq!(aton("127.1"), Some(0x7f00_0001));
        assert_eq!(aton("0x7f.1"), Some(0x7f00_0001));
        assert_eq!(aton("010.0.0.1"), Some(0x0800_0001));
        assert_eq!(aton("1.2.65535"), Some(0x0102_ffff));
        assert_eq!(aton("1.2.3.4 "), Some(0x0102_0304));
        assert_eq!(aton("1.2.3.4.5"), None);
        assert_eq!(aton("256.0.0.1"), None);
        assert_eq!(aton(" 1.2.3.4"), None);
        assert_eq!(aton(""), None);
    }
}
