//! `use_relay`: keeps one connection to the relay open for the page's life,
//! feeds everything it reports into the [`State`] reducer, and hands out a
//! [`RelayHandle`] to read the state and send commands.
//!
//! When the WebSocket drops, it reconnects with backoff and says `hello`
//! with the session's resume token and the last event it saw: the relay kept
//! the sockets open and replays the events the page missed, so nothing is
//! lost. If the session has ended meanwhile, it starts a new one. A reload
//! of the tab resumes the same way ([`playground::reload`]).

use super::calls::{Answer, Calls};
use crate::services::tab_storage;
use crate::services::ws::{self, RelayConnection, WsEvent};
use futures::channel::oneshot;
use playground::reload::{self, Carried};
use playground::state::{Action, State};
use shared::{Body, Command, Op, PyError, Rejection, Resume};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast as _;
use yew::platform::{spawn_local, time::sleep};
use yew::prelude::*;

/// The page's view of the relay: its state and a way to send commands.
#[derive(Clone, PartialEq)]
pub struct RelayHandle {
    /// The model.
    pub state: UseReducerHandle<State>,
    /// Sends an op; returns the fresh command id it was given.
    pub send: Callback<Op, u64>,
    /// Records a Python exception the page raised without sending anything
    /// (the call's Python line and the exception).
    pub raise: Callback<(String, PyError)>,
    /// Changes the model directly (selection, focus, fades).
    pub dispatch: Callback<Action>,
    /// Sends an op for Python code and delivers its answer on the reply.
    pub call: Callback<PyCall>,
}

/// An op Python code sends and waits on.
pub struct PyCall {
    /// The op.
    pub op: Op,
    /// The source line that made it, shown beside the call.
    pub origin: Option<String>,
    /// Whether `origin` is the learner's own source line, which a teacher's
    /// spotlight may show (sent with the command), rather than a note of the
    /// page's own (the closes at a script's end).
    pub origin_is_source: bool,
    /// Where the answer goes.
    pub reply: oneshot::Sender<Answer>,
}

/// How long after a resume a command sent before the drop may still be
/// answered by the replay; after that it is taken as lost.
const SETTLE_AFTER_RESUME: Duration = Duration::from_secs(3);

/// Milliseconds since the page started loading: the page's clock.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// How long to wait before reconnect attempt `n` (from 1): quick at first,
/// then at most every five seconds.
fn backoff(attempt: u32) -> Duration {
    let ms = 250_u64.saturating_mul(1 << attempt.saturating_sub(1).min(5));
    Duration::from_millis(ms.min(5_000))
}

/// What the connection needs to remember between WebSockets.
#[derive(Default)]
struct Link {
    /// The open connection, if any.
    conn: RefCell<Option<RelayConnection>>,
    /// The session's resume token, once the relay said hello.
    token: RefCell<Option<String>>,
    /// The last event seq received: sent as `seen` and used to resume.
    last_seq: Cell<u64>,
    /// Reconnect attempts since the last hello.
    attempt: Cell<u32>,
    /// Set when the page unmounts or the relay refuses the page for good
    /// (another protocol version): no more reconnects.
    done: Cell<bool>,
    /// Why the relay refused the last handshake, to show instead of "the
    /// connection was lost" when it then closes the socket.
    refusal: RefCell<Option<String>>,
    /// Commands Python code waits on.
    calls: Calls,
    /// The relay of a group this page's session is on (its hello's
    /// `relay_id`), or must reach (a join link's room); `None` when the
    /// relay is alone. Reconnects go to `/relay/<id>/ws`.
    relay_id: RefCell<Option<String>>,
    /// Commands held while the page moves to another relay of the group,
    /// sent after its hello (a `join_room` for a room on that relay).
    after_hello: RefCell<Vec<Command>>,
    /// Whether the open WebSocket has had its hello.
    greeted: Cell<bool>,
    /// The token came with the tab across a reload and no relay has
    /// answered it yet: its relay may be gone (see [`give_up_relay`]).
    carried: Cell<bool>,
}

impl Link {
    fn hello(&self) -> Command {
        let resume = self.token.borrow().clone().map(|token| Resume {
            token,
            last_seq: self.last_seq.get(),
        });
        Command {
            id: 0,
            seen: None,
            origin: None,
            op: Op::Hello {
                version: shared::PROTOCOL_VERSION,
                resume,
            },
        }
    }
}

