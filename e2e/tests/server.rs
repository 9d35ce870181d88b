//! The learner's own server, through the page's UI: bind to a port the
//! kernel picks, listen, a pending accept that completes when a second
//! socket connects, data both ways (C8, C12); and a second bind to a port
//! in use (C9).

use anyhow::{ensure, Context as _, Result};
use socket_playground_e2e::page::Page;

/// The port of an address cell (`127.0.0.1:40000`, `[::1]:40000`).
fn port_of(addr: &str) -> Result<u16> {
    addr.rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .with_context(|| format!("{addr:?} has no port"))
}

/// Binds `sock` to `('127.0.0.1', 0)` and returns the port the kernel chose,
/// as the socket table shows it.
async fn bind_any(page: &Page, sock: &str) -> Result<u16> {
    page.pick_socket(sock).await?;
    let bound = page
        .call("bind", &[("host", "127.0.0.1"), ("port", "0")])
        .await?;
    ensure!(
        bound.kind == "ok" && bound.call == format!("{sock}.bind(('127.0.0.1', 0))"),
        "{bound:?}"
    );
    let local = page
        .wait_cell("local", sock, |t| t.starts_with("127.0.0.1:"))
        .await?;
    let port = port_of(&local)?;
    ensure!(port != 0, "{sock} is bound to {local}");
    Ok(port)
}

/// C8 + C12: s1 binds and listens; `accept` waits visibly until s2
/// connects, then returns a new socket whose peer is s2; bytes go both ways
/// between s2 and the accepted socket.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn own_server_accepts_a_client() -> Result<()> {
    let page = Page::open(1920, 1080).await?;
    page.set_theme("dark").await?;

    let server = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    let port = bind_any(&page, &server).await?;
    let listening = page.call("listen", &[("backlog", "5")]).await?;
    ensure!(
        listening.kind == "ok" && listening.call == format!("{server}.listen(5)"),
        "{listening:?}"
    );
    page.wait_cell("state", &server, |t| t == "LISTEN").await?;
    let queue = page
        .wait_cell("accept-queue", &server, |t| t.contains("backlog 5"))
        .await?;
    ensure!(queue.starts_with("0 waiting"), "accept queue: {queue:?}");

    // accept blocks: nobody has connected yet.
    let accept = page.start("accept", &[]).await?;
    page.wait_pending(accept).await?;
    let pending = page.entry(accept).await?;
    ensure!(
        pending.kind == "waiting" && pending.call == format!("conn, addr = {server}.accept()"),
        "the pending accept: {pending:?}"
    );
    ensure!(
        pending.result.is_empty(),
        "a result shows while waiting: {pending:?}"
    );
    let waiting = page
        .text(&format!("[data-testid=waiting-{accept}]"))
        .await?;
    // The waiting line sits under the call, as a result would.
    let (_, call_y, _, call_h) = page
        .el(&format!("[data-testid=call-{accept}]"))
        .await?
        .rectangle()
        .await?;
    let (_, wait_y, _, _) = page
        .el(&format!("[data-testid=waiting-{accept}]"))
        .await?
        .rectangle()
        .await?;
    ensure!(
        wait_y >= call_y + call_h - 1.0,
        "the waiting line (y {wait_y}) is beside the call (y {call_y}, height {call_h})"
    );
    ensure!(
        waiting.contains("blocking"),
        "the waiting line: {waiting:?}"
    );
    page.screenshot("own-server-pending-accept-1920x1080-dark")
        .await?;

    // A second socket connects to the server's port (its quick button).
    let client = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    page.pick_op("connect").await?;
    page.click(&format!("[data-testid=port-your-{server}]"))
        .await?;
    let connect_line = format!("{client}.connect(('127.0.0.1', {port}))");
    page.wait_text("[data-testid=preview]", "the connect preview", |t| {
        t == connect_line
    })
    .await?;
    let id = page.run().await?;
    let connected = page.wait_done(id).await?;
    ensure!(
        connected.kind == "ok" && connected.call == connect_line,
        "{connected:?}"
    );
    let client_local = page
        .wait_cell("local", &client, |t| t.starts_with("127.0.0.1:"))
        .await?;
    let client_port = port_of(&client_local)?;

    // The accept completes with a new socket and the client's address.
    let accepted = page.wait_done(accept).await?;
    ensure!(accepted.kind == "ok", "{accepted:?}");
    let conn = accepted
        .call
        .strip_suffix(&format!(", addr = {server}.accept()"))
        .with_context(|| format!("accept's line is {:?}", accepted.call))?
        .to_string();
    ensure!(
        conn != server && conn != client && conn.starts_with('s'),
        "accept returned {conn:?}"
    );
    ensure!(
        accepted.result.starts_with("(<socket.socket fd=")
            && accepted
                .result
                .ends_with(&format!(", ('127.0.0.1', {client_port}))")),
        "accept's result: {:?}",
        accepted.result
    );
    ensure!(
        accepted.result.contains(&format!(
            "laddr=('127.0.0.1', {port}), raddr=('127.0.0.1', {client_port})"
        )),
        "accept's socket repr: {:?}",
        accepted.result
    );
    let peer = page
        .wait_cell("peer", &conn, |t| t.starts_with("127.0.0.1:"))
        .await?;
    ensure!(
        peer == client_local,
        "{conn}'s peer {peer} is not {client}'s address {client_local}"
    );
    let local = page.cell("local", &conn).await?.unwrap_or_default();
    ensure!(
        local == format!("127.0.0.1:{port}"),
        "{conn}'s local address: {local:?}"
    );
    let row = page.row_text(&conn).await?;
    ensure!(
        row.contains(&format!("from {server}.accept()")),
        "{conn}'s row: {row:?}"
    );
    page.wait_cell("state", &conn, |t| t == "ESTABLISHED")
        .await?;
    let client_peer = page.cell("peer", &client).await?.unwrap_or_default();
    ensure!(
        client_peer == format!("127.0.0.1:{port}"),
        "{client}'s peer: {client_peer:?}"
    );

    // Client → server.
    page.pick_socket(&client).await?;
    let sent = page.call("sendall", &[("data", r"b'ping\n'")]).await?;
    ensure!(
        sent.kind == "ok" && sent.call == format!(r"{client}.sendall(b'ping\n')"),
        "{sent:?}"
    );
    page.pick_socket(&conn).await?;
    let got = page.call("recv", &[("bufsize", "1024")]).await?;
    ensure!(got.call == format!("{conn}.recv(1024)"), "{got:?}");
    ensure!(
        got.kind == "ok" && got.result == r"b'ping\n'",
        "{conn} received {got:?}"
    );

    // Server → client.
    let sent = page.call("sendall", &[("data", r"b'pong\n'")]).await?;
    ensure!(
        sent.kind == "ok" && sent.call == format!(r"{conn}.sendall(b'pong\n')"),
        "{sent:?}"
    );
    page.pick_socket(&client).await?;
    let got = page.call("recv", &[("bufsize", "1024")]).await?;
    ensure!(got.call == format!("{client}.recv(1024)"), "{got:?}");
    ensure!(
        got.kind == "ok" && got.result == r"b'pong\n'",
        "{client} received {got:?}"
    );

    page.screenshot("own-server-1920x1080-dark").await?;
    page.close().await
}

