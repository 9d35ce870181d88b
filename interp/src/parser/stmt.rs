//! Statements: dispatch, and the simple statements (expressions,
//! assignments, `return`, `raise`, `import`, …) that share a line with `;`.

use super::lexer::Tok;
use super::targets::{check_assign_targets, check_aug_target, check_target, TargetCtx};
use super::{PResult, Parser};
use crate::ast::{Alias, BinOp, Expr, ExprKind, Pos, Stmt, StmtKind};

/// The augmented assignment operators and what they apply.
const AUG_OPS: [(&str, BinOp); 12] = [
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

fn stmt(pos: Pos, kind: StmtKind) -> Stmt {
    Stmt { pos, kind }
}

impl Parser {
    /// One statement (a line of simple statements adds several to `out`).
    pub(super) fn statement(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let pos = self.pos();
        match self.tok() {
            Tok::Kw("if" | "while" | "for" | "try" | "with" | "def") => {
                out.push(self.compound()?);
                Ok(())
            }
            Tok::Kw("class") => Err(self.unsupported(pos, "class definitions")),
            Tok::Op("@") => Err(self.unsupported(pos, "decorators")),
            Tok::Name(n) if n == "match" && self.looks_like_match() => {
                Err(self.unsupported(pos, "match statements"))
            }
            Tok::Indent => Err(self.unexpected()),
            _ => self.simple_stmts(out),
        }
    }

    /// `match subject:` (a soft keyword: `match = 1` is an assignment).
    fn looks_like_match(&self) -> bool {
        let subject_start = match self.tok_at(1) {
            Tok::Op(o) => matches!(*o, "(" | "[" | "{" | "-" | "+" | "~" | "*"),
            Tok::Newline | Tok::End => false,
            _ => true,
        };
        let line_end = self.toks[self.i..]
            .iter()
            .position(|t| matches!(t.tok, Tok::Newline | Tok::End))
            .map_or(self.toks.len(), |n| self.i + n);
        subject_start && line_end > 0 && self.toks[line_end - 1].tok == Tok::Op(":")
    }

    /// Simple statements separated by `;`, up to the end of the line.
    pub(super) fn simple_stmts(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            out.push(self.simple_stmt()?);
            if !self.eat_op(";") || matches!(self.tok(), Tok::Newline | Tok::End) {
                break;
            }
        }
        match self.tok() {
            Tok::Newline => {
                self.advance();
                Ok(())
            }
            Tok::End => Ok(()),
            _ => Err(self.unexpected()),
        }
    }

    fn simple_stmt(&mut self) -> PResult<Stmt> {
        let pos = self.pos();
        let kw = match self.tok() {
            Tok::Kw(k) => *k,
            _ => return self.expr_stmt(),
        };
        let kind = match kw {
            "pass" => {
                self.advance();
                StmtKind::Pass
            }
            "break" | "continue" => {
                self.advance();
                if self.loop_depth == 0 {
                    let msg = if kw == "break" {
                        "'break' outside loop"
                    } else {
                        "'continue' not properly in loop"
                    };
                    return Err(self.error(pos, msg));
                }
                if kw == "break" {
                    StmtKind::Break
                } else {
                    StmtKind::Continue
                }
            }
            "return" => {
                self.advance();
                if self.fn_depth == 0 {
                    return Err(self.error(pos, "'return' outside function"));
                }
                if self.at_stmt_end() {
                    StmtKind::Return(None)
                } else {
                    StmtKind::Return(Some(self.star_expressions()?))
                }
            }
            "raise" => {
                self.advance();
                let mut exc = None;
                let mut cause = None;
                if !self.at_stmt_end() {
                    exc = Some(self.expression()?);
                    if self.eat_kw("from") {
                        cause = Some(self.expression()?);
                    }
                }
                StmtKind::Raise { exc, cause }
            }
            "assert" => {
                self.advance();
                let test = self.expression()?;
                let msg = if self.eat_op(",") {
                    Some(self.expression()?)
                } else {
                    None
                };
                StmtKind::Assert { test, msg }
            }
            "global" => {
                self.advance();
                let mut names = vec![self.name()?.0];
                while self.eat_op(",") {
                    names.push(self.name()?.0);
                }
                StmtKind::Global(names)
            }
            "nonlocal" => return Err(self.unsupported(pos, "nonlocal")),
            "del" => {
                self.advance();
                StmtKind::Delete(self.del_targets()?)
            }
            "import" => {
                self.advance();
                let mut names = vec![self.alias(true)?];
                while self.eat_op(",") {
                    names.push(self.alias(true)?);
                }
                StmtKind::Import(names)
            }
            "from" => self.import_from()?,
            "async" => return Err(self.unsupported(pos, "async and await")),
            _ => return self.expr_stmt(),
        };
        Ok(stmt(pos, kind))
    }

    /// `del a, b[i], c.d`.
    fn del_targets(&mut self) -> PResult<Vec<Expr>> {
        let mut targets = Vec::new();
        loop {
            let e = self.expression()?;
            check_target(&e, TargetCtx::Delete)?;
            targets.push(e);
            if !self.eat_op(",") || self.at_stmt_end() {
                return Ok(targets);
            }
        }
    }

    /// `a.b.c` (dotted) or `a`, with `as name`.
    fn alias(&mut self, dotted: bool) -> PResult<Alias> {
        let (mut name, _) = self.name()?;
        while dotted && self.eat_op(".") {
            name.push('.');
            name.push_str(&self.name()?.0);
        }
        let asname = if self.eat_kw("as") {
            Some(self.name()?.0)
        } else {
            None
        };
        Ok(Alias { name, asname })
    }

    /// `from module import names` (after `from`).
    fn import_from(&mut self) -> PResult<StmtKind> {
        self.advance();
        if self.at_op(".") || self.at_op("...") {
            return Err(self.unsupported(self.pos(), "relative imports"));
        }
        let module = self.alias(true)?;
        if module.asname.is_some() {
            return Err(self.error(self.pos(), "invalid syntax"));
        }
        self.expect_kw("import")?;
        if self.eat_op("*") {
            return Ok(StmtKind::ImportFrom {
                module: module.name,
                names: Vec::new(),
            });
        }
        let parens = self.eat_op("(");
        let mut names = vec![self.alias(false)?];
        while self.eat_op(",") {
            if parens && self.at_op(")") {
                break;
            }
            if !parens && self.at_stmt_end() {
                return Err(self.error(
                    self.pos(),
                    "trailing comma not allowed without surrounding parentheses",
                ));
            }
            names.push(self.alias(false)?);
        }
        if parens {
            self.expect_op(")")?;
        }
        Ok(StmtKind::ImportFrom {
            module: module.name,
            names,
        })
    }

    /// An expression statement, assignment or augmented assignment.
    fn expr_stmt(&mut self) -> PResult<Stmt> {
        let pos = self.pos();
        if self.at_op("*") {
            return Err(self.unsupported(pos, "star assignment"));
        }
        let first = self.star_expressions()?;
        if self.at_op("=") {
            let mut targets = vec![first];
            while self.eat_op("=") {
                if self.at_op("*") {
                    return Err(self.star_error());
                }
                targets.push(self.star_expressions()?);
            }
            let value = targets.pop().ok_or_else(|| self.unexpected())?;
            check_assign_targets(&targets)?;
            return Ok(stmt(pos, StmtKind::Assign { targets, value }));
        }
        let aug = AUG_OPS
            .iter()
            .find(|(sym, _)| self.at_op(sym))
            .map(|(_, op)| *op);
        if let Some(op) = aug {
            check_aug_target(&first)?;
            self.advance();
            let value = self.star_expressions()?;
            return Ok(stmt(
                pos,
                StmtKind::AugAssign {
                    target: first,
                    op,
                    value,
                },
            ));
        }
        if self.at_op(":") {
            return Err(self.unsupported(self.pos(), "type annotations"));
        }
        if let ExprKind::Name(n) = &first.kind {
            if (n == "print" || n == "exec") && self.starts_legacy_argument() {
                return Err(self.error(
                    first.pos,
                    format!("Missing parentheses in call to '{n}'. Did you mean {n}(...)?"),
                ));
            }
        }
        Ok(stmt(pos, StmtKind::Expr(first)))
    }

    /// After `print`: something Python 2's print statement would print.
    fn starts_legacy_argument(&self) -> bool {
        match self.tok() {
            Tok::Name(_) | Tok::Int(_) | Tok::Float(_) | Tok::Str(_) => true,
            Tok::Kw(k) => matches!(*k, "None" | "True" | "False" | "not" | "lambda"),
            Tok::Op(o) => matches!(*o, "{" | "~" | "..."),
            _ => false,
        }
    }
}
