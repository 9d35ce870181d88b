//! Finding or installing the tools the page and the browser tests need.
//!
//! Everything is pinned and comes from package registries only (crates.io,
//! npm, apt); nothing is downloaded from GitHub. For each tool, in order:
//!
//! 1. the copy in the tool cache (`<tools>/<name>-<version>/…`), if it
//!    reports the pinned version;
//! 2. a copy on `PATH` that reports the pinned version;
//! 3. otherwise it is installed into the cache, once.
//!
//! Each check prints one line (`trunk 0.21.14: cached`).
//!
//! | tool            | version from                         | installed with                       |
//! |-----------------|--------------------------------------|--------------------------------------|
//! | wasm32 target   | -                                    | `rustup target add`                  |
//! | trunk           | [`TRUNK_VERSION`]                    | `cargo install --locked trunk`       |
//! | wasm-bindgen    | `Cargo.lock` (= Trunk.toml, frontend) | `cargo install wasm-bindgen-cli`     |
//! | wasm-opt        | Trunk.toml `wasm_opt = "version_N"`   | `npm install binaryen@N`             |
//! | chromium+driver | Debian's                             | `apt-get install chromium chromium-driver` |
//! | nginx           | Debian's (the several-relays test)   | `apt-get install nginx`              |
//! | python3         | the machine's (checked, not installed) | -                                    |

use crate::ctx::{probe, run, Ctx};
use anyhow::{bail, Context as _, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The trunk release we build with. 0.22 needs rustc ≥ 1.96.
pub const TRUNK_VERSION: &str = "0.21.14";

/// The Rust target the page compiles to.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The tools trunk needs, ready to run.
pub struct WebTools {
    /// The trunk binary.
    pub trunk: PathBuf,
    /// Directories to put first on trunk's `PATH` (wasm-bindgen, wasm-opt),
    /// because trunk runs offline and only looks there.
    pub path_dirs: Vec<PathBuf>,
}

impl WebTools {
    /// `PATH` for trunk: our tool directories, then the inherited `PATH`.
    pub fn path_env(&self) -> Result<std::ffi::OsString> {
        let inherited = std::env::var_os("PATH").unwrap_or_default();
        let dirs = self
            .path_dirs
            .iter()
            .cloned()
            .chain(std::env::split_paths(&inherited));
        std::env::join_paths(dirs).context("a tool directory contains a path separator")
    }
}

/// Chromium and its WebDriver, for the browser tests.
pub struct Browser {
    /// The browser binary.
    pub chromium: PathBuf,
    /// The chromedriver binary.
    pub chromedriver: PathBuf,
}

/// Versions pinned in the repository, read from the files that pin them.
struct Pins {
    wasm_bindgen: String,
    binaryen: String,
}

/// Ensures the wasm target, trunk, wasm-bindgen and wasm-opt.
///
/// # Errors
///
/// If the pins disagree, or an install fails.
pub fn ensure_web(ctx: &Ctx) -> Result<WebTools> {
    ensure_wasm_target()?;
    let pins = read_pins(ctx)?;
    let trunk = ensure(
        ctx,
        "trunk",
        TRUNK_VERSION,
        &format!("trunk-{TRUNK_VERSION}/bin/trunk"),
        |dir| {
            run(ctx
                .cargo(["install", "--quiet", "--locked", "trunk", "--version"])
                .arg(TRUNK_VERSION)
                .arg("--root")
                .arg(dir))
        },
    )?;
    let v = &pins.wasm_bindgen;
    let bindgen = ensure(
        ctx,
        "wasm-bindgen",
        v,
        &format!("wasm-bindgen-cli-{v}/bin/wasm-bindgen"),
        // 0.2.130's own lock file does not build with today's toolchain,
        // so no --locked here.
        |dir| {
            run(ctx
                .cargo(["install", "--quiet", "wasm-bindgen-cli", "--version"])
                .arg(v)
                .arg("--root")
                .arg(dir))
        },
    )?;
    let b = &pins.binaryen;
    let wasm_opt = ensure(
        ctx,
        "wasm-opt",
        b,
        &format!("binaryen-{b}/node_modules/.bin/wasm-opt"),
        |dir| {
            let npm = which("npm").context(
                "wasm-opt comes from the npm package `binaryen`, but npm is not on PATH: install Node.js and npm",
            )?;
            run(Command::new(npm)
                .args([
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                    "--prefix",
                ])
                .arg(dir)
                .arg(format!("binaryen@{b}")))
        },
    )?;
    let dir_of = |p: &Path| p.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(WebTools {
        trunk,
        path_dirs: vec![dir_of(&bindgen), dir_of(&wasm_opt)],
    })
}

/// Ensures Chromium and chromedriver (`$CHROMIUM`/`$CHROMEDRIVER` or Debian's
/// `/usr/bin` ones), installing Debian's packages with apt when missing.
///
/// # Errors
///
/// If apt cannot install them.
pub fn ensure_browser() -> Result<Browser> {
    let from_env = |var: &str, default: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map_or_else(|| PathBuf::from(default), PathBuf::from)
    };
    let browser = Browser {
        chromium: from_env("CHROMIUM", "/usr/bin/chromium"),
        chromedriver: from_env("CHROMEDRIVER", "/usr/bin/chromedriver"),
    };
    let installed = || browser.chromium.is_file() && browser.chromedriver.is_file();
    if !installed() {
        println!("chromium, chromium-driver: installing with apt-get");
        apt_install(&["chromium", "chromium-driver"])?;
        if !installed() {
            bail!(
                "apt installed chromium but {} or {} is still missing",
                browser.chromium.display(),
                browser.chromedriver.display()
            );
        }
    }
    let version = probe(&browser.chromium, &["--version"]).unwrap_or_else(|| "chromium".into());
    println!("{version}: installed ({})", browser.chromium.display());
    Ok(browser)
}

