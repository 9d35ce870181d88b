//! The interpreter's host over a WebSocket to the relay: one command per
//! socket call, answered by the event with the same id.

use futures_util::{SinkExt, StreamExt};
use interp::{Host, HostError, Scope, Stream};
use shared::codec::{decode_event, encode_command};
use shared::{Body, Command, Encoding, Op, OpResult, Rejection};
use std::io::Write as _;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How often a command refused for the op rate is retried before giving up.
const RATE_RETRIES: u32 = 50;

/// A connected session.
pub struct WsHost {
    ws: Ws,
    next_id: u64,
    last_seq: u64,
    started: Instant,
    stdout: std::io::Stdout,
}

impl WsHost {
    /// Connects and says hello.
    pub async fn connect(url: &str) -> Result<WsHost, String> {
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .map_err(|e| e.to_string())?;
        let mut host = WsHost {
            ws,
            next_id: 1,
            last_seq: 0,
            started: Instant::now(),
            stdout: std::io::stdout(),
        };
        let hello = Command::new(
            0,
            Op::Hello {
                version: shared::PROTOCOL_VERSION,
                resume: None,
            },
        );
        host.send(&hello).await.map_err(|e| e.to_string())?;
        loop {
            match host.next_body().await.map_err(|e| e.to_string())? {
                Body::Hello(_) => return Ok(host),
                Body::Rejected { reason, .. } => return Err(reason.to_string()),
                _ => {}
            }
        }
    }

    /// Flushes what the script printed.
    pub fn flush(&mut self) {
        let _ = self.stdout.flush();
    }

    async fn send(&mut self, command: &Command) -> Result<(), HostError> {
        let bytes = encode_command(Encoding::MessagePack, command).map_err(HostError::Lost)?;
        self.ws
            .send(Message::Binary(bytes.into()))
            .await
            .map_err(|e| HostError::Lost(e.to_string()))
    }

    async fn next_body(&mut self) -> Result<Body, HostError> {
        loop {
            let msg = match self.ws.next().await {
                Some(Ok(m)) => m,
                Some(Err(e)) => return Err(HostError::Lost(e.to_string())),
                None => return Err(HostError::Lost("the relay closed the connection".into())),
            };
            let bytes = match msg {
                Message::Binary(b) => b.to_vec(),
                Message::Text(t) => t.as_bytes().to_vec(),
                Message::Close(frame) => {
                    let why = frame.map(|f| f.reason.to_string()).unwrap_or_default();
                    return Err(HostError::Lost(format!(
                        "the relay closed the connection {why}"
                    )));
                }
                _ => continue,
            };
            let encoding = if bytes.first() == Some(&b'{') {
                Encoding::Json
            } else {
                Encoding::MessagePack
            };
            let event = decode_event(encoding, &bytes).map_err(HostError::Lost)?;
            self.last_seq = self.last_seq.max(event.seq);
            return Ok(event.body);
        }
    }

    /// One attempt: the result, or the refusal.
    async fn attempt(&mut self, op: &Op) -> Result<Result<OpResult, Rejection>, HostError> {
        let id = self.next_id;
        self.next_id += 1;
        let command = Command {
            id,
            op: op.clone(),
            seen: Some(self.last_seq),
            origin: None,
        };
        self.send(&command).await?;
        loop {
            match self.next_body().await? {
                Body::Result(r) if r.id == id => return Ok(Ok(r)),
                Body::Rejected {
                    id: Some(rid),
                    reason,
                } if rid == id => return Ok(Err(reason)),
                Body::Closing { reason } => return Err(HostError::Lost(reason)),
                _ => {}
            }
        }
    }
}

impl Host for WsHost {
    async fn call(&mut self, op: Op) -> Result<OpResult, HostError> {
        let mut tries = 0;
        loop {
            match self.attempt(&op).await? {
                Ok(r) => return Ok(r),
                // The relay paces every session; a script keeps to the
                // pace instead of failing, as the page does.
                Err(Rejection::Limit { limit, .. })
                    if limit == "ops_per_second" && tries < RATE_RETRIES =>
                {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(reason) => {
                    return Err(HostError::Rejected {
                        op: op.name().to_string(),
                        reason,
                    })
                }
            }
        }
    }

    fn write(&mut self, stream: Stream, text: &str) {
        match stream {
            Stream::Stdout => {
                let _ = self.stdout.write_all(text.as_bytes());
            }
            Stream::Stderr => {
                // Keep the two streams in order on a terminal.
                let _ = self.stdout.flush();
                eprint!("{text}");
            }
        }
    }

    fn flush(&mut self) {
        let _ = self.stdout.flush();
    }

    async fn sleep(&mut self, secs: f64) -> Result<(), HostError> {
        tokio::time::sleep(Duration::try_from_secs_f64(secs).unwrap_or(Duration::ZERO)).await;
        Ok(())
    }

    fn monotonic(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    fn time(&self) -> f64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64())
    }

    async fn before_statement(&mut self, _line: u32, _scope: &Scope<'_>) -> Result<(), HostError> {
        Ok(())
    }
}
