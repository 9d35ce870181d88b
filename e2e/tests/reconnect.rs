//! The page's WebSocket is cut for real (a loopback proxy drops the TCP
//! connection) while the session has work in progress: the page says it is
//! reconnecting, resumes the session, and the relay replays what happened
//! meanwhile, so nothing is lost. Also: what the page shows when the relay
//! stops, how long the page took from load to its first hello, and a
//! reload of the tab that takes its session back.

use anyhow::{ensure, Context as _, Result};
use socket_playground_e2e::page::Page;
use socket_playground_e2e::proxy::Proxy;
use socket_playground_e2e::{metric, required_path, wait_for, Playground};
use std::time::Duration;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// One browser at a time: the machine is small, and timing matters here.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A TCP socket made through the builder, listening on a loopback port
/// the kernel chose: its name (`s1`) and the port.
async fn listener(page: &Page) -> Result<(String, u16)> {
    let s1 = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    let bound = page
        .call("bind", &[("host", "127.0.0.1"), ("port", "0")])
        .await?;
    ensure!(bound.kind == "ok", "{bound:?}");
    let listened = page.call("listen", &[]).await?;
    ensure!(listened.kind == "ok", "{listened:?}");
    let local = page
        .wait_cell("local", &s1, |t| t.starts_with("127.0.0.1:"))
        .await?;
    let port = local
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .with_context(|| format!("{s1}'s local address is {local:?}"))?;
    Ok((s1, port))
}

/// The accepted socket's name from `accept()`'s line, `(s2, ('127.0.0.1',
/// 40000))`.
fn accepted_name(call: &str) -> Result<String> {
    call.split_once(", ")
        .map(|(s, _)| s.trim_start_matches('(').to_string())
        .with_context(|| format!("accept()'s line is {call:?}"))
}

/// Loads the page through `proxy` (the page was first opened directly by
/// [`Page::open`]) and waits until it is connected.
async fn through(page: &Page, proxy: &Proxy) -> Result<()> {
    page.client
        .goto(&proxy.url())
        .await
        .context("loading the page through the proxy")?;
    page.wait_connected().await?;
    let url = page.client.current_url().await?;
    ensure!(
        url.port() == Some(proxy.addr().port()),
        "the page is at {url}, not behind the proxy"
    );
    ensure!(
        proxy.open_connections() >= 1,
        "the page is connected, but not through the proxy"
    );
    Ok(())
}

/// Cuts every connection (parking the page's reconnects) and waits until
/// the page says it is reconnecting; returns the status text.
async fn cut_and_hold(page: &Page, proxy: &Proxy) -> Result<String> {
    proxy.hold();
    let dropped = proxy.cut();
    ensure!(dropped >= 1, "the proxy had no connection to cut");
    let text = page
        .wait_text(
            "#connection-status[data-state=reconnecting]",
            "the page to say it is reconnecting",
            |t| t.contains("reconnecting"),
        )
        .await?;
    let run = page.el("#run").await?;
    ensure!(
        !run.is_enabled().await?,
        "Run is enabled while the page is reconnecting"
    );
    Ok(text)
}

/// Lets the page's reconnect through and waits until it has resumed its
/// session.
async fn release_and_resume(page: &Page, proxy: &Proxy) -> Result<String> {
    proxy.release();
    page.wait_text(
        "#connection-status[data-state=connected]",
        "the page to resume its session",
        |t| t.contains("resumed"),
    )
    .await
}

/// The text of a `bytes` repr without escapes: `b'abc'` → `abc`.
fn plain_bytes(repr: &str) -> Result<String> {
    let inner = repr
        .strip_prefix("b'")
        .and_then(|r| r.strip_suffix('\''))
        .with_context(|| format!("{repr:?} is not a bytes repr"))?;
    ensure!(!inner.contains('\\'), "{repr:?} has escapes");
    Ok(inner.to_string())
}

/// `recv(1024)` on the selected socket until `want` has arrived whole;
/// returns how many calls it took.
async fn recv_until(page: &Page, got: &mut String, want: &str) -> Result<usize> {
    for calls in 1..=60 {
        let e = page.call("recv", &[("bufsize", "1024")]).await?;
        ensure!(e.kind == "ok", "recv failed: {e:?}");
        let part = plain_bytes(&e.result)?;
        ensure!(!part.is_empty(), "recv returned b'' (EOF) after {got:?}");
        got.push_str(&part);
        ensure!(
            want.starts_with(got.as_str()),
            "received {got:?}, want {want:?}"
        );
        if got == want {
            return Ok(calls);
        }
    }
    anyhow::bail!("after 60 recv calls only {got:?} of {want:?} arrived")
}

