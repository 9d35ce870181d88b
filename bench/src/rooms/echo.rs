//! A TCP echo server on 127.0.0.1 in this process, on its own thread
//! with its own event loop: the fairness bench's control, a round trip
//! that does not touch the relay.

use anyhow::{Context as _, Result};
use std::net::SocketAddr;

/// A TCP echo server on 127.0.0.1, on its own thread; ended on drop.
pub struct EchoServer {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl EchoServer {
    /// Starts it on a kernel-chosen port.
    pub fn start() -> Result<EchoServer> {
        let std_listener =
            std::net::TcpListener::bind("127.0.0.1:0").context("binding the echo server")?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("echo".into())
            .spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                // Dropping the runtime at the end cancels every connection.
                rt.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) else {
                        return;
                    };
                    loop {
                        tokio::select! {
                            _ = &mut stopped => break,
                            accepted = listener.accept() => {
                                let Ok((conn, _)) = accepted else { continue };
                                tokio::spawn(echo_conn(conn));
                            }
                        }
                    }
                });
            })
            .context("starting the echo server's thread")?;
        Ok(EchoServer {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

async fn echo_conn(mut conn: tokio::net::TcpStream) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let _ = conn.set_nodelay(true);
    let mut buf = vec![0u8; 4096];
    // Ends at end of stream or on an error; the runtime's end cancels it.
    loop {
        match conn.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                if conn.write_all(&buf[..n]).await.is_err() {
                    return;
                }
            }
        }
    }
}

impl Drop for EchoServer {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