/// Ensures nginx (`$NGINX_BIN` or Debian's `/usr/sbin/nginx`), which the
/// relay's several-relays test runs with the README's example
/// configuration; returns its path for that test's `NGINX_BIN`.
///
/// # Errors
///
/// If apt cannot install it.
pub fn ensure_nginx() -> Result<PathBuf> {
    let nginx = std::env::var_os("NGINX_BIN")
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from("/usr/sbin/nginx"), PathBuf::from);
    if !nginx.is_file() {
        println!("nginx: installing with apt-get");
        apt_install(&["nginx"])?;
        if !nginx.is_file() {
            bail!(
                "apt installed nginx but {} is still missing",
                nginx.display()
            );
        }
    }
    println!("nginx: installed ({})", nginx.display());
    Ok(nginx)
}

/// `apt-get update` then `apt-get install` of `packages` (with sudo when
/// not root).
fn apt_install(packages: &[&str]) -> Result<()> {
    let sudo = if is_root() { None } else { which("sudo") };
    let apt = |args: &[&str]| -> Result<()> {
        let mut cmd = match &sudo {
            Some(sudo) => {
                let mut c = Command::new(sudo);
                c.arg("apt-get");
                c
            }
            None => Command::new("apt-get"),
        };
        run(cmd.env("DEBIAN_FRONTEND", "noninteractive").args(args))
    };
    apt(&["-qq", "update"])?;
    let mut install = vec!["-qq", "install", "-y"];
    install.extend_from_slice(packages);
    apt(&install)
}

/// Checks for `python3`: the conformance suites compare the playground's
/// Python with it, script by script.
///
/// # Errors
///
/// If it is not on PATH.
pub fn ensure_python() -> Result<()> {
    let Some(python) = which("python3") else {
        bail!("python3 is missing: the conformance tests compare the playground's Python with it (apt-get install python3)");
    };
    let version = probe(&python, &["--version"]).unwrap_or_else(|| "python3".into());
    println!("{version}: installed ({})", python.display());
    Ok(())
}

fn ensure_wasm_target() -> Result<()> {
    let installed = probe(Path::new("rustup"), &["target", "list", "--installed"]);
    match installed {
        Some(list) if list.lines().any(|l| l.trim() == WASM_TARGET) => {
            println!("{WASM_TARGET}: installed");
            Ok(())
        }
        Some(_) => {
            println!("{WASM_TARGET}: adding with rustup");
            run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
        }
        None => bail!(
            "cannot run `rustup target list`: install Rust with rustup (https://rustup.rs), \
             or add the {WASM_TARGET} target to your toolchain yourself"
        ),
    }
}

