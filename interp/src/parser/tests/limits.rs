//! Pathological nesting fails with an error instead of exhausting the stack.

use super::{check_err, parse_ok};
use crate::syntax::SyntaxKind;

const TOO_COMPLEX: &str = "too complex: expressions nested too deeply";

/// Runs `f` on a thread with a stack of `kb` KiB.
fn with_stack(kb: usize, f: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new()
        .stack_size(kb << 10)
        .spawn(f)
        .map(|h| h.join());
    assert!(matches!(handle, Ok(Ok(()))), "parser thread failed");
}

#[test]
fn realistic_nesting_fits_a_small_stack() {
    // The page's wasm stack is 1 MiB; this is a debug build, whose frames
    // are several times larger than a release build's.
    with_stack(1024, || {
        let n = 20;
        parse_ok(&format!("x = {}1{}", "f(".repeat(n), ")".repeat(n)));
        parse_ok(&format!(
            "x = {}1{}",
            "[{1: (".repeat(n / 3),
            ")}]".repeat(n / 3)
        ));
    });
}

#[test]
fn deepest_allowed_nesting() {
    with_stack(8 << 10, || {
        let n = 99;
        parse_ok(&format!("x = {}1{}", "(".repeat(n), ")".repeat(n)));
        parse_ok(&format!("x = {}1{}", "[".repeat(n), "]".repeat(n)));
        parse_ok(&format!("x = {}1", "-".repeat(99)));
        parse_ok(&format!("x = 1{}", " + 1".repeat(999)));
    });
}

#[test]
fn too_deep_nesting_is_an_error() {
    with_stack(8 << 10, || {
        let n = 201;
        check_err(
            &format!("x = {}1{}", "(".repeat(n), ")".repeat(n)),
            SyntaxKind::Syntax,
            1,
            205,
            "too many nested parentheses",
        );
        let e = super::parse_err(&format!("x = {}1{}", "(".repeat(150), ")".repeat(150)));
        assert_eq!(e.message, TOO_COMPLEX);
        let e = super::parse_err(&format!("x = {}1", "-".repeat(300)));
        assert_eq!(e.message, TOO_COMPLEX);
        let e = super::parse_err(&format!("x = {}1", "not ".repeat(300)));
        assert_eq!(e.message, TOO_COMPLEX);
        let e = super::parse_err(&format!("x = 1{}", " ** 1".repeat(300)));
        assert_eq!(e.message, TOO_COMPLEX);
        let e = super::parse_err(&format!("x = 1{}", " + 1".repeat(5000)));
        assert_eq!(e.message, TOO_COMPLEX);
        let e = super::parse_err(&format!("x = f{}", "()".repeat(5000)));
        assert_eq!(e.message, TOO_COMPLEX);
        let e = super::parse_err(&format!("x = {}1", "lambda: ".repeat(300)));
        assert_eq!(e.message, TOO_COMPLEX);
    });
}

#[test]
fn too_many_indentation_levels() {
    let src: String = (0..101)
        .map(|i| format!("{}if x:\n", " ".repeat(i)))
        .chain(std::iter::once(format!("{}pass\n", " ".repeat(101))))
        .collect();
    let e = super::parse_err(&src);
    assert_eq!(
        (e.kind, e.message.as_str(), e.pos.line),
        (
            SyntaxKind::Indentation,
            "too many levels of indentation",
            101
        )
    );
    let src: String = (0..100)
        .map(|i| format!("{}if x:\n", " ".repeat(i)))
        .chain(std::iter::once(format!("{}pass\n", " ".repeat(100))))
        .collect();
    assert_eq!(
        super::parse_err(&src).message,
        "too many levels of indentation"
    );
    let ok: String = (0..99)
        .map(|i| format!("{}if x:\n", " ".repeat(i)))
        .chain(std::iter::once(format!("{}pass\n", " ".repeat(99))))
        .collect();
    with_stack(8 << 10, move || {
        parse_ok(&ok);
    });
}
