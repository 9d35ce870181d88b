//! TCP clients against the relay's services, through the page's UI: the
//! echo client flow (C7), partial reads (C15), EOF (C16), and the "TCP echo
//! client" preset run all at once.

use anyhow::{ensure, Result};
use socket_playground_e2e::page::Page;
use socket_playground_e2e::wait_for;

/// Connects a new IPv4 TCP socket to the relay's service `name` (using the
/// port's quick button) and returns the socket's name.
async fn connected_to(page: &Page, name: &str) -> Result<String> {
    let s = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    let port = page.tcp_port(name)?;
    page.pick_op("connect").await?;
    page.click(&format!("[data-testid=port-{name}]")).await?;
    let line = format!("{s}.connect(('127.0.0.1', {port}))");
    page.wait_text("[data-testid=preview]", "the connect preview", |t| {
        t == line
    })
    .await?;
    let id = page.run().await?;
    let e = page.wait_done(id).await?;
    ensure!(e.kind == "ok" && e.call == line, "connect to {name}: {e:?}");
    // A service that closes at once (half-close) may already have sent its
    // FIN when the kernel is asked: then the state is CLOSE_WAIT.
    page.wait_cell("state", &s, |t| t == "ESTABLISHED" || t == "CLOSE_WAIT")
        .await?;
    Ok(s)
}

/// C7: socket → connect → sendall → recv → close against the echo service,
/// each shown as the Python line with its result, the real syscalls, and
/// the socket row following along.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tcp_echo_client_flow() -> Result<()> {
    let page = Page::open(1920, 1080).await?;
    page.set_theme("light").await?;
    let echo = page.tcp_port("echo")?;

    let s = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    ensure!(s == "s1", "the first socket is {s}");
    let created = page.entry(1).await?;
    ensure!(
        created.call == "s1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
        "{created:?}"
    );
    ensure!(
        created.result.starts_with("<socket.socket fd=")
            && created.result.contains("family=2, type=1, proto=0"),
        "socket()'s repr: {created:?}"
    );
    let row = page.row_text("s1").await?;
    ensure!(row.contains("TCP/IPv4"), "s1's row: {row:?}");

    // connect, with the echo port from its quick button.
    page.pick_op("connect").await?;
    page.click("[data-testid=port-echo]").await?;
    page.wait_text("[data-testid=preview]", "the connect preview", |t| {
        t == format!("s1.connect(('127.0.0.1', {echo}))")
    })
    .await?;
    let id = page.run().await?;
    let connected = page.wait_done(id).await?;
    ensure!(
        connected.call == format!("s1.connect(('127.0.0.1', {echo}))"),
        "{connected:?}"
    );
    ensure!(
        connected.kind == "ok" && connected.result.is_empty(),
        "{connected:?}"
    );
    let trace = page.open_trace(id).await?;
    ensure!(
        trace.lines().any(|l| l.contains("connect(")),
        "connect's trace shows no connect( syscall: {trace:?}"
    );
    page.wait_cell("state", "s1", |t| t == "ESTABLISHED")
        .await?;
    let peer = page.cell("peer", "s1").await?.unwrap_or_default();
    ensure!(peer == format!("127.0.0.1:{echo}"), "s1's peer: {peer:?}");
    let local = page.cell("local", "s1").await?.unwrap_or_default();
    ensure!(
        local.starts_with("127.0.0.1:"),
        "s1's local address: {local:?}"
    );
    // The services panel sees the same connection from the echo's side.
    page.wait_text(
        "#services-title .count",
        "the echo's connection in the services panel",
        |t| t.trim() == "1 open connection",
    )
    .await?;

    let sent = page.call("sendall", &[("data", r"b'hello\n'")]).await?;
    ensure!(sent.call == r"s1.sendall(b'hello\n')", "{sent:?}");
    ensure!(sent.kind == "ok" && sent.result.is_empty(), "{sent:?}");

    let got = page.call("recv", &[("bufsize", "1024")]).await?;
    ensure!(got.call == "s1.recv(1024)", "{got:?}");
    ensure!(got.kind == "ok", "{got:?}");
    ensure!(
        got.result == r"b'hello\n'",
        "recv returned {:?}",
        got.result
    );

    page.screenshot("tcp-echo-client-1920x1080-light").await?;

    let closed = page.call("close", &[]).await?;
    ensure!(
        closed.call == "s1.close()" && closed.kind == "ok",
        "{closed:?}"
    );
    page.wait_socket_gone("s1").await?;
    page.wait_text(
        "#services-title .count",
        "the echo's connection to close",
        |t| t.trim() == "0 open connections",
    )
    .await?;
    let empty = page.text("[data-testid=no-sockets]").await?;
    ensure!(empty == "No open sockets.", "{empty:?}");
    page.close().await
}

