//! What an op may consult besides its socket: the relay's policy, the ports
//! a target may have, limits and metrics. One `RelayEnv` per relay; one
//! `SessionEnv` per session adds the ports its own sockets have bound.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use crate::config::Config;
use crate::metrics::Metrics;
use crate::policy::{KnownPorts, Policy, PolicyError};

/// Relay-wide context, shared by every session.
#[derive(Debug)]
pub struct RelayEnv {
    /// The configuration in force.
    pub config: Config,
    /// The safety policy derived from it.
    pub policy: Policy,
    /// Ports of the relay's own services (always reachable targets).
    pub service_ports: Vec<u16>,
    /// Counters for `/metrics`.
    pub metrics: Arc<Metrics>,
}

/// Per-session context.
#[derive(Debug, Clone)]
pub struct SessionEnv {
    /// The relay's context.
    pub relay: Arc<RelayEnv>,
    /// Addresses bound by this session's sockets: in the shared profile a
    /// learner may reach their own listeners, nobody else's. Whole addresses,
    /// not ports: binding 127.0.0.2:P must not open 127.0.0.1:P, where
    /// another program may listen. A std mutex: tiny critical sections,
    /// never held across `.await`.
    pub bound: Arc<Mutex<BTreeSet<SocketAddr>>>,
}

impl SessionEnv {
    /// A fresh session's context.
    pub fn new(relay: Arc<RelayEnv>) -> Self {
        SessionEnv {
            relay,
            bound: Arc::new(Mutex::new(BTreeSet::new())),
        }
    }

    /// Records that a socket of this session bound `addr`.
    pub fn add_bound(&self, addr: SocketAddr) {
        self.addrs().insert(addr);
    }

    /// Forgets `addr` when the socket that bound it closes.
    pub fn remove_bound(&self, addr: SocketAddr) {
        self.addrs().remove(&addr);
    }

    fn addrs(&self) -> std::sync::MutexGuard<'_, BTreeSet<SocketAddr>> {
        match self.bound.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Whether the policy lets this session's sockets reach `target`.
    ///
    /// # Errors
    ///
    /// The policy's explanation.
    pub fn check_connect(&self, target: SocketAddr) -> Result<(), PolicyError> {
        // Our own ports, but only where they were bound for this very
        // address (or the wildcard, which the local profile allows).
        let session: Vec<u16> = self
            .addrs()
            .iter()
            .filter(|a| a.ip() == target.ip() || a.ip().is_unspecified())
            .map(|a| a.port())
            .collect();
        let known = KnownPorts {
            services: &self.relay.service_ports,
            session: &session,
        };
        self.relay.policy.check_connect(target, &known)
    }
}