/// A blocking `accept()` is waiting when the WebSocket is cut; a client
/// connects and sends while the page is away; after the resume the
/// replayed result shows in the console, the accepted socket is in the
/// table, the bytes sent during the cut are read, and both sockets work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_produced_during_the_cut_is_replayed() -> Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    let page = Page::open(1366, 900).await?;
    let relay = page.playground.addr;
    let proxy = Proxy::start(relay).await?;
    through(&page, &proxy).await?;

    let (s1, port) = listener(&page).await?;
    let accept = page.start("accept", &[]).await?;
    page.wait_pending(accept).await?;

    let status = cut_and_hold(&page, &proxy).await?;
    println!("during the cut the page says: {status}");
    page.screenshot("reconnect-accept-cut").await?;

    // While the page is away: a client connects and sends.
    let mut client = TcpStream::connect(("127.0.0.1", port)).await?;
    client.write_all(b"sent during the cut").await?;
    wait_for("the relay to accept while the page is away", || async {
        Ok((metric(relay, "playground_sockets").await? >= 2.0).then_some(()))
    })
    .await?;
    let during = page.entry(accept).await?;
    ensure!(
        during.kind == "waiting",
        "the page saw accept() finish while cut off: {during:?}"
    );
    let state = page.attr_now("#connection-status", "data-state").await?;
    ensure!(
        state.as_deref() == Some("reconnecting"),
        "the page is {state:?} while its reconnect is held"
    );

    let status = release_and_resume(&page, &proxy).await?;
    println!("after the resume the page says: {status}");
    let accepted = page.wait_done(accept).await?;
    let client_port = client.local_addr()?.port();
    ensure!(
        accepted.kind == "ok"
            && accepted
                .result
                .ends_with(&format!(", ('127.0.0.1', {client_port}))")),
        "the replayed accept(): {accepted:?}"
    );
    let s2 = accepted_name(&accepted.call)?;
    let row = page.row_text(&s2).await?;
    ensure!(
        row.contains(&format!("from {s1}.accept()")) && row.contains("ESTABLISHED"),
        "{s2}'s row: {row:?}"
    );
    let listener = page.row_text(&s1).await?;
    ensure!(listener.contains("LISTEN"), "{s1}'s row: {listener:?}");
    if let Some(notices) = page.text_now("#notices").await? {
        ensure!(
            !notices.contains("lost"),
            "the page reports lost events: {notices:?}"
        );
    }

    // The bytes sent during the cut are there; the socket still works.
    page.pick_socket(&s2).await?;
    let got = page.call("recv", &[("bufsize", "1024")]).await?;
    ensure!(
        got.kind == "ok" && got.result == "b'sent during the cut'",
        "{s2}.recv: {got:?}"
    );
    let sent = page.call("sendall", &[("data", "b'still here'")]).await?;
    ensure!(sent.kind == "ok", "{sent:?}");
    let mut buf = [0u8; 10];
    tokio::time::timeout(Duration::from_secs(10), client.read_exact(&mut buf))
        .await
        .context("the client got nothing after the resume")??;
    ensure!(&buf == b"still here", "the client read {buf:?}");
    page.screenshot("reconnect-accept-resumed").await?;
    page.close().await
}

/// The tab reloads while its socket has a connection with unread bytes:
/// the new page takes the session back (the tab kept its token across the
/// reload and nowhere else), the sockets table and timeline come back from
/// the replay, the unread bytes are there, and new commands are numbered
/// on from the old page's, so none is mistaken for an old one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_takes_the_session_back() -> Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    let page = Page::open(1366, 900).await?;
    reload_and_resume(&page, false).await?;
    page.screenshot("reconnect-reloaded").await?;
    page.close().await
}

/// The same after a session longer than the relay's replay log: the events
/// that created the sockets are gone, and the relay's `sockets` event after
/// the replay brings the table back whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_past_the_replay_log_still_gets_the_sockets() -> Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    let dist = required_path("PLAYGROUND_DIST")?;
    let relay = Playground::start_with(dist, |c| c.limits.replay_events = 3).await?;
    let url = relay.url();
    let page = Page::visit(1366, 900, &url, relay).await?;
    reload_and_resume(&page, true).await?;
    page.close().await
}

