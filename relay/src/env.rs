//! What an op may consult besides its socket: the relay's policy, the ports
//! a target may have, limits and metrics. One `RelayEnv` per relay; one
//! `SessionEnv` per session adds the ports its own sockets have bound.

use std::collections::BTreeSet;
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
    /// Ports bound by this session's sockets: in the shared profile a
    /// learner may reach their own listeners, nobody else's. A std mutex:
    /// tiny critical sections, never held across `.await`.
    pub bound_ports: Arc<Mutex<BTreeSet<u16>>>,
}

impl SessionEnv {
    /// A fresh session's context.
    pub fn new(relay: Arc<RelayEnv>) -> Self {
        SessionEnv {
            relay,
            bound_ports: Arc::new(Mutex::new(BTreeSet::new())),
        }
    }

    /// Records that a socket of this session bound `port`.
    pub fn add_bound_port(&self, port: u16) {
        self.ports().insert(port);
    }

    /// Forgets `port` when the socket that bound it closes.
    pub fn remove_bound_port(&self, port: u16) {
        self.ports().remove(&port);
    }

    fn ports(&self) -> std::sync::MutexGuard<'_, BTreeSet<u16>> {
        match self.bound_ports.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Whether the policy lets this session's sockets reach `target`.
    ///
    /// # Errors
    ///
    /// The policy's explanation.
    pub fn check_connect(&self, target: std::net::SocketAddr) -> Result<(), PolicyError> {
        let session: Vec<u16> = self.ports().iter().copied().collect();
        let known = KnownPorts {
            services: &self.relay.service_ports,
            session: &session,
        };
        self.relay.policy.check_connect(target, &known)
    }
}
