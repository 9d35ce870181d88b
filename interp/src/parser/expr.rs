//! Expressions, by precedence: lambda and conditional expressions, boolean
//! operators, comparisons, bitwise and arithmetic operators, unary
//! operators and `**`. Atoms and trailers are in `atoms.rs`.

use super::lexer::Tok;
use super::{PResult, Parser};
use crate::ast::{BinOp, BoolOp, CmpOp, Expr, ExprKind, Pos, UnaryOp};
use crate::syntax::SyntaxError;

/// The binary operators with their precedence, loosest first.
const BIN_OPS: [(&str, BinOp, u8); 11] = [
    ("|", BinOp::BitOr, 1),
    ("^", BinOp::BitXor, 2),
    ("&", BinOp::BitAnd, 3),
    ("<<", BinOp::LShift, 4),
    (">>", BinOp::RShift, 4),
    ("+", BinOp::Add, 5),
    ("-", BinOp::Sub, 5),
    ("*", BinOp::Mul, 6),
    ("/", BinOp::Div, 6),
    ("//", BinOp::FloorDiv, 6),
    ("%", BinOp::Mod, 6),
];

fn binop(pos: Pos, left: Expr, op: BinOp, right: Expr) -> Expr {
    Expr {
        pos,
        kind: ExprKind::BinOp {
            left: Box::new(left),
            op,
            right: Box::new(right),
        },
    }
}

