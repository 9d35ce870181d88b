//! The course's example programs, preloaded in the script editor.
//!
//! Each one is short, idiomatic course code, commented for a learner, and
//! runs unmodified under CPython against the relay's services: what the
//! learner edits in the page is what they can later run at home. Sources
//! name services by placeholder (`{echo}`, `{chunked-echo}`, …) and
//! [`source`] fills in the ports the relay announced in its hello, so the
//! examples also work against a relay whose services are not on the
//! default ports.

use shared::{ServiceInfo, ServiceProto};

/// One example program.
#[derive(Debug, PartialEq, Eq)]
pub struct Example {
    /// A stable id (`echo-client`), for links and the editor's menu value.
    pub id: &'static str,
    /// The menu's label.
    pub title: &'static str,
    /// One sentence: what it shows.
    pub summary: &'static str,
    /// The program, with `{service}` placeholders for ports and `{host}`
    /// for the services' address (see [`source`]).
    source: &'static str,
}

/// The relay's services and their default ports (`DEFAULT_BASE_PORT` 7000
/// plus each service's offset), used when the hello does not name one.
const DEFAULT_PORTS: [(&str, u16); 10] = [
    ("echo", 7000),
    ("discard", 7001),
    ("daytime", 7002),
    ("chargen", 7003),
    ("slow-echo", 7004),
    ("chunked-echo", 7005),
    ("reset", 7006),
    ("half-close", 7007),
    ("silent", 7008),
    ("backlog", 7009),
];

/// Where the services listen unless the hello says otherwise.
const DEFAULT_HOST: &str = "127.0.0.1";

/// Every example, in the order the editor's menu lists them (a course's
/// order: a client first, then a server, then the awkward parts).
pub fn catalogue() -> &'static [Example] {
    &CATALOGUE
}

/// The example with this id.
pub fn find(id: &str) -> Option<&'static Example> {
    CATALOGUE.iter().find(|e| e.id == id)
}

/// The example's program with the relay's actual service ports (and
/// address) filled in; services the hello does not list keep their
/// default ports. `{echo}` is TCP echo's port, which UDP echo shares.
pub fn source(example: &Example, services: &[ServiceInfo]) -> String {
    let mut out = example.source.replace("{host}", &services_host(services));
    for (name, default) in DEFAULT_PORTS {
        let placeholder = format!("{{{name}}}");
        if out.contains(&placeholder) {
            let port = service_port(services, name).unwrap_or(default);
            out = out.replace(&placeholder, &port.to_string());
        }
    }
    out
}

/// A service's port: its TCP listener's, else (for `echo`) its UDP one's.
fn service_port(services: &[ServiceInfo], name: &str) -> Option<u16> {
    let by = |proto| {
        services
            .iter()
            .find(|s| s.name == name && s.proto == proto)
            .map(|s| s.port)
    };
    by(ServiceProto::Tcp).or_else(|| by(ServiceProto::Udp))
}

/// The address the services listen on: echo's, else any service's.
fn services_host(services: &[ServiceInfo]) -> String {
    services
        .iter()
        .find(|s| s.name == "echo")
        .or_else(|| services.first())
        .map(|s| s.host.clone())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| DEFAULT_HOST.to_string())
}

static CATALOGUE: [Example; 7] = [
    Example {
        id: "echo-client",
        title: "Echo client",
        summary:
            "Connect to the echo service, send a message and read the echo back in 16-byte pieces.",
        source: ECHO_CLIENT,
    },
    Example {
        id: "echo-server",
        title: "Echo server",
        summary: "Listen on a port, accept one client and send back everything it sends.",
        source: ECHO_SERVER,
    },
    Example {
        id: "udp-echo",
        title: "UDP echo",
        summary: "Datagrams with sendto() and recvfrom(), and a timeout because UDP may lose them.",
        source: UDP_ECHO,
    },
    Example {
        id: "timeout",
        title: "Timeouts",
        summary: "settimeout() turns a recv() that would wait forever into socket.timeout.",
        source: TIMEOUT,
    },
    Example {
        id: "non-blocking",
        title: "Non-blocking socket",
        summary: "setblocking(False): a call that would wait raises BlockingIOError at once.",
        source: NON_BLOCKING,
    },
    Example {
        id: "partial-reads",
        title: "Partial reads",
        summary: "TCP is a byte stream: one sendall() can take several recv() calls to read back.",
        source: PARTIAL_READS,
    },
    Example {
        id: "server-and-client",
        title: "Server and client in one script",
        summary: "Listen on a port the kernel picks, connect to it, accept, and talk both ways.",
        source: SERVER_AND_CLIENT,
    },
];

const ECHO_CLIENT: &str = r#"# The classic TCP echo client: connect, send a message, read the echo.
import socket

