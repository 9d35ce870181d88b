//! The page at three window sizes (a large monitor, a laptop, a phone),
//! in the light and dark themes and in presenter mode, with content in
//! every region: nothing makes the document scroll sideways, the main
//! regions are on screen, the theme and presenter attributes take effect.
//! A screenshot of each combination is saved as
//! `target/screenshots/layout-<W>x<H>-<theme>.png`.

use anyhow::{ensure, Context as _, Result};
use serde_json::Value;
use socket_playground_e2e::page::Page;
use socket_playground_e2e::wait_for;

/// Window sizes: full HD, a common laptop, a phone in portrait.
const SIZES: [(u32, u32); 3] = [(1920, 1080), (1366, 768), (390, 844)];

/// The regions a learner needs, by a selector for each.
const REGIONS: [(&str, &str); 4] = [
    ("builder", "#builder"),
    ("sockets", "section[aria-labelledby=sockets-title]"),
    ("console", "#console"),
    ("timeline", "#timeline"),
];

/// Measures the document and the regions. Reports the widest elements that
/// stick out of the viewport without a scrolling ancestor, to name the
/// culprit when the document overflows.
const MEASURE: &str = r#"
const regions = arguments[0];
const vw = window.innerWidth;
const root = document.documentElement;
const describe = (el) => el.tagName.toLowerCase()
  + (el.id ? '#' + el.id : '')
  + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '')
  + (el.dataset && el.dataset.testid ? '[data-testid=' + el.dataset.testid + ']' : '');
const clipped = (el) => {
  for (let p = el.parentElement; p && p !== root; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== 'visible') return true;
  }
  return false;
};
const out = {};
for (const [name, sel] of regions) {
  const el = document.querySelector(sel);
  if (!el) { out[name] = null; continue; }
  const r = el.getBoundingClientRect();
  const cs = getComputedStyle(el);
  out[name] = {
    left: r.left, right: r.right, width: r.width, height: r.height,
    shown: cs.display !== 'none' && cs.visibility !== 'hidden' && !el.closest('[hidden]'),
  };
}
const wide = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width > 0 && r.right > vw + 0.5 && !clipped(el)) {
    wide.push(describe(el) + ' right=' + Math.round(r.right));
    if (wide.length >= 8) break;
  }
}
const picker = document.querySelector('#op-kind');
const chips = document.querySelector('#builder .chips');
return {
  chipsIndent: picker && chips ? chips.getBoundingClientRect().left - picker.getBoundingClientRect().left : null,
  innerWidth: vw,
  innerHeight: window.innerHeight,
  scrollWidth: root.scrollWidth,
  fontSize: parseFloat(getComputedStyle(root).fontSize),
  background: getComputedStyle(document.body).backgroundColor,
  regions: out,
  wide: wide,
};
"#;

/// What [`MEASURE`] found.
struct Measured {
    inner_width: f64,
    font_size: f64,
    background: String,
}

/// Checks the layout now: no horizontal overflow, every region shown with
/// a size and inside the viewport's width.
async fn check_layout(page: &Page, label: &str) -> Result<Measured> {
    let regions = serde_json::to_value(REGIONS)?;
    let m = page
        .client
        .execute(MEASURE, vec![regions])
        .await
        .context("measuring the layout")?;
    let num = |key: &str| m.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN);
    let inner_width = num("innerWidth");
    let scroll_width = num("scrollWidth");
    ensure!(
        scroll_width <= inner_width,
        "{label}: the document is {scroll_width} px wide in a {inner_width} px viewport; \
         sticking out: {}",
        m["wide"]
    );
    for (name, _) in REGIONS {
        let r = &m["regions"][name];
        ensure!(!r.is_null(), "{label}: the {name} region is missing");
        let f = |k: &str| r.get(k).and_then(Value::as_f64).unwrap_or(f64::NAN);
        ensure!(
            r["shown"] == Value::Bool(true) && f("width") > 0.0 && f("height") > 0.0,
            "{label}: the {name} region is not shown: {r}"
        );
        ensure!(
            f("left") >= -0.5 && f("right") <= inner_width + 0.5,
            "{label}: the {name} region is outside the viewport's width {inner_width}: {r}"
        );
    }
    // The suggested-call chips line up under the call picker, whether its
    // label sits beside it or (on narrow screens) above it.
    let indent = num("chipsIndent");
    ensure!(
        indent.abs() <= 2.0,
        "{label}: the suggested calls are {indent} px off the call picker's left edge"
    );
    Ok(Measured {
        inner_width,
        font_size: num("fontSize"),
        background: m["background"].as_str().unwrap_or_default().to_string(),
    })
}