impl Parser {
    /// `a, b` (a tuple when there is a comma) or one expression: expression
    /// statements, assignment sides, `return`, `for … in`.
    pub(super) fn star_expressions(&mut self) -> PResult<Expr> {
        let start = self.pos();
        let first = self.element()?;
        if !self.at_op(",") {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(",") {
            if !self.starts_expression() {
                break;
            }
            elts.push(self.element()?);
        }
        Ok(Expr {
            pos: start,
            kind: ExprKind::Tuple(elts),
        })
    }

    /// One element of a tuple or list display: an expression (`*x` is not
    /// supported).
    pub(super) fn element(&mut self) -> PResult<Expr> {
        if self.at_op("*") || self.at_op("**") {
            return Err(self.star_error());
        }
        self.expression()
    }

    /// The error for `*x` in a display: star assignment when an `=` follows
    /// it on the line outside the brackets it is in, unpacking otherwise.
    pub(super) fn star_error(&self) -> SyntaxError {
        let mut depth = 0i32;
        let mut assign = self.in_target;
        for t in &self.toks[self.i..] {
            match &t.tok {
                Tok::Newline | Tok::End => break,
                Tok::Op("(" | "[" | "{") => depth += 1,
                Tok::Op(")" | "]" | "}") => depth -= 1,
                Tok::Op("=") if depth <= 0 => {
                    assign = true;
                    break;
                }
                _ => {}
            }
        }
        let feature = if assign {
            "star assignment"
        } else {
            "unpacking with * and **"
        };
        self.unsupported(self.pos(), feature)
    }

    /// `lambda`, `x if c else y`, or a disjunction.
    pub(super) fn expression(&mut self) -> PResult<Expr> {
        self.nested(Parser::conditional)
    }

    fn conditional(&mut self) -> PResult<Expr> {
        if self.at_kw("lambda") {
            return self.lambda();
        }
        let start = self.pos();
        let body = self.disjunction()?;
        if !self.eat_kw("if") {
            return Ok(body);
        }
        let test = self.disjunction()?;
        if !self.eat_kw("else") {
            return Err(self.error(start, "expected 'else' after 'if' expression"));
        }
        let orelse = self.expression()?;
        Ok(Expr {
            pos: start,
            kind: ExprKind::IfExp {
                test: Box::new(test),
                body: Box::new(body),
                orelse: Box::new(orelse),
            },
        })
    }

    /// `a or b or …`.
    pub(super) fn disjunction(&mut self) -> PResult<Expr> {
        self.bool_chain("or", BoolOp::Or, Parser::conjunction)
    }

    fn conjunction(&mut self) -> PResult<Expr> {
        self.bool_chain("and", BoolOp::And, Parser::inversion)
    }

    fn bool_chain(
        &mut self,
        kw: &str,
        op: BoolOp,
        operand: fn(&mut Parser) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let start = self.pos();
        let first = operand(self)?;
        if !self.at_kw(kw) {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.eat_kw(kw) {
            values.push(operand(self)?);
        }
        Ok(Expr {
            pos: start,
            kind: ExprKind::BoolOp { op, values },
        })
    }

    fn inversion(&mut self) -> PResult<Expr> {
        if self.at_kw("not") {
            let pos = self.advance().pos;
            let operand = self.nested(Parser::inversion)?;
            return Ok(Expr {
                pos,
                kind: ExprKind::UnaryOp {
                    op: UnaryOp::Not,
                    operand: Box::new(operand),
                },
            });
        }
        self.comparison()
    }

    /// The comparison operator at the cursor, consumed.
    fn cmp_op(&mut self) -> Option<CmpOp> {
        let (op, len) = match self.tok() {
            Tok::Op("==") => (CmpOp::Eq, 1),
            Tok::Op("!=") => (CmpOp::NotEq, 1),
            Tok::Op("<") => (CmpOp::Lt, 1),
            Tok::Op("<=") => (CmpOp::LtE, 1),
            Tok::Op(">") => (CmpOp::Gt, 1),
            Tok::Op(">=") => (CmpOp::GtE, 1),
            Tok::Kw("in") => (CmpOp::In, 1),
            Tok::Kw("is") if self.tok_at(1) == &Tok::Kw("not") => (CmpOp::IsNot, 2),
            Tok::Kw("is") => (CmpOp::Is, 1),
            Tok::Kw("not") if self.tok_at(1) == &Tok::Kw("in") => (CmpOp::NotIn, 2),
            _ => return None,
        };
        for _ in 0..len {
            self.advance();
        }
        Some(op)
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let start = self.pos();
        let left = self.bitor()?;
        let mut ops = Vec::new();
        while let Some(op) = self.cmp_op() {
            ops.push((op, self.bitor()?));
        }
        if ops.is_empty() {
            return Ok(left);
        }
        Ok(Expr {
            pos: start,
            kind: ExprKind::Compare {
                left: Box::new(left),
                ops,
            },
        })
    }

    /// The binary operator at the cursor and its precedence (higher binds
    /// tighter), if any.
    fn bin_op(&self) -> Option<(BinOp, u8)> {
        let Tok::Op(sym) = self.tok() else {
            return None;
        };
        BIN_OPS
            .iter()
            .find(|(s, _, _)| s == sym)
            .map(|(_, op, prec)| (*op, *prec))
    }

    /// `a | b`: the level of expressions assignment targets may be.
    pub(super) fn bitor(&mut self) -> PResult<Expr> {
        self.binary(1)
    }

    /// Binary operators binding at least as tightly as `min`, by
    /// precedence climbing: left-associative, each right operand parsed
    /// with the next higher precedence.
    fn binary(&mut self, min: u8) -> PResult<Expr> {
        let start = self.pos();
        let mut left = self.factor()?;
        for length in 0.. {
            if self.at_op("@") {
                return Err(self.unsupported(self.pos(), "matrix multiplication @"));
            }
            let Some((op, prec)) = self.bin_op().filter(|(_, prec)| *prec >= min) else {
                break;
            };
            self.check_chain(length)?;
            self.advance();
            let right = self.binary(prec + 1)?;
            left = binop(start, left, op, right);
        }
        Ok(left)
    }

    /// Unary `-`, `+`, `~`, which bind looser than `**` on their right.
    fn factor(&mut self) -> PResult<Expr> {
        let op = match self.tok() {
            Tok::Op("-") => UnaryOp::Neg,
            Tok::Op("+") => UnaryOp::Pos,
            Tok::Op("~") => UnaryOp::Invert,
            _ => return self.power(),
        };
        let pos = self.advance().pos;
        let operand = self.nested(Parser::factor)?;
        Ok(Expr {
            pos,
            kind: ExprKind::UnaryOp {
                op,
                operand: Box::new(operand),
            },
        })
    }

    /// `a ** b`, right-associative (its right side is a factor).
    fn power(&mut self) -> PResult<Expr> {
        let start = self.pos();
        let base = self.primary()?;
        if !self.eat_op("**") {
            return Ok(base);
        }
        let exp = self.nested(Parser::factor)?;
        Ok(binop(start, base, BinOp::Pow, exp))
    }
}
