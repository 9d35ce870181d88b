//! A session: one page's sockets, its event log, and the loop that turns
//! commands into socket work and results into events.
//!
//! The session outlives any one WebSocket: when the page's connection drops,
//! the sockets stay open for a grace period and events keep being logged, so
//! a reconnecting page resumes with nothing lost. Connections *attach* to a
//! session ([`Inbound::Attach`]) and the session streams events to whichever
//! is attached.

pub mod actor;
mod bytes;
pub mod connection;
mod known;
pub mod log;
mod page;
pub mod reads;
pub mod registry;
mod resolve;
mod room;
mod sockets;

use shared::{Body, Command, Event, Op, OpResult, Outcome, Rejection, SocketId, Trace, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, mpsc};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::info;

use crate::env::SessionEnv;
use crate::limits::{SessionPermit, TokenBucket};
use crate::lingering::Lingering;
use crate::ops::{Done, Progress, Reply, TaskMsg};

use actor::SockCmd;
use log::EventLog;
use registry::Registry;

/// How many events may wait for a slow page before it is disconnected (it
/// then resumes from the log).
const OUTBOX: usize = 1024;

/// What a connection tells its session.
#[derive(Debug)]
pub enum Inbound {
    /// A page attached: replay after `last_seq`, then stream to `out`.
    Attach {
        /// The connection's number, to match a later `Detach`.
        conn: u64,
        /// The last event the page saw (0 for a fresh page).
        last_seq: u64,
        /// Where events go.
        out: mpsc::Sender<Arc<Event>>,
        /// Bytes of events queued in `out` and not yet written; the
        /// connection subtracts what it writes.
        queued: Arc<AtomicUsize>,
    },
    /// The connection ended.
    Detach {
        /// Its number.
        conn: u64,
    },
    /// A decoded command.
    Command(Command),
    /// A frame that could not be decoded, or a misplaced `hello`.
    Invalid {
        /// The id, if readable.
        id: Option<u64>,
        /// Why.
        reason: Rejection,
    },
}

