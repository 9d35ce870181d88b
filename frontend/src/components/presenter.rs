//! The presenter view: the whole window, high contrast and large type, for
//! the projector while a class works in a room. The room's name and join
//! code and how many students are present; the room's timeline live with
//! names; the teacher's own sockets with the classmate at the other end;
//! the spotlighted student's calls, with the students to pick from.
//!
//! A dialog over the page: Tab cycles inside it, and Esc or its Exit button
//! closes it and gives the focus back to whoever opened it. What it shows is decided by
//! [`playground::room::presenter`].

use super::use_relay_context;
use playground::room::presenter::{self, Mark};
use playground::view::focus;
use shared::{Op, RoomControl, RoomView};
use yew::prelude::*;

/// Props of [`Presenter`].
#[derive(Properties, PartialEq)]
pub struct PresenterProps {
    /// The room as the relay last described it (the teacher's view).
    pub view: RoomView,
    /// Closes the presenter view.
    pub on_close: Callback<()>,
}

/// A symbol that repeats the words beside it: hidden from screen readers.
fn symbol(mark: Mark) -> Html {
    html! { <span class="sym" aria-hidden="true">{ mark.symbol }</span> }
}

/// What Tab may land on inside the dialog.
const FOCUSABLE: &str =
    "button:not([disabled]), a[href], input:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// Moves the focus the way [`focus::trapped_tab`] says, so Tab cycles
/// through the dialog and never reaches the page hidden under it.
/// (The dialog is found through its `NodeRef`: yew delegates events, so
/// the event's current target is not the dialog.)
fn keep_tab_inside(e: &KeyboardEvent, dialog: &NodeRef) {
    use wasm_bindgen::JsCast as _;
    let Some(dialog) = dialog.cast::<web_sys::Element>() else {
        return;
    };
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect();
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let at = active.and_then(|a| items.iter().position(|i| **i == a));
    if let Some(next) = focus::trapped_tab(items.len(), at, e.shift_key()) {
        e.prevent_default();
        if let Some(el) = items.get(next) {
            let _ = el.focus();
        }
    }
}

