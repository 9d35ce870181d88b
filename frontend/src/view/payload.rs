//! Three ways to look at the same bytes, because each answers a different
//! question a learner has about a payload (C15, C17, C21, C23):
//!
//! - **text**: "what does it say?" — UTF-8 with invisible characters made
//!   visible, so `\r\n` line ends and stray NULs show up;
//! - **hex**: "what exactly is on the wire?" — a `hexdump -C` / Wireshark
//!   "Follow TCP Stream" dump with offsets, so byte counts can be checked;
//! - **bytes**: "what would Python print?" — `repr()` of the `bytes` object,
//!   the form the learner will see at home.
//!
//! Payloads can be up to 1 MiB; every view shows at most [`VIEW_CAP`] bytes
//! and [`render`] ends with a "… N more bytes" line, so a big `chargen`
//! answer cannot freeze the page.

use crate::python::bytes_repr;
use std::fmt::{self, Write as _};

/// How many bytes of a payload a view shows.
///
/// 4 KiB is 256 hex-dump lines: enough to see the shape of any message a
/// lesson sends, small enough to render instantly for a 1 MiB payload.
pub const VIEW_CAP: usize = 4096;

/// Bytes per hex-dump line, as `hexdump -C` and Wireshark use.
pub const BYTES_PER_LINE: usize = 16;

/// Width of a hex-dump line's hex column: 16 pairs, 15 separating spaces
/// and the extra one after the eighth byte. A short last line is padded to
/// it so its ASCII column still lines up.
const HEX_WIDTH: usize = BYTES_PER_LINE * 3;

/// Which view of a payload the learner picked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PayloadView {
    /// Decoded text with control characters made visible.
    #[default]
    Text,
    /// A `hexdump -C`-style dump.
    Hex,
    /// Python's `repr()` of the `bytes` object.
    Repr,
}

impl PayloadView {
    /// Every view, in the order the page offers them as tabs.
    pub const ALL: [PayloadView; 3] = [PayloadView::Text, PayloadView::Hex, PayloadView::Repr];

    /// The tab's label. The repr view is called "bytes" because that is the
    /// Python type the learner is looking at.
    pub fn label(self) -> &'static str {
        match self {
            PayloadView::Text => "text",
            PayloadView::Hex => "hex",
            PayloadView::Repr => "bytes",
        }
    }
}

/// One line of a hex dump, split into columns so the page can style them
/// (and so tests can check each column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HexLine {
    /// Offset of the line's first byte, 8 lowercase hex digits (`00000010`).
    pub offset: String,
    /// The bytes as hex pairs, an extra space after the eighth, padded to
    /// the full width so the ASCII column aligns on a short last line.
    pub hex: String,
    /// Printable ASCII as is, every other byte as `.`.
    pub ascii: String,
}

/// The line as `hexdump -C` prints it: `offset  hex  |ascii|`.
impl fmt::Display for HexLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}  {}  |{}|", self.offset, self.hex, self.ascii)
    }
}

/// The hex dump of the first [`VIEW_CAP`] bytes, one [`HexLine`] per 16.
///
/// The page shows [`more_note`] under it when the payload was longer.
pub fn hex_dump(bytes: &[u8]) -> Vec<HexLine> {
    let shown = &bytes[..bytes.len().min(VIEW_CAP)];
    shown
        .chunks(BYTES_PER_LINE)
        .enumerate()
        .map(|(i, chunk)| hex_line(i * BYTES_PER_LINE, chunk))
        .collect()
}

fn hex_line(offset: usize, chunk: &[u8]) -> HexLine {
    let mut hex = String::with_capacity(HEX_WIDTH);
    for (i, b) in chunk.iter().enumerate() {
        if i > 0 {
            hex.push(' ');
        }
        if i == 8 {
            hex.push(' ');
        }
        let _ = write!(hex, "{b:02x}");
    }
    while hex.len() < HEX_WIDTH {
        hex.push(' ');
    }
    let ascii = chunk
        .iter()
        .map(|&b| {
            if (b' '..=b'~').contains(&b) {
                b as char
            } else {
                '.'
            }
        })
        .collect();
    HexLine {
        offset: format!("{offset:08x}"),
        hex,
        ascii,
    }
}

