//! A small typed client for the relay's protocol, and a plain WebSocket
//! connector for the websocat / websockify pipes.
//!
//! Speaks MessagePack in binary frames, as the page does. Every wait is
//! bounded by [`PATIENCE`], so a stuck relay fails the benchmark instead of
//! hanging it.

use anyhow::{anyhow, bail, Context as _, Result};
use futures_util::{SinkExt, StreamExt};
use shared::codec::{decode_event, encode_command};
use shared::{
    Address, Body, Command, Encoding, Event, Family, Hello, Op, Outcome, Payload, SockType,
    SocketId, Value, PROTOCOL_VERSION,
};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// How long any single expected frame may take.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A WebSocket over a plain loopback TCP connection.
pub type Ws = WebSocketStream<TcpStream>;

/// Opens a WebSocket to `url` (which must name `addr`), with `TCP_NODELAY`
/// on the client's side, optionally asking for a subprotocol.
pub async fn open(addr: SocketAddr, url: &str, subprotocol: Option<&str>) -> Result<Ws> {
    anyhow::ensure!(
        addr.ip().is_loopback(),
        "benchmarks only talk to loopback, not {addr}"
    );
    let tcp = tokio::time::timeout(PATIENCE, TcpStream::connect(addr))
        .await
        .with_context(|| format!("connecting to {addr} timed out"))?
        .with_context(|| format!("connecting to {addr}"))?;
    tcp.set_nodelay(true)?;
    let mut request = url.into_client_request()?;
    if let Some(p) = subprotocol {
        request
            .headers_mut()
            .insert("Sec-WebSocket-Protocol", HeaderValue::from_str(p)?);
    }
    // Room for 1 MiB payloads plus the envelope, as the relay allows. A
    // 64 KiB read buffer (tungstenite's default is 128 KiB, zero-filled
    // before every read) keeps the client's own cost per frame small; it is
    // the same for every WebSocket path.
    let config = WebSocketConfig::default()
        .read_buffer_size(64 * 1024)
        .max_message_size(Some(64 << 20))
        .max_frame_size(Some(64 << 20));
    let (ws, _) = tokio::time::timeout(
        PATIENCE,
        tokio_tungstenite::client_async_with_config(request, tcp, Some(config)),
    )
    .await
    .with_context(|| format!("WebSocket handshake with {url} timed out"))?
    .with_context(|| format!("WebSocket handshake with {url}"))?;
    Ok(ws)
}

/// A greeted protocol client.
pub struct Client {
    ws: Ws,
    next_id: u64,
    /// The relay's hello.
    pub hello: Hello,
    /// `Pending` events seen (a call that had to wait in the relay).
    pub pendings: u64,
    /// `recv` commands sent.
    pub recvs: u64,
    /// Event frames received, and their bytes.
    pub frames_in: (u64, u64),
    /// The highest event seq received, sent as `seen` so the relay knows
    /// which commands are pipelined.
    last_seq: u64,
}

impl Client {
    /// Connects to the relay at `addr` and says hello.
    pub async fn connect(addr: SocketAddr) -> Result<Client> {
        let url = format!("ws://{addr}/ws");
        let mut ws = open(addr, &url, None).await?;
        let hello = Command {
            seen: None,
            origin: None,
            id: 0,
            op: Op::Hello {
                version: PROTOCOL_VERSION,
                resume: None,
            },
        };
        send_command(&mut ws, &hello).await?;
        let hello = match next_event(&mut ws).await?.0.body {
            Body::Hello(h) => h,
            other => bail!("expected the relay's hello, got {other:?}"),
        };
        Ok(Client {
            ws,
            next_id: 1,
            hello,
            pendings: 0,
            recvs: 0,
            frames_in: (0, 0),
            last_seq: 0,
        })
    }

    /// The port of the relay's TCP echo service, from its hello.
    pub fn echo_port(&self) -> Result<u16> {
        self.hello
            .services
            .iter()
            .find(|s| s.name == "echo" && s.proto == shared::ServiceProto::Tcp)
            .map(|s| s.port)
            .ok_or_else(|| anyhow!("the relay's hello lists no TCP echo service"))
    }

    /// Sends `op` without waiting; returns its id.
    pub async fn send(&mut self, op: Op) -> Result<u64> {
        let id = self.next_id;
        self.next_id += 1;
        let cmd = Command {
            id,
            op,
            seen: Some(self.last_seq),
            origin: None,
        };
        send_command(&mut self.ws, &cmd).await?;
        Ok(id)
    }