/// Opens (or reopens) the WebSocket and wires its events to the reducer.
fn open(link: Rc<Link>, dispatcher: UseReducerDispatcher<State>) {
    // Already open: a page restored from the back-forward cache may have
    // reopened before a reconnect its WebSocket's close had scheduled.
    if link.done.get() || link.conn.borrow().is_some() {
        return;
    }
    let on_event = {
        let link = link.clone();
        let dispatcher = dispatcher.clone();
        Callback::from(move |e: WsEvent| on_ws_event(&link, &dispatcher, e))
    };
    link.greeted.set(false);
    let path = playground::route::ws_path(link.relay_id.borrow().as_deref());
    let opened =
        ws::page_relay_url(&path).and_then(|url| ws::connect(&url, link.hello(), on_event));
    match opened {
        Ok(conn) => *link.conn.borrow_mut() = Some(conn),
        Err(reason) => dispatcher.dispatch(Action::Stopped(reason)),
    }
}

fn on_ws_event(link: &Rc<Link>, dispatcher: &UseReducerDispatcher<State>, e: WsEvent) {
    match e {
        WsEvent::Event(event) => {
            match &event.body {
                Body::Hello(hello) => {
                    *link.token.borrow_mut() = Some(hello.resume_token.clone());
                    *link.relay_id.borrow_mut() = hello.relay_id.clone();
                    link.greeted.set(true);
                    link.carried.set(false);
                    link.attempt.set(0);
                    if hello.resumed {
                        // The replay follows this hello at once; whatever
                        // is still unanswered after it was lost in the drop.
                        let dispatcher = dispatcher.clone();
                        let calls = link.calls.clone();
                        let before_ms = now_ms();
                        spawn_local(async move {
                            sleep(SETTLE_AFTER_RESUME).await;
                            calls.lose_sent_before(
                                before_ms,
                                "the call was lost when the connection to the relay dropped",
                            );
                            dispatcher.dispatch(Action::SettleUnanswered { before_ms });
                        });
                    }
                    if !hello.resumed {
                        link.last_seq.set(event.seq);
                    }
                    // Ask for the services' activity (connections from
                    // outside tools too), after every hello: it is cheap and
                    // does not depend on what a resumed session remembers.
                    if let Some(conn) = link.conn.borrow().as_ref() {
                        let _ = conn.send(Command {
                            id: 0,
                            seen: None,
                            origin: None,
                            op: Op::WatchServices { on: true },
                        });
                        for held in link.after_hello.borrow_mut().drain(..) {
                            let _ = conn.send(held);
                        }
                    }
                }
                Body::Rejected {
                    reason:
                        reason @ (Rejection::VersionMismatch { .. } | Rejection::Handshake { .. }),
                    ..
                } => {
                    // Retrying cannot help: a reload (a newer page) can.
                    link.done.set(true);
                    dispatcher.dispatch(Action::Stopped(reason.to_string()));
                }
                Body::Rejected {
                    reason: reason @ Rejection::Limit { .. },
                    id: Some(0),
                } => {
                    // The relay is full (sessions); it closes the socket and
                    // the page tries again later, saying why.
                    *link.refusal.borrow_mut() = Some(reason.to_string());
                }
                Body::Rejected {
                    reason: Rejection::ResumeFailed { .. },
                    ..
                } => {
                    // The session is gone: start a new one on this socket.
                    // Its sockets are gone too, and with them any call a
                    // script was waiting in.
                    link.calls
                        .lose_all("the relay ended the session while the page was away");
                    *link.token.borrow_mut() = None;
                    if let Some(conn) = link.conn.borrow().as_ref() {
                        let _ = conn.send(link.hello());
                    }
                }
                Body::Closing { reason } => {
                    // The session is over: there is nothing to resume, now
                    // or after a reload.
                    *link.token.borrow_mut() = None;
                    link.calls.lose_all(reason);
                    link.last_seq.set(link.last_seq.get().max(event.seq));
                }
                _ => link.last_seq.set(link.last_seq.get().max(event.seq)),
            }
            link.calls.settle(&event.body);
            dispatcher.dispatch(Action::Received {
                event,
                at_ms: now_ms(),
            });
        }
        WsEvent::Undecodable(detail) => dispatcher.dispatch(Action::Undecodable(detail)),
        WsEvent::SendFailed { id, reason } => {
            link.calls.answer(id, Answer::Lost(reason.clone()));
            dispatcher.dispatch(Action::NotSent { id, reason });
        }
        WsEvent::Closed(reason) => {
            drop(link.conn.borrow_mut().take());
            if link.done.get() {
                return;
            }
            give_up_relay(link, dispatcher);
            let attempt = link.attempt.get() + 1;
            link.attempt.set(attempt);
            let reason = link.refusal.borrow_mut().take().unwrap_or(reason);
            dispatcher.dispatch(Action::Reconnecting { attempt, reason });
            let link = link.clone();
            let dispatcher = dispatcher.clone();
            spawn_local(async move {
                sleep(backoff(attempt)).await;
                open(link, dispatcher);
            });
        }
    }
}

