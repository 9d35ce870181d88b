//! The page's pure logic: everything that decides *what* the page shows,
//! with no DOM and no WebSocket, so it is unit-tested natively and fast
//! (`cargo test -p socket-playground-frontend`).
//!
//! The yew components, hooks and the WebSocket live in the binary
//! (`main.rs`), which trunk builds for `wasm32-unknown-unknown`.
//!
//! - [`state`]: the model, its actions and reducer.
//! - [`decode`]: the relay's MessagePack events, read without serde (smaller wasm).
//! - [`builder`]: the op builder's catalogue, typed arguments and the
//!   Python-mirroring validation that runs before anything is sent.
//! - [`timeline`]: the sequence diagram's lanes, arrows and windowing.
//! - [`view`]: payload views (text, hex dump, bytes repr), plain-language
//!   explanations of exceptions, copyable one-liners for services.
//! - [`presets`]: guided sequences of calls, resolved against the session.
//! - [`python`]: Python spelling of calls, values and errors.
//! - [`pyconsole`]: the Python panel's transcript and input rules.
//! - [`script`]: the script editor's examples, share links, session export
//!   and the console's input history.
//! - [`room`]: classrooms: join codes and links, the forms' checks, the
//!   room's listeners and members as the Classroom panel shows them, the
//!   join link's QR code.
//! - [`reload`]: the session a tab carries across a reload.
//! - [`trace`]: syscall traces as `strace`-like lines.

pub mod builder;
pub mod decode;
pub mod presets;
pub mod pyconsole;
pub mod python;
pub mod reload;
pub mod room;
pub mod route;
pub mod script;
pub mod state;
#[cfg(test)]
mod testing;
pub mod timeline;
pub mod trace;
pub mod view;
