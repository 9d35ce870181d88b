//! C20: a closed descriptor's number is handed out again. Alone in its own
//! test binary, because any other test in the same process could take the
//! freed number first.

mod common;

use common::*;
use shared::*;

#[tokio::test]
async fn closed_descriptor_numbers_are_reused() {
    let h = Harness::start().await;
    let mut c = h.client().await;
    let Value::Socket(a) = c
        .ok(Op::Socket {
            family: Family::Inet,
            kind: SockType::Stream,
        })
        .await
    else {
        panic!()
    };
    c.close(a.id).await;
    let Value::Socket(b) = c
        .ok(Op::Socket {
            family: Family::Inet,
            kind: SockType::Stream,
        })
        .await
    else {
        panic!()
    };
    assert_ne!(a.id, b.id, "handles are never reused");
    assert_eq!(
        a.fd, b.fd,
        "the kernel hands out the lowest free descriptor again"
    );
}
