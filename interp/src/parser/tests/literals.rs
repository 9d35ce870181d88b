//! Numbers, strings, bytes, escapes and f-strings.

use super::{dump_parts, expr_of, show, syntax_err};
use crate::ast::{Const, ExprKind};

fn constant(src: &str) -> Const {
    match expr_of(src).kind {
        ExprKind::Const(c) => c,
        other => panic!("{src:?} is not a constant: {other:?}"),
    }
}

fn string(src: &str) -> String {
    match constant(src) {
        Const::Str(s) => s,
        other => panic!("{src:?} is not a str: {other:?}"),
    }
}

fn bytes(src: &str) -> Vec<u8> {
    match constant(src) {
        Const::Bytes(b) => b,
        other => panic!("{src:?} is not bytes: {other:?}"),
    }
}

fn fstring(src: &str) -> String {
    match expr_of(src).kind {
        ExprKind::FString(parts) => dump_parts(&parts),
        other => panic!("{src:?} is not an f-string: {other:?}"),
    }
}

#[test]
fn integers() {
    for (src, v) in [
        ("0", 0),
        ("7", 7),
        ("1_000_000", 1_000_000),
        ("0x1F", 31),
        ("0XfF", 255),
        ("0o17", 15),
        ("0b1010", 10),
        ("0b_1010", 10),
        ("00", 0),
        ("9223372036854775807", i64::MAX),
    ] {
        assert_eq!(constant(src), Const::Int(v), "{src}");
    }
}

#[test]
fn floats() {
    for (src, v) in [
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("1E-3", 0.001),
        (".5", 0.5),
        ("5.", 5.0),
        ("1_0.2_5", 10.25),
        ("2.5e+2", 250.0),
        ("01.5", 1.5),
    ] {
        assert_eq!(constant(src), Const::Float(v), "{src}");
    }
    assert_eq!(constant("1e400"), Const::Float(f64::INFINITY));
}

#[test]
fn strings_and_quotes() {
    assert_eq!(string("'abc'"), "abc");
    assert_eq!(string("\"it's\""), "it's");
    assert_eq!(string("'''a\nb'''"), "a\nb");
    assert_eq!(string("\"\"\"x \"quoted\" y\"\"\""), "x \"quoted\" y");
    assert_eq!(string("u'x'"), "x");
    assert_eq!(string("''"), "");
    assert_eq!(string("'a' \"b\" '''c'''"), "abc");
    assert_eq!(string("('a'\n 'b')"), "ab");
    assert_eq!(string("'line \\\ncontinued'"), "line continued");
}

