//! The HTTP side: the page, the WebSocket endpoint, health and metrics.
//!
//! [`app`] builds the router from state alone, so tests can drive it with
//! `oneshot` and no socket; [`crate::Relay`] serves it.

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::{ConnectInfo, Path, State, WebSocketUpgrade};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::env::RelayEnv;
use crate::limits::SessionQuota;
use crate::session::registry::Registry;

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    /// Configuration, policy, metrics.
    pub env: Arc<RelayEnv>,
    /// Live sessions by resume token.
    pub registry: Arc<Registry>,
    /// Session counts in total and per client address.
    pub quota: Arc<SessionQuota>,
    /// The services' activity, for sessions that watch it.
    pub activity: broadcast::Sender<shared::ServiceActivity>,
    /// The services, as `hello` lists them.
    pub services: Arc<Vec<shared::ServiceInfo>>,
    /// Cancelled when the relay stops.
    pub shutdown: CancellationToken,
    /// Every session and connection task, so shutdown can wait for them.
    pub tracker: TaskTracker,
    /// Numbers connections for logs.
    pub next_conn: Arc<AtomicU64>,
}

/// The router: `/ws`, `/healthz`, `/metrics`, and the page for the rest.
pub fn app(state: AppState) -> Router {
    // The page's wasm shrinks to a third with gzip; the WebSocket is not
    // compressed (its frames are already compact, and upgrades have no body).
    let page = crate::page::router(state.env.config.page_dir.clone())
        .layer(tower_http::compression::CompressionLayer::new());
    Router::new()
        .route("/ws", get(ws))
        .route("/relay/{id}/ws", get(ws_on_relay))
        .route("/relay/{id}/healthz", get(healthz_on_relay))
        .route("/relay/{id}/metrics", get(metrics_on_relay))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .with_state(state)
        .merge(page)
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        {
            let (rooms, members) = state.env.rooms.counts();
            let mut text = state.env.metrics.render();
            text.push_str(&format!(
                "# HELP playground_relay_info This relay: its id in a group behind one proxy (empty when alone) and version.\n# TYPE playground_relay_info gauge\nplayground_relay_info{{relay_id=\"{}\",version=\"{}\"}} 1\n",
                state.env.config.relay_id.map(String::from).unwrap_or_default(),
                env!("CARGO_PKG_VERSION")
            ));
            text.push_str(&format!(
                "# HELP playground_rooms Rooms open.\n# TYPE playground_rooms gauge\nplayground_rooms {rooms}\n\
                 # HELP playground_room_members Members of all rooms.\n# TYPE playground_room_members gauge\nplayground_room_members {members}\n"
            ));
            text
        },
    )
        .into_response()
}

/// `/relay/<id>/healthz`: `/healthz` on the path a proxy routes to relay
/// `<id>`, so an operator can check each relay through the proxy.
async fn healthz_on_relay(Path(id): Path<String>, state: State<AppState>) -> Response {
    match misrouted(&state, &id) {
        Some(refusal) => refusal,
        None => healthz().await.into_response(),
    }
}

/// `/relay/<id>/metrics`: that relay's `/metrics` through the proxy.
async fn metrics_on_relay(Path(id): Path<String>, state: State<AppState>) -> Response {
    match misrouted(&state, &id) {
        Some(refusal) => refusal,
        None => metrics(state).await,
    }
}

/// A 421 when `/relay/<id>/…` reached a relay whose id is not `<id>`: the
/// proxy is misconfigured, and serving would hide it.
fn misrouted(state: &AppState, id: &str) -> Option<Response> {
    let mine = state.env.config.relay_id?;
    if id.eq_ignore_ascii_case(&mine.to_string()) {
        return None;
    }
    state.env.metrics.refusal("misrouted");
    // Echo the path's id only when it could be one: it is the client's text.
    let asked = match crate::rooms::code::parse_relay_id(id) {
        Ok(c) if id.len() == 1 => format!("relay {c}"),
        _ => "another relay".to_string(),
    };
    let msg = format!(
        "this is relay {mine}, not {asked}: the reverse proxy sent that path to the wrong relay (see the README's \"Several relays\")\n"
    );
    Some((StatusCode::MISDIRECTED_REQUEST, msg).into_response())
}

