//! A classroom with three browsers on one relay: the teacher opens a room
//! and reads its code off the dashboard; Ada joins by typing it, Bob by
//! opening the join link on a phone. The teacher's Python server shows up
//! in the students' panels as an address with the line that reaches it;
//! Ada connects and sends, the teacher accepts and receives; the members
//! table counts Ada's sockets and ops; a task reaches everyone; pausing
//! refuses Ada's next socket call with the room's message; resuming lets it
//! through; removing Bob ends his session and his page says so; closing the
//! room sends Ada out. Before the task, the teacher opens the presenter
//! view (the student count, Ada's connection by name on the timeline and on
//! the teacher's socket), puts Ada in the spotlight (her next calls appear
//! there), and resets Ada's session (the teacher reads EOF, Ada's page
//! says why, she stays in the room). Every socket is on loopback.
//!
//! Screenshots: `classroom-presenter` (the presenter view, 1920×1080),
//! `classroom-dashboard` (the teacher's panel with bytes and the spotlight),
//! `classroom-teacher-1920x1080-light` (the dashboard),
//! `classroom-student-panel-1366x768-dark` and
//! `classroom-student-390x844-light` (a student's panel on a phone) and
//! `classroom-student-banner-390x844-light` (the phone's header),
//! `classroom-removed-390x844` under `target/screenshots/`.

use anyhow::{ensure, Context as _, Result};
use socket_playground_e2e::page::Page;
use socket_playground_e2e::wait_for;

/// Presses Tab, with Shift when `back`, as the keyboard does.
async fn tab(page: &Page, back: bool) -> Result<()> {
    use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
    use fantoccini::key::Key;
    let (shift, tab) = (char::from(Key::Shift), char::from(Key::Tab));
    let mut keys = KeyActions::new("keyboard".into());
    if back {
        keys = keys.then(KeyAction::Down { value: shift });
    }
    keys = keys
        .then(KeyAction::Down { value: tab })
        .then(KeyAction::Up { value: tab });
    if back {
        keys = keys.then(KeyAction::Up { value: shift });
    }
    page.client
        .perform_actions(keys)
        .await
        .context("pressing Tab")
}

