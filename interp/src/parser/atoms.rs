//! Primaries and atoms: names, literals, displays, comprehensions, calls,
//! subscripts and slices, attribute access, `lambda`.

use std::rc::Rc;

use super::lexer::{StrLit, Tok};
use super::{PResult, Parser};
use crate::ast::{Const, Expr, ExprKind, FPart, FunctionDef, Pos, Stmt, StmtKind};
use crate::syntax::SyntaxError;

fn expr(pos: Pos, kind: ExprKind) -> Expr {
    Expr { pos, kind }
}

fn constant(pos: Pos, c: Const) -> Expr {
    expr(pos, ExprKind::Const(c))
}

impl Parser {
    /// An atom followed by `.name`, `(args)` and `[index]` trailers.
    pub(super) fn primary(&mut self) -> PResult<Expr> {
        let start = self.pos();
        let mut e = self.atom()?;
        for length in 0.. {
            self.check_chain(length)?;
            if self.eat_op(".") {
                let (attr, _) = self.name()?;
                e = expr(
                    start,
                    ExprKind::Attribute {
                        value: Box::new(e),
                        attr,
                    },
                );
            } else if self.eat_op("(") {
                e = self.call(start, e)?;
            } else if self.eat_op("[") {
                e = self.subscript(start, e)?;
            } else {
                break;
            }
        }
        Ok(e)
    }

    fn atom(&mut self) -> PResult<Expr> {
        let pos = self.pos();
        let c = match self.tok() {
            Tok::Name(n) => ExprKind::Name(n.clone()),
            Tok::Kw("None") => ExprKind::Const(Const::None),
            Tok::Kw("True") => ExprKind::Const(Const::Bool(true)),
            Tok::Kw("False") => ExprKind::Const(Const::Bool(false)),
            Tok::Int(v) => ExprKind::Const(Const::Int(*v)),
            Tok::Float(v) => ExprKind::Const(Const::Float(*v)),
            Tok::Op("...") => ExprKind::Const(Const::Ellipsis),
            Tok::Str(_) => return self.strings(),
            Tok::Op("(") => return self.paren(),
            Tok::Op("[") => return self.list_display(),
            Tok::Op("{") => return self.brace_display(),
            _ => return Err(self.unexpected()),
        };
        self.advance();
        Ok(expr(pos, c))
    }

    /// The error when an element inside brackets is followed by neither a
    /// comma nor the closing bracket.
    pub(super) fn after_element(&self, prev: &Expr) -> SyntaxError {
        let starts_plain = match self.tok() {
            Tok::Name(_) | Tok::Int(_) | Tok::Float(_) => true,
            // `f"..."`-like prefixes: CPython does not guess a comma.
            Tok::Str(_) => !matches!(prev.kind, ExprKind::Name(_)),
            Tok::Kw(k) => matches!(*k, "None" | "True" | "False" | "not" | "lambda"),
            Tok::Op(o) => matches!(*o, "{" | "~" | "..."),
            _ => false,
        };
        let soft_keyword =
            matches!(&prev.kind, ExprKind::Name(n) if n == "match" || n == "case" || n == "_");
        let disjunction = !matches!(prev.kind, ExprKind::IfExp { .. } | ExprKind::Lambda(_));
        if starts_plain && disjunction && !soft_keyword {
            self.error(prev.pos, "invalid syntax. Perhaps you forgot a comma?")
        } else {
            self.unexpected()
        }
    }

    /// The rest of a bracketed sequence after its first element: more
    /// elements separated by commas, up to `close` (consumed).
    fn rest_of_elements(&mut self, first: Expr, close: &str) -> PResult<Vec<Expr>> {
        let mut elts = vec![first];
        loop {
            if self.eat_op(close) {
                return Ok(elts);
            }
            if !self.eat_op(",") {
                return Err(match elts.last() {
                    Some(prev) => self.after_element(prev),
                    None => self.unexpected(),
                });
            }
            if self.eat_op(close) {
                return Ok(elts);
            }
            elts.push(self.element()?);
        }
    }

    /// `(…)`: a parenthesized expression or a tuple.
    fn paren(&mut self) -> PResult<Expr> {
        let pos = self.advance().pos;
        if self.eat_op(")") {
            return Ok(expr(pos, ExprKind::Tuple(Vec::new())));
        }
        let first = self.element()?;
        if self.at_kw("for") || self.at_kw("async") {
            return Err(self.unsupported(pos, "generator expressions"));
        }
        if self.eat_op(")") {
            return Ok(first);
        }
        if !self.at_op(",") {
            return Err(self.after_element(&first));
        }
        let elts = self.rest_of_elements(first, ")")?;
        Ok(expr(pos, ExprKind::Tuple(elts)))
    }