/// `/relay/<id>/ws`: the same WebSocket, on a path a reverse proxy routes
/// to relay `<id>` (a room's members, a page resuming its session). A relay
/// with another id was reached by a misconfigured proxy and says so rather
/// than serving a session that cannot find its room.
async fn ws_on_relay(
    Path(id): Path<String>,
    state: State<AppState>,
    peer: ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    // Not yet required: a misrouted plain GET gets the 421 below too.
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    if let Some(refusal) = misrouted(&state, &id) {
        return refusal;
    }
    match upgrade {
        Ok(upgrade) => ws(state, peer, headers, upgrade).await,
        Err(rejection) => rejection.into_response(),
    }
}

async fn ws(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if !origin_allowed(origin, host, &state.env.config.allowed_origins) {
        state.env.metrics.refusal("origin");
        let msg = format!(
            "WebSocket refused: Origin {} is not this relay's page; an operator can allow it with --allow-origin\n",
            origin.unwrap_or("?")
        );
        return (StatusCode::FORBIDDEN, msg).into_response();
    }
    if state.shutdown.is_cancelled() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the relay is shutting down\n",
        )
            .into_response();
    }
    let max = state.env.config.limits.max_message as usize;
    let tracker = state.tracker.clone();
    let client = crate::proxy::client_ip(
        peer.ip(),
        headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()),
        &state.env.config.trusted_proxies,
    );
    // tungstenite zero-fills its whole read buffer before each read: the
    // 128 KiB default made every idle session cost ~145 KiB of RSS.
    upgrade
        .read_buffer_size(16 * 1024)
        .max_message_size(max)
        .max_frame_size(max)
        .on_upgrade(move |socket| {
            tracker.track_future(crate::session::connection::serve(socket, state, client))
        })
}

/// The WebSocket upgrade's Origin check. Browsers always send `Origin`, so
/// a page from another site cannot drive a learner's relay (cross-site
/// WebSocket hijacking); tools like `websocat` send none and are allowed.
/// Same origin means the Origin's `host[:port]` equals the `Host` header.
pub fn origin_allowed(origin: Option<&str>, host: Option<&str>, allowed: &[String]) -> bool {
    let Some(origin) = origin else { return true };
    let origin = origin.trim_end_matches('/');
    if allowed
        .iter()
        .any(|a| a.trim_end_matches('/').eq_ignore_ascii_case(origin))
    {
        return true;
    }
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    match (authority, host) {
        (Some(a), Some(h)) => a.eq_ignore_ascii_case(h),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_origin_and_listed_origins_pass() {
        assert!(origin_allowed(None, Some("127.0.0.1:8080"), &[]));
        assert!(origin_allowed(
            Some("http://127.0.0.1:8080"),
            Some("127.0.0.1:8080"),
            &[]
        ));
        assert!(origin_allowed(
            Some("https://class.example.org"),
            Some("class.example.org"),
            &[]
        ));
        assert!(!origin_allowed(
            Some("http://evil.example"),
            Some("127.0.0.1:8080"),
            &[]
        ));
        assert!(!origin_allowed(
            Some("http://127.0.0.1:9999"),
            Some("127.0.0.1:8080"),
            &[]
        ));
        assert!(!origin_allowed(Some("null"), Some("127.0.0.1:8080"), &[]));
        let allowed = vec!["http://localhost:5173".to_string()];
        assert!(origin_allowed(
            Some("http://localhost:5173"),
            Some("127.0.0.1:8080"),
            &allowed
        ));
    }
}
