//! The socket playground's page: a yew app that drives real sockets in the
//! relay over one WebSocket.
//!
//! Build and serve it with `cargo xtask run` (trunk builds this binary for
//! `wasm32-unknown-unknown` into `dist/`, which the relay serves). The pure
//! parts are tested natively: `cargo test -p socket-playground-frontend`.
//!
//! # Layout
//!
//! - [`state`]: the model, its actions and reducer (pure).
//! - [`python`]: Python spelling of calls, values and errors (pure).
//! - [`trace`]: syscall traces as `strace`-like lines (pure).
//! - [`services`]: the WebSocket to the relay.
//! - [`hooks`]: `use_relay`, which ties the WebSocket to the model.
//! - [`components`]: one function component per file.

mod components;
mod hooks;
mod python;
mod services;
mod state;
mod trace;

use components::console::Console;
use components::controls::Controls;
use components::service_list::ServiceList;
use components::socket_table::SocketTable;
use components::status::Status;
use hooks::use_relay::{use_relay, RelayHandle};
use yew::prelude::*;

/// The root: owns the relay connection and shares it through a context.
#[function_component(App)]
fn app() -> Html {
    let relay = use_relay();
    html! {
        <ContextProvider<RelayHandle> context={relay}>
            <header class="top">
                <h1>{ "Socket playground" }</h1>
                <p class="tagline">{ "Real sockets, real system calls, shown the way Python shows them." }</p>
            </header>
            <main class="layout">
                <div class="side">
                    <Status />
                    <Controls />
                    <ServiceList />
                </div>
                <div class="work">
                    <SocketTable />
                    <Console />
                </div>
            </main>
        </ContextProvider<RelayHandle>>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
