//! The teacher's controls: pause, task, remove, close, and the two that
//! reach into a student's session: **reset** (the student's session closes
//! every socket of theirs and stays in the room) and the **spotlight** (one
//! member's calls, sent to the teacher as they complete). The room only
//! records what was asked; each member's own session acts on it when the
//! room's change wakes it, because a session's sockets belong to its task
//! alone.

use super::spotlight::Call;
use super::{lock, Room, RoomError, RoomState};
use shared::{CallEnd, SocketId, SpotlightCall};
use std::sync::atomic::Ordering;
use std::time::Instant;

impl Room {
    /// A teacher's control by member `who`.
    ///
    /// # Errors
    ///
    /// Not the teacher; no such member.
    pub fn control(&self, who: u32, control: &shared::RoomControl) -> Result<(), RoomError> {
        let mut st = lock(&self.state);
        if !st.members.iter().any(|m| m.id == who && m.teacher) {
            return Err(RoomError::NotTeacher);
        }
        st.last_activity = Instant::now();
        match control {
            shared::RoomControl::Pause { paused } => st.paused = *paused,
            shared::RoomControl::Task { text } => {
                let text: String = text.trim().chars().take(280).collect();
                st.task = (!text.is_empty()).then_some(text);
            }
            shared::RoomControl::Remove { member } => {
                let before = st.members.len();
                st.members.retain(|m| m.id != *member || m.teacher);
                if st.members.len() == before {
                    return Err(RoomError::NoMember(*member));
                }
                st.removed.push(*member);
                st.resets.retain(|m| m != member);
                self.end_spotlight_of(&mut st, *member);
            }
            shared::RoomControl::Reset { member } => Room::reset_member(&mut st, *member)?,
            shared::RoomControl::Spotlight { member } => self.set_spotlight(&mut st, *member)?,
            shared::RoomControl::Close => {
                st.closed = Some(format!("the teacher closed room {}", self.code));
            }
        }
        self.bump(&mut st);
        Ok(())
    }

    /// Asks student `member`'s session to close all its sockets.
    pub(super) fn reset_member(st: &mut RoomState, member: u32) -> Result<(), RoomError> {
        let m = st
            .members
            .iter()
            .find(|m| m.id == member)
            .ok_or(RoomError::NoMember(member))?;
        if m.teacher {
            return Err(RoomError::NotAStudent(member));
        }
        if !st.resets.contains(&member) {
            st.resets.push(member);
        }
        Ok(())
    }

    /// Whether the teacher asked to reset member `who`'s session since it
    /// last looked (asking again before then resets once).
    pub fn take_reset(&self, who: u32) -> bool {
        let mut st = lock(&self.state);
        let before = st.resets.len();
        st.resets.retain(|m| *m != who);
        st.resets.len() != before
    }

    /// Member `who`'s session closed `closed` sockets for a reset: the
    /// room's timeline says so, with names.
    pub fn note_reset(&self, who: u32, closed: usize) {
        let mut st = lock(&self.state);
        let RoomState {
            members, activity, ..
        } = &mut *st;
        let Some(student) = members.iter().find(|m| m.id == who) else {
            return;
        };
        let teacher = members.iter().find(|m| m.teacher);
        let (tid, tname) = teacher.map_or((0, "The teacher"), |t| (t.id, t.name.as_str()));
        activity.note_reset((tid, tname), (who, &student.name), closed);
        self.bump_stats(&mut st);
    }

    /// Turns the spotlight on `member` (who must be in the room) or off.
    pub(super) fn set_spotlight(
        &self,
        st: &mut RoomState,
        member: Option<u32>,
    ) -> Result<(), RoomError> {
        if let Some(id) = member {
            if !st.members.iter().any(|m| m.id == id) {
                return Err(RoomError::NoMember(id));
            }
        }
        st.spotlight.set(member);
        self.spotlit.store(member.unwrap_or(0), Ordering::Relaxed);
        Ok(())
    }

    /// Ends the spotlight if it is on `who` (who is leaving).
    pub(super) fn end_spotlight_of(&self, st: &mut RoomState, who: u32) {
        if st.spotlight.member() == Some(who) {
            st.spotlight.set(None);
            self.spotlit.store(0, Ordering::Relaxed);
        }
    }

    /// Whether member `who` is in the spotlight: one atomic load, so a room
    /// without a spotlight costs its members' calls nothing more.
    pub fn in_spotlight(&self, who: u32) -> bool {
        who != 0 && self.spotlit.load(Ordering::Relaxed) == who
    }

