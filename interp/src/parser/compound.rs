//! Compound statements: `if`, `while`, `for`, `try`, `with`, `def`, their
//! blocks, and parameter lists (shared with `lambda`).

use std::rc::Rc;

use super::lexer::Tok;
use super::{PResult, Parser};
use crate::ast::{FunctionDef, Handler, Param, Pos, Stmt, StmtKind, WithItem};
use crate::syntax::{SyntaxError, SyntaxKind};

impl Parser {
    /// A compound statement, at its keyword.
    pub(super) fn compound(&mut self) -> PResult<Stmt> {
        match self.tok() {
            Tok::Kw("if") => self.if_stmt(),
            Tok::Kw("while") => self.while_stmt(),
            Tok::Kw("for") => self.for_stmt(),
            Tok::Kw("try") => self.try_stmt(),
            Tok::Kw("with") => self.with_stmt(),
            _ => self.def_stmt(),
        }
    }

    /// The `:` ending a header ("expected ':'" when the line ends instead).
    fn colon(&mut self) -> PResult<()> {
        if self.eat_op(":") {
            Ok(())
        } else if self.at(&Tok::Newline) {
            Err(self.error(self.pos(), "expected ':'"))
        } else {
            Err(self.unexpected())
        }
    }

    /// A header's `:` and its block: an indented suite, or simple
    /// statements on the same line. `what` names the header in
    /// "expected an indented block after … on line N".
    fn block(&mut self, what: &str, line: u32) -> PResult<Vec<Stmt>> {
        self.colon()?;
        let mut body = Vec::new();
        if !self.at(&Tok::Newline) {
            if matches!(
                self.tok(),
                Tok::Kw("if" | "while" | "for" | "try" | "with" | "def" | "class")
            ) {
                return Err(self.unexpected());
            }
            self.simple_stmts(&mut body)?;
            return Ok(body);
        }
        self.advance();
        if !self.at(&Tok::Indent) {
            return Err(SyntaxError::new(
                SyntaxKind::Indentation,
                self.pos(),
                format!("expected an indented block after {what} on line {line}"),
            ));
        }
        self.advance();
        while !matches!(self.tok(), Tok::Dedent | Tok::End) {
            self.statement(&mut body)?;
        }
        if self.at(&Tok::Dedent) {
            self.advance();
        }
        Ok(body)
    }

    /// A loop's body: `break` and `continue` are allowed in it.
    fn loop_body(&mut self, what: &str, line: u32) -> PResult<Vec<Stmt>> {
        self.loop_depth += 1;
        let body = self.block(what, line);
        self.loop_depth -= 1;
        body
    }

    /// `else: block`, if there is one.
    fn else_block(&mut self) -> PResult<Vec<Stmt>> {
        if !self.at_kw("else") {
            return Ok(Vec::new());
        }
        let line = self.advance().pos.line;
        self.block("'else' statement", line)
    }

    /// `if` or `elif` (an `elif` becomes an `If` alone in `orelse`).
    fn if_stmt(&mut self) -> PResult<Stmt> {
        let start = self.advance();
        let kw = match start.tok {
            Tok::Kw(k) => k,
            _ => "if",
        };
        let test = self.expression()?;
        let body = self.block(&format!("'{kw}' statement"), start.pos.line)?;
        let orelse = if self.at_kw("elif") {
            vec![self.if_stmt()?]
        } else {
            self.else_block()?
        };
        Ok(Stmt {
            pos: start.pos,
            kind: StmtKind::If { test, body, orelse },
        })
    }

    fn while_stmt(&mut self) -> PResult<Stmt> {
        let pos = self.advance().pos;
        let test = self.expression()?;
        let body = self.loop_body("'while' statement", pos.line)?;
        let orelse = self.else_block()?;
        Ok(Stmt {
            pos,
            kind: StmtKind::While { test, body, orelse },
        })
    }

    fn for_stmt(&mut self) -> PResult<Stmt> {
        let pos = self.advance().pos;
        let target = self.target_list()?;
        self.expect_kw("in")?;
        let iter = self.star_expressions()?;
        let body = self.loop_body("'for' statement", pos.line)?;
        let orelse = self.else_block()?;
        Ok(Stmt {
            pos,
            kind: StmtKind::For {
                target,
                iter,
                body,
                orelse,
            },
        })
    }

