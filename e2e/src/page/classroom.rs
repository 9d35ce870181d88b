//! Classrooms: more than one browser on one relay (a teacher and students),
//! and the Classroom panel driven as they drive it: open a room, join it
//! with the code or a join link, read the listeners, the members table and
//! the task, use the teacher's controls.

use super::{start_browser, Page};
use crate::{required_path, wait_for, Playground};
use anyhow::{bail, ensure, Context as _, Result};
use fantoccini::Locator;

impl Playground {
    /// A handle on this relay for another browser: the same address and
    /// services, but stopping it stops nothing (the owner stops the relay).
    pub fn guest(&self) -> Playground {
        Playground {
            addr: self.addr,
            services: self.services.clone(),
            stop: None,
            task: tokio::spawn(async { Ok(()) }),
        }
    }
}

/// One line of the teacher's members table, as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberView {
    /// The member's number (`N` of `room-member-N`).
    pub id: u32,
    /// The display name.
    pub name: String,
    /// Open sockets.
    pub sockets: u32,
    /// Ops so far.
    pub ops: u64,
    /// The row's text (name, role, counts, last call).
    pub text: String,
    /// The member's last error, if the table shows one.
    pub error: String,
}

impl Page {
    /// Opens a second browser (its own chromedriver and Chromium) with a
    /// `width`×`height` viewport on this page's relay, loads the page and
    /// waits until it is connected: a classmate on the same relay. Close it
    /// before the page that owns the relay.
    ///
    /// # Errors
    ///
    /// When the browser cannot start or the page does not connect in time.
    pub async fn another(&self, width: u32, height: u32) -> Result<Page> {
        self.another_at(width, height, "").await
    }

    /// Like [`Page::another`], loading the page with the URL fragment
    /// `fragment` (`join=K7P3QX`; empty for none).
    ///
    /// # Errors
    ///
    /// When the browser cannot start or the page does not connect in time.
    pub async fn another_at(&self, width: u32, height: u32, fragment: &str) -> Result<Page> {
        let chromedriver = required_path("CHROMEDRIVER")?;
        let chromium = required_path("CHROMIUM")?;
        let (driver, client) = start_browser(&chromedriver, &chromium).await?;
        let page = Page {
            client,
            playground: self.playground.guest(),
            _driver: driver,
        };
        page.set_viewport(width, height).await?;
        let mut url = page.playground.url();
        if !fragment.is_empty() {
            url = format!("{url}#{fragment}");
        }
        page.client.goto(&url).await.context("loading the page")?;
        page.wait_connected().await?;
        Ok(page)
    }

    /// Clears the text field `css` and types `value` into it, then waits
    /// until it holds it.
    ///
    /// # Errors
    ///
    /// If the field is absent or does not take the value.
    pub async fn fill(&self, css: &str, value: &str) -> Result<()> {
        let el = self.el(css).await?;
        el.clear()
            .await
            .with_context(|| format!("clearing {css}"))?;
        el.send_keys(value)
            .await
            .with_context(|| format!("typing into {css}"))?;
        wait_for(&format!("{css} to hold {value:?}"), || async {
            let now = match self.el_now(css).await? {
                Some(el) => el.prop("value").await?,
                None => None,
            };
            Ok(now.filter(|v| v == value).map(drop))
        })
        .await
    }

    /// The value of the input `css` now.
    ///
    /// # Errors
    ///
    /// If it is absent.
    pub async fn value(&self, css: &str) -> Result<String> {
        Ok(self.el(css).await?.prop("value").await?.unwrap_or_default())
    }

    /// The Classroom panel's `data-role`: `none`, `student` or `teacher`.
    ///
    /// # Errors
    ///
    /// If the panel is absent.
    pub async fn room_role(&self) -> Result<String> {
        self.attr_now("[data-testid=classroom]", "data-role")
            .await?
            .context("the Classroom panel is not shown")
    }