    /// Records member `who`'s finished call for the spotlight: `line` as
    /// Python, `outcome` what it returned, raised, or why it was refused.
    pub fn spotlight_call(
        &self,
        who: u32,
        sock: Option<SocketId>,
        op: &str,
        line: String,
        result: (String, CallEnd),
    ) {
        let mut st = lock(&self.state);
        let at_ms = st.activity.now_ms();
        let call = Call {
            sock,
            op: op.to_string(),
            line,
            result: result.0,
            end: result.1,
        };
        if st.spotlight.push(who, call, at_ms) {
            self.bump_stats(&mut st);
        }
    }

    /// The spotlighted member and their calls after number `n`, for the
    /// teacher.
    pub fn spotlight_since(&self, n: u64) -> Option<(u32, Vec<SpotlightCall>)> {
        lock(&self.state).spotlight.since(n)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Membership, RoomLimits, Rooms, Standing};
    use super::*;
    use shared::RoomControl;
    use std::sync::Arc;

    fn class() -> (Membership, Membership, Membership) {
        let rooms = Rooms::new(None, RoomLimits::default());
        let t = rooms
            .create("Sockets 101", "Ms T", None, Arc::default())
            .expect("opens");
        let ada = rooms
            .join(&t.room.code, "Ada", None, Arc::default())
            .expect("Ada joins");
        let bob = rooms
            .join(&t.room.code, "Bob", None, Arc::default())
            .expect("Bob joins");
        (t, ada, bob)
    }

    fn call(result: &str) -> (String, CallEnd) {
        (result.to_string(), CallEnd::Ok)
    }

    #[test]
    fn a_reset_is_the_teachers_for_a_student_and_taken_once() {
        let (t, ada, _) = class();
        let room = &t.room;
        let reset = |member| RoomControl::Reset { member };
        assert_eq!(
            room.control(ada.member, &reset(t.member)),
            Err(RoomError::NotTeacher)
        );
        assert_eq!(
            room.control(t.member, &reset(99)),
            Err(RoomError::NoMember(99))
        );
        assert_eq!(
            room.control(t.member, &reset(t.member)),
            Err(RoomError::NotAStudent(t.member))
        );
        assert!(!room.take_reset(ada.member), "nothing asked yet");
        room.control(t.member, &reset(ada.member)).expect("reset");
        room.control(t.member, &reset(ada.member)).expect("again");
        assert!(room.take_reset(ada.member));
        assert!(!room.take_reset(ada.member), "twice before acting: once");
        // The timeline names both.
        room.note_reset(ada.member, 2);
        let last = room.activity_since(0).pop().expect("an entry");
        assert_eq!(last.what, "Ms T reset Ada's session: 2 sockets closed");
        assert_eq!(last.kind, shared::RoomEventKind::Reset);
        assert_eq!((last.member, last.peer), (t.member, Some(ada.member)));
    }

    #[test]
    fn the_spotlight_keeps_one_members_calls_until_they_leave() {
        let (t, ada, bob) = class();
        let room = &t.room;
        let on = |member| RoomControl::Spotlight { member };
        assert_eq!(
            room.control(bob.member, &on(Some(ada.member))),
            Err(RoomError::NotTeacher)
        );
        assert_eq!(
            room.control(t.member, &on(Some(42))),
            Err(RoomError::NoMember(42))
        );
        assert!(!room.in_spotlight(ada.member));
        room.spotlight_call(ada.member, None, "socket", "s1 = …".into(), call("s1"));
        assert_eq!(room.spotlight_since(0), None, "no spotlight, nothing kept");

        room.control(t.member, &on(Some(ada.member))).expect("on");
        assert!(room.in_spotlight(ada.member) && !room.in_spotlight(bob.member));
        let Standing::In(view) = room.standing(bob.member) else {
            panic!("Bob is in")
        };
        assert_eq!(view.spotlight, Some(ada.member), "everyone sees who");
        room.spotlight_call(bob.member, None, "recv", "s1.recv(9)".into(), call(""));
        room.spotlight_call(
            ada.member,
            Some(SocketId(1)),
            "connect",
            "s1.connect(('127.0.0.1', 20001))".into(),
            call(""),
        );
        let (member, calls) = room.spotlight_since(0).expect("on");
        assert_eq!(member, ada.member);
        let lines: Vec<&str> = calls.iter().map(|c| c.line.as_str()).collect();
        assert_eq!(lines, ["s1.connect(('127.0.0.1', 20001))"]);

        // Ada leaves: the spotlight ends with her.
        room.leave(ada.member);
        assert!(!room.in_spotlight(ada.member));
        assert_eq!(room.spotlight_since(0), None);
        // Off by hand, too.
        room.control(t.member, &on(Some(bob.member)))
            .expect("on Bob");
        room.control(t.member, &on(None)).expect("off");
        assert!(!room.in_spotlight(bob.member));
    }
}
