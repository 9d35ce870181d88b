//! Every statement form.

use super::{dump, one_stmt, parse_ok};
use crate::ast::{Alias, BinOp, Pos, Stmt, StmtKind};

fn dumps(body: &[Stmt]) -> Vec<String> {
    body.iter().map(|s| format!("{:?}", s.kind)).collect()
}

fn alias(name: &str, asname: Option<&str>) -> Alias {
    Alias {
        name: name.into(),
        asname: asname.map(Into::into),
    }
}

#[test]
fn assignments() {
    let StmtKind::Assign { targets, value } = one_stmt("a = b = 1").kind else {
        panic!()
    };
    assert_eq!(targets.iter().map(dump).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(dump(&value), "1");
    let StmtKind::Assign { targets, value } = one_stmt("conn, addr = s.accept()").kind else {
        panic!()
    };
    assert_eq!(dump(&targets[0]), "(conn, addr,)");
    assert_eq!(dump(&value), "s.accept()");
    let StmtKind::Assign { targets, value } = one_stmt("(a, [b, c]), d.e, f[0] = 1, 2").kind else {
        panic!()
    };
    assert_eq!(dump(&targets[0]), "((a, [b, c],), d.e, f[0],)");
    assert_eq!(dump(&value), "(1, 2,)");
    let StmtKind::Assign { targets, .. } = one_stmt("[a, b] = () = x = y").kind else {
        panic!()
    };
    assert_eq!(targets.len(), 3);
}

#[test]
fn augmented_assignments() {
    let ops = [
        ("+=", BinOp::Add),
        ("-=", BinOp::Sub),
        ("*=", BinOp::Mul),
        ("/=", BinOp::Div),
        ("//=", BinOp::FloorDiv),
        ("%=", BinOp::Mod),
        ("**=", BinOp::Pow),
        ("<<=", BinOp::LShift),
        (">>=", BinOp::RShift),
        ("&=", BinOp::BitAnd),
        ("|=", BinOp::BitOr),
        ("^=", BinOp::BitXor),
    ];
    for (sym, want) in ops {
        let StmtKind::AugAssign { target, op, value } = one_stmt(&format!("x.y {sym} 1, 2")).kind
        else {
            panic!("{sym}")
        };
        assert_eq!(
            (dump(&target), op, dump(&value)),
            ("x.y".into(), want, "(1, 2,)".into())
        );
    }
    assert!(matches!(
        one_stmt("d[k] += 1").kind,
        StmtKind::AugAssign { .. }
    ));
}

#[test]
fn simple_statements() {
    let m = parse_ok(
        "pass; x = 1; f(x);\nglobal a, b\ndel a, b[0], c.d\ndel (x, y)\nassert x, 'msg'\nassert y",
    );
    let kinds = dumps(&m.body);
    assert_eq!(kinds.len(), 8);
    assert_eq!(kinds[0], "Pass");
    assert_eq!(m.body[1].pos, Pos { line: 1, col: 7 });
    assert_eq!(kinds[3], "Global([\"a\", \"b\"])");
    let StmtKind::Delete(targets) = &m.body[4].kind else {
        panic!()
    };
    assert_eq!(
        targets.iter().map(dump).collect::<Vec<_>>(),
        ["a", "b[0]", "c.d"]
    );
    let StmtKind::Delete(targets) = &m.body[5].kind else {
        panic!()
    };
    assert_eq!(dump(&targets[0]), "(x, y,)");
    let StmtKind::Assert { test, msg } = &m.body[6].kind else {
        panic!()
    };
    assert_eq!(
        (dump(test), msg.as_ref().map(dump)),
        ("x".into(), Some("\"msg\"".into()))
    );
    assert!(matches!(
        &m.body[7].kind,
        StmtKind::Assert { msg: None, .. }
    ));
}

#[test]
fn raise_and_return() {
    let m = parse_ok("def f():\n    return\ndef g():\n    return 1, 2\nraise\nraise ValueError('x')\nraise A from e\n");
    let StmtKind::FunctionDef(f) = &m.body[0].kind else {
        panic!()
    };
    assert_eq!(f.body[0].kind, StmtKind::Return(None));
    let StmtKind::FunctionDef(g) = &m.body[1].kind else {
        panic!()
    };
    let StmtKind::Return(Some(v)) = &g.body[0].kind else {
        panic!()
    };
    assert_eq!(dump(v), "(1, 2,)");
    assert_eq!(
        m.body[2].kind,
        StmtKind::Raise {
            exc: None,
            cause: None
        }
    );
    let StmtKind::Raise {
        exc: Some(exc),
        cause: None,
    } = &m.body[3].kind
    else {
        panic!()
    };
    assert_eq!(dump(exc), "ValueError(\"x\")");
    let StmtKind::Raise {
        exc: Some(_),
        cause: Some(c),
    } = &m.body[4].kind
    else {
        panic!()
    };
    assert_eq!(dump(c), "e");
}

#[test]
fn imports() {
    let m = parse_ok(
        "import socket\nimport socket as s, sys\nimport a.b\nfrom socket import *\nfrom socket import (a, b as c,)\nfrom os.path import join",
    );
    assert_eq!(
        m.body[0].kind,
        StmtKind::Import(vec![alias("socket", None)])
    );
    assert_eq!(
        m.body[1].kind,
        StmtKind::Import(vec![alias("socket", Some("s")), alias("sys", None)])
    );
    assert_eq!(m.body[2].kind, StmtKind::Import(vec![alias("a.b", None)]));
    assert_eq!(
        m.body[3].kind,
        StmtKind::ImportFrom {
            module: "socket".into(),
            names: vec![]
        }
    );
    assert_eq!(
        m.body[4].kind,
        StmtKind::ImportFrom {
            module: "socket".into(),
            names: vec![alias("a", None), alias("b", Some("c"))]
        }
    );
    assert_eq!(
        m.body[5].kind,
        StmtKind::ImportFrom {
            module: "os.path".into(),
            names: vec![alias("join", None)]
        }
    );
}

#[test]
fn if_elif_else() {
    let s = one_stmt("if a:\n    x\nelif b:\n    y\nelif c: z\nelse:\n    w\n");
    let StmtKind::If { test, body, orelse } = s.kind else {
        panic!()
    };
    assert_eq!((dump(&test), body.len(), orelse.len()), ("a".into(), 1, 1));
    assert_eq!(orelse[0].pos, Pos { line: 3, col: 1 });
    let StmtKind::If { test, orelse, .. } = &orelse[0].kind else {
        panic!()
    };
    assert_eq!(dump(test), "b");
    assert_eq!(orelse[0].pos, Pos { line: 5, col: 1 });
    let StmtKind::If { test, orelse, body } = &orelse[0].kind else {
        panic!()
    };
    assert_eq!((dump(test), body.len()), ("c".into(), 1));
    assert_eq!(
        dumps(orelse),
        ["Expr(Expr { pos: Pos { line: 7, col: 5 }, kind: Name(\"w\") })"]
    );
}

#[test]
fn one_line_bodies() {
    let m = parse_ok("while True: x += 1; break\nfor i in range(3): pass\nif x: y = 1\n");
    let StmtKind::While { body, .. } = &m.body[0].kind else {
        panic!()
    };
    assert_eq!(body.len(), 2);
    assert_eq!(m.body.len(), 3);
}

#[test]
fn loops() {
    let s = one_stmt("for i, (a, b) in enumerate(x):\n    continue\nelse:\n    pass");
    let StmtKind::For {
        target,
        iter,
        body,
        orelse,
    } = s.kind
    else {
        panic!()
    };
    assert_eq!(dump(&target), "(i, (a, b,),)");
    assert_eq!(dump(&iter), "enumerate(x)");
    assert_eq!(
        (body[0].kind.clone(), orelse[0].kind.clone()),
        (StmtKind::Continue, StmtKind::Pass)
    );
    let StmtKind::For { iter, .. } = one_stmt("for x in a, b:\n    pass").kind else {
        panic!()
    };
    assert_eq!(dump(&iter), "(a, b,)");
    let StmtKind::While { test, orelse, .. } =
        one_stmt("while n < 10:\n    n += 1\nelse:\n    done()").kind
    else {
        panic!()
    };
    assert_eq!((dump(&test), orelse.len()), ("(n < 10)".into(), 1));
}

#[test]
fn try_statements() {
    let src = "try:\n    a\nexcept A:\n    b\nexcept (A, B) as e:\n    c\nexcept:\n    d\nelse:\n    e\nfinally:\n    f\n";
    let StmtKind::Try {
        body,
        handlers,
        orelse,
        finalbody,
    } = one_stmt(src).kind
    else {
        panic!()
    };
    assert_eq!(
        (body.len(), handlers.len(), orelse.len(), finalbody.len()),
        (1, 3, 1, 1)
    );
    assert_eq!(handlers[0].pos, Pos { line: 3, col: 1 });
    assert_eq!(handlers[0].class.as_ref().map(dump), Some("A".into()));
    assert_eq!(handlers[1].class.as_ref().map(dump), Some("(A, B,)".into()));
    assert_eq!(handlers[1].name.as_deref(), Some("e"));
    assert!(handlers[2].class.is_none() && handlers[2].name.is_none());
    let StmtKind::Try {
        handlers,
        finalbody,
        ..
    } = one_stmt("try:\n    a\nfinally:\n    b").kind
    else {
        panic!()
    };
    assert!(handlers.is_empty() && finalbody.len() == 1);
}

#[test]
fn with_statements() {
    let StmtKind::With { items, body } = one_stmt("with a as b, c:\n    pass").kind else {
        panic!()
    };
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].target.as_ref().map(dump), Some("b".into()));
    assert!(items[1].target.is_none());
    assert_eq!(body.len(), 1);
    let StmtKind::With { items, .. } =
        one_stmt("with (open(a) as f, open(b) as (g, h),):\n    pass").kind
    else {
        panic!()
    };
    assert_eq!(items[1].target.as_ref().map(dump), Some("(g, h,)".into()));
    let StmtKind::With { items, .. } = one_stmt("with (a) as b: pass").kind else {
        panic!()
    };
    assert_eq!((dump(&items[0].context), items.len()), ("a".into(), 1));
    let StmtKind::With { items, .. } = one_stmt("with (a, b): pass").kind else {
        panic!()
    };
    assert_eq!(items.len(), 2);
}

