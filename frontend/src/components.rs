//! The page's components, one per file. Each reads the relay through
//! `use_context::<RelayHandle>()` (see [`crate::hooks::use_relay`]); what
//! they show is computed by the pure `playground` library.
//!
//! - [`status`]: the connection badge and socket budget.
//! - [`toolbar`]: theme, presenter mode, help.
//! - [`drive`]: tabs for the three ways to make calls: [`builder`] (the op
//!   builder and presets), [`py_console`] (typed Python), [`script_editor`].
//! - [`export`]: the session as a runnable `.py`.
//! - [`socket_table`]: the session's sockets as the kernel reports them.
//! - [`console`], [`entry`]: every call as Python, with its result.
//! - [`payload`]: a payload in text, hex or bytes view.
//! - [`trace_list`]: a syscall trace.
//! - [`timeline`]: the sequence diagram.
//! - [`service_panel`]: the relay's services and their live connections.
//! - [`resolver`]: name and service lookups.
//! - [`help`]: keyboard shortcuts and their overlay.
//! - [`classroom`]: the Classroom panel (join or open a room; a student's
//!   view of it, the teacher's dashboard) and the header's room banner.
//! - [`presenter`]: the teacher's presenter view of the room (projector).

pub mod builder;
pub mod classroom;
pub mod console;
pub mod drive;
pub mod entry;
pub mod export;
pub mod help;
pub mod payload;
pub mod presenter;
pub mod presets;
pub mod py_console;
pub mod resolver;
pub mod room_members;
pub mod room_timeline;
pub mod script_editor;
pub mod service_panel;
pub mod socket_table;
pub mod status;
pub mod timeline;
pub mod toolbar;
pub mod trace_list;

use crate::hooks::use_relay::RelayHandle;
use yew::prelude::*;

/// The relay handle from the context the root component provides.
#[hook]
pub fn use_relay_context() -> RelayHandle {
    use_context::<RelayHandle>().expect("components are rendered inside the relay ContextProvider")
}