    fn try_stmt(&mut self) -> PResult<Stmt> {
        let pos = self.advance().pos;
        let body = self.block("'try' statement", pos.line)?;
        let mut handlers: Vec<Handler> = Vec::new();
        while self.at_kw("except") {
            let hpos = self.advance().pos;
            if self.at_op("*") {
                return Err(self.unsupported(self.pos(), "except* (exception groups)"));
            }
            let (class, name) = if self.at_op(":") || self.at(&Tok::Newline) {
                (None, None)
            } else {
                let class = self.expression()?;
                if self.at_op(",") {
                    return Err(
                        self.error(class.pos, "multiple exception types must be parenthesized")
                    );
                }
                let name = if self.eat_kw("as") {
                    Some(self.name()?.0)
                } else {
                    None
                };
                (Some(class), name)
            };
            let hbody = self.block("'except' statement", hpos.line)?;
            if let Some(bare) = handlers.iter().find(|h| h.class.is_none()) {
                return Err(self.error(bare.pos, "default 'except:' must be last"));
            }
            handlers.push(Handler {
                pos: hpos,
                class,
                name,
                body: hbody,
            });
        }
        let orelse = if handlers.is_empty() {
            Vec::new()
        } else {
            self.else_block()?
        };
        let has_finally = self.at_kw("finally");
        let finalbody = if has_finally {
            let line = self.advance().pos.line;
            self.block("'finally' statement", line)?
        } else {
            Vec::new()
        };
        if handlers.is_empty() && !has_finally {
            return Err(self.error(self.pos(), "expected 'except' or 'finally' block"));
        }
        Ok(Stmt {
            pos,
            kind: StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            },
        })
    }

    fn with_stmt(&mut self) -> PResult<Stmt> {
        let pos = self.advance().pos;
        let mut items = None;
        if self.at_op("(") {
            let save = self.i;
            match self.paren_with_items() {
                Ok(parsed) => items = Some(parsed),
                Err(_) => self.i = save,
            }
        }
        let items = match items {
            Some(items) => items,
            None => self.with_items()?,
        };
        let body = self.block("'with' statement", pos.line)?;
        Ok(Stmt {
            pos,
            kind: StmtKind::With { items, body },
        })
    }

    /// `(a as b, c as d):`, the parenthesized form (fails if it is not).
    fn paren_with_items(&mut self) -> PResult<Vec<WithItem>> {
        self.advance();
        let mut items = vec![self.with_item()?];
        while self.eat_op(",") {
            if self.at_op(")") {
                break;
            }
            items.push(self.with_item()?);
        }
        self.expect_op(")")?;
        if !self.at_op(":") {
            return Err(self.unexpected());
        }
        Ok(items)
    }

    fn with_items(&mut self) -> PResult<Vec<WithItem>> {
        let mut items = vec![self.with_item()?];
        while self.eat_op(",") {
            items.push(self.with_item()?);
        }
        Ok(items)
    }

    fn with_item(&mut self) -> PResult<WithItem> {
        let context = self.expression()?;
        let target = if self.eat_kw("as") {
            Some(self.target()?)
        } else {
            None
        };
        Ok(WithItem { context, target })
    }

    fn def_stmt(&mut self) -> PResult<Stmt> {
        let pos = self.advance().pos;
        let (name, _) = self.name()?;
        if !self.at_op("(") {
            return Err(self.error(self.pos(), "expected '('"));
        }
        self.advance();
        let params = self.params(")", true)?;
        if self.at_op("->") {
            return Err(self.unsupported(self.pos(), "type annotations"));
        }
        let saved = (self.fn_depth, self.loop_depth);
        self.fn_depth += 1;
        self.loop_depth = 0;
        let body = self.block("function definition", pos.line);
        (self.fn_depth, self.loop_depth) = saved;
        let body = body?;
        if let Some((gpos, g)) = global_param(&body, &params) {
            return Err(self.error(gpos, format!("name '{g}' is parameter and global")));
        }
        let def = FunctionDef {
            pos,
            name,
            params,
            body,
        };
        Ok(Stmt {
            pos,
            kind: StmtKind::FunctionDef(Rc::new(def)),
        })
    }

    /// Parameters up to `closer` (`)` for `def`, `:` for `lambda`),
    /// consumed; `annotations` says whether `a: int` is plausible there.
    pub(super) fn params(&mut self, closer: &str, annotations: bool) -> PResult<Vec<Param>> {
        let mut params: Vec<Param> = Vec::new();
        loop {
            if self.eat_op(closer) {
                return Ok(params);
            }
            let pos = self.pos();
            if self.at_op("/")
                || (self.at_op("*")
                    && matches!(self.tok_at(1), Tok::Op(o) if *o == "," || *o == closer))
            {
                return Err(self.unsupported(pos, "keyword-only or positional-only parameters"));
            }
            if self.at_op("*") || self.at_op("**") {
                return Err(self.unsupported(pos, "*args and **kwargs"));
            }
            let (name, npos) = self.name()?;
            if annotations && self.at_op(":") {
                return Err(self.unsupported(self.pos(), "type annotations"));
            }
            let default = if self.eat_op("=") {
                Some(self.expression()?)
            } else {
                None
            };
            if default.is_none() && params.iter().any(|p| p.default.is_some()) {
                return Err(self.error(npos, "non-default argument follows default argument"));
            }
            if params.iter().any(|p| p.name == name) {
                return Err(self.error(
                    npos,
                    format!("duplicate argument '{name}' in function definition"),
                ));
            }
            params.push(Param { name, default });
            if !self.eat_op(",") {
                self.expect_op(closer)?;
                return Ok(params);
            }
        }
    }
}

/// A `global` statement in `body` (not in nested functions) naming one of
/// the parameters, which CPython rejects.
fn global_param(body: &[Stmt], params: &[Param]) -> Option<(Pos, String)> {
    body.iter().find_map(|s| match &s.kind {
        StmtKind::Global(names) => names
            .iter()
            .find(|n| params.iter().any(|p| p.name == **n))
            .map(|n| (s.pos, n.clone())),
        StmtKind::If { body, orelse, .. }
        | StmtKind::While { body, orelse, .. }
        | StmtKind::For { body, orelse, .. } => {
            global_param(body, params).or_else(|| global_param(orelse, params))
        }
        StmtKind::With { body, .. } => global_param(body, params),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => global_param(body, params)
            .or_else(|| handlers.iter().find_map(|h| global_param(&h.body, params)))
            .or_else(|| global_param(orelse, params))
            .or_else(|| global_param(finalbody, params)),
        _ => None,
    })
}
