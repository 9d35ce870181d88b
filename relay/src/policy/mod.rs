//! What a learner's socket may bind, reach and look up: the relay's safety
//! policy (`DESIGN.md`, principle 5) as pure functions.
//!
//! Nothing here opens a socket or reads a file, so every rule is unit-tested
//! with any address at all (private, link-local, public) without a single
//! packet leaving the machine. The op executor asks the [`Policy`] before each
//! `bind`, `connect`, `sendto`, `setsockopt` and name lookup, and turns a
//! [`PolicyError`] into a `Rejection::Policy` whose text the learner reads.
//!
//! # The rules
//!
//! | | local profile | shared profile |
//! |---|---|---|
//! | bind address | any (`''`, `0.0.0.0`, `::` included) | loopback only |
//! | bind port | 0 or in `bind_ports` | 0 or in `bind_ports` |
//! | connect / sendto | any loopback port | loopback, and only the relay's services or ports bound by the session |
//! | name lookup | anything | numeric addresses and `localhost` only (no DNS) |
//!
//! In both profiles the unspecified address (`0.0.0.0`, `::`), broadcast and
//! multicast are never destinations, `SO_BROADCAST` is refused, IPv4-mapped
//! IPv6 addresses (`::ffff:10.0.0.1`) are judged as the IPv4 address inside,
//! and the operator's allowlist (`--allow-connect`) widens what connect may
//! reach.

use crate::config::PolicyConfig;
use shared::{Profile, SockOpt};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::ops::RangeInclusive;
use std::str::FromStr;

/// One entry of the operator's connect allowlist: a network (one address or
/// a CIDR block) and the ports on it that learners' sockets may reach.
///
/// Rules hold IP addresses, never host names: the policy is a pure function
/// of the numeric target, and resolving names at check time would make it
/// depend on DNS answers an attacker may control.
///
/// Written as `HOST:PORT`, `HOST:*`, `HOST:LO-HI`, `[IPV6]:PORT` or with a
/// prefix length, `10.0.0.0/8:80`, `[2001:db8::/32]:443`. An IPv4-mapped IPv6
/// rule (`[::ffff:10.0.0.1]:80`) is stored as the IPv4 rule it means, because
/// targets are judged as the IPv4 address inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllowRule {
    /// An IPv4 network.
    V4 {
        /// The network address (host bits are zero).
        net: Ipv4Addr,
        /// Prefix length, 0–32 (32 is a single address).
        prefix: u8,
        /// The ports allowed on it.
        ports: RangeInclusive<u16>,
    },
    /// An IPv6 network.
    V6 {
        /// The network address (host bits are zero).
        net: Ipv6Addr,
        /// Prefix length, 0–128 (128 is a single address).
        prefix: u8,
        /// The ports allowed on it.
        ports: RangeInclusive<u16>,
    },
}

impl AllowRule {
    /// Whether this rule lets a socket reach `target`; IPv4-mapped targets are
    /// judged as the IPv4 address inside, as everywhere in the policy.
    pub fn matches(&self, target: SocketAddr) -> bool {
        let ip = target.ip().to_canonical();
        match (self, ip) {
            (AllowRule::V4 { net, prefix, ports }, IpAddr::V4(ip)) => {
                ports.contains(&target.port())
                    && u32::from(ip) & v4_mask(*prefix) == u32::from(*net)
            }
            (AllowRule::V6 { net, prefix, ports }, IpAddr::V6(ip)) => {
                ports.contains(&target.port())
                    && u128::from(ip) & v6_mask(*prefix) == u128::from(*net)
            }
            _ => false,
        }
    }

    /// Whether the rule opens every address of its family (`0.0.0.0/0`,
    /// `[::/0]`), so configuration can warn the operator about it.
    pub fn is_everything(&self) -> bool {
        matches!(
            self,
            AllowRule::V4 { prefix: 0, .. } | AllowRule::V6 { prefix: 0, .. }
        )
    }
}

