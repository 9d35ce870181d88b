//! The two WebSocket↔TCP pipes we compare against, found or installed into
//! the per-user tool cache (`~/.cache/socket-playground/tools/`), pinned,
//! from the package registries only:
//!
//! | tool       | version                | installed with                                   |
//! |------------|------------------------|--------------------------------------------------|
//! | websocat   | [`WEBSOCAT_VERSION`]   | `cargo install --locked websocat --root <cache>` |
//! | websockify | [`WEBSOCKIFY_VERSION`] | `pip install websockify==… numpy==…` in a venv   |
//!
//! Each prints one line. A tool that cannot be had is reported with the
//! reason, and its column is skipped rather than failing the whole run.

use anyhow::{bail, Context as _, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The websocat release benchmarked (the newest 1.x; 4.x is an alpha).
pub const WEBSOCAT_VERSION: &str = "1.14.1";
/// The websockify release benchmarked.
pub const WEBSOCKIFY_VERSION: &str = "0.13.0";
/// numpy for websockify, which unmasks client frames with it (without it,
/// websockify warns "HyBi protocol will be slower" and falls back to Python).
pub const NUMPY_VERSION: &str = "2.4.6";

/// A pipe program ready to run.
pub struct Tool {
    /// The executable.
    pub bin: PathBuf,
    /// Its version, as reported.
    pub version: String,
}

/// `~/.cache/socket-playground/tools`.
fn cache_dir() -> Result<PathBuf> {
    let base = match std::env::var_os("XDG_CACHE_HOME") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from(std::env::var_os("HOME").context("HOME is not set")?).join(".cache"),
    };
    Ok(base.join("socket-playground").join("tools"))
}

/// The first line a program prints for `args`, if it runs.
fn probe(bin: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new(bin)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    out.status
        .success()
        .then(|| text.lines().next().unwrap_or("").trim().to_string())
}

/// Runs an install step, its output kept in `log` and shown only on failure.
fn install_step(cmd: &mut Command, log: &Path) -> Result<()> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running {cmd:?}"))?;
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let _ = std::fs::write(log, &text);
    if !out.status.success() {
        let tail: Vec<&str> = text.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!(
            "{cmd:?} failed ({}); last lines (full log in {}):\n{}",
            out.status,
            log.display(),
            tail.join("\n")
        );
    }
    Ok(())
}

/// websocat: the cached copy, one on `PATH` of the pinned version, or a
/// fresh `cargo install` into the cache.
pub fn websocat(install: bool) -> Result<Tool> {
    let wanted = format!("websocat {WEBSOCAT_VERSION}");
    let dir = cache_dir()?.join(format!("websocat-{WEBSOCAT_VERSION}"));
    let cached = dir.join("bin").join("websocat");
    if probe(&cached, &["--version"]).as_deref() == Some(wanted.as_str()) {
        println!("websocat {WEBSOCAT_VERSION}: cached ({})", cached.display());
        return Ok(Tool {
            bin: cached,
            version: WEBSOCAT_VERSION.into(),
        });
    }
    let on_path = PathBuf::from("websocat");
    if probe(&on_path, &["--version"]).as_deref() == Some(wanted.as_str()) {
        println!("websocat {WEBSOCAT_VERSION}: on PATH");
        return Ok(Tool {
            bin: on_path,
            version: WEBSOCAT_VERSION.into(),
        });
    }
    if !install {
        bail!("websocat {WEBSOCAT_VERSION} is not installed and --no-install was given");
    }
    println!(
        "websocat {WEBSOCAT_VERSION}: installing with cargo install into {} (a few minutes, once)…",
        dir.display()
    );
    std::fs::create_dir_all(&dir)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    install_step(
        Command::new(cargo).args([
            "install",
            "--locked",
            "--quiet",
            "websocat",
            "--version",
            WEBSOCAT_VERSION,
            "--root",
            &dir.to_string_lossy(),
        ]),
        &dir.join("install.log"),
    )?;
    match probe(&cached, &["--version"]) {
        Some(v) if v == wanted => Ok(Tool {
            bin: cached,
            version: WEBSOCAT_VERSION.into(),
        }),
        other => bail!("the installed websocat reports {other:?}, not {wanted:?}"),
    }
}

/// websockify: the cached venv's, or a fresh venv with `pip install`.
pub fn websockify(install: bool) -> Result<Tool> {
    let venv = cache_dir()?.join("websockify-venv");
    let bin = venv.join("bin").join("websockify");
    let python = venv.join("bin").join("python");
    let wanted = format!("{WEBSOCKIFY_VERSION} {NUMPY_VERSION}");
    let version_of = || {
        probe(
            &python,
            &[
                "-c",
                "import importlib.metadata as m; print(m.version('websockify'), m.version('numpy'))",
            ],
        )
    };
    if bin.exists() && version_of().as_deref() == Some(wanted.as_str()) {
        println!(
            "websockify {WEBSOCKIFY_VERSION} (numpy {NUMPY_VERSION}): cached ({})",
            bin.display()
        );
        return Ok(Tool {
            bin,
            version: WEBSOCKIFY_VERSION.into(),
        });
    }
    if !install {
        bail!("websockify {WEBSOCKIFY_VERSION} is not installed and --no-install was given");
    }
    println!(
        "websockify {WEBSOCKIFY_VERSION} (numpy {NUMPY_VERSION}): installing with pip into {}…",
        venv.display()
    );
    std::fs::create_dir_all(&venv)?;
    let log = venv.join("install.log");
    if !python.exists() {
        install_step(
            Command::new("python3").args(["-m", "venv", &venv.to_string_lossy()]),
            &log,
        )?;
    }
    install_step(
        Command::new(venv.join("bin").join("pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            &format!("websockify=={WEBSOCKIFY_VERSION}"),
            &format!("numpy=={NUMPY_VERSION}"),
        ]),
        &log,
    )?;
    match version_of() {
        Some(v) if v == wanted && bin.exists() => Ok(Tool {
            bin,
            version: WEBSOCKIFY_VERSION.into(),
        }),
        other => bail!("the venv reports websockify and numpy {other:?}, not {wanted:?}"),
    }
}
