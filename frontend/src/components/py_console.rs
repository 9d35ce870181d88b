//! The Python console: type a line (or a block), see what Python prints,
//! and watch each socket call appear in the calls log, the socket table and
//! the timeline. Variables persist between inputs, as in `python3`'s REPL.
//!
//! Enter runs a complete input and continues an incomplete one (a block
//! after `:`, an open bracket) with the right indentation; Shift+Enter
//! always adds a line; ↑/↓ walk the history; Escape (or Stop) interrupts a
//! call that waits.

use super::use_relay_context;
use crate::services::py_host::{Control, PageHost};
use interp::{Interp, Limits, Mode};
use playground::pyconsole::{on_enter, Enter, Kind, Transcript};
use playground::script::history::History;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The transcript as a reducer, so output from a running input lands in it.
#[derive(Clone, Default, PartialEq)]
pub struct Shown(pub Transcript);

/// Changes to the transcript.
pub enum Append {
    /// Text of a kind.
    Text(Kind, String),
    /// An input with its prompts.
    Input(String),
    /// How a run ended.
    Ended(Box<interp::Outcome>, String),
    /// Clear everything.
    Clear,
}

impl Reducible for Shown {
    type Action = Append;

    fn reduce(self: Rc<Self>, action: Append) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        match action {
            Append::Text(kind, text) => next.0.push(kind, &text),
            Append::Input(source) => next.0.input(&source),
            Append::Ended(outcome, source) => next.0.outcome(&outcome, "<stdin>", &source),
            Append::Clear => next.0.clear(),
        }
        Rc::new(next)
    }
}

/// The transcript's pieces as spans.
pub fn render_transcript(t: &Transcript) -> Html {
    html! {
        { for t.pieces.iter().map(|(kind, text)| {
            let class = match kind {
                Kind::Input => "py-in",
                Kind::Out => "py-out",
                Kind::Err => "py-err",
                Kind::Info => "py-info",
            };
            html! { <span class={class}>{ text }</span> }
        }) }
    }
}

