//! The deployment examples in `deploy/` agree with the relay: the
//! Kubernetes manifest routes each relay id to its pod, and a relay reached
//! on another relay's path (a misrouted proxy) says so. The nginx example
//! runs for real in `e2e/tests/several_relays.rs`.

mod common;

use common::{Client, Harness};
use relay::Config;
use shared::*;
use std::path::Path;

async fn relay(id: char) -> Harness {
    let mut config = Config::for_tests();
    config.relay_id = Some(id);
    config.trusted_proxies = vec!["127.0.0.1".parse().expect("net")];
    Harness::start_with(config).await
}

/// `GET path` from 127.0.0.1:`port`: status line and body.
async fn get(port: u16, path: &str) -> (String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
    .await
    .expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).await.expect("read");
    let status = out.lines().next().unwrap_or_default().to_string();
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn a_relay_reached_on_another_relays_path_says_the_proxy_is_misrouted() {
    let a = relay('A').await;
    let (status, body) = get(a.addr.port(), "/relay/C/ws").await;
    assert!(status.contains(" 421 "), "{status}");
    assert!(body.contains("this is relay A, not relay C"), "{body}");
    // Anything else in the path is not echoed back.
    let (status, body) = get(a.addr.port(), "/relay/%3Cb%3Ehi/metrics").await;
    assert!(status.contains(" 421 "), "{status}");
    assert!(
        body.contains("not another relay") && !body.contains("<b>"),
        "{body}"
    );
    // Its own path is its WebSocket.
    let mut c = Client::connect(
        &format!("ws://{}/relay/A/ws", a.addr),
        Encoding::MessagePack,
    )
    .await;
    assert_eq!(c.hello.relay_id.as_deref(), Some("A"));
    c.answer(Op::Getdefaulttimeout).await.expect("an op runs");
}

/// The Kubernetes example's per-pod Services and Ingress paths agree with
/// the relay ids the pods take from their index (`--relay-id N`): pod N's
/// Service is `socket-playground-<id>` and `/relay/<ID>` goes to it.
#[test]
fn the_kubernetes_example_routes_each_relay_id_to_its_pod() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/kubernetes/socket-playground.yaml");
    let text = std::fs::read_to_string(path).expect("the example manifest");
    let replicas: usize = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("replicas:")?.trim().parse().ok())
        .expect("replicas");
    for pod in 0..replicas {
        let id = relay::rooms::code::parse_relay_id(&pod.to_string()).expect("an id");
        let service = format!("socket-playground-{}", id.to_ascii_lowercase());
        let selects = format!("pod-name: socket-playground-{pod} }}");
        let block = text
            .split("---")
            .find(|doc| doc.contains(&format!("name: {service}\n")))
            .unwrap_or_else(|| panic!("no Service {service} for pod {pod}"));
        assert!(
            block.contains(&selects),
            "{service} selects pod {pod}: {block}"
        );
        let route = format!("- path: /relay/{id}\n            pathType: Prefix\n            backend: {{ service: {{ name: {service},");
        assert!(
            text.contains(&route),
            "the Ingress sends /relay/{id} to {service}"
        );
    }
}
