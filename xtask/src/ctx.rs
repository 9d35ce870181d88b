//! What every task needs: the project root, the cargo to run, the tool
//! cache, and helpers to run commands with a clear error when they fail.

use anyhow::{bail, Context as _, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The environment of one xtask invocation.
pub struct Ctx {
    /// The workspace root (the parent of `xtask/`).
    pub root: PathBuf,
    /// The cargo that runs us (`$CARGO`), so the same toolchain builds everything.
    pub cargo: OsString,
    /// The per-user tool cache, outside the checkout.
    pub tools_dir: PathBuf,
}

impl Ctx {
    /// Finds the root from `CARGO_MANIFEST_DIR` and the tool cache from
    /// `$SOCKET_PLAYGROUND_TOOLS`, else `$XDG_CACHE_HOME` or `~/.cache`.
    pub fn new() -> Result<Ctx> {
        let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let root = manifest
            .parent()
            .context("xtask/ has no parent directory")?
            .to_path_buf();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let tools_dir = match std::env::var_os("SOCKET_PLAYGROUND_TOOLS") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => {
                let cache = match std::env::var_os("XDG_CACHE_HOME") {
                    Some(dir) if !dir.is_empty() => PathBuf::from(dir),
                    _ => PathBuf::from(
                        std::env::var_os("HOME")
                            .context("$HOME is not set; set SOCKET_PLAYGROUND_TOOLS")?,
                    )
                    .join(".cache"),
                };
                cache.join("socket-playground").join("tools")
            }
        };
        Ok(Ctx {
            root,
            cargo,
            tools_dir,
        })
    }

    /// `cargo` with the given arguments, run from the root.
    pub fn cargo<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = Command::new(&self.cargo);
        cmd.args(args).current_dir(&self.root);
        cmd
    }

    /// The cargo target directory (`$CARGO_TARGET_DIR` or `<root>/target`).
    pub fn target_dir(&self) -> PathBuf {
        match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if !dir.is_empty() => self.root.join(dir),
            _ => self.root.join("target"),
        }
    }

    /// Where trunk writes the page.
    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }
}

/// Runs a command (owned or borrowed) with inherited output.
///
/// # Errors
///
/// If it cannot start or exits unsuccessfully; the message names the command.
pub fn run(mut cmd: impl std::borrow::BorrowMut<Command>) -> Result<()> {
    let cmd = cmd.borrow_mut();
    let shown = show(cmd);
    let status = cmd
        .status()
        .with_context(|| format!("cannot start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Runs a command quietly and returns its trimmed stdout, or `None` if it
/// cannot start or fails (used to probe tool versions).
pub fn probe(program: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// A command as a shell line, for messages.
pub fn show(cmd: &Command) -> String {
    let mut parts = vec![cmd.get_program().to_string_lossy().into_owned()];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

/// A duration as `1m05s` or `4.2s`.
pub fn elapsed(d: std::time::Duration) -> String {
    let s = d.as_secs();
    if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}