    /// `[…]`: a list or a list comprehension.
    fn list_display(&mut self) -> PResult<Expr> {
        let pos = self.advance().pos;
        if self.eat_op("]") {
            return Ok(expr(pos, ExprKind::List(Vec::new())));
        }
        let first = self.element()?;
        if self.at_kw("for") || self.at_kw("async") {
            return self.comprehension(pos, first);
        }
        let elts = self.rest_of_elements(first, "]")?;
        Ok(expr(pos, ExprKind::List(elts)))
    }

    /// `for target in iter if cond…]` after a list comprehension's element.
    fn comprehension(&mut self, pos: Pos, elt: Expr) -> PResult<Expr> {
        self.expect_kw("for")?;
        let target = self.target_list()?;
        self.expect_kw("in")?;
        let iter = self.disjunction()?;
        let mut ifs = Vec::new();
        while self.eat_kw("if") {
            ifs.push(self.disjunction()?);
        }
        if self.at_kw("for") || self.at_kw("async") {
            return Err(self.unsupported(self.pos(), "nested comprehensions"));
        }
        self.expect_op("]")?;
        Ok(expr(
            pos,
            ExprKind::ListComp {
                elt: Box::new(elt),
                target: Box::new(target),
                iter: Box::new(iter),
                ifs,
            },
        ))
    }

    /// `{…}`: a dict (sets and comprehensions are not supported).
    fn brace_display(&mut self) -> PResult<Expr> {
        let pos = self.advance().pos;
        if self.eat_op("}") {
            return Ok(expr(pos, ExprKind::Dict(Vec::new())));
        }
        if self.at_op("**") {
            return Err(self.unsupported(self.pos(), "unpacking with * and **"));
        }
        if self.at_op("*") {
            return Err(self.unsupported(pos, "set literals"));
        }
        let mut key = self.expression()?;
        let mut items = Vec::new();
        loop {
            if !self.at_op(":") {
                let set_like = self.at_op(",") || self.at_op("}") || self.at_kw("for");
                return Err(if items.is_empty() && set_like {
                    self.unsupported(pos, "set literals")
                } else if set_like {
                    self.error(key.pos, "':' expected after dictionary key")
                } else {
                    self.after_element(&key)
                });
            }
            self.advance();
            let value = self.expression()?;
            if items.is_empty() && (self.at_kw("for") || self.at_kw("async")) {
                return Err(self.unsupported(pos, "dict comprehensions"));
            }
            if !self.at_op(",") && !self.at_op("}") {
                return Err(self.after_element(&value));
            }
            items.push((key, value));
            self.eat_op(",");
            if self.eat_op("}") {
                return Ok(expr(pos, ExprKind::Dict(items)));
            }
            if self.at_op("**") {
                return Err(self.unsupported(self.pos(), "unpacking with * and **"));
            }
            key = self.expression()?;
        }
    }

    /// Adjacent string literals, joined: a str, bytes or f-string.
    fn strings(&mut self) -> PResult<Expr> {
        let pos = self.pos();
        let mut parts: Vec<FPart> = Vec::new();
        let mut text = String::new();
        let mut bytes = Vec::new();
        let (mut has_bytes, mut has_str, mut has_f) = (false, false, false);
        while let Tok::Str(lit) = self.tok() {
            let lit = lit.clone();
            self.advance();
            match lit {
                StrLit::Bytes(b) => {
                    has_bytes = true;
                    bytes.extend(b);
                }
                StrLit::Str(s) => {
                    has_str = true;
                    text.push_str(&s);
                }
                StrLit::F { body, start, raw } => {
                    has_str = true;
                    has_f = true;
                    if !text.is_empty() {
                        parts.push(FPart::Lit(std::mem::take(&mut text)));
                    }
                    parts.extend(self.fstring(&body, start, raw)?);
                }
            }
        }
        if has_bytes && has_str {
            return Err(self.error(self.pos(), "cannot mix bytes and nonbytes literals"));
        }
        if has_bytes {
            return Ok(constant(pos, Const::Bytes(bytes)));
        }
        if !has_f {
            return Ok(constant(pos, Const::Str(text)));
        }
        if !text.is_empty() {
            parts.push(FPart::Lit(text));
        }
        Ok(expr(pos, ExprKind::FString(merge_literals(parts))))
    }

