//! The socket playground's page: a yew app that drives real sockets in the
//! relay over one WebSocket.
//!
//! Build and serve it with `cargo xtask run` (trunk builds this binary for
//! `wasm32-unknown-unknown` into `dist/`, which the relay serves). What the
//! page shows is decided by the pure library (`playground`, tested natively);
//! this binary is the DOM side:
//!
//! - [`services`]: the WebSocket to the relay.
//! - [`hooks`]: `use_relay` (the connection and model), `use_clock`.
//! - [`components`]: one function component per file.

mod components;
mod hooks;
mod services;

use components::classroom::{Classroom, RoomBanner};
use components::console::Console;
use components::drive::Drive;
use components::help::{Help, Shortcuts};
use components::resolver::Resolver;
use components::service_panel::ServicePanel;
use components::socket_table::SocketTable;
use components::status::Status;
use components::timeline::TimelineView;
use components::toolbar::{apply_prefs, load_prefs, Toolbar};
use hooks::use_relay::{use_relay, RelayHandle};
use playground::state::prefs::Prefs;
use yew::prelude::*;

/// The root: owns the relay connection and the display preferences, and
/// shares them through contexts.
#[function_component(App)]
fn app() -> Html {
    let relay = use_relay();
    let prefs = use_reducer(load_prefs);
    let help_open = use_state(|| false);
    use_effect_with(*prefs, apply_prefs);
    let toggle_help = {
        let help_open = help_open.clone();
        Callback::from(move |open: bool| help_open.set(open))
    };
    html! {
        <ContextProvider<RelayHandle> context={relay}>
        <ContextProvider<UseReducerHandle<Prefs>> context={prefs}>
            <Shortcuts open={*help_open} on_help={toggle_help.clone()} />
            <header class="top">
                <div class="brand">
                    <h1>{ "Socket playground" }</h1>
                    <p class="tagline">{ "Real sockets, real system calls, shown the way Python shows them." }</p>
                </div>
                <RoomBanner />
                <Status />
                <Toolbar on_help={toggle_help.clone()} />
            </header>
            <main class="layout">
                <div class="col-build">
                    <Drive />
                </div>
                <div class="col-center">
                    <SocketTable />
                    <Console />
                    <TimelineView />
                </div>
                <div class="col-side">
                    <Classroom />
                    <ServicePanel />
                    <Resolver />
                </div>
            </main>
            <Help open={*help_open} on_close={toggle_help} />
        </ContextProvider<UseReducerHandle<Prefs>>>
        </ContextProvider<RelayHandle>>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
