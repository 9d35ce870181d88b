//! The pure logic behind the page's Python console and script editor: no
//! DOM, no yew, tested natively.
//!
//! - [`examples`]: the course's example programs, preloaded in the editor,
//!   with the relay's actual service ports filled in, so a learner starts
//!   from working code that also runs unmodified under CPython at home.
//! - [`share`]: a script in the URL fragment, so a learner can send a
//!   link to a classmate or teacher without anything stored on a server.
//! - [`export`]: the whole session (clicked calls and Python's alike) as a
//!   runnable `.py`, the bridge from the playground to a real terminal.
//! - [`history`]: the console's ↑/↓ input history, as in a shell.

pub mod examples;
pub mod export;
pub mod history;
pub mod share;

pub use examples::{catalogue, Example};
pub use export::export;
pub use history::History;
pub use share::{decode_fragment, encode_fragment};
