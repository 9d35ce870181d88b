//! The room's timeline for its teacher (and the projector): who connected
//! to whom, bytes between members, accepts and closes, with names, newest
//! first, as the relay reports them.

use super::use_relay_context;
use yew::prelude::*;

/// Entries shown.
const SHOWN: usize = 40;

/// The timeline, when the relay has sent any.
#[function_component(RoomTimeline)]
pub fn room_timeline() -> Html {
    let relay = use_relay_context();
    let events = &relay.state.room_activity;
    html! {
        <section class="room-timeline" aria-labelledby="room-timeline-title" data-testid="room-timeline">
            <h3 id="room-timeline-title">{ "In the room" }</h3>
            if events.is_empty() {
                <p class="hint">{ "Connections between members, bytes and closes appear here as they happen." }</p>
            } else {
                <ol aria-live="polite">
                    { for events.iter().rev().take(SHOWN).map(|e| html! {
                        <li key={e.n}>
                            <span class="at">{ format!("{:.1} s", e.at_ms as f64 / 1000.0) }</span>
                            { " " }{ &e.what }
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}
