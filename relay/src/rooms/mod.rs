//! Rooms: a class on one relay (issue 6). A teacher opens a room and gets a
//! join code; students join with it and a name. Inside a room, a member's
//! sockets may reach ports bound by any member of the same room, never
//! another room's; the teacher can pause the room, post a task, remove a
//! student or close it; an idle room expires and nothing about it is kept.
//!
//! Every session holds its membership ([`Membership`]) in its
//! [`crate::env::SessionEnv`], so the connect policy sees the room. Changes
//! are announced on a `watch` channel that carries only a version number:
//! each member's session builds its own view ([`Room::view`]) when it next
//! sends one, so a busy room costs one view per member a few times a
//! second, not one per op.
//!
//! - `code.rs`: join codes.

mod activity;
pub mod code;

pub use activity::Activity;

use shared::room::{RoomListener, RoomMember, RoomView};
use shared::{SockAddr, SockType};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// Addresses a session's sockets bound, and their types.
pub type Bound = Arc<Mutex<BTreeMap<SocketAddr, SockType>>>;

/// Locks a std mutex, recovering from a panic elsewhere (the data is plain).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// The rooms' limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoomLimits {
    /// Members per room, teacher included.
    pub max_members: u32,
    /// Open sockets of all members together.
    pub max_sockets: u32,
    /// Rooms on the relay.
    pub max_rooms: u32,
    /// A room no member used for this long is closed.
    pub idle: Duration,
}

impl Default for RoomLimits {
    fn default() -> Self {
        RoomLimits {
            max_members: 60,
            max_sockets: 300,
            max_rooms: 32,
            idle: Duration::from_secs(2 * 3600),
        }
    }
}

/// Why a room op failed; the text is the learner's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RoomError {
    /// Creating a room needs the teacher key on this relay.
    #[error("opening a room on this relay needs the teacher key (ask whoever runs it)")]
    KeyNeeded,
    /// The key given is wrong.
    #[error("that teacher key is not this relay's")]
    WrongKey,
    /// No room has that code.
    #[error("there is no room {0} on this relay (check the code with your teacher)")]
    NoRoom(String),
    /// Not a code at all.
    #[error("{0:?} is not a room code: codes look like K7P-3QX")]
    BadCode(String),
    /// The room is full.
    #[error("room {code} is full ({max} members)")]
    Full {
        /// The room.
        code: String,
        /// Its limit.
        max: u32,
    },
    /// The relay has as many rooms as it allows.
    #[error("this relay already has {0} rooms open; close one first")]
    TooManyRooms(u32),
    /// A name is needed.
    #[error("choose a name (1 to 40 characters) so the room can tell you apart")]
    BadName,
    /// Not in a room.
    #[error("this session is not in a room")]
    NotInRoom,
    /// Already in one.
    #[error("this session is already in room {0}; leave it first")]
    AlreadyIn(String),
    /// A teacher's control from a student.
    #[error("only the room's teacher can do that")]
    NotTeacher,
    /// A member number that is not in the room.
    #[error("no member {0} in this room")]
    NoMember(u32),
}

/// The relay's rooms.
#[derive(Debug)]
pub struct Rooms {
    rooms: Mutex<HashMap<String, Arc<Room>>>,
    /// `None` in the local profile: anyone may open a room.
    teacher_key: Option<String>,
    limits: RoomLimits,
}

/// One room.
#[derive(Debug)]
pub struct Room {
    /// The join code.
    pub code: String,
    /// The teacher's title for it.
    pub name: String,
    state: Mutex<RoomState>,
    changed: watch::Sender<u64>,
    limits: RoomLimits,
}

#[derive(Debug)]
struct RoomState {
    members: Vec<Member>,
    next_id: u32,
    paused: bool,
    task: Option<String>,
    /// Set when the room is gone, with why.
    closed: Option<String>,
    /// Members removed by the teacher, so their sessions learn why.
    removed: Vec<u32>,
    last_activity: Instant,
    version: u64,
    /// Bumped only by what students see (members, listeners, task, pause):
    /// a member's op changes the teacher's dashboard, not the students'.
    public_version: u64,
    /// The room's timeline for its teacher.
    activity: Activity,
}

