//! `resolve_address`: the `(host, port)` of bind, connect and sendto, as
//! CPython resolves and checks it (C5).

use super::*;

// ---------------------------------------------------------------------------
// resolve_address: bind/connect/sendto's (host, port) (C5)

#[test]
fn bad_ports_raise_overflow_error_named_after_the_method() {
    use Family::{Inet, Inet6};
    for (method, family, host, port) in [
        ("bind", Inet, "", 70000),
        ("bind", Inet, "", -1),
        ("bind", Inet, "", 65536),
        ("bind", Inet, "", 1 << 31),
        ("bind", Inet, "", -(1 << 31) - 1),
        ("bind", Inet6, "", 70000),
        ("connect", Inet, "127.0.0.1", 70000),
        ("connect_ex", Inet, "127.0.0.1", 70000),
        ("sendto", Inet, "127.0.0.1", 70000),
        ("sendto", Inet, "127.0.0.1", -5),
        ("bind", Inet6, "::1%lo", 1 << 31),
    ] {
        assert_eq!(
            resolve_err(method, family, host, port),
            format!("OverflowError: {method}(): port must be 0-65535."),
            "{method}(({host:?}, {port}))"
        );
    }
}

#[test]
fn the_host_is_resolved_before_the_port_is_checked() {
    // CPython checks 0-65535 after setipaddr: the gaierror wins.
    assert_eq!(
        resolve_err("bind", Family::Inet, "::1", 70000),
        "socket.gaierror: [Errno -9] Address family for hostname not supported"
    );
    assert_eq!(
        resolve_err("bind", Family::Inet6, "127.0.0.1", 70000),
        "socket.gaierror: [Errno -9] Address family for hostname not supported"
    );
    assert_eq!(
        resolve_err("bind", Family::Inet6, "<broadcast>", 70000),
        "OSError: address family mismatched"
    );
    assert_eq!(
        resolve_err("bind", Family::Inet6, "::1%lo", 70000),
        "socket.gaierror: [Errno -2] Name or service not known"
    );
    // …but a port beyond a C int fails while the tuple is parsed, first.
    let (r, trace) = resolve_traced(Family::Inet, "", 1 << 31);
    assert!(r.is_err());
    assert!(calls(&trace).is_empty(), "{trace:?}");
    // And ('', 70000) does ask getaddrinfo for the wildcard first.
    let (r, trace) = resolve_traced(Family::Inet, "", 70000);
    assert!(r.is_err());
    assert_eq!(calls(&trace).len(), 1);
}

#[test]
fn family_mismatches_match_cpython() {
    use Family::{Inet, Inet6};
    for (method, family, host) in [
        ("bind", Inet, "::1"),
        ("connect", Inet, "::1"),
        ("sendto", Inet, "::1"),
        ("bind", Inet6, "127.0.0.1"),
        ("bind", Inet, "::1%lo"),
    ] {
        assert_eq!(
            resolve_err(method, family, host, 7),
            "socket.gaierror: [Errno -9] Address family for hostname not supported",
            "{method} {family:?} {host}"
        );
    }
    assert_eq!(
        resolve_err("bind", Inet6, "<broadcast>", 0),
        "OSError: address family mismatched"
    );
    assert_eq!(
        resolve_err("bind", Inet6, "255.255.255.255", 0),
        "OSError: address family mismatched"
    );
    let e = resolve("bind", Inet, "::1", 0).err();
    assert_eq!(e.as_ref().map(|e| e.class), Some(ExceptionClass::Gaierror));
    assert_eq!(e.and_then(|e| e.errno), Some(-9));
}

#[test]
fn special_and_numeric_hosts_resolve_like_cpython() {
    use Family::{Inet, Inet6};
    let ok = |family, host: &str, port| resolve("bind", family, host, port);
    assert_eq!(ok(Inet, "", 0), Ok(sa("0.0.0.0:0")));
    assert_eq!(ok(Inet6, "", 0), Ok(sa("[::]:0")));
    assert_eq!(ok(Inet, "<broadcast>", 9), Ok(sa("255.255.255.255:9")));
    assert_eq!(ok(Inet, "255.255.255.255", 9), Ok(sa("255.255.255.255:9")));
    assert_eq!(ok(Inet, "127.0.0.1", 7), Ok(sa("127.0.0.1:7")));
    assert_eq!(ok(Inet, "0.0.0.0", 0), Ok(sa("0.0.0.0:0")));
    assert_eq!(ok(Inet6, "::1", 7), Ok(sa("[::1]:7")));
    assert_eq!(ok(Inet, "127.1", 0), Ok(sa("127.0.0.1:0")));
    assert_eq!(ok(Inet, "127.0.0.01", 0), Ok(sa("127.0.0.1:0")));
    assert_eq!(ok(Inet, "::ffff:127.0.0.1", 0), Ok(sa("127.0.0.1:0")));
    assert_eq!(
        ok(Inet6, "::ffff:127.0.0.1", 0),
        Ok(sa("[::ffff:127.0.0.1]:0"))
    );
    assert_eq!(ok(Inet, "127.0.0.1", 65535), Ok(sa("127.0.0.1:65535")));
}