    /// Waits for the result of command `id`, skipping `Pending` and
    /// progress events; a rejection or the relay closing is an error.
    pub async fn result(&mut self, id: u64) -> Result<Value> {
        loop {
            let (ev, len) = next_event(&mut self.ws).await?;
            self.last_seq = self.last_seq.max(ev.seq);
            self.frames_in.0 += 1;
            self.frames_in.1 += len as u64;
            match ev.body {
                Body::Result(r) if r.id == id => {
                    return match r.outcome {
                        Outcome::Ok(v) => Ok(v),
                        other => bail!("{} failed: {other:?}", r.op),
                    }
                }
                Body::Rejected {
                    id: Some(i),
                    reason,
                } if i == id => {
                    bail!("command {id} was rejected: {reason:?}")
                }
                Body::Closing { reason } => bail!("the relay closed the session: {reason}"),
                Body::Pending { .. } => self.pendings += 1,
                _ => {}
            }
        }
    }

    /// Sends `ops` in one write (pipelined) and returns their ids; the
    /// relay runs one socket's commands in the order sent.
    pub async fn send_batch(&mut self, ops: Vec<Op>) -> Result<Vec<u64>> {
        let mut ids = Vec::with_capacity(ops.len());
        for op in ops {
            let id = self.next_id;
            self.next_id += 1;
            if matches!(op, Op::Recv { .. }) {
                self.recvs += 1;
            }
            let cmd = Command {
                id,
                op,
                seen: Some(self.last_seq),
                origin: None,
            };
            let bytes = encode_command(Encoding::MessagePack, &cmd).map_err(|e| anyhow!(e))?;
            self.ws.feed(Message::Binary(bytes.into())).await?;
            ids.push(id);
        }
        self.ws.flush().await?;
        Ok(ids)
    }

    /// Calls `op` and waits for its value.
    pub async fn call(&mut self, op: Op) -> Result<Value> {
        let id = self.send(op).await?;
        self.result(id).await
    }

    /// `socket(AF_INET, SOCK_STREAM)`.
    pub async fn tcp_socket(&mut self) -> Result<SocketId> {
        match self
            .call(Op::Socket {
                family: Family::Inet,
                kind: SockType::Stream,
            })
            .await?
        {
            Value::Socket(s) => Ok(s.id),
            other => bail!("socket() returned {other:?}"),
        }
    }

    /// A TCP socket connected to `127.0.0.1:port`.
    pub async fn connected(&mut self, port: u16) -> Result<SocketId> {
        let sock = self.tcp_socket().await?;
        self.call(Op::Connect {
            sock,
            addr: Address::new("127.0.0.1", i64::from(port)),
        })
        .await?;
        Ok(sock)
    }

    /// `send(data)` (blocking mode: every byte is queued).
    pub async fn send_bytes(&mut self, sock: SocketId, data: &[u8]) -> Result<()> {
        self.call(Op::Send {
            sock,
            data: Payload(data.to_vec()),
        })
        .await?;
        Ok(())
    }

    /// `sendall(data)`.
    pub async fn sendall(&mut self, sock: SocketId, data: Vec<u8>) -> Result<()> {
        self.call(Op::Sendall {
            sock,
            data: Payload(data),
        })
        .await?;
        Ok(())
    }

    /// One `recv(bufsize)`; returns the number of bytes it got (0 is EOF,
    /// an error here).
    pub async fn recv(&mut self, sock: SocketId, bufsize: usize) -> Result<usize> {
        let bufsize = i64::try_from(bufsize)?;
        self.recvs += 1;
        match self.call(Op::Recv { sock, bufsize }).await? {
            Value::Bytes(p) if p.0.is_empty() => bail!("recv returned b'' (EOF)"),
            Value::Bytes(p) => Ok(p.0.len()),
            other => bail!("recv returned {other:?}"),
        }
    }

    /// Receives until `n` bytes came back, `recv(min(bufsize, left))` at a time.
    pub async fn recv_exactly(&mut self, sock: SocketId, n: usize, bufsize: usize) -> Result<()> {
        let mut got = 0;
        while got < n {
            got += self.recv(sock, bufsize.min(n - got)).await?;
        }
        Ok(())
    }

    /// Closes the WebSocket politely.
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(2), self.ws.close(None)).await;
    }
}

async fn send_command(ws: &mut Ws, cmd: &Command) -> Result<()> {
    let bytes = encode_command(Encoding::MessagePack, cmd).map_err(|e| anyhow!(e))?;
    ws.send(Message::Binary(bytes.into())).await?;
    Ok(())
}

/// The next event and the size of its frame.
async fn next_event(ws: &mut Ws) -> Result<(Event, usize)> {
    loop {
        let msg = tokio::time::timeout(PATIENCE, ws.next())
            .await
            .context("no event from the relay in time")?
            .ok_or_else(|| anyhow!("the relay closed the WebSocket"))??;
        let bytes = match msg {
            Message::Binary(b) => b,
            Message::Close(c) => bail!("the relay closed the WebSocket: {c:?}"),
            _ => continue,
        };
        let ev = decode_event(Encoding::MessagePack, &bytes).map_err(|e| anyhow!("{e}"))?;
        return Ok((ev, bytes.len()));
    }
}
