//! The tokenizer: source text to tokens, with NEWLINE, INDENT and DEDENT as
//! CPython's tokenizer makes them (blank lines and comments skipped, lines
//! joined inside brackets and after a backslash).

use super::escapes;
use crate::ast::Pos;
use crate::syntax::{SyntaxError, SyntaxKind};

/// One token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// An identifier (soft keywords like `match` included).
    Name(String),
    /// A reserved keyword.
    Kw(&'static str),
    /// An integer literal.
    Int(i64),
    /// A float literal.
    Float(f64),
    /// One string or bytes literal (adjacent ones are joined by the parser).
    Str(StrLit),
    /// An operator or delimiter.
    Op(&'static str),
    /// The end of a logical line.
    Newline,
    /// One more level of indentation.
    Indent,
    /// One level less.
    Dedent,
    /// The end of the input.
    End,
}

/// A string literal's value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum StrLit {
    /// A `str` literal, escapes decoded.
    Str(String),
    /// A `bytes` literal, escapes decoded.
    Bytes(Vec<u8>),
    /// An f-string: its body undecoded, where the body starts, whether raw.
    F {
        /// The text between the quotes.
        body: String,
        /// The position of the body's first character.
        start: Pos,
        /// `rf"..."`: backslashes are literal.
        raw: bool,
    },
}

/// A token and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    /// The token.
    pub tok: Tok,
    /// Its first character.
    pub pos: Pos,
}

/// A tokenizer error; `incomplete` when more input could complete it
/// (open bracket, open triple-quoted string, backslash at the end).
#[derive(Debug)]
pub(crate) struct LexError {
    /// The error.
    pub error: SyntaxError,
    /// Whether more lines could fix it.
    pub incomplete: bool,
}

impl From<SyntaxError> for LexError {
    fn from(error: SyntaxError) -> LexError {
        LexError {
            error,
            incomplete: false,
        }
    }
}

type LResult<T> = Result<T, LexError>;

const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Operators, longest first so the first match is the longest.
const OPERATORS: [&str; 47] = [
    "**=", "//=", ">>=", "<<=", "...", "->", ":=", "==", "!=", "<=", ">=", "**", "//", "<<", ">>",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%", "&", "|", "^",
    "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "=", "@",
];

/// Keywords a number may run into (`1if x else 2`), as CPython allows.
const NUMBER_FOLLOWERS: [&str; 8] = ["and", "else", "for", "if", "in", "is", "not", "or"];

/// The keyword `word` is, if any.
pub(crate) fn keyword(word: &str) -> Option<&'static str> {
    KEYWORDS.iter().copied().find(|k| *k == word)
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Tokenizes a whole module (newlines already normalized to `\n`).
pub(crate) fn tokenize(src: &str) -> LResult<Vec<Token>> {
    Lexer::new(src, Pos { line: 1, col: 1 }, true).run()
}

/// Tokenizes an f-string's expression, already wrapped in parentheses,
/// starting at `start` (no indentation processing).
pub(crate) fn tokenize_at(src: &str, start: Pos) -> LResult<Vec<Token>> {
    Lexer::new(src, start, false).run()
}

struct Lexer {
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    at_line_start: bool,
    toks: Vec<Token>,
    indents: Vec<u32>,
    brackets: Vec<(char, Pos)>,
}

impl Lexer {
    fn new(src: &str, start: Pos, at_line_start: bool) -> Lexer {
        Lexer {
            chars: src.chars().collect(),
            i: 0,
            line: start.line,
            col: start.col,
            at_line_start,
            toks: Vec::new(),
            indents: vec![0],
            brackets: Vec::new(),
        }
    }

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

    fn push(&mut self, tok: Tok, pos: Pos) {
        self.toks.push(Token { tok, pos });
    }

    fn err(&self, pos: Pos, msg: impl Into<String>) -> LexError {
        SyntaxError::new(SyntaxKind::Syntax, pos, msg).into()
    }