/// Why an allowlist rule could not be read; the message says how to write it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AllowRuleError {
    /// No `:PORT` part.
    #[error(
        "allow rule {rule:?} has no port: write HOST:PORT, HOST:LO-HI or HOST:* (e.g. 10.0.0.5:80)"
    )]
    MissingPort {
        /// The rule as written.
        rule: String,
    },
    /// An IPv6 address without brackets: its colons hide the port.
    #[error("allow rule {rule:?}: put an IPv6 address in brackets, like [::1]:80 or [2001:db8::/32]:443")]
    UnbracketedIpv6 {
        /// The rule as written.
        rule: String,
    },
    /// A host name instead of an address.
    #[error("allow rule {rule:?} names a host: rules take IP addresses or CIDR blocks (look up {host} yourself and list its addresses)")]
    HostName {
        /// The rule as written.
        rule: String,
        /// The name found in it.
        host: String,
    },
    /// Neither an address nor a name.
    #[error("allow rule {rule:?}: {host:?} is not an IP address")]
    BadAddress {
        /// The rule as written.
        rule: String,
        /// The part that should be an address.
        host: String,
    },
    /// A prefix length that is not a number in range.
    #[error("allow rule {rule:?}: the prefix length must be 0-{max} for this address family")]
    BadPrefix {
        /// The rule as written.
        rule: String,
        /// 32 or 128.
        max: u8,
    },
    /// A CIDR block whose address has host bits set, e.g. `10.0.0.5/8`:
    /// ambiguous (a typo for `/32`? for `10.0.0.0/8`?), so refused.
    #[error("allow rule {rule:?}: the address has bits set beyond the /{prefix} prefix; did you mean {suggestion}?")]
    HostBits {
        /// The rule as written.
        rule: String,
        /// The prefix length given.
        prefix: u8,
        /// The rule with the host bits cleared.
        suggestion: String,
    },
    /// A port that is not `*`, a number 0–65535 or a range `LO-HI` with LO ≤ HI.
    #[error("allow rule {rule:?}: {ports:?} is not a port, a range LO-HI (LO <= HI) or *")]
    BadPorts {
        /// The rule as written.
        rule: String,
        /// The port part.
        ports: String,
    },
}

impl FromStr for AllowRule {
    type Err = AllowRuleError;

    fn from_str(s: &str) -> Result<AllowRule, AllowRuleError> {
        let rule = s.trim();
        let owned = || rule.to_string();
        let (host, ports) = if let Some(rest) = rule.strip_prefix('[') {
            let (inside, after) =
                rest.split_once(']')
                    .ok_or_else(|| AllowRuleError::BadAddress {
                        rule: owned(),
                        host: rule.to_string(),
                    })?;
            let ports = after
                .strip_prefix(':')
                .ok_or_else(|| AllowRuleError::MissingPort { rule: owned() })?;
            (inside, ports)
        } else {
            let (host, ports) = rule
                .rsplit_once(':')
                .ok_or_else(|| AllowRuleError::MissingPort { rule: owned() })?;
            if host.contains(':') {
                return Err(AllowRuleError::UnbracketedIpv6 { rule: owned() });
            }
            (host, ports)
        };
        let ports = parse_ports(ports).ok_or_else(|| AllowRuleError::BadPorts {
            rule: owned(),
            ports: ports.to_string(),
        })?;
        let (addr, prefix) = match host.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (host, None),
        };
        let ip: IpAddr = addr.parse().map_err(|_| {
            let looks_like_name = addr.chars().any(|c| c.is_ascii_alphabetic())
                && addr
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
            if looks_like_name {
                AllowRuleError::HostName {
                    rule: owned(),
                    host: addr.to_string(),
                }
            } else {
                AllowRuleError::BadAddress {
                    rule: owned(),
                    host: addr.to_string(),
                }
            }
        })?;
        let max = if ip.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or(AllowRuleError::BadPrefix { rule: owned(), max })?,
        };
        let parsed = match ip {
            IpAddr::V4(net) => AllowRule::V4 {
                net,
                prefix,
                ports: ports.clone(),
            },
            IpAddr::V6(net) => match net.to_ipv4_mapped() {
                Some(v4) if prefix >= 96 => AllowRule::V4 {
                    net: v4,
                    prefix: prefix - 96,
                    ports: ports.clone(),
                },
                _ => AllowRule::V6 {
                    net,
                    prefix,
                    ports: ports.clone(),
                },
            },
        };
        let masked = parsed.masked();
        if masked != parsed {
            return Err(AllowRuleError::HostBits {
                rule: owned(),
                prefix,
                suggestion: masked.to_string(),
            });
        }
        Ok(parsed)
    }
}