/// The console.
#[function_component(PyConsole)]
pub fn py_console() -> Html {
    let relay = use_relay_context();
    let shown = use_reducer(Shown::default);
    let draft = use_state(String::new);
    let busy = use_state(|| false);
    let history = use_mut_ref(History::default);
    let interp: Rc<RefCell<Option<Interp<PageHost>>>> = use_mut_ref(|| None);
    let control = use_mut_ref(|| Control::new(false));
    // Set the moment an input starts, before any re-render: a second Enter
    // in between must not start a second run.
    let running = use_mut_ref(|| false);
    let input_ref = use_node_ref();
    {
        // A new session (the old one ended while the page was away) has none
        // of the console's sockets: their handles must not reach new ones.
        let interp = interp.clone();
        let shown = shown.dispatcher();
        let session = relay.state.hello.as_ref().map(|h| h.session.clone());
        let seen = use_mut_ref(|| None::<String>);
        use_effect_with(session, move |session| {
            let mut seen = seen.borrow_mut();
            if let (Some(old), Some(new)) = (seen.as_ref(), session.as_ref()) {
                if old != new {
                    if let Some(i) = interp.borrow_mut().as_mut() {
                        i.forget_sockets();
                        shown.dispatch(Append::Text(
                            Kind::Info,
                            "(the relay started a new session: the sockets you had are gone)\n"
                                .into(),
                        ));
                    }
                }
            }
            seen.clone_from(session);
        });
    }
    let out_ref = use_node_ref();
    {
        let out_ref = out_ref.clone();
        use_effect_with(shown.0.pieces.len(), move |_| {
            if let Some(el) = out_ref.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let submit = {
        let shown = shown.clone();
        let busy = busy.clone();
        let draft = draft.clone();
        let interp = interp.clone();
        let control = control.clone();
        let history = history.clone();
        let relay = relay.clone();
        let running = running.clone();
        move |source: String| {
            if source.trim().is_empty() || *running.borrow() {
                return;
            }
            *running.borrow_mut() = true;
            history.borrow_mut().push(source.clone());
            history.borrow_mut().reset();
            draft.set(String::new());
            shown.dispatch(Append::Input(source.clone()));
            let mut slot = interp.borrow_mut().take().unwrap_or_else(|| {
                let out = shown.dispatcher();
                Interp::new(
                    PageHost::new(
                        relay.call.clone(),
                        Callback::from(move |(stream, text): (interp::Stream, String)| {
                            let kind = match stream {
                                interp::Stream::Stdout => Kind::Out,
                                interp::Stream::Stderr => Kind::Err,
                            };
                            out.dispatch(Append::Text(kind, text));
                        }),
                        Callback::noop(),
                        Callback::noop(),
                    ),
                    Limits::default(),
                    vec![String::new()],
                )
            });
            let run = Control::new(false);
            *control.borrow_mut() = run.clone();
            slot.host.start(&source, run);
            busy.set(true);
            let shown = shown.dispatcher();
            let busy = busy.clone();
            let interp = interp.clone();
            let running = running.clone();
            let control = control.borrow().clone();
            spawn_local(async move {
                let outcome = slot.run(&source, Mode::Interactive).await;
                shown.dispatch(Append::Ended(Box::new(outcome), source));
                if control.is_stopped() {
                    if let Some(op) = control.waiting_in() {
                        // The relay cannot un-block a call; only close can.
                        shown.dispatch(Append::Text(
                            Kind::Info,
                            format!("({op}() still waits in the relay: its socket answers \"busy\" until the call returns, or close() cancels it)\n"),
                        ));
                    }
                }
                *interp.borrow_mut() = Some(slot);
                *running.borrow_mut() = false;
                busy.set(false);
            });
        }
    };

    let onkeydown = {
        let draft = draft.clone();
        let history = history.clone();
        let busy = busy.clone();
        let control = control.clone();
        let submit = submit.clone();
        Callback::from(move |e: KeyboardEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let value = area.value();
            let caret = area.selection_start().ok().flatten().unwrap_or(0) as usize;
            let caret = byte_offset(&value, caret);
            match e.key().as_str() {
                "Escape" if *busy => {
                    e.prevent_default();
                    control.borrow().stop();
                }
                "Enter" if !e.shift_key() => {
                    e.prevent_default();
                    if *busy {
                        return;
                    }
                    // Enter in the middle of a block adds a line there.
                    if caret < value.len() && value.contains('\n') {
                        let next = format!("{}\n{}", &value[..caret], &value[caret..]);
                        area.set_value(&next);
                        draft.set(next);
                        return;
                    }
                    match on_enter(&value) {
                        Enter::Run(source) => submit(source),
                        Enter::Continue(next) => {
                            area.set_value(&next);
                            draft.set(next);
                        }
                    }
                }
                "ArrowUp" if !value[..floor(&value, caret)].contains('\n') => {
                    if let Some(older) = history.borrow_mut().up(&value) {
                        e.prevent_default();
                        area.set_value(&older);
                        draft.set(older);
                    }
                }
                "ArrowDown" if !value[floor(&value, caret)..].contains('\n') => {
                    if let Some(newer) = history.borrow_mut().down() {
                        e.prevent_default();
                        area.set_value(&newer);
                        draft.set(newer);
                    }
                }
                _ => {}
            }
        })
    };
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            draft.set(area.value());
        })
    };
    let run_click = {
        let draft = draft.clone();
        let submit = submit.clone();
        Callback::from(move |_| submit((*draft).clone()))
    };
    let stop_click = {
        let control = control.clone();
        Callback::from(move |_| control.borrow().stop())
    };
    let clear_click = {
        let shown = shown.clone();
        Callback::from(move |_| shown.dispatch(Append::Clear))
    };
    let rows = (draft.lines().count() + usize::from(draft.ends_with('\n'))).clamp(1, 12);
    html! {
        <section class="panel py-console" aria-labelledby="py-console-title" data-testid="py-console">
            <h2 id="py-console-title">{ "Python console" }</h2>
            <p class="hint">{ "Type Python as in python3: " }<code>{ "import socket" }</code>{ ", " }
                <code>{ "s = socket.socket()" }</code>{ ", " }<code>{ "s.connect(('127.0.0.1', 7000))" }</code>
                { ". Each socket call runs in the relay and appears in the calls log." }</p>
            <pre class="py-transcript" ref={out_ref} data-testid="py-transcript" aria-live="polite">
                { render_transcript(&shown.0) }
            </pre>
            <div class="py-input-row">
                <span class="py-prompt" aria-hidden="true">{ if *busy { "…" } else { ">>>" } }</span>
                <textarea ref={input_ref} class="py-input" data-testid="py-input" rows={rows.to_string()}
                    aria-label="Python input: Enter runs, Shift+Enter adds a line, arrows walk the history"
                    spellcheck="false" autocomplete="off" value={(*draft).clone()} {onkeydown} {oninput} />
            </div>
            <div class="actions">
                if *busy {
                    <button class="danger" data-testid="py-stop" onclick={stop_click}>{ "Stop (Esc)" }</button>
                } else {
                    <button class="primary" data-testid="py-run" onclick={run_click}>{ "Run ⏎" }</button>
                }
                <button onclick={clear_click}>{ "Clear" }</button>
            </div>
        </section>
    }
}

/// The byte offset of UTF-16 position `n` (what the DOM reports).
fn byte_offset(s: &str, n: usize) -> usize {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        if units >= n {
            return i;
        }
        units += c.len_utf16();
    }
    s.len()
}

/// `i`, kept inside `s`.
fn floor(s: &str, i: usize) -> usize {
    i.min(s.len())
}
