//! Sharing a script by link: the script travels in the URL's fragment
//! (`#script=…`), which browsers never send to a server, so nothing is
//! stored anywhere and the relay never sees it.
//!
//! The fragment is `script=` and the script's UTF-8 in URL-safe base64
//! without padding: characters that need no escaping in a URL.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

/// The largest script a link may carry, in bytes of UTF-8: longer
/// fragments are refused when read (a link is no place for a big file,
/// and some browsers cut long URLs).
pub const MAX_SCRIPT_BYTES: usize = 64 * 1024;

/// The fragment's key.
const KEY: &str = "script";

/// Decodes with or without `=` padding (a hand-edited or re-encoded link
/// may have it).
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The URL fragment (without `#`) that carries `script`: `script=` and its
/// UTF-8 in base64url without padding. A script over [`MAX_SCRIPT_BYTES`]
/// is encoded all the same, but [`decode_fragment`] refuses it: check
/// [`fits`] before offering a link.
pub fn encode_fragment(script: &str) -> String {
    format!("{KEY}={}", URL_SAFE_NO_PAD.encode(script.as_bytes()))
}

/// Whether `script` is small enough to share by link.
pub fn fits(script: &str) -> bool {
    script.len() <= MAX_SCRIPT_BYTES
}

/// The script a URL fragment carries, with or without the leading `#`;
/// other `key=value` parts joined by `&` are ignored. `None` when there is
/// no `script=` part or it is malformed: not base64url, not UTF-8, or
/// longer than [`MAX_SCRIPT_BYTES`].
pub fn decode_fragment(fragment: &str) -> Option<String> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let encoded = fragment
        .split('&')
        .find_map(|part| part.strip_prefix(KEY)?.strip_prefix('='))?;
    // Refuse an oversized fragment before decoding it: 4 characters carry
    // 3 bytes (plus up to 2 of padding).
    if encoded.len() > MAX_SCRIPT_BYTES.div_ceil(3) * 4 + 2 {
        return None;
    }
    let bytes = LENIENT.decode(encoded).ok()?;
    if bytes.len() > MAX_SCRIPT_BYTES {
        return None;
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn round_trip(script: &str) {
        let fragment = encode_fragment(script);
        assert!(fragment.starts_with("script="), "{fragment}");
        assert!(
            fragment[7..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{fragment}"
        );
        assert_eq!(decode_fragment(&fragment).as_deref(), Some(script));
        assert_eq!(
            decode_fragment(&format!("#{fragment}")).as_deref(),
            Some(script)
        );
    }

    #[test]
    fn scripts_round_trip() {
        round_trip("");
        round_trip("print('hi')");
        round_trip(
            "import socket\n\nwith socket.socket() as s:\n\ts.connect(('127.0.0.1', 7000))\r\n",
        );
        round_trip("print('héllo wörld — ✓ 日本語 🧦')\n# ÿ\u{feff}\n");
        // Bytes that base64 turns into `-` and `_`.
        round_trip("\u{3ff}\u{ffff}~~~???>>>");
    }

    #[test]
    fn known_encoding() {
        assert_eq!(encode_fragment("hi?"), "script=aGk_");
        assert_eq!(encode_fragment("a"), "script=YQ");
        assert_eq!(decode_fragment("script=aGk_").as_deref(), Some("hi?"));
        // Padding, as another encoder might write it, is accepted.
        assert_eq!(decode_fragment("#script=YQ==").as_deref(), Some("a"));
    }

    #[test]
    fn other_parts_are_ignored() {
        let f = encode_fragment("x = 1");
        assert_eq!(
            decode_fragment(&format!("#tab=python&{f}&theme=dark")).as_deref(),
            Some("x = 1")
        );
        assert_eq!(
            decode_fragment(&format!("scripts=YQ&{f}")).as_deref(),
            Some("x = 1")
        );
        assert_eq!(decode_fragment("#tab=python"), None);
        assert_eq!(decode_fragment(""), None);
        assert_eq!(decode_fragment("#"), None);
        assert_eq!(decode_fragment("script"), None);
    }

    #[test]
    fn malformed_fragments_are_refused() {
        // Not base64url (standard alphabet, spaces, stray characters).
        assert_eq!(decode_fragment("script=a+b/"), None);
        assert_eq!(decode_fragment("script=aGk_ "), None);
        assert_eq!(decode_fragment("script=a%3D"), None);
        // An impossible length.
        assert_eq!(decode_fragment("script=Y"), None);
        // Valid base64 of bytes that are not UTF-8.
        let bad = URL_SAFE_NO_PAD.encode([0xff, 0xfe, 0x00]);
        assert_eq!(decode_fragment(&format!("script={bad}")), None);
    }

    #[test]
    fn size_is_capped() {
        let at_limit = "x".repeat(MAX_SCRIPT_BYTES);
        assert!(fits(&at_limit));
        round_trip(&at_limit);
        let over = "x".repeat(MAX_SCRIPT_BYTES + 1);
        assert!(!fits(&over));
        assert_eq!(decode_fragment(&encode_fragment(&over)), None);
        let huge = format!("script={}", "A".repeat(10 * MAX_SCRIPT_BYTES));
        assert_eq!(decode_fragment(&huge), None);
    }
}
