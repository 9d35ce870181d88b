//! Driving the playground page the way a learner does: pick a socket and a
//! call in the builder, type the arguments, press Run, and read what the
//! console, the socket table and the timeline show.
//!
//! [`Page::open`] starts everything one browser test needs (a relay on port
//! 0 serving the built page, chromedriver, a headless Chromium at a given
//! window size) and waits until the page says it is connected;
//! [`Page::close`] ends it. [`Page::another`] opens a second browser on the
//! same relay (a classmate). Every read goes through what is on screen
//! (element text and the `data-*` attributes the page renders), never
//! through the page's internals.

mod classroom;
mod look;
mod presets;
mod python;

use crate::{find, required_path, wait_for, Chromedriver, Playground};
use anyhow::{bail, ensure, Context as _, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use std::path::Path;

/// One console entry as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryView {
    /// The command id (`N` of `entry-N`).
    pub id: u64,
    /// `data-kind`: waiting, ok, error, cancelled or rejected.
    pub kind: String,
    /// The Python line (`s1.recv(16)`).
    pub call: String,
    /// What Python prints (a repr, or the exception line), without the tag.
    pub result: String,
    /// The tag before the result (`exception`, `relay`, `cancelled`), if
    /// any, in lower case (the stylesheet shows it in capitals).
    pub tag: String,
    /// The plain-language note under the result, if any.
    pub explain: String,
    /// Whether the entry has a syscall trace.
    pub has_trace: bool,
}

/// The page in a headless browser, served by its own relay.
pub struct Page {
    /// The WebDriver session.
    pub client: Client,
    /// The relay serving the page (its services, its address). For a page
    /// opened with [`Page::another`] on another page's relay, a handle on
    /// that relay: the first page owns it, and closing this one stops
    /// nothing.
    pub playground: Playground,
    // Kept alive for the session; killed (with Chromium) on drop.
    _driver: Chromedriver,
}

/// A chromedriver and a headless browser session on it.
///
/// On a loaded machine chromedriver now and then drops the request that
/// starts Chromium: this tries once more with a fresh driver.
async fn start_browser(chromedriver: &Path, chromium: &Path) -> Result<(Chromedriver, Client)> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let driver = Chromedriver::start(chromedriver, chromium).await?;
        match driver.browser().await {
            Ok(client) => return Ok((driver, client)),
            Err(e) if attempt < 2 => {
                eprintln!("starting the browser failed, trying again: {e:#}");
            }
            Err(e) => return Err(e),
        }
    }
}

impl Page {
    /// Starts a relay with the built page, a browser with a `width`×`height`
    /// window, loads the page and waits until it is connected.
    ///
    /// # Errors
    ///
    /// When the environment lacks the page or Chromium, or anything fails to
    /// start or connect in time.
    pub async fn open(width: u32, height: u32) -> Result<Page> {
        let dist = required_path("PLAYGROUND_DIST")?;
        let playground = Playground::start(dist).await?;
        let url = playground.url();
        Self::visit(width, height, &url, playground).await
    }

    /// Starts a browser with a `width`×`height` window, loads the page at
    /// `url` (a proxy in front of `playground`, say) and waits until it is
    /// connected. The page owns `playground`.
    ///
    /// # Errors
    ///
    /// When the environment lacks Chromium, or anything fails to start or
    /// connect in time.
    pub async fn visit(width: u32, height: u32, url: &str, playground: Playground) -> Result<Page> {
        let chromedriver = required_path("CHROMEDRIVER")?;
        let chromium = required_path("CHROMIUM")?;
        let (driver, client) = start_browser(&chromedriver, &chromium).await?;
        let page = Page {
            client,
            playground,
            _driver: driver,
        };
        page.set_viewport(width, height).await?;
        page.client.goto(url).await.context("loading the page")?;
        page.wait_connected().await?;
        Ok(page)
    }

