//! The resolver's unit tests. Every expected value or message is what
//! CPython 3.11 printed on this machine for the same call.
//!
//! Network rule: nothing here may send a query anywhere. Numeric addresses,
//! `''`, `'<broadcast>'` and scoped names like `'::1%lo'` never reach NSS;
//! `localhost` and `127.0.0.1` are answered from `/etc/hosts`, so the tests
//! that use them first check that the file has them (and skip otherwise).

use super::*;
use std::process::Command;

// ---------------------------------------------------------------------------
// Helpers

fn run_ok(op: Op) -> (Value, Trace) {
    match run(&op) {
        Some((Outcome::Ok(v), trace)) => (v, trace),
        other => panic!("{op:?} should succeed, got {other:?}"),
    }
}

fn run_err(op: Op) -> (PyError, Trace) {
    match run(&op) {
        Some((Outcome::Err(e), trace)) => (e, trace),
        other => panic!("{op:?} should raise, got {other:?}"),
    }
}

/// `str(type(e).__name__) + ': ' + str(e)`, as a traceback's last line.
fn raised(op: Op) -> String {
    run_err(op).0.to_string()
}

fn resolve(method: &str, family: Family, host: &str, port: i64) -> Result<SocketAddr, PyError> {
    let mut trace = Trace::default();
    resolve_address(method, family, &Address::new(host, port), &mut trace)
}

fn resolve_traced(family: Family, host: &str, port: i64) -> (Result<SocketAddr, PyError>, Trace) {
    let mut trace = Trace::default();
    let r = resolve_address("bind", family, &Address::new(host, port), &mut trace);
    (r, trace)
}

fn resolve_err(method: &str, family: Family, host: &str, port: i64) -> String {
    match resolve(method, family, host, port) {
        Err(e) => e.to_string(),
        Ok(a) => panic!("{method}(({host:?}, {port})) should raise, got {a}"),
    }
}

fn calls(trace: &Trace) -> Vec<(String, String, i64)> {
    trace
        .syscalls()
        .filter_map(|s| match s {
            TraceStep::Syscall {
                call, args, ret, ..
            } => Some((call.clone(), args.clone(), *ret)),
            _ => None,
        })
        .collect()
}

