//! The session and relay quotas of the configuration, with their defaults
//! and the checks that they can work together.

use super::{ConfigError, MESSAGE_OVERHEAD};
use std::time::Duration;

/// The quotas of every session and of the relay (see [`crate::limits`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitsConfig {
    /// Open sockets per session.
    pub max_sockets: u32,
    /// Sessions on the whole relay.
    pub max_sessions: u32,
    /// Sessions per client address (per /64 for IPv6).
    pub max_sessions_per_ip: u32,
    /// Bytes of payload in one op.
    pub max_payload: u32,
    /// Bytes in one WebSocket message; larger than `max_payload`.
    pub max_message: u32,
    /// Sustained ops per second per session.
    pub ops_per_second: u32,
    /// Ops per session in a burst above that rate.
    pub ops_burst: u32,
    /// Payload bytes per second per session, both ways (sent by `send`,
    /// `sendall`, `sendto`; returned by `recv`, `recvfrom`): ops alone do
    /// not bound a session that sends a megabyte in each.
    pub bytes_per_second: u32,
    /// Bytes of events queued or replayable per session.
    pub max_buffered_bytes: u64,
    /// Events kept per session for a reconnecting page.
    pub replay_events: usize,
    /// How long a dropped page's sockets stay open for a resume.
    pub grace: Duration,
    /// How long a session may go without an op before it is closed.
    pub idle: Duration,
}

impl Default for LimitsConfig {
    fn default() -> LimitsConfig {
        let max_payload = 1024 * 1024;
        LimitsConfig {
            max_sockets: 16,
            max_sessions: 256,
            max_sessions_per_ip: 32,
            max_payload,
            max_message: max_payload + MESSAGE_OVERHEAD,
            ops_per_second: 100,
            ops_burst: 200,
            bytes_per_second: 8 * 1024 * 1024,
            max_buffered_bytes: 8 * 1024 * 1024,
            replay_events: 4096,
            grace: Duration::from_secs(30),
            idle: Duration::from_secs(30 * 60),
        }
    }
}

impl LimitsConfig {
    /// Checks that the limits can work together; the first problem found is
    /// returned, naming its setting.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |setting, reason: String| Err(ConfigError::Invalid { setting, reason });
        for (setting, value) in [
            ("max_sockets", self.max_sockets),
            ("max_sessions", self.max_sessions),
            ("max_sessions_per_ip", self.max_sessions_per_ip),
            ("max_payload", self.max_payload),
            ("ops_per_second", self.ops_per_second),
            ("ops_burst", self.ops_burst),
            ("bytes_per_second", self.bytes_per_second),
        ] {
            if value == 0 {
                return invalid(setting, "must be at least 1".into());
            }
        }
        if self.replay_events == 0 {
            return invalid("replay_events", "must be at least 1".into());
        }
        if self.max_message <= self.max_payload {
            return invalid(
                "max_message",
                format!(
                    "{} must be larger than max_payload ({}) so a full payload and its envelope fit in one message",
                    self.max_message, self.max_payload
                ),
            );
        }
        if self.max_buffered_bytes < u64::from(self.max_message) {
            return invalid(
                "max_buffered_bytes",
                format!(
                    "{} must be at least max_message ({}) so one full event can be buffered",
                    self.max_buffered_bytes, self.max_message
                ),
            );
        }
        if self.bytes_per_second < self.max_payload {
            return invalid(
                "bytes_per_second",
                format!(
                    "{} must be at least max_payload ({}) so one full payload fits in a second's bytes",
                    self.bytes_per_second, self.max_payload
                ),
            );
        }
        if self.idle.is_zero() {
            return invalid(
                "idle_secs",
                "must be at least 1 (0 would close every session at once)".into(),
            );
        }
        Ok(())
    }
}
