//! Everything without a mouse: the shortcut help (`?`, Esc), building and
//! running calls with Tab, typing and Enter (`o` jumps to the call picker),
//! socket selection with the digit keys, the theme, presenter and "go to"
//! shortcuts; and every button and form control has an accessible name.

use anyhow::{bail, ensure, Context as _, Result};
use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::Value;
use socket_playground_e2e::page::Page;
use socket_playground_e2e::{find, wait_for};
use std::cell::RefCell;

/// One browser at a time: the machine is small.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Presses each key of `keys` in turn, as the keyboard does: to whatever
/// has the focus.
async fn press(client: &Client, keys: &[char]) -> Result<()> {
    let mut actions = KeyActions::new("keyboard".into());
    for key in keys {
        actions = actions
            .then(KeyAction::Down { value: *key })
            .then(KeyAction::Up { value: *key });
    }
    client
        .perform_actions(actions)
        .await
        .with_context(|| format!("pressing {keys:?}"))
}

/// Types `text` into whatever has the focus.
async fn type_text(client: &Client, text: &str) -> Result<()> {
    press(client, &text.chars().collect::<Vec<_>>()).await
}

/// Ctrl+A: selects all of the focused field, so typing replaces it.
async fn select_all(client: &Client) -> Result<()> {
    let ctrl = char::from(Key::Control);
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: ctrl })
        .then(KeyAction::Down { value: 'a' })
        .then(KeyAction::Up { value: 'a' })
        .then(KeyAction::Up { value: ctrl });
    client
        .perform_actions(actions)
        .await
        .context("pressing Ctrl+A")
}

/// `id`, else `data-testid`, else the tag of the focused element.
async fn focused(client: &Client) -> Result<String> {
    let v = client
        .execute(
            "const e = document.activeElement;
             if (!e || e === document.body) return 'body';
             return e.id || e.getAttribute('data-testid') || e.tagName.toLowerCase();",
            Vec::new(),
        )
        .await
        .context("reading the focused element")?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// Waits until the element with id (or test id) `want` has the focus.
async fn wait_focus(client: &Client, want: &str) -> Result<()> {
    let last = RefCell::new(String::new());
    let found = wait_for(&format!("{want} to have the focus"), || async {
        let now = focused(client).await?;
        let hit = now == want;
        last.replace(now);
        Ok(hit.then_some(()))
    })
    .await;
    found.with_context(|| format!("the focus is on {:?}", last.borrow()))
}

/// Presses Tab until `want` has the focus (at most `max` times); returns
/// how many presses it took.
async fn tab_to(client: &Client, want: &str, max: usize) -> Result<usize> {
    let mut path = Vec::new();
    for n in 1..=max {
        press(client, &[char::from(Key::Tab)]).await?;
        let now = focused(client).await?;
        if now == want {
            return Ok(n);
        }
        path.push(now);
    }
    bail!("{max} Tabs never reached {want}; they went through {path:?}")
}

/// Takes the focus off everything (back to the document body).
async fn blur(client: &Client) -> Result<()> {
    client
        .execute(
            "if (document.activeElement) document.activeElement.blur();",
            Vec::new(),
        )
        .await
        .context("blurring")?;
    wait_focus(client, "body").await
}

/// Waits until the call picker shows `op`.
async fn wait_op(page: &Page, op: &str) -> Result<()> {
    let last = RefCell::new(None);
    let found = wait_for(&format!("the call picker to show {op}"), || async {
        let value = match page.el_now("#op-kind").await? {
            Some(el) => el.prop("value").await?,
            None => None,
        };
        last.replace(value.clone());
        Ok(value.filter(|v| v == op).map(drop))
    })
    .await;
    found.with_context(|| format!("the call picker shows {:?}", last.borrow()))
}

/// From anywhere outside a text field: `o`, then Home and ↓ through the
/// call picker until it shows `op`. The picker must keep the focus while
/// it changes; each time it does not, a note goes to `lost` and the focus
/// is put back so the rest of the flow can still be checked.
async fn pick_op_by_keys(page: &Page, op: &str, lost: &mut Vec<String>) -> Result<()> {
    let client = &page.client;
    press(client, &['o']).await?;
    wait_focus(client, "op-kind").await?;
    let mut seen: Vec<String> = Vec::new();
    if let Some(el) = page.el_now("#op-kind").await? {
        seen.extend(el.prop("value").await?);
    }
    press(client, &[char::from(Key::Home)]).await?;
    for _ in 0..40 {
        let value = match page.el_now("#op-kind").await? {
            Some(el) => el.prop("value").await?.unwrap_or_default(),
            None => String::new(),
        };
        let now = focused(client).await?;
        if now != "op-kind" {
            lost.push(format!(
                "changing the call from {} to {value} moved the focus from the call picker to {now}",
                seen.last().map_or("?", String::as_str)
            ));
            // Put it back by script, not `o`: the focus may now be in
            // another select, where `o` is type-ahead, not a shortcut.
            client
                .execute("document.getElementById('op-kind').focus();", Vec::new())
                .await?;
            wait_focus(client, "op-kind").await?;
        }
        if value == op {
            return wait_op(page, op).await;
        }
        if seen.last() == Some(&value) {
            break;
        }
        seen.push(value);
        press(client, &[char::from(Key::Down)]).await?;
    }
    bail!("↓ through the call picker never reached {op}: {seen:?}")
}

/// Waits for a new console entry after `before` and for its result.
async fn next_result(page: &Page, before: u64) -> Result<socket_playground_e2e::page::EntryView> {
    let id = wait_for("a new console entry", || async {
        Ok(page.newest_id().await?.filter(|id| *id > before))
    })
    .await?;
    page.wait_done(id).await
}

/// The newest console entry's id (0 when there is none).
async fn newest(page: &Page) -> Result<u64> {
    Ok(page.newest_id().await?.unwrap_or(0))
}

/// Waits until socket `sid`'s row is the selected one and the builder's
/// socket picker agrees.
async fn wait_selected(page: &Page, sid: &str) -> Result<()> {
    wait_for(&format!("{sid} to be selected"), || async {
        let row = page
            .attr_now(&format!("tr[data-testid=socket-{sid}]"), "aria-selected")
            .await?;
        let picker = match page.el_now("#op-socket").await? {
            Some(el) => el.prop("value").await?,
            None => None,
        };
        Ok((row.as_deref() == Some("true") && picker.as_deref() == Some(sid)).then_some(()))
    })
    .await
}

/// Every button, field, select and summary without an accessible name
/// (text content, `aria-label`, `aria-labelledby` or a `<label>`).
const UNNAMED: &str = r#"
const text = (s) => (s || '').replace(/\s+/g, ' ').trim();
const named = (el) => {
  if (text(el.getAttribute('aria-label'))) return true;
  const by = el.getAttribute('aria-labelledby');
  if (by && by.split(/\s+/).some((id) => { const r = document.getElementById(id); return r && text(r.textContent); })) return true;
  if (el.labels && Array.from(el.labels).some((l) => text(l.textContent))) return true;
  if ((el.tagName === 'BUTTON' || el.tagName === 'SUMMARY') && text(el.textContent)) return true;
  if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type) && text(el.value)) return true;
  return false;
};
const out = [];
for (const el of document.querySelectorAll('button, input:not([type=hidden]), select, textarea, summary')) {
  if (!named(el)) {
    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.getAttribute('data-testid') ? '[data-testid=' + el.getAttribute('data-testid') + ']' : '')
      + (el.type ? '[type=' + el.type + ']' : ''));
  }
}
return out;
"#;

