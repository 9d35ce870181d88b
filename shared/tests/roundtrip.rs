//! Every protocol type survives both encodings unchanged, and bad frames are
//! classified (unknown op versus malformed) with their id when readable.

use shared::codec::{self, decode_command, encode_command, OP_NAMES};
use shared::*;

use shared::samples::{every_body, every_op};

#[test]
fn every_command_round_trips_in_both_encodings() {
    for (i, op) in every_op().into_iter().enumerate() {
        assert!(OP_NAMES.contains(&op.name()), "{} missing", op.name());
        let cmd = Command {
            id: i as u64,
            op,
            seen: (i % 2 == 0).then_some(i as u64),
            origin: None,
        };
        for enc in [Encoding::Json, Encoding::MessagePack] {
            let bytes = encode_command(enc, &cmd).expect("encodes");
            let back = decode_command(enc, &bytes).expect("decodes");
            assert_eq!(back, cmd, "{enc:?}");
        }
    }
}

#[test]
fn every_event_round_trips_in_both_encodings() {
    for (i, body) in every_body().into_iter().enumerate() {
        let ev = Event {
            seq: i as u64 + 1,
            body,
        };
        for enc in [Encoding::Json, Encoding::MessagePack] {
            let bytes = codec::encode_event(enc, &ev).expect("encodes");
            let back = codec::decode_event(enc, &bytes).expect("decodes");
            assert_eq!(back, ev, "{enc:?}");
        }
    }
}

#[test]
fn msgpack_payloads_are_not_inflated() {
    let cmd = Command::new(
        1,
        Op::Sendall {
            sock: SocketId(1),
            data: Payload(vec![0xAB; 1 << 20]),
        },
    );
    let bytes = encode_command(Encoding::MessagePack, &cmd).expect("encodes");
    assert!(bytes.len() < (1 << 20) + 64, "{} bytes", bytes.len());
}

#[test]
fn json_is_readable_by_hand() {
    let json = r#"{"id":7,"op":{"connect":{"sock":1,"addr":{"host":"127.0.0.1","port":7007}}}}"#;
    let cmd = decode_command(Encoding::Json, json.as_bytes()).expect("decodes");
    assert_eq!(
        cmd.op,
        Op::Connect {
            sock: SocketId(1),
            addr: Address::new("127.0.0.1", 7007)
        }
    );
    let unit = decode_command(Encoding::Json, br#"{"id":8,"op":"gethostname"}"#).expect("decodes");
    assert_eq!(unit.op, Op::Gethostname);
}

#[test]
fn unknown_ops_and_malformed_frames_are_told_apart() {
    let e = decode_command(Encoding::Json, br#"{"id":3,"op":{"fly":{"sock":1}}}"#)
        .expect_err("unknown op");
    assert_eq!(e.id, Some(3));
    assert_eq!(e.reason, Rejection::UnknownOp { name: "fly".into() });

    let e = decode_command(Encoding::Json, br#"{"id":4,"op":{"recv":{"sock":"x"}}}"#)
        .expect_err("bad field");
    assert_eq!(e.id, Some(4));
    assert!(matches!(e.reason, Rejection::Malformed { .. }), "{e:?}");

    let e = decode_command(Encoding::Json, b"not json at all").expect_err("junk");
    assert_eq!(e.id, None);
    assert!(matches!(e.reason, Rejection::Malformed { .. }));

    let e = decode_command(Encoding::MessagePack, &[0xc1, 0xff, 0x00]).expect_err("binary junk");
    assert!(matches!(e.reason, Rejection::Malformed { .. }));

    let e = decode_command(
        Encoding::Json,
        br#"{"id":5,"op":{"bind":{"sock":1,"addr":{"host":"","port":1e30}}}}"#,
    )
    .expect_err("huge port");
    assert_eq!(e.id, Some(5));
}

#[test]
fn rejections_read_well() {
    assert_eq!(
        Rejection::UnknownSocket { sock: SocketId(4) }.to_string(),
        "no socket s4 in this session"
    );
    assert_eq!(
        Rejection::Policy { detail: "x".into() }.to_string(),
        "refused by relay policy: x"
    );
}

#[test]
fn echoed_client_text_is_kept_short() {
    let long = "x".repeat(100_000);
    let frame = format!(r#"{{"id":1,"op":{{"{long}":{{}}}}}}"#);
    let e = decode_command(Encoding::Json, frame.as_bytes()).expect_err("unknown op");
    let Rejection::UnknownOp { name } = e.reason else {
        panic!("{e:?}")
    };
    assert!(name.len() <= 64 + '…'.len_utf8(), "{}", name.len());
    let frame = format!(r#"{{"id":1,"op":{{"recv":{{"sock":"{long}"}}}}}}"#);
    let e = decode_command(Encoding::Json, frame.as_bytes()).expect_err("malformed");
    assert!(
        e.reason.to_string().len() < 400,
        "{}",
        e.reason.to_string().len()
    );
}
