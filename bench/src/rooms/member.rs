//! One simulated member of a class: a greeted protocol client that keeps
//! reading the events it is sent (room views above all) while it waits,
//! and tells a result from a refusal.
//!
//! Unlike the relay bench's `Client`, it never treats a refusal as an
//! error: counting refusals is part of what the rooms bench measures.

use crate::client::{self, Ws, PATIENCE};
use anyhow::{anyhow, bail, Context as _, Result};
use futures_util::{FutureExt as _, SinkExt, StreamExt};
use shared::codec::{decode_event, encode_command};
use shared::{
    Address, Body, Command, Encoding, Event, Family, Hello, Op, Outcome, Payload, Rejection,
    SockType, SocketId, Value, PROTOCOL_VERSION,
};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

/// How a command ended.
#[derive(Debug)]
pub enum Answer {
    /// Its result: what Python would have returned.
    Ok(Value),
    /// Its result: a Python exception (or a cancelled call), as one line.
    Raised(String),
    /// The relay refused it without running it.
    Refused(Rejection),
}

impl Answer {
    /// Whether the relay refused it for the session's op rate.
    pub fn rate_limited(&self) -> bool {
        matches!(self, Answer::Refused(Rejection::Limit { limit, .. }) if limit == "ops_per_second")
    }
}

/// A greeted session.
pub struct Member {
    ws: Ws,
    next_id: u64,
    last_seq: u64,
    /// The relay's hello.
    pub hello: Hello,
    /// Room views received, and their bytes.
    pub views: (u64, u64),
    /// The code of the last room view received.
    pub room_code: Option<String>,
    /// `Pending` events received: calls that had to wait in the relay.
    pub pendings: u64,
    /// How long the `send` of the last [`Member::echo_exchange`] took.
    pub last_send: Duration,
}

