//! Parser tests. `dump` prints an expression compactly, fully
//! parenthesized, so precedence shows in one string.

mod completeness;
mod errors;
mod exprs;

mod limits;
mod literals;
mod scripts;
mod stmts;
mod unsupported;

use super::parse;
use crate::ast::{Const, Expr, ExprKind, FPart, Module, Stmt, StmtKind};
use crate::syntax::{SyntaxError, SyntaxKind};

/// Parses or fails the test with the rendered error.
pub(super) fn parse_ok(src: &str) -> Module {
    match parse(src) {
        Ok(m) => m,
        Err(e) => panic!("{src:?} should parse:\n{}", e.render("<test>")),
    }
}

/// The error `src` gives.
pub(super) fn parse_err(src: &str) -> SyntaxError {
    match parse(src) {
        Ok(m) => panic!("{src:?} should not parse, got {m:#?}"),
        Err(e) => e,
    }
}

/// Checks the error's class, message, line and column.
#[track_caller]
pub(super) fn check_err(src: &str, kind: SyntaxKind, line: u32, col: u32, msg: &str) {
    let e = parse_err(src);
    assert_eq!(
        (e.kind, e.message.as_str(), e.pos.line, e.pos.col),
        (kind, msg, line, col),
        "for {src:?}"
    );
}

/// Checks a plain SyntaxError.
#[track_caller]
pub(super) fn syntax_err(src: &str, line: u32, col: u32, msg: &str) {
    check_err(src, SyntaxKind::Syntax, line, col, msg);
}

/// The only statement of `src`.
pub(super) fn one_stmt(src: &str) -> Stmt {
    let mut m = parse_ok(src);
    assert_eq!(m.body.len(), 1, "{src:?}: {m:#?}");
    m.body.remove(0)
}

/// The expression of an expression statement.
pub(super) fn expr_of(src: &str) -> Expr {
    match one_stmt(src).kind {
        StmtKind::Expr(e) => e,
        other => panic!("{src:?} is not an expression: {other:?}"),
    }
}

/// `dump` of an expression statement's expression.
pub(super) fn show(src: &str) -> String {
    dump(&expr_of(src))
}

fn join(items: &[Expr]) -> String {
    items.iter().map(dump).collect::<Vec<_>>().join(", ")
}

fn opt(e: &Option<Box<Expr>>) -> String {
    e.as_deref().map(dump).unwrap_or_default()
}

/// A compact, fully parenthesized rendering.
pub(super) fn dump(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Const(c) => match c {
            Const::None => "None".into(),
            Const::Bool(b) => if *b { "True" } else { "False" }.into(),
            Const::Int(i) => i.to_string(),
            Const::Float(f) => format!("{f:?}"),
            Const::Str(s) => format!("{s:?}"),
            Const::Bytes(b) => format!("b{:?}", String::from_utf8_lossy(b)),
            Const::Ellipsis => "...".into(),
        },
        ExprKind::FString(parts) => format!("f<{}>", dump_parts(parts)),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Tuple(elts) => format!("({},)", join(elts)),
        ExprKind::List(elts) => format!("[{}]", join(elts)),
        ExprKind::Dict(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|(k, v)| format!("{}: {}", dump(k), dump(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        ExprKind::ListComp {
            elt,
            target,
            iter,
            ifs,
        } => {
            let ifs: String = ifs.iter().map(|c| format!(" if {}", dump(c))).collect();
            format!(
                "[{} for {} in {}{ifs}]",
                dump(elt),
                dump(target),
                dump(iter)
            )
        }
        ExprKind::Attribute { value, attr } => format!("{}.{attr}", dump(value)),
        ExprKind::Subscript { value, index } => format!("{}[{}]", dump(value), dump(index)),
        ExprKind::Slice { lower, upper, step } => {
            format!("{}:{}:{}", opt(lower), opt(upper), opt(step))
        }
        ExprKind::Call { func, args, kwargs } => {
            let mut all: Vec<String> = args.iter().map(dump).collect();
            all.extend(kwargs.iter().map(|(k, v)| format!("{k}={}", dump(v))));
            format!("{}({})", dump(func), all.join(", "))
        }
        ExprKind::BinOp { left, op, right } => {
            format!("({} {} {})", dump(left), op.symbol(), dump(right))
        }
        ExprKind::UnaryOp { op, operand } => {
            let sym = match op {
                crate::ast::UnaryOp::Neg => "-",
                crate::ast::UnaryOp::Pos => "+",
                crate::ast::UnaryOp::Invert => "~",
                crate::ast::UnaryOp::Not => "not ",
            };
            format!("({sym}{})", dump(operand))
        }
        ExprKind::BoolOp { op, values } => {
            let sep = match op {
                crate::ast::BoolOp::And => " and ",
                crate::ast::BoolOp::Or => " or ",
            };
            let vals: Vec<String> = values.iter().map(dump).collect();
            format!("({})", vals.join(sep))
        }
        ExprKind::Compare { left, ops } => {
            let rest: String = ops
                .iter()
                .map(|(op, e)| format!(" {} {}", op.symbol(), dump(e)))
                .collect();
            format!("({}{rest})", dump(left))
        }
        ExprKind::IfExp { test, body, orelse } => {
            format!("({} if {} else {})", dump(body), dump(test), dump(orelse))
        }
        ExprKind::Lambda(def) => {
            let params: Vec<String> = def
                .params
                .iter()
                .map(|p| match &p.default {
                    Some(d) => format!("{}={}", p.name, dump(d)),
                    None => p.name.clone(),
                })
                .collect();
            let body = match def.body.first().map(|s| &s.kind) {
                Some(StmtKind::Return(Some(e))) => dump(e),
                other => format!("{other:?}"),
            };
            format!("(lambda {}: {body})", params.join(", "))
        }
    }
}

/// f-string parts: literals quoted, fields in braces.
pub(super) fn dump_parts(parts: &[FPart]) -> String {
    parts
        .iter()
        .map(|p| match p {
            FPart::Lit(s) => format!("{s:?}"),
            FPart::Value {
                expr,
                conversion,
                spec,
                debug,
            } => {
                let mut s = format!("{{{}", dump(expr));
                if let Some(d) = debug {
                    s.push_str(&format!(" debug={d:?}"));
                }
                if let Some(c) = conversion {
                    s.push_str(&format!("!{c}"));
                }
                if !spec.is_empty() {
                    s.push_str(&format!(":{}", dump_parts(spec)));
                }
                s.push('}');
                s
            }
        })
        .collect::<Vec<_>>()
        .join("|")
}