/// One of the session's sockets, as the session sees it.
#[derive(Debug)]
struct Entry {
    /// Commands to its actor.
    tx: mpsc::Sender<SockCmd>,
    /// Cancelled by `close`: ends a waiting call.
    cancel: CancellationToken,
    /// The op it waits in and the `seq` of its `pending` event: a command
    /// sent after the client saw that event is refused as busy.
    pending: Option<(&'static str, u64)>,
    /// `close` was sent: later commands see a closed socket.
    closing: bool,
}

/// The session's state; owned by its task.
pub struct Session {
    env: SessionEnv,
    token: String,
    public_id: String,
    log: EventLog,
    sockets: HashMap<SocketId, Entry>,
    /// The open sockets as the page knows them, for a replay with a gap.
    known: known::KnownSockets,
    /// After a gap, the log's last seq when the sockets were last offered
    /// to a page: a page attaching without having seen past it may have
    /// lost them with its connection, and is sent them again (they say how
    /// things are now, so twice does no harm).
    sockets_owed: Option<u64>,
    next_id: u32,
    /// Sockets `accept`s in flight may add, counted against the limit.
    reserved: u32,
    default_timeout: Option<Duration>,
    task_tx: mpsc::Sender<TaskMsg>,
    bucket: TokenBucket,
    /// Payload bytes both ways (`limits.bytes_per_second`).
    bytes: TokenBucket,
    attached: Option<Attached>,
    /// Since when no page is attached (the grace period runs from here).
    detached_since: Option<Instant>,
    /// Payload bytes of commands queued for actors and not yet done, by
    /// socket: bounded like buffered events, so a client cannot park
    /// gigabytes of `sendall` data in socket queues. (By socket, not by the
    /// client-chosen command id, which two commands may share.)
    queued_payload: HashMap<SocketId, usize>,
    /// Closed TCP sockets' connections still in the kernel (C10).
    lingering: Lingering,
    services: Option<broadcast::Receiver<shared::ServiceActivity>>,
    activity: broadcast::Sender<shared::ServiceActivity>,
    /// Wakes when the session's room changes.
    room_rx: Option<tokio::sync::watch::Receiver<u64>>,
    /// The room changed since its view was last sent.
    room_dirty: bool,
    /// The last room timeline entry sent (the teacher's).
    room_activity_seen: u64,
    /// The room's public version last sent to this (student) session;
    /// `None` sends the next view whatever its version.
    room_public_seen: Option<u64>,
    /// Spotlighted calls waiting for results; the last ones sent.
    spotlight: room::SpotlightSide,
    /// The payload size of the command whose result is being sent.
    finishing_payload: Option<usize>,
    actors: TaskTracker,
    registry: Arc<Registry>,
    _permit: SessionPermit,
}

/// The page the session streams to.
#[derive(Debug)]
struct Attached {
    conn: u64,
    out: mpsc::Sender<Arc<Event>>,
    queued: Arc<AtomicUsize>,
}

/// What a spawned session gives the connection that created it.
pub struct Spawned {
    /// The resume token.
    pub token: String,
    /// The public id.
    pub public_id: String,
    /// Its inbox and read budget.
    pub handle: registry::Handle,
}

impl Session {
    /// Starts a session task, registers it for resumes, and returns its inbox.
    pub fn spawn(
        env: SessionEnv,
        registry: Arc<Registry>,
        activity: broadcast::Sender<shared::ServiceActivity>,
        permit: SessionPermit,
        shutdown: CancellationToken,
        tracker: &TaskTracker,
    ) -> Spawned {
        let token = registry::new_token();
        let public_id = token.chars().take(8).collect::<String>();
        let (inbox_tx, inbox_rx) = mpsc::channel(256);
        let (task_tx, task_rx) = mpsc::channel(256);
        let limits = &env.relay.config.limits;
        let session = Session {
            log: EventLog::new(limits.replay_events, limits.max_buffered_bytes as usize),
            bucket: TokenBucket::new(limits.ops_per_second, limits.ops_burst, Instant::now()),
            bytes: TokenBucket::new(
                limits.bytes_per_second,
                limits.bytes_per_second,
                Instant::now(),
            ),
            env,
            token: token.clone(),
            public_id: public_id.clone(),
            sockets: HashMap::new(),
            known: known::KnownSockets::default(),
            sockets_owed: None,
            next_id: 1,
            reserved: 0,
            default_timeout: None,
            task_tx,
            attached: None,
            detached_since: Some(Instant::now()),
            queued_payload: HashMap::new(),
            lingering: Lingering::default(),
            services: None,
            activity,
            room_rx: None,
            room_dirty: false,
            room_activity_seen: 0,
            room_public_seen: None,
            spotlight: room::SpotlightSide::default(),
            finishing_payload: None,
            actors: TaskTracker::new(),
            registry: registry.clone(),
            _permit: permit,
        };
        let handle = registry::Handle {
            inbox: inbox_tx,
            reads: Arc::new(std::sync::Mutex::new(reads::ReadBudget::new(
                &session.env.relay.config.limits,
                Instant::now(),
            ))),
        };
        registry.insert(token.clone(), handle.clone());
        tracker.spawn(session.run(inbox_rx, task_rx, shutdown));
        Spawned {
            token,
            public_id,
            handle,
        }
    }