impl AllowRule {
    /// The same rule with the host bits of its address cleared.
    fn masked(&self) -> AllowRule {
        match self {
            AllowRule::V4 { net, prefix, ports } => AllowRule::V4 {
                net: Ipv4Addr::from(u32::from(*net) & v4_mask(*prefix)),
                prefix: *prefix,
                ports: ports.clone(),
            },
            AllowRule::V6 { net, prefix, ports } => AllowRule::V6 {
                net: Ipv6Addr::from(u128::from(*net) & v6_mask(*prefix)),
                prefix: *prefix,
                ports: ports.clone(),
            },
        }
    }
}

/// Writes the rule back in the syntax its `FromStr` impl reads, so logs
/// and the README show rules exactly as an operator would type them.
impl fmt::Display for AllowRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ports = match self {
            AllowRule::V4 { net, prefix, ports } => {
                if *prefix == 32 {
                    write!(f, "{net}")?;
                } else {
                    write!(f, "{net}/{prefix}")?;
                }
                ports
            }
            AllowRule::V6 { net, prefix, ports } => {
                if *prefix == 128 {
                    write!(f, "[{net}]")?;
                } else {
                    write!(f, "[{net}/{prefix}]")?;
                }
                ports
            }
        };
        if *ports == (0..=u16::MAX) {
            write!(f, ":*")
        } else if ports.start() == ports.end() {
            write!(f, ":{}", ports.start())
        } else {
            write!(f, ":{}-{}", ports.start(), ports.end())
        }
    }
}

/// `*`, `PORT` or `LO-HI` → the range; `None` when malformed or backwards.
fn parse_ports(s: &str) -> Option<RangeInclusive<u16>> {
    let s = s.trim();
    if s == "*" {
        return Some(0..=u16::MAX);
    }
    let (lo, hi) = match s.split_once('-') {
        Some((lo, hi)) => (lo.trim().parse().ok()?, hi.trim().parse().ok()?),
        None => {
            let p = s.parse().ok()?;
            (p, p)
        }
    };
    (lo <= hi).then_some(lo..=hi)
}

/// The netmask of an IPv4 prefix length (`/0` is all zeros).
fn v4_mask(prefix: u8) -> u32 {
    match prefix {
        0 => 0,
        p => u32::MAX << (32 - u32::from(p.min(32))),
    }
}

/// The netmask of an IPv6 prefix length (`/0` is all zeros).
fn v6_mask(prefix: u8) -> u128 {
    match prefix {
        0 => 0,
        p => u128::MAX << (128 - u32::from(p.min(128))),
    }
}

/// The relay's own ports a learner's socket may reach on a shared relay,
/// gathered by the caller because the policy itself holds no live state.
#[derive(Clone, Copy, Debug, Default)]
pub struct KnownPorts<'a> {
    /// Ports of the relay's services (echo, discard, …), as actually bound.
    pub services: &'a [u16],
    /// Ports bound by sockets of the same session (and, later, room), so
    /// learners can connect their own clients to their own servers.
    pub session: &'a [u16],
}

impl KnownPorts<'_> {
    /// Whether `port` is one of them; port 0 never is (nothing listens there).
    fn contains(&self, port: u16) -> bool {
        port != 0 && (self.services.contains(&port) || self.session.contains(&port))
    }
}