/// Listens, accepts a native client that sends, reloads the tab and checks
/// what came back; `gap`: the relay's log is too short to replay it all.
async fn reload_and_resume(page: &Page, gap: bool) -> Result<()> {
    let (s1, port) = listener(page).await?;
    let mut client = TcpStream::connect(("127.0.0.1", port)).await?;
    client.write_all(b"sent before the reload").await?;
    let accepted = page.call("accept", &[]).await?;
    ensure!(accepted.kind == "ok", "{accepted:?}");
    let s2 = accepted_name(&accepted.call)?;
    let last_id = page.newest_id().await?.context("no console entry")?;
    let arrows = page.timeline_count().await?;
    // While the page lives, the token is nowhere a copied tab could find.
    let stored = page
        .client
        .execute(
            "return sessionStorage.getItem('socket-playground.session')",
            vec![],
        )
        .await?;
    ensure!(
        stored.is_null(),
        "the live page left its token in storage: {stored:?}"
    );

    page.client.refresh().await.context("reloading the page")?;
    page.wait_connected().await?;
    page.wait_text(
        "#notices",
        "the page to say it took its session back",
        |t| t.contains("the page reloaded and took its session back"),
    )
    .await?;
    let listener = page.row_text(&s1).await?;
    ensure!(listener.contains("LISTEN"), "{s1}'s row: {listener:?}");
    let row = page.row_text(&s2).await?;
    ensure!(row.contains("ESTABLISHED"), "{s2}'s row: {row:?}");
    let replayed = page.timeline_count().await?;
    ensure!(
        replayed >= arrows || gap,
        "the timeline came back with {replayed} of {arrows} arrows"
    );
    if gap {
        let notices = page.text("#notices").await?;
        ensure!(
            notices.contains("were too old for the relay to keep"),
            "{notices:?}"
        );
        ensure!(
            row.contains(&format!("from {s1}.accept()")),
            "{s2}'s row: {row:?}"
        );
    }
    ensure!(
        page.entry_ids().await?.is_empty(),
        "the console starts afresh"
    );

    page.pick_socket(&s2).await?;
    let got = page.call("recv", &[("bufsize", "1024")]).await?;
    ensure!(
        got.kind == "ok" && got.result == "b'sent before the reload'",
        "{s2}.recv after the reload: {got:?}"
    );
    let first = page.entry_ids().await?;
    ensure!(
        first.iter().all(|id| *id > last_id),
        "new commands {first:?} are numbered after the old page's {last_id}"
    );
    ensure!(page.call("sendall", &[("data", "b'after'")]).await?.kind == "ok");
    let mut buf = [0u8; 5];
    tokio::time::timeout(Duration::from_secs(10), client.read_exact(&mut buf))
        .await
        .context("the client got nothing after the reload")??;
    ensure!(&buf == b"after", "the client read {buf:?}");
    Ok(())
}

/// A socket talks to `slow-echo` (one byte every 50 ms). The relay's
/// replies stop reaching the page (the link stalls), a `recv` is answered
/// unseen, then the WebSocket is cut while the echo trickles in. After the
/// resume the unseen `recv` result is replayed, the rest of the echo is
/// read in full, and the socket is still in the table and usable.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_echo_in_flight_survives_a_cut() -> Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    let page = Page::open(1366, 900).await?;
    let relay = page.playground.addr;
    let slow = page.tcp_port("slow-echo")?;
    let proxy = Proxy::start(relay).await?;
    through(&page, &proxy).await?;

    let s1 = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    page.pick_op("connect").await?;
    page.click("[data-testid=port-slow-echo]").await?;
    page.wait_text("[data-testid=preview]", "the connect preview", |t| {
        t == format!("{s1}.connect(('127.0.0.1', {slow}))")
    })
    .await?;
    let id = page.run().await?;
    let connected = page.wait_done(id).await?;
    ensure!(connected.kind == "ok", "{connected:?}");

    let message = "hello, slow world";
    let sent = page
        .call("sendall", &[("data", &format!("b'{message}'"))])
        .await?;
    ensure!(sent.kind == "ok", "{sent:?}");

    // The link stalls: the recv reaches the relay and is answered, but the
    // answer does not reach the page.
    let before = metric(relay, "playground_bytes_received_total").await?;
    proxy.mute();
    let recv = page.start("recv", &[("bufsize", "1024")]).await?;
    wait_for("the relay to answer the recv", || async {
        Ok((metric(relay, "playground_bytes_received_total").await? > before).then_some(()))
    })
    .await?;
    let unseen = page.entry(recv).await?;
    ensure!(
        unseen.kind == "waiting",
        "the page saw the recv answered through a muted link: {unseen:?}"
    );

    let status = cut_and_hold(&page, &proxy).await?;
    println!("during the cut the page says: {status}");
    ensure!(
        page.entry(recv).await?.kind == "waiting",
        "the recv finished while the page was cut off"
    );
    // Let the echo trickle in while the page is away (the waits below poll).
    tokio::time::sleep(Duration::from_millis(900)).await;
    page.screenshot("reconnect-slow-echo-cut").await?;

    let status = release_and_resume(&page, &proxy).await?;
    println!("after the resume the page says: {status}");
    let replayed = page.wait_done(recv).await?;
    ensure!(replayed.kind == "ok", "the replayed recv: {replayed:?}");
    let mut got = plain_bytes(&replayed.result)?;
    ensure!(
        !got.is_empty() && message.starts_with(&got),
        "the replayed recv returned {:?}",
        replayed.result
    );
    println!("the replayed recv returned {:?}", replayed.result);

    // Nothing lost: the rest of the echo arrives in order.
    let calls = recv_until(&page, &mut got, message).await?;
    println!("the rest of the echo took {calls} more recv calls");
    let row = page.row_text(&s1).await?;
    ensure!(row.contains("ESTABLISHED"), "{s1}'s row: {row:?}");

    // Still usable.
    let again = page.call("sendall", &[("data", "b'again'")]).await?;
    ensure!(again.kind == "ok", "{again:?}");
    let mut more = String::new();
    recv_until(&page, &mut more, "again").await?;
    page.screenshot("reconnect-slow-echo-resumed").await?;
    page.close().await
}

