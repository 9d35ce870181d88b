//! The processes a benchmark run starts — the relay, websocat, websockify —
//! and the guard that ends each of them, whatever happens.
//!
//! Every child is started in its own process group and [`Guarded`] ends
//! that group (SIGTERM, then SIGKILL) when dropped, so a pipe that forks
//! per connection leaves nothing behind either.

use anyhow::{anyhow, bail, Context as _, Result};
use std::io::{BufRead as _, BufReader, Read as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a child may take to start listening.
const STARTUP: Duration = Duration::from_secs(20);

/// A running child process, ended (with its process group) on drop.
pub struct Guarded {
    name: String,
    child: Child,
}

impl Guarded {
    /// Starts `cmd` in a new process group, output discarded unless the
    /// caller piped it.
    pub fn spawn(name: &str, cmd: &mut Command) -> Result<Guarded> {
        let child = cmd
            .process_group(0)
            .stdin(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {name}"))?;
        Ok(Guarded {
            name: name.to_string(),
            child,
        })
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Fails if the child has already exited.
    pub fn check_alive(&mut self) -> Result<()> {
        if !running(self.child.id()) {
            bail!("{} exited early", self.name);
        }
        Ok(())
    }

    /// Takes the child's piped stdout.
    fn take_stdout(&mut self) -> Option<std::process::ChildStdout> {
        self.child.stdout.take()
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        let pid = self.child.id();
        let group = format!("-{pid}");
        // The child is not reaped until the end, so while it exists (even
        // as a zombie) its pid, and so the group's id, cannot be reused:
        // these signals reach only what this run started.
        if running(pid) {
            let _ = Command::new("kill")
                .args(["-TERM", "--", &group])
                .stderr(Stdio::null())
                .status();
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline && running(pid) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        // Stragglers in the group (forked workers) and the child itself.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether `pid` exists and is not a zombie (without reaping it).
fn running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name in parentheses.
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

/// A free loopback TCP port (the kernel's pick, released at once).
pub fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").context("binding a probe port")?;
    Ok(l.local_addr()?.port())
}

/// Polls until `addr` accepts a TCP connection (bounded by [`STARTUP`]).
pub fn wait_for_port(child: &mut Guarded, addr: SocketAddr) -> Result<()> {
    let deadline = Instant::now() + STARTUP;
    loop {
        child.check_alive()?;
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("{} did not listen on {addr} within {STARTUP:?}", child.name);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Builds the relay's release binary with cargo and returns its path.
pub fn build_relay(workspace: &Path) -> Result<PathBuf> {
    println!("relay: cargo build --release -p socket-playground-relay (quiet)…");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(workspace)
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "socket-playground-relay",
            "--bin",
            "socket-playground",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo build")?;
    if !out.status.success() {
        bail!("building the relay failed ({})", out.status);
    }
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if msg["reason"] == "compiler-artifact" && msg["target"]["name"] == "socket-playground" {
            if let Some(exe) = msg["executable"].as_str() {
                return Ok(PathBuf::from(exe));
            }
        }
    }
    bail!("cargo built the relay but did not say where the binary is")
}

/// A relay running as its own process.
pub struct RelayProc {
    /// The process.
    pub proc: Guarded,
    /// Where its web server listens.
    pub addr: SocketAddr,
}

/// Starts the relay binary on an ephemeral loopback port with its services
/// on ephemeral ports, with `extra` flags, and waits until it serves.
pub fn start_relay(bin: &Path, extra: &[&str]) -> Result<RelayProc> {
    let mut cmd = Command::new(bin);
    cmd.args([
        "--listen",
        "127.0.0.1:0",
        "--services-base-port",
        "0",
        "--profile",
        "local",
    ])
    .args(extra)
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    let mut proc = Guarded::spawn("the relay", &mut cmd)?;
    let stdout = proc
        .take_stdout()
        .ok_or_else(|| anyhow!("the relay's stdout was not piped"))?;
    // Read the banner on a thread (bounded wait here), then keep draining
    // the relay's log so it never blocks on a full pipe.
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            if tx.send(line.clone()).is_err() {
                break;
            }
            line.clear();
        }
        let mut sink = [0u8; 8192];
        while reader.read(&mut sink).unwrap_or(0) > 0 {}
    });
    let deadline = Instant::now() + STARTUP;
    let url = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx
            .recv_timeout(left)
            .map_err(|_| anyhow!("the relay printed no URL within {STARTUP:?}"))?;
        if let Some(rest) = line.trim().strip_prefix("page:") {
            break rest.trim().to_string();
        }
    };
    drop(rx); // the thread now only drains
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .with_context(|| format!("the relay's URL {url:?}"))?;
    anyhow::ensure!(addr.ip().is_loopback(), "the relay listens on {addr}");
    wait_for_port(&mut proc, addr)?;
    Ok(RelayProc { proc, addr })
}

/// The resident set size of process `pid`, in bytes (`VmRSS`).
pub fn rss_bytes(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| anyhow!("no VmRSS in /proc/{pid}/status"))?;
    Ok(kb * 1024)
}

/// Waits until the RSS of `pid` stops changing (at most `max`), then
/// returns it.
pub fn settled_rss(pid: u32, max: Duration) -> Result<u64> {
    let deadline = Instant::now() + max;
    let mut last = rss_bytes(pid)?;
    loop {
        std::thread::sleep(Duration::from_millis(250));
        let now = rss_bytes(pid)?;
        if now == last || Instant::now() > deadline {
            return Ok(now);
        }
        last = now;
    }
}
