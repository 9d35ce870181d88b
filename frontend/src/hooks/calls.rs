//! Calls that Python code waits on: the interpreter sends an op and awaits
//! the relay's answer for that command id, while the page's model sees the
//! same events as for a clicked op.

use futures::channel::oneshot;
use shared::{Body, OpResult, Rejection};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// What became of a command Python waits on.
#[derive(Debug)]
pub enum Answer {
    /// The relay's result.
    Result(Box<OpResult>),
    /// The relay refused it.
    Rejected(Rejection),
    /// It never got an answer: not sent, or the session ended.
    Lost(String),
}

/// Command ids with someone waiting for their answer, and when each was sent
/// (page clock, ms).
#[derive(Clone, Default)]
pub struct Calls(Rc<RefCell<HashMap<u64, Waiting>>>);

/// When a call was sent (page clock, ms) and where its answer goes.
type Waiting = (f64, oneshot::Sender<Answer>);

impl PartialEq for Calls {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Calls {
    /// Waits for command `id`, sent at `sent_ms`, to be answered on `reply`.
    pub fn expect(&self, id: u64, sent_ms: f64, reply: oneshot::Sender<Answer>) {
        let mut calls = self.0.borrow_mut();
        // A stopped script dropped its receiver: nobody waits there any more.
        calls.retain(|_, (_, r)| !r.is_canceled());
        calls.insert(id, (sent_ms, reply));
    }

    /// Hands `answer` to whoever waits on `id`.
    pub fn answer(&self, id: u64, answer: Answer) {
        if let Some((_, reply)) = self.0.borrow_mut().remove(&id) {
            let _ = reply.send(answer);
        }
    }

    /// Calls sent before `before_ms` that are still unanswered after a
    /// resume never reached the relay: they are lost.
    pub fn lose_sent_before(&self, before_ms: f64, why: &str) {
        let lost: Vec<u64> = self
            .0
            .borrow()
            .iter()
            .filter(|(_, (sent, _))| *sent < before_ms)
            .map(|(id, _)| *id)
            .collect();
        for id in lost {
            self.answer(id, Answer::Lost(why.to_string()));
        }
    }

    /// Answers the command an event settles, if someone waits on it.
    pub fn settle(&self, body: &Body) {
        match body {
            Body::Result(r) => self.answer(r.id, Answer::Result(Box::new(r.clone()))),
            Body::Rejected {
                id: Some(id),
                reason,
            } => self.answer(*id, Answer::Rejected(reason.clone())),
            _ => {}
        }
    }

    /// Every waiting call is lost (the session ended).
    pub fn lose_all(&self, why: &str) {
        let waiting: Vec<_> = self.0.borrow_mut().drain().collect();
        for (_, (_, reply)) in waiting {
            let _ = reply.send(Answer::Lost(why.to_string()));
        }
    }
}
