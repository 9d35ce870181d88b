//! `str.encode` and `bytes.decode`: the utf-8, ascii and latin-1 codecs.

use super::Pure;
use crate::exc::ExcClass;
use crate::value::Value;

/// Which codec a name means.
fn codec(encoding: Option<&Value>) -> Result<&'static str, (ExcClass, String)> {
    let name = match encoding {
        None | Some(Value::None) => return Ok("utf-8"),
        Some(Value::Str(s)) => s.to_ascii_lowercase().replace('_', "-"),
        Some(v) => {
            return Err((
                ExcClass::TypeError,
                format!(
                    "encode() argument 'encoding' must be str, not {}",
                    v.type_name()
                ),
            ))
        }
    };
    Ok(match name.as_str() {
        "utf-8" | "utf8" | "u8" => "utf-8",
        "ascii" | "us-ascii" => "ascii",
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" => "latin-1",
        _ => {
            return Err((
                ExcClass::LookupError,
                format!("unknown encoding: {name} (the playground has utf-8, ascii and latin-1)"),
            ))
        }
    })
}

fn errors_mode(errors: Option<&Value>) -> String {
    match errors {
        Some(Value::Str(s)) => s.to_string(),
        _ => "strict".into(),
    }
}

/// `str.encode(encoding, errors)`.
pub fn encode(s: &str, encoding: Option<&Value>, errors: Option<&Value>) -> Pure {
    let codec = codec(encoding)?;
    let errors = errors_mode(errors);
    if codec == "utf-8" {
        return Ok(Value::bytes(s.as_bytes()));
    }
    let limit = if codec == "ascii" { 0x80 } else { 0x100 };
    let mut out = Vec::with_capacity(s.len());
    for (pos, c) in s.chars().enumerate() {
        let n = c as u32;
        if n < limit {
            out.push(n as u8);
        } else {
            match errors.as_str() {
                "ignore" => {}
                "replace" => out.push(b'?'),
                _ => {
                    let ch = crate::format::ascii(&crate::value::str_repr(&c.to_string()));
                    return Err((
                        ExcClass::UnicodeEncodeError,
                        format!(
                            "'{codec}' codec can't encode character {ch} in position {pos}: ordinal not in range({limit})"
                        ),
                    ));
                }
            }
        }
    }
    Ok(Value::bytes(out))
}

/// `bytes.decode(encoding, errors)`.
pub fn decode(b: &[u8], encoding: Option<&Value>, errors: Option<&Value>) -> Pure {
    let codec = codec(encoding)?;
    let errors = errors_mode(errors);
    match codec {
        "latin-1" => Ok(Value::str(b.iter().map(|&x| x as char).collect::<String>())),
        "ascii" => {
            let mut out = String::new();
            for (pos, &x) in b.iter().enumerate() {
                if x < 0x80 {
                    out.push(x as char);
                } else {
                    match errors.as_str() {
                        "ignore" => {}
                        "replace" => out.push('\u{fffd}'),
                        _ => {
                            return Err((
                                ExcClass::UnicodeDecodeError,
                                format!("'ascii' codec can't decode byte 0x{x:02x} in position {pos}: ordinal not in range(128)"),
                            ))
                        }
                    }
                }
            }
            Ok(Value::str(out))
        }
        _ => match std::str::from_utf8(b) {
            Ok(s) => Ok(Value::str(s)),
            Err(e) => match errors.as_str() {
                "replace" => Ok(Value::str(String::from_utf8_lossy(b).into_owned())),
                "ignore" => Ok(Value::str(
                    String::from_utf8_lossy(b).replace('\u{fffd}', ""),
                )),
                _ => {
                    let pos = e.valid_up_to();
                    let byte = b.get(pos).copied().unwrap_or(0);
                    let reason = match e.error_len() {
                        None => "unexpected end of data",
                        Some(_) if (0x80..0xc2).contains(&byte) || byte >= 0xf5 => {
                            "invalid start byte"
                        }
                        Some(_) => "invalid continuation byte",
                    };
                    let span = match e.error_len() {
                        None if b.len() - pos > 1 => format!("position {}-{}", pos, b.len() - 1),
                        _ => format!("position {pos}"),
                    };
                    Err((
                        ExcClass::UnicodeDecodeError,
                        format!("'utf-8' codec can't decode byte 0x{byte:02x} in {span}: {reason}"),
                    ))
                }
            },
        },
    }
}
