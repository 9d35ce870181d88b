//! The short-lived children of the Python bench — `python3` and
//! `socket-playground run` — each fed its script on stdin, bounded in time,
//! in its own process group, and ended on a timeout, an error or Ctrl-C.
//!
//! Every child (and the relay, through [`track`]) is listed in [`LIVE`]
//! while it runs, so the Ctrl-C handler ([`end_all_on_ctrl_c`]) can end
//! what this run started before the bench exits.

use anyhow::{bail, Context as _, Result};
use std::io::{Read as _, Write as _};
use std::os::unix::process::CommandExt as _;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Process groups (by leader pid) started by this run and not yet reaped.
/// A pid is taken off under the same lock that reaps it, so Ctrl-C never
/// signals a pid that may have been reused.
static LIVE: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<u32>> {
    LIVE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Lists a process group started elsewhere (the relay) for Ctrl-C.
pub fn track(pid: u32) {
    live().push(pid);
}

/// Takes it off again, before its owner ends and reaps it.
pub fn untrack(pid: u32) {
    live().retain(|p| *p != pid);
}

fn kill_group(pid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .stderr(Stdio::null())
        .status();
}

/// On Ctrl-C, ends every listed process group and exits with 130. (The
/// children run in their own process groups, so the terminal's SIGINT does
/// not reach them.)
pub fn end_all_on_ctrl_c() {
    std::thread::spawn(|| {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        if rt.block_on(tokio::signal::ctrl_c()).is_err() {
            return;
        }
        eprintln!("interrupted: stopping everything this run started");
        let pids = live().clone();
        for pid in pids {
            kill_group(pid);
        }
        std::process::exit(130);
    });
}

/// Ends the child's group unless it has been reaped.
struct Guard {
    child: Child,
    reaped: bool,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if !self.reaped {
            let pid = self.child.id();
            kill_group(pid);
            let _ = self.child.kill();
            let _ = self.child.wait();
            untrack(pid);
        }
    }
}

/// Runs `cmd` with `script` on its stdin until it exits, at most `limit`;
/// returns what it printed on stdout. Fails if it takes longer (the
/// child's whole group is then killed) or does not exit 0.
pub fn run(name: &str, mut cmd: Command, script: &str, limit: Duration) -> Result<String> {
    cmd.process_group(0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut guard = {
        // Spawned and listed under one lock: Ctrl-C sees it or it does not
        // exist yet.
        let mut live = live();
        let child = cmd.spawn().with_context(|| format!("starting {name}"))?;
        live.push(child.id());
        Guard {
            child,
            reaped: false,
        }
    };
    let pid = guard.child.id();
    let reader = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_string(&mut text);
            }
            text
        })
    };
    let stdout = reader(
        guard
            .child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let stderr = reader(
        guard
            .child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    if let Some(mut stdin) = guard.child.stdin.take() {
        // A child that exits without reading shows in its status.
        let _ = stdin.write_all(script.as_bytes());
    }
    let deadline = Instant::now() + limit;
    let status = loop {
        {
            let mut live = live();
            if let Some(status) = guard.child.try_wait()? {
                live.retain(|p| *p != pid);
                guard.reaped = true;
                break status;
            }
        }
        if Instant::now() > deadline {
            bail!("{name} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    if !status.success() {
        bail!(
            "{name} failed ({status}):\n{}{}",
            stdout.trim_end(),
            stderr.trim_end()
        );
    }
    Ok(stdout)
}
