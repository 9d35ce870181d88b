//! The console's "is this input finished?" check.

use crate::parser::{completeness, Completeness};

#[track_caller]
fn complete(src: &str) {
    assert_eq!(completeness(src), Completeness::Complete, "for {src:?}");
}

#[track_caller]
fn incomplete(src: &str) {
    assert_eq!(completeness(src), Completeness::Incomplete, "for {src:?}");
}

#[track_caller]
fn invalid(src: &str) -> String {
    match completeness(src) {
        Completeness::Invalid(e) => e.message,
        other => panic!("{src:?} should be invalid, is {other:?}"),
    }
}

#[test]
fn simple_statements() {
    complete("x = 1");
    complete("x = 1\n");
    complete("");
    complete("# just a comment");
    complete("print('hi')");
    complete("s.sendall(b'x'); s.close()");
    assert_eq!(invalid("x = )"), "unmatched ')'");
    assert_eq!(invalid("x ="), "invalid syntax");
    assert_eq!(
        invalid("x = 'abc"),
        "unterminated string literal (detected at line 1)"
    );
    assert_eq!(invalid("break"), "'break' outside loop");
}

#[test]
fn open_brackets_strings_and_continuations() {
    incomplete("(1,");
    incomplete("x = [\n1, 2,");
    incomplete("f(a,\n  b");
    incomplete("d = {");
    incomplete("s = '''abc");
    incomplete("s = \"\"\"abc\n\ndef");
    incomplete("x = 1 + \\");
    incomplete("x = 'abc\\\n");
    complete("(1,\n2)");
    complete("s = '''abc\n'''");
}

#[test]
fn compound_statements_wait_for_a_blank_line() {
    incomplete("if x:");
    incomplete("if x:\n");
    incomplete("if x:\n    y");
    incomplete("if x:\n    y\n");
    complete("if x:\n    y\n\n");
    complete("if x:\n    y\n    \n");
    incomplete("if x: y");
    complete("if x: y\n\n");
    incomplete("for i in range(3):\n    print(i)\n");
    incomplete("while True:\n    data = s.recv(16)\n    if not data:\n        break\n");
    complete("while True:\n    data = s.recv(16)\n    if not data:\n        break\n\n");
    incomplete("def f(a, b=1):\n    return a + b\n");
    incomplete("try:\n    x\n");
    incomplete("try:\n    x\nexcept E:\n    y\n");
    incomplete("with socket.socket() as s:\n    s.connect(addr)\n");
    incomplete("if x:\n    y\nelse:");
    incomplete("if x:\n    y = (1,\n\n");
}

#[test]
fn compound_statements_fail_early() {
    assert_eq!(invalid("if x"), "expected ':'");
    assert_eq!(invalid("if x:\n    y = )"), "unmatched ')'");
    assert_eq!(invalid("if x:\n    y = 1 +"), "invalid syntax");
    assert_eq!(invalid("if x:\n    y\nelse"), "expected ':'");
    assert_eq!(
        invalid("if x:\n\n"),
        "expected an indented block after 'if' statement on line 1"
    );
    assert_eq!(
        invalid("try:\n    x\n\n"),
        "expected 'except' or 'finally' block"
    );
    assert_eq!(
        invalid("class A:"),
        "not supported in the playground: class definitions"
    );
}

#[test]
fn invalid_errors_carry_the_line() {
    let Completeness::Invalid(e) = completeness("if x:\n    y = )") else {
        panic!("should be invalid");
    };
    assert_eq!(e.line_text, "    y = )");
    assert_eq!((e.pos.line, e.pos.col), (2, 9));
}
