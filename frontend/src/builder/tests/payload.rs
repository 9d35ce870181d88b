use crate::builder::payload::is_bytes_literal;
use crate::builder::*;

fn ok(b: &[u8]) -> Result<&[u8], &str> {
    Ok(b)
}

/// Each input decodes to what CPython 3.11 gives for `s.send(<input>)`,
/// or fails with the `SyntaxError` it raises (checked with python3).
#[test]
fn bytes_literals_decode_as_cpython_does() {
    let table: &[(&str, Result<&[u8], &str>)] = &[
        ("b'hello'", ok(b"hello")),
        ("b'hello\\n'", ok(b"hello\x0a")),
        ("b\"it\\'s\"", ok(b"it's")),
        ("B'x'", ok(b"x")),
        ("b''", ok(b"")),
        ("b'\\x00\\xff\\x7F'", ok(b"\x00\xff\x7f")),
        ("b'\\\\'", ok(b"\x5c")),
        ("b'\\'\\\"'", ok(b"'\x22")),
        (
            "b'\\a\\b\\f\\n\\r\\t\\v'",
            ok(b"\x07\x08\x0c\x0a\x0d\x09\x0b"),
        ),
        ("b'\\0'", ok(b"\x00")),
        ("b'\\08'", ok(b"\x008")),
        ("b'\\1234'", ok(b"S4")),
        ("b'\\777'", ok(b"\xff")),
        ("b'\\400'", ok(b"\x00")),
        ("b'\\101\\102'", ok(b"AB")),
        ("b'\\q'", ok(b"\x5cq")),
        ("b'\\N{DASH}'", ok(b"\x5cN{DASH}")),
        ("b'\\u1234'", ok(b"\x5cu1234")),
        ("b'\\X41'", ok(b"\x5cX41")),
        ("b'\\8\\9'", ok(b"\x5c8\x5c9")),
        ("b'a\\\nb'", ok(b"ab")),
        ("b'''a\nb'''", ok(b"a\x0ab")),
        ("b'''a\r\nb'''", ok(b"a\x0ab")),
        ("b'''a\rb'''", ok(b"a\x0ab")),
        ("b'a\\\r\nb'", ok(b"ab")),
        ("rb'\\x4'", ok(b"\x5cx4")),
        ("Rb'\\q'", ok(b"\x5cq")),
        ("bR'\\''", ok(b"\x5c'")),
        ("BR'\\n'", ok(b"\x5cn")),
        ("br'a\\\nb'", ok(b"a\x5c\x0ab")),
        ("b'a' b'b'", ok(b"ab")),
        ("b'a'b'b'", ok(b"ab")),
        ("b'a'\n  b'b'", ok(b"ab")),
        ("b'a' # greeting\nb'b'", ok(b"ab")),
        ("b'a'\\\nb'b'", ok(b"ab")),
        ("b'a' rb'\\x4'", ok(b"a\x5cx4")),
        ("b'''x''' b\"y\"", ok(b"xy")),
        ("  b'x'  ", ok(b"x")),
        ("\nb'x'\n", ok(b"x")),
        ("b'x' # comment", ok(b"x")),
        (
            "b'\\x4'",
            Err(r#"SyntaxError: (value error) invalid \x escape at position 0"#),
        ),
        (
            "b'ab\\x4g'",
            Err(r#"SyntaxError: (value error) invalid \x escape at position 2"#),
        ),
        (
            "b'\\x'",
            Err(r#"SyntaxError: (value error) invalid \x escape at position 0"#),
        ),
        (
            "b'\\xZZ'",
            Err(r#"SyntaxError: (value error) invalid \x escape at position 0"#),
        ),
        (
            "b'\\xg0'",
            Err(r#"SyntaxError: (value error) invalid \x escape at position 0"#),
        ),
        (
            "b'''ab\\x4'''",
            Err(r#"SyntaxError: (value error) invalid \x escape at position 2"#),
        ),
        (
            "b'\\\n\\x4'",
            Err(r#"SyntaxError: (value error) invalid \x escape at position 2"#),
        ),
        (
            "b'a' b'\\x1'",
            Err(r#"SyntaxError: (value error) invalid \x escape at position 0"#),
        ),
        (
            "b'é'",
            Err("SyntaxError: bytes can only contain ASCII literal characters"),
        ),
        (
            "b'\\xé'",
            Err("SyntaxError: bytes can only contain ASCII literal characters"),
        ),
        (
            "b'é' b'\\x4'",
            Err("SyntaxError: bytes can only contain ASCII literal characters"),
        ),
        (
            "b'\\x4' b'é'",
            Err(r#"SyntaxError: (value error) invalid \x escape at position 0"#),
        ),
        (
            "rb'é'",
            Err("SyntaxError: bytes can only contain ASCII literal characters"),
        ),
        (
            "b'abc",
            Err("SyntaxError: unterminated string literal (detected at line 1)"),
        ),
        (
            "b'''abc",
            Err("SyntaxError: unterminated triple-quoted string literal (detected at line 1)"),
        ),
        (
            "b'a\nb'",
            Err("SyntaxError: unterminated string literal (detected at line 1)"),
        ),
        (
            "b'a\\",
            Err("SyntaxError: unterminated string literal (detected at line 1)"),
        ),
        (
            "rb'\\'",
            Err("SyntaxError: unterminated string literal (detected at line 1)"),
        ),
        (
            "b'''a\n",
            Err("SyntaxError: unterminated triple-quoted string literal (detected at line 1)"),
        ),
        (
            "b'''a\n\n",
            Err("SyntaxError: unterminated triple-quoted string literal (detected at line 2)"),
        ),
        (
            "b'''a\nb",
            Err("SyntaxError: unterminated triple-quoted string literal (detected at line 2)"),
        ),
        (
            "\n\nb'a",
            Err("SyntaxError: unterminated string literal (detected at line 3)"),
        ),
        (
            "b'a\\\nb",
            Err("SyntaxError: unterminated string literal (detected at line 2)"),
        ),
        (
            "b'x' b'",
            Err("SyntaxError: unterminated string literal (detected at line 1)"),
        ),
        (
            "b'\\x1' b'a",
            Err("SyntaxError: unterminated string literal (detected at line 1)"),
        ),
        (
            "b'''a''''",
            Err("SyntaxError: unterminated string literal (detected at line 1)"),
        ),
        (
            "b''''",
            Err("SyntaxError: unterminated triple-quoted string literal (detected at line 1)"),
        ),
        (
            "b'a' 'b'",
            Err("SyntaxError: cannot mix bytes and nonbytes literals"),
        ),
        (
            "b'a' u'b'",
            Err("SyntaxError: cannot mix bytes and nonbytes literals"),
        ),
        (
            "b'a' f'b'",
            Err("SyntaxError: cannot mix bytes and nonbytes literals"),
        ),
        (
            "b'é' 'b'",
            Err("SyntaxError: bytes can only contain ASCII literal characters"),
        ),
        (
            "b'\\x4' 'b'",
            Err(r#"SyntaxError: (value error) invalid \x escape at position 0"#),
        ),
        (
            "b'a\0'",
            Err("SyntaxError: source code string cannot contain null bytes"),
        ),
    ];
    for &(input, expected) in table {
        let got = parse_payload(input, PayloadFormat::Text);
        assert!(is_bytes_literal(input), "{input:?}");
        match expected {
            Ok(bytes) => assert_eq!(got.as_deref(), Ok(bytes), "{input:?}"),
            Err(msg) => assert_eq!(got, Err(InputError(msg.into())), "{input:?}"),
        }
    }
}

#[test]
fn text_after_the_literal_is_refused_after_the_literals_own_errors() {
    let err = |input: &str| match parse_payload(input, PayloadFormat::Text) {
        Err(InputError(m)) => m,
        Ok(b) => panic!("{input:?} gave {b:?}"),
    };
    assert_eq!(
        err("b'x' y"),
        r#"unexpected "y" after the bytes literal: only more bytes literals may follow (b'a' b'b' is b'ab')"#
    );
    assert_eq!(
        err("b'hi'.upper() + more text"),
        r#"unexpected ".upper() + m"… after the bytes literal: only more bytes literals may follow (b'a' b'b' is b'ab')"#
    );
    // CPython decodes the literal before it looks at what follows…
    assert_eq!(
        err(r"b'\x4' x"),
        r"SyntaxError: (value error) invalid \x escape at position 0"
    );
    // …but tokenizes everything first, so an unterminated string wins.
    assert_eq!(
        err(r"b'\x4' x b'"),
        "SyntaxError: unterminated string literal (detected at line 1)"
    );
    assert_eq!(
        err("b'a' x # it's"),
        r#"unexpected "x # it's" after the bytes literal: only more bytes literals may follow (b'a' b'b' is b'ab')"#
    );
    // A stray backslash right after the literals is the tokenizer's error,
    // before anything is decoded: `b'hello'\n` is a common slip.
    for input in [r"b'hello'\n", r"b'\x4' \q '", "b'x'\\", r"b'a' 'b' \q"] {
        assert_eq!(
            err(input),
            "SyntaxError: unexpected character after line continuation character",
            "{input:?}"
        );
    }
    // Further on, a stray backslash ends CPython's tokenizing: the quote
    // after it is never read.
    assert_eq!(
        err(r#"b'\x4' x \" "#),
        r"SyntaxError: (value error) invalid \x escape at position 0"
    );
}

#[test]
fn other_text_is_sent_as_utf8() {
    for input in [
        "hello",
        "héllo wörld\n",
        "'b'",
        "b",
        "bytes",
        "rb",
        "ub'x'",
        "f'x'",
        "'''b'''",
        "a b'x'",
        "",
        "\\x41",
    ] {
        assert!(!is_bytes_literal(input), "{input:?}");
        assert_eq!(
            parse_payload(input, PayloadFormat::Text).as_deref(),
            Ok(input.as_bytes()),
            "{input:?}"
        );
    }
    assert!(is_bytes_literal("b'"));
    assert!(is_bytes_literal("\n  rB\"x\""));
}

#[test]
fn hex_reads_digit_pairs() {
    let table: &[(&str, &[u8])] = &[
        ("68 69 0a", b"hi\n"),
        ("68690A", b"hi\n"),
        ("0x68 0x69 0x0a", b"hi\n"),
        ("0X68,0x69, 0a", b"hi\n"),
        ("68:69:0a", b"hi\n"),
        ("  68\n69\t0a  ", b"hi\n"),
        ("0x6869", b"hi"),
        ("00 ff 7F", b"\x00\xff\x7f"),
        ("", b""),
        ("   ", b""),
    ];
    for &(input, bytes) in table {
        assert_eq!(
            parse_payload(input, PayloadFormat::Hex).as_deref(),
            Ok(bytes),
            "{input:?}"
        );
    }
}

#[test]
fn bad_hex_says_what_is_wrong() {
    let table = [
        (
            "6",
            r#""6" has an odd number of hex digits: each byte takes two, e.g. 0a for 10"#,
        ),
        (
            "68 690",
            r#""690" has an odd number of hex digits: each byte takes two, e.g. 0a for 10"#,
        ),
        (
            "0x4 0x5",
            r#""0x4" has an odd number of hex digits: each byte takes two, e.g. 0a for 10"#,
        ),
        (
            "6g",
            "'g' is not a hex digit: use 0-9 and a-f, e.g. 68 69 0a",
        ),
        (
            "hi",
            "'h' is not a hex digit: use 0-9 and a-f, e.g. 68 69 0a",
        ),
        ("68 0x", r#""0x" needs hex digits after it, e.g. 0x0a"#),
        (
            "68-69",
            "'-' is not a hex digit: use 0-9 and a-f, e.g. 68 69 0a",
        ),
    ];
    for (input, msg) in table {
        assert_eq!(
            parse_payload(input, PayloadFormat::Hex),
            Err(InputError(msg.into())),
            "{input:?}"
        );
    }
}

#[test]
fn describe_says_how_many_bytes_and_how_they_were_read() {
    use PayloadFormat::{Hex, Text};
    let table = [
        (r"b'hello\n'", Text, "6 bytes (bytes literal)"),
        (r"b'GET / HTTP/1.0\r\n'", Text, "16 bytes (bytes literal)"),
        ("b''", Text, "0 bytes (bytes literal)"),
        (r"b'\x00'", Text, "1 byte (bytes literal)"),
        ("hello", Text, "5 bytes (UTF-8 text)"),
        ("", Text, "0 bytes (UTF-8 text)"),
        ("héllo", Text, "6 bytes (UTF-8 text: 5 characters)"),
        ("é", Text, "2 bytes (UTF-8 text: 1 character)"),
        ("68 69", Hex, "2 bytes (hex)"),
        ("ff", Hex, "1 byte (hex)"),
        (
            r"b'\x4'",
            Text,
            r"SyntaxError: (value error) invalid \x escape at position 0",
        ),
        (
            "abc",
            Hex,
            r#""abc" has an odd number of hex digits: each byte takes two, e.g. 0a for 10"#,
        ),
    ];
    for (input, format, expected) in table {
        assert_eq!(describe(input, format), expected, "{input:?} as {format:?}");
    }
}

#[test]
fn the_default_format_is_text() {
    assert_eq!(PayloadFormat::default(), PayloadFormat::Text);
}

#[test]
fn a_repeated_literal_builds_a_large_buffer() {
    let b = parse_payload("b'ab' * 3", PayloadFormat::Text);
    assert_eq!(b, Ok(b"ababab".to_vec()));
    let big = parse_payload("b'x'*1000000", PayloadFormat::Text).unwrap_or_default();
    assert_eq!(big.len(), 1_000_000);
    assert_eq!(
        describe("b'x' * 1000000", PayloadFormat::Text),
        "1000000 bytes (bytes literal × 1000000)"
    );
    // A star inside the literal is just a byte.
    assert_eq!(
        parse_payload("b'*' * 2", PayloadFormat::Text),
        Ok(b"**".to_vec())
    );
    assert_eq!(
        parse_payload("b'a*2'", PayloadFormat::Text),
        Ok(b"a*2".to_vec())
    );
    // Too much for the page, and a bad count, say so.
    let too_big = parse_payload("b'x' * 99999999999", PayloadFormat::Text);
    assert!(
        matches!(&too_big, Err(e) if e.0.contains("at most")),
        "{too_big:?}"
    );
    assert!(parse_payload("b'x' * y", PayloadFormat::Text).is_err());
    // Plain text with a star is still plain text.
    assert_eq!(
        parse_payload("a * 3", PayloadFormat::Text),
        Ok(b"a * 3".to_vec())
    );
}
