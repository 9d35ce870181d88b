//! Unit tests for the parent module.

use super::*;

fn sa(s: &str) -> SocketAddr {
    s.parse().expect("test address")
}

fn rule(s: &str) -> AllowRule {
    s.parse().expect("test rule")
}

fn policy(profile: Profile, bind: RangeInclusive<u16>, allow: &[&str]) -> Policy {
    Policy::new(
        profile,
        &PolicyConfig {
            bind_ports: bind,
            allow_connect: allow.iter().map(|r| rule(r)).collect(),
        },
    )
}

fn local() -> Policy {
    policy(Profile::Local, 1024..=65535, &[])
}

fn shared() -> Policy {
    policy(Profile::Shared, 20000..=29999, &[])
}

const SERVICES: &[u16] = &[7000, 7001];
const SESSION: &[u16] = &[20001];
const KNOWN: KnownPorts<'static> = KnownPorts {
    services: SERVICES,
    session: SESSION,
};

/// Addresses that are never loopback, in every notation the brief lists.
const OUTSIDE: &[&str] = &[
    "10.0.0.5:80",
    "172.16.0.1:80",
    "192.168.1.10:7000",
    "169.254.169.254:80",
    "8.8.8.8:53",
    "[2001:4860::8888]:53",
    "[::ffff:10.0.0.1]:80",
    "[fe80::1]:80",
    "[fd00::1]:80",
];

#[test]
fn local_binds_any_address_in_range() {
    let p = local();
    for a in [
        "0.0.0.0:5000",
        "[::]:5000",
        "127.0.0.1:5000",
        "127.0.0.2:1024",
        "[::1]:65535",
        "192.168.1.10:8080",
    ] {
        assert_eq!(p.check_bind(sa(a)), Ok(()), "{a}");
    }
}

#[test]
fn port_zero_is_always_bindable() {
    assert_eq!(local().check_bind(sa("0.0.0.0:0")), Ok(()));
    assert_eq!(shared().check_bind(sa("127.0.0.1:0")), Ok(()));
    assert_eq!(shared().check_bind(sa("[::1]:0")), Ok(()));
}

#[test]
fn bind_port_range_edges() {
    let p = shared();
    assert_eq!(p.check_bind(sa("127.0.0.1:20000")), Ok(()));
    assert_eq!(p.check_bind(sa("127.0.0.1:29999")), Ok(()));
    assert_eq!(
        p.check_bind(sa("127.0.0.1:19999")),
        Err(PolicyError::BindPort {
            port: 19999,
            lo: 20000,
            hi: 29999
        })
    );
    assert!(p.check_bind(sa("127.0.0.1:30000")).is_err());
    assert!(local().check_bind(sa("127.0.0.1:1023")).is_err());
    assert!(local().check_bind(sa("127.0.0.1:80")).is_err());
    let single = policy(Profile::Local, 9000..=9000, &[]);
    assert_eq!(single.check_bind(sa("127.0.0.1:9000")), Ok(()));
    assert!(single.check_bind(sa("127.0.0.1:9001")).is_err());
}

#[test]
fn shared_binds_loopback_only() {
    let p = shared();
    for a in [
        "127.0.0.1:20000",
        "127.9.9.9:20000",
        "[::1]:20000",
        "[::ffff:127.0.0.1]:20000",
    ] {
        assert_eq!(p.check_bind(sa(a)), Ok(()), "{a}");
    }
    for a in [
        "0.0.0.0:20000",
        "[::]:20000",
        "[::ffff:0.0.0.0]:20000",
        "10.0.0.5:20000",
        "192.168.1.10:20000",
        "[2001:4860::8888]:20000",
        "[::ffff:10.0.0.1]:20000",
    ] {
        assert_eq!(
            p.check_bind(sa(a)),
            Err(PolicyError::BindExposed { addr: sa(a) }),
            "{a}"
        );
    }
}

#[test]
fn bind_messages_explain_the_rule() {
    let wildcard = shared()
        .check_bind(sa("0.0.0.0:20000"))
        .expect_err("refused")
        .to_string();
    assert!(wildcard.contains("would expose port 20000 to the network"));
    assert!(wildcard.contains("what '' means"));
    let port = shared()
        .check_bind(sa("127.0.0.1:80"))
        .expect_err("refused")
        .to_string();
    assert!(port.contains("20000-29999"));
    assert!(port.contains("--bind-ports"));
}

#[test]
fn local_connects_any_loopback_port() {
    let p = local();
    let none = KnownPorts::default();
    for a in [
        "127.0.0.1:22",
        "127.0.0.1:7000",
        "127.255.0.1:5432",
        "[::1]:631",
        "[::ffff:127.0.0.1]:80",
    ] {
        assert_eq!(p.check_connect(sa(a), &none), Ok(()), "{a}");
    }
}