    /// Resizes the window so that the page's viewport (what a screenshot
    /// shows) is `width`×`height` CSS pixels.
    ///
    /// # Errors
    ///
    /// If the browser cannot resize its window.
    pub async fn set_viewport(&self, width: u32, height: u32) -> Result<()> {
        let (mut w, mut h) = (width, height);
        for _ in 0..3 {
            self.client
                .set_window_size(w, h)
                .await
                .context("setting the window size")?;
            let inner = self
                .client
                .execute(
                    "return [window.innerWidth, window.innerHeight];",
                    Vec::new(),
                )
                .await
                .context("reading the viewport size")?;
            let size = |i: usize| {
                inner
                    .get(i)
                    .and_then(serde_json::Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok())
            };
            let (Some(iw), Some(ih)) = (size(0), size(1)) else {
                bail!("the browser reported its viewport as {inner}");
            };
            if (iw, ih) == (width, height) {
                return Ok(());
            }
            // The window's frame takes the difference.
            w = (w + width).saturating_sub(iw);
            h = (h + height).saturating_sub(ih);
        }
        bail!("could not make the viewport {width}x{height}")
    }

    /// Closes the browser session and stops the relay.
    ///
    /// # Errors
    ///
    /// If the session cannot be closed or the relay ends with an error.
    pub async fn close(self) -> Result<()> {
        let Page {
            client,
            playground,
            _driver,
        } = self;
        client.close().await.context("closing the browser")?;
        playground.stop().await
    }

    /// The port of the relay's service `name` over `proto`.
    ///
    /// # Errors
    ///
    /// If the relay announced no such service.
    pub fn service_port(&self, name: &str, proto: shared::ServiceProto) -> Result<u16> {
        self.playground
            .services
            .iter()
            .find(|s| s.name == name && s.proto == proto)
            .map(|s| s.port)
            .with_context(|| format!("the relay has no {proto:?} service called {name}"))
    }

    /// The port of the relay's TCP service `name`.
    ///
    /// # Errors
    ///
    /// If the relay announced no such service.
    pub fn tcp_port(&self, name: &str) -> Result<u16> {
        self.service_port(name, shared::ServiceProto::Tcp)
    }

    /// Waits until the status badge says `connected`.
    ///
    /// # Errors
    ///
    /// If it does not within [`crate::WAIT`].
    pub async fn wait_connected(&self) -> Result<()> {
        wait_for("the page to connect to the relay", || async {
            Ok(self
                .attr_now("#connection-status", "data-state")
                .await?
                .filter(|s| s == "connected"))
        })
        .await
        .map(drop)
    }

    /// The element matching `css`, waiting for it to appear.
    ///
    /// # Errors
    ///
    /// If it does not appear within [`crate::WAIT`].
    pub async fn el(&self, css: &str) -> Result<Element> {
        wait_for(css, || find(&self.client, css)).await
    }

    /// The element matching `css` now, if any.
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn el_now(&self, css: &str) -> Result<Option<Element>> {
        find(&self.client, css).await
    }

    /// The visible text of `css` now (`None` when it is absent).
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn text_now(&self, css: &str) -> Result<Option<String>> {
        match find(&self.client, css).await? {
            Some(el) => Ok(Some(el.text().await?)),
            None => Ok(None),
        }
    }

    /// The visible text of `css`, waiting for the element to appear.
    ///
    /// # Errors
    ///
    /// If it does not appear within [`crate::WAIT`].
    pub async fn text(&self, css: &str) -> Result<String> {
        wait_for(css, || self.text_now(css)).await
    }

    /// An attribute of `css` now (`None` when the element or the attribute
    /// is absent).
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn attr_now(&self, css: &str, name: &str) -> Result<Option<String>> {
        match find(&self.client, css).await? {
            Some(el) => Ok(el.attr(name).await?),
            None => Ok(None),
        }
    }

    /// Waits until the text of `css` satisfies `ok`, and returns it.
    ///
    /// # Errors
    ///
    /// If it does not within [`crate::WAIT`].
    pub async fn wait_text(
        &self,
        css: &str,
        what: &str,
        ok: impl Fn(&str) -> bool,
    ) -> Result<String> {
        let last = std::cell::RefCell::new(None);
        let found = wait_for(what, || async {
            let text = self.text_now(css).await?;
            last.replace(text.clone());
            Ok(text.filter(|t| ok(t)))
        })
        .await;
        found.with_context(|| format!("{css} last showed {:?}", last.borrow()))
    }

