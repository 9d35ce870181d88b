//! Module-level resolver functions (`getaddrinfo`, `getservbyname`, …):
//! checked against the policy, then run on a blocking thread.

use shared::{Op, Outcome, PyError, Rejection, Trace, Value};
use std::time::Instant;

use super::Session;
use crate::ops::{Done, Reply, TaskMsg};

impl Session {
    /// Module-level resolver functions run on a blocking thread; their
    /// result comes back like any op's.
    pub(super) fn resolve(&mut self, id: u64, op: Op) {
        let name = op.name();
        if let Some(host) = resolver_host(&op) {
            // getfqdn('') looks up this host's own name, which may go to DNS.
            let host = match (&op, host.trim()) {
                (Op::Getfqdn { .. }, "" | "0.0.0.0" | "::") => hostname(),
                (_, h) => h.to_string(),
            };
            let checked = match (&op, host.parse::<std::net::IpAddr>()) {
                (Op::Gethostbyaddr { .. }, Ok(ip)) => {
                    self.env.relay.policy.check_reverse_resolve(ip)
                }
                _ => self.env.relay.policy.check_resolve(&host),
            };
            if let Err(e) = checked {
                return self.reject(
                    Some(id),
                    Rejection::Policy {
                        detail: e.to_string(),
                    },
                );
            }
        }
        let tx = self.task_tx.clone();
        self.actors.spawn(async move {
            let started = Instant::now();
            let joined = tokio::task::spawn_blocking(move || crate::resolver::run(&op)).await;
            let (outcome, trace) = match joined {
                Ok(Some(r)) => r,
                Ok(None) | Err(_) => (
                    Outcome::Err(PyError::plain(
                        shared::ExceptionClass::OSError,
                        format!("{name}() failed inside the relay"),
                    )),
                    Trace::default(),
                ),
            };
            let done = Done {
                id,
                op: name,
                sock: None,
                reply: Reply::Result {
                    outcome,
                    trace,
                    snapshot: None,
                    elapsed: started.elapsed(),
                },
                accepted: None,
                closed: false,
                payload: 0,
            };
            let _ = tx.send(TaskMsg::Done(Box::new(done))).await;
        });
    }
}

/// The host name a resolver op would look up, for the policy.
fn resolver_host(op: &Op) -> Option<&str> {
    match op {
        Op::Getfqdn { name } => Some(name),
        Op::Getaddrinfo { host, .. } | Op::Gethostbyname { host } => Some(host),
        Op::Gethostbyaddr { ip } => Some(ip),
        _ => None,
    }
}

/// This machine's host name (what `getfqdn('')` would look up).
fn hostname() -> String {
    match crate::resolver::run(&Op::Gethostname) {
        Some((Outcome::Ok(Value::Str(name)), _)) => name,
        _ => String::new(),
    }
}
