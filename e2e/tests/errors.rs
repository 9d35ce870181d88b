//! Calls that fail, through the page's UI: the exception line exactly as
//! Python prints it with a plain explanation (C4, C18, C19), Python's own
//! argument check before anything is sent (C5), and a relay policy refusal
//! shown as the relay's rule, not a socket error.

use anyhow::{ensure, Context as _, Result};
use socket_playground_e2e::page::Page;
use socket_playground_e2e::wait_for;
use std::net::{Ipv4Addr, TcpListener};

/// A loopback port nothing listens on: bound by the test, then released.
fn closed_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let port = listener.local_addr()?.port();
    drop(listener);
    Ok(port)
}

/// C4: connecting to a port where nothing listens raises
/// `ConnectionRefusedError`, with the real failing syscall in the trace.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_to_a_closed_port_is_refused() -> Result<()> {
    let page = Page::open(1366, 768).await?;
    page.set_theme("auto").await?;
    let port = closed_port()?;
    let s = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    let port_text = port.to_string();
    let refused = page
        .call("connect", &[("host", "127.0.0.1"), ("port", &port_text)])
        .await?;
    ensure!(
        refused.call == format!("{s}.connect(('127.0.0.1', {port}))"),
        "{refused:?}"
    );
    ensure!(
        refused.kind == "error" && refused.tag == "exception",
        "{refused:?}"
    );
    ensure!(
        refused.result == "ConnectionRefusedError: [Errno 111] Connection refused",
        "connect raised {:?}",
        refused.result
    );
    ensure!(
        refused
            .explain
            .contains("Nothing is listening on that port"),
        "the explanation: {:?}",
        refused.explain
    );
    let trace = page.open_trace(refused.id).await?;
    ensure!(
        trace.contains("connect(") && trace.contains("ECONNREFUSED"),
        "the trace: {trace:?}"
    );
    // Still a fresh socket: no peer.
    let peer = page.cell("peer", &s).await?.unwrap_or_default();
    ensure!(peer == "—", "{s}'s peer after a refused connect: {peer:?}");
    page.screenshot("connection-refused-1366x768-auto").await?;
    page.close().await
}

/// Parses the seconds left from a countdown (`· times out in 1.4 s`).
fn seconds_left(text: &str) -> Option<f64> {
    let rest = text.split("times out in ").nth(1)?;
    rest.split_whitespace().next()?.parse().ok()
}

/// C18: `recv` on a connection to `silent` with `settimeout(2.0)` waits,
/// counting down, then raises `TimeoutError: timed out`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recv_times_out_with_a_countdown() -> Result<()> {
    let page = Page::open(390, 844).await?;
    page.set_theme("dark").await?;
    let silent = page.tcp_port("silent")?;
    let s = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    page.pick_op("connect").await?;
    page.click("[data-testid=port-silent]").await?;
    let id = page.run().await?;
    let connected = page.wait_done(id).await?;
    ensure!(
        connected.kind == "ok" && connected.call == format!("{s}.connect(('127.0.0.1', {silent}))"),
        "{connected:?}"
    );
    let timeout = page.call("settimeout", &[("timeout", "2.0")]).await?;
    ensure!(
        timeout.kind == "ok" && timeout.call == format!("{s}.settimeout(2.0)"),
        "{timeout:?}"
    );
    let row = page.row_text(&s).await?;
    ensure!(row.contains("timeout 2.0"), "{s}'s mode: {row:?}");

    let recv = page.start("recv", &[("bufsize", "1024")]).await?;
    let countdown = format!("[data-testid=countdown-{recv}]");
    // Pending, with a countdown that goes down.
    let first = wait_for("a countdown below 2 s", || async {
        let text = page.text_now(&countdown).await?;
        Ok(text.as_deref().and_then(seconds_left).filter(|s| *s < 2.0))
    })
    .await?;
    let pending = page.entry(recv).await?;
    ensure!(pending.kind == "waiting", "{pending:?}");
    // While it waits, the waiting line speaks; the result line is hidden.
    ensure!(pending.result.is_empty(), "{pending:?}");
    page.screenshot_of(
        &format!("li[data-testid=entry-{recv}]"),
        "timeout-countdown-entry-390x844-dark",
    )
    .await?;
    // The call may time out before a lower reading is taken, on a busy
    // machine: then it must have ended with the timeout.
    let lower = wait_for("the countdown to go down, or the call to end", || async {
        let text = page.text_now(&countdown).await?;
        match text.as_deref().and_then(seconds_left) {
            Some(left) if left < first => Ok(Some(true)),
            Some(_) => Ok(None),
            None => Ok(Some(false)),
        }
    })
    .await?;
    let done = page.wait_done(recv).await?;
    ensure!(done.call == format!("{s}.recv(1024)"), "{done:?}");
    ensure!(done.kind == "error" && done.tag == "exception", "{done:?}");
    ensure!(
        done.result == "TimeoutError: timed out",
        "recv raised {:?}",
        done.result
    );
    ensure!(
        done.explain.contains("within the socket's timeout"),
        "the explanation: {:?}",
        done.explain
    );
    ensure!(
        page.el_now(&countdown).await?.is_none(),
        "the countdown is still shown after the timeout"
    );
    if !lower {
        eprintln!("note: the countdown was read once ({first} s) before the call ended");
    }
    page.screenshot("timeout-390x844-dark").await?;
    page.close().await
}

