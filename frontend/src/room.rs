//! Classrooms on the page: what the Classroom panel and the header banner
//! show, decided without the DOM.
//!
//! - Join codes: typed loosely (`k7p 3qx`), shown as `K7P-3QX`, carried in
//!   a join link's fragment as `#join=K7P3QX` (beside, not instead of, a
//!   shared script's `#script=`).
//! - The forms' checks before anything is sent (a name, a code's shape, the
//!   teacher key on a shared relay).
//! - The room's listeners as "Ms T's server — 127.0.0.1:20001 TCP" with a
//!   copy-ready Python line, and the teacher's members table.
//! - [`qr`]: the join link as a QR code, drawn as one SVG path.
//! - [`spotlight`]: the spotlighted student's calls the teacher's page keeps.
//! - [`presenter`]: the presenter view for the projector.

pub mod presenter;
pub mod qr;
pub mod spotlight;
pub mod teaching;

use shared::room::CODE_ALPHABET;
use shared::{RoomControl, RoomView, SockType};

/// The fragment key of a join link (`#join=K7P3QX`).
const JOIN_KEY: &str = "join";

/// The longest display name the relay accepts, in characters.
pub const MAX_NAME_CHARS: usize = 40;

/// The longest task the relay keeps, in characters.
pub const MAX_TASK_CHARS: usize = 280;

/// The canonical form of a code as someone typed it (`k7p 3qx`, `K7P3QX`,
/// `k7p-3qx` → `K7P-3QX`), or `None` if it cannot be a code: six characters
/// of [`CODE_ALPHABET`] once dashes, spaces and underscores are dropped.
/// The relay reads codes the same way.
pub fn normalize_code(typed: &str) -> Option<String> {
    let chars: Vec<char> = typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '_') && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = chars.len() == 6
        && chars
            .iter()
            .all(|c| c.is_ascii() && CODE_ALPHABET.contains(&(*c as u8)));
    if !valid {
        return None;
    }
    let mut code: String = chars[..3].iter().collect();
    code.push('-');
    code.extend(&chars[3..]);
    Some(code)
}

/// A code without its dash (`K7P-3QX` → `K7P3QX`), as a link carries it.
pub fn compact_code(code: &str) -> String {
    code.chars().filter(|c| *c != '-').collect()
}

/// The code a URL fragment carries in its `join=` part (with or without the
/// leading `#`; other `key=value` parts joined by `&`, such as a shared
/// script, are ignored), in its canonical form. `None` when there is no
/// `join=` part or it is not a code.
pub fn code_from_fragment(fragment: &str) -> Option<String> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    fragment
        .split('&')
        .find_map(|part| part.strip_prefix(JOIN_KEY)?.strip_prefix('='))
        .and_then(normalize_code)
}

/// The join link for `code`: the page's address (`href`, whose fragment is
/// dropped) with `#join=K7P3QX`.
pub fn join_link(href: &str, code: &str) -> String {
    let base = href.split('#').next().unwrap_or(href);
    format!("{base}#{JOIN_KEY}={}", compact_code(code))
}

/// The Join form's values, checked as the relay would check them: the
/// canonical code and the trimmed name, or what to fix.
///
/// # Errors
///
/// A code that is not six letters and digits of the code alphabet, or an
/// empty or over-long name, with the fix in words.
pub fn check_join(code: &str, name: &str) -> Result<(String, String), String> {
    let Some(code) = normalize_code(code) else {
        return Err(if code.trim().is_empty() {
            "type the room code your teacher shows, like K7P-3QX".into()
        } else {
            format!(
                "{:?} is not a room code: codes have 6 letters and digits, like K7P-3QX \
                 (never 0, O, 1, I, L, 2, Z, 5, S, 8 or B)",
                code.trim()
            )
        });
    };
    let name = clean_name(name)?;
    Ok((code, name))
}

/// The Open form's values: the trimmed title and the teacher key to send
/// (`None` on a local relay, which needs none).
///
/// # Errors
///
/// An empty key when the relay needs one.
pub fn check_create(
    title: &str,
    key: &str,
    needs_key: bool,
) -> Result<(String, Option<String>), String> {
    let title = title.trim().to_string();
    if !needs_key {
        return Ok((title, None));
    }
    let key = key.trim();
    if key.is_empty() {
        return Err(
            "this relay is shared: opening a room needs its teacher key (ask whoever runs it)"
                .into(),
        );
    }
    Ok((title, Some(key.to_string())))
}