/// The controls without an accessible name, now.
async fn unnamed_controls(client: &Client) -> Result<Vec<String>> {
    let v = client
        .execute(UNNAMED, Vec::new())
        .await
        .context("listing unnamed controls")?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default())
}

/// `?` opens the help listing the shortcuts (focus on its Close button),
/// Esc closes it; it reopens after being closed with Enter on Close.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_opens_with_question_mark_and_closes_with_escape() -> Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    let page = Page::open(1366, 900).await?;
    let client = &page.client;
    blur(client).await?;
    ensure!(
        find(client, "[data-testid=help]").await?.is_none(),
        "the help is open before any key"
    );

    press(client, &['?']).await?;
    let help = page.text("[data-testid=help]").await?;
    ensure!(
        help.to_lowercase().contains("keyboard shortcuts"),
        "the help shows {help:?}"
    );
    let keys = client
        .find_all(Locator::Css("[data-testid=help] table.keys th kbd"))
        .await?;
    let mut listed = Vec::new();
    for k in keys {
        listed.push(k.text().await?);
    }
    for want in ["?", "o", "1 … 9", "Enter", "l", "t", "c", "d", "p", "Esc"] {
        ensure!(
            listed.iter().any(|k| k == want),
            "the help does not list {want:?}: {listed:?}"
        );
    }
    wait_focus(client, "help-close").await?;
    page.screenshot("keyboard-help").await?;

    press(client, &[char::from(Key::Escape)]).await?;
    wait_for("Esc to close the help", || async {
        Ok(find(client, "[data-testid=help]")
            .await?
            .is_none()
            .then_some(()))
    })
    .await?;

    // Close it with Enter on its focused Close button, then `?` again.
    press(client, &['?']).await?;
    page.el("[data-testid=help]").await?;
    wait_focus(client, "help-close").await?;
    press(client, &[char::from(Key::Enter)]).await?;
    wait_for("Enter on Close to close the help", || async {
        Ok(find(client, "[data-testid=help]")
            .await?
            .is_none()
            .then_some(()))
    })
    .await?;
    blur(client).await?;
    press(client, &['?']).await?;
    page.el("[data-testid=help]")
        .await
        .context("`?` does not reopen the help after it was closed with its button")?;
    // `?` also closes it.
    press(client, &['?']).await?;
    wait_for("`?` to close the help", || async {
        Ok(find(client, "[data-testid=help]")
            .await?
            .is_none()
            .then_some(()))
    })
    .await?;
    page.close().await
}