/// Why the policy refused an operation. `Display` is one sentence for the
/// learner: the rule, why it exists and who can widen it. The session sends
/// it as `Rejection::Policy { detail }` (see the `From` impl below).
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum PolicyError {
    /// A shared relay refused a bind to a wildcard or non-loopback address.
    #[error("{}", bind_exposed(*.addr))]
    BindExposed {
        /// The address asked for.
        addr: SocketAddr,
    },
    /// A bind to a port outside the configured range.
    #[error("port {port} is outside the ports this relay lets you bind, {lo}-{hi} (or 0, which lets the kernel pick a free one); an operator can change the range with --bind-ports")]
    BindPort {
        /// The port asked for.
        port: u16,
        /// Lowest allowed port.
        lo: u16,
        /// Highest allowed port.
        hi: u16,
    },
    /// A connect or sendto to `0.0.0.0` / `::`: Linux quietly treats that as
    /// "this host", which hides the real rule, so the relay refuses it.
    #[error("{} is not a destination: it means \"any address\" and belongs in bind, so connect to 127.0.0.1 (or ::1) to reach this machine", .target.ip())]
    ConnectUnspecified {
        /// The target asked for.
        target: SocketAddr,
    },
    /// A broadcast destination.
    #[error("{} is the broadcast address, and this relay never sends broadcast datagrams because they would reach every machine on its network", .target.ip())]
    ConnectBroadcast {
        /// The target asked for.
        target: SocketAddr,
    },
    /// A multicast destination.
    #[error("{} is a multicast group address, and this relay never sends multicast because it would reach other machines on its network", .target.ip())]
    ConnectMulticast {
        /// The target asked for.
        target: SocketAddr,
    },
    /// A non-loopback destination not on the allowlist.
    #[error("{target} is outside this relay's reach: {} (an operator can widen this with --allow-connect)", outside_rule(*.profile))]
    ConnectOutside {
        /// The target asked for.
        target: SocketAddr,
        /// The profile in force, which decides the explanation.
        profile: Profile,
    },
    /// A shared relay refused a loopback port that is neither a relay
    /// service nor bound by the session.
    #[error("{target} is outside this relay's reach: on loopback a shared relay only reaches its own services and ports your session has bound, and port {} is neither (an operator can widen this with --allow-connect)", .target.port())]
    ConnectPort {
        /// The target asked for.
        target: SocketAddr,
    },
    /// A socket option the relay never sets.
    #[error("{} is refused: {reason}", .option.python_name())]
    SockOpt {
        /// The option.
        option: SockOpt,
        /// Why, for the learner.
        reason: &'static str,
    },
    /// A shared relay refused a name that would need DNS.
    #[error("looking up {host:?} would need DNS, which a shared relay does not do for learners: use a numeric address such as 127.0.0.1, or localhost (only a relay in the local profile resolves other names)")]
    Resolve {
        /// The name asked for.
        host: String,
    },
    /// A shared relay refused a reverse lookup that would need DNS.
    #[error("looking up the name of {ip} would need DNS, which a shared relay does not do for learners: only loopback addresses are looked up (a relay in the local profile looks up any)")]
    ReverseResolve {
        /// The address asked about.
        ip: IpAddr,
    },
}

impl PolicyError {
    /// A short stable name of the rule, for metrics labels and logs.
    pub fn rule_name(&self) -> &'static str {
        match self {
            PolicyError::BindExposed { .. } => "bind_address",
            PolicyError::BindPort { .. } => "bind_port",
            PolicyError::ConnectUnspecified { .. } => "connect_unspecified",
            PolicyError::ConnectBroadcast { .. } => "connect_broadcast",
            PolicyError::ConnectMulticast { .. } => "connect_multicast",
            PolicyError::ConnectOutside { .. } => "connect_outside",
            PolicyError::ConnectPort { .. } => "connect_port",
            PolicyError::SockOpt { .. } => "sockopt",
            PolicyError::Resolve { .. } => "resolve",
            PolicyError::ReverseResolve { .. } => "reverse_resolve",
        }
    }
}

/// The learner sees a policy refusal as the protocol's `Rejection::Policy`.
impl From<PolicyError> for shared::Rejection {
    fn from(e: PolicyError) -> shared::Rejection {
        shared::Rejection::Policy {
            detail: e.to_string(),
        }
    }
}

/// The sentence for [`PolicyError::BindExposed`]: wildcard and specific
/// non-loopback addresses are explained differently.
fn bind_exposed(addr: SocketAddr) -> String {
    let ip = addr.ip().to_canonical();
    let what = if ip.is_unspecified() {
        format!(
            "binding to {} (every interface, which is what '' means)",
            addr.ip()
        )
    } else {
        format!("binding to {}", addr.ip())
    };
    format!(
        "{what} would expose port {} to the network: a shared relay only lets you bind a loopback address such as 127.0.0.1 or ::1 (only a relay in the local profile allows other addresses)",
        addr.port()
    )
}

/// The rule part of [`PolicyError::ConnectOutside`], per profile.
fn outside_rule(profile: Profile) -> &'static str {
    match profile {
        Profile::Local => {
            "a local relay only reaches loopback addresses (127.0.0.0/8 and ::1) on this machine"
        }
        Profile::Shared => {
            "a shared relay only reaches its own services and your own sockets on loopback"
        }
    }
}

/// The names a shared relay resolves without DNS: they are answered from
/// `/etc/hosts` (or nss-myhostname), never by a query leaving the machine.
const LOCAL_NAMES: [&str; 3] = ["localhost", "localhost6", "ip6-localhost"];