    /// Clicks `css` (waiting for it to appear).
    ///
    /// # Errors
    ///
    /// If it does not appear or cannot be clicked.
    pub async fn click(&self, css: &str) -> Result<()> {
        let el = self.el(css).await?;
        el.click().await.with_context(|| format!("clicking {css}"))
    }

    /// Picks socket `sid` (`s1`) in the builder's socket picker.
    ///
    /// # Errors
    ///
    /// If the picker has no such socket.
    pub async fn pick_socket(&self, sid: &str) -> Result<()> {
        let select = self.el("#op-socket").await?;
        select
            .select_by_value(sid)
            .await
            .with_context(|| format!("picking socket {sid}"))?;
        wait_for(&format!("{sid}'s row to show as selected"), || async {
            Ok(self
                .attr_now(&format!("tr[data-testid=socket-{sid}]"), "aria-selected")
                .await?
                .filter(|s| s == "true"))
        })
        .await
        .map(drop)
    }

    /// Picks the call `op` (`recv`) in the builder's call picker.
    ///
    /// # Errors
    ///
    /// If the picker has no such call.
    pub async fn pick_op(&self, op: &str) -> Result<()> {
        let select = self.el("#op-kind").await?;
        select
            .select_by_value(op)
            .await
            .with_context(|| format!("picking the call {op}"))?;
        // The form re-renders with the call's fields.
        wait_for(&format!("{op}() to be picked"), || async {
            let value = match self.el_now("#op-kind").await? {
                Some(el) => el.prop("value").await?,
                None => None,
            };
            Ok(value.filter(|v| v == op).map(drop))
        })
        .await
    }

    /// Sets the builder field `name` (`port`, `data`, `family`, …): a
    /// select is set by option value, a text input is cleared and typed.
    ///
    /// # Errors
    ///
    /// If the field is absent or does not take the value.
    pub async fn set_field(&self, name: &str, value: &str) -> Result<()> {
        let css = format!("#f-{name}");
        let el = self.el(&css).await?;
        if el.tag_name().await?.eq_ignore_ascii_case("select") {
            el.select_by_value(value)
                .await
                .with_context(|| format!("choosing {value} in {css}"))?;
        } else {
            el.clear()
                .await
                .with_context(|| format!("clearing {css}"))?;
            if value.is_empty() {
                // Make sure the page hears an input event for the empty value.
                el.send_keys(" \u{e003}").await?;
            } else {
                el.send_keys(value)
                    .await
                    .with_context(|| format!("typing into {css}"))?;
            }
        }
        wait_for(&format!("{css} to hold {value:?}"), || async {
            let now = match self.el_now(&css).await? {
                Some(el) => el.prop("value").await?,
                None => None,
            };
            Ok(now.filter(|v| v == value).map(drop))
        })
        .await
    }

    /// The Python line the builder would run.
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn preview(&self) -> Result<String> {
        self.text("[data-testid=preview]").await
    }

    /// The inline error under field `name` (empty when there is none).
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn field_error(&self, name: &str) -> Result<String> {
        Ok(self
            .text_now(&format!("#f-{name}-error"))
            .await?
            .unwrap_or_default())
    }

    /// The ids of the console entries shown, oldest first.
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn entry_ids(&self) -> Result<Vec<u64>> {
        let items = self
            .client
            .find_all(Locator::Css("#console li.entry"))
            .await
            .context("listing console entries")?;
        let mut ids = Vec::with_capacity(items.len());
        for item in items {
            let testid = item.attr("data-testid").await?.unwrap_or_default();
            let id = testid
                .strip_prefix("entry-")
                .and_then(|n| n.parse::<u64>().ok())
                .with_context(|| format!("a console entry has data-testid {testid:?}"))?;
            ids.push(id);
        }
        Ok(ids)
    }

    /// The id of the newest console entry, if there is one.
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn newest_id(&self) -> Result<Option<u64>> {
        Ok(self.entry_ids().await?.into_iter().max())
    }

