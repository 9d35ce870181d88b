//! The "my own echo server" preset run all at once (C8, C11, C12, C16,
//! C21): a blocking `accept` lets the next steps run, the client's connect
//! completes it, the bytes go both ways, and the server reads EOF when the
//! client closes. Its screenshot, after the last step, is the README's.

use anyhow::{ensure, Result};
use socket_playground_e2e::page::Page;
use socket_playground_e2e::wait_for;

/// Every step of the preset ends as the lesson says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn own_echo_server_preset_runs_to_eof() -> Result<()> {
    let page = Page::open(1920, 1080).await?;
    page.set_theme("light").await?;
    let steps = page.open_preset(2).await?;
    ensure!(steps == 15, "the server preset has {steps} steps");
    // Step through to the echo coming back, with the socket table full, for
    // the README's picture; then run the rest at once.
    page.step_preset(11).await?;
    let echoed = wait_for("the client's echo", || async {
        let Some(id) = page.newest_id().await? else {
            return Ok(None);
        };
        let e = page.entry(id).await?;
        Ok((e.call == "s2.recv(1024)" && e.kind != "waiting").then_some(e))
    })
    .await?;
    ensure!(echoed.result == "b'hi, server'", "{echoed:?}");
    page.screenshot("readme-own-echo-server-1920x1080-light")
        .await?;
    page.run_preset_to_end().await?;
    let ids = wait_for("the preset's calls in the console", || async {
        let ids = page.entry_ids().await?;
        Ok((ids.len() == steps).then_some(ids))
    })
    .await?;
    let mut views = Vec::new();
    for id in ids {
        views.push(page.wait_done(id).await?);
    }
    for v in &views {
        ensure!(v.kind == "ok", "a step did not return normally: {v:?}");
    }
    let calls: Vec<&str> = views.iter().map(|v| v.call.as_str()).collect();
    // accept() was sent before the client socket existed, so the
    // connection it returns is the third socket.
    ensure!(calls[4] == "s3, addr = s1.accept()", "{calls:?}");
    ensure!(
        views[8].call == "s3.recv(1024)" && views[8].result == "b'hi, server'",
        "{:?}",
        views[8]
    );
    ensure!(
        views[10].call == "s2.recv(1024)" && views[10].result == "b'hi, server'",
        "{:?}",
        views[10]
    );
    // The client closed: the server's recv reads EOF.
    ensure!(
        views[12].call == "s3.recv(1024)" && views[12].result == "b''",
        "{:?}",
        views[12]
    );
    ensure!(views[12].explain.contains("EOF"), "{:?}", views[12]);
    let rows = page.timeline_count().await?;
    ensure!(
        rows >= steps as u64,
        "the timeline has {rows} rows for {steps} calls"
    );
    page.screenshot("own-echo-server-preset-1920x1080-light")
        .await?;
    page.close().await
}

/// C9 + C10 through the "Restart a server" preset: the server's closed
/// connection shows as TIME_WAIT, a plain rebind of its port fails with
/// `Address already in use`, and one with SO_REUSEADDR succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_server_preset_shows_time_wait_and_reuseaddr() -> Result<()> {
    let page = Page::open(1366, 768).await?;
    page.set_theme("dark").await?;
    page.open_preset(3).await?;
    let first = page.text("[data-testid=preset-step-1]").await?;
    ensure!(first.contains("socket.socket("), "step 1: {first:?}");
    page.run_preset_to_end().await?;
    let ids = wait_for("the preset's 17 calls in the console", || async {
        let ids = page.entry_ids().await?;
        Ok((ids.len() == 17).then_some(ids))
    })
    .await?;
    let mut views = Vec::new();
    for id in ids {
        views.push(page.wait_done(id).await?);
    }
    let plain = &views[11];
    ensure!(
        plain.call.starts_with("s4.bind(('127.0.0.1', ")
            && plain.result == "OSError: [Errno 98] Address already in use",
        "the plain rebind: {plain:?}"
    );
    ensure!(
        plain.explain.contains("SO_REUSEADDR"),
        "the explanation names the option: {:?}",
        plain.explain
    );
    let reuse = &views[14];
    ensure!(
        reuse.call.starts_with("s5.bind(('127.0.0.1', ") && reuse.kind == "ok",
        "the rebind with SO_REUSEADDR: {reuse:?}"
    );
    for (i, v) in views.iter().enumerate() {
        ensure!(i == 11 || v.kind == "ok", "step {}: {v:?}", i + 1);
    }
    // The accepted socket closed first: its connection is in TIME_WAIT, and
    // the page says so although the socket itself is gone.
    let held = page
        .wait_text(
            "[data-testid=lingering-s3]",
            "s3's connection in TIME_WAIT",
            |t| t.contains("TIME_WAIT"),
        )
        .await?;
    ensure!(held.contains("SO_REUSEADDR"), "{held:?}");
    page.screenshot("restart-server-time-wait-1366x768-dark")
        .await?;
    page.close().await
}

