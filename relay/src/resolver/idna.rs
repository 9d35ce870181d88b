//! Python's `idna` codec: what `host.encode('idna')` does before CPython
//! hands a host name to the C library.
//!
//! CPython runs every `str` host of `getaddrinfo`, `gethostbyname` and
//! `gethostbyaddr` through this codec, and the non-ASCII hosts of `bind`,
//! `connect` and `sendto`. It is IDNA 2003 (RFC 3490): ASCII names only get
//! their label lengths checked; other labels are nameprepped (RFC 3491) and
//! punycoded (RFC 3492). The errors carry CPython's exact wording because the
//! learner sees them (`label empty or too long`).

use stringprep::tables;
use unicode_normalization::UnicodeNormalization;

/// Why the codec refused a name; `Display` is CPython's `UnicodeError` text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdnaError {
    /// A label is empty (`a..b`) or longer than 63 bytes.
    #[error("label empty or too long")]
    LabelEmptyOrTooLong,
    /// The last label of an ASCII name is longer than 63 bytes.
    #[error("label too long")]
    LabelTooLong,
    /// Nameprep prohibits a character; holds Python's `repr()` of it.
    #[error("Invalid character {0}")]
    InvalidCharacter(String),
    /// Right-to-left and left-to-right characters mixed in one label.
    #[error("Violation of BIDI requirement 2")]
    Bidi2,
    /// A right-to-left label neither starts nor ends right-to-left.
    #[error("Violation of BIDI requirement 3")]
    Bidi3,
    /// A non-ASCII label already begins with `xn--`.
    #[error("Label starts with ACE prefix")]
    AcePrefix,
}

/// `input.encode('idna')`.
///
/// # Errors
///
/// The [`IdnaError`] CPython would raise as a `UnicodeError`.
pub fn encode(input: &str) -> Result<Vec<u8>, IdnaError> {
    if input.is_empty() {
        return Ok(Vec::new());
    }
    if input.is_ascii() {
        // CPython's fast path: check the label lengths, change nothing.
        let labels: Vec<&str> = input.split('.').collect();
        if let Some((last, rest)) = labels.split_last() {
            if rest.iter().any(|l| l.is_empty() || l.len() >= 64) {
                return Err(IdnaError::LabelEmptyOrTooLong);
            }
            if last.len() >= 64 {
                return Err(IdnaError::LabelTooLong);
            }
        }
        return Ok(input.as_bytes().to_vec());
    }
    // The four dots IDNA recognises: . U+3002 U+FF0E U+FF61.
    let mut labels: Vec<&str> = input
        .split(['.', '\u{3002}', '\u{ff0e}', '\u{ff61}'])
        .collect();
    let trailing_dot = labels.last().is_some_and(|l| l.is_empty());
    if trailing_dot {
        labels.pop();
    }
    let mut out = Vec::new();
    for label in labels {
        if !out.is_empty() {
            out.push(b'.');
        }
        out.extend(to_ascii(label)?);
    }
    if trailing_dot {
        out.push(b'.');
    }
    Ok(out)
}

/// RFC 3490 ToASCII with `AllowUnassigned` and without STD3 rules, as
/// CPython's `encodings.idna.ToASCII`.
fn to_ascii(label: &str) -> Result<Vec<u8>, IdnaError> {
    let check = |l: Vec<u8>| {
        if !l.is_empty() && l.len() < 64 {
            Ok(l)
        } else {
            Err(IdnaError::LabelEmptyOrTooLong)
        }
    };
    if label.is_ascii() {
        return check(label.as_bytes().to_vec());
    }
    let label = nameprep(label)?;
    if label.is_ascii() {
        return check(label.into_bytes());
    }
    if label.starts_with("xn--") {
        return Err(IdnaError::AcePrefix);
    }
    let mut ace = b"xn--".to_vec();
    ace.extend(punycode(&label).into_bytes());
    check(ace)
}

/// RFC 3491 nameprep, step for step as CPython's `encodings.idna.nameprep`.
fn nameprep(label: &str) -> Result<String, IdnaError> {
    let mapped: String = label
        .chars()
        .filter(|&c| !tables::commonly_mapped_to_nothing(c))
        .flat_map(tables::case_fold_for_nfkc)
        .collect();
    let label: String = mapped.nfkc().collect();
    if let Some(c) = label.chars().find(|&c| {
        tables::non_ascii_space_character(c)
            || tables::non_ascii_control_character(c)
            || tables::private_use(c)
            || tables::non_character_code_point(c)
            || tables::surrogate_code(c)
            || tables::inappropriate_for_plain_text(c)
            || tables::inappropriate_for_canonical_representation(c)
            || tables::change_display_properties_or_deprecated(c)
            || tables::tagging_character(c)
    }) {
        return Err(IdnaError::InvalidCharacter(py_char_repr(c)));
    }
    let rand_al: Vec<bool> = label.chars().map(tables::bidi_r_or_al).collect();
    if rand_al.iter().any(|&r| r) {
        if label.chars().any(tables::bidi_l) {
            return Err(IdnaError::Bidi2);
        }
        if rand_al.first() != Some(&true) || rand_al.last() != Some(&true) {
            return Err(IdnaError::Bidi3);
        }
    }
    Ok(label)
}

