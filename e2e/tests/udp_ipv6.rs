//! Datagrams and families, through the page's UI: UDP `sendto`/`recvfrom`
//! with the relay's UDP echo, each datagram whole (C3); the four
//! family × type combinations and an IPv6 server and client on `::1` (C2).

use anyhow::{ensure, Context as _, Result};
use socket_playground_e2e::page::Page;

/// The port of an address cell (`127.0.0.1:40000`, `[::1]:40000`).
fn port_of(addr: &str) -> Result<u16> {
    addr.rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .with_context(|| format!("{addr:?} has no port"))
}

/// C3: a UDP socket sends two datagrams to the UDP echo service with no
/// connection, and each `recvfrom` returns one whole datagram and who sent
/// it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn udp_datagrams_arrive_whole_and_separately() -> Result<()> {
    let page = Page::open(390, 844).await?;
    page.set_theme("auto").await?;
    let echo = page.service_port("echo", shared::ServiceProto::Udp)?;
    let s = page.new_socket("AF_INET", "SOCK_DGRAM").await?;
    let state = page.cell("state", &s).await?.unwrap_or_default();
    ensure!(
        state == "(UDP: no connection state)",
        "{s}'s state: {state:?}"
    );

    page.pick_op("sendto").await?;
    // The quick button fills in the UDP echo's port for a UDP socket.
    page.click("[data-testid=port-echo]").await?;
    page.wait_text("[data-testid=preview]", "the sendto preview", |t| {
        t.ends_with(&format!(", ('127.0.0.1', {echo}))"))
    })
    .await?;
    for (data, len) in [("first", 5), ("second", 6)] {
        page.set_field("data", &format!("b'{data}'")).await?;
        let id = page.run().await?;
        let sent = page.wait_done(id).await?;
        ensure!(
            sent.call == format!("{s}.sendto(b'{data}', ('127.0.0.1', {echo}))"),
            "{sent:?}"
        );
        ensure!(
            sent.kind == "ok" && sent.result == len.to_string(),
            "sendto returned {sent:?}"
        );
    }
    // The first sendto bound the socket to an ephemeral port on every
    // address, as the kernel does for an unbound UDP socket.
    page.wait_cell("local", &s, |t| t.starts_with("0.0.0.0:"))
        .await?;
    let peer = page.cell("peer", &s).await?.unwrap_or_default();
    ensure!(peer == "—", "{s} has a peer without connecting: {peer:?}");

    for data in ["first", "second"] {
        let got = page.call("recvfrom", &[("bufsize", "1024")]).await?;
        ensure!(got.call == format!("{s}.recvfrom(1024)"), "{got:?}");
        ensure!(
            got.kind == "ok" && got.result == format!("(b'{data}', ('127.0.0.1', {echo}))"),
            "recvfrom returned {:?}, expected the datagram {data:?} alone",
            got.result
        );
    }
    page.screenshot("udp-datagrams-390x844-auto").await?;
    page.close().await
}

/// C2: all four combinations of `AF_INET`/`AF_INET6` and
/// `SOCK_STREAM`/`SOCK_DGRAM`, each with its own Kind in the table.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_family_type_combinations() -> Result<()> {
    let page = Page::open(1366, 768).await?;
    page.set_theme("light").await?;
    // The repr shows the numbers, as CPython 3.11 prints them.
    let combos = [
        ("AF_INET", "SOCK_STREAM", "TCP/IPv4", "family=2, type=1"),
        ("AF_INET", "SOCK_DGRAM", "UDP/IPv4", "family=2, type=2"),
        ("AF_INET6", "SOCK_STREAM", "TCP/IPv6", "family=10, type=1"),
        ("AF_INET6", "SOCK_DGRAM", "UDP/IPv6", "family=10, type=2"),
    ];
    let mut fds = Vec::new();
    for (family, sock_type, kind, numbers) in combos {
        let s = page.new_socket(family, sock_type).await?;
        let newest = page.newest_id().await?.context("no console entry")?;
        let e = page.entry(newest).await?;
        ensure!(
            e.result.contains(&format!("{numbers}, proto=0")),
            "socket()'s repr: {e:?}"
        );
        let cell = format!("tr[data-testid=socket-{s}] td:nth-of-type(2)");
        let shown = page.text(&cell).await?;
        ensure!(
            shown == kind,
            "{s} ({family}, {sock_type}) shows Kind {shown:?}"
        );
        let title = page.attr_now(&cell, "title").await?;
        ensure!(
            title.as_deref() == Some(&format!("{family} × {sock_type}")),
            "{s}'s Kind title: {title:?}"
        );
        let fd = page
            .attr_now(&format!("tr[data-testid=socket-{s}]"), "data-fd")
            .await?
            .context("a row without data-fd")?;
        fds.push(fd);
    }
    let mut distinct = fds.clone();
    distinct.sort();
    distinct.dedup();
    ensure!(
        distinct.len() == 4,
        "the four sockets share descriptors: {fds:?}"
    );
    let budget = page.text("[data-testid=socket-budget]").await?;
    ensure!(budget.starts_with("4 of "), "{budget:?}");
    page.screenshot("four-combinations-1366x768-light").await?;
    page.close().await
}

