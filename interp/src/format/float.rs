//! Floats under a format spec: fixed, exponent, general and percent.

use super::spec::{group, pad, sign_of, Spec};
use crate::value::float_repr;

/// A float under the spec `s`; `None` for a type code floats lack.
pub(super) fn format_float(f: f64, s: &Spec) -> Option<String> {
    let neg = f.is_sign_negative() && f != 0.0 || (f == 0.0 && f.is_sign_negative());
    let a = f.abs();
    let body = if !a.is_finite() {
        let t = if a.is_nan() { "nan" } else { "inf" };
        if matches!(s.kind, Some('E' | 'F' | 'G')) {
            t.to_uppercase()
        } else {
            t.to_string()
        }
    } else {
        match s.kind {
            Some('f' | 'F') => fixed(a, s.precision.unwrap_or(6), s.grouping),
            Some('e' | 'E') => {
                let e = exp(a, s.precision.unwrap_or(6));
                if s.kind == Some('E') {
                    e.to_uppercase()
                } else {
                    e
                }
            }
            Some('%') => format!(
                "{}%",
                fixed(a * 100.0, s.precision.unwrap_or(6), s.grouping)
            ),
            Some('g' | 'G') => {
                let g = general(a, s.precision.unwrap_or(6), s.alt);
                if s.kind == Some('G') {
                    g.to_uppercase()
                } else {
                    g
                }
            }
            None => match s.precision {
                Some(p) => {
                    // Like `g`, but a whole number keeps its `.0`.
                    let g = general(a, p.max(1), false);
                    if g.contains(['.', 'e']) {
                        g
                    } else {
                        format!("{g}.0")
                    }
                }
                None => {
                    let r = float_repr(a);
                    match s.grouping {
                        Some(_) => {
                            let (int, frac) = r.split_once('.').unwrap_or((&r, ""));
                            format!("{}.{frac}", group(int, s.grouping, 3))
                        }
                        None => r,
                    }
                }
            },
            Some(_) => return None,
        }
    };
    Some(pad(&body, sign_of(neg, s.sign), s, '>'))
}

fn fixed(a: f64, precision: usize, grouping: Option<char>) -> String {
    let t = format!("{a:.precision$}");
    match (grouping, t.split_once('.')) {
        (Some(_), Some((int, frac))) => format!("{}.{frac}", group(int, grouping, 3)),
        (Some(_), None) => group(&t, grouping, 3),
        _ => t,
    }
}

/// `1.234500e+03`.
fn exp(a: f64, precision: usize) -> String {
    let t = format!("{a:.precision$e}");
    let (mantissa, e) = t.split_once('e').unwrap_or((&t, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    format!("{mantissa}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// `%g`: fixed or exponent by magnitude, trailing zeros removed.
fn general(a: f64, precision: usize, keep_zeros: bool) -> String {
    let p = precision.max(1);
    if a == 0.0 {
        return if keep_zeros {
            format!("{:.*}", p - 1, 0.0)
        } else {
            "0".into()
        };
    }
    let rounded = format!("{:.*e}", p - 1, a);
    let x: i32 = rounded
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let out = if x >= -4 && x < p as i32 {
        format!("{:.*}", (p as i32 - 1 - x).max(0) as usize, a)
    } else {
        exp(a, p - 1)
    };
    if keep_zeros {
        return out;
    }
    match out.split_once('e') {
        Some((m, e)) => {
            let m = if m.contains('.') {
                m.trim_end_matches('0').trim_end_matches('.')
            } else {
                m
            };
            format!("{m}e{e}")
        }
        None if out.contains('.') => out.trim_end_matches('0').trim_end_matches('.').to_string(),
        None => out,
    }
}