    /// The position `n` characters before the current one on this line.
    fn back(&self, n: u32) -> Pos {
        Pos {
            line: self.line,
            col: self.col.saturating_sub(n).max(1),
        }
    }

    fn run(mut self) -> LResult<Vec<Token>> {
        loop {
            if self.at_line_start && self.brackets.is_empty() {
                self.at_line_start = false;
                if !self.indentation()? {
                    continue;
                }
            }
            let Some(c) = self.peek() else { break };
            let start = self.pos();
            match c {
                ' ' | '\t' | '\x0c' => {
                    self.bump();
                }
                '#' => self.skip_comment(),
                '\n' => {
                    if self.brackets.is_empty() {
                        self.push(Tok::Newline, start);
                        self.at_line_start = true;
                    }
                    self.bump();
                }
                '\\' => {
                    self.bump();
                    match self.peek() {
                        Some('\n') => {
                            self.bump();
                        }
                        None => {
                            return Err(LexError {
                                error: SyntaxError::new(
                                    SyntaxKind::Syntax,
                                    self.pos(),
                                    "unexpected EOF while parsing",
                                ),
                                incomplete: true,
                            })
                        }
                        Some(_) => {
                            return Err(self.err(
                                self.pos(),
                                "unexpected character after line continuation character",
                            ))
                        }
                    }
                }
                '"' | '\'' => {
                    let tok = self.string("", start)?;
                    self.push(tok, start);
                }
                c if c.is_ascii_digit()
                    || (c == '.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())) =>
                {
                    let tok = self.number(start)?;
                    self.push(tok, start);
                }
                c if is_ident_start(c) => self.name(start)?,
                _ => self.operator(start)?,
            }
        }
        self.finish()
    }

    /// Measures a line's indentation and emits INDENT/DEDENT; false for a
    /// blank or comment-only line (consumed).
    fn indentation(&mut self) -> LResult<bool> {
        let mut width = 0u32;
        let mut nchars = 0u32;
        loop {
            match self.peek() {
                Some(' ') => width += 1,
                Some('\t') => width = (width / 8 + 1) * 8,
                Some('\x0c') => width = 0,
                _ => break,
            }
            nchars += 1;
            self.bump();
        }
        match self.peek() {
            None => return Ok(false),
            Some('#') | Some('\n') => {
                self.skip_comment();
                if self.bump().is_some() {
                    self.at_line_start = true;
                }
                return Ok(false);
            }
            _ => {}
        }
        let top = self.indents.last().copied().unwrap_or(0);
        if width > top {
            self.indents.push(width);
            let pos = Pos {
                line: self.line,
                col: nchars.max(1),
            };
            self.push(Tok::Indent, pos);
        } else if width < top {
            while self.indents.last().is_some_and(|&t| width < t) {
                self.indents.pop();
                let pos = self.pos();
                self.push(Tok::Dedent, pos);
            }
            if self.indents.last().copied().unwrap_or(0) != width {
                let len = self.chars[self.i..]
                    .iter()
                    .take_while(|c| **c != '\n')
                    .count() as u32;
                let pos = Pos {
                    line: self.line,
                    col: self.col + len,
                };
                return Err(SyntaxError::new(
                    SyntaxKind::Indentation,
                    pos,
                    "unindent does not match any outer indentation level",
                )
                .into());
            }
        }
        Ok(true)
    }

    fn skip_comment(&mut self) {
        while self.peek().is_some_and(|c| c != '\n') {
            self.bump();
        }
    }

    fn finish(mut self) -> LResult<Vec<Token>> {
        if let Some(&(open, pos)) = self.brackets.last() {
            return Err(LexError {
                error: SyntaxError::new(
                    SyntaxKind::Syntax,
                    pos,
                    format!("'{open}' was never closed"),
                ),
                incomplete: true,
            });
        }
        let at_line_end = matches!(
            self.toks.last().map(|t| &t.tok),
            None | Some(Tok::Newline | Tok::Indent | Tok::Dedent)
        );
        if !at_line_end {
            let pos = self.pos();
            self.push(Tok::Newline, pos);
        }
        // The end (and its DEDENTs) is reported where the last line ends, as
        // CPython does for "expected an indented block" at the end of input.
        let end = self
            .toks
            .iter()
            .rev()
            .find(|t| t.tok == Tok::Newline)
            .map_or_else(|| self.pos(), |t| t.pos);
        for _ in 1..self.indents.len() {
            self.push(Tok::Dedent, end);
        }
        self.push(Tok::End, end);
        Ok(self.toks)
    }

    fn name(&mut self, start: Pos) -> LResult<()> {
        let mut word = String::new();
        while let Some(c) = self.peek().filter(|c| is_ident_continue(*c)) {
            word.push(c);
            self.bump();
        }
        if matches!(self.peek(), Some('"' | '\'')) {
            let lower = word.to_ascii_lowercase();
            if matches!(
                lower.as_str(),
                "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf"
            ) {
                let tok = self.string(&lower, start)?;
                self.push(tok, start);
                return Ok(());
            }
        }
        let tok = match keyword(&word) {
            Some(k) => Tok::Kw(k),
            None => Tok::Name(word),
        };
        self.push(tok, start);
        Ok(())
    }

    fn operator(&mut self, start: Pos) -> LResult<()> {
        let rest = &self.chars[self.i..];
        let op = OPERATORS.iter().copied().find(|op| {
            op.chars().count() <= rest.len() && op.chars().zip(rest).all(|(a, b)| a == *b)
        });
        let Some(op) = op else {
            let c = rest.first().copied().unwrap_or(' ');
            let msg = if c.is_ascii() {
                "invalid syntax".to_string()
            } else {
                format!("invalid character '{c}' (U+{:04X})", c as u32)
            };
            return Err(self.err(start, msg));
        };
        for _ in op.chars() {
            self.bump();
        }
        match op {
            "(" | "[" | "{" => {
                let c = op.chars().next().unwrap_or('(');
                self.brackets.push((c, start));
            }
            ")" | "]" | "}" => {
                let close = op.chars().next().unwrap_or(')');
                let Some((open, open_pos)) = self.brackets.pop() else {
                    return Err(self.err(start, format!("unmatched '{close}'")));
                };
                let expected = match open {
                    '(' => ')',
                    '[' => ']',
                    _ => '}',
                };
                if close != expected {
                    let mut msg = format!(
                        "closing parenthesis '{close}' does not match opening parenthesis '{open}'"
                    );
                    if open_pos.line != start.line {
                        msg.push_str(&format!(" on line {}", open_pos.line));
                    }
                    return Err(self.err(start, msg));
                }
            }
            _ => {}
        }
        self.push(Tok::Op(op), start);
        Ok(())
    }

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

    fn number(&mut self, start: Pos) -> LResult<Tok> {
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
            let bad = self.digits(radix, &mut digits).is_err() || digits.is_empty();
            if !bad && radix < 10 {
                if let Some(d) = self.peek().filter(char::is_ascii_digit) {
                    return Err(self.err(self.pos(), format!("invalid digit '{d}' in {name} literal")));
                }
            }
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
            if self.peek().is_some_and(|c| c.is_ascii_digit()) && self.digits(10, &mut text).is_err() {
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

    /// A string literal whose (lowercased) prefix was read; at its quote.
    fn string(&mut self, prefix: &str, start: Pos) -> LResult<Tok> {
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
                let msg = format!("unterminated string literal (detected at line {})", self.line);
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
            let bytes = escapes::decode_bytes(&body, raw).map_err(|e| LexError::from(e.at(start)))?;
            return Ok(Tok::Str(StrLit::Bytes(bytes)));
        }
        let text = escapes::decode_str(&body, raw).map_err(|e| LexError::from(e.at(start)))?;
        Ok(Tok::Str(StrLit::Str(text)))
    }
}
