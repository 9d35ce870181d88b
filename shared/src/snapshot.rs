//! A socket's state after an op, as the kernel reports it.

use crate::address::{Family, SockAddr, SockType};
use crate::command::SocketId;
use serde::{Deserialize, Serialize};

/// TCP states, as `TCP_INFO`'s `tcpi_state` reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum TcpState {
    #[serde(rename = "ESTABLISHED")]
    Established,
    #[serde(rename = "SYN_SENT")]
    SynSent,
    #[serde(rename = "SYN_RECV")]
    SynRecv,
    #[serde(rename = "FIN_WAIT1")]
    FinWait1,
    #[serde(rename = "FIN_WAIT2")]
    FinWait2,
    #[serde(rename = "TIME_WAIT")]
    TimeWait,
    #[serde(rename = "CLOSE")]
    Close,
    #[serde(rename = "CLOSE_WAIT")]
    CloseWait,
    #[serde(rename = "LAST_ACK")]
    LastAck,
    #[serde(rename = "LISTEN")]
    Listen,
    #[serde(rename = "CLOSING")]
    Closing,
    #[serde(rename = "NEW_SYN_RECV")]
    NewSynRecv,
}

impl TcpState {
    /// The kernel's name for the state, as `ss` and `netstat` print it.
    pub fn name(self) -> &'static str {
        match self {
            TcpState::Established => "ESTABLISHED",
            TcpState::SynSent => "SYN_SENT",
            TcpState::SynRecv => "SYN_RECV",
            TcpState::FinWait1 => "FIN_WAIT1",
            TcpState::FinWait2 => "FIN_WAIT2",
            TcpState::TimeWait => "TIME_WAIT",
            TcpState::Close => "CLOSE",
            TcpState::CloseWait => "CLOSE_WAIT",
            TcpState::LastAck => "LAST_ACK",
            TcpState::Listen => "LISTEN",
            TcpState::Closing => "CLOSING",
            TcpState::NewSynRecv => "NEW_SYN_RECV",
        }
    }

    /// The state for the kernel's `tcpi_state` number (`include/net/tcp_states.h`).
    pub fn from_kernel(n: u8) -> Option<TcpState> {
        Some(match n {
            1 => TcpState::Established,
            2 => TcpState::SynSent,
            3 => TcpState::SynRecv,
            4 => TcpState::FinWait1,
            5 => TcpState::FinWait2,
            6 => TcpState::TimeWait,
            7 => TcpState::Close,
            8 => TcpState::CloseWait,
            9 => TcpState::LastAck,
            10 => TcpState::Listen,
            11 => TcpState::Closing,
            12 => TcpState::NewSynRecv,
            _ => return None,
        })
    }
}

/// A listener's accept queue: connections the kernel completed that nobody
/// has `accept`ed yet (C11).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptQueue {
    /// Connections waiting (`tcpi_unacked` on a listener).
    pub len: u32,
    /// The backlog in force (`tcpi_sacked` on a listener).
    pub backlog: u32,
}

/// Everything the page shows about one socket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SocketSnapshot {
    /// The session's handle.
    pub id: SocketId,
    /// The relay's real descriptor number (reused after close, as in any process).
    pub fd: i32,
    /// `AF_INET` or `AF_INET6`.
    pub family: Family,
    /// `SOCK_STREAM` or `SOCK_DGRAM`.
    #[serde(rename = "type")]
    pub kind: SockType,
    /// `getsockname()`, once bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<SockAddr>,
    /// `getpeername()`, once connected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer: Option<SockAddr>,
    /// `gettimeout()`: `None` blocking, `0.0` non-blocking, else seconds.
    pub timeout: Option<f64>,
    /// The TCP state from `TCP_INFO` (stream sockets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcp_state: Option<TcpState>,
    /// Bytes received and not yet read (`SIOCINQ`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recv_queue: Option<u32>,
    /// Bytes sent and not yet acknowledged by the peer (`SIOCOUTQ`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_queue: Option<u32>,
    /// The accept queue, for a listening socket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept_queue: Option<AcceptQueue>,
    /// The descriptor has been closed; the page removes the socket.
    #[serde(default)]
    pub closed: bool,
}

#[cfg(test)]
mod tests {
    use super::TcpState;

    #[test]
    fn state_names_are_the_kernel_names_on_the_wire() {
        for n in 1..=12 {
            let Some(state) = TcpState::from_kernel(n) else {
                panic!("tcpi_state {n} has no name");
            };
            let wire = serde_json::to_string(&state).unwrap_or_default();
            assert_eq!(wire, format!("\"{}\"", state.name()));
        }
        assert_eq!(TcpState::from_kernel(0), None);
    }
}