HOST = '{host}'  # the relay's services listen on this machine
PORT = {echo}  # the echo service sends back every byte it reads

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    message = b'This is the message.  It will be repeated.'
    print('sending', message)
    s.sendall(message)

    # TCP is a stream of bytes, not of messages: the echo may come back
    # in several pieces, so keep reading until all of it has arrived.
    amount_received = 0
    amount_expected = len(message)
    while amount_received < amount_expected:
        data = s.recv(16)  # at most 16 bytes
        if not data:  # b'': the server closed the connection
            break
        amount_received += len(data)
        print('received', data)

# Leaving the with block closed the socket.
print('done')
"#;

const ECHO_SERVER: &str = r#"# The classic echo server: wait for a client, send back what it sends.
#
# While it waits in accept(), connect to it from somewhere else:
#   - the op builder: a new TCP socket, then connect to ('127.0.0.1', 20001);
#   - the Python console:
#       c = socket.create_connection(('127.0.0.1', 20001))
#   - a terminal on the relay's machine: nc 127.0.0.1 20001
import socket

HOST = '127.0.0.1'
PORT = 20001  # a shared relay lets you bind ports 20000-29999

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    # Allow binding the port again at once when you rerun the script,
    # even while the last run's connection waits in TIME_WAIT.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen(1)
    print('listening on', s.getsockname())
    conn, addr = s.accept()  # waits here until a client connects
    with conn:
        print('connected by', addr)
        while True:
            data = conn.recv(1024)
            if not data:  # b'': the client closed its side
                break
            conn.sendall(data)
        print('connection from', addr, 'closed')
"#;

const UDP_ECHO: &str = r#"# UDP: no connection. Each sendto() sends one datagram, and each
# recvfrom() returns one whole datagram and the address it came from.
import socket

HOST = '{host}'
PORT = {echo}  # the UDP echo service sends each datagram back to its sender

with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    # A datagram or its answer may be lost: never wait forever for one.
    s.settimeout(2)
    for message in [b'first datagram', b'second']:
        s.sendto(message, (HOST, PORT))
        try:
            data, addr = s.recvfrom(1024)
            print('received', data, 'from', addr)
        except socket.timeout:
            print('no answer within 2 seconds: a datagram was lost')
"#;

const TIMEOUT: &str = r#"# A timeout turns a call that would wait forever into an exception.
import socket

HOST = '{host}'
PORT = {silent}  # the silent service accepts, then never sends anything

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    s.settimeout(1.0)  # from now on, each call waits at most 1 second
    print('timeout:', s.gettimeout())
    try:
        data = s.recv(1024)  # nothing will ever arrive
        print('received', data)
    except socket.timeout as e:  # the same class as TimeoutError
        print('recv() gave up:', e)
"#;

const NON_BLOCKING: &str = r#"# A non-blocking socket never waits: a call that would have to wait
# raises BlockingIOError at once, and the program can do something else.
import socket

HOST = '{host}'
PORT = {silent}  # the silent service accepts, then never sends anything

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))  # still blocking here: connect completes first
    s.setblocking(False)  # the same as s.settimeout(0.0)
    try:
        data = s.recv(1024)
        print('received', data)
    except BlockingIOError as e:
        # EAGAIN (errno 11 on Linux): no data yet, try again later.
        print('nothing to read yet, errno', e.errno, '-', e)
    # There is room in the send buffer, so send() does not have to wait:
    # the kernel takes the bytes even though silent never reads them.
    sent = s.send(b'hello')
    print('send() took', sent, 'bytes')
"#;

const PARTIAL_READS: &str = r#"# TCP delivers a stream of bytes: what one sendall() sent may take
# several recv() calls to read. The chunked-echo service sends the echo
# back in pieces of random size, so the pieces change from run to run.
import socket

HOST = '{host}'
PORT = {chunked-echo}

message = b'The quick brown fox jumps over the lazy dog.'
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    s.sendall(message)
    chunks = []
    received = 0
    while received < len(message):
        chunk = s.recv(8)  # at most 8 bytes, often fewer
        if not chunk:  # b'': the server closed the connection
            break
        chunks.append(chunk)
        received += len(chunk)
        print(len(chunk), 'bytes:', chunk)
    print(len(chunks), 'recv() calls; run it again and the pieces differ')
    print('joined:', b''.join(chunks))
"#;

const SERVER_AND_CLIENT: &str = r#"# Both ends of a TCP connection in one script: no outside client needed.
import socket

# The server. Port 0 asks the kernel to pick a free port.
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(('127.0.0.1', 0))
server.listen(1)
host, port = server.getsockname()
print('server listening on', (host, port))

# The client. connect() returns once the kernel has queued the new
# connection for the server, before the server calls accept().
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect((host, port))

conn, addr = server.accept()  # the connection is already waiting
print('server accepted a client from', addr)
print('client is', client.getsockname(), 'talking to', client.getpeername())

client.sendall(b'ping')
print('server received', conn.recv(1024))
conn.sendall(b'pong')
print('client received', client.recv(1024))