/// Without the mouse: `o`, type-ahead, Tab, typing and Enter create a
/// socket, connect it to the echo service, send and receive; the digit
/// keys select sockets; `d`, `p`, `t`, `c` and `l` do what the help says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_action_by_keyboard() -> Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    let page = Page::open(1366, 900).await?;
    let client = &page.client;
    let echo = page.tcp_port("echo")?;
    blur(client).await?;

    // socket(): `o` lands on the call picker, which starts at socket().
    let mut lost = Vec::new();
    press(client, &['o']).await?;
    wait_focus(client, "op-kind").await?;
    wait_op(&page, "socket").await?;
    let tabs = tab_to(client, "run", 40).await?;
    println!("from the call picker to Run: {tabs} Tabs");
    let before = newest(&page).await?;
    press(client, &[char::from(Key::Enter)]).await?;
    let created = next_result(&page, before).await?;
    ensure!(
        created.kind == "ok"
            && created
                .call
                .ends_with(" = socket.socket(socket.AF_INET, socket.SOCK_STREAM)"),
        "{created:?}"
    );
    let s1 = created
        .call
        .split(" = ")
        .next()
        .unwrap_or_default()
        .to_string();

    // connect(('127.0.0.1', echo)): type the port, Enter submits.
    pick_op_by_keys(&page, "connect", &mut lost).await?;
    tab_to(client, "f-host", 40).await?;
    select_all(client).await?;
    type_text(client, "127.0.0.1").await?;
    tab_to(client, "f-port", 5).await?;
    select_all(client).await?;
    type_text(client, &echo.to_string()).await?;
    let line = format!("{s1}.connect(('127.0.0.1', {echo}))");
    page.wait_text("[data-testid=preview]", "the connect preview", |t| {
        t == line
    })
    .await?;
    let before = newest(&page).await?;
    press(client, &[char::from(Key::Enter)]).await?;
    let connected = next_result(&page, before).await?;
    ensure!(
        connected.call == line && connected.kind == "ok",
        "{connected:?}"
    );
    page.wait_cell("state", &s1, |t| t == "ESTABLISHED").await?;

    // sendall and recv: leave the text field with Tab first (in a field,
    // letters are typing, not shortcuts).
    tab_to(client, "run", 40).await?;
    pick_op_by_keys(&page, "sendall", &mut lost).await?;
    tab_to(client, "f-data", 40).await?;
    select_all(client).await?;
    type_text(client, "b'typed, not clicked'").await?;
    let before = newest(&page).await?;
    press(client, &[char::from(Key::Enter)]).await?;
    let sent = next_result(&page, before).await?;
    ensure!(
        sent.call == format!("{s1}.sendall(b'typed, not clicked')") && sent.kind == "ok",
        "{sent:?}"
    );
    tab_to(client, "run", 40).await?;
    pick_op_by_keys(&page, "recv", &mut lost).await?;
    tab_to(client, "f-bufsize", 40).await?;
    select_all(client).await?;
    type_text(client, "1024").await?;
    let before = newest(&page).await?;
    press(client, &[char::from(Key::Enter)]).await?;
    let got = next_result(&page, before).await?;
    ensure!(
        got.call == format!("{s1}.recv(1024)")
            && got.kind == "ok"
            && got.result == "b'typed, not clicked'",
        "{got:?}"
    );
    println!("by keyboard: {} → {}", got.call, got.result);
    page.screenshot("keyboard-echo").await?;

    // A second socket; the digit keys select s1 and s2; 9 (no s9) does not
    // change the selection.
    tab_to(client, "run", 40).await?;
    pick_op_by_keys(&page, "socket", &mut lost).await?;
    tab_to(client, "run", 40).await?;
    let before = newest(&page).await?;
    press(client, &[char::from(Key::Enter)]).await?;
    let second = next_result(&page, before).await?;
    let s2 = second
        .call
        .split(" = ")
        .next()
        .unwrap_or_default()
        .to_string();
    ensure!(second.kind == "ok" && s2 != s1, "{second:?}");
    wait_selected(&page, &s2).await?;
    let digit = |sid: &str| sid.trim_start_matches('s').chars().next().unwrap_or('0');
    press(client, &[digit(&s1)]).await?;
    wait_selected(&page, &s1).await?;
    press(client, &[digit(&s2)]).await?;
    wait_selected(&page, &s2).await?;
    // `9`, then `d`: once the theme has changed, `9` has been handled too.
    let theme = page.attr_now("html", "data-theme").await?;
    press(client, &['9', 'd']).await?;
    wait_for("`d` to change the theme", || async {
        Ok((page.attr_now("html", "data-theme").await? != theme).then_some(()))
    })
    .await?;
    wait_selected(&page, &s2)
        .await
        .context("`9` (no such socket) changed the selection")?;

    // `p` toggles presenter mode both ways.
    let presenter = page.attr_now("html", "data-presenter").await?;
    press(client, &['p']).await?;
    wait_for("`p` to toggle presenter mode", || async {
        Ok((page.attr_now("html", "data-presenter").await? != presenter).then_some(()))
    })
    .await?;
    press(client, &['p']).await?;
    wait_for("`p` to toggle presenter mode back", || async {
        Ok((page.attr_now("html", "data-presenter").await? == presenter).then_some(()))
    })
    .await?;

    // The "go to" keys move the focus where the help says.
    press(client, &['t']).await?;
    wait_focus(client, "timeline").await?;
    press(client, &['c']).await?;
    wait_focus(client, "console-title").await?;
    press(client, &['l']).await?;
    wait_for("`l` to focus the presets", || async {
        let now = focused(client).await?;
        Ok((now == "summary" || now == "preset-select").then_some(()))
    })
    .await?;
    page.screenshot("keyboard-done").await?;
    ensure!(
        lost.is_empty(),
        "the call picker lost the keyboard focus:\n{}",
        lost.join("\n")
    );
    page.close().await
}

