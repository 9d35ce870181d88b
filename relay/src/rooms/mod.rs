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
//! - `activity.rs`: the room's timeline (who connected to whom, bytes).
//! - `controls.rs`: the teacher's controls, with the reset and the
//!   spotlight, which reach into a student's session; `spotlight.rs`: the
//!   spotlighted member's calls.

mod activity;
pub mod code;
mod controls;
pub mod spotlight;

pub use activity::Activity;

use shared::room::{RoomListener, RoomMember, RoomView};
use shared::{SockAddr, SockType};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::AtomicU32;
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
    /// Payload bytes per second of all members together, so one room
    /// cannot take the relay's whole bandwidth (each member also has the
    /// session's own byte rate).
    pub bytes_per_second: u32,
}

impl Default for RoomLimits {
    fn default() -> Self {
        RoomLimits {
            max_members: 60,
            max_sockets: 300,
            max_rooms: 32,
            idle: Duration::from_secs(2 * 3600),
            bytes_per_second: 32 * 1024 * 1024,
        }
    }
}

/// Why a room op failed; the text is the learner's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RoomError {
    /// Creating a room needs the teacher key on this relay.
    #[error("a teacher's place on this relay needs the teacher key (ask whoever runs it)")]
    KeyNeeded,
    /// The key given is wrong.
    #[error("that teacher key is not this relay's")]
    WrongKey,
    /// No room has that code.
    #[error("there is no room {0} on this relay (check the code with your teacher)")]
    NoRoom(String),
    /// The code belongs to another relay of the group: the page should have
    /// connected through `/relay/<first letter>/ws`.
    #[error("room {code} is on relay {}, and this is relay {here}: connect through /relay/{}/ws (the playground's page does this itself)", &code[..1], &code[..1])]
    Elsewhere {
        /// The room.
        code: String,
        /// This relay's id.
        here: char,
    },
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
    /// A student-only control (reset) aimed at the teacher.
    #[error("member {0} is the teacher: only a student's session can be reset")]
    NotAStudent(u32),
}