/// Python's `repr()` of one character that nameprep prohibits. Of those, only
/// the ideographic description characters (U+2FF0–U+2FFB) and U+FFFC/U+FFFD
/// are printable to Python; the rest (spaces, controls, private use,
/// non-characters, format characters) are escaped.
fn py_char_repr(c: char) -> String {
    let printable = matches!(c, '\u{2ff0}'..='\u{2ffb}' | '\u{fffc}' | '\u{fffd}');
    let n = u32::from(c);
    if printable {
        format!("'{c}'")
    } else if n < 0x100 {
        format!("'\\x{n:02x}'")
    } else if n < 0x10000 {
        format!("'\\u{n:04x}'")
    } else {
        format!("'\\U{n:08x}'")
    }
}

/// RFC 3492 punycode of one label (without the `xn--` prefix).
fn punycode(input: &str) -> String {
    const BASE: u64 = 36;
    const TMIN: u64 = 1;
    const TMAX: u64 = 26;
    const SKEW: u64 = 38;
    const DAMP: u64 = 700;

    fn adapt(delta: u64, numpoints: u64, first: bool) -> u64 {
        let mut delta = if first { delta / DAMP } else { delta / 2 };
        delta += delta / numpoints;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + SKEW)
    }
    fn digit(d: u64) -> char {
        // 0..=25 are a..z, 26..=35 are 0..9; `d` is always below 36.
        let d = u8::try_from(d).unwrap_or(0);
        if d < 26 {
            char::from(b'a' + d)
        } else {
            char::from(b'0' + d - 26)
        }
    }

    let points: Vec<u64> = input.chars().map(|c| u64::from(u32::from(c))).collect();
    let mut out: String = input.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u64;
    if basic > 0 {
        out.push('-');
    }
    let total = points.len() as u64;
    let (mut n, mut delta, mut bias, mut handled) = (128u64, 0u64, 72u64, basic);
    while handled < total {
        let Some(m) = points.iter().copied().filter(|&p| p >= n).min() else {
            break;
        };
        delta += (m - n) * (handled + 1);
        n = m;
        for &p in &points {
            if p < n {
                delta += 1;
            }
            if p == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each expectation is what CPython 3.11 printed for `s.encode('idna')`.
    #[test]
    fn encodes_like_cpython() {
        assert_eq!(encode("localhost").as_deref(), Ok(&b"localhost"[..]));
        assert_eq!(encode("localhost.").as_deref(), Ok(&b"localhost."[..]));
        assert_eq!(encode("").as_deref(), Ok(&b""[..]));
        assert_eq!(
            encode("bücher.example").as_deref(),
            Ok(&b"xn--bcher-kva.example"[..])
        );
        assert_eq!(encode("BÜCHER").as_deref(), Ok(&b"xn--bcher-kva"[..]));
        assert_eq!(encode("bücher.").as_deref(), Ok(&b"xn--bcher-kva."[..]));
        assert_eq!(
            encode("bücher\u{3002}de").as_deref(),
            Ok(&b"xn--bcher-kva.de"[..])
        );
        assert_eq!(encode("Straße.de").as_deref(), Ok(&b"strasse.de"[..]));
    }

    #[test]
    fn refuses_like_cpython() {
        let msg = |s: &str| encode(s).map_err(|e| e.to_string()).err();
        assert_eq!(msg("a..b").as_deref(), Some("label empty or too long"));
        assert_eq!(
            msg("localhost..").as_deref(),
            Some("label empty or too long")
        );
        assert_eq!(msg(".").as_deref(), Some("label empty or too long"));
        assert_eq!(msg(&"x".repeat(64)).as_deref(), Some("label too long"));
        assert_eq!(
            msg(&format!("{}.", "x".repeat(64))).as_deref(),
            Some("label empty or too long")
        );
        assert_eq!(
            msg("bücher..de").as_deref(),
            Some("label empty or too long")
        );
        assert_eq!(msg("\u{ad}").as_deref(), Some("label empty or too long"));
        assert_eq!(
            msg("a\u{200e}b.de").as_deref(),
            Some("Invalid character '\\u200e'")
        );
        assert_eq!(
            msg("a\u{fffc}b.de").as_deref(),
            Some("Invalid character '\u{fffc}'")
        );
        assert_eq!(
            msg("xn--ü.de").as_deref(),
            Some("Label starts with ACE prefix")
        );
        assert_eq!(
            msg("\u{5d0}a").as_deref(),
            Some("Violation of BIDI requirement 2")
        );
        assert_eq!(
            msg("\u{5d0}1").as_deref(),
            Some("Violation of BIDI requirement 3")
        );
    }

    #[test]
    fn punycode_matches_rfc_3492_samples() {
        assert_eq!(punycode("bücher"), "bcher-kva");
        // RFC 3492 7.1 (L): Japanese "sono supiido de".
        assert_eq!(punycode("そのスピードで"), "d9juau41awczczp");
    }
}
