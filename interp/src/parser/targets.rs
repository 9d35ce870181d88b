//! Assignment and deletion targets: parsing `for`/`with`/comprehension
//! targets, and checking the targets of `=`, `+=` and `del` with CPython's
//! messages.

use super::{PResult, Parser};
use crate::ast::{Const, Expr, ExprKind, UnaryOp};
use crate::syntax::{SyntaxError, SyntaxKind};

/// What the target is for, which words the error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TargetCtx {
    /// `=`, `for`, `with … as`, comprehensions: "cannot assign to …".
    Assign,
    /// `del`: "cannot delete …".
    Delete,
}

/// How CPython names an expression in its "cannot assign to …" errors.
pub(super) fn expr_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Const(Const::None) => "None",
        ExprKind::Const(Const::Bool(true)) => "True",
        ExprKind::Const(Const::Bool(false)) => "False",
        ExprKind::Const(Const::Ellipsis) => "ellipsis",
        ExprKind::Const(_) => "literal",
        ExprKind::FString(_) => "f-string expression",
        ExprKind::Name(_) => "name",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) => "list",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Slice { .. } => "slice",
        ExprKind::Call { .. } => "function call",
        ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } | ExprKind::BoolOp { .. } => "expression",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::Lambda(_) => "lambda",
    }
}

/// The first part of `e` that cannot be assigned to, if any.
pub(super) fn invalid_target(e: &Expr) -> Option<&Expr> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
        ExprKind::Tuple(elts) | ExprKind::List(elts) => elts.iter().find_map(invalid_target),
        _ => Some(e),
    }
}

/// Checks a target of `for`, `with`, a comprehension or `del`.
pub(super) fn check_target(e: &Expr, ctx: TargetCtx) -> PResult<()> {
    let Some(bad) = invalid_target(e) else {
        return Ok(());
    };
    let verb = match ctx {
        TargetCtx::Assign => "assign to",
        TargetCtx::Delete => "delete",
    };
    Err(SyntaxError::new(
        SyntaxKind::Syntax,
        bad.pos,
        format!("cannot {verb} {}", expr_name(bad)),
    ))
}

/// Whether CPython words a bad first `=` target "cannot assign to X here.
/// Maybe you meant '==' instead of '='?": an operand-level expression that
/// is not a display or `True`/`False`/`None`.
fn maybe_comparison(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Const(c) => !matches!(c, Const::None | Const::Bool(_)),
        ExprKind::UnaryOp { op, .. } => *op != UnaryOp::Not,
        ExprKind::FString(_)
        | ExprKind::Dict(_)
        | ExprKind::ListComp { .. }
        | ExprKind::Call { .. }
        | ExprKind::BinOp { .. } => true,
        _ => false,
    }
}

/// Checks the targets of `t1 = t2 = … = value`.
pub(super) fn check_assign_targets(targets: &[Expr]) -> PResult<()> {
    if let Some(first) = targets.first() {
        // The expression right before the first `=`: the target itself, or
        // the last element of an unparenthesized tuple.
        let last = match &first.kind {
            ExprKind::Tuple(elts) if elts.first().is_some_and(|e| e.pos == first.pos) => {
                elts.last()
            }
            _ => Some(first),
        };
        if let Some(e) = last.filter(|e| maybe_comparison(e)) {
            return Err(SyntaxError::new(
                SyntaxKind::Syntax,
                e.pos,
                format!(
                    "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                    expr_name(e)
                ),
            ));
        }
    }
    targets
        .iter()
        .try_for_each(|t| check_target(t, TargetCtx::Assign))
}

/// Checks the target of `x += value`.
pub(super) fn check_aug_target(e: &Expr) -> PResult<()> {
    match e.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
        _ => Err(SyntaxError::new(
            SyntaxKind::Syntax,
            e.pos,
            format!(
                "'{}' is an illegal expression for augmented assignment",
                expr_name(e)
            ),
        )),
    }
}

impl Parser {
    /// `a`, `a, b`, `(a, b)`: the target of `for` and of comprehensions.
    pub(super) fn target_list(&mut self) -> PResult<Expr> {
        let start = self.pos();
        let first = self.target()?;
        if !self.at_op(",") {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(",") {
            if !self.starts_expression() {
                break;
            }
            elts.push(self.target()?);
        }
        Ok(Expr {
            pos: start,
            kind: ExprKind::Tuple(elts),
        })
    }

    /// One target: a name, attribute, subscript, or bracketed targets.
    pub(super) fn target(&mut self) -> PResult<Expr> {
        if self.at_op("*") {
            return Err(self.unsupported(self.pos(), "star assignment"));
        }
        let saved = std::mem::replace(&mut self.in_target, true);
        let e = self.primary();
        self.in_target = saved;
        let e = e?;
        check_target(&e, TargetCtx::Assign)?;
        Ok(e)
    }
}
