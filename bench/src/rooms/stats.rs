//! Latency summaries and what `/proc` says about the relay process: its
//! CPU time and resident memory.

use anyhow::{anyhow, Context as _, Result};
use std::time::Duration;

/// A latency distribution, in µs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    /// Median.
    pub p50: f64,
    /// 99th percentile.
    pub p99: f64,
    /// The slowest.
    pub max: f64,
    /// Samples.
    pub n: usize,
}

impl Summary {
    /// From samples in nanoseconds (nearest-rank percentiles).
    pub fn of(ns: &[u64]) -> Summary {
        let mut v = ns.to_vec();
        v.sort_unstable();
        let n = v.len();
        if n == 0 {
            return Summary::default();
        }
        let at = |q: f64| {
            let i = ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
            v[i] as f64 / 1000.0
        };
        Summary {
            p50: at(0.50),
            p99: at(0.99),
            max: v[n - 1] as f64 / 1000.0,
            n,
        }
    }
}

/// A duration in µs or ms, three significant digits or so.
pub fn us(v: f64) -> String {
    if v >= 10_000.0 {
        format!("{:.0} ms", v / 1000.0)
    } else if v >= 1_000.0 {
        format!("{:.2} ms", v / 1000.0)
    } else if v >= 100.0 {
        format!("{v:.0} µs")
    } else {
        format!("{v:.1} µs")
    }
}

/// Clock ticks per second of `/proc/PID/stat` (`getconf CLK_TCK`; 100 if
/// that cannot be asked).
pub fn clock_ticks() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .filter(|&t: &u64| t > 0)
        .unwrap_or(100)
}

/// User + system CPU time from a `/proc/…/stat` file.
fn cpu_of_stat(path: &str, ticks: u64) -> Result<Duration> {
    let stat = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    // Fields after the command name (in parentheses): state is field 3,
    // utime 14 and stime 15.
    let rest = stat
        .rsplit_once(')')
        .map(|(_, r)| r)
        .ok_or_else(|| anyhow!("{path}: no command name"))?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let num = |i: usize| -> Result<u64> {
        f.get(i)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| anyhow!("{path}: field {} unreadable", i + 3))
    };
    let t = num(11)? + num(12)?;
    Ok(Duration::from_millis(t * 1000 / ticks.max(1)))
}

/// CPU time (user + system, all threads) process `pid` has used.
pub fn cpu_time(pid: u32, ticks: u64) -> Result<Duration> {
    cpu_of_stat(&format!("/proc/{pid}/stat"), ticks)
}

/// CPU time the calling thread has used.
pub fn thread_cpu_time(ticks: u64) -> Result<Duration> {
    cpu_of_stat("/proc/thread-self/stat", ticks)
}

/// Time all threads of process `pid` spent running and time they spent
/// runnable but waiting for a CPU (`/proc/PID/task/*/schedstat`, ns).
pub fn sched(pid: u32) -> Result<(Duration, Duration)> {
    let dir = format!("/proc/{pid}/task");
    let (mut run, mut wait) = (0u64, 0u64);
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {dir}"))? {
        let path = entry?.path().join("schedstat");
        // A thread may end between the listing and the read.
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let mut f = text
            .split_whitespace()
            .map(|v| v.parse::<u64>().unwrap_or(0));
        run += f.next().unwrap_or(0);
        wait += f.next().unwrap_or(0);
    }
    Ok((Duration::from_nanos(run), Duration::from_nanos(wait)))
}

/// `VmRSS` and `VmHWM` (peak RSS) of process `pid`, in bytes.
pub fn rss_and_peak(pid: u32) -> Result<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    let field = |name: &str| -> Result<u64> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok())
            .map(|kb| kb * 1024)
            .ok_or_else(|| anyhow!("no {name} in /proc/{pid}/status"))
    };
    Ok((field("VmRSS:")?, field("VmHWM:")?))
}

/// Bytes as MiB with one decimal.
pub fn mib(b: u64) -> String {
    format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0))
}
