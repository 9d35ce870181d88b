//! Syntax errors: CPython 3.11's class, message, line and column.

use super::{check_err, parse_err, syntax_err};
use crate::syntax::SyntaxKind;

fn indent_err(src: &str, line: u32, col: u32, msg: &str) {
    check_err(src, SyntaxKind::Indentation, line, col, msg);
}

#[test]
fn brackets() {
    syntax_err("x = (1,", 1, 5, "'(' was never closed");
    syntax_err("x = [1, 2", 1, 5, "'[' was never closed");
    syntax_err("x = (1,\ny = 2", 1, 5, "'(' was never closed");
    syntax_err("x = )", 1, 5, "unmatched ')'");
    syntax_err(
        "x = (1, 2]",
        1,
        10,
        "closing parenthesis ']' does not match opening parenthesis '('",
    );
    syntax_err(
        "x = (1,\n 2]",
        2,
        3,
        "closing parenthesis ']' does not match opening parenthesis '(' on line 1",
    );
}

#[test]
fn tokenizer_errors() {
    syntax_err("x = $", 1, 5, "invalid syntax");
    syntax_err("x = !", 1, 5, "invalid syntax");
    syntax_err("x = €", 1, 5, "invalid character '€' (U+20AC)");
    syntax_err("x = \\", 1, 6, "unexpected EOF while parsing");
    syntax_err(
        "x = 1 \\ 2",
        1,
        8,
        "unexpected character after line continuation character",
    );
}

#[test]
fn indentation() {
    indent_err(
        "if x:\npass",
        2,
        1,
        "expected an indented block after 'if' statement on line 1",
    );
    indent_err(
        "if x:",
        1,
        6,
        "expected an indented block after 'if' statement on line 1",
    );
    indent_err(
        "if x:\n",
        1,
        6,
        "expected an indented block after 'if' statement on line 1",
    );
    indent_err(
        "def f():",
        1,
        9,
        "expected an indented block after function definition on line 1",
    );
    for (header, what) in [
        ("while x:", "'while' statement"),
        ("for x in y:", "'for' statement"),
        ("with x:", "'with' statement"),
        ("try:", "'try' statement"),
    ] {
        let src = format!("x = 1\n{header}\nx = 2\n");
        indent_err(
            &src,
            3,
            1,
            &format!("expected an indented block after {what} on line 2"),
        );
    }
    indent_err(
        "if a:\n    b\nelif c:\nd",
        4,
        1,
        "expected an indented block after 'elif' statement on line 3",
    );
    indent_err(
        "if a:\n    b\nelse:\nd",
        4,
        1,
        "expected an indented block after 'else' statement on line 3",
    );
    indent_err(
        "try:\n    b\nexcept E:\nd",
        4,
        1,
        "expected an indented block after 'except' statement on line 3",
    );
    indent_err(
        "try:\n    b\nfinally:\nd",
        4,
        1,
        "expected an indented block after 'finally' statement on line 3",
    );
    indent_err("  x = 1", 1, 2, "unexpected indent");
    indent_err("x = 1\n  y = 2", 2, 2, "unexpected indent");
    indent_err("if x:\n    a\n        b", 3, 8, "unexpected indent");
    indent_err(
        "if x:\n  a\n b",
        3,
        3,
        "unindent does not match any outer indentation level",
    );
    indent_err(
        "if x:\n    pass\n  else:\n    pass\n",
        3,
        8,
        "unindent does not match any outer indentation level",
    );
}

#[test]
fn expected_colon() {
    syntax_err("if x\n    pass", 1, 5, "expected ':'");
    syntax_err("while x\n  pass", 1, 8, "expected ':'");
    syntax_err("def f()\n  pass", 1, 8, "expected ':'");
    syntax_err("for x in y\n  pass", 1, 11, "expected ':'");
    syntax_err("if x:\n    pass\nelif y\n    pass", 3, 7, "expected ':'");
    syntax_err("try:\n    pass\nexcept\n    pass", 3, 7, "expected ':'");
}

#[test]
fn invalid_syntax() {
    syntax_err("a b", 1, 3, "invalid syntax");
    syntax_err("x = 1 +", 1, 8, "invalid syntax");
    syntax_err("else: pass", 1, 1, "invalid syntax");
    syntax_err("import", 1, 7, "invalid syntax");
    syntax_err("from a import", 1, 14, "invalid syntax");
    syntax_err("x = [x for x in 1, 2]", 1, 18, "invalid syntax");
    syntax_err("[x \"a\"]", 1, 4, "invalid syntax");
    syntax_err("if x: if y: pass", 1, 7, "invalid syntax");
    syntax_err("x = 1 if y", 1, 5, "expected 'else' after 'if' expression");
}

#[test]
fn forgot_comma() {
    let msg = "invalid syntax. Perhaps you forgot a comma?";
    syntax_err("[a b]", 1, 2, msg);
    syntax_err("f(a b)", 1, 3, msg);
    syntax_err("print(\"a\" \"b\" x)", 1, 7, msg);
    syntax_err("d = {1: 2 3: 4}", 1, 9, msg);
    syntax_err("t = (1 2)", 1, 6, msg);
    syntax_err("s.connect(('localhost' 7000))", 1, 12, msg);
}