#[test]
fn function_definitions() {
    let s = one_stmt("def f(a, b=1, c=None,):\n    '''doc'''\n    return a\n");
    let StmtKind::FunctionDef(def) = s.kind else {
        panic!()
    };
    assert_eq!(
        (def.pos, def.name.as_str(), def.params.len()),
        (Pos { line: 1, col: 1 }, "f", 3)
    );
    assert!(def.params[0].default.is_none());
    assert_eq!(def.params[1].default.as_ref().map(dump), Some("1".into()));
    assert_eq!(def.body.len(), 2);
    let m = parse_ok("for x in y:\n    def g():\n        return x\n    g()\n");
    let StmtKind::For { body, .. } = &m.body[0].kind else {
        panic!()
    };
    let StmtKind::FunctionDef(g) = &body[0].kind else {
        panic!()
    };
    assert_eq!(g.pos, Pos { line: 2, col: 5 });
    assert!(g.params.is_empty());
}

#[test]
fn comments_blank_lines_and_continuations() {
    let src = "# header\n\nx = [1,  # one\n     2]\n\n   # indented comment\ny = 1 + \\\n    2\nif x:\n\n    # inside\n    pass\n\nz = 3\n";
    let m = parse_ok(src);
    assert_eq!(m.body.len(), 4);
    assert_eq!(m.body[3].pos, Pos { line: 14, col: 1 });
    assert_eq!(parse_ok("").body.len(), 0);
    assert_eq!(parse_ok("\n\n# only a comment").body.len(), 0);
    assert_eq!(parse_ok("x = 1\r\ny = 2\r\n").body.len(), 2);
    assert_eq!(parse_ok("if x:\n    y").body.len(), 1);
}

#[test]
fn tabs_count_to_multiples_of_eight() {
    let m = parse_ok("if x:\n\ty = 1\n        z = 2\n");
    let StmtKind::If { body, .. } = &m.body[0].kind else {
        panic!()
    };
    assert_eq!(body.len(), 2);
}

#[test]
fn soft_keyword_match_is_a_name() {
    let m = parse_ok("match = re.match(p, s)\nmatch.group(0)\nmatch[0] = 1\n");
    assert_eq!(m.body.len(), 3);
}
