//! The parser: source text to an [`ast::Module`](crate::ast::Module), or a
//! [`SyntaxError`] worded as CPython 3.11 words it.
//!
//! The source is tokenized whole first ([`lexer`]), so tokenizer errors
//! (unclosed brackets, unterminated strings, bad indentation) win over
//! grammar errors; then a recursive-descent parser builds the tree:
//! statements in `stmt.rs` and `compound.rs`, expressions in `expr.rs` and
//! `atoms.rs`, assignment targets in `targets.rs`, f-strings in
//! `fstring.rs`.

mod atoms;
mod compound;
mod escapes;
mod expr;
mod fstring;
mod lexer;
mod stmt;
mod targets;
#[cfg(test)]
mod tests;

use crate::ast::{Module, Pos};
use crate::syntax::{SyntaxError, SyntaxKind};
use lexer::{Tok, Token};

/// How deep expressions may nest (parentheses, unary operators, `**`)
/// before the parser gives up rather than risk its stack.
const MAX_NEST: u32 = 100;

/// How long a chain of left-associative operators or trailers may be
/// (`a + b + …`, `a.b.c…`): the tree it builds is that deep.
const MAX_CHAIN: u32 = 1000;

/// A parse result.
pub(crate) type PResult<T> = Result<T, SyntaxError>;

/// Parses a script or one console input.
pub fn parse(source: &str) -> Result<Module, SyntaxError> {
    let src = normalize(source);
    lexer::tokenize(&src)
        .map_err(|e| e.error)
        .and_then(|toks| Parser::new(toks).module())
        .map_err(|e| with_line_text(e, &src))
}

/// Whether console input is ready to run (see [`completeness`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Completeness {
    /// It parses and is finished: run it.
    Complete,
    /// More lines could complete it: prompt with `...`.
    Incomplete,
    /// It cannot become valid: report the error.
    Invalid(SyntaxError),
}

/// For the interactive console: is this (possibly multi-line) input
/// complete, like Python's `codeop`?
///
/// Incomplete when it ends inside an open bracket or triple-quoted string or
/// after a backslash continuation, or when it starts a compound statement
/// (`if`, `while`, `for`, `try`, `with`, `def`) whose last line is not yet
/// blank, as long as what is there could still be completed. Otherwise
/// complete if it parses, invalid if not.
pub fn completeness(source: &str) -> Completeness {
    let src = normalize(source);
    let toks = match lexer::tokenize(&src) {
        Ok(toks) => toks,
        Err(e) if e.incomplete => return Completeness::Incomplete,
        Err(e) => return Completeness::Invalid(with_line_text(e.error, &src)),
    };
    let compound = matches!(
        toks.first().map(|t| &t.tok),
        Some(Tok::Kw("if" | "while" | "for" | "try" | "with" | "def"))
    );
    let waiting = compound && !ends_with_blank_line(&src);
    // Where the run of DEDENTs and the end marker starts: an error there
    // means the parser wanted more lines.
    let trailing = toks
        .iter()
        .rposition(|t| !matches!(t.tok, Tok::Dedent | Tok::End))
        .map_or(0, |i| i + 1);
    let mut parser = Parser::new(toks);
    match parser.module() {
        Ok(_) if waiting => Completeness::Incomplete,
        Ok(_) => Completeness::Complete,
        Err(_) if waiting && parser.i >= trailing => Completeness::Incomplete,
        Err(e) => Completeness::Invalid(with_line_text(e, &src)),
    }
}

/// Whether the input's last line (after its final newline) is blank.
fn ends_with_blank_line(src: &str) -> bool {
    let body = src.strip_suffix('\n').unwrap_or(src);
    match body.rsplit_once('\n') {
        Some((_, last)) => last.trim().is_empty(),
        None => false,
    }
}

/// `\r\n` and `\r` to `\n`, without a byte-order mark.
fn normalize(source: &str) -> String {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    source.replace("\r\n", "\n").replace('\r', "\n")
}

/// Fills in the offending line's text.
fn with_line_text(mut e: SyntaxError, src: &str) -> SyntaxError {
    if e.line_text.is_empty() && e.pos.line >= 1 {
        if let Some(line) = src.split('\n').nth(e.pos.line as usize - 1) {
            e.line_text = line.to_string();
        }
    }
    e
}

/// The recursive-descent parser's state: the tokens and a cursor.
pub(crate) struct Parser {
    toks: Vec<Token>,
    i: usize,
    /// How many `def`s enclose the current statement.
    fn_depth: u32,
    /// How many loops enclose it (reset by `def`).
    loop_depth: u32,
    /// Whether a `for`/`with` target is being parsed (for `*x` errors).
    in_target: bool,
    /// How deeply the current expression is nested.
    nest: u32,
}

impl Parser {
    fn new(mut toks: Vec<Token>) -> Parser {
        if !matches!(toks.last().map(|t| &t.tok), Some(Tok::End)) {
            let pos = toks.last().map_or(Pos { line: 1, col: 1 }, |t| t.pos);
            toks.push(Token { tok: Tok::End, pos });
        }
        Parser {
            toks,
            i: 0,
            fn_depth: 0,
            loop_depth: 0,
            in_target: false,
            nest: 0,
        }
    }