    /// Waits until the Classroom panel's role is `role`.
    ///
    /// # Errors
    ///
    /// If it is not within [`crate::WAIT`].
    pub async fn wait_room_role(&self, role: &str) -> Result<()> {
        wait_for(&format!("the Classroom panel to show a {role}"), || async {
            Ok(self
                .attr_now("[data-testid=classroom]", "data-role")
                .await?
                .filter(|r| r == role)
                .map(drop))
        })
        .await
    }

    /// Opens a room called `title` as its teacher (no key: a local relay)
    /// and returns its join code as the dashboard shows it.
    ///
    /// # Errors
    ///
    /// If the room does not open.
    pub async fn open_room(&self, title: &str) -> Result<String> {
        self.fill("#room-title", title).await?;
        self.click("[data-testid=room-open]").await?;
        self.wait_room_role("teacher").await?;
        self.text("[data-testid=room-code]").await
    }

    /// Types `code` and `name` into the Join form and presses Join (it may
    /// be refused: see [`Page::join_error`]).
    ///
    /// # Errors
    ///
    /// If the form is absent.
    pub async fn submit_join(&self, code: &str, name: &str) -> Result<()> {
        if !code.is_empty() || !self.value("#room-join-code").await?.is_empty() {
            self.fill("#room-join-code", code).await?;
        }
        if name.is_empty() {
            // Clearing alone fires no input event: type a space and erase it.
            let el = self.el("#room-join-name").await?;
            el.clear().await?;
            el.send_keys(" \u{e003}").await?;
        } else {
            self.fill("#room-join-name", name).await?;
        }
        self.click("[data-testid=room-join]").await
    }

    /// Joins the room `code` as `name` and waits to be in it.
    ///
    /// # Errors
    ///
    /// If the join is refused (with the refusal) or takes too long.
    pub async fn join_room(&self, code: &str, name: &str) -> Result<()> {
        self.submit_join(code, name).await?;
        let joined = wait_for("the join's answer", || async {
            if self.room_role().await? == "student" {
                return Ok(Some(Ok(())));
            }
            let error = self.join_error().await?;
            Ok((!error.is_empty()).then_some(Err(error)))
        })
        .await?;
        match joined {
            Ok(()) => Ok(()),
            Err(error) => bail!("joining {code} as {name} was refused: {error}"),
        }
    }

    /// The Join form's error line, waiting for one to show.
    ///
    /// # Errors
    ///
    /// If none shows within [`crate::WAIT`].
    pub async fn wait_join_error(&self) -> Result<String> {
        wait_for("the Join form to show an error", || async {
            let e = self.join_error().await?;
            Ok((!e.is_empty()).then_some(e))
        })
        .await
    }

    /// The Join form's error line now (empty when there is none).
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn join_error(&self) -> Result<String> {
        Ok(self
            .text_now("[data-testid=room-join-error]")
            .await?
            .unwrap_or_default())
    }