    /// Presses Run and returns the id of the console entry it made (without
    /// waiting for its result).
    ///
    /// # Errors
    ///
    /// If Run is disabled (the field errors are named) or no entry appears.
    pub async fn run(&self) -> Result<u64> {
        let before = self.newest_id().await?.unwrap_or(0);
        let button = self.el("#run").await?;
        if !button.is_enabled().await? {
            let errors = self
                .client
                .find_all(Locator::Css("#builder .field-error"))
                .await?;
            let mut shown = Vec::new();
            for e in errors {
                let t = e.text().await?;
                if !t.is_empty() {
                    shown.push(t);
                }
            }
            bail!(
                "Run is disabled (preview {:?}, errors {shown:?})",
                self.preview().await?
            );
        }
        button.click().await.context("clicking Run")?;
        wait_for("Run to add a console entry", || async {
            Ok(self.newest_id().await?.filter(|id| *id > before))
        })
        .await
    }

    /// Entry `id` as shown now.
    ///
    /// # Errors
    ///
    /// If it is not shown.
    pub async fn entry(&self, id: u64) -> Result<EntryView> {
        let li = format!("li[data-testid=entry-{id}]");
        let kind = self
            .attr_now(&li, "data-kind")
            .await?
            .with_context(|| format!("console entry {id} is not shown"))?;
        let call = self.text_now(&format!("[data-testid=call-{id}]")).await?;
        let result = self
            .text_now(&format!("[data-testid=result-{id}] code"))
            .await?;
        let tag = self
            .text_now(&format!("[data-testid=result-{id}] .tag"))
            .await?;
        let explain = self
            .text_now(&format!("[data-testid=explain-{id}]"))
            .await?;
        let has_trace = self
            .el_now(&format!("[data-testid=trace-{id}]"))
            .await?
            .is_some();
        Ok(EntryView {
            id,
            kind,
            call: call.unwrap_or_default(),
            result: result.unwrap_or_default(),
            tag: tag.unwrap_or_default().to_lowercase(),
            explain: explain.unwrap_or_default(),
            has_trace,
        })
    }

    /// Waits until entry `id` has finished (is no longer `waiting`).
    ///
    /// # Errors
    ///
    /// If it does not finish within [`crate::WAIT`].
    pub async fn wait_done(&self, id: u64) -> Result<EntryView> {
        let li = format!("li[data-testid=entry-{id}]");
        wait_for(&format!("console entry {id} to finish"), || async {
            Ok(self
                .attr_now(&li, "data-kind")
                .await?
                .filter(|k| k != "waiting"))
        })
        .await?;
        self.entry(id).await
    }

    /// Waits until entry `id` shows as waiting (a blocking call): its
    /// `waiting-N` line is displayed.
    ///
    /// # Errors
    ///
    /// If it does not within [`crate::WAIT`].
    pub async fn wait_pending(&self, id: u64) -> Result<()> {
        let css = format!("[data-testid=waiting-{id}]");
        wait_for(&format!("entry {id} to show as waiting"), || async {
            match self.el_now(&css).await? {
                Some(el) => Ok(el.is_displayed().await?.then_some(())),
                None => Ok(None),
            }
        })
        .await
    }

    /// Picks `op`, sets `fields` (in order), presses Run and waits for the
    /// result.
    ///
    /// # Errors
    ///
    /// If any step fails or the call does not finish in time.
    pub async fn call(&self, op: &str, fields: &[(&str, &str)]) -> Result<EntryView> {
        let id = self.start(op, fields).await?;
        self.wait_done(id).await
    }

    /// Like [`Page::call`] but returns as soon as the entry exists (for a
    /// call that blocks).
    ///
    /// # Errors
    ///
    /// If any step fails.
    pub async fn start(&self, op: &str, fields: &[(&str, &str)]) -> Result<u64> {
        self.pick_op(op).await?;
        for (name, value) in fields {
            self.set_field(name, value).await?;
        }
        self.run().await
    }

