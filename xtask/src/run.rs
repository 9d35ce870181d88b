//! `cargo xtask run [-- RELAY-ARGS…]`: ensure the tools, build the page,
//! build the relay in release mode with the page embedded, and replace this
//! process with the relay (so Ctrl-C and SIGTERM reach it directly). The relay
//! prints its URL and its services' ports.

use crate::ctx::{run as run_cmd, show, Ctx};
use crate::{page, tools};
use anyhow::{Context as _, Result};
use std::os::unix::process::CommandExt as _;
use std::process::Command;

/// Runs the task.
///
/// # Errors
///
/// If a tool, the page or the relay does not build, or the relay cannot start.
pub fn run(ctx: &Ctx, relay_args: &[String]) -> Result<()> {
    let web = tools::ensure_web(ctx)?;
    let page_id = page::build(ctx, &web)?;

    println!("relay: cargo build --release (page embedded)");
    run_cmd(
        ctx.cargo([
            "build",
            "--quiet",
            "--release",
            "--package",
            "socket-playground-relay",
            "--features",
            "embed-page",
        ])
        // The relay embeds dist/ with include_dir!, which cargo does not
        // track; this variable, read by relay/src/page.rs, makes a new page
        // rebuild the relay.
        .env("SOCKET_PLAYGROUND_PAGE_ID", &page_id),
    )
    .context("the relay did not build")?;

    let binary = ctx.target_dir().join("release").join("socket-playground");
    let mut relay = Command::new(&binary);
    relay.args(relay_args).current_dir(&ctx.root);
    println!("relay: starting {}", show(&relay));
    // exec only returns on failure.
    let err = relay.exec();
    Err(err).with_context(|| format!("cannot start {}", binary.display()))
}
