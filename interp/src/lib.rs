//! The socket playground's Python: a small interpreter for the subset of
//! Python a sockets course uses, written to run the course's own scripts
//! unmodified against genuine sockets.
//!
//! It is pure logic: no DOM, no tokio, no I/O of its own. Every socket call
//! becomes one [`shared::Op`] handed to a [`Host`], which sends it to the
//! relay and resolves when the relay's result arrives; the evaluator is
//! `async`, so a blocking `recv` suspends the script without blocking the
//! page's thread. The same crate runs in the page (wasm) and natively (the
//! `socket-playground run` command and the CPython conformance suite).
//!
//! # Layout
//!
//! - `ast.rs`: the syntax tree; `parser/`: tokens and the parser;
//!   `syntax.rs`: syntax errors rendered with a caret as CPython does.
//! - `eval/`: the evaluator; `host.rs`: what it needs from outside.
//! - `value/`, `exc.rs`: values and exceptions, with CPython's reprs.
//! - `builtins/`, `methods/`, `format/`: built-in functions, methods of
//!   str/bytes/list/dict, string formatting.
//! - `modules.rs`, `socket/`: `sys`, `time`, `errno` and `socket`.

pub mod ast;
mod builtins;
pub mod eval;
pub mod exc;
mod format;
pub mod host;
mod methods;
mod modules;
pub mod parser;
pub mod socket;
pub mod syntax;
pub mod value;

pub use eval::{Halt, Interp, Limits, Mode, Outcome, Raised, Scope};
pub use host::{Host, HostError};
pub use value::{Stream, Value};