/// C19: after `setblocking(False)`, `recv` with nothing to read raises
/// `BlockingIOError` at once instead of waiting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nonblocking_recv_raises_blocking_io_error() -> Result<()> {
    let page = Page::open(1920, 1080).await?;
    page.set_theme("auto").await?;
    page.set_presenter(true).await?;
    let echo = page.tcp_port("echo")?;
    let s = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    let echo_text = echo.to_string();
    let connected = page
        .call("connect", &[("host", "127.0.0.1"), ("port", &echo_text)])
        .await?;
    ensure!(connected.kind == "ok", "{connected:?}");
    let flag = page.call("setblocking", &[("flag", "False")]).await?;
    ensure!(
        flag.kind == "ok" && flag.call == format!("{s}.setblocking(False)"),
        "{flag:?}"
    );
    let row = page.row_text(&s).await?;
    ensure!(row.contains("non-blocking"), "{s}'s mode: {row:?}");

    let recv = page.call("recv", &[("bufsize", "1024")]).await?;
    ensure!(recv.call == format!("{s}.recv(1024)"), "{recv:?}");
    ensure!(recv.kind == "error" && recv.tag == "exception", "{recv:?}");
    ensure!(
        recv.result == "BlockingIOError: [Errno 11] Resource temporarily unavailable",
        "recv raised {:?}",
        recv.result
    );
    ensure!(
        recv.explain.contains("non-blocking") && recv.explain.contains("at once"),
        "the explanation: {:?}",
        recv.explain
    );
    // At once: one recv that failed with EAGAIN, and no wait.
    let trace = page.open_trace(recv.id).await?;
    ensure!(
        trace.contains("recv") && trace.contains("EAGAIN") && !trace.contains("waited"),
        "the trace: {trace:?}"
    );
    page.screenshot("blocking-io-1920x1080-auto-presenter")
        .await?;
    page.close().await
}

