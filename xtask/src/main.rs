//! Build and test automation for the socket playground.
//!
//! Run it through the cargo alias in `.cargo/config.toml`:
//!
//! ```text
//! cargo xtask run [-- RELAY-ARGS…]   build the page and the relay, start it
//! cargo xtask test                   every check CI runs (.ci/run calls this)
//! cargo xtask bench [ARGS…]          the benchmarks (BENCHMARKS.md)
//! cargo xtask bench-python [ARGS…]   the playground's Python beside CPython
//! cargo xtask bench-rooms [ARGS…]    classrooms: fairness in a room, 200 students
//! cargo xtask help                   list the tasks
//! ```
//!
//! Tools are installed on first use, pinned, into a per-user cache outside
//! the checkout (`~/.cache/socket-playground/tools`, or
//! `$SOCKET_PLAYGROUND_TOOLS`), so a fresh clone reuses them. See [`tools`].
//!
//! # Layout
//!
//! - [`ctx`]: the project root, cargo, and running commands.
//! - [`disk`]: free space, reported before a long task.
//! - [`tools`]: finding or installing trunk, wasm-bindgen, wasm-opt, Chromium.
//! - [`page`]: building the page with trunk, only when its sources changed.
//! - [`run`]: the `run` task.
//! - [`test`]: the `test` task.
//! - [`bench`]: the `bench`, `bench-page`, `bench-python` and `bench-rooms`
//!   tasks.

mod bench;
mod ctx;
mod disk;
mod page;
mod run;
mod test;
mod tools;

use anyhow::{bail, Result};
use ctx::Ctx;
use std::process::ExitCode;

/// One task: its name, a one-line description, and what runs it with the
/// arguments after the task name.
struct Task {
    name: &'static str,
    about: &'static str,
    run: fn(&Ctx, &[String]) -> Result<()>,
}

/// Every task. Add a task here and in its own module.
const TASKS: &[Task] = &[
    Task {
        name: "run",
        about: "build the page (trunk) and the relay with the page embedded, then start it; \
                arguments after `--` go to the relay",
        run: run::run,
    },
    Task {
        name: "test",
        about: "fmt check, clippy -D warnings, every crate's tests, the wasm build, \
                the headless-Chromium tests (what CI runs)",
        run: test::run,
    },
    Task {
        name: "bench",
        about: "the relay's benchmarks beside raw TCP, websocat and websockify; \
                `--write BENCHMARKS.md` records them, `--help` lists options",
        run: bench::run,
    },
    Task {
        name: "bench-page",
        about: "the page's size, load → connected time and event cost beside baselines; \
                `--write BENCHMARKS.md` records them",
        run: bench::run_page,
    },
    Task {
        name: "bench-python",
        about: "the playground's Python beside CPython: language speed and socket round trips; \
                `--write BENCHMARKS.md` records them, `--quick` is a smoke run",
        run: bench::run_python,
    },
    Task {
        name: "bench-rooms",
        about: "classrooms: a room member's latency under a flooding member, 200 students \
                in 5 rooms beside 200 plain sessions; `--write BENCHMARKS.md` records them, \
                `--quick` is a smoke run",
        run: bench::run_rooms,
    },
];

fn help() -> String {
    let mut out = String::from("Usage: cargo xtask <TASK> [ARGS…]\n\nTasks:\n");
    for t in TASKS {
        out.push_str(&format!("  {:<12} {}\n", t.name, t.about));
    }
    out.push_str("  help         show this list\n");
    out
}

fn main() -> ExitCode {
    match dispatch() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // `{:#}` prints the cause chain on one line, without the
            // backtrace anyhow's Debug adds when RUST_BACKTRACE is set.
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((name, rest)) = args.split_first() else {
        eprint!("{}", help());
        bail!("no task given");
    };
    if matches!(name.as_str(), "help" | "-h" | "--help") {
        print!("{}", help());
        return Ok(());
    }
    let Some(task) = TASKS.iter().find(|t| t.name == name) else {
        eprint!("{}", help());
        bail!("unknown task `{name}`");
    };
    // `cargo xtask run -- --port 9000`: drop the separator.
    let rest = match rest.split_first() {
        Some((sep, tail)) if sep == "--" => tail,
        _ => rest,
    };
    let ctx = Ctx::new()?;
    (task.run)(&ctx, rest)
}
