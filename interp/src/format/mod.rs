//! String formatting: `format(value, spec)` (f-strings and `str.format`),
//! and `%`-formatting of `str` and `bytes`, as CPython formats.
//!
//! - `spec.rs`: format specs and `format(value, spec)`; `float.rs`: floats
//!   under a spec; `str_format.rs`: `str.format`.
//! - `percent.rs`: `%`-formatting.

mod float;
mod percent;
mod spec;
mod str_format;
#[cfg(test)]
mod tests;

pub use percent::{percent_bytes, percent_str};
pub use spec::format_spec;
pub use str_format::str_format;

use crate::exc::ExcClass;

type Fail = (ExcClass, String);

/// The widest padding (and longest precision) formatting will produce, so a
/// typo like `{:>10000000000}` raises instead of exhausting memory.
pub(crate) const MAX_WIDTH: usize = 64 * 1024 * 1024;

/// The error for a width beyond [`MAX_WIDTH`].
pub(crate) fn too_wide() -> Fail {
    (
        ExcClass::MemoryError,
        "the result would exceed the playground's 64 MiB".into(),
    )
}

/// `ascii(text)`: non-ASCII escaped.
pub fn ascii(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n <= 0xff {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n <= 0xffff {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}