/// C9: a second socket binding a port another socket holds fails with
/// `OSError: [Errno 98] Address already in use`, explained.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_bind_to_a_port_in_use_fails() -> Result<()> {
    let page = Page::open(390, 844).await?;
    page.set_theme("light").await?;
    let first = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    let port = bind_any(&page, &first).await?;
    let listening = page.call("listen", &[("backlog", "")]).await?;
    ensure!(
        listening.kind == "ok" && listening.call == format!("{first}.listen()"),
        "{listening:?}"
    );

    let second = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    let port_text = port.to_string();
    let clash = page
        .call("bind", &[("host", "127.0.0.1"), ("port", &port_text)])
        .await?;
    ensure!(
        clash.call == format!("{second}.bind(('127.0.0.1', {port}))"),
        "{clash:?}"
    );
    ensure!(
        clash.kind == "error" && clash.tag == "exception",
        "{clash:?}"
    );
    ensure!(
        clash.result == "OSError: [Errno 98] Address already in use",
        "the second bind raised {:?}",
        clash.result
    );
    ensure!(
        clash
            .explain
            .contains("already bound to this address and port"),
        "the explanation: {:?}",
        clash.explain
    );
    let trace = page.open_trace(clash.id).await?;
    ensure!(
        trace.contains("bind(") && trace.contains("EADDRINUSE"),
        "the failed bind's trace: {trace:?}"
    );
    // The second socket stays unbound; the first still holds the port.
    let local = page.cell("local", &second).await?.unwrap_or_default();
    ensure!(local == "—", "{second} is bound to {local:?}");
    let held = page.cell("local", &first).await?.unwrap_or_default();
    ensure!(
        held == format!("127.0.0.1:{port}"),
        "{first} holds {held:?}"
    );
    page.screenshot("address-in-use-390x844-light").await?;
    page.screenshot_of(
        &format!("li[data-testid=entry-{}]", clash.id),
        "address-in-use-entry-390x844-light",
    )
    .await?;
    page.close().await
}