#[test]
fn nothing_outside_loopback_without_allowlist() {
    for p in [local(), shared()] {
        for a in OUTSIDE {
            assert_eq!(
                p.check_connect(sa(a), &KNOWN),
                Err(PolicyError::ConnectOutside {
                    target: sa(a),
                    profile: p.profile()
                }),
                "{a} in {:?}",
                p.profile()
            );
        }
    }
}

#[test]
fn shared_connects_services_and_session_ports_only() {
    let p = shared();
    for a in [
        "127.0.0.1:7000",
        "127.0.0.1:7001",
        "[::1]:20001",
        "[::ffff:127.0.0.1]:7000",
    ] {
        assert_eq!(p.check_connect(sa(a), &KNOWN), Ok(()), "{a}");
    }
    for a in [
        "127.0.0.1:22",
        "127.0.0.1:20002",
        "[::1]:5432",
        "127.0.0.1:0",
    ] {
        assert_eq!(
            p.check_connect(sa(a), &KNOWN),
            Err(PolicyError::ConnectPort { target: sa(a) }),
            "{a}"
        );
    }
    let zero = KnownPorts {
        services: &[0],
        session: &[0],
    };
    assert!(p.check_connect(sa("127.0.0.1:0"), &zero).is_err());
}

#[test]
fn never_unspecified_broadcast_or_multicast() {
    // Even an allow-everything rule does not make these destinations.
    let open = ["0.0.0.0/0:*", "[::/0]:*"];
    for p in [
        local(),
        shared(),
        policy(Profile::Local, 1024..=65535, &open),
        policy(Profile::Shared, 20000..=29999, &open),
    ] {
        for a in ["0.0.0.0:7000", "[::]:7000", "[::ffff:0.0.0.0]:7000"] {
            assert_eq!(
                p.check_connect(sa(a), &KNOWN),
                Err(PolicyError::ConnectUnspecified { target: sa(a) })
            );
        }
        for a in ["224.0.0.1:5000", "239.255.255.250:1900", "[ff02::1]:5000"] {
            assert_eq!(
                p.check_connect(sa(a), &KNOWN),
                Err(PolicyError::ConnectMulticast { target: sa(a) })
            );
        }
        assert_eq!(
            p.check_connect(sa("255.255.255.255:9"), &KNOWN),
            Err(PolicyError::ConnectBroadcast {
                target: sa("255.255.255.255:9")
            })
        );
    }
}

#[test]
fn allowlist_widens_connect_in_both_profiles() {
    let allow = ["10.0.0.0/8:80", "192.168.1.10:*", "[2001:db8::/32]:443-444"];
    for profile in [Profile::Local, Profile::Shared] {
        let p = policy(profile, 1024..=65535, &allow);
        for a in [
            "10.0.0.5:80",
            "10.255.255.254:80",
            "[::ffff:10.0.0.1]:80",
            "192.168.1.10:1",
            "192.168.1.10:65535",
            "[2001:db8::1]:443",
            "[2001:db8:ffff::1]:444",
        ] {
            assert_eq!(p.check_connect(sa(a), &KNOWN), Ok(()), "{a}");
        }
        for a in [
            "10.0.0.5:81",
            "11.0.0.5:80",
            "192.168.1.11:80",
            "[2001:db9::1]:443",
            "[2001:db8::1]:445",
            "169.254.169.254:80",
        ] {
            assert!(p.check_connect(sa(a), &KNOWN).is_err(), "{a}");
        }
    }
    // A loopback rule opens loopback ports a shared relay would refuse.
    let p = policy(Profile::Shared, 20000..=29999, &["127.0.0.1:5432"]);
    assert_eq!(p.check_connect(sa("127.0.0.1:5432"), &KNOWN), Ok(()));
    assert!(p.check_connect(sa("127.0.0.2:5432"), &KNOWN).is_err());
}

#[test]
fn connect_messages_explain_the_rule() {
    let shared_msg = shared()
        .check_connect(sa("10.0.0.5:80"), &KNOWN)
        .expect_err("refused")
        .to_string();
    assert_eq!(
        shared_msg,
        "10.0.0.5:80 is outside this relay's reach: a shared relay only reaches its own \
         services and your own sockets on loopback (an operator can widen this with \
         --allow-connect)"
    );
    let local_msg = local()
        .check_connect(sa("8.8.8.8:53"), &KNOWN)
        .expect_err("refused")
        .to_string();
    assert!(local_msg.contains("a local relay only reaches loopback addresses"));
    let port_msg = shared()
        .check_connect(sa("127.0.0.1:22"), &KNOWN)
        .expect_err("refused")
        .to_string();
    assert!(port_msg.contains("port 22 is neither"));
    let rejection: shared::Rejection = PolicyError::ConnectPort {
        target: sa("127.0.0.1:22"),
    }
    .into();
    assert!(rejection
        .to_string()
        .starts_with("refused by relay policy: "));
}