#[derive(Debug)]
struct Member {
    id: u32,
    name: String,
    teacher: bool,
    bound: Bound,
    sockets: u32,
    ops: u64,
    last_op: Option<String>,
    last_error: Option<String>,
}

/// A session's place in a room.
#[derive(Clone, Debug)]
pub struct Membership {
    /// The room.
    pub room: Arc<Room>,
    /// The session's member number.
    pub member: u32,
}

/// What a member's session learns when it looks at its room.
#[derive(Debug, PartialEq)]
pub enum Standing {
    /// Still in: the view to send.
    In(Box<RoomView>),
    /// Out, with why (removed, closed, expired).
    Out(String),
}

impl Rooms {
    /// The rooms of a relay; `teacher_key` is required to open one (the
    /// shared profile), or `None` to let anyone (the local profile).
    pub fn new(teacher_key: Option<String>, limits: RoomLimits) -> Self {
        Rooms {
            rooms: Mutex::new(HashMap::new()),
            teacher_key,
            limits,
        }
    }

    fn check_key(&self, given: Option<&str>) -> Result<(), RoomError> {
        match (&self.teacher_key, given) {
            (None, _) => Ok(()),
            (Some(_), None) => Err(RoomError::KeyNeeded),
            (Some(k), Some(g)) if constant_time_eq(k.as_bytes(), g.trim().as_bytes()) => Ok(()),
            (Some(_), Some(_)) => Err(RoomError::WrongKey),
        }
    }

    /// Opens a room with the caller as its teacher.
    ///
    /// # Errors
    ///
    /// A missing or wrong key, a bad name, too many rooms.
    pub fn create(
        &self,
        title: &str,
        teacher: &str,
        key: Option<&str>,
        bound: Bound,
    ) -> Result<Membership, RoomError> {
        self.check_key(key)?;
        let teacher = clean_name(teacher)?;
        let mut rooms = lock(&self.rooms);
        if rooms.len() >= self.limits.max_rooms as usize {
            return Err(RoomError::TooManyRooms(self.limits.max_rooms));
        }
        let code = loop {
            let c = code::new_code();
            if !rooms.contains_key(&c) {
                break c;
            }
        };
        let title = title.trim().chars().take(60).collect::<String>();
        let (changed, _) = watch::channel(0);
        let room = Arc::new(Room {
            code: code.clone(),
            name: if title.is_empty() {
                format!("Room {code}")
            } else {
                title
            },
            state: Mutex::new(RoomState {
                members: Vec::new(),
                next_id: 1,
                paused: false,
                task: None,
                closed: None,
                removed: Vec::new(),
                last_activity: Instant::now(),
                version: 0,
                public_version: 0,
                activity: Activity::default(),
            }),
            changed,
            limits: self.limits,
        });
        let member = room.add(teacher, true, bound)?;
        rooms.insert(code, room.clone());
        Ok(Membership { room, member })
    }

    /// Joins the room with `code`; with the teacher key, as a teacher.
    ///
    /// # Errors
    ///
    /// A bad or unknown code, a wrong key, a bad name, a full room.
    pub fn join(
        &self,
        code: &str,
        name: &str,
        key: Option<&str>,
        bound: Bound,
    ) -> Result<Membership, RoomError> {
        let canonical =
            code::normalise(code).ok_or_else(|| RoomError::BadCode(code.to_string()))?;
        let teacher = match key {
            Some(k) if !k.trim().is_empty() => {
                self.check_key(Some(k))?;
                true
            }
            _ => false,
        };
        let name = clean_name(name)?;
        let room = lock(&self.rooms)
            .get(&canonical)
            .cloned()
            .ok_or(RoomError::NoRoom(canonical))?;
        let member = room.add(name, teacher, bound)?;
        Ok(Membership { room, member })
    }