#[test]
fn resolution_is_traced() {
    // '' is a genuine getaddrinfo call, as in CPython's setipaddr.
    let (r, trace) = resolve_traced(Family::Inet, "", 0);
    assert_eq!(r, Ok(sa("0.0.0.0:0")));
    assert_eq!(
        calls(&trace),
        vec![(
            "getaddrinfo".into(),
            "NULL, \"0\", AF_INET, SOCK_DGRAM, AI_PASSIVE".into(),
            0
        )]
    );
    // A numeric address of the socket's family: no call, a note.
    let (r, trace) = resolve_traced(Family::Inet6, "::1", 7);
    assert_eq!(r, Ok(sa("[::1]:7")));
    assert!(calls(&trace).is_empty());
    assert_eq!(
        notes(&trace),
        vec!["'::1' is a numeric IPv6 address: parsed in place, no lookup"]
    );
    // An out-of-range port says why no syscall follows.
    let (_, trace) = resolve_traced(Family::Inet, "127.0.0.1", 70000);
    assert!(notes(&trace)
        .iter()
        .any(|n| n.contains("port 70000 is outside 0-65535")));
    // at_us counts from the op's start when the caller gives it.
    let mut trace = Trace::default();
    let started = Instant::now() - std::time::Duration::from_millis(5);
    let r = resolve_address_at(
        "bind",
        Family::Inet,
        &Address::new("", 0),
        &mut trace,
        started,
    );
    assert!(r.is_ok());
    let Some(TraceStep::Syscall { at_us, .. }) = trace.syscalls().next() else {
        panic!("a getaddrinfo step")
    };
    assert!(*at_us >= 5000, "{at_us}");
}

#[test]
fn localhost_resolves_from_the_hosts_file() {
    if !hosts_file_maps("127.0.0.1", "localhost") {
        return;
    }
    let (r, trace) = resolve_traced(Family::Inet, "localhost", 0);
    assert_eq!(r, Ok(sa("127.0.0.1:0")));
    assert_eq!(
        calls(&trace),
        vec![(
            "getaddrinfo".into(),
            "\"localhost\", NULL, AF_INET, 0".into(),
            0
        )]
    );
    assert_eq!(notes(&trace), vec!["'localhost' resolved to 127.0.0.1"]);
}

#[test]
fn bad_hosts_raise_type_error_first() {
    assert_eq!(
        resolve_err("bind", Family::Inet, "a\0b", 0),
        "TypeError: host name must not contain null character"
    );
    // The host is converted before the port, so it wins over a huge port.
    assert_eq!(
        resolve_err("bind", Family::Inet, "a\0b", 1 << 31),
        "TypeError: host name must not contain null character"
    );
    assert_eq!(
        resolve_err("bind", Family::Inet, "\u{ad}", 0),
        "TypeError: encoding of hostname failed"
    );
    assert_eq!(
        resolve_err("bind", Family::Inet, "\u{ad}", 1 << 31),
        "TypeError: encoding of hostname failed"
    );
}

#[test]
fn python_whitespace_is_stripped() {
    assert_eq!(
        py_strip(" \t\n\u{b}\u{c}\r\u{1c}\u{1f}\u{85}\u{a0}x\u{3000}"),
        "x"
    );
    assert_eq!(py_strip("\u{200b}x"), "\u{200b}x");
}

// ---------------------------------------------------------------------------
// Live comparison with the machine's python3

