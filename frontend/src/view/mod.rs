//! How results are put into words and pictures for a learner: pure
//! functions from protocol values to strings (no DOM, no yew, no I/O), so
//! they are unit-tested natively and the components stay thin.
//!
//! - [`payload`]: a payload as text, as a `hexdump -C` dump, or as Python's
//!   `bytes` repr, capped at [`VIEW_CAP`] bytes for big payloads.
//! - [`explain`](mod@explain): one plain sentence for an exception
//!   ([`explain()`]), a relay refusal ([`explain_rejection`]) or the end of
//!   a stream ([`eof_note`]).
//! - [`oneliner`]: `nc` and `python3 -c` lines to reach a relay service
//!   from the learner's own terminal.
//! - [`ports`]: the well-known ports the resolver panel looks up.
//! - [`focus`]: where Tab goes inside a modal dialog.

pub mod explain;
pub mod focus;
pub mod oneliner;
pub mod payload;
pub mod ports;

pub use explain::{eof_note, explain, explain_rejection};
pub use oneliner::{nc_command, python_command, target_host};
pub use payload::{
    hex_dump, hidden_bytes, more_note, render, text_view, HexLine, PayloadView, VIEW_CAP,
};
pub use ports::WELL_KNOWN;

#[cfg(test)]
mod tests;