    /// Closes rooms nobody used for the idle time, and forgets closed ones;
    /// returns how many are open.
    pub fn sweep(&self, now: Instant) -> usize {
        let mut rooms = lock(&self.rooms);
        rooms.retain(|_, room| {
            let mut st = lock(&room.state);
            if st.closed.is_none() && now.duration_since(st.last_activity) > room.limits.idle {
                st.closed = Some(format!(
                    "room {} closed after {} minutes without activity",
                    room.code,
                    room.limits.idle.as_secs() / 60
                ));
                room.bump(&mut st);
            }
            st.closed.is_none()
        });
        rooms.len()
    }

    /// Forgets a room its teacher closed.
    pub fn forget(&self, code: &str) {
        lock(&self.rooms).remove(code);
    }

    /// How many rooms and members there are, for `/metrics`.
    pub fn counts(&self) -> (usize, usize) {
        let rooms = lock(&self.rooms);
        let members = rooms.values().map(|r| lock(&r.state).members.len()).sum();
        (rooms.len(), members)
    }
}

impl Room {
    fn add(&self, name: String, teacher: bool, bound: Bound) -> Result<u32, RoomError> {
        let mut st = lock(&self.state);
        if st.members.len() >= self.limits.max_members as usize {
            return Err(RoomError::Full {
                code: self.code.clone(),
                max: self.limits.max_members,
            });
        }
        let id = st.next_id;
        st.next_id += 1;
        st.members.push(Member {
            id,
            name,
            teacher,
            bound,
            sockets: 0,
            ops: 0,
            last_op: None,
            last_error: None,
        });
        // The teacher first, then students in joining order.
        st.members.sort_by_key(|m| (!m.teacher, m.id));
        st.last_activity = Instant::now();
        self.bump(&mut st);
        Ok(id)
    }

    /// A change everyone sees.
    fn bump(&self, st: &mut RoomState) {
        st.public_version += 1;
        self.bump_stats(st);
    }

    /// A change only the teacher's dashboard and timeline show.
    fn bump_stats(&self, st: &mut RoomState) {
        st.version += 1;
        self.changed.send_replace(st.version);
    }

    /// The version of what students see.
    pub fn public_version(&self) -> u64 {
        lock(&self.state).public_version
    }

    /// A receiver that wakes when the room changes.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// The room as member `you` sees it, or why they are out of it.
    pub fn standing(&self, you: u32) -> Standing {
        let st = lock(&self.state);
        if let Some(why) = &st.closed {
            return Standing::Out(why.clone());
        }
        if st.removed.contains(&you) {
            return Standing::Out(format!("the teacher removed you from room {}", self.code));
        }
        if !st.members.iter().any(|m| m.id == you) {
            return Standing::Out(format!("you left room {}", self.code));
        }
        let members = st
            .members
            .iter()
            .map(|m| RoomMember {
                id: m.id,
                name: m.name.clone(),
                teacher: m.teacher,
                sockets: m.sockets,
                ops: m.ops,
                last_op: m.last_op.clone(),
                last_error: m.last_error.clone(),
            })
            .collect();
        let mut listeners = Vec::new();
        for m in &st.members {
            for (addr, kind) in lock(&m.bound).iter() {
                listeners.push(RoomListener {
                    member: m.id,
                    addr: SockAddr {
                        ip: addr.ip().to_canonical().to_string(),
                        port: addr.port(),
                    },
                    kind: *kind,
                });
            }
        }
        Standing::In(Box::new(RoomView {
            code: self.code.clone(),
            name: self.name.clone(),
            you,
            members,
            paused: st.paused,
            task: st.task.clone(),
            listeners,
        }))
    }