/// Runs the same calls through python3 and through `run`, and compares.
/// Only inputs that never leave the machine; skipped without python3.
#[test]
fn agrees_with_live_cpython() {
    let script = r#"
import json, socket, sys
def call(f):
    try:
        return {"ok": f()}
    except Exception as e:
        name = type(e).__name__
        if type(e).__module__ == "socket":
            name = "socket." + name
        return {"err": name + ": " + str(e)}
def gai(*a):
    return [[int(f), int(t), p, c, list(s[:2])] for f, t, p, c, s in socket.getaddrinfo(*a)
            if t in (socket.SOCK_STREAM, socket.SOCK_DGRAM)]
cases = [
    lambda: socket.gethostname(),
    lambda: socket.getservbyname("http", "tcp"),
    lambda: socket.getservbyname("domain", "udp"),
    lambda: socket.getservbyname("nosuchservice", "tcp"),
    lambda: socket.getservbyport(53, "udp"),
    lambda: socket.getservbyport(70000),
    lambda: socket.getservbyport(0, "tcp"),
    lambda: socket.getprotobyname("tcp"),
    lambda: socket.getprotobyname("udp"),
    lambda: socket.getprotobyname("nosuch"),
    lambda: socket.gethostbyname("127.0.0.1"),
    lambda: socket.gethostbyname(""),
    lambda: socket.gethostbyname("<broadcast>"),
    lambda: socket.gethostbyname("::1"),
    lambda: socket.gethostbyaddr(""),
    lambda: socket.gethostbyaddr("::1%lo"),
    lambda: socket.getfqdn("::1%lo"),
    lambda: gai("127.0.0.1", None),
    lambda: gai("::1", 80),
    lambda: gai("127.0.0.1", "domain"),
    lambda: gai("::1", 80, socket.AF_INET),
    lambda: gai("127.0.0.1", "nosuchservice"),
    lambda: gai("::1%lo", 7, socket.AF_INET6),
]
json.dump([call(c) for c in cases], sys.stdout)
"#;
    let Ok(out) = Command::new("python3").arg("-c").arg(script).output() else {
        eprintln!("skipped: no python3");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let python: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("python3 printed JSON");

    use Family::{Inet, Inet6};
    let ops = vec![
        Op::Gethostname,
        Op::Getservbyname {
            name: "http".into(),
            proto: Some("tcp".into()),
        },
        Op::Getservbyname {
            name: "domain".into(),
            proto: Some("udp".into()),
        },
        Op::Getservbyname {
            name: "nosuchservice".into(),
            proto: Some("tcp".into()),
        },
        Op::Getservbyport {
            port: 53,
            proto: Some("udp".into()),
        },
        Op::Getservbyport {
            port: 70000,
            proto: None,
        },
        Op::Getservbyport {
            port: 0,
            proto: Some("tcp".into()),
        },
        Op::Getprotobyname { name: "tcp".into() },
        Op::Getprotobyname { name: "udp".into() },
        Op::Getprotobyname {
            name: "nosuch".into(),
        },
        Op::Gethostbyname {
            host: "127.0.0.1".into(),
        },
        Op::Gethostbyname { host: "".into() },
        Op::Gethostbyname {
            host: "<broadcast>".into(),
        },
        Op::Gethostbyname { host: "::1".into() },
        Op::Gethostbyaddr { ip: "".into() },
        Op::Gethostbyaddr {
            ip: "::1%lo".into(),
        },
        Op::Getfqdn {
            name: "::1%lo".into(),
        },
        gai("127.0.0.1", None, None, None),
        gai("::1", Some("80"), None, None),
        gai("127.0.0.1", Some("domain"), None, None),
        gai("::1", Some("80"), Some(Inet), None),
        gai("127.0.0.1", Some("nosuchservice"), None, None),
        gai("::1%lo", Some("7"), Some(Inet6), None),
    ];
    assert_eq!(ops.len(), python.len());
    for (op, want) in ops.iter().zip(&python) {
        let got = match run(op) {
            Some((Outcome::Ok(v), _)) => serde_json::json!({ "ok": as_json(&v) }),
            Some((Outcome::Err(e), _)) => serde_json::json!({ "err": e.to_string() }),
            other => panic!("{op:?}: {other:?}"),
        };
        assert_eq!(&got, want, "{op:?}");
    }
}

/// A value as the Python script above prints it.
fn as_json(v: &Value) -> serde_json::Value {
    use serde_json::json;
    match v {
        Value::Int(n) => json!(n),
        Value::Str(s) => json!(s),
        Value::AddrInfo(list) => list
            .iter()
            .map(|e| {
                let family = match e.family {
                    Family::Inet => libc::AF_INET,
                    Family::Inet6 => libc::AF_INET6,
                };
                let kind = match e.kind {
                    SockType::Stream => libc::SOCK_STREAM,
                    SockType::Dgram => libc::SOCK_DGRAM,
                };
                json!([family, kind, e.proto, e.canonname, [e.addr.ip, e.addr.port]])
            })
            .collect(),
        Value::HostEx {
            name,
            aliases,
            addrs,
        } => json!([name, aliases, addrs]),
        other => json!(format!("{other:?}")),
    }
}
