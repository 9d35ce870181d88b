//! `cargo xtask bench [ARGS…]`: the relay's benchmarks beside raw TCP,
//! websocat and websockify, measured in one run (see `bench/` and
//! BENCHMARKS.md). `cargo xtask bench --write BENCHMARKS.md` records the
//! table; `cargo xtask bench --help` lists the options.

use crate::ctx::{run as run_cmd, Ctx};
use anyhow::{Context as _, Result};

/// Runs the task: the bench binary, in release mode, from the project root
/// (so `--write BENCHMARKS.md` lands there), with the arguments given.
///
/// # Errors
///
/// If the bench does not build or fails.
pub fn run(ctx: &Ctx, args: &[String]) -> Result<()> {
    let mut cmd = bench_bin(ctx, "socket-playground-bench");
    cmd.args(args);
    run_cmd(cmd).context("the benchmarks failed")
}

/// `cargo xtask bench-page [ARGS…]`: the page's size, load → connected
/// time in headless Chromium and the cost of applying one event, each beside
/// a baseline from the same run. Builds the page first; `--write
/// BENCHMARKS.md` records the table.
///
/// # Errors
///
/// If the tools, the page or the bench fail.
pub fn run_page(ctx: &Ctx, args: &[String]) -> Result<()> {
    let web = crate::tools::ensure_web(ctx)?;
    let browser = crate::tools::ensure_browser()?;
    crate::page::build(ctx, &web)?;
    let mut cmd = bench_bin(ctx, "socket-playground-page-bench");
    cmd.arg("--dist")
        .arg(ctx.dist())
        .arg("--chromedriver")
        .arg(&browser.chromedriver)
        .arg("--chromium")
        .arg(&browser.chromium)
        .args(args);
    run_cmd(cmd).context("the page benchmarks failed")
}

/// `cargo xtask bench-python [ARGS…]`: the playground's Python beside
/// CPython (`python3`) — three language workloads run in process and a
/// socket round-trip loop run through `socket-playground run` and a release
/// relay — each with its baseline from the same run. `--write
/// BENCHMARKS.md` records the table, `--quick` is a smoke run, `--help`
/// lists the options.
///
/// # Errors
///
/// If the bench does not build or fails.
pub fn run_python(ctx: &Ctx, args: &[String]) -> Result<()> {
    let mut cmd = bench_bin(ctx, "socket-playground-python-bench");
    cmd.args(args);
    run_cmd(cmd).context("the Python benchmarks failed")
}

/// `cargo xtask bench-rooms [ARGS…]`: classrooms on the relay — fairness in
/// one room while a member floods ops or bytes (beside the same room with
/// no flood), and 200 students in 5 rooms doing an op a second (beside
/// 200 plain sessions) — measured in one run. `--write BENCHMARKS.md`
/// records the tables, `--quick` is a smoke run, `--help` lists the
/// options.
///
/// # Errors
///
/// If the bench does not build or fails.
pub fn run_rooms(ctx: &Ctx, args: &[String]) -> Result<()> {
    let mut cmd = bench_bin(ctx, "socket-playground-room-bench");
    cmd.args(args);
    run_cmd(cmd).context("the rooms benchmarks failed")
}

/// `cargo run --release` of one of the bench crate's binaries, ready for
/// its arguments.
fn bench_bin(ctx: &Ctx, bin: &str) -> std::process::Command {
    ctx.cargo([
        "run",
        "--quiet",
        "--release",
        "--package",
        "socket-playground-bench",
        "--bin",
        bin,
        "--",
    ])
}
