use crate::view::oneliner::*;
use shared::{ServiceInfo, ServiceProto};

fn svc(proto: ServiceProto, host: &str, port: u16) -> ServiceInfo {
    ServiceInfo {
        name: "echo".into(),
        proto,
        host: host.into(),
        port,
        description: "sends back every byte".into(),
    }
}

const TCP: ServiceProto = ServiceProto::Tcp;
const UDP: ServiceProto = ServiceProto::Udp;

#[test]
fn tcp_commands() {
    let s = svc(TCP, "127.0.0.1", 7000);
    assert_eq!(nc_command(&s, "class.example.org"), "nc 127.0.0.1 7000");
    assert_eq!(
        python_command(&s, "class.example.org"),
        r#"python3 -c "import socket; s = socket.create_connection(('127.0.0.1', 7000), timeout=5); s.sendall(b'hello\n'); print(s.recv(1024))""#
    );
}

#[test]
fn udp_commands() {
    let s = svc(UDP, "127.0.0.1", 7001);
    assert_eq!(nc_command(&s, "127.0.0.1"), "nc -u 127.0.0.1 7001");
    assert_eq!(
        python_command(&s, "127.0.0.1"),
        r#"python3 -c "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(5); s.sendto(b'hello\n', ('127.0.0.1', 7001)); print(s.recvfrom(1024))""#
    );
}

#[test]
fn wildcard_services_use_the_page_host() {
    let any4 = svc(TCP, "0.0.0.0", 7000);
    assert_eq!(target_host(&any4, "class.example.org"), "class.example.org");
    assert_eq!(
        nc_command(&any4, "class.example.org"),
        "nc class.example.org 7000"
    );
    assert_eq!(
        python_command(&any4, "class.example.org"),
        r#"python3 -c "import socket; s = socket.create_connection(('class.example.org', 7000), timeout=5); s.sendall(b'hello\n'); print(s.recv(1024))""#
    );
    let any6 = svc(UDP, "::", 7000);
    assert_eq!(target_host(&any6, "192.0.2.7"), "192.0.2.7");
    assert_eq!(target_host(&svc(TCP, "", 7000), "192.0.2.7"), "192.0.2.7");
    // A page opened without a host: the wildcard family's loopback.
    assert_eq!(target_host(&any4, ""), "127.0.0.1");
    assert_eq!(target_host(&any6, " "), "::1");
    assert_eq!(target_host(&svc(TCP, "", 7000), ""), "127.0.0.1");
    // A specific service address wins over the page host.
    assert_eq!(
        target_host(&svc(TCP, "10.0.0.5", 7000), "class.example.org"),
        "10.0.0.5"
    );
}

#[test]
fn ipv6_hosts_are_bare_for_nc_and_in_a_tuple_for_python() {
    let s = svc(TCP, "::1", 7000);
    assert_eq!(nc_command(&s, "[::1]"), "nc ::1 7000");
    assert_eq!(
        python_command(&s, "[::1]"),
        r#"python3 -c "import socket; s = socket.create_connection(('::1', 7000), timeout=5); s.sendall(b'hello\n'); print(s.recv(1024))""#
    );
    // A browser's bracketed page host, for a service on `::`.
    let any = svc(UDP, "::", 7000);
    assert_eq!(target_host(&any, "[2001:db8::1]"), "2001:db8::1");
    assert_eq!(nc_command(&any, "[2001:db8::1]"), "nc -u 2001:db8::1 7000");
    assert_eq!(
        python_command(&any, "[2001:db8::1]"),
        r#"python3 -c "import socket; s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.settimeout(5); s.sendto(b'hello\n', ('2001:db8::1', 7000)); print(s.recvfrom(1024))""#
    );
    // Bracketed service host and a zone id.
    assert_eq!(target_host(&svc(TCP, "[::1]", 7000), "x"), "::1");
    assert_eq!(
        target_host(&svc(TCP, "fe80::1%eth0", 7000), "x"),
        "fe80::1%eth0"
    );
}

#[test]
fn unsafe_hosts_become_a_placeholder() {
    let any = svc(TCP, "0.0.0.0", 7000);
    for bad in [
        "a$(rm)", "it's", "a\"b", "a b", "-e", "a!b", "a`b`", "a\\b", "a;b",
    ] {
        assert_eq!(target_host(&any, bad), HOST_PLACEHOLDER, "{bad}");
    }
    assert_eq!(nc_command(&any, "a;b"), "nc HOST 7000");
    assert_eq!(target_host(&any, "my-host_1.example"), "my-host_1.example");
}

#[test]
fn python_lines_need_no_shell_escaping() {
    for s in [svc(TCP, "127.0.0.1", 7000), svc(UDP, "::", 7001)] {
        let cmd = python_command(&s, "[::1]");
        let code = cmd
            .strip_prefix("python3 -c \"")
            .and_then(|c| c.strip_suffix('"'))
            .unwrap_or_else(|| panic!("not a python3 -c line: {cmd}"));
        for c in ['"', '$', '`', '!', '\n'] {
            assert!(!code.contains(c), "{c:?} in {code}");
        }
        assert_eq!(
            code.matches('\\').count(),
            1,
            "only the \\n of b'hello\\n': {code}"
        );
        assert_eq!(PYTHON_TIMEOUT_SECS, 5);
    }
}