    async fn run(
        mut self,
        mut inbox: mpsc::Receiver<Inbound>,
        mut tasks: mpsc::Receiver<TaskMsg>,
        shutdown: CancellationToken,
    ) {
        let metrics = self.env.relay.metrics.clone();
        metrics.sessions_active.fetch_add(1, Ordering::Relaxed);
        metrics.sessions_total.fetch_add(1, Ordering::Relaxed);
        info!(session = %self.public_id, "session started");
        let grace = self.env.relay.config.limits.grace;
        let idle = self.env.relay.config.limits.idle;
        let mut last_activity = Instant::now();
        let mut lingering_poll = tokio::time::interval(LINGERING_POLL);
        lingering_poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut room_tick = tokio::time::interval(room::ROOM_VIEW_EVERY);
        room_tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let reason = loop {
            let grace_deadline = self.detached_since.map(|t| t + grace);
            let idle_deadline = last_activity + idle;
            tokio::select! {
                m = inbox.recv() => match m {
                    Some(Inbound::Command(cmd)) => {
                        last_activity = Instant::now();
                        self.command(cmd);
                    }
                    Some(Inbound::Invalid { id, reason }) => {
                        // Bad frames cost a token too, or they would be a
                        // free way to flood the log.
                        if self.bucket.try_take(Instant::now()).is_ok() {
                            self.reject(id, reason);
                        }
                    }
                    Some(Inbound::Attach { conn, last_seq, out, queued }) => {
                        last_activity = Instant::now();
                        self.attach(Attached { conn, out, queued }, last_seq);
                    }
                    Some(Inbound::Detach { conn }) => {
                        if self.attached.as_ref().is_some_and(|a| a.conn == conn) {
                            self.detach();
                        }
                    }
                    None => break "relay dropped the session".to_string(),
                },
                Some(msg) = tasks.recv() => self.task(msg),
                act = recv_activity(&mut self.services) => {
                    if let Some(act) = act {
                        self.emit(Body::Service(act));
                    }
                }
                _ = lingering_poll.tick(), if !self.lingering.is_empty() => self.poll_lingering(),
                _ = room::room_changed(&mut self.room_rx), if !self.room_dirty => self.room_dirty = true,
                _ = room_tick.tick(), if self.room_dirty => {
                    if let Some(reason) = self.send_room_view() {
                        break reason;
                    }
                }
                _ = sleep_until_opt(grace_deadline) => {
                    break format!("the page did not come back within {} s", grace.as_secs());
                }
                _ = tokio::time::sleep_until(idle_deadline.into()) => {
                    break format!("idle for {} s", idle.as_secs());
                }
                _ = shutdown.cancelled() => break "the relay is shutting down".to_string(),
            }
        };
        self.finish(&reason, &mut tasks).await;
        metrics.sessions_active.fetch_sub(1, Ordering::Relaxed);
        info!(session = %self.public_id, %reason, "session ended");
    }

    /// Tells the page, closes every socket for real, waits for the actors.
    async fn finish(&mut self, reason: &str, tasks: &mut mpsc::Receiver<TaskMsg>) {
        self.registry.remove(&self.token);
        self.leave_room_at_end();
        self.emit(Body::Closing {
            reason: reason.to_string(),
        });
        for entry in self.sockets.values() {
            entry.cancel.cancel();
        }
        // Dropping the senders ends each actor's loop; it closes its socket.
        self.sockets.clear();
        self.actors.close();
        // Actors report their cancelled calls before ending; keep draining
        // so none blocks on a full channel, until all are gone (bounded).
        let all_done = self.actors.wait();
        tokio::pin!(all_done);
        let give_up = tokio::time::sleep(Duration::from_secs(5));
        tokio::pin!(give_up);
        loop {
            tokio::select! {
                _ = &mut all_done => break,
                _ = &mut give_up => break,
                _ = tasks.recv() => {}
            }
        }
        self.attached = None;
    }

    /// Logs an event and sends it to the attached page, if any.
    fn emit(&mut self, body: Body) {
        let ev = self.log.push(body);
        self.offer(ev);
    }

    fn reject(&mut self, id: Option<u64>, reason: Rejection) {
        let m = &self.env.relay.metrics;
        match &reason {
            Rejection::Policy { .. } => m.refusal("policy"),
            Rejection::Limit { limit, .. } => m.refusal(limit),
            other => m.rejection(rejection_kind(other)),
        }
        if !matches!(
            reason,
            Rejection::Malformed { .. } | Rejection::Handshake { .. }
        ) {
            self.room_refused(id, &reason);
        }
        self.emit(Body::Rejected { id, reason });
    }

    fn limit(&mut self, id: u64, limit: &str, detail: String) {
        self.reject(
            Some(id),
            Rejection::Limit {
                limit: limit.to_string(),
                detail,
            },
        );
    }