    /// Runs `parse` one nesting level deeper, failing past [`MAX_NEST`].
    fn nested<T>(&mut self, parse: fn(&mut Parser) -> PResult<T>) -> PResult<T> {
        if self.nest >= MAX_NEST {
            return Err(self.error(self.pos(), "too complex: expressions nested too deeply"));
        }
        self.nest += 1;
        let result = parse(self);
        self.nest -= 1;
        result
    }

    /// Fails when a chain of operators or trailers gets too long.
    fn check_chain(&self, length: u32) -> PResult<()> {
        if length >= MAX_CHAIN {
            return Err(self.error(self.pos(), "too complex: expressions nested too deeply"));
        }
        Ok(())
    }

    /// The whole module.
    fn module(&mut self) -> PResult<Module> {
        let mut body = Vec::new();
        while !self.at(&Tok::End) {
            if self.at(&Tok::Newline) {
                self.i += 1;
                continue;
            }
            self.statement(&mut body)?;
        }
        Ok(Module { body })
    }

    /// The current token (the end marker once past the end).
    fn tok(&self) -> &Tok {
        self.tok_at(0)
    }

    /// The token `n` ahead of the current one.
    fn tok_at(&self, n: usize) -> &Tok {
        let last = self.toks.len() - 1;
        &self.toks[(self.i + n).min(last)].tok
    }

    /// Where the current token starts.
    fn pos(&self) -> Pos {
        let last = self.toks.len() - 1;
        self.toks[self.i.min(last)].pos
    }

    /// Takes the current token (never moves past the end marker).
    fn advance(&mut self) -> Token {
        let last = self.toks.len() - 1;
        let t = self.toks[self.i.min(last)].clone();
        if self.i < last {
            self.i += 1;
        }
        t
    }

    fn at(&self, tok: &Tok) -> bool {
        self.tok() == tok
    }

    fn at_op(&self, op: &str) -> bool {
        matches!(self.tok(), Tok::Op(o) if *o == op)
    }

    fn at_kw(&self, kw: &str) -> bool {
        matches!(self.tok(), Tok::Kw(k) if *k == kw)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let yes = self.at_op(op);
        if yes {
            self.advance();
        }
        yes
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let yes = self.at_kw(kw);
        if yes {
            self.advance();
        }
        yes
    }

    /// Consumes `op` or fails with the usual error for the current token.
    fn expect_op(&mut self, op: &str) -> PResult<Pos> {
        if self.at_op(op) {
            Ok(self.advance().pos)
        } else {
            Err(self.unexpected())
        }
    }

    fn expect_kw(&mut self, kw: &str) -> PResult<Pos> {
        if self.at_kw(kw) {
            Ok(self.advance().pos)
        } else {
            Err(self.unexpected())
        }
    }

    /// An identifier and its position.
    fn name(&mut self) -> PResult<(String, Pos)> {
        match self.tok() {
            Tok::Name(n) => {
                let n = n.clone();
                Ok((n, self.advance().pos))
            }
            _ => Err(self.unexpected()),
        }
    }

    /// A plain `SyntaxError`.
    fn error(&self, pos: Pos, msg: impl Into<String>) -> SyntaxError {
        SyntaxError::new(SyntaxKind::Syntax, pos, msg)
    }

    /// "not supported in the playground: `feature`".
    fn unsupported(&self, pos: Pos, feature: &str) -> SyntaxError {
        SyntaxError::new(
            SyntaxKind::Unsupported,
            pos,
            format!("not supported in the playground: {feature}"),
        )
    }

    /// The error for a token that cannot come here: "invalid syntax", or
    /// the unsupported feature it starts, or an indentation error.
    fn unexpected(&self) -> SyntaxError {
        let pos = self.pos();
        match self.tok() {
            Tok::Op(":=") => self.unsupported(pos, "the walrus operator :="),
            Tok::Op("@" | "@=") => self.unsupported(pos, "matrix multiplication @"),
            Tok::Kw("yield") => self.unsupported(pos, "yield"),
            Tok::Kw("async" | "await") => self.unsupported(pos, "async and await"),
            Tok::Indent => SyntaxError::new(SyntaxKind::Indentation, pos, "unexpected indent"),
            Tok::Dedent => SyntaxError::new(SyntaxKind::Indentation, pos, "unexpected unindent"),
            _ => self.error(pos, "invalid syntax"),
        }
    }

    /// Whether the current token can start an expression.
    fn starts_expression(&self) -> bool {
        match self.tok() {
            Tok::Name(_) | Tok::Int(_) | Tok::Float(_) | Tok::Str(_) => true,
            Tok::Kw(k) => matches!(
                *k,
                "None" | "True" | "False" | "not" | "lambda" | "await" | "yield"
            ),
            Tok::Op(o) => matches!(*o, "(" | "[" | "{" | "-" | "+" | "~" | "..." | "*" | "**"),
            _ => false,
        }
    }

    /// Whether the current token ends a simple statement.
    fn at_stmt_end(&self) -> bool {
        matches!(self.tok(), Tok::Newline | Tok::End | Tok::Op(";"))
    }
}
