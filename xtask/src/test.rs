//! `cargo xtask test`: every check, in the order CI runs them, stopping at
//! the first failure:
//!
//! 1. tools (wasm target, trunk, wasm-bindgen, wasm-opt, Chromium, nginx);
//! 2. `cargo fmt --all -- --check`;
//! 3. `cargo clippy --workspace --all-targets -- -D warnings`;
//! 4. `cargo test --workspace` (the frontend natively; not the browser tests);
//! 5. the page's release wasm build with trunk;
//! 6. the browser tests: `cargo test -p socket-playground-e2e`, given the
//!    built page, Chromium and nginx (the several-relays test) through
//!    `PLAYGROUND_DIST`, `CHROMEDRIVER`, `CHROMIUM` and `NGINX_BIN`.

use crate::ctx::{elapsed, run as run_cmd, show, Ctx};
use crate::tools::{Browser, WebTools};
use crate::{disk, page, tools};
use anyhow::{bail, Context as _, Result};
use std::cell::{Cell, OnceCell};
use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The browser-test crate, left out of step 4 and run in step 6.
const E2E: &str = "socket-playground-e2e";

/// Runs the task.
///
/// # Errors
///
/// The first failing step, named.
pub fn run(ctx: &Ctx, args: &[String]) -> Result<()> {
    if let Some(extra) = args.first() {
        bail!("`cargo xtask test` takes no arguments (got `{extra}`)");
    }
    let started = Instant::now();
    println!("{}", disk::report(&ctx.target_dir(), disk::TEST_NEEDS));
    // Found once in step 1, used by steps 5 and 6.
    let web: OnceCell<WebTools> = OnceCell::new();
    let browser: OnceCell<Browser> = OnceCell::new();
    let nginx: OnceCell<std::path::PathBuf> = OnceCell::new();
    // Tests passed and failed over every `cargo test` run, for the summary.
    let tally = Cell::new((0_u64, 0_u64));
    let steps: &[(&str, &dyn Fn() -> Result<()>)] = &[
        ("tools", &|| {
            let _ = web.set(tools::ensure_web(ctx)?);
            let _ = browser.set(tools::ensure_browser()?);
            let _ = nginx.set(tools::ensure_nginx()?);
            tools::ensure_python()
        }),
        ("fmt", &|| {
            run_cmd(ctx.cargo(["fmt", "--all", "--", "--check"]))
        }),
        ("clippy", &|| {
            run_cmd(ctx.cargo([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        }),
        ("tests", &|| {
            // Every test binary runs, so one failure does not hide others.
            run_counting(
                ctx.cargo(["test", "--workspace", "--no-fail-fast", "--exclude", E2E]),
                &tally,
            )
        }),
        ("wasm build", &|| {
            let web = web.get().context("the tools step did not run")?;
            page::build(ctx, web).map(drop)
        }),
        ("browser tests", &|| {
            let browser = browser.get().context("the tools step did not run")?;
            let nginx = nginx.get().context("the tools step did not run")?;
            let mut cmd = ctx.cargo(["test", "--package", E2E, "--tests"]);
            cmd.env("PLAYGROUND_DIST", ctx.dist())
                .env("CHROMEDRIVER", &browser.chromedriver)
                .env("CHROMIUM", &browser.chromium)
                .env("NGINX_BIN", nginx);
            run_counting(cmd, &tally)
        }),
    ];
    let total = steps.len();
    for (i, (name, step)) in steps.iter().enumerate() {
        println!("==> [{}/{total}] {name}", i + 1);
        let t = Instant::now();
        if let Err(e) = step() {
            println!(
                "xtask test: FAILED at step {}/{total} ({name}) after {}",
                i + 1,
                elapsed(started.elapsed())
            );
            return Err(e.context(format!("step `{name}` failed")));
        }
        println!("    {name}: ok ({})", elapsed(t.elapsed()));
    }
    println!(
        "xtask test: all {total} steps passed in {}",
        elapsed(started.elapsed())
    );
    let (passed, failed) = tally.get();
    println!("tests: {passed} passed, {failed} failed");
    Ok(())
}

/// Runs `cargo test`, echoing its output and adding its `test result:`
/// counts to `tally`, so the task can end with one total for every crate.
///
/// # Errors
///
/// If the command cannot start or fails.
fn run_counting(mut cmd: Command, tally: &Cell<(u64, u64)>) -> Result<()> {
    let shown = show(&cmd);
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start `{shown}`"))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line.context("reading cargo test's output")?;
            println!("{line}");
            if let Some((p, f)) = result_counts(&line) {
                let (tp, tf) = tally.get();
                tally.set((tp + p, tf + f));
            }
        }
    }
    let status = child
        .wait()
        .with_context(|| format!("waiting for `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// `(passed, failed)` from a line like
/// `test result: ok. 12 passed; 0 failed; 0 ignored; …`.
fn result_counts(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let count = |word: &str| -> Option<u64> {
        let parts: Vec<&str> = rest.split([';', '.']).collect();
        parts
            .iter()
            .find_map(|p| p.trim().strip_suffix(word)?.trim().parse().ok())
    };
    Some((count("passed")?, count("failed")?))
}

#[cfg(test)]
mod tests {
    use super::result_counts;

    #[test]
    fn reads_cargo_test_summaries() {
        assert_eq!(
            result_counts("test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.05s"),
            Some((12, 0))
        );
        assert_eq!(
            result_counts("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            Some((3, 2))
        );
        assert_eq!(result_counts("running 3 tests"), None);
    }
}