/// After a WebSocket to `/relay/<id>/ws` closed before its hello, with no
/// session to resume there: there is no relay `<id>` behind this address
/// (a mistyped code's first letter, or a lone relay behind a proxy that
/// routes only `/ws`), so the page goes back to any relay, and the
/// command it moved for fails with the reason. A page with a session keeps
/// trying its own relay: that one did exist. A session carried across a
/// reload is given up instead: its relay may be gone for good (a smaller
/// group), and a new session on any relay beats retrying forever.
fn give_up_relay(link: &Rc<Link>, dispatcher: &UseReducerDispatcher<State>) {
    if link.greeted.get() {
        return;
    }
    if link.token.borrow().is_some() {
        // (A lone relay has no id: there is nowhere else to try.)
        if link.relay_id.borrow().is_none() || !link.carried.replace(false) {
            return;
        }
        *link.token.borrow_mut() = None;
    }
    let Some(id) = link.relay_id.borrow_mut().take() else {
        return;
    };
    for held in link.after_hello.borrow_mut().drain(..) {
        dispatcher.dispatch(Action::NotSent {
            id: held.id,
            reason: format!(
                "no relay {id} answers at this address, so there is no room whose code starts with {id} here: check the code"
            ),
        });
    }
}

/// Moves the page to relay `target` of a group (a room lives there): a new
/// session on that relay, then `command`. The old session's sockets close
/// when its grace period ends, as after any page that went away.
fn move_to_relay(
    link: &Rc<Link>,
    dispatcher: &UseReducerDispatcher<State>,
    target: String,
    command: Command,
) {
    link.calls.lose_all(&format!(
        "the page moved to relay {target}, where the room is"
    ));
    *link.token.borrow_mut() = None;
    dispatcher.dispatch(Action::MovingRelay {
        relay: target.clone(),
        id: command.id,
    });
    *link.relay_id.borrow_mut() = Some(target);
    // `seen` counted the old session's events; the new one starts afresh.
    link.after_hello.borrow_mut().push(Command {
        seen: None,
        ..command
    });
    drop(link.conn.borrow_mut().take());
    open(link.clone(), dispatcher.clone());
}

/// The session the tab carried across a reload, taken out of storage so a
/// tab copied from this one while it lives finds none ([`reload`]).
fn take_carried() -> Option<Carried> {
    let storage = tab_storage()?;
    let text = storage.get_item(reload::STORAGE_KEY).ok()??;
    let _ = storage.remove_item(reload::STORAGE_KEY);
    Carried::decode(&text)
}

/// Puts the session in the tab's storage as the page goes away, for the
/// page that replaces it (a reload).
fn carry(link: &Link, next_id: u64) {
    let Some(token) = link.token.borrow().clone() else {
        return;
    };
    let carried = Carried {
        token,
        relay_id: link.relay_id.borrow().clone(),
        next_id,
    };
    if let Some(storage) = tab_storage() {
        let _ = storage.set_item(reload::STORAGE_KEY, &carried.encode());
    }
}