/// C15: `recv(16)` on a 100-byte echo returns exactly 16 bytes; the next
/// `recv` returns the rest. The payload views show the same bytes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partial_reads_recv_16_of_100() -> Result<()> {
    let page = Page::open(1366, 768).await?;
    page.set_theme("dark").await?;
    let s = connected_to(&page, "echo").await?;
    let data: String = (0..10).map(|_| "0123456789").collect();
    ensure!(data.len() == 100);
    let sent = page.call("sendall", &[("data", &data)]).await?;
    ensure!(
        // A long payload's line is written as Python would repeat it.
        sent.kind == "ok" && sent.call == format!("{s}.sendall(b'0123456789' * 10)"),
        "{sent:?}"
    );
    let caption = page
        .text(&format!(
            "[data-testid=entry-{}-payload] figcaption",
            sent.id
        ))
        .await?;
    ensure!(caption.starts_with("sent · 100 bytes"), "{caption:?}");

    let first = page.call("recv", &[("bufsize", "16")]).await?;
    ensure!(first.call == format!("{s}.recv(16)"), "{first:?}");
    ensure!(
        first.kind == "ok" && first.result == format!("b'{}'", &data[..16]),
        "recv(16) of a 100-byte echo returned {:?}",
        first.result
    );
    let caption = page
        .text(&format!(
            "[data-testid=entry-{}-payload] figcaption",
            first.id
        ))
        .await?;
    ensure!(caption.starts_with("received · 16 bytes"), "{caption:?}");
    // The same 16 bytes as hex + ASCII.
    page.click(&format!("[data-testid=entry-{}-view-hex]", first.id))
        .await?;
    let hex = page
        .wait_text(
            &format!("[data-testid=entry-{}-payload-body]", first.id),
            "the hex view",
            |t| t.contains("30 31 32 33"),
        )
        .await?;
    ensure!(hex.contains("0123456789012345"), "hex view: {hex:?}");

    let rest = page.call("recv", &[("bufsize", "1024")]).await?;
    ensure!(
        rest.kind == "ok" && rest.result == format!("b'{}'", &data[16..]),
        "the next recv returned {:?}",
        rest.result
    );
    let caption = page
        .text(&format!(
            "[data-testid=entry-{}-payload] figcaption",
            rest.id
        ))
        .await?;
    ensure!(caption.starts_with("received · 84 bytes"), "{caption:?}");
    page.screenshot("partial-reads-1366x768-dark").await?;
    page.close().await
}

/// C16: the `half-close` service sends a greeting and shuts down its side;
/// the first `recv` returns the greeting, the next `b''`, which the page
/// explains as the peer closing (EOF).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eof_recv_returns_empty_bytes() -> Result<()> {
    let page = Page::open(390, 844).await?;
    page.set_theme("auto").await?;
    let s = connected_to(&page, "half-close").await?;
    let greeting = page.call("recv", &[("bufsize", "1024")]).await?;
    // CPython's repr picks double quotes: the bytes hold ' and no ".
    ensure!(
        greeting.kind == "ok"
            && greeting.result
                == r#"b"half-close: I have shut down my sending side; your recv() now returns b'', but I still read what you send\r\n""#,
        "the greeting: {greeting:?}"
    );
    ensure!(greeting.explain.is_empty(), "{greeting:?}");

    let eof = page.call("recv", &[("bufsize", "1024")]).await?;
    ensure!(eof.call == format!("{s}.recv(1024)"), "{eof:?}");
    ensure!(
        eof.kind == "ok" && eof.result == "b''",
        "after the FIN: {eof:?}"
    );
    ensure!(
        eof.explain.contains("peer closed") || eof.explain.contains("peer closed its side"),
        "the EOF explanation: {:?}",
        eof.explain
    );
    ensure!(
        eof.explain.contains("EOF"),
        "the EOF explanation: {:?}",
        eof.explain
    );
    // The kernel agrees: the peer's FIN leaves this side in CLOSE_WAIT.
    page.wait_cell("state", &s, |t| t == "CLOSE_WAIT").await?;
    page.screenshot("eof-390x844-auto").await?;
    page.screenshot_of(
        &format!("li[data-testid=entry-{}]", eof.id),
        "eof-entry-390x844-auto",
    )
    .await?;
    page.close().await
}

/// The "TCP echo client" preset, run all at once: every step is sent in
/// order and returns normally, and the echo comes back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preset_tcp_echo_client_run_all() -> Result<()> {
    let page = Page::open(1366, 768).await?;
    page.set_theme("light").await?;
    page.set_presenter(true).await?;
    let steps = page.open_preset(0).await?;
    ensure!(steps == 5, "the echo client preset has {steps} steps");
    let first = page.text("[data-testid=preset-step-1]").await?;
    ensure!(
        first.contains("socket.socket(socket.AF_INET, socket.SOCK_STREAM)"),
        "step 1: {first:?}"
    );
    page.run_preset_to_end().await?;
    let ids = wait_for("the five preset calls in the console", || async {
        let ids = page.entry_ids().await?;
        Ok((ids.len() == 5).then_some(ids))
    })
    .await?;
    let mut views = Vec::new();
    for id in ids {
        views.push(page.wait_done(id).await?);
    }
    let echo = page.tcp_port("echo")?;
    let calls: Vec<&str> = views.iter().map(|v| v.call.as_str()).collect();
    let want = [
        "s1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)".to_string(),
        format!("s1.connect(('127.0.0.1', {echo}))"),
        "s1.sendall(b'hello, echo!')".into(),
        "s1.recv(1024)".into(),
        "s1.close()".into(),
    ];
    ensure!(calls == want, "the preset ran {calls:?}");
    for v in &views {
        ensure!(
            v.kind == "ok",
            "a preset step did not return normally: {v:?}"
        );
    }
    ensure!(views[3].result == "b'hello, echo!'", "{:?}", views[3]);
    for k in 1..=5 {
        let class = page
            .attr_now(&format!("[data-testid=preset-step-{k}]"), "class")
            .await?;
        ensure!(class.as_deref() == Some("done"), "step {k} is {class:?}");
    }
    page.wait_socket_gone("s1").await?;
    page.screenshot("preset-tcp-echo-1366x768-light-presenter")
        .await?;
    page.close().await
}