/// The presenter view.
#[function_component(Presenter)]
pub fn presenter(props: &PresenterProps) -> Html {
    let relay = use_relay_context();
    let state = &relay.state;
    let view = &props.view;
    let exit_ref = use_node_ref();
    {
        // The dialog takes the focus on its way in, on its way out button.
        let exit_ref = exit_ref.clone();
        use_effect_with((), move |_| {
            if let Some(b) = exit_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let dialog_ref = use_node_ref();
    let keydown = {
        let on_close = props.on_close.clone();
        let dialog_ref = dialog_ref.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                on_close.emit(());
            }
            "Tab" => keep_tab_inside(&e, &dialog_ref),
            _ => {}
        })
    };
    let spotlight = |member: Option<u32>| {
        let send = relay.send.clone();
        Callback::from(move |_: MouseEvent| {
            send.emit(Op::RoomControl(RoomControl::Spotlight { member }));
        })
    };
    let connected = state.is_connected();

    let timeline = presenter::timeline_rows(state.room_activity.iter(), presenter::TIMELINE_SHOWN);
    let timeline = if timeline.is_empty() {
        html! { <p class="presenter-empty">{ "Connections between members, bytes and closes appear here as they happen." }</p> }
    } else {
        html! {
            <ol class="presenter-events" aria-live="polite">
                { for timeline.into_iter().map(|r| html! {
                    <li key={r.n} class={r.mark.class} data-testid="presenter-event">
                        <span class="at">{ r.at }</span>{ symbol(r.mark) }<span class="what">{ r.what }</span>
                    </li>
                }) }
            </ol>
        }
    };

    let sockets = presenter::socket_lines(view, &state.sockets, &state.room_activity);
    let sockets = if sockets.is_empty() {
        html! { <p class="presenter-empty">{ "No sockets open on this page." }</p> }
    } else {
        html! {
            <ul class="presenter-socks">
                { for sockets.into_iter().map(|s| html! {
                    <li data-testid={format!("presenter-sock-{}", s.id)}>
                        <strong>{ &s.id }</strong>{ " " }<span class="kind">{ s.kind }</span>{ " " }
                        <span class="state">{ &s.state }</span>{ " " }<code>{ &s.local }</code>
                        if !s.peer.is_empty() {
                            <span class="peer"><span aria-hidden="true">{ " ⇄ " }</span>
                                <span class="sr-only">{ " connected to " }</span>{ &s.peer }</span>
                        }
                    </li>
                }) }
            </ul>
        }
    };

    let panel = presenter::spotlight_panel(view, &state.spotlight, presenter::CALLS_SHOWN);
    let spot = match panel {
        None => html! {
            <>
                <h3 id="presenter-spotlight-title">{ "Spotlight" }</h3>
                <p class="presenter-empty">{ "Pick a student below to show their calls here as they make them." }</p>
            </>
        },
        Some(p) => html! {
            <>
                <div class="presenter-spot-head">
                    <h3 id="presenter-spotlight-title" data-testid="presenter-spotlight-name">{ format!("Spotlight: {}", p.name) }</h3>
                    <button type="button" data-testid="presenter-spotlight-end" disabled={!connected}
                        onclick={spotlight(None)}>{ "End spotlight" }</button>
                </div>
                if p.rows.is_empty() {
                    <p class="presenter-empty">{ format!("{}'s calls appear here as they finish.", p.name) }</p>
                } else {
                    <ol class="presenter-calls" aria-live="polite">
                        { for p.rows.into_iter().map(|c| html! {
                            <li key={c.n} class={c.mark.class} data-testid="presenter-call">
                                <code class="line">{ &c.line }</code>
                                <span class="result">{ symbol(c.mark) }{ " " }
                                    <span class="sr-only">{ format!("{}: ", c.mark.class) }</span>{ &c.result }</span>
                            </li>
                        }) }
                    </ol>
                }
            </>
        },
    };

    let choices = presenter::spotlight_choices(view);
    let picker = if choices.is_empty() {
        html! { <p class="presenter-empty">{ format!("Students join with the code {}.", view.code) }</p> }
    } else {
        html! {
            <div class="presenter-picks">
                { for choices.into_iter().map(|c| {
                    let onclick = spotlight(if c.on { None } else { Some(c.id) });
                    html! {
                        <button type="button" data-testid={format!("presenter-pick-{}", c.id)}
                            aria-pressed={c.on.to_string()} disabled={!connected} {onclick}
                            title={format!("show {}'s calls (again to stop)", c.name)}>
                            <span class="name">{ &c.name }</span><small>{ &c.sockets }</small>
                        </button>
                    }
                }) }
            </div>
        }
    };

    html! {
        <div class="presenter" role="dialog" aria-modal="true" aria-labelledby="presenter-title"
            data-testid="presenter" onkeydown={keydown} ref={dialog_ref}>
            <header class="presenter-head">
                <h2 id="presenter-title" data-testid="presenter-title">{ &view.name }</h2>
                <p class="presenter-code">{ "Join code " }<strong data-testid="presenter-code">{ &view.code }</strong></p>
                <p class="presenter-count" data-testid="presenter-count">{ presenter::students_present(view) }</p>
                if view.paused {
                    <p class="presenter-paused" role="status"><span aria-hidden="true">{ "⏸ " }</span>{ "paused" }</p>
                }
                <button type="button" class="presenter-exit" data-testid="presenter-close" ref={exit_ref}
                    onclick={close}>{ "Exit (Esc)" }</button>
            </header>
            if let Some(task) = &view.task {
                <p class="presenter-task" data-testid="presenter-task"><span class="presenter-label">{ "Task " }</span>{ task }</p>
            }
            <div class="presenter-grid">
                <section class="presenter-timeline" aria-labelledby="presenter-timeline-title" data-testid="presenter-timeline">
                    <h3 id="presenter-timeline-title">{ "In the room" }</h3>
                    { timeline }
                </section>
                <section class="presenter-spotlight" aria-labelledby="presenter-spotlight-title" data-testid="presenter-spotlight">
                    { spot }
                </section>
                <section class="presenter-sockets" aria-labelledby="presenter-sockets-title" data-testid="presenter-sockets">
                    <h3 id="presenter-sockets-title">{ "Teacher's sockets" }</h3>
                    { sockets }
                </section>
            </div>
            <nav class="presenter-students" aria-label="Spotlight a student" data-testid="presenter-students">
                <span class="presenter-label">{ "Spotlight" }</span>
                { picker }
            </nav>
        </div>
    }
}