/// The first number a console printed on a line of its own.
fn printed_number(out: &str) -> Option<u16> {
    out.lines().find_map(|l| l.trim().parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_and_two_students_share_a_room() -> Result<()> {
    let teacher = Page::open(1920, 1080).await?;
    teacher.set_theme("light").await?;

    // A local relay: no key field, and the room opens at once.
    ensure!(
        teacher.el_now("#room-key").await?.is_none(),
        "the local profile asks for no teacher key"
    );
    let code = teacher.open_room("Sockets 101").await?;
    ensure!(
        code.len() == 7 && code.as_bytes()[3] == b'-',
        "the dashboard shows the code {code:?}"
    );
    let compact = code.replace('-', "");
    let link = teacher.text("[data-testid=room-link]").await?;
    ensure!(
        link == format!("{}#join={compact}", teacher.playground.url()),
        "the join link is {link:?}"
    );
    let path = teacher
        .attr_now("[data-testid=room-qr] path", "d")
        .await?
        .unwrap_or_default();
    ensure!(
        path.starts_with('M') && path.matches('z').count() > 40,
        "the QR code is drawn: {} runs",
        path.matches('z').count()
    );
    teacher
        .wait_text("[data-testid=room-banner]", "the teacher's banner", |t| {
            t.contains(&format!("Room {code} · Sockets 101"))
        })
        .await?;

    // Ada types the code loosely; a wrong code is refused by the relay, a
    // missing name by the page.
    let ada = teacher.another(1366, 768).await?;
    ada.submit_join("AAA-AAA", "Ada").await?;
    ada.wait_text(
        "[data-testid=room-join-error]",
        "the relay to refuse a wrong code",
        |t| t.contains("there is no room AAA-AAA"),
    )
    .await?;
    ada.submit_join(&code, "").await?;
    ada.wait_text(
        "[data-testid=room-join-error]",
        "the page to ask for a name",
        |t| t.contains("type your name"),
    )
    .await?;
    ensure!(ada.room_role().await? == "none", "no name, no room");
    let typed = format!("{} {}", &compact[..3], &compact[3..]).to_lowercase();
    ada.join_room(&typed, "Ada").await?;
    ada.wait_text("[data-testid=room-you]", "Ada's name", |t| {
        t == "you are Ada"
    })
    .await?;
    let shown = ada.text("[data-testid=room-code]").await?;
    ensure!(shown == code, "Ada sees the code {shown:?}");

    // Bob opens the join link on a phone: the code is filled in and the
    // name field has the focus.
    let bob = teacher
        .another_at(390, 844, &format!("join={compact}"))
        .await?;
    let prefilled = bob.value("#room-join-code").await?;
    ensure!(prefilled == code, "the link filled in {prefilled:?}");
    let focused = bob
        .client
        .execute(
            "return document.activeElement && document.activeElement.id;",
            Vec::new(),
        )
        .await?;
    ensure!(
        focused.as_str() == Some("room-join-name"),
        "the focus is on {focused}"
    );
    // Typing the name and pressing Enter joins: the keyboard is enough.
    bob.fill("#room-join-name", "Bob").await?;
    bob.el("#room-join-name")
        .await?
        .send_keys("\u{e007}")
        .await?;
    bob.wait_room_role("student").await?;
    teacher.wait_members(&["Teacher", "Ada", "Bob"]).await?;
    ada.wait_text("[data-testid=room-count]", "three in the room", |t| {
        t.starts_with("3 in the room")
    })
    .await?;

    // The teacher serves from the Python console.
    teacher.show_tab("console").await?;
    teacher.py("import socket").await?;
    teacher
        .py("srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)")
        .await?;
    teacher.py("srv.bind(('127.0.0.1', 0))").await?;
    teacher.py("srv.listen()").await?;
    let out = teacher.py("print(srv.getsockname()[1])").await?;
    let port = printed_number(&out).with_context(|| format!("the port: {out:?}"))?;

    // Ada sees it with the line to reach it, and uses that very line.
    let (who, python) = ada.wait_listener(port).await?;
    ensure!(
        who == format!("Teacher's server — 127.0.0.1:{port} TCP"),
        "the listener reads {who:?}"
    );
    ensure!(
        python == format!("s.connect(('127.0.0.1', {port}))"),
        "the Python line is {python:?}"
    );
    ada.show_tab("console").await?;
    ada.py("import socket").await?;
    ada.py("s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)")
        .await?;
    let out = ada.py(&python).await?;
    ensure!(!out.contains("Error"), "Ada's connect: {out:?}");
    ada.py("s.sendall(b'hello from Ada')").await?;

    let out = teacher.py("conn, addr = srv.accept()").await?;
    ensure!(!out.contains("Error"), "the teacher's accept: {out:?}");
    let out = teacher.py("print(conn.recv(64))").await?;
    ensure!(
        out.contains("b'hello from Ada'"),
        "the teacher received {out:?}"
    );

    // The dashboard counts Ada's socket and calls.
    let row = teacher
        .wait_member("Ada", "Ada's socket and ops on the dashboard", |m| {
            m.sockets == 1 && m.ops >= 3
        })
        .await?;
    ensure!(row.text.contains("sendall"), "Ada's row: {row:?}");
    let bytes = teacher
        .text(&format!("[data-testid=room-member-bytes-{}]", row.id))
        .await?;
    let words: Vec<&str> = bytes.split_whitespace().collect();
    ensure!(
        words == ["↑14", "B", "↓0", "B"],
        "Ada's bytes on the dashboard: {bytes:?}"
    );

    // The presenter view: the room for the projector, with names.
    teacher.click("[data-testid=presenter-open]").await?;
    teacher
        .wait_text(
            "[data-testid=presenter-count]",
            "the students present",
            |t| t == "2 students present",
        )
        .await?;
    let shown = teacher.text("[data-testid=presenter-code]").await?;
    ensure!(shown == code, "the presenter view shows the code {shown:?}");
    teacher
        .wait_text(
            "[data-testid=presenter-timeline]",
            "Ada's connection on the projected timeline",
            |t| {
                t.contains(&format!("Ada connected to Teacher's 127.0.0.1:{port}"))
                    && t.contains("Ada sent 14 bytes to Teacher")
            },
        )
        .await?;
    teacher
        .wait_text(
            "[data-testid=presenter-sockets]",
            "the teacher's accepted socket named after Ada",
            |t| t.contains("ESTABLISHED") && t.contains("Ada (127.0.0.1:"),
        )
        .await?;

    // Spotlight Ada: her next calls appear as she makes them, and her page
    // says her calls are on the projector.
    teacher
        .click(&format!("[data-testid=presenter-pick-{}]", row.id))
        .await?;
    teacher
        .wait_text(
            "[data-testid=presenter-spotlight-name]",
            "the spotlight on Ada",
            |t| t == "Spotlight: Ada",
        )
        .await?;
    ada.wait_text(
        "[data-testid=room-spotlit]",
        "Ada told of the spotlight",
        |t| t.contains("showing your calls on the projector"),
    )
    .await?;
    ada.py("s.sendall(b'in the spotlight')").await?;
    let out = ada.py("s.connect(('127.0.0.1', 1))").await?;
    ensure!(out.contains("Error"), "connecting twice raises: {out:?}");
    teacher
        .wait_text(
            "[data-testid=presenter-spotlight]",
            "Ada's calls in the spotlight, as she wrote them",
            |t| {
                t.contains("s.sendall(b'in the spotlight')")
                    && t.contains("s.connect(('127.0.0.1', 1))")
                    && !t.contains("s1.")
                    && t.contains("Error: [Errno")
            },
        )
        .await?;
    teacher.screenshot("classroom-presenter").await?;
    // The keyboard stays in the dialog: Tab past its last button and
    // Shift+Tab past its first come back round, never to the page under it.
    teacher
        .client
        .execute(
            "document.querySelector('[data-testid=presenter-close]').focus()",
            vec![],
        )
        .await?;
    // From Exit, the first: back round to the last, on again to Exit, then on.
    for (back, on_exit) in [(true, false), (false, true), (false, false)] {
        tab(&teacher, back).await?;
        let at = teacher
            .client
            .execute(
                "const e = document.activeElement;
                 return [!!(e && e.closest('[data-testid=presenter]')),
                         e ? e.getAttribute('data-testid') : null];",
                vec![],
            )
            .await?;
        ensure!(
            at[0].as_bool() == Some(true) && (at[1].as_str() == Some("presenter-close")) == on_exit,
            "Tab (back: {back}) stays in the presenter view: {at:?}"
        );
    }
    teacher.click("[data-testid=presenter-close]").await?;
    teacher
        .wait_gone("[data-testid=presenter]", "the presenter view to close")
        .await?;
    let pressed = teacher
        .attr_now(
            &format!("[data-testid=room-spotlight-{}]", row.id),
            "aria-pressed",
        )
        .await?;
    ensure!(
        pressed.as_deref() == Some("true"),
        "the dashboard shows the spotlight: {pressed:?}"
    );
    teacher
        .screenshot_of("[data-testid=classroom]", "classroom-dashboard")
        .await?;
    let out = teacher.py("print(conn.recv(64))").await?;
    ensure!(
        out.contains("b'in the spotlight'"),
        "the teacher received {out:?}"
    );

    // Reset Ada: her socket closes for real (the teacher reads EOF), she
    // stays in the room, and her page says what happened.
    // Reset asks first, in Ada's row; "Keep" changes nothing.
    let reset = format!("[data-testid=room-reset-{}]", row.id);
    teacher.click(&reset).await?;
    teacher
        .wait_text(
            &format!("[data-testid=room-member-actions-{}]", row.id),
            "the reset question in Ada's row",
            |t| t.contains("Reset Ada's session? Every socket of theirs closes"),
        )
        .await?;
    let focused = teacher.focused_testid().await?;
    ensure!(
        focused == format!("room-reset-cancel-{}", row.id),
        "the question takes the focus on its safe answer: {focused:?}"
    );
    teacher
        .click(&format!("[data-testid=room-reset-cancel-{}]", row.id))
        .await?;
    teacher.el(&reset).await?;
    let focused = teacher.focused_testid().await?;
    ensure!(
        focused == format!("room-reset-{}", row.id),
        "Keep gives the focus back to the reset button: {focused:?}"
    );
    ensure!(
        teacher
            .py("print(conn.fileno() > 0)")
            .await?
            .contains("True"),
        "the teacher's connection to Ada is still open after Keep"
    );
    teacher.click(&reset).await?;
    teacher
        .click(&format!("[data-testid=room-reset-confirm-{}]", row.id))
        .await?;
    ada.wait_text("[data-testid=room-reset]", "Ada's reset note", |t| {
        t.contains("the teacher reset your session: your socket s1 was closed")
    })
    .await?;
    ensure!(
        ada.room_role().await? == "student",
        "Ada is still in the room"
    );
    let out = teacher.py("print(conn.recv(64))").await?;
    ensure!(out.contains("b''"), "the teacher reads EOF: {out:?}");
    teacher
        .wait_member("Ada", "Ada's sockets closed on the dashboard", |m| {
            m.sockets == 0
        })
        .await?;
    teacher
        .click(&format!("[data-testid=room-spotlight-{}]", row.id))
        .await?;
    ada.wait_gone("[data-testid=room-spotlit]", "Ada's spotlight note to go")
        .await?;

    // A task reaches both students and the banners.
    let task = "connect to my server and send your name";
    teacher.post_task(task).await?;
    for (student, name) in [(&ada, "Ada"), (&bob, "Bob")] {
        student
            .wait_text(
                "[data-testid=room-task]",
                &format!("{name} sees the task"),
                |t| t.contains(task),
            )
            .await?;
        student
            .wait_text(
                "[data-testid=room-banner]",
                &format!("{name}'s banner"),
                |t| t.contains(&format!("Room {code} · Sockets 101")) && t.contains(task),
            )
            .await?;
    }
    let live = ada.attr_now("[data-testid=room-task]", "aria-live").await?;
    ensure!(
        live.as_deref() == Some("polite"),
        "the task is live: {live:?}"
    );

    // The dashboard, and a student's panel in the dark theme and on a phone.
    teacher
        .screenshot("classroom-teacher-1920x1080-light")
        .await?;
    teacher
        .screenshot_of(
            "[data-testid=classroom]",
            "classroom-teacher-panel-1920x1080-light",
        )
        .await?;
    ada.set_theme("dark").await?;
    ada.screenshot_of(
        "[data-testid=classroom]",
        "classroom-student-panel-1366x768-dark",
    )
    .await?;
    bob.set_theme("light").await?;
    bob.screenshot_of("[data-testid=classroom]", "classroom-student-390x844-light")
        .await?;
    bob.screenshot("classroom-student-banner-390x844-light")
        .await?;
    let widths = bob
        .client
        .execute(
            "const r = document.documentElement; return [r.scrollWidth, r.clientWidth];",
            Vec::new(),
        )
        .await?;
    let width = |i: usize| widths.get(i).and_then(serde_json::Value::as_u64);
    ensure!(
        width(0).is_some() && width(0) <= width(1),
        "the phone's page scrolls sideways: [scrollWidth, clientWidth] = {widths}"
    );

    // Pause: Ada's next socket call is refused with the room's message.
    teacher.set_room_paused(true).await?;
    ada.wait_text("[data-testid=room-paused]", "Ada sees the pause", |t| {
        t.contains("paused by the teacher")
    })
    .await?;
    let out = ada
        .py("s2 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)")
        .await?;
    ensure!(
        out.contains(&format!("the teacher paused room {code}")),
        "a paused room refuses: {out:?}"
    );
    let id = ada.newest_id().await?.context("no entries")?;
    let refused = ada.entry(id).await?;
    ensure!(refused.kind == "rejected", "{refused:?}");

    // Resume: it goes through.
    teacher.set_room_paused(false).await?;
    ada.wait_gone("[data-testid=room-paused]", "Ada's pause notice to go")
        .await?;
    let out = ada
        .py("s2 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)")
        .await?;
    ensure!(!out.contains("paused"), "after resuming: {out:?}");
    // Her first socket went with the reset: this one is all she has.
    teacher
        .wait_member("Ada", "Ada's second socket", |m| m.sockets == 1)
        .await?;
    // A failing call shows on the dashboard as Ada's last error.
    let out = ada.py("s2.connect(('127.0.0.1', 1))").await?;
    ensure!(out.contains("ConnectionRefusedError"), "{out:?}");
    teacher
        .wait_member("Ada", "Ada's last error on the dashboard", |m| {
            m.error.contains("ConnectionRefusedError")
        })
        .await?;

    // Removing Bob ends his session: his page says why, and a new session
    // starts without his sockets or the room.
    teacher.remove_member("Bob").await?;
    teacher.wait_members(&["Teacher", "Ada"]).await?;
    bob.wait_room_role("none").await?;
    bob.wait_text("[data-testid=room-left]", "Bob's panel to say why", |t| {
        t.contains(&format!("the teacher removed you from room {code}"))
    })
    .await?;
    let notices = wait_for("Bob's notices to tell of the ended session", || async {
        let n = bob.notices().await?;
        Ok((n.contains("removed you") && n.contains("the earlier session had ended")).then_some(n))
    })
    .await?;
    println!("Bob's notices after the removal: {notices}");
    ensure!(
        bob.el_now("[data-testid=room-banner]").await?.is_none(),
        "Bob's banner is gone"
    );
    bob.screenshot_of("[data-testid=classroom]", "classroom-removed-390x844")
        .await?;

    // Closing takes a confirmation, then sends Ada out.
    teacher.click("[data-testid=room-close]").await?;
    teacher.click("[data-testid=room-close-cancel]").await?;
    ensure!(
        teacher.room_role().await? == "teacher",
        "cancel keeps the room open"
    );
    teacher.click("[data-testid=room-close]").await?;
    teacher.click("[data-testid=room-close-confirm]").await?;
    teacher.wait_room_role("none").await?;
    ada.wait_room_role("none").await?;
    ada.wait_text("[data-testid=room-left]", "Ada's panel to say why", |t| {
        t.contains(&format!("the teacher closed room {code}"))
    })
    .await?;
    ensure!(
        ada.notices().await?.contains("closed"),
        "Ada's notices say the room closed"
    );

    // The students' browsers first: the teacher's page owns the relay.
    bob.close().await?;
    ada.close().await?;
    teacher.close().await
}
