//! String literals: prefixes, quotes, and decoding through `escapes`.

use super::{LResult, LexError, Lexer, StrLit, Tok};
use crate::ast::Pos;
use crate::parser::escapes;
use crate::syntax::{SyntaxError, SyntaxKind};

impl Lexer {
    /// A string literal whose (lowercased) prefix was read; at its quote.
    pub(super) fn string(&mut self, prefix: &str, start: Pos) -> LResult<Tok> {
        let quote = self.peek().unwrap_or('"');
        let triple = self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote);
        for _ in 0..if triple { 3 } else { 1 } {
            self.bump();
        }
        let body_start = self.pos();
        let mut body = String::new();
        let mut after_escaped_newline = false;
        loop {
            let Some(c) = self.peek() else {
                let (msg, incomplete) = if triple {
                    ("unterminated triple-quoted string literal", true)
                } else {
                    ("unterminated string literal", after_escaped_newline)
                };
                let msg = format!("{msg} (detected at line {})", self.line);
                return Err(LexError {
                    error: SyntaxError::new(SyntaxKind::Syntax, start, msg),
                    incomplete,
                });
            };
            after_escaped_newline = false;
            if c == '\\' {
                body.push(c);
                self.bump();
                if let Some(next) = self.bump() {
                    after_escaped_newline = next == '\n';
                    body.push(next);
                }
            } else if c == '\n' && !triple {
                let msg = format!(
                    "unterminated string literal (detected at line {})",
                    self.line
                );
                return Err(self.err(start, msg));
            } else if c == quote
                && (!triple || (self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote)))
            {
                for _ in 0..if triple { 3 } else { 1 } {
                    self.bump();
                }
                break;
            } else {
                body.push(c);
                self.bump();
            }
        }
        let raw = prefix.contains('r');
        if prefix.contains('f') {
            return Ok(Tok::Str(StrLit::F {
                body,
                start: body_start,
                raw,
            }));
        }
        if prefix.contains('b') {
            if !body.is_ascii() {
                return Err(self.err(start, "bytes can only contain ASCII literal characters"));
            }
            let bytes =
                escapes::decode_bytes(&body, raw).map_err(|e| LexError::from(e.at(start)))?;
            return Ok(Tok::Str(StrLit::Bytes(bytes)));
        }
        let text = escapes::decode_str(&body, raw).map_err(|e| LexError::from(e.at(start)))?;
        Ok(Tok::Str(StrLit::Str(text)))
    }
}