    /// Ports bound on `ip` (or the wildcard) by any member: what a member's
    /// socket may reach.
    pub fn ports_on(&self, ip: std::net::IpAddr) -> Vec<u16> {
        let st = lock(&self.state);
        let mut ports = Vec::new();
        for m in &st.members {
            ports.extend(
                lock(&m.bound)
                    .keys()
                    .filter(|a| a.ip() == ip || a.ip().is_unspecified())
                    .map(SocketAddr::port),
            );
        }
        ports
    }

    /// Something about the room changed that members should see (a member
    /// bound or closed a listener).
    pub fn touch(&self) {
        let mut st = lock(&self.state);
        self.bump(&mut st);
    }

    /// Whether member `who` is the teacher.
    pub fn is_teacher(&self, who: u32) -> bool {
        lock(&self.state)
            .members
            .iter()
            .any(|m| m.id == who && m.teacher)
    }

    /// Whether the teacher paused the room.
    pub fn paused(&self) -> bool {
        lock(&self.state).paused
    }

    /// Whether the room's members may open another socket.
    pub fn socket_room(&self) -> Result<(), u32> {
        let st = lock(&self.state);
        let open: u32 = st.members.iter().map(|m| m.sockets).sum();
        if open >= self.limits.max_sockets {
            Err(self.limits.max_sockets)
        } else {
            Ok(())
        }
    }

    /// Records member `who`'s op for the teacher's dashboard.
    pub fn note_op(&self, who: u32, op: &str, error: Option<String>, sockets: u32) {
        let mut st = lock(&self.state);
        st.last_activity = Instant::now();
        if let Some(m) = st.members.iter_mut().find(|m| m.id == who) {
            m.ops += 1;
            m.last_op = Some(op.to_string());
            if error.is_some() {
                m.last_error = error;
            }
            m.sockets = sockets;
        }
        self.bump_stats(&mut st);
    }

    /// Records a refusal as member `who`'s last error.
    pub fn note_error(&self, who: u32, error: String) {
        let mut st = lock(&self.state);
        if let Some(m) = st.members.iter_mut().find(|m| m.id == who) {
            m.last_error = Some(error);
        }
        self.bump_stats(&mut st);
    }

    /// Member `who` leaves.
    pub fn leave(&self, who: u32) {
        let mut st = lock(&self.state);
        st.members.retain(|m| m.id != who);
        self.bump(&mut st);
    }

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
            }
            shared::RoomControl::Close => {
                st.closed = Some(format!("the teacher closed room {}", self.code));
            }
        }
        self.bump(&mut st);
        Ok(())
    }

    /// Records that member `who`'s call `op` (with what it returned and the
    /// socket afterwards) touched another member: the room's timeline.
    pub fn note_contact(
        &self,
        who: u32,
        op: &str,
        value: Option<&shared::Value>,
        socket: Option<&shared::SocketSnapshot>,
        sent: Option<usize>,
    ) {
        let mut st = lock(&self.state);
        let RoomState {
            members, activity, ..
        } = &mut *st;
        let names: Vec<(u32, String)> = members.iter().map(|m| (m.id, m.name.clone())).collect();
        let bound: Vec<(u32, Vec<SocketAddr>)> = members
            .iter()
            .map(|m| (m.id, lock(&m.bound).keys().copied().collect()))
            .collect();
        if activity.note(who, op, value, socket, sent, &names, &bound) {
            self.bump_stats(&mut st);
        }
    }

    /// Timeline entries after number `n`.
    pub fn activity_since(&self, n: u64) -> Vec<shared::RoomEvent> {
        lock(&self.state).activity.since(n)
    }

    /// Whether the room is closed.
    pub fn is_closed(&self) -> bool {
        lock(&self.state).closed.is_some()
    }
}

/// A display name: trimmed, 1–40 characters, no control characters.
fn clean_name(name: &str) -> Result<String, RoomError> {
    let name: String = name.trim().chars().filter(|c| !c.is_control()).collect();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(RoomError::BadName);
    }
    Ok(name)
}

/// Compares without an early exit, so the key's length or prefix cannot be
/// learnt from timing.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0));
    }
    diff == 0
}

#[cfg(test)]
mod tests;
