//! The guard rails and the console's behaviour: what a learner meets when
//! a script loops forever, uses what the playground lacks, or mistypes.

mod common;

use common::{run, run_with, Capture};
use interp::{Interp, Limits, Mode, Outcome};

#[test]
fn an_endless_loop_stops_at_the_step_budget() {
    let limits = Limits {
        max_steps: 10_000,
        ..Limits::default()
    };
    let (out, outcome) = run_with("n = 0\nwhile True:\n    n += 1\n", limits);
    assert_eq!(out, "");
    assert!(
        outcome.contains("stopped after 10000 steps"),
        "unexpected outcome: {outcome}"
    );
    // Even a loop body that only continues counts.
    let (_, outcome) = run_with("while True:\n    continue\n", limits);
    assert!(outcome.contains("steps"), "{outcome}");
}

#[test]
fn the_wall_clock_limit_stops_a_long_run() {
    // A host whose clock advances a second every time it is read.
    let limits = Limits {
        max_seconds: 5.0,
        ..Limits::default()
    };
    let mut i = Interp::new(common::Ticking::default(), limits, vec![]);
    let outcome = futures::executor::block_on(i.run("while True:\n    pass\n", Mode::Script));
    assert!(
        outcome.to_string().contains("stopped after 5 seconds"),
        "{outcome}"
    );
}

#[test]
fn unsupported_features_are_named() {
    for (source, feature) in [
        ("class Server:\n    pass\n", "class definitions"),
        ("x = (i for i in range(3))", "generator expressions"),
        ("s = {1, 2}", "set literals"),
        ("async def f():\n    pass\n", "async"),
        ("def f(*args):\n    pass\n", "*args"),
        ("x = input('port? ')", "input()"),
        ("import select", "No module named 'select'"),
    ] {
        let (_, outcome) = run(source);
        assert!(
            outcome.contains(feature),
            "{source:?} should name {feature:?}, got {outcome:?}"
        );
    }
}

#[test]
fn syntax_errors_render_with_a_caret_like_cpython() {
    let mut i = Interp::new(Capture::default(), Limits::default(), vec![]);
    let source = "x = 1\nprint(x\n";
    let outcome = futures::executor::block_on(i.run(source, Mode::Script));
    let Outcome::Syntax(e) = &outcome else {
        panic!("expected a syntax error, got {outcome}");
    };
    let text = outcome.report("script.py", source);
    assert!(text.contains("File \"script.py\", line 2"), "{text}");
    assert!(text.contains("print(x"), "{text}");
    assert!(text.contains('^'), "{text}");
    assert!(
        text.ends_with("SyntaxError: '(' was never closed\n"),
        "{text}"
    );
    assert_eq!(e.pos.line, 2);
}

#[test]
fn tracebacks_name_the_line_and_function() {
    let source = "def f(d):\n    return d['k']\n\nf({})\n";
    let mut i = Interp::new(Capture::default(), Limits::default(), vec![]);
    let outcome = futures::executor::block_on(i.run(source, Mode::Script));
    assert_eq!(
        outcome.report("t.py", source),
        "Traceback (most recent call last):\n  File \"t.py\", line 4, in <module>\n    f({})\n  File \"t.py\", line 2, in f\n    return d['k']\nKeyError: 'k'\n"
    );
}

#[test]
fn the_console_echoes_values_and_keeps_variables() {
    let mut i = Interp::new(Capture::default(), Limits::default(), vec![]);
    for line in [
        "x = 2",
        "x * 21",
        "None",
        "'hi'",
        "for n in range(2):\n    n\n",
    ] {
        let outcome = futures::executor::block_on(i.run(line, Mode::Interactive));
        assert!(matches!(outcome, Outcome::Finished), "{line}: {outcome}");
    }
    assert_eq!(i.host.stdout, "42\n'hi'\n0\n1\n");
    let names: Vec<String> = i.scope().variables().into_iter().map(|(n, _)| n).collect();
    assert!(names.contains(&"x".to_string()), "{names:?}");
}

#[test]
fn every_statement_is_offered_to_the_host_in_order() {
    let mut i = Interp::new(Capture::default(), Limits::default(), vec![]);
    let source = "a = 1\nif a:\n    b = 2\nc = 3\n";
    let outcome = futures::executor::block_on(i.run(source, Mode::Script));
    assert!(matches!(outcome, Outcome::Finished));
    assert_eq!(i.host.lines, vec![1, 2, 3, 4]);
}

#[test]
fn a_socket_call_without_a_relay_stops_the_script_clearly() {
    let (_, outcome) = run("import socket\ns = socket.socket()\n");
    assert!(outcome.contains("lost the relay"), "{outcome}");
}

#[test]
fn sys_argv_and_exit_codes() {
    let mut i = Interp::new(
        Capture::default(),
        Limits::default(),
        vec!["s.py".into(), "echo=7000".into()],
    );
    let outcome = futures::executor::block_on(i.run(
        "import sys\nprint(sys.argv)\nsys.exit(3)\nprint('not here')",
        Mode::Script,
    ));
    assert_eq!(i.host.stdout, "['s.py', 'echo=7000']\n");
    assert!(matches!(outcome, Outcome::Exit(3)));
}

#[test]
fn huge_or_cyclic_values_raise_instead_of_crashing() {
    for (source, expected) in [
        ("x = 'a'.ljust(10 ** 10)", "MemoryError"),
        ("x = f\"{'':>10000000000}\"", "MemoryError"),
        ("x = '%10000000000d' % 1", "MemoryError"),
        ("x = b'x' * (10 ** 12)", "MemoryError"),
        (
            "print((-9223372036854775807 - 1) in range(0, -10, -1))",
            "finished",
        ),
        ("print('abcdef'[5::9223372036854775807])", "finished"),
        (
            "print(len(range(-9223372036854775807 - 1, 9223372036854775807)))",
            "finished",
        ),
        (
            "print(list(enumerate([1, 2], 9223372036854775807)))",
            "OverflowError",
        ),
        (
            "a = []\na.append(a)\nb = []\nb.append(b)\nprint(a == b, a)",
            "finished",
        ),
    ] {
        let (_, outcome) = run(source);
        assert!(
            outcome.contains(expected),
            "{source:?}: expected {expected}, got {outcome:?}"
        );
    }
    let (out, _) = run("a = [1]\na.append(a)\nd = {}\nd['self'] = d\nprint(a, d)");
    assert_eq!(out, "[1, [...]] {'self': {...}}\n");
    let (out, _) = run(
        "print('abcdef'[5::9223372036854775807], (-9223372036854775807 - 1) in range(0, -10, -1))",
    );
    assert_eq!(out, "f False\n");
}
