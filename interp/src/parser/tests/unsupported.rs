//! Valid Python the playground does not run: a SyntaxError naming it.

use super::{check_err, parse_err};
use crate::syntax::SyntaxKind;

#[track_caller]
fn unsupported(src: &str, feature: &str) {
    let e = parse_err(src);
    assert_eq!(
        (e.kind, e.message.as_str()),
        (
            SyntaxKind::Unsupported,
            format!("not supported in the playground: {feature}").as_str()
        ),
        "for {src:?}"
    );
    assert_eq!(e.class_name(), "SyntaxError");
}

#[test]
fn every_unsupported_feature() {
    let cases = [
        ("class A:\n    pass", "class definitions"),
        ("class A(B): pass", "class definitions"),
        ("x = (i for i in y)", "generator expressions"),
        ("sum(i for i in y)", "generator expressions"),
        ("x = {1, 2}", "set literals"),
        ("x = {1}", "set literals"),
        ("x = {i for i in y}", "set literals"),
        ("x = {k: v for k, v in y}", "dict comprehensions"),
        ("x = [i for a in b for i in a]", "nested comprehensions"),
        ("async def f(): pass", "async and await"),
        ("def f():\n    await g()", "async and await"),
        ("def f():\n    yield 1", "yield"),
        ("def f():\n    x = yield", "yield"),
        ("@dec\ndef f(): pass", "decorators"),
        ("def f():\n    nonlocal x", "nonlocal"),
        ("def f(*args): pass", "*args and **kwargs"),
        ("def f(a, **kw): pass", "*args and **kwargs"),
        ("f(*a)", "*args and **kwargs"),
        ("f(x, **kw)", "*args and **kwargs"),
        ("a, *b = x", "star assignment"),
        ("*a, b = x", "star assignment"),
        ("[a, *b] = x", "star assignment"),
        ("for a, *b in x: pass", "star assignment"),
        ("x = [*a, 1]", "unpacking with * and **"),
        ("x = {**a}", "unpacking with * and **"),
        ("if (n := 10) > 5: pass", "the walrus operator :="),
        ("while chunk := f.read(): pass", "the walrus operator :="),
        ("print(x := 1)", "the walrus operator :="),
        ("match x:\n    case 1:\n        pass", "match statements"),
        ("match (x):\n    case 1:\n        pass", "match statements"),
        ("x: int = 1", "type annotations"),
        ("x: int", "type annotations"),
        ("def f(a: int): pass", "type annotations"),
        ("def f(a) -> int: pass", "type annotations"),
        ("x = a @ b", "matrix multiplication @"),
        ("a @= b", "matrix multiplication @"),
        ("x = 1j", "complex numbers"),
        ("x = 1.5J", "complex numbers"),
        (
            "def f(a, *, b): pass",
            "keyword-only or positional-only parameters",
        ),
        (
            "def f(a, /): pass",
            "keyword-only or positional-only parameters",
        ),
        ("x = 12345678901234567890", "integers beyond 64 bits"),
        ("x = 0xFFFFFFFFFFFFFFFF", "integers beyond 64 bits"),
        ("x = '\\N{DASH}'", "\\N{...} escapes"),
        ("from . import x", "relative imports"),
        (
            "try:\n    pass\nexcept* E:\n    pass",
            "except* (exception groups)",
        ),
        ("x = a[1:2, 3]", "tuples of slices"),
    ];
    for (src, feature) in cases {
        unsupported(src, feature);
    }
}

#[test]
fn unsupported_positions() {
    check_err(
        "x = 1\nclass A: pass",
        SyntaxKind::Unsupported,
        2,
        1,
        "not supported in the playground: class definitions",
    );
    check_err(
        "if (n := 10) > 5: pass",
        SyntaxKind::Unsupported,
        1,
        7,
        "not supported in the playground: the walrus operator :=",
    );
    check_err(
        "f(1, *a)",
        SyntaxKind::Unsupported,
        1,
        6,
        "not supported in the playground: *args and **kwargs",
    );
}

#[test]
fn lambda_defaults_are_supported() {
    super::parse_ok("f = lambda a, b=2: a + b");
}