fn notes(trace: &Trace) -> Vec<String> {
    trace
        .steps
        .iter()
        .filter_map(|s| match s {
            TraceStep::Note { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// Whether `/etc/hosts` maps `name` to `addr`, so looking it up (either way)
/// is answered from the file and never goes to DNS.
fn hosts_file_maps(addr: &str, name: &str) -> bool {
    let Ok(text) = std::fs::read_to_string("/etc/hosts") else {
        return false;
    };
    let found = text.lines().any(|line| {
        let line = line.split('#').next().unwrap_or("");
        let mut fields = line.split_whitespace();
        fields.next() == Some(addr) && fields.any(|f| f == name)
    });
    if !found {
        eprintln!("skipped: /etc/hosts does not map {name} to {addr}");
    }
    found
}

fn gai(host: &str, port: Option<&str>, family: Option<Family>, kind: Option<SockType>) -> Op {
    Op::Getaddrinfo {
        host: host.into(),
        port: port.map(str::to_string),
        family,
        kind,
    }
}

fn entry(family: Family, kind: SockType, proto: i32, ip: &str, port: u16) -> AddrInfoEntry {
    AddrInfoEntry {
        family,
        kind,
        proto,
        canonname: String::new(),
        addr: SockAddr {
            ip: ip.into(),
            port,
        },
    }
}

fn sa(s: &str) -> SocketAddr {
    s.parse().expect("test address")
}

// ---------------------------------------------------------------------------
// run(): which ops it answers

#[test]
fn run_answers_only_resolver_ops() {
    assert!(run(&Op::Getdefaulttimeout).is_none());
    assert!(run(&Op::Socket {
        family: Family::Inet,
        kind: SockType::Stream
    })
    .is_none());
    assert!(run(&Op::Gethostname).is_some());
}

// ---------------------------------------------------------------------------
// getservbyname / getservbyport / getprotobyname (C6, C22)

#[test]
fn getservbyname_matches_cpython() {
    let port = |name: &str, proto: Option<&str>| {
        run_ok(Op::Getservbyname {
            name: name.into(),
            proto: proto.map(str::to_string),
        })
        .0
    };
    // >>> socket.getservbyname('http', 'tcp') → 80, and so on.
    assert_eq!(port("http", Some("tcp")), Value::Int(80));
    assert_eq!(port("http", None), Value::Int(80));
    assert_eq!(port("domain", Some("udp")), Value::Int(53));
    assert_eq!(port("ftp", Some("tcp")), Value::Int(21));
    assert_eq!(port("smtp", Some("tcp")), Value::Int(25));
    assert_eq!(port("snmp", Some("udp")), Value::Int(161));

    let err = |name: &str, proto: Option<&str>| {
        raised(Op::Getservbyname {
            name: name.into(),
            proto: proto.map(str::to_string),
        })
    };
    assert_eq!(
        err("nosuchservice", Some("tcp")),
        "OSError: service/proto not found"
    );
    assert_eq!(err("http", Some("foo")), "OSError: service/proto not found");
    assert_eq!(err("", Some("tcp")), "OSError: service/proto not found");
    assert_eq!(err("http", Some("")), "OSError: service/proto not found");
    assert_eq!(
        err("ht\0tp", Some("tcp")),
        "ValueError: embedded null character"
    );
    assert_eq!(
        err("http", Some("tc\0p")),
        "ValueError: embedded null character"
    );
}

#[test]
fn getservbyname_traces_the_reentrant_call() {
    let (_, trace) = run_ok(Op::Getservbyname {
        name: "http".into(),
        proto: Some("tcp".into()),
    });
    let c = calls(&trace);
    assert_eq!(c.len(), 1, "{trace:?}");
    assert_eq!(c[0].0, "getservbyname_r");
    assert!(c[0].1.starts_with("\"http\", \"tcp\""), "{}", c[0].1);
    assert_eq!(c[0].2, 0);
}

#[test]
fn getservbyport_matches_cpython() {
    let name = |port: i64, proto: Option<&str>| {
        run_ok(Op::Getservbyport {
            port,
            proto: proto.map(str::to_string),
        })
        .0
    };
    assert_eq!(name(53, Some("udp")), Value::Str("domain".into()));
    assert_eq!(name(80, None), Value::Str("http".into()));
    assert_eq!(name(80, Some("tcp")), Value::Str("http".into()));
    assert_eq!(name(21, None), Value::Str("ftp".into()));
    assert_eq!(name(25, None), Value::Str("smtp".into()));
    assert_eq!(name(161, Some("udp")), Value::Str("snmp".into()));

    let err = |port: i64, proto: Option<&str>| {
        raised(Op::Getservbyport {
            port,
            proto: proto.map(str::to_string),
        })
    };
    assert_eq!(err(0, Some("tcp")), "OSError: port/proto not found");
    assert_eq!(err(65535, Some("tcp")), "OSError: port/proto not found");
    assert_eq!(err(80, Some("foo")), "OSError: port/proto not found");
    assert_eq!(err(80, Some("")), "OSError: port/proto not found");
    assert_eq!(
        err(70000, None),
        "OverflowError: getservbyport: port must be 0-65535."
    );
    assert_eq!(
        err(-1, Some("tcp")),
        "OverflowError: getservbyport: port must be 0-65535."
    );
    assert_eq!(
        err(1 << 31, None),
        "OverflowError: signed integer is greater than maximum"
    );
    assert_eq!(
        err(-(1 << 31) - 1, None),
        "OverflowError: signed integer is less than minimum"
    );
    // The C int conversion comes first, then the proto string, then the range.
    assert_eq!(
        err(1 << 31, Some("a\0")),
        "OverflowError: signed integer is greater than maximum"
    );
    assert_eq!(
        err(70000, Some("a\0")),
        "ValueError: embedded null character"
    );
}

#[test]
fn getservbyport_traces_the_port_in_network_order() {
    let (_, trace) = run_ok(Op::Getservbyport {
        port: 53,
        proto: Some("udp".into()),
    });
    let c = calls(&trace);
    assert_eq!(c[0].0, "getservbyport_r");
    assert!(c[0].1.starts_with("htons(53), \"udp\""), "{}", c[0].1);
    // A port the kernel range check refuses makes no call at all.
    let (_, trace) = run_err(Op::Getservbyport {
        port: 70000,
        proto: None,
    });
    assert!(calls(&trace).is_empty());
}

#[test]
fn getprotobyname_matches_cpython() {
    let num = |name: &str| run_ok(Op::Getprotobyname { name: name.into() }).0;
    assert_eq!(num("tcp"), Value::Int(6));
    assert_eq!(num("udp"), Value::Int(17));
    assert_eq!(num("icmp"), Value::Int(1));
    assert_eq!(num("TCP"), Value::Int(6));
    let err = |name: &str| raised(Op::Getprotobyname { name: name.into() });
    assert_eq!(err("nosuch"), "OSError: protocol not found");
    assert_eq!(err(""), "OSError: protocol not found");
    assert_eq!(err("tc\0p"), "ValueError: embedded null character");
}

// ---------------------------------------------------------------------------
// gethostname / gethostbyname / gethostbyaddr / getfqdn (C22)

#[test]
fn gethostname_is_the_kernels_name() {
    let (v, trace) = run_ok(Op::Gethostname);
    let Value::Str(name) = v else {
        panic!("gethostname returns a str, got {v:?}")
    };
    let kernel = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    assert_eq!(name, kernel.trim_end());
    assert_eq!(
        calls(&trace),
        vec![("gethostname".into(), "buf, 1023".into(), 0)]
    );
}

#[test]
fn gethostbyname_matches_cpython() {
    let ok = |host: &str| run_ok(Op::Gethostbyname { host: host.into() }).0;
    assert_eq!(ok("127.0.0.1"), Value::Str("127.0.0.1".into()));
    assert_eq!(ok(""), Value::Str("0.0.0.0".into()));
    assert_eq!(ok("<broadcast>"), Value::Str("255.255.255.255".into()));
    assert_eq!(ok("255.255.255.255"), Value::Str("255.255.255.255".into()));
    // Not inet_pton's syntax, so getaddrinfo parses it (inet_aton rules).
    assert_eq!(ok("127.1"), Value::Str("127.0.0.1".into()));
    assert_eq!(ok("127.0.0.01"), Value::Str("127.0.0.1".into()));

    let err = |host: &str| raised(Op::Gethostbyname { host: host.into() });
    assert_eq!(
        err("::1"),
        "socket.gaierror: [Errno -9] Address family for hostname not supported"
    );
    assert_eq!(
        err("::1%lo"),
        "socket.gaierror: [Errno -9] Address family for hostname not supported"
    );
    assert_eq!(
        err("127.0.0.1\0"),
        "TypeError: gethostbyname() argument 1 must be encoded string without null bytes, not str"
    );
    // CPython raises UnicodeError (a ValueError), which `shared` cannot name.
    assert_eq!(
        err("a..b"),
        "ValueError: encoding with 'idna' codec failed (UnicodeError: label empty or too long)"
    );
    assert_eq!(
        err(&"x".repeat(64)),
        "ValueError: encoding with 'idna' codec failed (UnicodeError: label too long)"
    );
    assert_eq!(
        err("\u{ad}"),
        "ValueError: encoding with 'idna' codec failed (UnicodeError: label empty or too long)"
    );
}

#[test]
fn gethostbyname_of_localhost() {
    if !hosts_file_maps("127.0.0.1", "localhost") {
        return;
    }
    let (v, trace) = run_ok(Op::Gethostbyname {
        host: "localhost".into(),
    });
    assert_eq!(v, Value::Str("127.0.0.1".into()));
    assert_eq!(
        calls(&trace),
        vec![(
            "getaddrinfo".into(),
            "\"localhost\", NULL, AF_INET, 0".into(),
            0
        )]
    );
}

#[test]
fn numeric_hosts_need_no_call() {
    let (v, trace) = run_ok(Op::Gethostbyname {
        host: "127.0.0.1".into(),
    });
    assert_eq!(v, Value::Str("127.0.0.1".into()));
    assert!(calls(&trace).is_empty(), "{trace:?}");
    assert_eq!(
        notes(&trace),
        vec!["'127.0.0.1' is a numeric IPv4 address: parsed in place, no lookup"]
    );
}

#[test]
fn gethostbyaddr_matches_cpython() {
    let err = |ip: &str| raised(Op::Gethostbyaddr { ip: ip.into() });
    // '' asks getaddrinfo(NULL, "0", AF_UNSPEC, AI_PASSIVE): 0.0.0.0 and ::.
    assert_eq!(err(""), "OSError: wildcard resolved to multiple address");
    // A scope on a non-link-local address: glibc's getaddrinfo says no name.
    assert_eq!(
        err("::1%lo"),
        "socket.gaierror: [Errno -2] Name or service not known"
    );
    assert_eq!(
        err("a\0b"),
        "TypeError: gethostbyaddr() argument 1 must be encoded string without null bytes, not str"
    );
    assert_eq!(
        err("a..b"),
        "ValueError: encoding with 'idna' codec failed (UnicodeError: label empty or too long)"
    );
}

#[test]
fn gethostbyaddr_of_loopback() {
    if !hosts_file_maps("127.0.0.1", "localhost") {
        return;
    }
    // >>> socket.gethostbyaddr('127.0.0.1') → ('localhost', [], ['127.0.0.1'])
    for host in ["127.0.0.1", "localhost"] {
        let (v, trace) = run_ok(Op::Gethostbyaddr { ip: host.into() });
        let Value::HostEx { name, addrs, .. } = v else {
            panic!("gethostbyaddr returns a triple, got {v:?}")
        };
        assert_eq!(name, "localhost");
        assert_eq!(addrs, vec!["127.0.0.1".to_string()]);
        let c = calls(&trace);
        let last = c.last().expect("a reverse lookup");
        assert_eq!(last.0, "gethostbyaddr_r");
        assert!(last.1.starts_with("127.0.0.1, 4, AF_INET"), "{}", last.1);
        assert_eq!(last.2, 0);
    }
}

#[test]
fn herror_prints_like_cpython() {
    // What `socket.gethostbyaddr` raises for an address nobody knows; not
    // provoked for real because that would ask a DNS server.
    assert_eq!(
        herror(1).to_string(),
        "socket.herror: [Errno 1] Unknown host"
    );
    assert_eq!(herror(1).errno, Some(1));
    assert_eq!(
        herror(2).to_string(),
        "socket.herror: [Errno 2] Host name lookup failure"
    );
}

#[test]
fn gaierror_prints_like_cpython() {
    let gai = |code| gai_error(GaiError { code, errno: None }).to_string();
    assert_eq!(
        gai(-2),
        "socket.gaierror: [Errno -2] Name or service not known"
    );
    assert_eq!(
        gai(-3),
        "socket.gaierror: [Errno -3] Temporary failure in name resolution"
    );
    assert_eq!(
        gai(-5),
        "socket.gaierror: [Errno -5] No address associated with hostname"
    );
    assert_eq!(
        gai(-8),
        "socket.gaierror: [Errno -8] Servname not supported for ai_socktype"
    );
    assert_eq!(
        gai(-9),
        "socket.gaierror: [Errno -9] Address family for hostname not supported"
    );
    // EAI_SYSTEM raises the OSError of errno instead.
    let e = gai_error(GaiError {
        code: libc::EAI_SYSTEM,
        errno: Some(libc::EMFILE),
    });
    assert_eq!(e.to_string(), "OSError: [Errno 24] Too many open files");
    assert_eq!(e.errno_name.as_deref(), Some("EMFILE"));
}

#[test]
fn getfqdn_matches_cpython() {
    let ok = |name: &str| run_ok(Op::Getfqdn { name: name.into() }).0;
    // gethostbyaddr raises gaierror: getfqdn gives the name back.
    assert_eq!(ok("::1%lo"), Value::Str("::1%lo".into()));
    assert_eq!(ok("  ::1%lo\t"), Value::Str("::1%lo".into()));
    // Errors that are not OSError escape getfqdn's `except error`.
    let err = |name: &str| raised(Op::Getfqdn { name: name.into() });
    assert_eq!(
        err("a..b"),
        "ValueError: encoding with 'idna' codec failed (UnicodeError: label empty or too long)"
    );
    assert_eq!(
        err("a\0b"),
        "TypeError: gethostbyaddr() argument 1 must be encoded string without null bytes, not str"
    );
}

#[test]
fn getfqdn_of_loopback() {
    if !hosts_file_maps("127.0.0.1", "localhost") {
        return;
    }
    let ok = |name: &str| run_ok(Op::Getfqdn { name: name.into() }).0;
    assert_eq!(ok("localhost"), Value::Str("localhost".into()));
    assert_eq!(ok("127.0.0.1"), Value::Str("localhost".into()));
    assert_eq!(ok("  localhost "), Value::Str("localhost".into()));
}

#[test]
fn getfqdn_of_this_host_starts_with_gethostname() {
    let hostname = match run_ok(Op::Gethostname).0 {
        Value::Str(s) => s,
        v => panic!("gethostname returns a str, got {v:?}"),
    };
    // Only when /etc/hosts answers for this host's name (else: DNS).
    if !hosts_file_maps("127.0.0.1", &hostname) || !hosts_file_maps("127.0.0.1", "localhost") {
        return;
    }
    for name in ["", "0.0.0.0", "::", "   "] {
        let (_, trace) = run_ok(Op::Getfqdn { name: name.into() });
        assert_eq!(calls(&trace)[0].0, "gethostname", "getfqdn({name:?})");
    }
}

// ---------------------------------------------------------------------------
// getaddrinfo (C22)

#[test]
fn getaddrinfo_of_localhost() {
    if !hosts_file_maps("127.0.0.1", "localhost") {
        return;
    }
    // >>> socket.getaddrinfo('localhost', 7, socket.AF_INET, socket.SOCK_STREAM)
    // [(AF_INET, SOCK_STREAM, 6, '', ('127.0.0.1', 7))]
    let (v, trace) = run_ok(gai(
        "localhost",
        Some("7"),
        Some(Family::Inet),
        Some(SockType::Stream),
    ));
    assert_eq!(
        v,
        Value::AddrInfo(vec![entry(
            Family::Inet,
            SockType::Stream,
            6,
            "127.0.0.1",
            7
        )])
    );
    assert_eq!(
        calls(&trace),
        vec![(
            "getaddrinfo".into(),
            "\"localhost\", \"7\", AF_INET, SOCK_STREAM".into(),
            0
        )]
    );
}

#[test]
fn getaddrinfo_numeric_matches_cpython() {
    use Family::{Inet, Inet6};
    use SockType::{Dgram, Stream};
    let ok = |op| match run_ok(op).0 {
        Value::AddrInfo(v) => v,
        v => panic!("getaddrinfo returns a list, got {v:?}"),
    };
    // CPython also lists a SOCK_RAW entry (proto 0) after these two.
    assert_eq!(
        ok(gai("127.0.0.1", None, None, None)),
        vec![
            entry(Inet, Stream, 6, "127.0.0.1", 0),
            entry(Inet, Dgram, 17, "127.0.0.1", 0)
        ]
    );
    assert_eq!(
        ok(gai("127.0.0.1", Some("http"), None, None)),
        vec![entry(Inet, Stream, 6, "127.0.0.1", 80)]
    );
    assert_eq!(
        ok(gai("127.0.0.1", Some("domain"), None, None)),
        vec![
            entry(Inet, Stream, 6, "127.0.0.1", 53),
            entry(Inet, Dgram, 17, "127.0.0.1", 53)
        ]
    );
    assert_eq!(
        ok(gai("::1", Some("80"), None, None)),
        vec![
            entry(Inet6, Stream, 6, "::1", 80),
            entry(Inet6, Dgram, 17, "::1", 80)
        ]
    );
    // glibc takes 70000 modulo 65536; Python passes it through.
    assert_eq!(
        ok(gai("127.0.0.1", Some("70000"), Some(Inet), Some(Stream))),
        vec![entry(Inet, Stream, 6, "127.0.0.1", 4464)]
    );
    assert_eq!(
        ok(gai("127.1", Some("7"), Some(Inet), Some(Dgram))),
        vec![entry(Inet, Dgram, 17, "127.0.0.1", 7)]
    );
    // C strings end at the first NUL, host and port alike.
    assert_eq!(
        ok(gai("127.0.0.1\0b", Some("7\0x"), Some(Inet), Some(Stream))),
        vec![entry(Inet, Stream, 6, "127.0.0.1", 7)]
    );
    assert_eq!(
        ok(gai("::ffff:127.0.0.1", Some("7"), Some(Inet), Some(Stream))),
        vec![entry(Inet, Stream, 6, "127.0.0.1", 7)]
    );
    assert_eq!(
        ok(gai(
            "::ffff:127.0.0.1",
            Some("7"),
            Some(Inet6),
            Some(Stream)
        )),
        vec![entry(Inet6, Stream, 6, "::ffff:127.0.0.1", 7)]
    );
    // inet_ntop's spelling, as Python shows it (Rust would say ::102:304).
    assert_eq!(
        ok(gai("::1.2.3.4", Some("7"), Some(Inet6), Some(Stream))),
        vec![entry(Inet6, Stream, 6, "::1.2.3.4", 7)]
    );
}

#[test]
fn getaddrinfo_notes_the_raw_entries_it_leaves_out() {
    let (_, trace) = run_ok(gai("127.0.0.1", None, None, None));
    assert_eq!(
        calls(&trace),
        vec![(
            "getaddrinfo".into(),
            "\"127.0.0.1\", NULL, AF_UNSPEC, 0".into(),
            0
        )]
    );
    assert_eq!(
        notes(&trace),
        vec!["getaddrinfo also answered 1 entry of type SOCK_RAW (not shown)"]
    );
}

#[test]
fn getaddrinfo_errors_match_cpython() {
    use Family::{Inet, Inet6};
    let err = |op| raised(op);
    assert_eq!(
        err(gai("::1", Some("80"), Some(Inet), None)),
        "socket.gaierror: [Errno -9] Address family for hostname not supported"
    );
    assert_eq!(
        err(gai("127.0.0.1", Some("80"), Some(Inet6), None)),
        "socket.gaierror: [Errno -9] Address family for hostname not supported"
    );
    assert_eq!(
        err(gai("127.0.0.1", Some("nosuchservice"), None, None)),
        "socket.gaierror: [Errno -8] Servname not supported for ai_socktype"
    );
    assert_eq!(
        err(gai("127.0.0.1", Some("-1"), None, None)),
        "socket.gaierror: [Errno -8] Servname not supported for ai_socktype"
    );
    assert_eq!(
        err(gai(
            "::1%lo",
            Some("7"),
            Some(Inet6),
            Some(SockType::Stream)
        )),
        "socket.gaierror: [Errno -2] Name or service not known"
    );
    assert_eq!(
        err(gai("a..b", Some("7"), None, None)),
        "ValueError: encoding with 'idna' codec failed (UnicodeError: label empty or too long)"
    );
    assert_eq!(
        err(gai(&"x".repeat(64), Some("7"), None, None)),
        "ValueError: encoding with 'idna' codec failed (UnicodeError: label too long)"
    );
    // The failed call is in the trace with its EAI_ code.
    let (e, trace) = run_err(gai("::1", Some("80"), Some(Inet), None));
    assert_eq!(e.errno, Some(-9));
    assert_eq!(
        calls(&trace),
        vec![(
            "getaddrinfo".into(),
            "\"::1\", \"80\", AF_INET, 0".into(),
            -9
        )]
    );
}

mod address;
