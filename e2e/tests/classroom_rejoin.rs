//! A teacher whose page reloads mid-lesson takes the room back: on a
//! shared relay (teacher key required) the teacher opens a room, Ada joins,
//! the teacher's tab reloads (a new session, outside the room, which lives
//! on with Ada in it); the Join form offers the room back, filled in with
//! its code, the teacher's name and key; one press of Join and the
//! dashboard returns, with Ada still listed and the controls working.
//! A student cannot take the teacher's place with a wrong key. Every
//! socket is on loopback. Screenshot: `classroom-rejoin` (the Join form
//! offering the room back).

use anyhow::{ensure, Context as _, Result};
use relay::config::PolicyConfig;
use shared::Profile;
use socket_playground_e2e::page::Page;
use socket_playground_e2e::{required_path, wait_for, Playground};

const KEY: &str = "a-long-teacher-key";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reloaded_teacher_takes_the_room_back_and_a_wrong_key_does_not() -> Result<()> {
    let dist = required_path("PLAYGROUND_DIST")?;
    let relay = Playground::start_with(dist, |c| {
        c.profile = Profile::Shared;
        c.policy = PolicyConfig::default_for(Profile::Shared);
        c.teacher_key = Some(KEY.into());
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

    // The teacher's tab reloads: a new session, out of the room.
    teacher
        .client
        .refresh()
        .await
        .context("reloading the page")?;
    teacher.wait_connected().await?;
    teacher.wait_room_role("none").await?;
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
    // One teacher: the reloaded page's old place (still in its grace
    // period) is taken over, not doubled.
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