/// C2 over IPv6: the relay's services listen on IPv4 only, so the learner's
/// own `AF_INET6` server binds `('::1', 0)`, a second `AF_INET6` socket
/// connects, and the table shows `[::1]:port` addresses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ipv6_server_and_client_on_loopback() -> Result<()> {
    let page = Page::open(1920, 1080).await?;
    page.set_theme("light").await?;
    ensure!(
        page.playground
            .services
            .iter()
            .all(|s| !s.host.contains(':')),
        "a service listens on IPv6 now: test connecting to it instead"
    );
    let server = page.new_socket("AF_INET6", "SOCK_STREAM").await?;
    let bound = page.call("bind", &[("host", "::1"), ("port", "0")]).await?;
    ensure!(
        bound.kind == "ok" && bound.call == format!("{server}.bind(('::1', 0))"),
        "{bound:?}"
    );
    let local = page
        .wait_cell("local", &server, |t| t.starts_with("[::1]:"))
        .await?;
    let port = port_of(&local)?;
    ensure!(port != 0, "{server} is bound to {local}");
    let listening = page.call("listen", &[("backlog", "1")]).await?;
    ensure!(listening.kind == "ok", "{listening:?}");
    page.wait_cell("state", &server, |t| t == "LISTEN").await?;

    let client = page.new_socket("AF_INET6", "SOCK_STREAM").await?;
    let port_text = port.to_string();
    let connected = page
        .call("connect", &[("host", "::1"), ("port", &port_text)])
        .await?;
    ensure!(
        connected.kind == "ok" && connected.call == format!("{client}.connect(('::1', {port}))"),
        "{connected:?}"
    );
    let client_local = page
        .wait_cell("local", &client, |t| t.starts_with("[::1]:"))
        .await?;
    let client_port = port_of(&client_local)?;
    let client_peer = page.cell("peer", &client).await?.unwrap_or_default();
    ensure!(
        client_peer == format!("[::1]:{port}"),
        "{client}'s peer: {client_peer:?}"
    );
    page.wait_cell("state", &client, |t| t == "ESTABLISHED")
        .await?;

    // The connection waits in the queue, so accept returns at once.
    page.pick_socket(&server).await?;
    let accepted = page.call("accept", &[]).await?;
    ensure!(accepted.kind == "ok", "{accepted:?}");
    let conn = accepted
        .call
        .strip_suffix(&format!(", addr = {server}.accept()"))
        .with_context(|| format!("accept's line is {:?}", accepted.call))?
        .to_string();
    ensure!(
        accepted
            .result
            .ends_with(&format!(", ('::1', {client_port}, 0, 0))")),
        "accept returned {:?}",
        accepted.result
    );
    ensure!(
        accepted.result.contains("family=10, type=1"),
        "{:?}",
        accepted.result
    );
    let peer = page
        .wait_cell("peer", &conn, |t| t.starts_with("[::1]:"))
        .await?;
    ensure!(
        peer == client_local,
        "{conn}'s peer {peer} is not {client_local}"
    );
    let conn_local = page.cell("local", &conn).await?.unwrap_or_default();
    ensure!(
        conn_local == format!("[::1]:{port}"),
        "{conn}'s local: {conn_local:?}"
    );
    for sock in [&server, &client, &conn] {
        let kind = page
            .text(&format!("tr[data-testid=socket-{sock}] td:nth-of-type(2)"))
            .await?;
        ensure!(kind == "TCP/IPv6", "{sock}'s Kind: {kind:?}");
    }

    // A few bytes over IPv6, client to server.
    page.pick_socket(&client).await?;
    let sent = page.call("sendall", &[("data", "b'over v6'")]).await?;
    ensure!(sent.kind == "ok", "{sent:?}");
    page.pick_socket(&conn).await?;
    let got = page.call("recv", &[("bufsize", "1024")]).await?;
    ensure!(got.kind == "ok" && got.result == "b'over v6'", "{got:?}");
    page.screenshot("ipv6-1920x1080-light").await?;
    page.close().await
}
