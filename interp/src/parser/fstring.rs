//! f-strings: literal text (escapes decoded, `{{` and `}}` unescaped) and
//! `{expr!conv:spec}` / `{expr=}` replacement fields, as CPython 3.11 reads
//! them. Each field's expression is tokenized and parsed on its own, at its
//! position in the file.

use super::atoms::merge_literals;
use super::escapes;
use super::lexer::{self, Tok};
use super::{PResult, Parser};
use crate::ast::{Expr, FPart, Pos};
use crate::syntax::{SyntaxError, SyntaxKind};

impl Parser {
    /// The parts of one f-string literal's body, which starts at `start`.
    pub(super) fn fstring(&mut self, body: &str, start: Pos, raw: bool) -> PResult<Vec<FPart>> {
        let mut scanner = Scanner {
            chars: body.chars().collect(),
            i: 0,
            line: start.line,
            col: start.col,
            raw,
            nest: self.nest,
        };
        scanner.parts(false, 0)
    }
}

struct Scanner {
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    raw: bool,
    /// The enclosing parser's nesting depth, carried into fields.
    nest: u32,
}

fn error(pos: Pos, msg: impl Into<String>) -> SyntaxError {
    SyntaxError::new(SyntaxKind::Syntax, pos, msg)
}

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.i + n).copied()
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    /// Literal text and fields up to the end (or, in a format spec, up to
    /// the `}` closing the field, not consumed).
    fn parts(&mut self, in_spec: bool, depth: u32) -> PResult<Vec<FPart>> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut lit_pos = self.pos();
        loop {
            match self.peek() {
                None => break,
                Some('{') if self.peek_at(1) == Some('{') => {
                    lit.push('{');
                    self.bump();
                    self.bump();
                }
                Some('{') => {
                    self.flush(&mut lit, lit_pos, &mut parts)?;
                    parts.push(self.field(depth)?);
                    lit_pos = self.pos();
                }
                Some('}') if in_spec => break,
                Some('}') if self.peek_at(1) == Some('}') => {
                    lit.push('}');
                    self.bump();
                    self.bump();
                }
                Some('}') => return Err(error(self.pos(), "f-string: single '}' is not allowed")),
                Some('\\') if !self.raw => {
                    lit.push('\\');
                    self.bump();
                    if let Some(c) = self.bump() {
                        lit.push(c);
                        // `\N{name}`: its braces do not start a field.
                        if c == 'N' && self.peek() == Some('{') {
                            while let Some(c) = self.bump() {
                                lit.push(c);
                                if c == '}' {
                                    break;
                                }
                            }
                        }
                    }
                }
                Some(c) => {
                    lit.push(c);
                    self.bump();
                }
            }
        }
        self.flush(&mut lit, lit_pos, &mut parts)?;
        Ok(merge_literals(parts))
    }

    fn flush(&self, lit: &mut String, pos: Pos, parts: &mut Vec<FPart>) -> PResult<()> {
        if !lit.is_empty() {
            let text = escapes::decode_str(lit, self.raw).map_err(|e| e.at(pos))?;
            parts.push(FPart::Lit(text));
            lit.clear();
        }
        Ok(())
    }

    /// One `{…}` field, at its `{`.
    fn field(&mut self, depth: u32) -> PResult<FPart> {
        if depth >= 2 {
            return Err(error(self.pos(), "f-string: expressions nested too deeply"));
        }
        self.bump();
        let expr_start = self.i;
        let expr_pos = self.pos();
        self.scan_expression()?;
        let text: String = self.chars[expr_start..self.i].iter().collect();
        if text.trim().is_empty() {
            return Err(error(self.pos(), "f-string: empty expression not allowed"));
        }
        let mut debug = None;
        if self.peek() == Some('=') {
            self.bump();
            let mut d = text.clone();
            d.push('=');
            while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
                d.push(c);
                self.bump();
            }
            debug = Some(d);
        }
        let mut conversion = None;
        if self.peek() == Some('!') {
            self.bump();
            match self.peek() {
                Some(c @ ('r' | 's' | 'a')) => {
                    self.bump();
                    conversion = Some(c);
                }
                _ => {
                    return Err(error(
                        self.pos(),
                        "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                    ))
                }
            }
            if !matches!(self.peek(), Some(':' | '}')) {
                return Err(error(self.pos(), "f-string: expecting '}'"));
            }
        }
        let mut spec = Vec::new();
        let has_spec = self.peek() == Some(':');
        if has_spec {
            self.bump();
            spec = self.parts(true, depth + 1)?;
        }
        if self.peek() != Some('}') {
            return Err(error(self.pos(), "f-string: expecting '}'"));
        }
        self.bump();
        // `{x=}` shows the repr unless a conversion or spec says otherwise.
        if debug.is_some() && conversion.is_none() && !has_spec {
            conversion = Some('r');
        }
        let expr = parse_expression(&text, expr_pos, self.nest)?;
        Ok(FPart::Value {
            expr: Box::new(expr),
            conversion,
            spec,
            debug,
        })
    }

    /// Moves to the end of a field's expression: the `}`, `!`, `:` or `=`
    /// that ends it outside any brackets.
    fn scan_expression(&mut self) -> PResult<()> {
        let mut stack: Vec<char> = Vec::new();
        let expr_start = self.i;
        loop {
            let Some(c) = self.peek() else {
                return Err(error(self.pos(), "f-string: expecting '}'"));
            };
            match c {
                '\'' | '"' => self.skip_string(c)?,
                '\\' => {
                    return Err(error(
                        self.pos(),
                        "f-string expression part cannot include a backslash",
                    ))
                }
                '#' => {
                    return Err(error(
                        self.pos(),
                        "f-string expression part cannot include '#'",
                    ))
                }
                '(' | '[' | '{' => {
                    stack.push(c);
                    self.bump();
                }
                ')' | ']' | '}' => match stack.pop() {
                    None if c == '}' => return Ok(()),
                    None => return Err(error(self.pos(), format!("f-string: unmatched '{c}'"))),
                    Some(open) if closer(open) != c => {
                        return Err(error(
                            self.pos(),
                            format!(
                                "f-string: closing parenthesis '{c}' does not match opening parenthesis '{open}'"
                            ),
                        ))
                    }
                    Some(_) => {
                        self.bump();
                    }
                },
                '!' if stack.is_empty() && self.peek_at(1) != Some('=') => return Ok(()),
                ':' if stack.is_empty() => return Ok(()),
                '!' | '=' | '<' | '>' if self.peek_at(1) == Some('=') => {
                    self.bump();
                    self.bump();
                }
                '=' if stack.is_empty() && self.i > expr_start => return Ok(()),
                _ => {
                    self.bump();
                }
            }
        }
    }

    /// Skips a string literal inside a field's expression.
    fn skip_string(&mut self, quote: char) -> PResult<()> {
        let start = self.pos();
        let triple = self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote);
        let len = if triple { 3 } else { 1 };
        for _ in 0..len {
            self.bump();
        }
        loop {
            match self.peek() {
                None => return Err(error(start, "f-string: unterminated string")),
                Some('\\') => {
                    return Err(error(
                        self.pos(),
                        "f-string expression part cannot include a backslash",
                    ))
                }
                Some(c)
                    if c == quote
                        && (!triple
                            || (self.peek_at(1) == Some(quote)
                                && self.peek_at(2) == Some(quote))) =>
                {
                    for _ in 0..len {
                        self.bump();
                    }
                    return Ok(());
                }
                Some(_) => {
                    self.bump();
                }
            }
        }
    }
}

fn closer(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// Parses a field's expression text, which starts at `pos`, as if it were
/// parenthesized (so it may span lines and be a bare tuple), `nest` levels
/// deep in the enclosing expression.
fn parse_expression(text: &str, pos: Pos, nest: u32) -> PResult<Expr> {
    let open = Pos {
        line: pos.line,
        col: pos.col.saturating_sub(1).max(1),
    };
    let prefixed = |mut e: SyntaxError| {
        if e.kind == SyntaxKind::Syntax && !e.message.starts_with("f-string") {
            e.message = format!("f-string: {}", e.message);
        }
        e
    };
    let toks = lexer::tokenize_at(&format!("({text})"), open).map_err(|e| prefixed(e.error))?;
    let mut parser = Parser::new(toks);
    parser.nest = nest;
    let e = parser.expression().map_err(prefixed)?;
    if !parser.at(&Tok::Newline) {
        return Err(prefixed(parser.unexpected()));
    }
    Ok(e)
}
