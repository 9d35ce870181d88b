//! The Python panel's text: what a run printed, in order, as a terminal
//! would show it, and the small editing rules of the console's input box.
//!
//! Pure, so the console's behaviour is tested natively.

use interp::parser::{completeness, Completeness};
use interp::{Outcome, Stream};

/// What a piece of the transcript is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// What the learner typed, with `>>> ` / `... ` prompts.
    Input,
    /// `print` to stdout, and echoed values.
    Out,
    /// `print(..., file=sys.stderr)` and tracebacks.
    Err,
    /// The playground speaking (stopped, limits).
    Info,
}

/// A terminal-like transcript: consecutive output of one kind is one piece.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Transcript {
    /// The pieces, oldest first.
    pub pieces: Vec<(Kind, String)>,
}

/// Characters kept; older text is dropped from the front.
const MAX_CHARS: usize = 200_000;

impl Transcript {
    /// Appends text of `kind`.
    pub fn push(&mut self, kind: Kind, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.pieces.last_mut() {
            Some((k, s)) if *k == kind => s.push_str(text),
            _ => self.pieces.push((kind, text.to_string())),
        }
        // Drop the oldest text until the transcript fits again.
        let mut total: usize = self.pieces.iter().map(|(_, s)| s.len()).sum();
        while total > MAX_CHARS {
            let Some((_, first)) = self.pieces.first_mut() else {
                break;
            };
            let excess = total - MAX_CHARS;
            if first.len() <= excess {
                total -= first.len();
                self.pieces.remove(0);
            } else {
                let mut cut = excess;
                while !first.is_char_boundary(cut) {
                    cut += 1;
                }
                first.drain(..cut);
                total -= cut;
            }
        }
    }

    /// What `print` wrote.
    pub fn output(&mut self, stream: Stream, text: &str) {
        let kind = match stream {
            Stream::Stdout => Kind::Out,
            Stream::Stderr => Kind::Err,
        };
        self.push(kind, text);
    }

    /// A console input with its prompts, as Python's REPL echoes it.
    pub fn input(&mut self, source: &str) {
        let mut text = String::new();
        for (i, line) in source.lines().enumerate() {
            text.push_str(if i == 0 { ">>> " } else { "... " });
            text.push_str(line);
            text.push('\n');
        }
        if source.lines().count() > 1 {
            text.push_str("...\n");
        }
        self.push(Kind::Input, &text);
    }

    /// How a run ended: the traceback or the reason it stopped.
    pub fn outcome(&mut self, outcome: &Outcome, filename: &str, source: &str) {
        match outcome {
            Outcome::Finished => {}
            Outcome::Exit(code) => self.push(Kind::Info, &format!("(exited with status {code})\n")),
            Outcome::Halted(h) => self.push(Kind::Info, &format!("{h}\n")),
            other => self.push(Kind::Err, &other.report(filename, source)),
        }
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.pieces.clear();
    }
}

/// What Enter does in the console's input box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Enter {
    /// Run this input.
    Run(String),
    /// Keep typing: the box's new text (a new, indented line).
    Continue(String),
}

/// Enter at the end of `value`: run it when it is a complete input (as
/// Python's REPL decides: a block ends with an empty line), otherwise start
/// the next line with the block's indentation. An input that can never be
/// completed runs too, so its syntax error shows.
pub fn on_enter(value: &str) -> Enter {
    // An empty (or only indented) last line ends a block, as in python3.
    let last = value.rsplit('\n').next().unwrap_or("");
    let blank_last = last.trim().is_empty();
    let body = if blank_last {
        &value[..value.len() - last.len()]
    } else {
        value
    };
    let body = body.trim_end_matches('\n');
    let probe = if blank_last && value.contains('\n') {
        format!("{body}\n\n")
    } else {
        format!("{body}\n")
    };
    match completeness(&probe) {
        Completeness::Incomplete => {
            let line = value.lines().last().unwrap_or("");
            Enter::Continue(format!("{value}\n{}", next_indent(line)))
        }
        Completeness::Complete | Completeness::Invalid(_) => {
            Enter::Run(body.trim_end().to_string())
        }
    }
}

/// The indentation for the line after `line` in a block: one level more
/// after a colon, the same otherwise.
pub fn next_indent(line: &str) -> String {
    let current: String = line.chars().take_while(|c| *c == ' ').collect();
    if line.trim_end().ends_with(':') {
        format!("{current}    ")
    } else {
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_of_one_kind_joins_and_inputs_get_prompts() {
        let mut t = Transcript::default();
        t.input("for i in range(2):\n    print(i)");
        t.output(Stream::Stdout, "0\n");
        t.output(Stream::Stdout, "1\n");
        t.output(Stream::Stderr, "oops\n");
        assert_eq!(
            t.pieces,
            vec![
                (
                    Kind::Input,
                    ">>> for i in range(2):\n...     print(i)\n...\n".to_string()
                ),
                (Kind::Out, "0\n1\n".to_string()),
                (Kind::Err, "oops\n".to_string()),
            ]
        );
        t.outcome(&Outcome::Finished, "<stdin>", "");
        assert_eq!(t.pieces.len(), 3);
        t.clear();
        assert!(t.pieces.is_empty());
    }

    #[test]
    fn enter_runs_complete_inputs_and_continues_blocks() {
        assert_eq!(
            on_enter("import socket"),
            Enter::Run("import socket".into())
        );
        assert_eq!(on_enter("x = (1,"), Enter::Continue("x = (1,\n".into()));
        assert_eq!(
            on_enter("while True:"),
            Enter::Continue("while True:\n    ".into())
        );
        assert_eq!(
            on_enter("while True:\n    data = s.recv(16)"),
            Enter::Continue("while True:\n    data = s.recv(16)\n    ".into())
        );
        // An empty (or only indented) line ends the block.
        assert_eq!(
            on_enter("for i in range(2):\n    print(i)\n    "),
            Enter::Run("for i in range(2):\n    print(i)".into())
        );
        assert_eq!(
            on_enter("for i in range(2):\n    print(i)\n"),
            Enter::Run("for i in range(2):\n    print(i)".into())
        );
        // A syntax error runs, to show it.
        assert_eq!(on_enter("x = )"), Enter::Run("x = )".into()));
    }

    #[test]
    fn blocks_indent_one_level_after_a_colon() {
        assert_eq!(next_indent("while True:"), "    ");
        assert_eq!(next_indent("    data = s.recv(16)"), "    ");
        assert_eq!(next_indent("    if not data:  "), "        ");
        assert_eq!(next_indent("x = 1"), "");
    }

    #[test]
    fn one_endless_print_loop_is_trimmed_too() {
        let mut t = Transcript::default();
        for i in 0..30_000 {
            t.output(Stream::Stdout, &format!("line {i}\n"));
        }
        let total: usize = t.pieces.iter().map(|(_, s)| s.len()).sum();
        assert!(total <= MAX_CHARS, "{total}");
        assert!(t.pieces[0].1.ends_with("line 29999\n"));
    }

    #[test]
    fn a_long_session_keeps_its_newest_text() {
        let mut t = Transcript::default();
        for i in 0..3000 {
            t.push(
                if i % 2 == 0 { Kind::Out } else { Kind::Input },
                &"x".repeat(100),
            );
        }
        let total: usize = t.pieces.iter().map(|(_, s)| s.len()).sum();
        assert!(total <= MAX_CHARS);
    }
}
