//! `use_relay`: opens the connection to the relay when the page mounts, feeds
//! everything it reports into the [`State`] reducer, and hands out a
//! [`RelayHandle`] to read the state and send commands.
//!
//! The root component calls it once and shares the handle with a
//! `ContextProvider`; components read it with `use_context::<RelayHandle>()`.

use crate::services::ws::{self, RelayConnection, WsEvent};
use crate::state::{Action, State};
use shared::{Command, Op};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The page's view of the relay: its state and a way to send commands.
#[derive(Clone, PartialEq)]
pub struct RelayHandle {
    /// The model.
    pub state: UseReducerHandle<State>,
    /// Sends an op (the hook gives it a fresh id).
    pub send: Callback<Op>,
    /// Picks the socket the controls act on.
    pub select: Callback<shared::SocketId>,
}

impl From<WsEvent> for Action {
    fn from(e: WsEvent) -> Self {
        match e {
            WsEvent::Event(event) => Action::Received(event),
            WsEvent::Undecodable(detail) => Action::Undecodable(detail),
            WsEvent::SendFailed { id, reason } => Action::NotSent { id, reason },
            WsEvent::Closed(reason) => Action::Disconnected(reason),
        }
    }
}

/// Connects to the relay of the page's own origin and returns the handle.
#[hook]
pub fn use_relay() -> RelayHandle {
    let state = use_reducer(State::default);
    // The connection lives as long as the component; the effect's cleanup
    // drops it, which closes the WebSocket.
    let connection: Rc<RefCell<Option<RelayConnection>>> = use_mut_ref(|| None);
    // Command ids: 0 is the handshake, learners' commands count from 1.
    let next_id = use_mut_ref(|| 1_u64);
    // The last event seq received, sent with each command as `seen`: the
    // relay then knows which commands were sent before the page could see
    // a socket waiting (they queue) and which after (busy, or close cancels).
    let last_seq = use_mut_ref(|| 0_u64);

    {
        let dispatcher = state.dispatcher();
        let connection = connection.clone();
        let last_seq = last_seq.clone();
        use_effect_with((), move |_| {
            let on_event = {
                let dispatcher = dispatcher.clone();
                Callback::from(move |e: WsEvent| {
                    if let WsEvent::Event(ev) = &e {
                        let mut last = last_seq.borrow_mut();
                        *last = (*last).max(ev.seq);
                    }
                    dispatcher.dispatch(e.into())
                })
            };
            let opened = ws::page_relay_url().and_then(|url| ws::connect(&url, on_event));
            match opened {
                Ok(conn) => *connection.borrow_mut() = Some(conn),
                Err(reason) => dispatcher.dispatch(Action::Disconnected(reason)),
            }
            move || drop(connection.borrow_mut().take())
        });
    }

    let send = {
        let dispatcher = state.dispatcher();
        use_callback((), move |op: Op, _| {
            let id = {
                let mut next = next_id.borrow_mut();
                let id = *next;
                *next += 1;
                id
            };
            let command = Command {
                id,
                op,
                seen: Some(*last_seq.borrow()),
            };
            dispatcher.dispatch(Action::Sent(command.clone()));
            let sent = match connection.borrow().as_ref() {
                Some(conn) => conn.send(command),
                None => Err("not connected to the relay".into()),
            };
            if let Err(reason) = sent {
                dispatcher.dispatch(Action::NotSent { id, reason });
            }
        })
    };

    let select = {
        let dispatcher = state.dispatcher();
        use_callback((), move |id, _| dispatcher.dispatch(Action::Select(id)))
    };

    RelayHandle {
        state,
        send,
        select,
    }
}