/// C11 through the "A full accept queue" preset: with listen(1) and no
/// accept, two connections queue (the table shows the queue full), a third
/// stalls in its handshake until its timeout, and accept makes room.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backlog_preset_fills_the_accept_queue() -> Result<()> {
    let page = Page::open(1920, 1080).await?;
    page.set_theme("auto").await?;
    page.open_preset(4).await?;
    let title = page.text("[data-testid=preset-step-3]").await?;
    ensure!(
        title.contains("(socket of step 1).listen(1)"),
        "step 3 before it runs: {title:?}"
    );
    page.step_preset(8).await?;
    page.wait_done(page.newest_id().await?.unwrap_or_default())
        .await?;
    let queue = page
        .wait_text(
            "[data-testid=accept-queue-s1]",
            "s1's accept queue to be full",
            |t| t.contains("2 waiting / backlog 1") && t.contains("full"),
        )
        .await?;
    ensure!(queue.contains("full"), "{queue:?}");
    page.screenshot("backlog-full-1920x1080-auto").await?;
    // The third client's connect stalls and times out.
    page.step_preset(3).await?;
    page.wait_done(page.newest_id().await?.unwrap_or_default())
        .await?;
    let stalled = page
        .entry(page.newest_id().await?.unwrap_or_default())
        .await?;
    ensure!(
        stalled.call.starts_with("s4.connect(") && stalled.result == "TimeoutError: timed out",
        "the third client's connect: {stalled:?}"
    );
    // accept() takes one from the queue at once.
    page.step_preset(1).await?;
    page.wait_done(page.newest_id().await?.unwrap_or_default())
        .await?;
    let accepted = page
        .entry(page.newest_id().await?.unwrap_or_default())
        .await?;
    ensure!(
        accepted.call == "s5, addr = s1.accept()" && accepted.kind == "ok",
        "{accepted:?}"
    );
    page.run_preset_to_end().await?;
    page.close().await
}

/// C15 + C17 through the "Partial reads, reassembled" preset: recv(16) runs
/// again and again against the chunked echo until all 100 bytes are in, and
/// the page shows the chunks and `b''.join(chunks)`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partial_reads_preset_reassembles_the_message() -> Result<()> {
    let page = Page::open(390, 844).await?;
    page.set_theme("light").await?;
    page.open_preset(5).await?;
    page.run_preset_to_end().await?;
    let count = page.text("[data-testid=reassembly-count]").await?;
    ensure!(
        count.starts_with("amount_received = 100"),
        "the count: {count:?}"
    );
    let joined = page.text("[data-testid=reassembly-joined]").await?;
    ensure!(
        joined.contains("b'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-a stream has no message boundaries!!!'"),
        "joined: {joined:?}"
    );
    // Every recv returned at most 16 bytes, so it took at least seven.
    let recvs = page.entry_ids().await?.len().saturating_sub(4);
    ensure!(
        recvs >= 7,
        "{recvs} recv calls for 100 bytes in pieces of at most 16"
    );
    page.screenshot("partial-reads-preset-390x844-light")
        .await?;
    page.close().await
}