/// The relay's rooms.
#[derive(Debug)]
pub struct Rooms {
    rooms: Mutex<HashMap<String, Arc<Room>>>,
    /// `None` in the local profile: anyone may open a room.
    teacher_key: Option<String>,
    limits: RoomLimits,
    /// The first character of this relay's codes, when it is one of a
    /// group behind a proxy (`--relay-id`).
    relay_id: Option<char>,
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
    /// Payload bytes of all members together (`RoomLimits::bytes_per_second`).
    bytes: Mutex<crate::limits::TokenBucket>,
    /// The spotlighted member (0 for none), mirrored out of the state so
    /// members' sessions check it without the lock on every call.
    spotlit: AtomicU32,
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
    /// Teachers whose place a rejoin under the same name took (their
    /// page reloaded: the old session lingers in its grace period).
    replaced: Vec<u32>,
    last_activity: Instant,
    version: u64,
    /// Bumped only by what students see (members, listeners, task, pause):
    /// a member's op changes the teacher's dashboard, not the students'.
    public_version: u64,
    /// The room's timeline for its teacher.
    activity: Activity,
    /// Students whose sessions the teacher reset and have not acted yet.
    resets: Vec<u32>,
    /// The member whose calls the teacher is shown, and those calls.
    spotlight: spotlight::Spotlight,
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
    bytes_sent: u64,
    bytes_received: u64,
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
            relay_id: None,
        }
    }

    /// The same rooms, with codes starting with `relay_id` (one relay of a
    /// group; see the README's "Several relays").
    pub fn with_relay_id(self, relay_id: Option<char>) -> Self {
        Rooms { relay_id, ..self }
    }

    fn check_key(&self, given: Option<&str>) -> Result<(), RoomError> {
        // An empty field is no key, not a wrong one.
        let given = given.map(str::trim).filter(|g| !g.is_empty());
        match (&self.teacher_key, given) {
            (None, _) => Ok(()),
            (Some(_), None) => Err(RoomError::KeyNeeded),
            (Some(k), Some(g)) if constant_time_eq(k.as_bytes(), g.as_bytes()) => Ok(()),
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
            let c = code::new_code(self.relay_id);
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
                replaced: Vec::new(),
                last_activity: Instant::now(),
                version: 0,
                public_version: 0,
                activity: Activity::default(),
                resets: Vec::new(),
                spotlight: spotlight::Spotlight::default(),
            }),
            changed,
            limits: self.limits,
            bytes: Mutex::new(crate::limits::TokenBucket::new(
                self.limits.bytes_per_second,
                self.limits.bytes_per_second,
                Instant::now(),
            )),
            spotlit: AtomicU32::new(0),
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
        // A key, even an empty one on a relay that needs none, asks for
        // the teacher's place: how a teacher whose page reloaded takes
        // their room back.
        let teacher = match key {
            Some(k) => {
                self.check_key(Some(k))?;
                true
            }
            None => false,
        };
        let name = clean_name(name)?;
        if let Some(here) = self.relay_id {
            if !canonical.starts_with(here) {
                return Err(RoomError::Elsewhere {
                    code: canonical,
                    here,
                });
            }
        }
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
        if teacher {
            // The same teacher back from a reload: one place, not two.
            let gone: Vec<u32> = st
                .members
                .iter()
                .filter(|m| m.teacher && m.name == name)
                .map(|m| m.id)
                .collect();
            for old in gone {
                st.members.retain(|m| m.id != old);
                st.resets.retain(|m| *m != old);
                self.end_spotlight_of(&mut st, old);
                st.replaced.push(old);
            }
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
            bytes_sent: 0,
            bytes_received: 0,
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
        if st.replaced.contains(&you) {
            return Standing::Out(format!(
                "you took your teacher's place in room {} from another page",
                self.code
            ));
        }
        if !st.members.iter().any(|m| m.id == you) {
            return Standing::Out(format!("you left room {}", self.code));
        }
        // What a member did is the teacher's to see (and the member's own);
        // a classmate gets the name, not the activity.
        let teacher_view = st.members.iter().any(|m| m.id == you && m.teacher);
        let members = st
            .members
            .iter()
            .map(|m| {
                let mut row = RoomMember {
                    id: m.id,
                    name: m.name.clone(),
                    teacher: m.teacher,
                    sockets: m.sockets,
                    ops: m.ops,
                    last_op: m.last_op.clone(),
                    last_error: m.last_error.clone(),
                    bytes_sent: m.bytes_sent,
                    bytes_received: m.bytes_received,
                };
                if !teacher_view && m.id != you {
                    row = RoomMember {
                        id: m.id,
                        name: m.name.clone(),
                        teacher: m.teacher,
                        ..RoomMember::default()
                    };
                }
                row
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
            spotlight: st.spotlight.member(),
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

    /// Takes `n` payload bytes from the room's byte rate, or says how long
    /// until the room has them.
    pub fn take_bytes(&self, now: Instant, n: u64) -> Result<(), Duration> {
        lock(&self.bytes).try_take_n(now, n)
    }

    /// Charges bytes already moved (what a `recv` returned) to the room.
    pub fn charge_bytes(&self, now: Instant, n: u64) {
        lock(&self.bytes).charge(now, n);
    }

    /// Gives back bytes taken for a payload that was not sent.
    pub fn refund_bytes(&self, now: Instant, n: u64) {
        lock(&self.bytes).refund(now, n);
    }

    /// How long until the room may move another byte (zero if it may now).
    pub fn bytes_wait(&self, now: Instant) -> Duration {
        lock(&self.bytes).wait(now)
    }

    /// The room's byte rate, for refusals that name it.
    pub fn bytes_per_second(&self) -> u32 {
        self.limits.bytes_per_second
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

    /// Records member `who`'s op for the teacher's dashboard, with the
    /// payload bytes it sent and received.
    pub fn note_op(
        &self,
        who: u32,
        op: &str,
        error: Option<String>,
        sockets: u32,
        (sent, received): (u64, u64),
    ) {
        let mut st = lock(&self.state);
        st.last_activity = Instant::now();
        if let Some(m) = st.members.iter_mut().find(|m| m.id == who) {
            m.ops += 1;
            m.bytes_sent = m.bytes_sent.saturating_add(sent);
            m.bytes_received = m.bytes_received.saturating_add(received);
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
        st.resets.retain(|m| *m != who);
        self.end_spotlight_of(&mut st, who);
        self.bump(&mut st);
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
