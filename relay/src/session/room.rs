//! The session's side of a room: its room ops, the teacher's controls, the
//! room's rules on its other ops (paused, the room's socket quota), its
//! line on the teacher's dashboard (ops, bytes, the spotlight), a reset by
//! the teacher, and sending its members' view of the room when it changes.

use shared::{Body, CallEnd, Command, Op, Outcome, Rejection, RoomControl, SocketId, Trace, Value};
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

use super::actor::SockCmd;
use super::Session;
use crate::rooms::{lock, spotlight, Membership, RoomError, Standing};

/// The command id of the `close` results a reset produces: the page sent no
/// command for them, and its ids start at 1.
pub const RESET_ID: u64 = 0;

/// Calls in flight whose lines the spotlight keeps at most: more means
/// results that never came, and the oldest lines are dropped.
const LINES_KEPT: usize = 1024;

/// The session's part in its room's spotlight.
#[derive(Debug, Default)]
pub(super) struct SpotlightSide {
    /// Each command sent while this member was in the spotlight, by
    /// command id, until its result or refusal.
    lines: HashMap<u64, Begun>,
    /// The last spotlight call sent to this (teacher's) session.
    seen: u64,
}

/// A spotlighted command waiting for its result.
#[derive(Debug)]
struct Begun {
    /// The op's name.
    op: &'static str,
    /// Its socket, if it is a socket method.
    sock: Option<SocketId>,
    /// The call as Python.
    line: String,
}

/// How often, at most, a member is sent its room's view: changes in a busy
/// room (every member's op) are coalesced.
pub(super) const ROOM_VIEW_EVERY: Duration = Duration::from_millis(250);

impl Session {
    /// Handles `create_room`, `join_room`, `leave_room` and the teacher's
    /// controls.
    pub(super) fn room_op(&mut self, id: u64, op: Op) {
        let name = op.name();
        let done = match op {
            Op::CreateRoom {
                name,
                teacher,
                teacher_key,
            } => self.enter_room(|rooms, bound| {
                let teacher = if teacher.trim().is_empty() {
                    "Teacher"
                } else {
                    &teacher
                };
                rooms.create(&name, teacher, teacher_key.as_deref(), bound)
            }),
            Op::JoinRoom {
                code,
                name,
                teacher_key,
            } => self
                .enter_room(|rooms, bound| rooms.join(&code, &name, teacher_key.as_deref(), bound)),
            Op::LeaveRoom => match self.env.membership() {
                Some(m) => {
                    m.room.leave(m.member);
                    self.drop_room(format!("you left room {}", m.room.code));
                    Ok(())
                }
                None => Err(RoomError::NotInRoom),
            },
            Op::RoomControl(control) => self.room_control(&control),
            _ => Ok(()),
        };
        match done {
            Ok(()) => {
                self.room_dirty = true;
                self.module_result(id, name, Outcome::Ok(Value::None), Trace::default());
            }
            Err(e) => {
                self.env.relay.metrics.refusal("room");
                self.reject(
                    Some(id),
                    Rejection::Room {
                        detail: e.to_string(),
                    },
                );
            }
        }
    }

    fn enter_room(
        &mut self,
        enter: impl FnOnce(&crate::rooms::Rooms, crate::rooms::Bound) -> Result<Membership, RoomError>,
    ) -> Result<(), RoomError> {
        if let Some(m) = self.env.membership() {
            return Err(RoomError::AlreadyIn(m.room.code.clone()));
        }
        let membership = enter(&self.env.relay.rooms, self.env.bound.clone())?;
        self.room_rx = Some(membership.room.subscribe());
        *lock(&self.env.room) = Some(membership);
        Ok(())
    }

    fn room_control(&mut self, control: &RoomControl) -> Result<(), RoomError> {
        let m = self.env.membership().ok_or(RoomError::NotInRoom)?;
        m.room.control(m.member, control)?;
        if matches!(control, RoomControl::Close) {
            self.env.relay.rooms.forget(&m.room.code);
        }
        Ok(())
    }

    /// Leaves the room locally: no more views, the policy narrows again.
    fn drop_room(&mut self, reason: String) {
        *lock(&self.env.room) = None;
        self.room_rx = None;
        self.room_dirty = false;
        self.room_public_seen = None;
        self.room_activity_seen = 0;
        self.spotlight = SpotlightSide::default();
        self.emit(Body::RoomLeft { reason });
    }

