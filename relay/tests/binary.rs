//! The `socket-playground` binary itself: it prints where everything is,
//! serves, and on SIGTERM closes every socket and exits 0.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn binary_prints_its_url_and_exits_cleanly_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_socket-playground"))
        .args(["--listen", "127.0.0.1:0", "--services-base-port", "0"])
        .env_remove("SOCKET_PLAYGROUND_CONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut url = None;
    let mut saw_echo = false;
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(rest) = line.trim().strip_prefix("page:") {
            url = Some(rest.trim().to_string());
        }
        saw_echo |= line.contains("echo") && line.contains("nc 127.0.0.1");
        if line.contains("Ctrl-C") {
            break;
        }
    }
    let url = url.expect("prints the page URL");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(saw_echo, "lists the echo service with an nc line");
    // The relay answers on that URL.
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(host).expect("relay answers");
    use std::io::{Read, Write};
    s.write_all(
        format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .expect("write");
    let mut reply = String::new();
    s.read_to_string(&mut reply).expect("read");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "exits after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "exit 0 after SIGTERM: {exit:?}");
}
