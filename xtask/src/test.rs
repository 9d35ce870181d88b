//! `cargo xtask test`: every check, in the order CI runs them, stopping at
//! the first failure:
//!
//! 1. tools (wasm target, trunk, wasm-bindgen, wasm-opt, Chromium);
//! 2. `cargo fmt --all -- --check`;
//! 3. `cargo clippy --workspace --all-targets -- -D warnings`;
//! 4. `cargo test --workspace` (the frontend natively; not the browser tests);
//! 5. the page's release wasm build with trunk;
//! 6. the browser tests: `cargo test -p socket-playground-e2e`, given the
//!    built page and Chromium through `PLAYGROUND_DIST`, `CHROMEDRIVER` and
//!    `CHROMIUM`.

use crate::ctx::{elapsed, run as run_cmd, Ctx};
use crate::tools::{Browser, WebTools};
use crate::{page, tools};
use anyhow::{bail, Context as _, Result};
use std::cell::OnceCell;
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
    // Found once in step 1, used by steps 5 and 6.
    let web: OnceCell<WebTools> = OnceCell::new();
    let browser: OnceCell<Browser> = OnceCell::new();
    let steps: &[(&str, &dyn Fn() -> Result<()>)] = &[
        ("tools", &|| {
            let _ = web.set(tools::ensure_web(ctx)?);
            let _ = browser.set(tools::ensure_browser()?);
            Ok(())
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
            run_cmd(ctx.cargo(["test", "--workspace", "--no-fail-fast", "--exclude", E2E]))
        }),
        ("wasm build", &|| {
            let web = web.get().context("the tools step did not run")?;
            page::build(ctx, web).map(drop)
        }),
        ("browser tests", &|| {
            let browser = browser.get().context("the tools step did not run")?;
            run_cmd(
                ctx.cargo(["test", "--package", E2E])
                    .env("PLAYGROUND_DIST", ctx.dist())
                    .env("CHROMEDRIVER", &browser.chromedriver)
                    .env("CHROMIUM", &browser.chromium),
            )
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
    Ok(())
}
