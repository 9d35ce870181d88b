//! The tokenizer: source text to tokens, with NEWLINE, INDENT and DEDENT as
//! CPython's tokenizer makes them (blank lines and comments skipped, lines
//! joined inside brackets and after a backslash).

use crate::ast::Pos;
use crate::syntax::{SyntaxError, SyntaxKind};

mod numbers;
mod strings;

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
fn keyword(word: &str) -> Option<&'static str> {
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
            if self.indents.len() >= 100 {
                return Err(SyntaxError::new(
                    SyntaxKind::Indentation,
                    Pos {
                        line: self.line,
                        col: 1,
                    },
                    "too many levels of indentation",
                )
                .into());
            }
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
                if self.brackets.len() >= 200 {
                    return Err(self.err(start, "too many nested parentheses"));
                }
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
}
