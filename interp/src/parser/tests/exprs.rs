//! Expressions: precedence, associativity, primaries, displays, positions.

use super::{expr_of, show};
use crate::ast::{ExprKind, Pos};

#[track_caller]
fn same(src: &str, expected: &str) {
    assert_eq!(show(src), expected, "for {src:?}");
}

#[test]
fn arithmetic_precedence() {
    same("1 + 2 * 3", "(1 + (2 * 3))");
    same("(1 + 2) * 3", "((1 + 2) * 3)");
    same("1 - 2 - 3", "((1 - 2) - 3)");
    same("a / b // c % d * e", "((((a / b) // c) % d) * e)");
    same("a + b << c", "((a + b) << c)");
    same("a << b >> c", "((a << b) >> c)");
    same("a & b << 1", "(a & (b << 1))");
    same("a | b ^ c & d", "(a | (b ^ (c & d)))");
    same("a ^ b ^ c", "((a ^ b) ^ c)");
}

#[test]
fn power_and_unary() {
    same("-2**2", "(-(2 ** 2))");
    same("2**3**2", "(2 ** (3 ** 2))");
    same("2**-1", "(2 ** (-1))");
    same("-x.y", "(-x.y)");
    same("~a + +b", "((~a) + (+b))");
    same("- - a", "(-(-a))");
    same("a ** -b ** c", "(a ** (-(b ** c)))");
}

#[test]
fn boolean_and_comparison() {
    same("a or b and c", "(a or (b and c))");
    same("a or b or c", "(a or b or c)");
    same("a and b and c", "(a and b and c)");
    same("not a == b", "(not (a == b))");
    same("not a and b", "((not a) and b)");
    same("not not a", "(not (not a))");
    same("a < b <= c", "(a < b <= c)");
    same("a is not b", "(a is not b)");
    same("a not in b", "(a not in b)");
    same("a in b is c", "(a in b is c)");
    same("a == b != c > d >= e", "(a == b != c > d >= e)");
    same("a | b < c & d", "((a | b) < (c & d))");
    same("x < 1 or x > 2", "((x < 1) or (x > 2))");
}

#[test]
fn conditional_and_lambda() {
    same("a if b else c", "(a if b else c)");
    same("a if b else c if d else e", "(a if b else (c if d else e))");
    same("a or b if c or d else e", "((a or b) if (c or d) else e)");
    same("lambda: 0", "(lambda : 0)");
    same("lambda x, y=2: x + y", "(lambda x, y=2: (x + y))");
    same("lambda x: x if x else 1", "(lambda x: (x if x else 1))");
    same(
        "f(lambda: 1, key=lambda k: -k)",
        "f((lambda : 1), key=(lambda k: (-k)))",
    );
}

#[test]
fn primaries() {
    same("a.b.c", "a.b.c");
    same("f()", "f()");
    same("f(1, 2)(3)", "f(1, 2)(3)");
    same(
        "s.recv(1024).decode('utf-8')",
        "s.recv(1024).decode(\"utf-8\")",
    );
    same(
        "print(x, end='', file=sys.stderr)",
        "print(x, end=\"\", file=sys.stderr)",
    );
    same("f(a,)", "f(a)");
    same("f(\n  a,\n  b,\n)", "f(a, b)");
    same("d['k'][0]", "d[\"k\"][0]");
    same("a[1:2]", "a[1:2:]");
    same("a[:]", "a[::]");
    same("a[::2]", "a[::2]");
    same("a[1:]", "a[1::]");
    same("a[:-1]", "a[:(-1):]");
    same("a[1:2:3]", "a[1:2:3]");
    same("a[i, j]", "a[(i, j,)]");
    same("data[4:4 + n]", "data[4:(4 + n):]");
    same("-a[0] ** 2", "(-(a[0] ** 2))");
}

#[test]
fn atoms_and_displays() {
    same("()", "(,)");
    same("(1,)", "(1,)");
    same("(1, 2)", "(1, 2,)");
    same("((a))", "a");
    same("[]", "[]");
    same("[1, 2,]", "[1, 2]");
    same("{}", "{}");
    same("{'a': 1, 'b': [2]}", "{\"a\": 1, \"b\": [2]}");
    same("{1: 2,}", "{1: 2}");
    same("None, True, False, ...", "(None, True, False, ...,)");
    same("a, b", "(a, b,)");
    same("a,", "(a,)");
    same("[x * 2 for x in range(3)]", "[(x * 2) for x in range(3)]");
    same(
        "[k for k, v in d.items() if v if k]",
        "[k for (k, v,) in d.items() if v if k]",
    );
    same("[c for c in a or b]", "[c for c in (a or b)]");
    same(
        "[(a, b) for (a, b) in pairs]",
        "[(a, b,) for (a, b,) in pairs]",
    );
    same("[\n 1,\n 2\n]", "[1, 2]");
}

#[test]
fn positions() {
    let m = super::parse_ok("x = 1\n  \nif x:\n    foo.bar(1, y + z)\n");
    let crate::ast::StmtKind::If { body, .. } = &m.body[1].kind else {
        panic!("not an if");
    };
    assert_eq!(m.body[1].pos, Pos { line: 3, col: 1 });
    assert_eq!(body[0].pos, Pos { line: 4, col: 5 });
    let crate::ast::StmtKind::Expr(call) = &body[0].kind else {
        panic!("not an expression");
    };
    assert_eq!(call.pos, Pos { line: 4, col: 5 });
    let ExprKind::Call { func, args, .. } = &call.kind else {
        panic!("not a call");
    };
    assert_eq!(func.pos, Pos { line: 4, col: 5 });
    assert_eq!(args[0].pos, Pos { line: 4, col: 13 });
    assert_eq!(args[1].pos, Pos { line: 4, col: 16 });
    let ExprKind::BinOp { right, .. } = &args[1].kind else {
        panic!("not a binop");
    };
    assert_eq!(right.pos, Pos { line: 4, col: 20 });
}

#[test]
fn positions_count_characters() {
    let e = expr_of("'héllo' + é");
    let ExprKind::BinOp { right, .. } = &e.kind else {
        panic!("not a binop");
    };
    assert_eq!(right.pos, Pos { line: 1, col: 11 });
    assert_eq!(dump_name(&right.kind), "é");
}

fn dump_name(k: &ExprKind) -> String {
    match k {
        ExprKind::Name(n) => n.clone(),
        other => format!("{other:?}"),
    }
}

#[test]
fn unary_and_paren_positions() {
    let e = expr_of("(a + b).c");
    assert_eq!(e.pos, Pos { line: 1, col: 1 });
    let e = expr_of("-x");
    assert_eq!(e.pos, Pos { line: 1, col: 1 });
    let e = expr_of("(a)");
    assert_eq!(e.pos, Pos { line: 1, col: 2 });
}

#[test]
fn keywords_next_to_numbers() {
    same("1if x else 2", "(1 if x else 2)");
    same("x[1]if x else 0", "(x[1] if x else 0)");
}
