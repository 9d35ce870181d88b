//! Syntax errors, with the exception class CPython would raise and a
//! rendering with the offending line and a caret, as CPython 3.11 prints it.

use crate::ast::Pos;

/// What kind of syntax problem, as the exception CPython would raise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxKind {
    /// A plain `SyntaxError`.
    Syntax,
    /// An `IndentationError` (unexpected indent, missing block, bad dedent).
    Indentation,
    /// Valid Python the playground does not run; raised as `SyntaxError`
    /// with a message "not supported in the playground: …".
    Unsupported,
}

/// A syntax error: where, what, and the source line it is on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", class_of(*.kind))]
pub struct SyntaxError {
    /// The exception it is raised as.
    pub kind: SyntaxKind,
    /// Where (1-based line and column, in characters).
    pub pos: Pos,
    /// The message, as CPython words it.
    pub message: String,
    /// The offending source line, without its newline (empty if none).
    pub line_text: String,
}

fn class_of(kind: SyntaxKind) -> &'static str {
    match kind {
        SyntaxKind::Syntax | SyntaxKind::Unsupported => "SyntaxError",
        SyntaxKind::Indentation => "IndentationError",
    }
}

impl SyntaxError {
    /// An error of `kind` at `pos`; `line_text` is filled in by the parser.
    pub fn new(kind: SyntaxKind, pos: Pos, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            kind,
            pos,
            message: message.into(),
            line_text: String::new(),
        }
    }

    /// The exception class name: "SyntaxError" or "IndentationError"
    /// (unsupported features are raised as "SyntaxError").
    pub fn class_name(&self) -> &'static str {
        class_of(self.kind)
    }

    /// CPython-style rendering, e.g. for filename `"<stdin>"`:
    ///
    /// ```text
    ///   File "<stdin>", line 1
    ///     x = (1,
    ///         ^
    /// SyntaxError: '(' was never closed
    /// ```
    ///
    /// The source line is shown without its leading spaces, the caret
    /// moved to match; no source line is shown when `line_text` is empty.
    /// Every line ends with a newline, the last one included, as in
    /// CPython's `traceback.format_exception_only`.
    pub fn render(&self, filename: &str) -> String {
        let mut out = format!("  File \"{filename}\", line {}\n", self.pos.line);
        let text = self.line_text.trim_end_matches(['\n', '\r']);
        let stripped = text.trim_start_matches([' ', '\x0c']);
        if !stripped.is_empty() {
            let spaces = text.chars().count() - stripped.chars().count();
            out.push_str("    ");
            out.push_str(stripped);
            out.push('\n');
            let col = self.pos.col as usize;
            if col > spaces {
                let colno = col - 1 - spaces;
                out.push_str("    ");
                // Tabs stay tabs so the caret lines up under them.
                out.extend(stripped.chars().take(colno).map(|c| {
                    if c.is_whitespace() {
                        c
                    } else {
                        ' '
                    }
                }));
                out.push_str("^\n");
            }
        }
        out.push_str(&self.to_string());
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(kind: SyntaxKind, line: u32, col: u32, msg: &str, text: &str) -> SyntaxError {
        SyntaxError {
            line_text: text.to_string(),
            ..SyntaxError::new(kind, Pos { line, col }, msg)
        }
    }

    #[test]
    fn renders_like_cpython() {
        let e = err(SyntaxKind::Syntax, 1, 5, "'(' was never closed", "x = (1,");
        assert_eq!(
            e.render("<stdin>"),
            "  File \"<stdin>\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n"
        );
        let e = err(SyntaxKind::Syntax, 2, 13, "unmatched ')'", "        y = )");
        assert_eq!(
            e.render("<stdin>"),
            "  File \"<stdin>\", line 2\n    y = )\n        ^\nSyntaxError: unmatched ')'\n"
        );
    }

    #[test]
    fn caret_hidden_inside_indentation() {
        let e = err(
            SyntaxKind::Indentation,
            1,
            4,
            "unexpected indent",
            "    x = )",
        );
        assert_eq!(
            e.render("<stdin>"),
            "  File \"<stdin>\", line 1\n    x = )\nIndentationError: unexpected indent\n"
        );
        assert_eq!(e.class_name(), "IndentationError");
    }

    #[test]
    fn no_text_no_source_line() {
        let e = err(
            SyntaxKind::Unsupported,
            3,
            1,
            "not supported in the playground: yield",
            "",
        );
        assert_eq!(
            e.render("s.py"),
            "  File \"s.py\", line 3\nSyntaxError: not supported in the playground: yield\n"
        );
        assert_eq!(
            e.to_string(),
            "SyntaxError: not supported in the playground: yield"
        );
    }
}