/// C5: port 70000 is refused under the field as CPython refuses it, and
/// running it records the exception without sending anything.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_range_port_is_refused_before_sending() -> Result<()> {
    let page = Page::open(390, 844).await?;
    page.set_theme("dark").await?;
    page.set_presenter(true).await?;
    let s = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    let before_ids = page.entry_ids().await?;
    let before_events = page.timeline_count().await?;
    let before_local = page.cell("local", &s).await?;

    page.pick_op("bind").await?;
    page.set_field("host", "127.0.0.1").await?;
    page.set_field("port", "70000").await?;
    let error = page
        .wait_text("#f-port-error", "the port's inline error", |t| {
            !t.is_empty()
        })
        .await?;
    ensure!(
        error == "OverflowError: bind(): port must be 0-65535.",
        "the inline error: {error:?}"
    );
    let invalid = page.attr_now("#f-port", "aria-invalid").await?;
    ensure!(
        invalid.as_deref() == Some("true"),
        "aria-invalid={invalid:?}"
    );
    page.screenshot("invalid-port-390x844-dark-presenter")
        .await?;
    page.screenshot_of(
        "#builder .field.invalid",
        "invalid-port-field-390x844-dark-presenter",
    )
    .await?;

    let id = page.run().await?;
    let raised = page.wait_done(id).await?;
    ensure!(
        raised.call == format!("{s}.bind(('127.0.0.1', 70000))"),
        "{raised:?}"
    );
    ensure!(
        raised.kind == "error" && raised.tag == "exception",
        "{raised:?}"
    );
    ensure!(
        raised.result == "OverflowError: bind(): port must be 0-65535.",
        "{raised:?}"
    );
    ensure!(
        raised.explain.contains("Nothing was sent to the relay"),
        "the explanation: {:?}",
        raised.explain
    );
    ensure!(
        !raised.has_trace,
        "a locally raised call has a trace: {raised:?}"
    );
    // Nothing reached the relay: no new event, the socket unchanged.
    let after_ids = page.entry_ids().await?;
    ensure!(
        after_ids.len() == before_ids.len() + 1,
        "entries before {before_ids:?}, after {after_ids:?}"
    );
    let after_events = page.timeline_count().await?;
    ensure!(
        after_events == before_events,
        "the timeline went from {before_events} to {after_events} events"
    );
    let after_local = page.cell("local", &s).await?;
    ensure!(after_local == before_local, "{s}'s local address changed");

    // -1 is refused the same way; a valid port clears the error.
    page.set_field("port", "-1").await?;
    let error = page
        .wait_text("#f-port-error", "the inline error for -1", |t| {
            !t.is_empty()
        })
        .await?;
    ensure!(
        error == "OverflowError: bind(): port must be 0-65535.",
        "the inline error for -1: {error:?}"
    );
    page.set_field("port", "0").await?;
    page.wait_text("#f-port-error", "the inline error to clear", str::is_empty)
        .await?;
    page.screenshot_of(
        &format!("li[data-testid=entry-{id}]"),
        "invalid-port-entry-390x844-dark-presenter",
    )
    .await?;
    page.close().await
}

/// The relay's policy (local profile: ports 1024-65535 or 0) refuses
/// `bind` to port 80; the page shows it as the relay's refusal with its
/// reason, not as a Python exception.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn policy_refusal_is_shown_as_the_relays() -> Result<()> {
    let page = Page::open(1366, 768).await?;
    page.set_theme("dark").await?;
    page.set_presenter(true).await?;
    let s = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    let refused = page
        .call("bind", &[("host", "127.0.0.1"), ("port", "80")])
        .await?;
    ensure!(
        refused.call == format!("{s}.bind(('127.0.0.1', 80))"),
        "{refused:?}"
    );
    ensure!(
        refused.kind == "rejected" && refused.tag == "relay",
        "not shown as a relay refusal: {refused:?}"
    );
    ensure!(
        refused.result.starts_with("relay rejected:")
            && refused.result.contains("port 80")
            && refused.result.contains("1024-65535"),
        "the refusal's reason: {:?}",
        refused.result
    );
    ensure!(
        !refused.result.contains("Error:"),
        "a refusal reads like an exception: {:?}",
        refused.result
    );
    ensure!(
        refused.explain.contains("not of the operating system"),
        "the explanation: {:?}",
        refused.explain
    );
    let tag_title = page
        .attr_now(
            &format!("[data-testid=result-{}] .tag", refused.id),
            "title",
        )
        .await?
        .context("the relay tag has no title")?;
    ensure!(tag_title.contains("relay's rules"), "{tag_title:?}");
    let local = page.cell("local", &s).await?.unwrap_or_default();
    ensure!(local == "—", "{s} got bound anyway: {local:?}");
    page.screenshot("policy-refusal-1366x768-dark-presenter")
        .await?;
    page.close().await
}