/// Every button and form control has an accessible name: on the empty
/// page, with the help open, with sockets and console entries, and for
/// every call's fields in the builder.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_control_has_an_accessible_name() -> Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    let page = Page::open(1366, 900).await?;
    let client = &page.client;
    let mut problems = Vec::new();
    let mut check = |at: &str, unnamed: Vec<String>| {
        if !unnamed.is_empty() {
            problems.push(format!("{at}: {unnamed:?}"));
        }
    };
    // The check itself finds an unnamed control (then the probe goes).
    client
        .execute(
            "const b = document.createElement('button'); b.id = 'unnamed-probe'; document.body.append(b);",
            Vec::new(),
        )
        .await?;
    let found = unnamed_controls(client).await?;
    ensure!(
        found.iter().any(|c| c.starts_with("button#unnamed-probe")),
        "the check missed an unnamed button: {found:?}"
    );
    client
        .execute(
            "document.getElementById('unnamed-probe').remove();",
            Vec::new(),
        )
        .await?;
    check("the empty page", unnamed_controls(client).await?);

    blur(client).await?;
    press(client, &['?']).await?;
    page.el("[data-testid=help]").await?;
    check("with the help open", unnamed_controls(client).await?);
    press(client, &[char::from(Key::Escape)]).await?;

    let echo = page.tcp_port("echo")?;
    page.new_socket("AF_INET", "SOCK_STREAM").await?;
    page.call("connect", &[("port", &echo.to_string())]).await?;
    page.call("sendall", &[("data", "b'names'")]).await?;
    page.call("recv", &[("bufsize", "1024")]).await?;
    let blocked = page.start("recv", &[("bufsize", "1024")]).await?;
    page.wait_pending(blocked).await?;
    check(
        "with sockets, results and a blocking call",
        unnamed_controls(client).await?,
    );

    // Every call's fields.
    let kinds = client
        .execute(
            "return Array.from(document.querySelectorAll('#op-kind option')).map((o) => o.value);",
            Vec::new(),
        )
        .await?;
    let kinds: Vec<String> = kinds
        .as_array()
        .context("the call picker has no options")?
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    ensure!(kinds.len() >= 20, "the call picker offers {kinds:?}");
    for kind in &kinds {
        page.pick_op(kind).await?;
        check(
            &format!("the {kind}() form"),
            unnamed_controls(client).await?,
        );
    }
    page.screenshot("keyboard-accessible-names").await?;
    ensure!(
        problems.is_empty(),
        "controls without an accessible name:\n{}",
        problems.join("\n")
    );
    page.close().await
}
