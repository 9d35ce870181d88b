//! A loopback TCP proxy that can cut the page's connections for real.
//!
//! The browser loads the page through [`Proxy::url`], so the page's
//! WebSocket (and every HTTP request) runs through it to the relay. Then a
//! test can make the network misbehave the way a flaky Wi-Fi does:
//!
//! - [`Proxy::mute`]: stop passing on what the relay sends (the page's
//!   commands still arrive; their results pile up unseen), as when a link
//!   stalls before it drops;
//! - [`Proxy::cut`]: drop every open connection (both ends are closed; any
//!   muted bytes are lost), but keep listening so the page can reconnect;
//! - [`Proxy::hold`] / [`Proxy::release`]: park new connections (accepted,
//!   not yet forwarded) so the page stays "reconnecting" for as long as the
//!   test wants, then let them through.
//!
//! Everything stays on 127.0.0.1.

use anyhow::{Context as _, Result};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{AbortHandle, JoinHandle};

/// What the accept loop and the connections share with the test.
struct Shared {
    /// Every connection task started since the last cut.
    conns: Mutex<Vec<AbortHandle>>,
    /// True while new connections are parked.
    hold: watch::Sender<bool>,
    /// True while bytes from the relay are held back.
    mute: watch::Sender<bool>,
}

impl Shared {
    /// The connection list (a panicked holder leaves nothing inconsistent:
    /// it is a list of handles).
    fn conns(&self) -> std::sync::MutexGuard<'_, Vec<AbortHandle>> {
        self.conns.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A TCP proxy on `127.0.0.1:<ephemeral>` forwarding every connection to
/// one target. Dropping it stops listening and drops every connection.
pub struct Proxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: JoinHandle<()>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `target`.
    ///
    /// # Errors
    ///
    /// If it cannot bind.
    pub async fn start(target: SocketAddr) -> Result<Proxy> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .context("the proxy cannot bind a loopback port")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            conns: Mutex::new(Vec::new()),
            hold: watch::Sender::new(false),
            mute: watch::Sender::new(false),
        });
        let accept = tokio::spawn(accept_loop(listener, target, shared.clone()));
        Ok(Proxy {
            addr,
            shared,
            accept,
        })
    }

    /// Where the proxy listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page's URL through the proxy.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Connections open now (forwarding or parked).
    pub fn open_connections(&self) -> usize {
        self.shared
            .conns()
            .iter()
            .filter(|c| !c.is_finished())
            .count()
    }

    /// Stops passing on what the relay sends on the open connections: it is
    /// read but held back (and lost at the next [`Proxy::cut`]). What the
    /// page sends still reaches the relay.
    pub fn mute(&self) {
        self.shared.mute.send_replace(true);
    }

    /// Drops every open connection — the browser and the relay both see
    /// their TCP connection end, without a WebSocket close handshake — and
    /// returns how many there were. The proxy keeps listening, unmuted.
    pub fn cut(&self) -> usize {
        let dropped: Vec<AbortHandle> = std::mem::take(&mut *self.shared.conns());
        let open = dropped.iter().filter(|c| !c.is_finished()).count();
        for conn in &dropped {
            conn.abort();
        }
        // Connections made from now on are not muted. The aborted tasks are
        // dropped before they could see this and pass on what they held.
        self.shared.mute.send_replace(false);
        open
    }

    /// Parks new connections: they are accepted but not forwarded until
    /// [`Proxy::release`] (a [`Proxy::cut`] drops them too).
    pub fn hold(&self) {
        self.shared.hold.send_replace(true);
    }

    /// Lets parked and new connections through.
    pub fn release(&self) {
        self.shared.hold.send_replace(false);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accept.abort();
        for conn in self.shared.conns().drain(..) {
            conn.abort();
        }
    }
}

async fn accept_loop(listener: TcpListener, target: SocketAddr, shared: Arc<Shared>) {
    loop {
        let Ok((client, _)) = listener.accept().await else {
            // Out of descriptors or similar: the test will time out and say
            // what it waited for; keep trying rather than stop listening.
            tokio::task::yield_now().await;
            continue;
        };
        let task = tokio::spawn(forward(
            client,
            target,
            shared.hold.subscribe(),
            shared.mute.subscribe(),
        ));
        let mut conns = shared.conns();
        conns.retain(|c| !c.is_finished());
        conns.push(task.abort_handle());
    }
}

/// One connection: waits while held, then pumps both ways until both ends
/// have finished (or either fails).
async fn forward(
    client: TcpStream,
    target: SocketAddr,
    mut hold: watch::Receiver<bool>,
    mute: watch::Receiver<bool>,
) {
    if hold.wait_for(|held| !*held).await.is_err() {
        return;
    }
    let Ok(upstream) = TcpStream::connect(target).await else {
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = upstream.set_nodelay(true);
    let (client_read, client_write) = client.into_split();
    let (upstream_read, upstream_write) = upstream.into_split();
    let _ = tokio::try_join!(
        pump(client_read, upstream_write, None),
        pump(upstream_read, client_write, Some(mute)),
    );
}

/// Copies `from` to `to` until end of stream, then shuts `to` down. With
/// `mute`, bytes read while it is true are held until it turns false.
async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    mut mute: Option<watch::Receiver<bool>>,
) -> std::io::Result<()> {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = from.read(&mut buf).await?;
        if n == 0 {
            return to.shutdown().await;
        }
        if let Some(mute) = mute.as_mut() {
            if mute.wait_for(|muted| !*muted).await.is_err() {
                return Ok(());
            }
        }
        to.write_all(&buf[..n]).await?;
    }
}
