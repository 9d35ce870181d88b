//! Number literals: decimal, hexadecimal, octal and binary integers (into
//! `i64`) and floats, with CPython's error messages.

use super::{is_ident_continue, LResult, Lexer, Tok, NUMBER_FOLLOWERS};
use crate::ast::Pos;
use crate::syntax::{SyntaxError, SyntaxKind};

impl Lexer {
    /// Digits of `radix` with single underscores between them.
    fn digits(&mut self, radix: u32, out: &mut String) -> Result<(), ()> {
        while let Some(c) = self.peek() {
            if c == '_' {
                self.bump();
                if !self.peek().is_some_and(|d| d.is_digit(radix)) {
                    return Err(());
                }
            } else if c.is_digit(radix) {
                out.push(c);
                self.bump();
            } else {
                break;
            }
        }
        Ok(())
    }

    pub(super) fn number(&mut self, start: Pos) -> LResult<Tok> {
        let radix = match (self.peek(), self.peek_at(1)) {
            (Some('0'), Some('x' | 'X')) => Some((16, "hexadecimal")),
            (Some('0'), Some('o' | 'O')) => Some((8, "octal")),
            (Some('0'), Some('b' | 'B')) => Some((2, "binary")),
            _ => None,
        };
        if let Some((radix, name)) = radix {
            self.bump();
            self.bump();
            let mut digits = String::new();
            if self.peek() == Some('_') {
                self.bump();
            }
            let bad = self.digits(radix, &mut digits).is_err();
            if !bad && radix < 10 {
                if let Some(d) = self.peek().filter(char::is_ascii_digit) {
                    return Err(
                        self.err(self.pos(), format!("invalid digit '{d}' in {name} literal"))
                    );
                }
            }
            let bad = bad || digits.is_empty();
            if bad || self.peek().is_some_and(is_ident_continue) {
                return Err(self.err(self.back(1), format!("invalid {name} literal")));
            }
            return self.int_value(&digits, radix, start);
        }
        let mut text = String::new();
        let mut is_float = false;
        if self.digits(10, &mut text).is_err() {
            return Err(self.err(self.back(1), "invalid decimal literal"));
        }
        if self.peek() == Some('.') {
            is_float = true;
            text.push('.');
            self.bump();
            if self.peek().is_some_and(|c| c.is_ascii_digit())
                && self.digits(10, &mut text).is_err()
            {
                return Err(self.err(self.back(1), "invalid decimal literal"));
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let sign = matches!(self.peek_at(1), Some('+' | '-'));
            let digit_at = if sign { 2 } else { 1 };
            if self.peek_at(digit_at).is_some_and(|c| c.is_ascii_digit()) {
                is_float = true;
                text.push('e');
                self.bump();
                if sign {
                    text.extend(self.bump());
                }
                if self.digits(10, &mut text).is_err() {
                    return Err(self.err(self.back(1), "invalid decimal literal"));
                }
            } else if sign {
                let pos = Pos {
                    line: self.line,
                    col: self.col + 1,
                };
                return Err(self.err(pos, "invalid decimal literal"));
            } else if !self.followed_by_keyword() {
                return Err(self.err(self.back(1), "invalid decimal literal"));
            }
        }
        if matches!(self.peek(), Some('j' | 'J')) {
            return Err(SyntaxError::new(
                SyntaxKind::Unsupported,
                start,
                "not supported in the playground: complex numbers",
            )
            .into());
        }
        if self.peek().is_some_and(is_ident_continue) && !self.followed_by_keyword() {
            return Err(self.err(self.back(1), "invalid decimal literal"));
        }
        if is_float {
            return text
                .parse::<f64>()
                .map(Tok::Float)
                .map_err(|_| self.err(start, "invalid decimal literal"));
        }
        if text.len() > 1 && text.starts_with('0') && text.chars().any(|c| c != '0') {
            return Err(self.err(
                start,
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
            ));
        }
        self.int_value(&text, 10, start)
    }

    /// Whether a keyword a number may touch starts here (`1if x else 2`).
    fn followed_by_keyword(&self) -> bool {
        let word: String = self.chars[self.i..]
            .iter()
            .take_while(|c| is_ident_continue(**c))
            .collect();
        NUMBER_FOLLOWERS.contains(&word.as_str())
    }

    fn int_value(&self, digits: &str, radix: u32, start: Pos) -> LResult<Tok> {
        let mut value: i64 = 0;
        for c in digits.chars() {
            let d = i64::from(c.to_digit(radix).unwrap_or(0));
            value = match value
                .checked_mul(i64::from(radix))
                .and_then(|v| v.checked_add(d))
            {
                Some(v) => v,
                None => {
                    return Err(SyntaxError::new(
                        SyntaxKind::Unsupported,
                        start,
                        "not supported in the playground: integers beyond 64 bits",
                    )
                    .into())
                }
            };
        }
        Ok(Tok::Int(value))
    }
}