/// Finds `name` at `version` (cache, then PATH) or installs it into the cache
/// with `install(<cache dir for this tool>)`.
fn ensure(
    ctx: &Ctx,
    name: &str,
    version: &str,
    cached_rel: &str,
    install: impl FnOnce(&Path) -> Result<()>,
) -> Result<PathBuf> {
    let cached = ctx.tools_dir.join(cached_rel);
    if reports(&cached, version) {
        println!("{name} {version}: cached");
        return Ok(cached);
    }
    if let Some(found) = which(name).filter(|p| reports(p, version)) {
        println!("{name} {version}: found {}", found.display());
        return Ok(found);
    }
    // The tool's own directory: the first component of `cached_rel`.
    let dir = ctx
        .tools_dir
        .join(cached_rel.split('/').next().context("empty cache path")?);
    println!(
        "{name} {version}: installing into {} (once; this takes a while)",
        dir.display()
    );
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    install(&dir).with_context(|| format!("installing {name} {version} failed"))?;
    if !reports(&cached, version) {
        bail!(
            "installed {name} {version}, but {} does not report that version",
            cached.display()
        );
    }
    Ok(cached)
}

/// Whether `program --version` names `version` as one of its words
/// (`trunk 0.21.14`, `wasm-bindgen 0.2.130`, `wasm-opt version 132 (version_132)`).
fn reports(program: &Path, version: &str) -> bool {
    program.is_file()
        && probe(program, &["--version"])
            .is_some_and(|out| out.split_whitespace().any(|w| w == version))
}

/// The first executable file called `name` on `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn is_root() -> bool {
    probe(Path::new("id"), &["-u"]).is_some_and(|uid| uid == "0")
}

/// Reads the pins and checks they agree: wasm-bindgen in Cargo.lock, in
/// frontend/Cargo.toml (`=X`) and in Trunk.toml; binaryen in Trunk.toml.
fn read_pins(ctx: &Ctx) -> Result<Pins> {
    let read = |rel: &str| {
        std::fs::read_to_string(ctx.root.join(rel)).with_context(|| format!("cannot read {rel}"))
    };
    let lock = read("Cargo.lock")?;
    let trunk_toml = read("Trunk.toml")?;
    let frontend = read("frontend/Cargo.toml")?;

    let wasm_bindgen = lock_version(&lock, "wasm-bindgen")
        .context("Cargo.lock has no wasm-bindgen package; is the frontend a workspace member?")?;
    let in_trunk = toml_string(&trunk_toml, "wasm_bindgen")
        .context("Trunk.toml [tools] has no wasm_bindgen version")?;
    if in_trunk != wasm_bindgen {
        bail!(
            "Trunk.toml pins wasm_bindgen = \"{in_trunk}\" but Cargo.lock has wasm-bindgen {wasm_bindgen}; \
             make them equal (and the `=` pin in frontend/Cargo.toml)"
        );
    }
    let in_frontend = toml_string(&frontend, "wasm-bindgen")
        .context("frontend/Cargo.toml has no wasm-bindgen dependency")?;
    if in_frontend != format!("={wasm_bindgen}") {
        bail!(
            "frontend/Cargo.toml has wasm-bindgen = \"{in_frontend}\"; pin it exactly: \"={wasm_bindgen}\""
        );
    }
    let wasm_opt = toml_string(&trunk_toml, "wasm_opt")
        .context("Trunk.toml [tools] has no wasm_opt version")?;
    let binaryen = wasm_opt
        .strip_prefix("version_")
        .with_context(|| format!("Trunk.toml wasm_opt = \"{wasm_opt}\" is not `version_N`"))?
        .to_string();
    Ok(Pins {
        wasm_bindgen,
        binaryen,
    })
}

/// The version of package `name` in a Cargo.lock.
fn lock_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    lines.find(|l| l.trim() == wanted)?;
    let version = lines.next()?.trim().strip_prefix("version = ")?;
    Some(version.trim_matches('"').to_string())
}

/// The string value of the first `key = "value"` line (enough for the two
/// small files we read; xtask avoids a TOML dependency to compile fast).
fn toml_string(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        if k.trim() != key {
            return None;
        }
        let v = v.split('#').next()?.trim();
        Some(v.strip_prefix('"')?.strip_suffix('"')?.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pins() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            lock_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(lock_version(lock, "wasm-bindgen-macro"), None);
        let toml = "[tools]\n# c\nwasm_bindgen = \"0.2.130\"  # same as lock\nwasm_opt = \"version_132\"\n";
        assert_eq!(
            toml_string(toml, "wasm_bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            toml_string(toml, "wasm_opt").as_deref(),
            Some("version_132")
        );
        assert_eq!(toml_string(toml, "wasm"), None);
    }

    #[test]
    fn the_repository_pins_agree() -> Result<()> {
        let pins = read_pins(&Ctx::new()?)?;
        assert_eq!(pins.binaryen, "132");
        Ok(())
    }
}
