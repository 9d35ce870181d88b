//! The well-known ports the resolver panel asks about (C6).
//!
//! This table only says *which* `(port, proto)` pairs to ask about: the
//! page sends `socket.getservbyport(port, proto)` for each, and the NAMES
//! it shows come from the relay's real resolver (its `/etc/services`), not
//! from here. So the table teaches what the learner's own machine will
//! answer — Debian, for instance, calls port 143 `imap2`, not `imap`.
//!
//! Every pair is in the `/etc/services` of a stock Debian/Ubuntu system
//! (checked when the table was written), so each lookup has an answer.

/// `(port, proto)` pairs, by port, for the resolver panel's table. The
/// comment after each gives the usual name, for readers of this file only.
pub const WELL_KNOWN: &[(u16, &str)] = &[
    (20, "tcp"),  // ftp-data
    (21, "tcp"),  // ftp
    (22, "tcp"),  // ssh
    (23, "tcp"),  // telnet
    (25, "tcp"),  // smtp
    (53, "tcp"),  // domain (DNS: large answers, zone transfers)
    (53, "udp"),  // domain (DNS: ordinary queries)
    (67, "udp"),  // bootps (DHCP server)
    (68, "udp"),  // bootpc (DHCP client)
    (69, "udp"),  // tftp
    (80, "tcp"),  // http
    (110, "tcp"), // pop3
    (123, "udp"), // ntp
    (143, "tcp"), // imap2 (IMAP)
    (161, "udp"), // snmp
    (162, "udp"), // snmp-trap
    (389, "tcp"), // ldap
    (443, "tcp"), // https
    (514, "udp"), // syslog
    (587, "tcp"), // submission (mail from clients)
    (993, "tcp"), // imaps
    (995, "tcp"), // pop3s
];