/// When the relay shuts down, the page says so (the relay's `closing`
/// event): the badge is `stopped` with the reason, never `connected`, and
/// Run is disabled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relay_stop_shows_stopped() -> Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    let page = Page::open(1366, 768).await?;
    page.new_socket("AF_INET", "SOCK_STREAM").await?;
    let relay = page.playground.addr;
    let Page {
        client, playground, ..
    } = page;
    playground.stop().await?;

    let status = wait_for("the page to notice the relay stopped", || async {
        let Some(badge) = socket_playground_e2e::find(&client, "#connection-status").await? else {
            return Ok(None);
        };
        let state = badge.attr("data-state").await?.unwrap_or_default();
        Ok((state != "connected").then_some((state, badge.text().await?)))
    })
    .await?;
    println!(
        "after the relay stopped the page says: [{}] {}",
        status.0, status.1
    );
    ensure!(
        status.0 == "stopped" && status.1.contains("relay stopped"),
        "the page shows {status:?}"
    );
    let run = client
        .find(fantoccini::Locator::Css("#run"))
        .await
        .context("finding Run")?;
    ensure!(
        !run.is_enabled().await?,
        "Run is enabled with the relay stopped"
    );
    // The page keeps trying to reconnect. Listen where the relay was and
    // refuse its next attempt; once it tries again (so it has dealt with
    // the refusal), it must still say stopped.
    let stand_in = tokio::net::TcpListener::bind(relay)
        .await
        .with_context(|| format!("cannot listen on the relay's old address {relay}"))?;
    for retry in 1..=2 {
        let (mut attempt, _) = tokio::time::timeout(Duration::from_secs(15), stand_in.accept())
            .await
            .with_context(|| format!("the page did not try to reconnect ({retry})"))??;
        let mut request = [0u8; 512];
        let n = attempt.read(&mut request).await?;
        let request = String::from_utf8_lossy(&request[..n]);
        ensure!(
            request.starts_with("GET /ws "),
            "the page's retry asked for {request:?}"
        );
        if retry == 1 {
            attempt
                .write_all(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .await?;
            continue;
        }
        let badge = client
            .find(fantoccini::Locator::Css("#connection-status"))
            .await?;
        let state = badge.attr("data-state").await?;
        let text = badge.text().await?;
        println!("while it retries the page says: [{state:?}] {text}");
        ensure!(
            state.as_deref() == Some("stopped") && text.contains("relay stopped"),
            "after a refused retry the page shows [{state:?}] {text:?}"
        );
    }
    socket_playground_e2e::screenshot(&client, "reconnect-relay-stopped").await?;
    client.close().await?;
    Ok(())
}

/// How long the page took from the start of its load to the relay's hello
/// (`data-connected-ms`, the page's `performance.now()`). Printed, not
/// judged: speed is measured in the benchmarks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_to_connected_ms() -> Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    let page = Page::open(1366, 768).await?;
    let raw = page
        .attr_now("#connection-status", "data-connected-ms")
        .await?
        .context("the status has no data-connected-ms")?;
    let ms: f64 = raw
        .parse()
        .with_context(|| format!("data-connected-ms is {raw:?}"))?;
    println!("load → connected: {ms} ms (performance.now() at the hello)");
    ensure!(ms.is_finite() && ms > 0.0, "data-connected-ms is {ms}");
    page.screenshot("load-to-connected").await?;
    page.close().await
}
