//! Load → connected in headless Chromium, for the page and for a plain-JS
//! baseline page doing the same handshake, both served by one relay on
//! loopback. Each load is a fresh browser session, so nothing is cached:
//! what a learner's first visit costs.

use anyhow::{bail, Context as _, Result};
use fantoccini::{Client, Locator};
use socket_playground_e2e::{Chromedriver, Playground};
use std::path::Path;
use std::time::{Duration, Instant};

/// The baseline: opens the WebSocket, says hello in JSON, and records
/// `performance.now()` when the relay answers, on an element shaped like
/// the page's status badge.
const BASELINE: &str = r#"<!doctype html>
<meta charset="utf-8"><title>baseline</title>
<span id="connection-status" data-state="connecting">connecting</span>
<script>
const ws = new WebSocket(`ws://${location.host}/ws`);
ws.onopen = () => ws.send(JSON.stringify({ id: 0, op: { hello: { version: 1 } } }));
ws.onmessage = () => {
  const s = document.getElementById("connection-status");
  s.dataset.connectedMs = performance.now().toFixed(1);
  s.dataset.state = "connected";
  ws.close();
};
</script>
"#;

/// Milliseconds per load.
#[derive(Debug)]
pub struct Loads {
    pub page: Vec<f64>,
    pub baseline: Vec<f64>,
    pub browser: String,
}

/// The `p`th percentile (nearest rank) of `v`; 0 for an empty list.
pub fn percentile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s[((s.len() - 1) as f64 * p / 100.0).round() as usize]
}

/// Times `loads` loads of each page, alternating.
pub async fn measure(
    dist: &Path,
    chromedriver: &Path,
    chromium: &Path,
    loads: usize,
) -> Result<Loads> {
    // The relay serves a copy of the page with the baseline beside it.
    let dir = std::env::temp_dir().join(format!("page-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        if let Some(name) = path.file_name() {
            std::fs::copy(&path, dir.join(name))?;
        }
    }
    std::fs::write(dir.join("baseline.html"), BASELINE)?;
    let playground = Playground::start(dir.clone()).await?;
    let driver = Chromedriver::start(chromedriver, chromium).await?;
    let mut out = Loads {
        page: Vec::new(),
        baseline: Vec::new(),
        browser: browser_version(chromium),
    };
    let result = async {
        for _ in 0..loads {
            out.page.push(one_load(&driver, &playground.url()).await?);
            out.baseline
                .push(one_load(&driver, &format!("{}baseline.html", playground.url())).await?);
        }
        Ok::<(), anyhow::Error>(())
    }
    .await;
    drop(driver);
    playground.stop().await?;
    let _ = std::fs::remove_dir_all(&dir);
    result?;
    Ok(out)
}

async fn one_load(driver: &Chromedriver, url: &str) -> Result<f64> {
    let client = driver.browser().await?;
    let ms = load_in(&client, url).await;
    let _ = client.close().await;
    ms
}

async fn load_in(client: &Client, url: &str) -> Result<f64> {
    client.goto(url).await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(el) = client.find(Locator::Css("#connection-status")).await {
            if el.attr("data-state").await?.as_deref() == Some("connected") {
                let ms = el
                    .attr("data-connected-ms")
                    .await?
                    .context("no data-connected-ms")?;
                return ms
                    .parse()
                    .with_context(|| format!("data-connected-ms = {ms}"));
            }
        }
        if Instant::now() > deadline {
            bail!("{url} did not connect within 20 s");
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn browser_version(chromium: &Path) -> String {
    std::process::Command::new(chromium)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "(version unknown)".into())
}
