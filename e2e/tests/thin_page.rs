//! The whole chain in a real browser: a relay in this process serves the
//! trunk-built page; headless Chromium loads it; the page talks MessagePack
//! over `/ws`; the relay makes real syscalls on a real socket connected to
//! its real TCP echo service.
//!
//! Run with `cargo xtask test` (it builds the page and sets PLAYGROUND_DIST,
//! CHROMEDRIVER and CHROMIUM).

use anyhow::{bail, ensure, Context as _, Result};
use fantoccini::{Client, Locator};
use socket_playground_e2e::{find, required_path, screenshot, wait_for, Chromedriver, Playground};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_connect_send_recv_close_through_the_page() -> Result<()> {
    let dist = required_path("PLAYGROUND_DIST")?;
    let chromedriver = required_path("CHROMEDRIVER")?;
    let chromium = required_path("CHROMIUM")?;

    let playground = Playground::start(dist).await?;
    let driver = Chromedriver::start(&chromedriver, &chromium).await?;
    let client = driver.browser().await?;

    let outcome = scenario(&client, &playground).await;
    let shot = screenshot(
        &client,
        if outcome.is_ok() {
            "thin_page"
        } else {
            "thin_page-failure"
        },
    )
    .await;
    let outcome = match outcome {
        Ok(()) => Ok(()),
        Err(e) => {
            let console = text_of(&client, "main").await.unwrap_or_default();
            Err(e.context(format!("the page showed:\n{console}")))
        }
    };
    let _ = client.close().await;
    drop(driver);
    playground.stop().await?;
    outcome?;
    let shot = shot?;
    println!("screenshot: {}", shot.display());
    Ok(())
}

async fn scenario(client: &Client, playground: &Playground) -> Result<()> {
    let echo = playground
        .tcp_service("echo")
        .context("the relay announces no TCP echo service")?
        .clone();
    client.goto(&playground.url()).await?;

    // Connected, and the hello's services are listed.
    wait_for("the status to say connected", || async {
        let Some(status) = find(client, "#connection-status").await? else {
            return Ok(None);
        };
        match status.attr("data-state").await?.as_deref() {
            Some("connected") => Ok(Some(())),
            Some("disconnected") => bail!("the page disconnected: {}", status.text().await?),
            _ => Ok(None),
        }
    })
    .await?;
    let row = wait_for("the echo service to be listed", || async {
        find(client, "[data-testid='service-echo-tcp']").await
    })
    .await?;
    let row_text = row.text().await?;
    ensure!(
        row_text.contains(&echo.port.to_string()),
        "the echo row `{row_text}` lacks port {}",
        echo.port
    );

    // s1 = socket.socket(AF_INET, SOCK_STREAM)
    click(client, "#create-socket").await?;
    let (kind, text) = result_of(client, 1).await?;
    ensure!(
        kind == "ok" && text.contains("<socket.socket fd="),
        "socket(): {kind} {text}"
    );
    let call = text_of(client, "[data-testid='entry-1'] .call").await?;
    ensure!(
        call.contains("s1 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)"),
        "socket() line: {call}"
    );

    // s1.connect(('127.0.0.1', <echo port>))
    click(client, "#connect-echo").await?;
    let (kind, text) = result_of(client, 2).await?;
    ensure!(kind == "ok", "connect(): {kind} {text}");
    let call = text_of(client, "[data-testid='entry-2'] .call").await?;
    ensure!(
        call.contains(&format!("s1.connect(('{}', {}))", echo.host, echo.port)),
        "connect() line: {call}"
    );

    // s1.sendall(b'hello playground')
    let input = client.find(Locator::Css("#send-text")).await?;
    input.send_keys("hello playground").await?;
    click(client, "#send").await?;
    let (kind, text) = result_of(client, 3).await?;
    ensure!(kind == "ok", "sendall(): {kind} {text}");

    // s1.recv(1024) → b'hello playground'
    click(client, "#recv").await?;
    let (kind, text) = result_of(client, 4).await?;
    ensure!(
        kind == "ok" && text == "b'hello playground'",
        "recv(1024): {kind} {text}"
    );
    let call = text_of(client, "[data-testid='entry-4'] .call").await?;
    ensure!(call.contains("s1.recv(1024)"), "recv() line: {call}");

    // The connect's trace, expanded, shows the genuine connect() syscall.
    click(client, "[data-testid='trace-2'] summary").await?;
    let trace = text_of(client, "[data-testid='trace-2'] ol").await?;
    ensure!(
        trace.lines().any(|l| l.contains("connect(")),
        "connect trace lacks a connect() line:\n{trace}"
    );

    // The socket table shows the connection; then s1.close().
    let table = text_of(client, "#sockets").await?;
    ensure!(
        table.contains(&echo.port.to_string()),
        "the socket table lacks the peer port:\n{table}"
    );
    click(client, "#close").await?;
    let (kind, text) = result_of(client, 5).await?;
    ensure!(kind == "ok", "close(): {kind} {text}");
    Ok(())
}

async fn click(client: &Client, css: &str) -> Result<()> {
    let el = wait_for(&format!("{css} to be enabled"), || async {
        match find(client, css).await? {
            Some(el) if el.is_enabled().await? => Ok(Some(el)),
            _ => Ok(None),
        }
    })
    .await?;
    el.click().await.with_context(|| format!("clicking {css}"))
}

async fn text_of(client: &Client, css: &str) -> Result<String> {
    let el = client
        .find(Locator::Css(css))
        .await
        .with_context(|| format!("finding {css}"))?;
    Ok(el.text().await?)
}

/// Waits until console entry `id` has finished and returns its kind
/// (`ok`, `error`, `rejected`, `cancelled`) and result text.
async fn result_of(client: &Client, id: u64) -> Result<(String, String)> {
    let entry_css = format!("[data-testid='entry-{id}']");
    let kind = wait_for(&format!("console entry {id} to finish"), || async {
        let Some(entry) = find(client, &entry_css).await? else {
            return Ok(None);
        };
        Ok(entry.attr("data-kind").await?.filter(|k| k != "waiting"))
    })
    .await?;
    let text = match find(client, &format!("[data-testid='result-{id}']")).await? {
        Some(el) => el.text().await?,
        None => String::new(),
    };
    Ok((kind, text))
}
