//! The handshake: what the relay tells a page when it connects.

use serde::{Deserialize, Serialize};

/// Which safety rules are in force (see `DESIGN.md`, principle 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// The relay listens on loopback only: a learner may bind any local
    /// address and connect to any loopback port.
    Local,
    /// The relay listens on a network address: loopback-only binds in a port
    /// range, connects only to the relay's services and the session's own
    /// sockets.
    Shared,
}

/// The limits in force, so the page can show "3 of 16 sockets".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Open sockets per session.
    pub max_sockets: u32,
    /// Bytes of payload in one op.
    pub max_payload: u32,
    /// Bytes in one WebSocket message.
    pub max_message: u32,
    /// Sustained ops per second per session.
    pub ops_per_second: u32,
    /// Ops allowed in a burst above that rate.
    pub ops_burst: u32,
    /// Payload bytes per second per session, sent and received together.
    #[serde(default)]
    pub bytes_per_second: u32,
    /// Payload bytes per second of a room's members together.
    #[serde(default)]
    pub room_bytes_per_second: u32,
    /// Bytes of events the relay buffers for a slow or absent page.
    pub max_buffered_bytes: u64,
    /// Seconds a dropped session's sockets stay open for a resume.
    pub grace_secs: u64,
    /// Seconds without any op before a session is closed.
    pub idle_secs: u64,
    /// Lowest port a learner may bind (0 is always allowed).
    pub bind_port_min: u16,
    /// Highest port a learner may bind.
    pub bind_port_max: u16,
}

/// Transport of a relay service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceProto {
    /// A TCP listener.
    Tcp,
    /// A UDP socket.
    Udp,
}

/// One of the relay's own services (echo, discard, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceInfo {
    /// Short name, e.g. `echo`.
    pub name: String,
    /// TCP or UDP.
    pub proto: ServiceProto,
    /// The address it listens on.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// What it does, in one sentence.
    pub description: String,
}

/// The relay's greeting, the answer to the `hello` op.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hello {
    /// The relay's [`crate::PROTOCOL_VERSION`].
    pub version: u32,
    /// The relay's crate version, for bug reports.
    pub relay: String,
    /// A short public id of the session, for logs and the page.
    pub session: String,
    /// Secret that lets this page resume the session after a drop.
    pub resume_token: String,
    /// Whether this hello resumed an earlier session.
    pub resumed: bool,
    /// Which rules are in force.
    pub profile: Profile,
    /// The limits in force.
    pub limits: Limits,
    /// The relay's services.
    pub services: Vec<ServiceInfo>,
    /// This relay's id when several run behind one proxy (`--relay-id`):
    /// the page reconnects through `/relay/<id>/ws` so a resume reaches the
    /// relay holding its session, and joins a room through the relay its
    /// code names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay_id: Option<String>,
}