    /// Handles one command: checks limits, then runs it inline, on a
    /// socket's actor, or on a blocking thread (resolver calls).
    fn command(&mut self, cmd: Command) {
        self.spotlight_begin(&cmd);
        let limits = &self.env.relay.config.limits;
        if let Err(retry) = self.bucket.try_take(Instant::now()) {
            let detail = format!(
                "more than {} ops per second (burst {}); retry in {} ms",
                limits.ops_per_second,
                limits.ops_burst,
                retry.as_millis().max(1)
            );
            return self.limit(cmd.id, "ops_per_second", detail);
        }
        let max_payload = limits.max_payload as usize;
        if cmd.op.payload_len() > max_payload {
            let detail = format!(
                "{} carries {} bytes; the relay takes at most {} bytes per op (send it in pieces)",
                cmd.op.name(),
                cmd.op.payload_len(),
                max_payload
            );
            return self.limit(cmd.id, "payload", detail);
        }
        self.env.relay.metrics.op(cmd.op.name());
        if let Some(refusal) = self.room_refusal(&cmd.op) {
            return self.reject(Some(cmd.id), refusal);
        }
        // After the room's refusals: a send refused because the room is
        // paused must not also spend the student's bytes.
        if let Some((limit, detail)) = self.byte_refusal(&cmd.op) {
            return self.limit(cmd.id, limit, detail);
        }
        match cmd.op {
            Op::Hello { .. } => self.reject(
                Some(cmd.id),
                Rejection::Handshake {
                    detail: "this connection already said hello".into(),
                },
            ),
            Op::Socket { family, kind } => self.create(cmd.id, family, kind),
            Op::Getdefaulttimeout => {
                let v = match self.default_timeout {
                    Some(t) => Value::Float(t.as_secs_f64()),
                    None => Value::None,
                };
                self.module_result(
                    cmd.id,
                    "getdefaulttimeout",
                    Outcome::Ok(v),
                    Trace::default(),
                );
            }
            Op::Setdefaulttimeout { timeout } => {
                let outcome = match crate::ops::timeout::parse(timeout) {
                    Ok(t) => {
                        self.default_timeout = t;
                        Outcome::Ok(Value::None)
                    }
                    Err(e) => Outcome::Err(e),
                };
                self.module_result(cmd.id, "setdefaulttimeout", outcome, Trace::default());
            }
            Op::WatchServices { on } => {
                self.services = on.then(|| self.activity.subscribe());
                self.module_result(
                    cmd.id,
                    "watch_services",
                    Outcome::Ok(Value::None),
                    Trace::default(),
                );
            }
            op @ (Op::CreateRoom { .. }
            | Op::JoinRoom { .. }
            | Op::LeaveRoom
            | Op::RoomControl(_)) => {
                self.room_op(cmd.id, op);
            }
            op if op.socket().is_some() => self.route_to_socket(cmd.id, op, cmd.seen),
            op => self.resolve(cmd.id, op),
        }
    }

    fn module_result(&mut self, id: u64, op: &'static str, outcome: Outcome, trace: Trace) {
        self.result(id, op, None, outcome, trace, None, Duration::ZERO);
    }

    #[allow(clippy::too_many_arguments)]
    fn result(
        &mut self,
        id: u64,
        op: &'static str,
        sock: Option<SocketId>,
        outcome: Outcome,
        trace: Trace,
        socket: Option<shared::SocketSnapshot>,
        elapsed: Duration,
    ) {
        if let Outcome::Err(e) = &outcome {
            self.env.relay.metrics.py_error(e.class.python_name());
        }
        self.room_note(id, op, &outcome, socket.as_ref());
        self.known.note(sock, &outcome, socket.as_ref());
        self.refund_unsent(op, &outcome);
        self.charge_received(&outcome);
        self.emit(Body::Result(OpResult {
            id,
            op: op.to_string(),
            sock,
            outcome,
            trace,
            socket,
            elapsed_us: elapsed.as_micros() as u64,
        }));
    }

    fn task(&mut self, msg: TaskMsg) {
        match msg {
            TaskMsg::Progress(Progress::Pending {
                id,
                sock,
                op,
                timeout,
            }) => {
                let seq = self.log.last_seq() + 1;
                if let Some(e) = self.sockets.get_mut(&sock) {
                    e.pending = Some((op, seq));
                }
                self.emit(Body::Pending {
                    id,
                    sock,
                    op: op.to_string(),
                    timeout,
                });
            }
            TaskMsg::Progress(Progress::Sent {
                id,
                sock,
                done,
                total,
            }) => {
                self.emit(Body::Progress {
                    id,
                    sock,
                    done,
                    total,
                });
            }
            TaskMsg::Done(done) => self.done(*done),
        }
    }