/// A display name as the relay keeps it: trimmed, without control
/// characters, 1 to [`MAX_NAME_CHARS`] characters.
fn clean_name(name: &str) -> Result<String, String> {
    let name: String = name.trim().chars().filter(|c| !c.is_control()).collect();
    if name.is_empty() {
        return Err("type your name, so the room can tell you apart".into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!("a name has at most {MAX_NAME_CHARS} characters"));
    }
    Ok(name)
}

/// The header banner: `Room K7P-3QX · Sockets 101`.
pub fn banner(view: &RoomView) -> String {
    format!("Room {} · {}", view.code, view.name)
}

/// Who is in the room, in words: `3 in the room: the teacher and 2 students`.
pub fn member_count(view: &RoomView) -> String {
    let teachers = view.members.iter().filter(|m| m.teacher).count();
    let students = view.members.len() - teachers;
    let students = match students {
        1 => "1 student".to_string(),
        n => format!("{n} students"),
    };
    let teacher = match teachers {
        0 => "no teacher".to_string(),
        1 => "the teacher".to_string(),
        n => format!("{n} teachers"),
    };
    format!(
        "{} in the room: {teacher} and {students}",
        view.members.len()
    )
}

/// One address a classmate may reach, as the panel lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListenerRow {
    /// Whose: `Ms T's server`, `your server`.
    pub owner: String,
    /// Whether it is this page's own.
    pub mine: bool,
    /// `127.0.0.1:20001` or `[::1]:20001`.
    pub addr: String,
    /// The port, for test ids.
    pub port: u16,
    /// `TCP` or `UDP`.
    pub kind: &'static str,
    /// What to type in Python to reach it.
    pub python: String,
}

/// The room's listeners, in the room's order (the teacher's first).
pub fn listener_rows(view: &RoomView) -> Vec<ListenerRow> {
    view.listeners
        .iter()
        .map(|l| {
            let mine = l.member == view.you;
            let owner = if mine {
                "your".to_string()
            } else {
                match view.members.iter().find(|m| m.id == l.member) {
                    Some(m) => format!("{}'s", m.name),
                    None => format!("member {}'s", l.member),
                }
            };
            let (kind, what) = match l.kind {
                SockType::Stream => ("TCP", "server"),
                SockType::Dgram => ("UDP", "socket"),
            };
            ListenerRow {
                owner: format!("{owner} {what}"),
                mine,
                addr: l.addr.to_string(),
                port: l.addr.port,
                kind,
                python: listener_python(&l.addr.ip, l.addr.port, l.kind),
            }
        })
        .collect()
}

/// The Python line that reaches a listener from a socket `s`:
/// `s.connect(('127.0.0.1', 20001))` for TCP, a `sendto` for UDP. A
/// wildcard address (`0.0.0.0`, `::`) is reached on loopback.
pub fn listener_python(ip: &str, port: u16, kind: SockType) -> String {
    let host = match ip {
        "0.0.0.0" | "" => "127.0.0.1",
        "::" => "::1",
        ip => ip,
    };
    match kind {
        SockType::Stream => format!("s.connect(('{host}', {port}))"),
        SockType::Dgram => format!("s.sendto(b'hello', ('{host}', {port}))"),
    }
}

/// One line of the teacher's members table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRow {
    /// The member's number (for Remove).
    pub id: u32,
    /// The display name.
    pub name: String,
    /// `teacher`, `student`, with `(you)` for the page's own line.
    pub role: String,
    /// Open sockets.
    pub sockets: String,
    /// Ops so far.
    pub ops: String,
    /// Payload bytes sent, short: `↑14 B`.
    pub bytes_sent: String,
    /// Payload bytes received, short: `↓2.0 kB`.
    pub bytes_received: String,
    /// The same for a screen reader: `14 B sent, 2.0 kB received`.
    pub bytes_spoken: String,
    /// The last op's name, or `—`.
    pub last_op: String,
    /// The last exception or refusal, or empty.
    pub last_error: String,
    /// Whether the teacher may remove or reset this member (students only).
    pub removable: bool,
    /// Whether this member is in the spotlight.
    pub spotlit: bool,
}

