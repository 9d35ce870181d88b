//! The console: every command as the Python line a learner would type,
//! followed by what Python would print, newest last. Relay notices (gaps,
//! refusals not tied to a command) sit above it.
//!
//! Only the newest [`SHOWN`] lines are drawn: the timeline keeps the whole
//! session, and drawing thousands of lines on every event would make the
//! page sluggish.

use super::entry::ConsoleEntry;
use super::use_relay_context;
use playground::timeline::keep_following;
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
    // Whether to keep the newest line in view, and the last position seen.
    let follow = use_mut_ref(|| (true, 0.0_f64));
    {
        // Follow new lines and results (a result can arrive long after its
        // line), unless the learner has scrolled up to read.
        let list_ref = list_ref.clone();
        let follow = follow.clone();
        use_effect_with((total, state.last_seq), move |_| {
            if follow.borrow().0 {
                if let Some(el) = list_ref.cast::<web_sys::Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }
    let onscroll = {
        let follow = follow.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            let top = f64::from(el.scroll_top());
            let mut f = follow.borrow_mut();
            *f = (
                keep_following(
                    f.0,
                    f.1,
                    top,
                    f64::from(el.client_height()),
                    f64::from(el.scroll_height()),
                ),
                top,
            );
        })
    };
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
            <div class="panel-head">
                <h2 id="console-title">{ "Calls" }</h2>
                <super::export::Export />
            </div>
            if !state.notices.is_empty() {
                <ul id="notices" class="notices" data-testid="notices" role="alert">{ for notices }</ul>
            }
            if total == 0 {
                <p class="hint">{ "Each call you make appears here as a line of Python, with what Python prints and the system calls behind it." }</p>
            }
            <div class="console-scroll" ref={list_ref} {onscroll}>
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