/// Connects to the relay of the page's own origin and returns the handle.
#[hook]
pub fn use_relay() -> RelayHandle {
    let state = use_reducer(State::default);
    let link = use_mut_ref(|| Rc::new(Link::default())).borrow().clone();
    // Command ids: 0 is the handshake, learners' commands count from 1.
    let next_id = use_mut_ref(|| 1_u64);

    {
        let dispatcher = state.dispatcher();
        let link = link.clone();
        let next_id = next_id.clone();
        use_effect_with((), move |_| {
            if let Some(carried) = take_carried() {
                // A reload: resume the session the tab had, on its relay,
                // and number commands on from where the old page stopped.
                *link.token.borrow_mut() = Some(carried.token);
                *link.relay_id.borrow_mut() = carried.relay_id;
                link.carried.set(true);
                *next_id.borrow_mut() = carried.next_id;
                dispatcher.dispatch(Action::Reloaded {
                    first_id: carried.next_id,
                });
            } else {
                // A join link goes straight to its room's relay.
                let fragment = web_sys::window().and_then(|w| w.location().hash().ok());
                *link.relay_id.borrow_mut() = fragment
                    .and_then(|f| playground::room::code_from_fragment(&f))
                    .and_then(|code| playground::route::room_relay(&code));
            }
            // Going away (a reload, another address): keep the session for
            // the next page and close the WebSocket now, so the relay's grace
            // period starts at once. A page the browser keeps in its
            // back-forward cache comes back with `pageshow`: it takes the
            // token out of storage again and reconnects.
            let listeners = web_sys::window().map(|w| {
                let hidden = {
                    let (link, next_id) = (link.clone(), next_id.clone());
                    gloo_events::EventListener::new(&w, "pagehide", move |_| {
                        carry(&link, *next_id.borrow());
                        drop(link.conn.borrow_mut().take());
                    })
                };
                let shown = {
                    let (link, dispatcher) = (link.clone(), dispatcher.clone());
                    gloo_events::EventListener::new(&w, "pageshow", move |e| {
                        let restored = e
                            .dyn_ref::<web_sys::PageTransitionEvent>()
                            .is_some_and(web_sys::PageTransitionEvent::persisted);
                        if restored && link.conn.borrow().is_none() {
                            drop(take_carried());
                            open(link.clone(), dispatcher.clone());
                        }
                    })
                };
                (hidden, shown)
            });
            open(link.clone(), dispatcher);
            move || {
                drop(listeners);
                link.done.set(true);
                drop(link.conn.borrow_mut().take());
            }
        });
    }

    let fresh_id = {
        let next_id = next_id.clone();
        move || {
            let mut next = next_id.borrow_mut();
            let id = *next;
            *next += 1;
            id
        }
    };

    let send = {
        let dispatcher = state.dispatcher();
        let link = link.clone();
        let fresh_id = fresh_id.clone();
        use_callback((), move |op: Op, _| {
            let command = Command {
                id: fresh_id(),
                op,
                // The last event seen: the relay then knows which commands
                // were sent before the page could see a socket waiting (they
                // queue) and which after (busy, or close cancels).
                seen: Some(link.last_seq.get()),
                origin: None,
            };
            let id = command.id;
            dispatcher.dispatch(Action::Sent {
                command: command.clone(),
                at_ms: now_ms(),
            });
            if let Op::JoinRoom { code, .. } = &command.op {
                let current = link.relay_id.borrow().clone();
                if let Some(target) = playground::route::move_for_room(code, current.as_deref()) {
                    move_to_relay(&link, &dispatcher, target, command);
                    return id;
                }
            }
            let sent = match link.conn.borrow().as_ref() {
                Some(conn) => conn.send(command),
                None => Err("not connected to the relay".into()),
            };
            if let Err(reason) = sent {
                dispatcher.dispatch(Action::NotSent { id, reason });
            }
            id
        })
    };

    let call = {
        let dispatcher = state.dispatcher();
        let link = link.clone();
        let fresh_id = fresh_id.clone();
        use_callback((), move |call: PyCall, _| {
            let command = Command {
                id: fresh_id(),
                op: call.op,
                seen: Some(link.last_seq.get()),
                // For a teacher's spotlight: the student's own line.
                origin: call.origin.clone().filter(|_| call.origin_is_source),
            };
            let id = command.id;
            link.calls.expect(id, now_ms(), call.reply);
            dispatcher.dispatch(Action::Sent {
                command: command.clone(),
                at_ms: now_ms(),
            });
            if let Some(text) = call.origin {
                dispatcher.dispatch(Action::Origin { id, text });
            }
            let sent = match link.conn.borrow().as_ref() {
                Some(conn) => conn.send(command),
                None => Err("not connected to the relay".into()),
            };
            if let Err(reason) = sent {
                link.calls.answer(id, Answer::Lost(reason.clone()));
                dispatcher.dispatch(Action::NotSent { id, reason });
            }
        })
    };

    let raise = {
        let dispatcher = state.dispatcher();
        use_callback((), move |(line, error): (String, PyError), _| {
            dispatcher.dispatch(Action::RaisedLocally {
                id: fresh_id(),
                line,
                error,
                at_ms: now_ms(),
            });
        })
    };

    let dispatch = {
        let dispatcher = state.dispatcher();
        use_callback((), move |action: Action, _| dispatcher.dispatch(action))
    };

    RelayHandle {
        state,
        send,
        raise,
        dispatch,
        call,
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn backoff_grows_then_caps() {
        assert_eq!(backoff(1), Duration::from_millis(250));
        assert_eq!(backoff(2), Duration::from_millis(500));
        assert_eq!(backoff(4), Duration::from_millis(2_000));
        assert_eq!(backoff(6), Duration::from_millis(5_000));
        assert_eq!(backoff(60), Duration::from_millis(5_000));
    }
}