    /// `(args)` after a callee (the `(` consumed).
    fn call(&mut self, start: Pos, func: Expr) -> PResult<Expr> {
        let mut args: Vec<Expr> = Vec::new();
        let mut kwargs: Vec<(String, Expr)> = Vec::new();
        // CPython reports a positional argument after a keyword one at the
        // closing parenthesis.
        let mut positional_after_keyword = false;
        loop {
            if self.at_op(")") {
                break;
            }
            let arg_pos = self.pos();
            if self.at_op("*") || self.at_op("**") {
                return Err(self.unsupported(arg_pos, "*args and **kwargs"));
            }
            let keyword = match (self.tok(), self.tok_at(1)) {
                (Tok::Name(n), Tok::Op("=")) => Some(n.clone()),
                _ => None,
            };
            let is_keyword = keyword.is_some();
            if let Some(name) = keyword {
                self.advance();
                self.advance();
                if kwargs.iter().any(|(k, _)| *k == name) {
                    return Err(self.error(arg_pos, format!("keyword argument repeated: {name}")));
                }
                let value = self.expression()?;
                kwargs.push((name, value));
            } else {
                let e = self.expression()?;
                if self.at_kw("for") || self.at_kw("async") {
                    return Err(self.unsupported(arg_pos, "generator expressions"));
                }
                if self.at_op("=") {
                    return Err(self.error(
                        e.pos,
                        "expression cannot contain assignment, perhaps you meant \"==\"?",
                    ));
                }
                positional_after_keyword |= !kwargs.is_empty();
                args.push(e);
            }
            if self.at_op(")") {
                break;
            }
            if !self.eat_op(",") {
                let prev = if is_keyword {
                    kwargs.last().map(|(_, v)| v)
                } else {
                    args.last()
                };
                return Err(match prev {
                    Some(prev) => self.after_element(prev),
                    None => self.unexpected(),
                });
            }
        }
        let close = self.advance().pos;
        if positional_after_keyword {
            return Err(self.error(close, "positional argument follows keyword argument"));
        }
        Ok(expr(
            start,
            ExprKind::Call {
                func: Box::new(func),
                args,
                kwargs,
            },
        ))
    }

    /// `[index]` or `[lo:hi:step]` after a value (the `[` consumed).
    fn subscript(&mut self, start: Pos, value: Expr) -> PResult<Expr> {
        let first = self.slice_item()?;
        let index = if self.at_op(",") {
            let tuple_pos = first.pos;
            let mut elts = vec![first];
            while self.eat_op(",") {
                if self.at_op("]") {
                    break;
                }
                elts.push(self.slice_item()?);
            }
            if elts
                .iter()
                .any(|e| matches!(e.kind, ExprKind::Slice { .. }))
            {
                return Err(self.unsupported(tuple_pos, "tuples of slices"));
            }
            expr(tuple_pos, ExprKind::Tuple(elts))
        } else {
            first
        };
        if !self.eat_op("]") {
            return Err(self.after_element(&index));
        }
        Ok(expr(
            start,
            ExprKind::Subscript {
                value: Box::new(value),
                index: Box::new(index),
            },
        ))
    }

    /// An index or a `lo:hi:step` slice.
    fn slice_item(&mut self) -> PResult<Expr> {
        let pos = self.pos();
        let lower = if self.at_op(":") {
            None
        } else {
            let e = self.expression()?;
            if !self.at_op(":") {
                return Ok(e);
            }
            Some(Box::new(e))
        };
        self.advance();
        let ends = |p: &Parser| p.at_op(":") || p.at_op("]") || p.at_op(",");
        let upper = if ends(self) {
            None
        } else {
            Some(Box::new(self.expression()?))
        };
        let mut step = None;
        if self.eat_op(":") && !ends(self) {
            step = Some(Box::new(self.expression()?));
        }
        Ok(expr(pos, ExprKind::Slice { lower, upper, step }))
    }

    /// `lambda params: body`, as a function returning `body`.
    pub(super) fn lambda(&mut self) -> PResult<Expr> {
        let pos = self.advance().pos;
        let params = self.params(":", false)?;
        let body = self.expression()?;
        let def = FunctionDef {
            pos,
            name: "<lambda>".to_string(),
            params,
            body: vec![Stmt {
                pos: body.pos,
                kind: StmtKind::Return(Some(body)),
            }],
        };
        Ok(expr(pos, ExprKind::Lambda(Rc::new(def))))
    }
}

/// Joins adjacent literal parts and drops empty ones.
pub(super) fn merge_literals(parts: Vec<FPart>) -> Vec<FPart> {
    let mut out: Vec<FPart> = Vec::with_capacity(parts.len());
    for part in parts {
        match (out.last_mut(), part) {
            (_, FPart::Lit(s)) if s.is_empty() => {}
            (Some(FPart::Lit(prev)), FPart::Lit(s)) => prev.push_str(&s),
            (_, part) => out.push(part),
        }
    }
    out
}
