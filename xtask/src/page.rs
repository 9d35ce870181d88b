//! Building the page: `trunk build --release` into `dist/`, skipped when
//! nothing it is built from changed since the last build.
//!
//! "Changed" means a file under `frontend/`, `static/` or `shared/`, or
//! `Trunk.toml`, `Cargo.toml` or `Cargo.lock`, is newer than the stamp xtask
//! writes after a successful release build. The stamp also records a hash of
//! `dist/index.html`, so a `dist/` rebuilt by something else (`trunk serve`
//! writes a debug build there) is rebuilt too.

use crate::ctx::{run, Ctx};
use crate::tools::WebTools;
use anyhow::{Context as _, Result};
use std::hash::{Hash as _, Hasher as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// Inputs of the page, relative to the root.
const INPUTS: &[&str] = &[
    "frontend",
    "static",
    "shared",
    "Trunk.toml",
    "Cargo.toml",
    "Cargo.lock",
];

/// Builds the page if needed and returns its build id (a hash of
/// `dist/index.html`, which names every hashed asset).
///
/// # Errors
///
/// If trunk fails or `dist/index.html` cannot be read afterwards.
pub fn build(ctx: &Ctx, tools: &WebTools) -> Result<String> {
    let stamp = ctx.target_dir().join("xtask").join("page.stamp");
    if let Some(id) = up_to_date(ctx, &stamp) {
        println!("page: up to date (dist/, build {id})");
        return Ok(id);
    }
    println!("page: building with trunk (release) into dist/");
    // Trunk runs cargo offline; fetch the wasm target's crates first so a
    // fresh checkout still builds.
    run(ctx.cargo(["fetch", "--quiet", "--target", crate::tools::WASM_TARGET]))?;
    run(Command::new(&tools.trunk)
        .args([
            "build",
            "--release",
            "--quiet",
            "--offline",
            "--skip-version-check",
        ])
        .current_dir(&ctx.root)
        .env("PATH", tools.path_env()?)
        // Host-only flags (say `-C target-cpu=native`) would break the wasm build.
        .env_remove("RUSTFLAGS"))
    .context("the page did not build")?;
    precompress(&ctx.dist())?;
    let id = page_id(&ctx.dist())?;
    if let Some(dir) = stamp.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&stamp, &id).with_context(|| format!("cannot write {}", stamp.display()))?;
    println!("page: built (dist/, build {id})");
    Ok(id)
}

/// The build id when `dist/` is a release build newer than every input.
fn up_to_date(ctx: &Ctx, stamp: &Path) -> Option<String> {
    let recorded = std::fs::read_to_string(stamp).ok()?;
    let current = page_id(&ctx.dist()).ok()?;
    if recorded.trim() != current {
        return None;
    }
    let built = std::fs::metadata(stamp).ok()?.modified().ok()?;
    let newest = INPUTS
        .iter()
        .filter_map(|rel| newest_mtime(&ctx.root.join(rel)))
        .max()?;
    (newest <= built).then_some(current)
}

/// A hash of `dist/index.html`, as 16 hex digits.
///
/// # Errors
///
/// If the file cannot be read.
pub fn page_id(dist: &Path) -> Result<String> {
    let index = dist.join("index.html");
    let bytes =
        std::fs::read(&index).with_context(|| format!("cannot read {}", index.display()))?;
    // SipHash with fixed keys: stable from run to run, which is all we need.
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    bytes.hash(&mut h);
    Ok(format!("{:016x}", h.finish()))
}

/// Writes `NAME.br` beside each text and wasm file of the page: brotli at
/// its best quality makes the wasm about a fifth smaller than gzip, but
/// takes seconds, so it is done once here and the relay serves the `.br`
/// file to browsers that accept it (they ask over HTTPS).
fn precompress(dist: &Path) -> Result<()> {
    for entry in
        std::fs::read_dir(dist).with_context(|| format!("cannot list {}", dist.display()))?
    {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "wasm" | "js" | "css" | "html") {
            continue;
        }
        let raw =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let mut packed = Vec::with_capacity(raw.len() / 3);
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut raw.as_slice(), &mut packed, &params)
            .with_context(|| format!("cannot compress {}", path.display()))?;
        let mut out = path.clone().into_os_string();
        out.push(".br");
        std::fs::write(&out, &packed)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// The newest modification time of a file, or of any file below a
/// directory (skipping `target/`, `node_modules/` and hidden entries).
fn newest_mtime(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.is_file() {
        return meta.modified().ok();
    }
    let mut newest = meta.modified().ok();
    let mut stack: Vec<PathBuf> = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name == "target" || name == "node_modules" {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            if let Ok(m) = meta.modified() {
                newest = newest.max(Some(m));
            }
            if meta.is_dir() {
                stack.push(entry.path());
            }
        }
    }
    newest
}