    fn done(&mut self, done: Done) {
        let Done {
            id,
            op,
            sock,
            reply,
            accepted,
            closed,
            payload,
        } = done;
        if let Some(s) = sock {
            if let Some(queued) = self.queued_payload.get_mut(&s) {
                *queued = queued.saturating_sub(payload);
            }
            if let Some(e) = self.sockets.get_mut(&s) {
                e.pending = None;
            }
            if closed {
                // Commands queued behind the close never run.
                self.queued_payload.remove(&s);
                self.sockets.remove(&s);
                self.known.forget(s);
            }
        }
        // Kept until the result is out: the room's timeline counts it.
        let payload = (payload > 0).then_some(payload);
        if op == "accept" {
            self.reserved = self.reserved.saturating_sub(1);
        }
        match reply {
            Reply::Rejected(r) => {
                // Refused by its socket before the call (a policy refusal
                // of a `sendto` target): nothing was sent.
                self.give_back(payload.unwrap_or(0));
                self.reject(Some(id), r);
            }
            Reply::Result {
                mut outcome,
                trace,
                snapshot,
                elapsed,
            } => {
                if let Some(mut learner) = accepted {
                    let new_id = SocketId(self.next_id);
                    self.next_id += 1;
                    learner.id = new_id;
                    if let Outcome::Ok(Value::Accepted { socket, .. }) = &mut outcome {
                        socket.id = new_id;
                    }
                    self.adopt(learner);
                }
                if closed {
                    self.track_lingering(snapshot.as_ref());
                }
                self.finishing_payload = payload;
                self.result(id, op, sock, outcome, trace, snapshot, elapsed);
                self.finishing_payload = None;
                if closed {
                    self.poll_lingering();
                }
            }
        }
    }

    /// Follows a just-closed TCP socket's connection in the kernel (C10).
    fn track_lingering(&mut self, snap: Option<&shared::SocketSnapshot>) {
        let Some(s) = snap.filter(|s| s.kind == shared::SockType::Stream) else {
            return;
        };
        let parse = |a: &shared::SockAddr| {
            a.ip.parse::<std::net::IpAddr>()
                .ok()
                .map(|ip| std::net::SocketAddr::new(ip, a.port))
        };
        if let (Some(local), Some(peer)) = (
            s.local.as_ref().and_then(parse),
            s.peer.as_ref().and_then(parse),
        ) {
            self.lingering.track(s.id, local, peer);
        }
    }

    /// Tells the page when the kernel's state of closed sockets' connections
    /// changed.
    fn poll_lingering(&mut self) {
        if let Some(conns) = self.lingering.poll() {
            self.emit(Body::Lingering { conns });
        }
    }
}

/// How often the kernel's table is read while closed sockets' connections
/// linger: often enough to see `FIN_WAIT2` become `TIME_WAIT` as it happens.
const LINGERING_POLL: Duration = Duration::from_millis(500);

/// The metric label of a rejection.
pub fn rejection_kind(r: &Rejection) -> &'static str {
    match r {
        Rejection::Malformed { .. } => "malformed",
        Rejection::UnknownOp { .. } => "unknown_op",
        Rejection::UnknownSocket { .. } => "unknown_socket",
        Rejection::Busy { .. } => "busy",
        Rejection::Policy { .. } => "policy",
        Rejection::Limit { .. } => "limit",
        Rejection::VersionMismatch { .. } => "version",
        Rejection::Handshake { .. } => "handshake",
        Rejection::ResumeFailed { .. } => "resume",
        Rejection::Room { .. } => "room",
    }
}

async fn recv_activity(
    rx: &mut Option<broadcast::Receiver<shared::ServiceActivity>>,
) -> Option<shared::ServiceActivity> {
    match rx {
        Some(r) => loop {
            match r.recv().await {
                Ok(a) => return Some(a),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => {
                    *rx = None;
                    return None;
                }
            }
        },
        None => std::future::pending().await,
    }
}

async fn sleep_until_opt(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d.into()).await,
        None => std::future::pending().await,
    }
}