/// The teacher's members table: everyone, the teacher first.
pub fn member_rows(view: &RoomView) -> Vec<MemberRow> {
    view.members
        .iter()
        .map(|m| {
            let role = if m.teacher { "teacher" } else { "student" };
            MemberRow {
                id: m.id,
                name: m.name.clone(),
                role: if m.id == view.you {
                    format!("{role} (you)")
                } else {
                    role.to_string()
                },
                sockets: m.sockets.to_string(),
                ops: m.ops.to_string(),
                bytes_sent: format!("↑{}", presenter::bytes_short(m.bytes_sent)),
                bytes_received: format!("↓{}", presenter::bytes_short(m.bytes_received)),
                bytes_spoken: format!(
                    "{} sent, {} received",
                    presenter::bytes_short(m.bytes_sent),
                    presenter::bytes_short(m.bytes_received)
                ),
                last_op: m.last_op.clone().unwrap_or_else(|| "—".into()),
                last_error: m.last_error.clone().unwrap_or_default(),
                removable: !m.teacher && m.id != view.you,
                spotlit: view.spotlight == Some(m.id),
            }
        })
        .collect()
}

/// What joining room `code` does to this page when the room lives on
/// another relay of the group (`current` is the page's, from its hello):
/// the page moves there with a new session, so its `open` sockets close.
/// Said under the Join button before the learner presses it; `None` when
/// the page stays where it is.
pub fn move_note(code: &str, current: Option<&str>, open: usize) -> Option<String> {
    let target = crate::route::move_for_room(code, current)?;
    let code = normalize_code(code)?;
    Some(match open {
        0 => format!("Room {code} is on relay {target} of this server: joining moves this page there."),
        1 => format!("Room {code} is on relay {target} of this server: joining moves this page there, and closes your open socket."),
        n => format!("Room {code} is on relay {target} of this server: joining moves this page there, and closes your {n} open sockets."),
    })
}

/// A dashboard action that ends something of a student's. The dashboard
/// asks once more before sending it: the buttons sit in a dense table,
/// often on the projector, and a slip would close a student's sockets in
/// front of the class with no way back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Danger {
    /// Close every socket of the student's; they stay in the room.
    Reset,
    /// End the student's session and take them out of the room.
    Remove,
}

impl Danger {
    /// The question to ask about `name`, and the label of the button that
    /// answers yes.
    pub fn question(self, name: &str) -> (String, &'static str) {
        match self {
            Danger::Reset => (
                format!(
                    "Reset {name}'s session? Every socket of theirs closes; they stay in the room."
                ),
                "Yes, reset",
            ),
            Danger::Remove => (
                format!("Remove {name} from the room? Their session ends and its sockets close."),
                "Yes, remove",
            ),
        }
    }

    /// The control to send once the teacher says yes.
    pub fn control(self, member: u32) -> RoomControl {
        match self {
            Danger::Reset => RoomControl::Reset { member },
            Danger::Remove => RoomControl::Remove { member },
        }
    }

    /// The word in the buttons' test ids and the action's name: `reset`,
    /// `remove`.
    pub fn word(self) -> &'static str {
        match self {
            Danger::Reset => "reset",
            Danger::Remove => "remove",
        }
    }
}

/// The newest reason the page left a room (the relay's `room_left`, kept as
/// a `room` notice), to show in the Classroom panel once out of it.
pub fn last_left_reason(notices: &[crate::state::Notice]) -> Option<&str> {
    notices
        .iter()
        .rev()
        .find(|n| n.source == "room")
        .map(|n| n.text.as_str())
}

/// What went wrong with command `id` a form sent (a join, an open, a
/// teacher's control), read from its console entry: the relay's refusal or
/// why it was not sent. `None` while it waits, once it succeeded, or when
/// the entry is gone.
pub fn refusal(state: &crate::state::State, id: u64) -> Option<String> {
    use crate::state::EntryStatus;
    match &state.entry(id)?.status {
        EntryStatus::Rejected(shared::Rejection::Room { detail }) => Some(detail.clone()),
        EntryStatus::Rejected(other) => Some(other.to_string()),
        EntryStatus::NotSent { reason } => Some(format!("not sent: {reason}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
