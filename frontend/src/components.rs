//! The page's components, one per file. Each reads the relay through
//! `use_context::<RelayHandle>()` (see [`crate::hooks::use_relay`]).
//!
//! - [`status`]: connection state and the relay's hello.
//! - [`service_list`]: the relay's services and their ports.
//! - [`controls`]: buttons and inputs that send socket ops.
//! - [`socket_table`]: the open sockets as the kernel reports them.
//! - [`console`]: every command as a Python line with its result.
//! - [`entry`]: one console line and its expandable syscall trace.

pub mod console;
pub mod controls;
pub mod entry;
pub mod service_list;
pub mod socket_table;
pub mod status;

use crate::hooks::use_relay::RelayHandle;
use yew::prelude::*;

/// The relay handle from the context the root component provides.
#[hook]
pub fn use_relay_context() -> RelayHandle {
    use_context::<RelayHandle>().expect("components are rendered inside the relay ContextProvider")
}
