//! Live sessions by resume token, so a page that lost its WebSocket can
//! find its session again. Tokens are 128-bit random secrets: knowing one is
//! what lets a connection take over a session and its sockets.

use rand::RngCore;
use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::mpsc;

use super::Inbound;

/// Token → session inbox.
#[derive(Debug, Default)]
pub struct Registry {
    /// A std mutex: lookups and inserts are tiny and never span an `.await`.
    sessions: Mutex<HashMap<String, mpsc::Sender<Inbound>>>,
}

impl Registry {
    /// Registers a session.
    pub fn insert(&self, token: String, inbox: mpsc::Sender<Inbound>) {
        self.lock().insert(token, inbox);
    }

    /// Forgets a session (it ended).
    pub fn remove(&self, token: &str) {
        self.lock().remove(token);
    }

    /// The inbox of a live session.
    pub fn get(&self, token: &str) -> Option<mpsc::Sender<Inbound>> {
        self.lock().get(token).filter(|tx| !tx.is_closed()).cloned()
    }

    /// How many sessions are registered.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no session is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, mpsc::Sender<Inbound>>> {
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
        r.insert("t".into(), tx);
        assert!(r.get("t").is_some());
        assert!(r.get("u").is_none());
        r.remove("t");
        assert!(r.is_empty());
    }
}
