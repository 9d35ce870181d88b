//! Connections that outlive their descriptor (C10).
//!
//! After `close()` a TCP connection goes on in the kernel: `FIN_WAIT2` until
//! the peer closes too, then `TIME_WAIT` for about a minute, holding its
//! port so that a new socket cannot `bind` it without `SO_REUSEADDR`. The
//! descriptor is gone, so `TCP_INFO` cannot see this; `/proc/net/tcp` (and
//! `tcp6`) can, by address pair. [`Lingering`] remembers the address pairs
//! of a session's closed TCP sockets and reports their kernel state until
//! the kernel forgets them.

use shared::{LingeringConn, SockAddr, SocketId, TcpState};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// One line of `/proc/net/tcp{,6}`: local address, remote address, state.
pub type ProcEntry = (SocketAddr, SocketAddr, u8);

/// Parses the text of `/proc/net/tcp` or `/proc/net/tcp6` (the header line
/// and malformed lines are skipped).
///
/// Addresses are hex words in host byte order: IPv4 as one 32-bit word
/// (`0100007F` is 127.0.0.1 on a little-endian machine), IPv6 as four of
/// them; ports are plain hex numbers (`1F90` is 8080).
pub fn parse(text: &str) -> Vec<ProcEntry> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split_whitespace().skip(1);
            let local = addr(fields.next()?)?;
            let remote = addr(fields.next()?)?;
            let state = u8::from_str_radix(fields.next()?, 16).ok()?;
            Some((local, remote, state))
        })
        .collect()
}

fn addr(field: &str) -> Option<SocketAddr> {
    let (ip, port) = field.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    // The kernel printed the word as it sits in memory, network order
    // bytes read as a host-order integer: its native bytes are the address.
    let word = |hex: &str| u32::from_str_radix(hex, 16).ok().map(u32::to_ne_bytes);
    let ip = match ip.len() {
        8 => IpAddr::V4(Ipv4Addr::from(word(ip)?)),
        32 => {
            let mut octets = [0u8; 16];
            for i in 0..4 {
                let w = word(ip.get(i * 8..i * 8 + 8)?)?;
                octets[i * 4..i * 4 + 4].copy_from_slice(&w);
            }
            IpAddr::V6(Ipv6Addr::from(octets))
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

/// Every TCP connection of the relay's network namespace, IPv4 and IPv6.
fn read_all() -> Vec<ProcEntry> {
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .flat_map(|text| parse(&text))
        .collect()
}

/// The states of a connection whose descriptor was closed.
const AFTER_CLOSE: [TcpState; 5] = [
    TcpState::FinWait1,
    TcpState::FinWait2,
    TcpState::Closing,
    TcpState::LastAck,
    TcpState::TimeWait,
];

/// The closed sockets' connections a session follows.
#[derive(Debug, Default)]
pub struct Lingering {
    tracked: Vec<(SocketId, SocketAddr, SocketAddr)>,
    last: Vec<LingeringConn>,
}

impl Lingering {
    /// Follows the connection `local`–`peer` of the just-closed `sock`.
    pub fn track(&mut self, sock: SocketId, local: SocketAddr, peer: SocketAddr) {
        self.tracked.push((sock, local, peer));
    }

    /// Whether anything is followed (and so worth polling).
    pub fn is_empty(&self) -> bool {
        self.tracked.is_empty()
    }

    /// Reads the kernel's table and returns the new list if it changed.
    pub fn poll(&mut self) -> Option<Vec<LingeringConn>> {
        self.update(&read_all())
    }

    /// [`Lingering::poll`] with the table given: pairs the kernel no longer
    /// has are forgotten.
    pub fn update(&mut self, table: &[ProcEntry]) -> Option<Vec<LingeringConn>> {
        let mut now = Vec::new();
        self.tracked.retain(|(sock, local, peer)| {
            // Only the states a connection passes through after close(): a
            // new connection that happens to reuse the same address pair
            // (ESTABLISHED, …) is not the closed socket's.
            let state = table
                .iter()
                .find(|(l, r, _)| same(l, local) && same(r, peer))
                .and_then(|(_, _, st)| TcpState::from_kernel(*st))
                .filter(|st| AFTER_CLOSE.contains(st));
            if let Some(state) = state {
                now.push(LingeringConn {
                    sock: *sock,
                    local: to_sockaddr(*local),
                    peer: to_sockaddr(*peer),
                    state,
                });
            }
            state.is_some()
        });
        (now != self.last).then(|| {
            self.last = now.clone();
            now
        })
    }
}

/// The same endpoint, treating `::ffff:a.b.c.d` and `a.b.c.d` as one.
fn same(a: &SocketAddr, b: &SocketAddr) -> bool {
    let canon = |ip: IpAddr| match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    a.port() == b.port() && canon(a.ip()) == canon(b.ip())
}

fn to_sockaddr(a: SocketAddr) -> SockAddr {
    SockAddr {
        ip: a.ip().to_string(),
        port: a.port(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TCP: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1388 0100007F:1770 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000
   1: 0100007F:1770 0100007F:1388 09 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 20 4 0 10 -1
   2: garbage
";
    const TCP6: &str = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:C350 05 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000
";

    fn v4(port: u16) -> SocketAddr {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)
    }

    #[test]
    #[cfg(target_endian = "little")] // the sample lines come from an x86 machine
    fn parses_ipv4_and_ipv6_lines() {
        assert_eq!(
            parse(TCP),
            vec![(v4(5000), v4(6000), 6), (v4(6000), v4(5000), 9)]
        );
        let six = SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), 8080);
        let six_peer = SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), 50000);
        assert_eq!(parse(TCP6), vec![(six, six_peer, 5)]);
    }

    #[test]
    fn reports_changes_and_forgets_what_the_kernel_forgot() {
        let mut l = Lingering::default();
        assert!(l.is_empty());
        l.track(SocketId(3), v4(5000), v4(6000));
        let table = parse(TCP);
        let first = l.update(&table);
        assert_eq!(
            first.as_deref().map(|c| (c[0].sock, c[0].state)),
            Some((SocketId(3), TcpState::TimeWait))
        );
        assert_eq!(l.update(&table), None, "no change, no report");
        assert_eq!(l.update(&[]), Some(vec![]), "gone: one empty report");
        assert!(l.is_empty());
        assert_eq!(l.update(&[]), None);
    }

    #[test]
    fn a_new_connection_on_the_same_pair_is_not_the_closed_one() {
        let mut l = Lingering::default();
        l.track(SocketId(3), v4(5000), v4(6000));
        // ESTABLISHED (1): some other socket's connection now.
        assert_eq!(l.update(&[(v4(5000), v4(6000), 1)]), None);
        assert!(l.is_empty(), "the closed one is gone");
    }

    #[test]
    fn an_ipv4_mapped_address_matches_its_ipv4_form() {
        let mapped = SocketAddr::new(IpAddr::V6(Ipv4Addr::LOCALHOST.to_ipv6_mapped()), 5000);
        assert!(same(&mapped, &v4(5000)));
        assert!(!same(&v4(5001), &v4(5000)));
    }
}
