//! `echo` over UDP (RFC 862): sends every datagram straight back to its
//! sender, whole (C3, C21). Datagram boundaries survive: three `sendto`s
//! come back as three `recvfrom`s of the same sizes.
//!
//! # Activity and `conn`
//!
//! UDP has no connections, so activity is grouped *per peer address*, as
//! [`shared::ServiceActivity::conn`] documents: the first datagram from an
//! address opens a "conversation" (`Opened`, a new `conn` number), each
//! datagram adds to its `Received`/`Sent`, and after the peer is quiet for
//! the UDP peer timeout (60 s by default) it is `Closed` with its totals. At
//! most 256 peers are tracked (the longest-quiet one is closed to make room),
//! and shutdown closes them all. Nothing of this delays a reply: counts are
//! coalesced like TCP's and flushed whenever the socket has nothing queued.
//!
//! There is no byte cap: a reply is never larger than its request and the
//! socket is bound to a loopback address, so it cannot amplify anything.

use super::activity::Reporter;
use super::Ctx;
use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::UdpSocket;
use tokio::time::{Instant, MissedTickBehavior};
use tracing::debug;

/// The service's name in activity events.
const NAME: &str = "echo";
/// Large enough for any UDP payload (65,507 bytes over IPv4).
const BUF_SIZE: usize = 64 * 1024;
/// Pause after an unexpected receive error, so a persistent one cannot spin.
const ERROR_PAUSE: Duration = Duration::from_millis(20);

/// One peer address's conversation.
struct Peer {
    /// Its reporter (`Opened` sent at creation, `Closed` when dropped).
    report: Reporter,
    /// When its last datagram arrived, for the quiet timeout.
    last: Instant,
}

/// Serves datagrams on `socket` until shutdown.
pub(crate) async fn serve(socket: UdpSocket, ctx: Arc<Ctx>) {
    let mut buf = vec![0u8; BUF_SIZE];
    let mut peers: HashMap<SocketAddr, Peer> = HashMap::new();
    let quiet = ctx.limits.udp_peer_idle;
    let mut sweep = tokio::time::interval((quiet / 2).max(Duration::from_millis(10)));
    sweep.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        match socket.try_recv_from(&mut buf) {
            Ok((n, from)) => {
                let peer = peer_entry(&mut peers, from, &ctx);
                peer.report.received(n);
                // Whole or not at all: UDP has no partial sends, so a reply
                // waits for room in the send buffer rather than being cut.
                let sent = tokio::select! {
                    _ = ctx.shutdown.cancelled() => break,
                    sent = socket.send_to(&buf[..n], from) => sent,
                };
                match sent {
                    Ok(m) => peer.report.sent(m),
                    Err(err) => debug!(service = NAME, %from, cause = %err, "reply failed"),
                }
                tokio::task::coop::consume_budget().await;
                continue;
            }
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                peers.values_mut().for_each(|p| p.report.flush());
            }
            Err(err) => {
                // E.g. an ICMP error queued on the socket: not fatal.
                debug!(service = NAME, cause = %err, "recvfrom failed");
                tokio::time::sleep(ERROR_PAUSE).await;
            }
        }
        tokio::select! {
            _ = ctx.shutdown.cancelled() => break,
            _ = sweep.tick() => {
                let now = Instant::now();
                // Dropping a `Peer` emits its `Closed`.
                peers.retain(|_, p| now.duration_since(p.last) < quiet);
            }
            ready = socket.readable() => {
                if let Err(err) = ready {
                    debug!(service = NAME, cause = %err, "readable failed");
                    tokio::time::sleep(ERROR_PAUSE).await;
                }
            }
        }
    }
    debug!(service = NAME, peers = peers.len(), "udp echo stopped");
    // Dropping `peers` closes every conversation.
}

/// The peer's conversation, opened if new; evicts the quietest peer when
/// the table is full.
fn peer_entry<'a>(
    peers: &'a mut HashMap<SocketAddr, Peer>,
    from: SocketAddr,
    ctx: &Ctx,
) -> &'a mut Peer {
    let now = Instant::now();
    if !peers.contains_key(&from) && peers.len() >= ctx.limits.udp_peers.max(1) {
        let quietest = peers.iter().min_by_key(|(_, p)| p.last).map(|(a, _)| *a);
        if let Some(addr) = quietest {
            peers.remove(&addr);
        }
    }
    let peer = peers.entry(from).or_insert_with(|| Peer {
        report: Reporter::open(ctx.activity.clone(), NAME, from),
        last: now,
    });
    peer.last = now;
    peer
}