client.close()
print('client closed; server now reads', conn.recv(1024))  # b'': end of stream
conn.close()
server.close()
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::service;

    #[test]
    fn ids_are_unique_and_as_documented() {
        let ids: Vec<&str> = catalogue().iter().map(|e| e.id).collect();
        assert_eq!(
            ids,
            [
                "echo-client",
                "echo-server",
                "udp-echo",
                "timeout",
                "non-blocking",
                "partial-reads",
                "server-and-client"
            ]
        );
        for e in catalogue() {
            assert_eq!(find(e.id), Some(e));
            assert!(!e.title.is_empty() && !e.summary.is_empty(), "{}", e.id);
        }
        assert_eq!(find("nope"), None);
    }

    #[test]
    fn every_example_parses_with_default_and_announced_ports() {
        let announced = vec![
            service("echo", ServiceProto::Tcp, 17000),
            service("echo", ServiceProto::Udp, 17000),
            service("silent", ServiceProto::Tcp, 17008),
            service("chunked-echo", ServiceProto::Tcp, 17005),
        ];
        for services in [Vec::new(), announced] {
            for e in catalogue() {
                let src = source(e, &services);
                if let Err(err) = interp::parser::parse(&src) {
                    panic!("{} does not parse: {err:?}\n{src}", e.id);
                }
                for (name, _) in DEFAULT_PORTS {
                    assert!(!src.contains(&format!("{{{name}}}")), "{}: {name}", e.id);
                }
                assert!(!src.contains("{host}"), "{}", e.id);
            }
        }
    }

    #[test]
    fn ports_come_from_the_hello_with_defaults_for_the_rest() {
        let example = |id| find(id).map(|e| e.source).unwrap_or_default();
        let services = vec![
            service("echo", ServiceProto::Tcp, 17000),
            service("chunked-echo", ServiceProto::Tcp, 17005),
        ];
        let client = source(find("echo-client").expect("exists"), &services);
        assert!(client.contains("PORT = 17000  #"), "{client}");
        assert!(client.contains("HOST = '127.0.0.1'"), "{client}");
        assert!(example("echo-client").contains("PORT = {echo}"));
        let partial = source(find("partial-reads").expect("exists"), &services);
        assert!(partial.contains("PORT = 17005\n"), "{partial}");
        // silent is not announced: its default port.
        let timeout = source(find("timeout").expect("exists"), &services);
        assert!(timeout.contains("PORT = 7008  #"), "{timeout}");
        let defaults = source(find("non-blocking").expect("exists"), &[]);
        assert!(defaults.contains("PORT = 7008  #"), "{defaults}");
    }

    #[test]
    fn udp_echo_uses_the_echo_number_even_when_only_udp_is_announced() {
        let udp = find("udp-echo").expect("exists");
        let only_udp = vec![service("echo", ServiceProto::Udp, 27000)];
        assert!(source(udp, &only_udp).contains("PORT = 27000  #"));
        let both = vec![
            service("echo", ServiceProto::Udp, 27000),
            service("echo", ServiceProto::Tcp, 27000),
        ];
        assert!(source(udp, &both).contains("PORT = 27000  #"));
    }

    #[test]
    fn the_services_address_comes_from_the_hello() {
        let mut echo = service("echo", ServiceProto::Tcp, 7000);
        echo.host = "127.0.0.2".into();
        let src = source(find("echo-client").expect("exists"), &[echo]);
        assert!(src.contains("HOST = '127.0.0.2'"), "{src}");
    }

    #[test]
    fn the_examples_teach_what_their_titles_promise() {
        let src = |id| source(find(id).expect("exists"), &[]);
        let client = src("echo-client");
        assert!(client.contains("with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:"));
        assert!(client.contains("while amount_received < amount_expected:"));
        assert!(client.contains("s.recv(16)"));
        let server = src("echo-server");
        for needle in [
            "socket.SO_REUSEADDR, 1)",
            "PORT = 20001",
            "s.listen(1)",
            "conn, addr = s.accept()",
            "with conn:",
            "conn.recv(1024)",
            "c = socket.create_connection(('127.0.0.1', 20001))",
            "nc 127.0.0.1 20001",
        ] {
            assert!(server.contains(needle), "{needle}");
        }
        let udp = src("udp-echo");
        assert!(udp.contains("s.settimeout(2)") && udp.contains("s.recvfrom(1024)"));
        assert!(src("timeout").contains("except socket.timeout as e:"));
        let nb = src("non-blocking");
        assert!(nb.contains("s.setblocking(False)") && nb.contains("e.errno"));
        let partial = src("partial-reads");
        assert!(partial.contains("s.recv(8)") && partial.contains("b''.join(chunks)"));
        let both = src("server-and-client");
        assert!(both.contains("server.bind(('127.0.0.1', 0))"));
    }
}