/// The payload as text: the first [`VIEW_CAP`] bytes (backed off to a
/// character boundary), decoded as UTF-8, invalid sequences as U+FFFD.
///
/// Newlines and tabs stay as they are, so text reads as text. Every other
/// control character is drawn as its Unicode "control picture" (`␀`, `␍`,
/// `␛`, DEL as `␡`): one visible glyph per byte keeps lengths and columns
/// honest, a raw `\r` would be invisible (or move the cursor in a
/// terminal), and `\xNN` escapes would make this view a second repr view.
/// `\r\n` therefore reads `␍` at the end of the line, which is exactly the
/// lesson of a protocol like HTTP. Characters with no picture that could
/// hide or reorder text (C1 controls, zero-width and bidirectional marks)
/// are written as Python's `str` repr writes them (`\x85`, `\u202e`).
pub fn text_view(bytes: &[u8]) -> String {
    let shown = &bytes[..text_cut(bytes)];
    let decoded = String::from_utf8_lossy(shown);
    let mut out = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        push_visible(&mut out, c);
    }
    out
}

/// Where the text view cuts a long payload: at [`VIEW_CAP`], or just before
/// a UTF-8 sequence the cap would split (so the last character shown is not
/// a false U+FFFD; the whole character moves to the hidden part).
fn text_cut(bytes: &[u8]) -> usize {
    if bytes.len() <= VIEW_CAP {
        return bytes.len();
    }
    let is_continuation = |b: u8| b & 0xC0 == 0x80;
    let Some(start) = (VIEW_CAP - 3..=VIEW_CAP)
        .rev()
        .find(|&i| !is_continuation(bytes[i]))
    else {
        return VIEW_CAP;
    };
    let len = match bytes[start] {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    };
    if start + len > VIEW_CAP {
        start
    } else {
        VIEW_CAP
    }
}

fn push_visible(out: &mut String, c: char) {
    let code = u32::from(c);
    match c {
        '\n' | '\t' => out.push(c),
        '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + code).unwrap_or('\u{fffd}')),
        '\u{7f}' => out.push('\u{2421}'),
        '\u{80}'..='\u{9f}' => {
            let _ = write!(out, "\\x{code:02x}");
        }
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2028}'..='\u{2029}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061c}'
        | '\u{feff}' => {
            let _ = write!(out, "\\u{code:04x}");
        }
        c => out.push(c),
    }
}

/// How many bytes a view leaves out (beyond [`VIEW_CAP`]); 0 for a
/// payload that fits.
pub fn hidden_bytes(view: PayloadView, bytes: &[u8]) -> usize {
    let shown = match view {
        PayloadView::Text => text_cut(bytes),
        PayloadView::Hex | PayloadView::Repr => bytes.len().min(VIEW_CAP),
    };
    bytes.len() - shown
}

/// The "… N more bytes" line under a view that was cut, or `None` when the
/// view shows the whole payload.
pub fn more_note(view: PayloadView, bytes: &[u8]) -> Option<String> {
    match hidden_bytes(view, bytes) {
        0 => None,
        1 => Some("… 1 more byte".into()),
        n => Some(format!("… {n} more bytes")),
    }
}

/// The whole text of a view, as the page shows it in a `<pre>`: the view of
/// the first [`VIEW_CAP`] bytes, then [`more_note`] on its own line if the
/// payload was longer.
pub fn render(view: PayloadView, bytes: &[u8]) -> String {
    let mut out = match view {
        PayloadView::Text => text_view(bytes),
        PayloadView::Hex => {
            let lines: Vec<String> = hex_dump(bytes).iter().map(HexLine::to_string).collect();
            lines.join("\n")
        }
        PayloadView::Repr => bytes_repr(&bytes[..bytes.len().min(VIEW_CAP)]),
    };
    if let Some(note) = more_note(view, bytes) {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&note);
    }
    out
}