impl Member {
    /// Opens a WebSocket to the relay at `relay` and says hello.
    pub async fn connect(relay: SocketAddr) -> Result<Member> {
        let mut ws = client::open(relay, &format!("ws://{relay}/ws"), None).await?;
        let hello = Command {
            id: 0,
            op: Op::Hello {
                version: PROTOCOL_VERSION,
                resume: None,
            },
            seen: None,
            origin: None,
        };
        let bytes = encode_command(Encoding::MessagePack, &hello).map_err(|e| anyhow!(e))?;
        ws.send(Message::Binary(bytes.into())).await?;
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let msg = tokio::time::timeout_at(deadline, ws.next())
                .await
                .context("no hello from the relay in time")?
                .ok_or_else(|| anyhow!("the relay closed the WebSocket before its hello"))??;
            let Message::Binary(bytes) = msg else {
                continue;
            };
            let ev = decode_event(Encoding::MessagePack, &bytes).map_err(|e| anyhow!("{e}"))?;
            match ev.body {
                Body::Hello(hello) => {
                    return Ok(Member {
                        ws,
                        next_id: 1,
                        last_seq: ev.seq,
                        hello,
                        views: (0, 0),
                        room_code: None,
                        pendings: 0,
                        last_send: Duration::ZERO,
                    })
                }
                Body::Rejected { reason, .. } => bail!("the relay refused the session: {reason}"),
                Body::Closing { reason } => bail!("the relay closed the session: {reason}"),
                _ => {}
            }
        }
    }

    /// The port of one of the relay's TCP services, from its hello.
    pub fn service_port(&self, name: &str) -> Result<u16> {
        self.hello
            .services
            .iter()
            .find(|s| s.name == name && s.proto == shared::ServiceProto::Tcp)
            .map(|s| s.port)
            .ok_or_else(|| anyhow!("the relay's hello lists no TCP {name} service"))
    }

    fn frame(&mut self, op: Op) -> Result<(u64, Message)> {
        let id = self.next_id;
        self.next_id += 1;
        let cmd = Command {
            id,
            op,
            seen: Some(self.last_seq),
            origin: None,
        };
        let bytes = encode_command(Encoding::MessagePack, &cmd).map_err(|e| anyhow!(e))?;
        Ok((id, Message::Binary(bytes.into())))
    }

    /// Sends `op` at once; returns its id.
    pub async fn send(&mut self, op: Op) -> Result<u64> {
        let (id, msg) = self.frame(op)?;
        self.ws.send(msg).await?;
        Ok(id)
    }

    /// Queues `op` without flushing (see [`Member::flush`]); returns its id.
    pub async fn feed(&mut self, op: Op) -> Result<u64> {
        let (id, msg) = self.frame(op)?;
        self.ws.feed(msg).await?;
        Ok(id)
    }

    /// Writes what [`Member::feed`] queued.
    pub async fn flush(&mut self) -> Result<()> {
        self.ws.flush().await?;
        Ok(())
    }

    fn note(&mut self, ev: &Event, len: usize) {
        self.last_seq = self.last_seq.max(ev.seq);
        match &ev.body {
            Body::Room(v) => {
                self.views.0 += 1;
                self.views.1 += len as u64;
                self.room_code = Some(v.code.clone());
            }
            Body::Pending { .. } => self.pendings += 1,
            _ => {}
        }
    }

    /// The next event (bounded by [`PATIENCE`]); the relay closing the
    /// session is an error.
    pub async fn next(&mut self) -> Result<Event> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        match self.next_before(deadline).await? {
            Some(ev) => Ok(ev),
            None => bail!("no event from the relay within {PATIENCE:?}"),
        }
    }

    /// The next event, or `None` once `deadline` passes.
    async fn next_before(&mut self, deadline: tokio::time::Instant) -> Result<Option<Event>> {
        loop {
            let msg = match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => return Ok(None),
                Ok(None) => bail!("the relay closed the WebSocket"),
                Ok(Some(m)) => m?,
            };
            let bytes = match msg {
                Message::Binary(b) => b,
                Message::Close(c) => bail!("the relay closed the WebSocket: {c:?}"),
                _ => continue,
            };
            let ev = decode_event(Encoding::MessagePack, &bytes).map_err(|e| anyhow!("{e}"))?;
            self.note(&ev, bytes.len());
            if let Body::Closing { reason } = &ev.body {
                bail!("the relay closed the session: {reason}");
            }
            return Ok(Some(ev));
        }
    }

    /// The next event if one is already here, without waiting.
    pub fn try_next(&mut self) -> Result<Option<Event>> {
        loop {
            let msg = match self.ws.next().now_or_never() {
                None => return Ok(None),
                Some(None) => bail!("the relay closed the WebSocket"),
                Some(Some(m)) => m?,
            };
            let bytes = match msg {
                Message::Binary(b) => b,
                Message::Close(c) => bail!("the relay closed the WebSocket: {c:?}"),
                _ => continue,
            };
            let ev = decode_event(Encoding::MessagePack, &bytes).map_err(|e| anyhow!("{e}"))?;
            self.note(&ev, bytes.len());
            if let Body::Closing { reason } = &ev.body {
                bail!("the relay closed the session: {reason}");
            }
            return Ok(Some(ev));
        }
    }

    /// Reads (and counts) whatever the relay sends until `deadline`.
    pub async fn drain_until(&mut self, deadline: Instant) -> Result<()> {
        let deadline = tokio::time::Instant::from_std(deadline);
        while self.next_before(deadline).await?.is_some() {}
        Ok(())
    }

    /// The answer to command `id`: its result or its refusal.
    pub async fn answer(&mut self, id: u64) -> Result<Answer> {
        loop {
            let ev = self.next().await?;
            if let Some((got, answer)) = answer_of(ev) {
                if got == id {
                    return Ok(answer);
                }
            }
        }
    }

    /// Sends `op` and waits for its answer.
    pub async fn call(&mut self, op: Op) -> Result<Answer> {
        let id = self.send(op).await?;
        self.answer(id).await
    }

    /// Calls `op`, retrying while the rate limiter refuses it (at most
    /// 100 tries, 20 ms apart); anything but a value is an error.
    pub async fn ok(&mut self, op: Op) -> Result<Value> {
        for _ in 0..100 {
            match self.call(op.clone()).await? {
                Answer::Ok(v) => return Ok(v),
                a if a.rate_limited() => {
                    self.drain_until(Instant::now() + Duration::from_millis(20))
                        .await?;
                }
                Answer::Raised(e) => bail!("{} raised {e}", op.name()),
                Answer::Refused(r) => bail!("{} was refused: {r}", op.name()),
            }
        }
        bail!("{} was refused by the rate limiter 100 times", op.name())
    }

    /// A TCP socket connected to `127.0.0.1:port`.
    pub async fn connected(&mut self, port: u16) -> Result<SocketId> {
        let sock = match self
            .ok(Op::Socket {
                family: Family::Inet,
                kind: SockType::Stream,
            })
            .await?
        {
            Value::Socket(s) => s.id,
            other => bail!("socket() returned {other:?}"),
        };
        self.ok(Op::Connect {
            sock,
            addr: Address::new("127.0.0.1", i64::from(port)),
        })
        .await
        .with_context(|| format!("connecting to 127.0.0.1:{port}"))?;
        Ok(sock)
    }

    /// Opens a room as its teacher (the local profile needs no key);
    /// returns its join code.
    pub async fn create_room(&mut self, name: &str) -> Result<String> {
        self.ok(Op::CreateRoom {
            name: name.to_string(),
            teacher: String::new(),
            teacher_key: None,
        })
        .await?;
        self.room_view().await
    }

    /// Joins the room with `code` as `name`; with `wait`, until the first
    /// view of it arrived (up to 250 ms later).
    pub async fn join_room(&mut self, code: &str, name: &str, wait: bool) -> Result<()> {
        self.ok(Op::JoinRoom {
            code: code.to_string(),
            name: name.to_string(),
            teacher_key: None,
        })
        .await?;
        if wait {
            self.room_view().await?;
        }
        Ok(())
    }

    /// Waits for the first room view (sent at most 250 ms after joining).
    async fn room_view(&mut self) -> Result<String> {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Some(code) = &self.room_code {
                return Ok(code.clone());
            }
            self.drain_until(Instant::now() + Duration::from_millis(20))
                .await?;
        }
        bail!("no room view within {PATIENCE:?}")
    }

    /// One 64-byte echo exchange on `sock`: `send`, then `recv` until the
    /// 64 bytes are back. The first answer that is not a value ends it.
    pub async fn echo_exchange(&mut self, sock: SocketId, msg: &[u8]) -> Result<Answer> {
        let t = Instant::now();
        let a = self
            .call(Op::Send {
                sock,
                data: Payload(msg.to_vec()),
            })
            .await?;
        self.last_send = t.elapsed();
        if !matches!(a, Answer::Ok(_)) {
            return Ok(a);
        }
        let mut got = 0;
        while got < msg.len() {
            let a = self
                .call(Op::Recv {
                    sock,
                    bufsize: (msg.len() - got) as i64,
                })
                .await?;
            match a {
                Answer::Ok(Value::Bytes(p)) if p.0.is_empty() => {
                    return Ok(Answer::Raised("recv returned b'' (EOF)".into()))
                }
                Answer::Ok(Value::Bytes(p)) => got += p.0.len(),
                Answer::Ok(other) => bail!("recv returned {other:?}"),
                other => return Ok(other),
            }
        }
        Ok(Answer::Ok(Value::None))
    }

    /// Closes the WebSocket politely (bounded).
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(2), self.ws.close(None)).await;
    }
}

/// The command an event answers, and how, if it answers one.
pub fn answer_of(ev: Event) -> Option<(u64, Answer)> {
    match ev.body {
        Body::Result(r) => Some((
            r.id,
            match r.outcome {
                Outcome::Ok(v) => Answer::Ok(v),
                Outcome::Err(e) => Answer::Raised(e.to_string()),
                Outcome::Cancelled { reason } => Answer::Raised(format!("cancelled: {reason}")),
            },
        )),
        Body::Rejected {
            id: Some(id),
            reason,
        } => Some((id, Answer::Refused(reason))),
        _ => None,
    }
}
