//! Which client a connection is, behind a reverse proxy.
//!
//! Behind a TLS proxy every page's connection comes from the proxy's
//! address, so per-address limits (`--max-sessions-per-ip`) would count a
//! whole class as one client. For connections from a proxy the operator
//! trusts (`--trust-proxy`), the client is read from `X-Forwarded-For`: the
//! right-most address that is not itself a trusted proxy (a client can
//! write anything at the left of the header, but not what the proxies
//! append). From anyone else the header is ignored.

use std::net::IpAddr;
use std::str::FromStr;

/// A trusted proxy: one address or a network (`10.0.0.0/8`, `fd00::/8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrustedNet {
    net: IpAddr,
    prefix: u8,
}

impl TrustedNet {
    /// Whether `ip` is in it (IPv4-mapped IPv6 addresses as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.net, ip.to_canonical()) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for TrustedNet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (ip, prefix) = match s.trim().split_once('/') {
            Some((ip, p)) => (ip, Some(p)),
            None => (s.trim(), None),
        };
        let net: IpAddr = ip.trim_matches(['[', ']']).parse().map_err(|_| {
            format!("{s:?} is not an IP address or network (like 10.0.0.1 or 10.0.0.0/8)")
        })?;
        let net = net.to_canonical();
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{s:?}: the prefix length must be 0-{max}"))?,
            None => max,
        };
        Ok(TrustedNet { net, prefix })
    }
}

/// The client a connection from `peer` stands for.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[TrustedNet]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|t| t.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let Some(header) = forwarded_for else {
        return peer;
    };
    let mut client = peer;
    for hop in header.rsplit(',') {
        let hop = hop.trim().trim_matches(['[', ']']);
        // `1.2.3.4:5678` and `[::1]:5678` forms carry a port.
        let ip = hop.parse::<IpAddr>().ok().or_else(|| {
            hop.rsplit_once(':')
                .and_then(|(h, _)| h.trim_matches(['[', ']']).parse().ok())
        });
        let Some(ip) = ip else {
            // Garbage: stop at the last address a trusted hop vouched for.
            return client;
        };
        client = ip;
        if !is_trusted(ip) {
            return ip;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<TrustedNet> {
        list.iter().map(|s| s.parse().expect("net")).collect()
    }

    #[test]
    fn only_trusted_proxies_are_believed() {
        let trusted = nets(&["10.0.0.5", "192.168.0.0/16"]);
        let proxy: IpAddr = "10.0.0.5".parse().expect("ip");
        let stranger: IpAddr = "203.0.113.9".parse().expect("ip");
        let student: IpAddr = "198.51.100.7".parse().expect("ip");
        // A stranger's header is ignored.
        assert_eq!(
            client_ip(stranger, Some("198.51.100.7"), &trusted),
            stranger
        );
        // From the proxy: the right-most untrusted hop.
        assert_eq!(client_ip(proxy, Some("198.51.100.7"), &trusted), student);
        assert_eq!(
            client_ip(proxy, Some("1.1.1.1, 198.51.100.7, 192.168.3.4"), &trusted),
            student,
            "the left part is the client's own claim; the proxies' hops are skipped"
        );
        assert_eq!(
            client_ip(proxy, Some("[2001:db8::7]:443"), &trusted),
            "2001:db8::7".parse::<IpAddr>().expect("ip")
        );
        assert_eq!(
            client_ip(proxy, Some("198.51.100.7:5555"), &trusted),
            student
        );
        assert_eq!(client_ip(proxy, None, &trusted), proxy);
        assert_eq!(client_ip(proxy, Some("not an address"), &trusted), proxy);
        // Without any trusted proxy, nothing changes.
        assert_eq!(client_ip(proxy, Some("198.51.100.7"), &[]), proxy);
    }

    #[test]
    fn networks_parse_and_match() {
        let n: TrustedNet = "192.168.0.0/16".parse().expect("net");
        assert!(n.contains("192.168.44.1".parse().expect("ip")));
        assert!(n.contains("::ffff:192.168.1.1".parse().expect("ip")));
        assert!(!n.contains("192.169.0.1".parse().expect("ip")));
        let all: TrustedNet = "0.0.0.0/0".parse().expect("net");
        assert!(all.contains("8.8.8.8".parse().expect("ip")));
        let v6: TrustedNet = "fd00::/8".parse().expect("net");
        assert!(v6.contains("fd12::1".parse().expect("ip")));
        assert!("10.0.0.0/33".parse::<TrustedNet>().is_err());
        assert!("proxy.example".parse::<TrustedNet>().is_err());
    }
}
