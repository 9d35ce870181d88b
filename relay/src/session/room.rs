//! The session's side of a room: its room ops, the teacher's controls, the
//! room's rules on its other ops (paused, the room's socket quota), its
//! line on the teacher's dashboard, and sending its members' view of the
//! room when it changes.

use shared::{Body, Op, Outcome, Rejection, RoomControl, Trace, Value};
use std::time::Duration;
use tokio::sync::watch;

use super::Session;
use crate::rooms::{lock, Membership, RoomError, Standing};

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
        self.room_public_seen = 0;
        self.room_activity_seen = 0;
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

    /// Notes an op's result on the teacher's dashboard, and on the room's
    /// timeline when it touched another member.
    pub(super) fn room_note(
        &self,
        op: &str,
        outcome: &Outcome,
        socket: Option<&shared::SocketSnapshot>,
    ) {
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
        m.room.note_op(m.member, op, error, self.open_count());
        if let Outcome::Ok(value) = outcome {
            let sent = self.finishing_payload;
            m.room.note_contact(m.member, op, Some(value), socket, sent);
        }
    }

    /// Sends the session's view of its room, or tells it it is out. Returns
    /// a reason to end the session when the teacher removed this member.
    pub(super) fn send_room_view(&mut self) -> Option<String> {
        self.room_dirty = false;
        let m = self.env.membership()?;
        match m.room.standing(m.member) {
            Standing::In(view) => {
                let teacher = view.is_teacher();
                // A student's view changes only with what students see.
                let public = m.room.public_version();
                if !teacher && public == self.room_public_seen {
                    return None;
                }
                self.room_public_seen = public;
                self.emit(Body::Room(*view));
                if teacher {
                    let events = m.room.activity_since(self.room_activity_seen);
                    if let Some(last) = events.last() {
                        self.room_activity_seen = last.n;
                        self.emit(Body::RoomActivity { events });
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

    /// A refusal goes on the teacher's dashboard as the member's last error.
    pub(super) fn room_refused(&self, reason: &Rejection) {
        if let Some(m) = self.env.membership() {
            m.room.note_error(m.member, format!("refused: {reason}"));
        }
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
