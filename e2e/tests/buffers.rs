//! Buffers through the page's UI: a `send` that sends fewer bytes than
//! asked (C13), and a long `sendall` that blocks with a progress bar of the
//! bytes sent so far (C14) until closing the socket cancels it visibly.

use anyhow::{ensure, Context as _, Result};
use socket_playground_e2e::page::Page;
use socket_playground_e2e::wait_for;

/// A socket with a 4 KiB send buffer connected to the relay's `silent`
/// service, which accepts and never reads: the buffers fill quickly.
async fn stalled_socket(page: &Page) -> Result<String> {
    let s = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    let opt = page
        .call(
            "setsockopt",
            &[("option", "SO_SNDBUF"), ("opt-value", "4096")],
        )
        .await?;
    ensure!(opt.kind == "ok", "setsockopt: {opt:?}");
    let port = page.tcp_port("silent")?.to_string();
    let connected = page
        .call("connect", &[("host", "127.0.0.1"), ("port", &port)])
        .await?;
    ensure!(connected.kind == "ok", "connect: {connected:?}");
    Ok(s)
}

/// C13: one `send` of 1 MB to a peer that does not read returns how many
/// bytes the kernel took, fewer than asked, and the trace shows one send().
/// The socket has a timeout, as in CPython: Linux's blocking `send()` would
/// wait until every byte is queued, but Python with a timeout polls and then
/// sends what fits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_may_send_fewer_bytes_than_asked() -> Result<()> {
    let page = Page::open(1366, 768).await?;
    page.set_theme("light").await?;
    stalled_socket(&page).await?;
    let timeout = page.call("settimeout", &[("timeout", "1.0")]).await?;
    ensure!(timeout.kind == "ok", "settimeout: {timeout:?}");
    let sent = page.call("send", &[("data", "b'x' * 1000000")]).await?;
    ensure!(sent.kind == "ok", "send: {sent:?}");
    let n: u64 = sent
        .result
        .parse()
        .with_context(|| format!("send returned {:?}", sent.result))?;
    ensure!(n > 0 && n < 1_000_000, "send returned {n} of 1000000");
    let trace = page.open_trace(sent.id).await?;
    ensure!(
        trace.matches("send(").count() == 1,
        "one send() syscall in the trace:\n{trace}"
    );
    page.screenshot("partial-send-1366x768-light").await?;
    page.close().await
}

/// C14: `sendall` of 1 MB blocks once the buffers are full; the page shows
/// how many bytes went so far, and the socket's close button cancels it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_sendall_shows_progress_and_close_cancels_it() -> Result<()> {
    let page = Page::open(1920, 1080).await?;
    page.set_theme("dark").await?;
    let s = stalled_socket(&page).await?;
    let id = page.start("sendall", &[("data", "b'x' * 1000000")]).await?;
    page.wait_pending(id).await?;
    let progress = format!("[data-testid=progress-{id}]");
    let shown = wait_for("the sendall progress bar", || async {
        Ok(page
            .text_now(&progress)
            .await?
            .filter(|t| t.contains("of 1000000 bytes sent")))
    })
    .await?;
    let done: u64 = shown
        .trim()
        .trim_start_matches('·')
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .with_context(|| format!("progress text {shown:?}"))?;
    ensure!(done > 0 && done < 1_000_000, "progress shows {done} bytes");
    page.screenshot("sendall-progress-1920x1080-dark").await?;

    // Closing the socket (the button on the waiting line) cancels the call.
    page.click(&format!("[data-testid=cancel-{id}]")).await?;
    let cancelled = page.wait_done(id).await?;
    ensure!(
        cancelled.kind == "cancelled",
        "the sendall ended as {cancelled:?}"
    );
    ensure!(
        cancelled.result.starts_with("cancelled"),
        "{:?}",
        cancelled.result
    );
    page.wait_socket_gone(&s).await?;
    page.screenshot("sendall-cancelled-1920x1080-dark").await?;
    page.close().await
}