#[test]
fn broadcast_option_is_refused_others_allowed() {
    for p in [local(), shared()] {
        let err = p.check_sockopt(SockOpt::Broadcast).expect_err("refused");
        assert!(err.to_string().starts_with("SO_BROADCAST is refused: "));
        for opt in [
            SockOpt::ReuseAddr,
            SockOpt::ReusePort,
            SockOpt::RcvBuf,
            SockOpt::SndBuf,
            SockOpt::KeepAlive,
            SockOpt::Linger,
            SockOpt::TcpNoDelay,
            SockOpt::V6Only,
        ] {
            assert_eq!(p.check_sockopt(opt), Ok(()), "{opt:?}");
        }
    }
}

#[test]
fn shared_resolves_only_without_dns() {
    let p = shared();
    for h in [
        "",
        "localhost",
        "LocalHost",
        "localhost6",
        "ip6-localhost",
        "127.0.0.1",
        "10.0.0.5",
        "::1",
        "::ffff:127.0.0.1",
    ] {
        assert_eq!(p.check_resolve(h), Ok(()), "{h:?}");
    }
    for h in [
        "example.com",
        "localhost.",
        "foo.localhost",
        "[::1]",
        "127.1",
        "<broadcast>",
    ] {
        assert_eq!(
            p.check_resolve(h),
            Err(PolicyError::Resolve {
                host: h.to_string()
            }),
            "{h:?}"
        );
    }
    assert_eq!(local().check_resolve("example.com"), Ok(()));
}

#[test]
fn shared_reverse_resolves_loopback_only() {
    let ip = |s: &str| s.parse::<IpAddr>().expect("test ip");
    let p = shared();
    assert_eq!(p.check_reverse_resolve(ip("127.0.0.1")), Ok(()));
    assert_eq!(p.check_reverse_resolve(ip("::ffff:127.0.0.1")), Ok(()));
    assert!(p.check_reverse_resolve(ip("8.8.8.8")).is_err());
    assert!(p.check_reverse_resolve(ip("0.0.0.0")).is_err());
    assert_eq!(local().check_reverse_resolve(ip("8.8.8.8")), Ok(()));
}

#[test]
fn allow_rules_parse_and_print_back() {
    for s in [
        "10.0.0.5:80",
        "10.0.0.5:*",
        "10.0.0.0/8:80",
        "10.0.0.0/8:8000-8100",
        "0.0.0.0/0:*",
        "[::1]:80",
        "[2001:db8::/32]:443",
        "[::/0]:*",
    ] {
        assert_eq!(rule(s).to_string(), s);
    }
    assert_eq!(
        rule(" 10.0.0.5:80 "),
        AllowRule::V4 {
            net: Ipv4Addr::new(10, 0, 0, 5),
            prefix: 32,
            ports: 80..=80
        }
    );
    assert_eq!(rule("[::ffff:10.0.0.1]:80").to_string(), "10.0.0.1:80");
    assert_eq!(
        rule("[::ffff:10.0.0.0/104]:80").to_string(),
        "10.0.0.0/8:80"
    );
    assert!(rule("0.0.0.0/0:*").is_everything());
    assert!(!rule("10.0.0.0/8:*").is_everything());
}

#[test]
fn bad_allow_rules_say_why() {
    let err = |s: &str| s.parse::<AllowRule>().expect_err("bad rule");
    assert!(matches!(
        err("10.0.0.5"),
        AllowRuleError::MissingPort { .. }
    ));
    assert!(matches!(err("[::1]"), AllowRuleError::MissingPort { .. }));
    assert!(matches!(
        err("::1:80"),
        AllowRuleError::UnbracketedIpv6 { .. }
    ));
    assert!(matches!(
        err("example.com:80"),
        AllowRuleError::HostName { .. }
    ));
    assert!(matches!(
        err("10.0.0:80"),
        AllowRuleError::BadAddress { .. }
    ));
    assert!(matches!(err("[::1:80"), AllowRuleError::BadAddress { .. }));
    assert!(matches!(
        err("10.0.0.0/33:80"),
        AllowRuleError::BadPrefix { .. }
    ));
    assert!(matches!(
        err("10.0.0.0/x:80"),
        AllowRuleError::BadPrefix { .. }
    ));
    assert!(matches!(
        err("[::/129]:80"),
        AllowRuleError::BadPrefix { .. }
    ));
    assert!(matches!(
        err("10.0.0.5:70000"),
        AllowRuleError::BadPorts { .. }
    ));
    assert!(matches!(
        err("10.0.0.5:90-80"),
        AllowRuleError::BadPorts { .. }
    ));
    assert!(matches!(err("10.0.0.5:"), AllowRuleError::BadPorts { .. }));
    assert_eq!(
        err("10.0.0.5/8:80"),
        AllowRuleError::HostBits {
            rule: "10.0.0.5/8:80".into(),
            prefix: 8,
            suggestion: "10.0.0.0/8:80".into()
        }
    );
    assert!(err("10.0.0.5/8:80")
        .to_string()
        .contains("did you mean 10.0.0.0/8:80"));
}

#[test]
fn rule_names_are_stable() {
    let e = PolicyError::Resolve { host: "x".into() };
    assert_eq!(e.rule_name(), "resolve");
}