    /// The room's objection to running `op` now, if any: a paused room
    /// (students only; `close` and room ops always pass) or the room's
    /// socket quota.
    pub(super) fn room_refusal(&self, op: &Op) -> Option<Rejection> {
        let m = self.env.membership()?;
        let paused = matches!(op, Op::Socket { .. }) || op.socket().is_some();
        if paused
            && !matches!(op, Op::Close { .. })
            && m.room.paused()
            && !m.room.is_teacher(m.member)
        {
            return Some(Rejection::Room {
                detail: format!(
                    "the teacher paused room {}; wait until it resumes",
                    m.room.code
                ),
            });
        }
        if matches!(op, Op::Socket { .. }) {
            if let Err(max) = m.room.socket_room() {
                return Some(Rejection::Limit {
                    limit: "room_sockets".into(),
                    detail: format!(
                        "room {} has {max} sockets open, its limit; close one first",
                        m.room.code
                    ),
                });
            }
        }
        None
    }

    /// Keeps command `cmd`'s Python line if this member is in the spotlight,
    /// for when its result comes: the student's own source line when their
    /// page sent one, else the call as Python. Nothing happens out of the
    /// spotlight.
    pub(super) fn spotlight_begin(&mut self, cmd: &Command) {
        let (id, op) = (cmd.id, &cmd.op);
        let Some(m) = self.env.membership() else {
            return;
        };
        if !m.room.in_spotlight(m.member) || !shown_in_spotlight(op) {
            return;
        }
        if self.spotlight.lines.len() >= LINES_KEPT {
            self.spotlight.lines.clear();
        }
        let begun = Begun {
            op: op.name(),
            sock: op.socket(),
            line: cmd
                .origin_line()
                .unwrap_or_else(|| interp::socket::spelling::call_line(op, None)),
        };
        self.spotlight.lines.insert(id, begun);
    }

    /// Notes command `id`'s result on the teacher's dashboard (ops, bytes),
    /// on the room's timeline when it touched another member, and in the
    /// spotlight when this member is in it.
    pub(super) fn room_note(
        &mut self,
        id: u64,
        op: &str,
        outcome: &Outcome,
        socket: Option<&shared::SocketSnapshot>,
    ) {
        let line = self.spotlight.lines.remove(&id).map(|b| b.line);
        let Some(m) = self.env.membership() else {
            return;
        };
        // The room's own business is not a call on the dashboard.
        if matches!(
            op,
            "create_room" | "join_room" | "leave_room" | "room_control" | "watch_services"
        ) {
            return;
        }
        let error = match outcome {
            Outcome::Err(e) => Some(e.to_string()),
            _ => None,
        };
        let bytes = moved(op, outcome, self.finishing_payload);
        m.room
            .note_op(m.member, op, error, self.open_count(), bytes);
        if let Outcome::Ok(value) = outcome {
            let sent = self.finishing_payload;
            m.room.note_contact(m.member, op, Some(value), socket, sent);
        }
        if m.room.in_spotlight(m.member) {
            let sock = socket.map(|s| s.id);
            let line = match (line, outcome, sock) {
                (Some(l), Outcome::Ok(Value::Socket(s)), _) => format!("{} = {l}", s.id),
                (Some(l), ..) => l,
                // A reset's close: no command of the page's.
                (None, _, Some(s)) if id == RESET_ID && op == "close" => {
                    format!("{s}.close()  # the teacher reset the session")
                }
                (None, ..) => return,
            };
            let result = spotlight::outcome_line(outcome);
            m.room.spotlight_call(m.member, sock, op, line, result);
        }
    }

    /// After a replay with a gap: the room's view may be among the lost
    /// events (a page that reloaded after a long lesson replays from the
    /// start), so the next tick sends it again, with the activity and
    /// spotlight calls the room still keeps.
    pub(super) fn resend_room(&mut self) {
        self.room_public_seen = None;
        self.room_activity_seen = 0;
        self.spotlight.seen = 0;
        self.room_dirty = true;
    }

    /// Sends the session's view of its room, or tells it it is out. Returns
    /// a reason to end the session when the teacher removed this member.
    pub(super) fn send_room_view(&mut self) -> Option<String> {
        self.room_dirty = false;
        let m = self.env.membership()?;
        if m.room.take_reset(m.member) {
            self.reset_by_teacher(&m);
        }
        match m.room.standing(m.member) {
            Standing::In(view) => {
                let teacher = view.is_teacher();
                // A student's view changes only with what students see.
                let public = m.room.public_version();
                if !teacher && self.room_public_seen == Some(public) {
                    return None;
                }
                self.room_public_seen = Some(public);
                self.emit(Body::Room(*view));
                if teacher {
                    let events = m.room.activity_since(self.room_activity_seen);
                    if let Some(last) = events.last() {
                        self.room_activity_seen = last.n;
                        self.emit(Body::RoomActivity { events });
                    }
                    if let Some((member, calls)) = m.room.spotlight_since(self.spotlight.seen) {
                        if let Some(last) = calls.last() {
                            self.spotlight.seen = last.n;
                            self.emit(Body::RoomSpotlight { member, calls });
                        }
                    }
                }
                None
            }
            Standing::Out(reason) => {
                let removed = reason.contains("removed you");
                self.drop_room(reason.clone());
                removed.then_some(reason)
            }
        }
    }

