//! A teacher whose page reloads mid-lesson keeps the room: on a shared
//! relay (teacher key required) the teacher opens a room, Ada joins, the
//! teacher's tab reloads and takes its session back, dashboard and all.
//! Then the tab is away for longer than the grace period, so its session
//! ends (the room lives on with Ada in it); back on the page, the Join form
//! offers the room back, filled in with its code, the teacher's name and
//! key; one press of Join and the dashboard returns, with Ada still listed
//! and the controls working.
//! A student cannot take the teacher's place with a wrong key. Every
//! socket is on loopback. Screenshot: `classroom-rejoin` (the Join form
//! offering the room back).

use anyhow::{ensure, Context as _, Result};
use relay::config::PolicyConfig;
use shared::Profile;
use socket_playground_e2e::page::Page;
use socket_playground_e2e::{metric, required_path, wait_for, Playground};

const KEY: &str = "a-long-teacher-key";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reloaded_teacher_takes_the_room_back_and_a_wrong_key_does_not() -> Result<()> {
    let dist = required_path("PLAYGROUND_DIST")?;
    let relay = Playground::start_with(dist, |c| {
        c.profile = Profile::Shared;
        c.policy = PolicyConfig::default_for(Profile::Shared);
        c.teacher_key = Some(KEY.into());
        // Short, so the test can outwait it.
        c.limits.grace = std::time::Duration::from_secs(5);
    })
    .await?;
    let url = relay.url();
    let teacher = Page::visit(1366, 900, &url, relay).await?;
    teacher.fill("#room-title", "Sockets 101").await?;
    teacher.fill("#room-teacher", "Ms Hopper").await?;
    teacher.fill("#room-key", KEY).await?;
    teacher.click("[data-testid=room-open]").await?;
    teacher.wait_room_role("teacher").await?;
    let code = teacher.text("[data-testid=room-code]").await?;

    let ada = teacher.another(1366, 900).await?;
    ada.join_room(&code, "Ada").await?;
    teacher.wait_members(&["Ms Hopper", "Ada"]).await?;

    // The teacher's tab reloads: the page takes its session back, so the
    // dashboard is there at once, with one teacher.
    teacher
        .client
        .refresh()
        .await
        .context("reloading the page")?;
    teacher.wait_connected().await?;
    teacher.wait_room_role("teacher").await?;
    teacher.wait_members(&["Ms Hopper", "Ada"]).await?;

    // The tab goes elsewhere for longer than the relay's grace period: its
    // session ends. The room lives on, keeping the teacher's place.
    teacher
        .client
        .goto("about:blank")
        .await
        .context("leaving the page")?;
    let relay_addr = teacher.playground.addr;
    wait_for("the teacher's session to end (only Ada's left)", || async {
        Ok((metric(relay_addr, "playground_sessions").await? == 1.0).then_some(()))
    })
    .await?;
    teacher
        .client
        .goto(&url)
        .await
        .context("coming back to the page")?;
    teacher.wait_connected().await?;
    teacher.wait_room_role("none").await?;
    let notices = teacher.notices().await?;
    ensure!(
        notices.contains("the session this tab had before the page loaded again has ended"),
        "the page says why it is out of the room: {notices:?}"
    );
    teacher.el("[data-testid=room-rejoin-hint]").await?;
    teacher
        .screenshot_of("[data-testid=classroom]", "classroom-rejoin")
        .await?;
    ensure!(
        teacher.value("#room-join-code").await? == code,
        "the code is filled in"
    );
    ensure!(teacher.value("#room-join-name").await? == "Ms Hopper");
    ensure!(
        teacher.value("#room-join-key").await? == KEY,
        "the key is filled in"
    );
    teacher.click("[data-testid=room-join]").await?;
    teacher.wait_room_role("teacher").await?;
    teacher.wait_members(&["Ms Hopper", "Ada"]).await?;
    teacher.post_task("back in business").await?;
    ada.wait_text("[data-testid=room-task]", "the task", |t| {
        t.contains("back in business")
    })
    .await?;

    // A student ticking "as the room's teacher" with a wrong key is refused.
    let bob = teacher.another(1366, 900).await?;
    bob.fill("#room-join-code", &code).await?;
    bob.fill("#room-join-name", "Bob").await?;
    bob.click("#room-join-teacher").await?;
    bob.fill("#room-join-key", "guess").await?;
    bob.click("[data-testid=room-join]").await?;
    let error = bob.wait_join_error().await?;
    ensure!(error.contains("not this relay's"), "{error}");
    ensure!(bob.room_role().await? == "none");
    let shown = wait_for("Bob to stay out of the members table", || async {
        let names: Vec<String> = teacher
            .members()
            .await?
            .into_iter()
            .map(|m| m.name)
            .collect();
        Ok((!names.iter().any(|n| n == "Bob")).then_some(names))
    })
    .await?;
    ensure!(shown == ["Ms Hopper", "Ada"], "{shown:?}");
    bob.close().await?;
    ada.close().await?;
    teacher.close().await
}