#[test]
fn legacy_print() {
    syntax_err(
        "print \"x\"",
        1,
        1,
        "Missing parentheses in call to 'print'. Did you mean print(...)?",
    );
    syntax_err(
        "if x:\n    print x, y",
        2,
        5,
        "Missing parentheses in call to 'print'. Did you mean print(...)?",
    );
}

#[test]
fn assignment_targets() {
    let here =
        |what: &str| format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?");
    syntax_err("f() = 1", 1, 1, &here("function call"));
    syntax_err("1 = x", 1, 1, &here("literal"));
    syntax_err("a, f() = 1", 1, 4, &here("function call"));
    syntax_err("... = 1", 1, 1, &here("ellipsis"));
    syntax_err("\"abc\" \"def\" = 1", 1, 1, &here("literal"));
    syntax_err("f\"a\" = 1", 1, 1, &here("f-string expression"));
    syntax_err("x + 1 = 2", 1, 1, &here("expression"));
    syntax_err("(a, f()) = 1", 1, 5, "cannot assign to function call");
    syntax_err("x = 1 = 2", 1, 5, "cannot assign to literal");
    syntax_err("x = [1, 2] = 3", 1, 6, "cannot assign to literal");
    syntax_err("True = 1", 1, 1, "cannot assign to True");
    syntax_err("not x = 1", 1, 1, "cannot assign to expression");
    syntax_err("a < b = 1", 1, 1, "cannot assign to comparison");
    syntax_err(
        "a if b else c = 1",
        1,
        1,
        "cannot assign to conditional expression",
    );
    syntax_err("x = lambda: 1 = 2", 1, 5, "cannot assign to lambda");
    syntax_err(
        "f() += 1",
        1,
        1,
        "'function call' is an illegal expression for augmented assignment",
    );
    syntax_err(
        "a, b += 1",
        1,
        1,
        "'tuple' is an illegal expression for augmented assignment",
    );
    syntax_err("del f()", 1, 5, "cannot delete function call");
    syntax_err("del 1", 1, 5, "cannot delete literal");
    syntax_err("for f() in x: pass", 1, 5, "cannot assign to function call");
    syntax_err(
        "with a as f(): pass",
        1,
        11,
        "cannot assign to function call",
    );
    syntax_err("[1 for f() in x]", 1, 8, "cannot assign to function call");
}

#[test]
fn calls_and_parameters() {
    syntax_err(
        "f(a=1, 2)",
        1,
        9,
        "positional argument follows keyword argument",
    );
    syntax_err(
        "f(a=1, 2, 3)",
        1,
        12,
        "positional argument follows keyword argument",
    );
    syntax_err("def f:\n  pass", 1, 6, "expected '('");
    syntax_err("x = {1: 2, 3}", 1, 12, "':' expected after dictionary key");
    syntax_err("f(a=1, a=2)", 1, 8, "keyword argument repeated: a");
    syntax_err(
        "f(1=2)",
        1,
        3,
        "expression cannot contain assignment, perhaps you meant \"==\"?",
    );
    syntax_err(
        "def f(a=1, b): pass",
        1,
        12,
        "non-default argument follows default argument",
    );
    syntax_err(
        "def f(a, a): pass",
        1,
        10,
        "duplicate argument 'a' in function definition",
    );
}

#[test]
fn statement_context() {
    syntax_err("return 1", 1, 1, "'return' outside function");
    syntax_err(
        "def f(x):\n    if x:\n        global x",
        3,
        9,
        "name 'x' is parameter and global",
    );
    syntax_err("break", 1, 1, "'break' outside loop");
    syntax_err(
        "if x:\n    continue",
        2,
        5,
        "'continue' not properly in loop",
    );
    syntax_err(
        "while x:\n    def f():\n        break",
        3,
        9,
        "'break' outside loop",
    );
    syntax_err(
        "for x in y:\n    pass\nelse:\n    break",
        4,
        5,
        "'break' outside loop",
    );
    syntax_err(
        "try:\n  x\ny = 1",
        3,
        1,
        "expected 'except' or 'finally' block",
    );
    syntax_err("try:\n  x", 2, 4, "expected 'except' or 'finally' block");
    syntax_err(
        "try:\n  x\nexcept:\n  y\nexcept E:\n  z",
        3,
        1,
        "default 'except:' must be last",
    );
    syntax_err(
        "try:\n  x\nexcept A, B:\n  y",
        3,
        8,
        "multiple exception types must be parenthesized",
    );
    syntax_err(
        "from a import b,",
        1,
        17,
        "trailing comma not allowed without surrounding parentheses",
    );
}

#[test]
fn line_text_and_rendering() {
    let e = parse_err("x = 1\nif x:\n        y = )\n");
    assert_eq!(e.line_text, "        y = )");
    assert_eq!(
        e.render("<stdin>"),
        "  File \"<stdin>\", line 3\n    y = )\n        ^\nSyntaxError: unmatched ')'\n"
    );
    assert_eq!(e.to_string(), "SyntaxError: unmatched ')'");
    let e = parse_err("  x = 1");
    assert_eq!(e.class_name(), "IndentationError");
    assert_eq!(e.to_string(), "IndentationError: unexpected indent");
}
