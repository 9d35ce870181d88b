//! The console: every command as the Python line a learner would type,
//! followed by what Python would print, newest last.

use super::entry::ConsoleEntry;
use super::use_relay_context;
use yew::prelude::*;

/// Relay notices, then the list of console entries.
#[function_component(Console)]
pub fn console() -> Html {
    let relay = use_relay_context();
    let state = &*relay.state;
    let notices = state.notices.iter().map(|n| html! { <li>{ n }</li> });
    let entries = state
        .entries
        .iter()
        .map(|e| html! { <ConsoleEntry key={e.id} entry={e.clone()} /> });
    html! {
        <section class="panel console-panel" aria-labelledby="console-title">
            <h2 id="console-title">{ "Console" }</h2>
            if !state.notices.is_empty() {
                <ul id="notices" class="notices" role="alert">{ for notices }</ul>
            }
            if state.entries.is_empty() {
                <p class="hint">{ "Create a socket to begin. Each call appears here as a line of Python." }</p>
            }
            <ol id="console" class="console" data-testid="console" aria-live="polite">
                { for entries }
            </ol>
        </section>
    }
}