    /// The teacher's members table, as shown now.
    ///
    /// # Errors
    ///
    /// If a row cannot be read.
    pub async fn members(&self) -> Result<Vec<MemberView>> {
        let rows = self
            .client
            .find_all(Locator::Css(
                "[data-testid=room-members] tbody tr[data-name]",
            ))
            .await
            .context("listing the members")?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let testid = row.attr("data-testid").await?.unwrap_or_default();
            let id = testid
                .strip_prefix("room-member-")
                .and_then(|n| n.parse::<u32>().ok())
                .with_context(|| format!("a member row has data-testid {testid:?}"))?;
            let name = row.attr("data-name").await?.unwrap_or_default();
            let number =
                |text: Option<String>| text.unwrap_or_default().trim().parse::<u64>().unwrap_or(0);
            let sockets = number(
                self.text_now(&format!("[data-testid=room-member-sockets-{id}]"))
                    .await?,
            );
            let ops = number(
                self.text_now(&format!("[data-testid=room-member-ops-{id}]"))
                    .await?,
            );
            let sockets = u32::try_from(sockets).unwrap_or(u32::MAX);
            let text = row.text().await?;
            let error = self
                .text_now(&format!("[data-testid=room-member-error-{id}]"))
                .await?
                .unwrap_or_default();
            out.push(MemberView {
                id,
                name,
                sockets,
                ops,
                text,
                error,
            });
        }
        Ok(out)
    }

    /// Waits until the members table has a row for `name` that satisfies
    /// `ok`, and returns it.
    ///
    /// # Errors
    ///
    /// If there is none within [`crate::WAIT`].
    pub async fn wait_member(
        &self,
        name: &str,
        what: &str,
        ok: impl Fn(&MemberView) -> bool,
    ) -> Result<MemberView> {
        wait_for(what, || async {
            Ok(self
                .members()
                .await?
                .into_iter()
                .find(|m| m.name == name && ok(m)))
        })
        .await
    }

    /// Waits until the members table lists exactly `names`, in order.
    ///
    /// # Errors
    ///
    /// If it does not within [`crate::WAIT`].
    pub async fn wait_members(&self, names: &[&str]) -> Result<()> {
        wait_for(&format!("the members table to list {names:?}"), || async {
            let shown = self.members().await?;
            let shown: Vec<&str> = shown.iter().map(|m| m.name.as_str()).collect();
            Ok((shown == names).then_some(()))
        })
        .await
    }

    /// Waits until the Classroom panel lists a listener on `port` and
    /// returns its text and its Python line.
    ///
    /// # Errors
    ///
    /// If it does not within [`crate::WAIT`].
    pub async fn wait_listener(&self, port: u16) -> Result<(String, String)> {
        let text = self
            .text(&format!("[data-testid=room-listener-{port}] .who"))
            .await?;
        let python = self
            .text(&format!("[data-testid=room-listener-py-{port}]"))
            .await?;
        Ok((text, python))
    }

    /// As the teacher, posts `task` (empty clears it).
    ///
    /// # Errors
    ///
    /// If the form is absent.
    pub async fn post_task(&self, task: &str) -> Result<()> {
        let input = self.el("#room-task-input").await?;
        input.clear().await?;
        if !task.is_empty() {
            self.fill("#room-task-input", task).await?;
        }
        self.click("[data-testid=room-task-post]").await
    }

    /// As the teacher, pauses (`true`) or resumes the room and waits until
    /// the dashboard says so.
    ///
    /// # Errors
    ///
    /// If the dashboard does not change within [`crate::WAIT`].
    pub async fn set_room_paused(&self, paused: bool) -> Result<()> {
        let now = self.text("[data-testid=room-state]").await?;
        ensure!(
            now.starts_with("paused") != paused,
            "the room is already {now:?}"
        );
        self.click("[data-testid=room-pause]").await?;
        self.wait_text(
            "[data-testid=room-state]",
            "the room's state to change",
            |t| t.starts_with("paused") == paused,
        )
        .await
        .map(drop)
    }

    /// As the teacher, removes the member called `name`.
    ///
    /// # Errors
    ///
    /// If no such member is listed.
    pub async fn remove_member(&self, name: &str) -> Result<()> {
        let member = self
            .wait_member(name, &format!("{name} in the members table"), |_| true)
            .await?;
        self.click(&format!("[data-testid=room-remove-{}]", member.id))
            .await?;
        // The dashboard asks first.
        self.click(&format!("[data-testid=room-remove-confirm-{}]", member.id))
            .await
    }

    /// The newest relay notices above the console (empty when none).
    ///
    /// # Errors
    ///
    /// On WebDriver failures.
    pub async fn notices(&self) -> Result<String> {
        Ok(self
            .text_now("[data-testid=notices]")
            .await?
            .unwrap_or_default())
    }
}
