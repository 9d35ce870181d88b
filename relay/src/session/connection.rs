//! One WebSocket connection: the handshake (`hello`, version check, new
//! session or resume), then a pump between the socket and its session.
//!
//! Frames are decoded here, at the edge, into typed commands; anything that
//! does not decode becomes a `Rejected` event and the connection carries on.

use axum::extract::ws::{Message, WebSocket};
use futures_util::{SinkExt, StreamExt};
use shared::codec::{decode_command, encode_event};
use shared::{Body, Encoding, Event, Op, Rejection, PROTOCOL_VERSION};
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tracing::{debug, warn};

use super::{Inbound, Session, OUTBOX};
use crate::rooms::lock;
use crate::server::AppState;

/// How long a new connection may take to say hello.
const HELLO_TIMEOUT: Duration = Duration::from_secs(30);

/// What the handshake settled.
struct Greeted {
    encoding: Encoding,
    inbox: mpsc::Sender<Inbound>,
    /// The session's read budget (it outlives this connection).
    reads: super::registry::SharedBudget,
    last_seq: u64,
}

/// Serves one WebSocket until it closes.
pub async fn serve(ws: WebSocket, state: AppState, peer: IpAddr) {
    let metrics = state.env.metrics.clone();
    metrics.connections_active.fetch_add(1, Ordering::Relaxed);
    let conn = state.next_conn.fetch_add(1, Ordering::Relaxed);
    let (mut sink, mut stream) = ws.split();
    if let Some(g) = handshake(&mut sink, &mut stream, &state, peer).await {
        pump(conn, g, &mut sink, &mut stream, &state).await;
    }
    let _ = sink.close().await;
    metrics.connections_active.fetch_sub(1, Ordering::Relaxed);
}

type Sink = futures_util::stream::SplitSink<WebSocket, Message>;
type Stream = futures_util::stream::SplitStream<WebSocket>;

/// A frame's payload and the encoding its type implies; `None` for control frames.
fn frame(msg: &Message) -> Option<(Encoding, &[u8])> {
    match msg {
        Message::Text(t) => Some((Encoding::Json, t.as_bytes())),
        Message::Binary(b) => Some((Encoding::MessagePack, b.as_ref())),
        _ => None,
    }
}

async fn send(sink: &mut Sink, encoding: Encoding, ev: &Event) -> bool {
    let bytes = match encode_event(encoding, ev) {
        Ok(b) => b,
        Err(e) => {
            warn!(cause = %e, "could not encode an event");
            return true;
        }
    };
    let msg = match encoding {
        Encoding::Json => match String::from_utf8(bytes) {
            Ok(s) => Message::Text(s.into()),
            Err(_) => return true,
        },
        Encoding::MessagePack => Message::Binary(bytes.into()),
    };
    sink.send(msg).await.is_ok()
}

/// A frame's size as the read budget counts it.
fn message_len(msg: &Message) -> usize {
    match msg {
        Message::Text(t) => t.len(),
        Message::Binary(b) | Message::Ping(b) | Message::Pong(b) => b.len(),
        Message::Close(_) => 0,
    }
}

/// A connection-level event (sequence 0: not part of any session's log).
fn unsequenced(body: Body) -> Event {
    Event { seq: 0, body }
}