    /// Runs `socket.socket(family, type)` and returns the new socket's name
    /// (`s1`), read from the console line `s1 = socket.socket(...)`.
    ///
    /// # Errors
    ///
    /// If the call fails or its line names no socket.
    pub async fn new_socket(&self, family: &str, sock_type: &str) -> Result<String> {
        let e = self
            .call("socket", &[("family", family), ("type", sock_type)])
            .await?;
        ensure!(e.kind == "ok", "socket() did not succeed: {e:?}");
        let expected = format!(" = socket.socket(socket.{family}, socket.{sock_type})");
        let sid = e
            .call
            .strip_suffix(&expected)
            .with_context(|| format!("socket()'s line is {:?}", e.call))?
            .to_string();
        ensure!(
            sid.starts_with('s') && sid[1..].parse::<u32>().is_ok(),
            "socket() assigned to {sid:?}"
        );
        // The new socket is selected for the next call.
        wait_for(&format!("{sid} to be selected"), || async {
            Ok(self
                .attr_now(&format!("tr[data-testid=socket-{sid}]"), "aria-selected")
                .await?
                .filter(|s| s == "true"))
        })
        .await?;
        Ok(sid)
    }

    /// Opens entry `id`'s trace (clicking its summary, as a learner does)
    /// and returns its text.
    ///
    /// # Errors
    ///
    /// If the entry has no trace.
    pub async fn open_trace(&self, id: u64) -> Result<String> {
        let css = format!("[data-testid=trace-{id}]");
        let details = self.el(&css).await?;
        if details.attr("open").await?.is_none() {
            self.click(&format!("{css} > summary")).await?;
        }
        self.wait_text(&format!("{css} ol"), "the trace lines to show", |t| {
            !t.is_empty()
        })
        .await
    }

    /// The text of a socket-table cell: `what` is `local`, `peer`, `state`
    /// or `accept-queue`; `None` when the socket has no such cell.
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn cell(&self, what: &str, sid: &str) -> Result<Option<String>> {
        self.text_now(&format!("[data-testid={what}-{sid}]")).await
    }

    /// Waits until a socket-table cell satisfies `ok` and returns its text.
    ///
    /// # Errors
    ///
    /// If it does not within [`crate::WAIT`].
    pub async fn wait_cell(
        &self,
        what: &str,
        sid: &str,
        ok: impl Fn(&str) -> bool,
    ) -> Result<String> {
        self.wait_text(
            &format!("[data-testid={what}-{sid}]"),
            &format!("{sid}'s {what} cell"),
            ok,
        )
        .await
    }

    /// The whole row of socket `sid` as text.
    ///
    /// # Errors
    ///
    /// If the row is absent.
    pub async fn row_text(&self, sid: &str) -> Result<String> {
        self.text(&format!("tr[data-testid=socket-{sid}]")).await
    }

    /// Waits until socket `sid` has left the table.
    ///
    /// # Errors
    ///
    /// If it is still there after [`crate::WAIT`].
    pub async fn wait_socket_gone(&self, sid: &str) -> Result<()> {
        let css = format!("tr[data-testid=socket-{sid}]");
        self.wait_gone(&css, &format!("{sid} to leave the socket table"))
            .await
    }

    /// Waits until nothing matches `css` (`what` names the wait).
    ///
    /// # Errors
    ///
    /// If something still does after [`crate::WAIT`].
    pub async fn wait_gone(&self, css: &str, what: &str) -> Result<()> {
        wait_for(what, || async {
            Ok(self.el_now(css).await?.is_none().then_some(()))
        })
        .await
    }

    /// The `data-testid` of the focused element (empty if it has none).
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn focused_testid(&self) -> Result<String> {
        let v = self
            .client
            .execute(
                "const e = document.activeElement;
                 return (e && e.getAttribute('data-testid')) || '';",
                Vec::new(),
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// The number of events the timeline says it holds.
    ///
    /// # Errors
    ///
    /// If the count is not shown or not a number.
    pub async fn timeline_count(&self) -> Result<u64> {
        let text = self.text_now("[data-testid=timeline-count]").await?;
        let text = text.unwrap_or_default();
        text.split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .with_context(|| format!("the timeline count reads {text:?}"))
    }
}
