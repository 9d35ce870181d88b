//! Behind a trusted reverse proxy, per-address limits count the clients the
//! proxy names in `X-Forwarded-For`, not the proxy; from anyone else the
//! header is ignored. The "proxy" here is this test on 127.0.0.1.

mod common;

use common::{Client, Harness};
use relay::Config;
use shared::{Encoding, Rejection};
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::http::HeaderValue;

/// Opens a WebSocket claiming to forward for `client`, and returns the
/// relay's answer to hello: the session, or why not.
async fn session_for(relay: &Harness, client: Option<&str>) -> Result<Client, Rejection> {
    let mut request = relay.ws_url().into_client_request().expect("request");
    if let Some(c) = client {
        request
            .headers_mut()
            .insert("x-forwarded-for", HeaderValue::from_str(c).expect("header"));
    }
    let (ws, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("ws connects");
    Client::greet_or_refused(ws, Encoding::MessagePack).await
}

#[tokio::test]
async fn a_trusted_proxys_clients_each_get_their_own_quota() {
    let mut config = Config::for_tests();
    config.limits.max_sessions_per_ip = 1;
    config.trusted_proxies = vec!["127.0.0.1".parse().expect("net")];
    let relay = Harness::start_with(config).await;
    let _a = session_for(&relay, Some("198.51.100.1"))
        .await
        .expect("first student");
    let _b = session_for(&relay, Some("198.51.100.2"))
        .await
        .expect("second student, same proxy");
    let again = session_for(&relay, Some("203.0.113.5, 198.51.100.1")).await;
    assert!(
        matches!(&again, Err(Rejection::Limit { limit, .. }) if limit == "sessions_per_ip"),
        "the first student again (a forged left part does not help): {:?}",
        again.as_ref().err()
    );
    relay.stop().await.expect("stops");
}

#[tokio::test]
async fn an_untrusted_peers_header_is_ignored() {
    let mut config = Config::for_tests();
    config.limits.max_sessions_per_ip = 1;
    let relay = Harness::start_with(config).await;
    let _a = session_for(&relay, Some("198.51.100.1"))
        .await
        .expect("first");
    let second = session_for(&relay, Some("198.51.100.2")).await;
    assert!(
        matches!(&second, Err(Rejection::Limit { limit, .. }) if limit == "sessions_per_ip"),
        "the header must not split one address into many: {:?}",
        second.as_ref().err()
    );
    relay.stop().await.expect("stops");
}