/// `rgb(r, g, b)` → r + g + b.
fn brightness(css: &str) -> Option<u32> {
    let inner = css
        .strip_prefix("rgb(")
        .or_else(|| css.strip_prefix("rgba("))?
        .trim_end_matches(')');
    let parts: Vec<u32> = inner
        .split(',')
        .take(3)
        .map(|p| p.trim().parse::<u32>().ok())
        .collect::<Option<_>>()?;
    Some(parts.iter().sum())
}

/// Every size × theme, and presenter mode at every size, with a socket,
/// a connection to the echo service and a few calls on the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn layouts_and_themes_fit_every_size() -> Result<()> {
    let page = Page::open(1920, 1080).await?;
    let echo = page.tcp_port("echo")?;

    // Content in every region.
    let s1 = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    page.pick_op("connect").await?;
    page.click("[data-testid=port-echo]").await?;
    page.wait_text("[data-testid=preview]", "the connect preview", |t| {
        t == format!("{s1}.connect(('127.0.0.1', {echo}))")
    })
    .await?;
    let id = page.run().await?;
    ensure!(page.wait_done(id).await?.kind == "ok", "connect failed");
    let sent = page
        .call(
            "sendall",
            &[(
                "data",
                r"b'a line long enough to need some room on a phone\n'",
            )],
        )
        .await?;
    ensure!(sent.kind == "ok", "{sent:?}");
    let got = page.call("recv", &[("bufsize", "1024")]).await?;
    ensure!(
        got.kind == "ok" && got.result.starts_with("b'a line"),
        "{got:?}"
    );
    let s2 = page.new_socket("AF_INET6", "SOCK_DGRAM").await?;
    ensure!(s2 != s1, "two sockets share a name");

    for (w, h) in SIZES {
        page.client
            .set_window_size(w, h)
            .await
            .with_context(|| format!("resizing the window to {w}×{h}"))?;
        let inner = wait_for(&format!("the viewport to be {w} px wide"), || async {
            let v = page
                .client
                .execute("return window.innerWidth;", Vec::new())
                .await?;
            Ok(v.as_u64().filter(|v| *v == u64::from(w)))
        })
        .await?;
        let mut backgrounds = Vec::new();
        for theme in ["light", "dark"] {
            page.set_theme(theme).await?;
            let label = format!("layout-{w}x{h}-{theme}");
            let m = check_layout(&page, &label).await?;
            ensure!(
                m.inner_width == inner as f64,
                "{label}: viewport {}",
                m.inner_width
            );
            let shot = page.screenshot(&label).await?;
            println!(
                "{label}: fits; body background {}; {}",
                m.background,
                shot.display()
            );
            backgrounds.push(m.background);
        }
        let (light, dark) = (
            brightness(&backgrounds[0]).with_context(|| format!("{backgrounds:?}"))?,
            brightness(&backgrounds[1]).with_context(|| format!("{backgrounds:?}"))?,
        );
        ensure!(
            dark < light,
            "{w}×{h}: the dark theme's background {} is not darker than the light one's {}",
            backgrounds[1],
            backgrounds[0]
        );

        // Presenter mode: larger type, still fits.
        let label = format!("layout-{w}x{h}-dark-presenter");
        let normal = check_layout(&page, &label).await?.font_size;
        page.set_presenter(true).await?;
        let big = check_layout(&page, &label).await?;
        ensure!(
            big.font_size > normal,
            "{label}: presenter mode left the root font at {} px (was {normal} px)",
            big.font_size
        );
        println!(
            "{label}: root font {normal} px → {} px; {}",
            big.font_size,
            page.screenshot(&label).await?.display()
        );
        page.set_presenter(false).await?;
    }
    page.close().await
}