/// The relay's safety policy for one profile: immutable, cheap to share
/// (wrap it in an `Arc`), and a pure function of its inputs.
#[derive(Clone, Debug)]
pub struct Policy {
    profile: Profile,
    bind_ports: RangeInclusive<u16>,
    allow: Vec<AllowRule>,
}

impl Policy {
    /// The policy for `profile` with the operator's port range and allowlist.
    pub fn new(profile: Profile, cfg: &PolicyConfig) -> Policy {
        Policy {
            profile,
            bind_ports: cfg.bind_ports.clone(),
            allow: cfg.allow_connect.clone(),
        }
    }

    /// The profile in force (Hello reports it to the page).
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// The ports learners may bind besides 0.
    pub fn bind_ports(&self) -> RangeInclusive<u16> {
        self.bind_ports.clone()
    }

    /// May a learner's socket bind `addr`? A shared relay allows loopback
    /// addresses only, so a learner's listening socket is never reachable
    /// from the network; both profiles keep ports in the configured range.
    pub fn check_bind(&self, addr: SocketAddr) -> Result<(), PolicyError> {
        let ip = addr.ip().to_canonical();
        if self.profile == Profile::Shared && !ip.is_loopback() {
            return Err(PolicyError::BindExposed { addr });
        }
        let port = addr.port();
        if port != 0 && !self.bind_ports.contains(&port) {
            return Err(PolicyError::BindPort {
                port,
                lo: *self.bind_ports.start(),
                hi: *self.bind_ports.end(),
            });
        }
        Ok(())
    }

    /// May a learner's socket connect (or `sendto`) to `target`? `known`
    /// lists the relay's service ports and the ports the session has bound,
    /// the only loopback ports a shared relay reaches.
    pub fn check_connect(
        &self,
        target: SocketAddr,
        known: &KnownPorts<'_>,
    ) -> Result<(), PolicyError> {
        let ip = target.ip().to_canonical();
        if ip.is_unspecified() {
            return Err(PolicyError::ConnectUnspecified { target });
        }
        if ip.is_multicast() {
            return Err(PolicyError::ConnectMulticast { target });
        }
        if let IpAddr::V4(v4) = ip {
            if v4.is_broadcast() {
                return Err(PolicyError::ConnectBroadcast { target });
            }
        }
        if self.allow.iter().any(|rule| rule.matches(target)) {
            return Ok(());
        }
        if !ip.is_loopback() {
            return Err(PolicyError::ConnectOutside {
                target,
                profile: self.profile,
            });
        }
        match self.profile {
            Profile::Local => Ok(()),
            Profile::Shared if known.contains(target.port()) => Ok(()),
            Profile::Shared => Err(PolicyError::ConnectPort { target }),
        }
    }

    /// May a learner set `opt`? Everything but `SO_BROADCAST`, which would
    /// let a datagram reach every machine on the relay's network.
    pub fn check_sockopt(&self, opt: SockOpt) -> Result<(), PolicyError> {
        match opt {
            SockOpt::Broadcast => Err(PolicyError::SockOpt {
                option: opt,
                reason: "this relay never sends broadcast datagrams because they would reach every machine on its network",
            }),
            _ => Ok(()),
        }
    }

    /// May the relay look up `host` for a learner? A shared relay does no DNS
    /// for anonymous visitors (a lookup is itself traffic leaving the machine
    /// and can leak data in the name), so only numeric addresses, `''` and the
    /// localhost names are resolved; a local relay resolves anything.
    pub fn check_resolve(&self, host: &str) -> Result<(), PolicyError> {
        if self.profile == Profile::Local
            || host.is_empty()
            || host.parse::<IpAddr>().is_ok()
            || LOCAL_NAMES.iter().any(|n| n.eq_ignore_ascii_case(host))
        {
            return Ok(());
        }
        Err(PolicyError::Resolve {
            host: host.to_string(),
        })
    }

    /// May the relay look up the name of `ip` (`gethostbyaddr`,
    /// `getnameinfo` without `NI_NUMERICHOST`)? That is a PTR query, so a
    /// shared relay only answers it for loopback addresses, which the hosts
    /// file names.
    pub fn check_reverse_resolve(&self, ip: IpAddr) -> Result<(), PolicyError> {
        if self.profile == Profile::Local || ip.to_canonical().is_loopback() {
            return Ok(());
        }
        Err(PolicyError::ReverseResolve { ip })
    }
}

#[cfg(test)]
mod tests;
