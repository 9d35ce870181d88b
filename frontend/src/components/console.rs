//! The console: every command as the Python line a learner would type,
//! followed by what Python would print, newest last. Relay notices (gaps,
//! refusals not tied to a command) sit above it.
//!
//! Only the newest [`SHOWN`] lines are drawn: the timeline keeps the whole
//! session, and drawing thousands of lines on every event would make the
//! page sluggish.

use super::entry::ConsoleEntry;
use super::use_relay_context;
use yew::prelude::*;

/// How many of the newest console lines are drawn.
const SHOWN: usize = 60;

/// Relay notices, then the newest console entries.
#[function_component(Console)]
pub fn console() -> Html {
    let relay = use_relay_context();
    let state = &*relay.state;
    let list_ref = use_node_ref();
    let total = state.entries.len();
    {
        // Keep the newest line in view as lines arrive.
        let list_ref = list_ref.clone();
        use_effect_with(total, move |_| {
            if let Some(el) = list_ref.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let notices = state.notices.iter().rev().take(5).map(|n| {
        html! {
            <li class={classes!("notice", n.source)}>
                <span class="tag">{ n.source }</span>{ " " }{ &n.text }
            </li>
        }
    });
    let first = total.saturating_sub(SHOWN);
    let entries = state
        .entries
        .range(first..total)
        .map(|(_, e)| html! { <ConsoleEntry key={e.id} entry={e.clone()} /> });
    html! {
        <section class="panel console-panel" aria-labelledby="console-title">
            <h2 id="console-title">{ "Console" }</h2>
            if !state.notices.is_empty() {
                <ul id="notices" class="notices" data-testid="notices" role="alert">{ for notices }</ul>
            }
            if total == 0 {
                <p class="hint">{ "Each call you make appears here as a line of Python, with what Python prints and the system calls behind it." }</p>
            }
            <div class="console-scroll" ref={list_ref}>
                if first > 0 {
                    <p class="hint">{ format!("{first} earlier lines are in the timeline.") }</p>
                }
                <ol id="console" class="console" data-testid="console">
                    { for entries }
                </ol>
            </div>
        </section>
    }
}
