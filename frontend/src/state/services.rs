//! Live connections to the relay's services, from its `service` events:
//! who connected (one of the learner's sockets, or an outside tool such as
//! `nc`), bytes each way, and how it ended.

use shared::{Activity, ServiceActivity, SockAddr};
use std::collections::BTreeMap;

/// How many ended connections stay listed (the newest ones).
pub const KEEP_ENDED: usize = 12;

/// One client of one service.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceConn {
    /// The service's name.
    pub service: String,
    /// The relay's connection number.
    pub conn: u64,
    /// The client's address.
    pub peer: SockAddr,
    /// Bytes the service read.
    pub received: u64,
    /// Bytes the service wrote.
    pub sent: u64,
    /// Still open?
    pub open: bool,
    /// Ended with a reset.
    pub reset: bool,
}

/// Every service connection the page has heard of.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ServiceConns {
    conns: BTreeMap<(String, u64), ServiceConn>,
}

impl ServiceConns {
    /// Takes in one activity event.
    pub fn apply(&mut self, a: &ServiceActivity) {
        let key = (a.service.clone(), a.conn);
        let conn = self.conns.entry(key).or_insert_with(|| ServiceConn {
            service: a.service.clone(),
            conn: a.conn,
            peer: a.peer.clone(),
            received: 0,
            sent: 0,
            open: true,
            reset: false,
        });
        match a.what {
            Activity::Opened => conn.open = true,
            Activity::Received { bytes } => conn.received += bytes,
            Activity::Sent { bytes } => conn.sent += bytes,
            Activity::Closed {
                received,
                sent,
                reset,
            } => {
                conn.open = false;
                conn.received = received;
                conn.sent = sent;
                conn.reset = reset;
                self.prune();
            }
        }
    }

    /// Drops the oldest ended connections beyond [`KEEP_ENDED`].
    fn prune(&mut self) {
        let ended: Vec<(String, u64)> = self
            .conns
            .iter()
            .filter(|(_, c)| !c.open)
            .map(|(k, _)| k.clone())
            .collect();
        if ended.len() > KEEP_ENDED {
            let mut by_age = ended;
            by_age.sort_by_key(|(_, n)| *n);
            for key in by_age.iter().take(by_age.len() - KEEP_ENDED) {
                self.conns.remove(key);
            }
        }
    }

    /// The connections of one service, newest first.
    pub fn of(&self, service: &str) -> Vec<&ServiceConn> {
        let mut list: Vec<&ServiceConn> = self
            .conns
            .values()
            .filter(|c| c.service == service)
            .collect();
        list.sort_by_key(|c| std::cmp::Reverse(c.conn));
        list
    }

    /// How many connections are open now, across services.
    pub fn open_count(&self) -> usize {
        self.conns.values().filter(|c| c.open).count()
    }
}