    /// A refusal of command `id` goes on the teacher's dashboard as the
    /// member's last error, and in the spotlight.
    pub(super) fn room_refused(&mut self, id: Option<u64>, reason: &Rejection) {
        let begun = id.and_then(|id| self.spotlight.lines.remove(&id));
        if let Some(m) = self.env.membership() {
            m.room.note_error(m.member, format!("refused: {reason}"));
            if let Some(b) = begun {
                let result = (format!("refused: {reason}"), CallEnd::Refused);
                m.room
                    .spotlight_call(m.member, b.sock, b.op, b.line, result);
            }
        }
    }

    /// The teacher reset this session: every socket is closed for real, as
    /// if the learner had called `close()` on each (a waiting call ends, the
    /// peer sees EOF, the `close` results follow with id [`RESET_ID`]). The
    /// session stays in the room, and the page is told why.
    fn reset_by_teacher(&mut self, m: &Membership) {
        let mut closed: Vec<SocketId> = Vec::new();
        for (sock, entry) in &mut self.sockets {
            if entry.closing {
                continue;
            }
            entry.cancel.cancel();
            entry.closing = true;
            let cmd = SockCmd {
                id: RESET_ID,
                op: Op::Close { sock: *sock },
                default_timeout: self.default_timeout,
            };
            if let Err(mpsc::error::TrySendError::Full(cmd)) = entry.tx.try_send(cmd) {
                // Behind a full queue the close waits its turn, as a
                // learner's would.
                let tx = entry.tx.clone();
                tokio::spawn(async move {
                    let _ = tx.send(cmd).await;
                });
            }
            closed.push(*sock);
        }
        closed.sort();
        let reason = match closed.len() {
            0 => "the teacher reset your session: you had no sockets open".to_string(),
            1 => format!(
                "the teacher reset your session: your socket {} was closed",
                closed[0]
            ),
            n => format!("the teacher reset your session: your {n} sockets were closed"),
        };
        m.room.note_reset(m.member, closed.len());
        self.emit(Body::RoomReset {
            sockets: closed,
            reason,
        });
    }

    /// A student whose session ends leaves the room.
    pub(super) fn leave_room_at_end(&mut self) {
        if let Some(m) = lock(&self.env.room).take() {
            if !m.room.is_teacher(m.member) {
                m.room.leave(m.member);
            }
        }
    }
}

/// Whether an op is a learner's call the spotlight shows (not the
/// handshake, the service watch or the room's own ops).
fn shown_in_spotlight(op: &Op) -> bool {
    !matches!(
        op,
        Op::Hello { .. }
            | Op::WatchServices { .. }
            | Op::CreateRoom { .. }
            | Op::JoinRoom { .. }
            | Op::LeaveRoom
            | Op::RoomControl(_)
    )
}

/// Payload bytes an op's result says it sent and received: `send` and
/// `sendto` return the count, a `sendall` that returned sent all of
/// `payload`, `recv` and `recvfrom` return the bytes.
fn moved(op: &str, outcome: &Outcome, payload: Option<usize>) -> (u64, u64) {
    let Outcome::Ok(v) = outcome else {
        return (0, 0);
    };
    match (op, v) {
        ("send" | "sendto", Value::Int(n)) => (u64::try_from(*n).unwrap_or(0), 0),
        ("sendall", _) => (payload.unwrap_or(0) as u64, 0),
        ("recv", Value::Bytes(b)) => (0, b.as_bytes().len() as u64),
        ("recvfrom", Value::Datagram { data, .. }) => (0, data.as_bytes().len() as u64),
        _ => (0, 0),
    }
}

/// Waits until the room changes (never, outside a room).
pub(super) async fn room_changed(rx: &mut Option<watch::Receiver<u64>>) {
    match rx {
        Some(r) => {
            if r.changed().await.is_err() {
                *rx = None;
            }
        }
        None => std::future::pending().await,
    }
}