async fn handshake(
    sink: &mut Sink,
    stream: &mut Stream,
    state: &AppState,
    peer: IpAddr,
) -> Option<Greeted> {
    loop {
        let msg = match tokio::time::timeout(HELLO_TIMEOUT, stream.next()).await {
            Ok(Some(Ok(m))) => m,
            _ => return None,
        };
        if matches!(msg, Message::Close(_)) {
            return None;
        }
        let Some((encoding, bytes)) = frame(&msg) else {
            continue;
        };
        let cmd = match decode_command(encoding, bytes) {
            Ok(c) => c,
            Err(e) => {
                state
                    .env
                    .metrics
                    .rejection(super::rejection_kind(&e.reason));
                let ev = unsequenced(Body::Rejected {
                    id: e.id,
                    reason: e.reason,
                });
                if !send(sink, encoding, &ev).await {
                    return None;
                }
                continue;
            }
        };
        let Op::Hello { version, resume } = cmd.op else {
            let ev = unsequenced(Body::Rejected {
                id: Some(cmd.id),
                reason: Rejection::Handshake {
                    detail: "say hello first: {\"id\":1,\"op\":{\"hello\":{\"version\":1}}}".into(),
                },
            });
            if !send(sink, encoding, &ev).await {
                return None;
            }
            continue;
        };
        if version != PROTOCOL_VERSION {
            state.env.metrics.rejection("version");
            let ev = unsequenced(Body::Rejected {
                id: Some(cmd.id),
                reason: Rejection::VersionMismatch {
                    client: version,
                    relay: PROTOCOL_VERSION,
                },
            });
            let _ = send(sink, encoding, &ev).await;
            return None;
        }
        let (handle, token, public_id, last_seq, resumed) = match resume {
            Some(r) => match state.registry.get(&r.token) {
                Some(handle) => {
                    let public_id: String = r.token.chars().take(8).collect();
                    (handle, r.token, public_id, r.last_seq, true)
                }
                None => {
                    state.env.metrics.rejection("resume");
                    let ev = unsequenced(Body::Rejected {
                        id: Some(cmd.id),
                        reason: Rejection::ResumeFailed {
                            detail: "that session has ended (its grace period passed or the relay restarted); say hello without resume to start afresh".into(),
                        },
                    });
                    if !send(sink, encoding, &ev).await {
                        return None;
                    }
                    continue;
                }
            },
            None => {
                let permit = match state.quota.try_acquire(peer) {
                    Ok(p) => p,
                    Err(e) => {
                        state.env.metrics.refusal(e.limit_name());
                        let ev = unsequenced(Body::Rejected {
                            id: Some(cmd.id),
                            reason: Rejection::Limit {
                                limit: e.limit_name().to_string(),
                                detail: e.to_string(),
                            },
                        });
                        let _ = send(sink, encoding, &ev).await;
                        return None;
                    }
                };
                let spawned = Session::spawn(
                    crate::env::SessionEnv::new(state.env.clone()),
                    state.registry.clone(),
                    state.activity.clone(),
                    permit,
                    state.shutdown.clone(),
                    &state.tracker,
                );
                (spawned.handle, spawned.token, spawned.public_id, 0, false)
            }
        };
        let hello = shared::Hello {
            version: PROTOCOL_VERSION,
            relay: env!("CARGO_PKG_VERSION").to_string(),
            session: public_id,
            resume_token: token,
            resumed,
            profile: state.env.config.profile,
            limits: state.env.config.hello_limits(),
            services: state.services.as_ref().clone(),
            relay_id: state.env.config.relay_id.map(String::from),
        };
        if !send(sink, encoding, &unsequenced(Body::Hello(hello))).await {
            return None;
        }
        return Some(Greeted {
            encoding,
            inbox: handle.inbox,
            reads: handle.reads,
            last_seq,
        });
    }
}

async fn pump(conn: u64, g: Greeted, sink: &mut Sink, stream: &mut Stream, state: &AppState) {
    // Room for a whole replay plus live events; the session also bounds
    // what waits here by bytes (`queued`).
    let capacity = OUTBOX + state.env.config.limits.replay_events;
    let (out_tx, mut out_rx) = mpsc::channel::<Arc<Event>>(capacity);
    let queued = Arc::new(AtomicUsize::new(0));
    let attach = Inbound::Attach {
        conn,
        last_seq: g.last_seq,
        out: out_tx,
        queued: queued.clone(),
    };
    if g.inbox.send(attach).await.is_err() {
        // The session ended between the handshake and now (its grace
        // period ran out): say so rather than going quiet.
        let ev = unsequenced(Body::Closing {
            reason: "the session ended before the page reattached; reload to start afresh".into(),
        });
        let _ = send(sink, g.encoding, &ev).await;
        return;
    }
    let mut paused = false;
    loop {
        let wait = lock(&g.reads).wait(Instant::now());
        if !wait.is_zero() && !paused {
            state
                .env
                .metrics
                .read_pauses
                .fetch_add(1, Ordering::Relaxed);
        }
        paused = !wait.is_zero();
        tokio::select! {
            // Over its budget the page's frames wait in the kernel.
            () = tokio::time::sleep(wait), if paused => {}
            msg = stream.next(), if !paused => {
                let msg = match msg {
                    Some(Ok(m)) => m,
                    _ => break,
                };
                if matches!(msg, Message::Close(_)) {
                    break;
                }
                lock(&g.reads).read(Instant::now(), message_len(&msg));
                let Some((encoding, bytes)) = frame(&msg) else { continue };
                let inbound = match decode_command(encoding, bytes) {
                    Ok(cmd) => Inbound::Command(cmd),
                    Err(e) => Inbound::Invalid { id: e.id, reason: e.reason },
                };
                if g.inbox.send(inbound).await.is_err() {
                    break;
                }
            }
            ev = out_rx.recv() => {
                let Some(ev) = ev else { break };
                let closing = matches!(ev.body, Body::Closing { .. });
                let sent = send(sink, g.encoding, &ev).await;
                queued.fetch_sub(super::log::event_size(&ev.body), Ordering::Relaxed);
                if !sent || closing {
                    break;
                }
            }
            _ = state.shutdown.cancelled(), if g.inbox.is_closed() => break,
        }
    }
    debug!(conn, "connection ended");
    let _ = g.inbox.send(Inbound::Detach { conn }).await;
}
