//! Live sessions by resume token, so a page that lost its WebSocket can
//! find its session again. Tokens are 128-bit random secrets: knowing one is
//! what lets a connection take over a session and its sockets.

use rand::RngCore;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

use super::reads::ReadBudget;
use super::Inbound;

/// A session's read budget, shared by whichever connection serves it, so
/// reconnecting does not refill it.
pub type SharedBudget = Arc<Mutex<ReadBudget>>;

/// What a connection needs to serve a session.
#[derive(Clone, Debug)]
pub struct Handle {
    /// The session's inbox.
    pub inbox: mpsc::Sender<Inbound>,
    /// Its read budget.
    pub reads: SharedBudget,
}

/// Token → session.
#[derive(Debug, Default)]
pub struct Registry {
    /// A std mutex: lookups and inserts are tiny and never span an `.await`.
    sessions: Mutex<HashMap<String, Handle>>,
}

impl Registry {
    /// Registers a session.
    pub fn insert(&self, token: String, handle: Handle) {
        self.lock().insert(token, handle);
    }

    /// Forgets a session (it ended).
    pub fn remove(&self, token: &str) {
        self.lock().remove(token);
    }

    /// A live session.
    pub fn get(&self, token: &str) -> Option<Handle> {
        self.lock()
            .get(token)
            .filter(|h| !h.inbox.is_closed())
            .cloned()
    }

    /// How many sessions are registered.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no session is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Handle>> {
        match self.sessions.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

/// A fresh unguessable token (32 hex digits).
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_long() {
        let a = new_token();
        let b = new_token();
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }

    #[tokio::test]
    async fn sessions_are_found_until_removed() {
        let r = Registry::default();
        let (tx, _rx) = mpsc::channel(1);
        let reads = Arc::new(Mutex::new(ReadBudget::new(
            &crate::config::LimitsConfig::default(),
            std::time::Instant::now(),
        )));
        r.insert("t".into(), Handle { inbox: tx, reads });
        assert!(r.get("t").is_some());
        assert!(r.get("u").is_none());
        r.remove("t");
        assert!(r.is_empty());
    }
}
