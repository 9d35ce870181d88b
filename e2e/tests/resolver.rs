//! The resolver panel (C6, C22): lookups answered by the relay's real
//! resolver, shown as console lines, and the well-known ports table.

use anyhow::{ensure, Result};
use socket_playground_e2e::page::Page;
use socket_playground_e2e::wait_for;

/// Types into a resolver field (the builder's `set_field` is for `#f-*`).
async fn type_into(page: &Page, css: &str, value: &str) -> Result<()> {
    let el = page.el(css).await?;
    el.clear().await?;
    el.send_keys(value).await?;
    wait_for(&format!("{css} to hold {value:?}"), || async {
        Ok(page
            .el(css)
            .await?
            .prop("value")
            .await?
            .filter(|v| v == value)
            .map(drop))
    })
    .await
}

/// Runs the panel's lookup and returns the new console entry, finished.
async fn lookup(page: &Page) -> Result<socket_playground_e2e::page::EntryView> {
    let before = page.newest_id().await?.unwrap_or(0);
    page.click("[data-testid=lookup-run]").await?;
    let id = wait_for("the lookup's console line", || async {
        Ok(page.newest_id().await?.filter(|id| *id > before))
    })
    .await?;
    page.wait_done(id).await
}

/// `getservbyname('http', 'tcp')` is 80 and `getservbyport(53, 'udp')` is
/// 'domain' (C6); `gethostname()` answers; the well-known ports table fills
/// from the relay's answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn well_known_ports_come_from_the_relays_resolver() -> Result<()> {
    let page = Page::open(1920, 1080).await?;
    page.set_theme("light").await?;

    page.click("[data-testid=lookup-getservbyname]").await?;
    type_into(&page, "#lookup-a", "http").await?;
    type_into(&page, "#lookup-b", "tcp").await?;
    let http = lookup(&page).await?;
    ensure!(
        http.call == "socket.getservbyname('http', 'tcp')" && http.result == "80",
        "{http:?}"
    );

    page.click("[data-testid=lookup-getservbyport]").await?;
    type_into(&page, "#lookup-a", "53").await?;
    type_into(&page, "#lookup-b", "udp").await?;
    let dns = lookup(&page).await?;
    ensure!(
        dns.call == "socket.getservbyport(53, 'udp')" && dns.result == "'domain'",
        "{dns:?}"
    );

    let before = page.newest_id().await?.unwrap_or(0);
    page.click("[data-testid=gethostname]").await?;
    let id = wait_for("gethostname's line", || async {
        Ok(page.newest_id().await?.filter(|id| *id > before))
    })
    .await?;
    let host = page.wait_done(id).await?;
    ensure!(
        host.kind == "ok" && host.result.starts_with('\'') && host.result.len() > 2,
        "{host:?}"
    );

    page.click("[data-testid=well-known] summary").await?;
    page.click("[data-testid=well-known-load]").await?;
    let row = page
        .wait_text("[data-testid=wk-22-tcp]", "port 22 in the table", |t| {
            t.contains("ssh")
        })
        .await?;
    ensure!(row.contains("22"), "{row:?}");
    let dns_row = page.text("[data-testid=wk-53-udp]").await?;
    ensure!(dns_row.contains("domain"), "{dns_row:?}");
    page.screenshot("resolver-1920x1080-light").await?;
    page.close().await
}
