//! What an op may consult besides its socket: the relay's policy, the ports
//! a target may have, limits and metrics. One `RelayEnv` per relay; one
//! `SessionEnv` per session adds the ports its own sockets have bound.

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
    /// The relay's classrooms.
    pub rooms: crate::rooms::Rooms,
}

/// Per-session context.
#[derive(Debug, Clone)]
pub struct SessionEnv {
    /// The relay's context.
    pub relay: Arc<RelayEnv>,
    /// Addresses bound by this session's sockets (with their types): in
    /// the shared profile a learner may reach their own listeners and their
    /// room's, nobody else's. Whole addresses, not ports: binding
    /// 127.0.0.2:P must not open 127.0.0.1:P, where another program may
    /// listen. A std mutex: tiny critical sections, never held across
    /// `.await`.
    pub bound: crate::rooms::Bound,
    /// The room the session is in, if any.
    pub room: Arc<Mutex<Option<crate::rooms::Membership>>>,
}

impl SessionEnv {
    /// A fresh session's context.
    pub fn new(relay: Arc<RelayEnv>) -> Self {
        SessionEnv {
            relay,
            bound: Arc::default(),
            room: Arc::default(),
        }
    }

    /// The session's room membership, if any.
    pub fn membership(&self) -> Option<crate::rooms::Membership> {
        crate::rooms::lock(&self.room).clone()
    }

    /// Records that a socket of this session bound `addr`.
    pub fn add_bound(&self, addr: SocketAddr, kind: shared::SockType) {
        self.addrs().insert(addr, kind);
        if let Some(m) = self.membership() {
            m.room.touch();
        }
    }

    /// Forgets `addr` when the socket that bound it closes.
    pub fn remove_bound(&self, addr: SocketAddr) {
        self.addrs().remove(&addr);
        if let Some(m) = self.membership() {
            m.room.touch();
        }
    }

    fn addrs(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::BTreeMap<SocketAddr, shared::SockType>> {
        crate::rooms::lock(&self.bound)
    }

    /// Whether the policy lets this session's sockets reach `target`.
    ///
    /// # Errors
    ///
    /// The policy's explanation.
    pub fn check_connect(&self, target: SocketAddr) -> Result<(), PolicyError> {
        // Our own ports, but only where they were bound for this very
        // address (or the wildcard, which the local profile allows).
        let mut session: Vec<u16> = self
            .addrs()
            .keys()
            .filter(|a| a.ip() == target.ip() || a.ip().is_unspecified())
            .map(|a| a.port())
            .collect();
        // In a room: every member's ports too (never another room's).
        if let Some(m) = self.membership() {
            session.extend(m.room.ports_on(target.ip()));
        }
        let known = KnownPorts {
            services: &self.relay.service_ports,
            session: &session,
        };
        self.relay.policy.check_connect(target, &known)
    }
}