#[test]
fn string_escapes() {
    assert_eq!(
        string(r#"'\n\t\r\\\'\"\a\b\f\v\0'"#),
        "\n\t\r\\'\"\x07\x08\x0c\x0b\0"
    );
    assert_eq!(string(r"'\x41\101\7\u00e9\U0001F600'"), "AA\x07é😀");
    assert_eq!(string(r"'\d\w \q'"), "\\d\\w \\q");
    assert_eq!(string(r"'\777'"), "\u{1ff}");
    assert_eq!(string(r"r'\n\x'"), "\\n\\x");
    assert_eq!(string(r"R'\''"), "\\'");
    assert_eq!(string("'é😀'"), "é😀");
}

#[test]
fn bytes_literals() {
    assert_eq!(bytes("b'abc'"), b"abc");
    assert_eq!(bytes("B\"x\""), b"x");
    assert_eq!(bytes(r"b'\x00\xff\n\r\\\101'"), b"\x00\xff\n\r\\A");
    assert_eq!(bytes(r"b'\u00e9\N'"), b"\\u00e9\\N");
    assert_eq!(bytes(r"b'\777'"), b"\xff");
    assert_eq!(bytes(r"rb'\n'"), b"\\n");
    assert_eq!(bytes(r"Br'\n'"), b"\\n");
    assert_eq!(bytes("b'a' b\"b\""), b"ab");
    assert_eq!(bytes("b''"), b"");
    assert_eq!(
        bytes("b'This is the message.  It will be repeated.'"),
        b"This is the message.  It will be repeated."
    );
}

#[test]
fn literal_errors() {
    syntax_err(
        "b'é'",
        1,
        1,
        "bytes can only contain ASCII literal characters",
    );
    syntax_err(
        "x = b'a' 'b'",
        1,
        13,
        "cannot mix bytes and nonbytes literals",
    );
    syntax_err(
        "x = 'a' b'b'",
        1,
        13,
        "cannot mix bytes and nonbytes literals",
    );
    syntax_err(
        r#"x = "\x4""#,
        1,
        5,
        r"(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \xXX escape",
    );
    syntax_err(
        r#"x = b"\x4""#,
        1,
        5,
        r"(value error) invalid \x escape at position 0",
    );
    syntax_err("x = 1abc", 1, 5, "invalid decimal literal");
    syntax_err("x = 1_", 1, 6, "invalid decimal literal");
    syntax_err("x = 1__0", 1, 6, "invalid decimal literal");
    syntax_err("x = 1.5e", 1, 7, "invalid decimal literal");
    syntax_err("x = 0x1g", 1, 7, "invalid hexadecimal literal");
    syntax_err("x = 0x", 1, 6, "invalid hexadecimal literal");
    syntax_err("x = 0o8", 1, 7, "invalid digit '8' in octal literal");
    syntax_err("x = 0b102", 1, 9, "invalid digit '2' in binary literal");
    syntax_err(
        "x = 012",
        1,
        5,
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
    );
    syntax_err(
        "x = 'abc",
        1,
        5,
        "unterminated string literal (detected at line 1)",
    );
    syntax_err(
        "x = b'abc\ny",
        1,
        5,
        "unterminated string literal (detected at line 1)",
    );
    syntax_err(
        "x = '''abc\ndef",
        1,
        5,
        "unterminated triple-quoted string literal (detected at line 2)",
    );
}

#[test]
fn fstrings() {
    assert_eq!(fstring("f'received {data!r}'"), "\"received \"|{data!r}");
    assert_eq!(fstring("f'{x}'"), "{x}");
    assert_eq!(fstring("F'{{literal}} {x}}}'"), "\"{literal} \"|{x}|\"}\"");
    assert_eq!(fstring("f'{x:>10}'"), "{x:\">10\"}");
    assert_eq!(
        fstring("f'{x:{width}.{prec}f}'"),
        "{x:{width}|\".\"|{prec}|\"f\"}"
    );
    assert_eq!(fstring("f'{a + b!s:^5}'"), "{(a + b)!s:\"^5\"}");
    assert_eq!(fstring("f'{x!a}'"), "{x!a}");
    assert_eq!(fstring("f'{x=}'"), "{x debug=\"x=\"!r}");
    assert_eq!(fstring("f'{x = }'"), "{x debug=\"x = \"!r}");
    assert_eq!(fstring("f'{x=!s}'"), "{x debug=\"x=\"!s}");
    assert_eq!(fstring("f'{x=:>4}'"), "{x debug=\"x=\":\">4\"}");
    assert_eq!(
        fstring("f'{d[\"k\"]} {f(a, b=1)}'"),
        "{d[\"k\"]}|\" \"|{f(a, b=1)}"
    );
    assert_eq!(
        fstring("f'{a == b} {a != b} {a >= b}'"),
        "{(a == b)}|\" \"|{(a != b)}|\" \"|{(a >= b)}"
    );
    assert_eq!(fstring("f'{1, 2}'"), "{(1, 2,)}");
    assert_eq!(fstring("f'{{}}'"), "\"{}\"");
    assert_eq!(fstring("f'a\\tb{x}\\n'"), "\"a\\tb\"|{x}|\"\\n\"");
    assert_eq!(fstring("rf'\\d{x}'"), "\"\\\\d\"|{x}");
    assert_eq!(fstring("'a' f'{x}' 'b'"), "\"a\"|{x}|\"b\"");
    assert_eq!(fstring("f'{f\"{x}\"}'"), "{f<{x}>}");
    assert_eq!(fstring("f'{ {\"a\": 1}[\"a\"] }'"), "{{\"a\": 1}[\"a\"]}");
    assert_eq!(fstring("f'''{\nx\n}'''"), "{x}");
    assert_eq!(fstring("f'{x:%H:%M}'"), "{x:\"%H:%M\"}");
    assert_eq!(show("f''"), "f<>");
    assert_eq!(show("f'plain'"), "f<\"plain\">");
}

#[test]
fn fstring_positions() {
    let e = expr_of("f'ab{yy + 1}'");
    let ExprKind::FString(parts) = e.kind else {
        panic!()
    };
    let crate::ast::FPart::Value { expr, .. } = &parts[1] else {
        panic!()
    };
    assert_eq!(expr.pos, crate::ast::Pos { line: 1, col: 6 });
}

#[test]
fn fstring_errors() {
    let err = |src: &str| super::parse_err(src).message;
    assert_eq!(err("f'{x'"), "f-string: expecting '}'");
    assert_eq!(err("f'{}'"), "f-string: empty expression not allowed");
    assert_eq!(err("f'}'"), "f-string: single '}' is not allowed");
    assert_eq!(
        err("f'{x!z}'"),
        "f-string: invalid conversion character: expected 's', 'r', or 'a'"
    );
    assert_eq!(
        err("f'{a\\n}'"),
        "f-string expression part cannot include a backslash"
    );
    assert_eq!(
        err("f'{a#}'"),
        "f-string expression part cannot include '#'"
    );
    assert_eq!(err("f'{a)}'"), "f-string: unmatched ')'");
    assert_eq!(
        err("f'{(a}'"),
        "f-string: closing parenthesis '}' does not match opening parenthesis '('"
    );
    assert_eq!(
        err("f'{a b}'"),
        "f-string: invalid syntax. Perhaps you forgot a comma?"
    );
    assert_eq!(err("f'{a +}'"), "f-string: invalid syntax");
    assert_eq!(
        err("f'{x:{y:{z}}}'"),
        "f-string: expressions nested too deeply"
    );
}
