//! Benchmark 2, scale: a class of simulated students, each a native
//! WebSocket client doing one op a second, on a fresh relay process; once
//! in rooms (one teacher each) and once, as the baseline, as plain
//! sessions (the teachers' places taken by idle sessions).
//!
//! A student's op alternates between a 64-byte echo exchange (`send`,
//! then `recv` until the 64 bytes are back) on its open TCP connection and
//! `getsockname()` on it; students start staggered over the first second.
//!
//! The echo exchanges go to the relay's own TCP echo service, as a class's
//! would: it serves 256 connections at once (`--service-connections`), one
//! for each student, and runs on the relay's event loop, so its work is in
//! the relay's CPU and latency here.

use crate::member::{Answer, Member};
use crate::procs;
use crate::stats::{self, Summary};
use anyhow::{Context as _, Result};
use futures_util::future::join_all;
use shared::{Op, SocketId};
use std::path::Path;
use std::time::{Duration, Instant};

/// The scale bench's parameters.
#[derive(Clone, Debug)]
pub struct Config {
    /// Students in all.
    pub students: usize,
    /// Rooms they are spread over (one teacher each).
    pub rooms: usize,
    /// Length of the load.
    pub load: Duration,
    /// Every member reads its events this long after set-up, before the load.
    pub settle: Duration,
    /// Extra flags for the relay (`--relay-arg`).
    pub relay_args: Vec<String>,
}

/// One run (with rooms or without).
#[derive(Clone, Debug, Default)]
pub struct ScaleRun {
    /// In rooms, or plain sessions.
    pub rooms: bool,
    /// Sessions open during the load.
    pub sessions: usize,
    /// Echo exchanges, ns.
    pub echo: Vec<u64>,
    /// `getsockname()`, ns.
    pub gsn: Vec<u64>,
    /// Ops the relay refused.
    pub refused: u64,
    /// Ops that raised.
    pub raised: u64,
    /// Students whose session failed during the load, with the first error.
    pub failed: u64,
    /// The first failure, if any.
    pub first_failure: Option<String>,
    /// Ticks a student could not keep (its previous op still running).
    pub late: u64,
    /// Room views all members received during the load, and their bytes.
    pub views: (u64, u64),
    /// Relay RSS: fresh, after set-up, at the end of the load; peak.
    pub rss: [u64; 3],
    /// Relay peak RSS (`VmHWM`).
    pub hwm: u64,
    /// Relay RSS during the load, every few seconds: (seconds in, bytes).
    pub rss_samples: Vec<(f64, u64)>,
    /// Relay CPU time during set-up and during the load.
    pub cpu_setup: Duration,
    /// Relay CPU time during the load.
    pub cpu_load: Duration,
    /// Time the relay's threads waited for a CPU during the load.
    pub wait_load: Duration,
    /// Set-up's wall-clock time.
    pub setup_wall: Duration,
    /// The load's wall-clock time.
    pub load_wall: Duration,
}

impl ScaleRun {
    /// Every op's latency.
    pub fn all(&self) -> Summary {
        let mut v = self.echo.clone();
        v.extend_from_slice(&self.gsn);
        Summary::of(&v)
    }

    /// Ops completed.
    pub fn ops(&self) -> usize {
        self.echo.len() + self.gsn.len()
    }

    /// How fast the relay's RSS grew during the load, MiB per minute.
    pub fn rss_growth_mib_min(&self) -> f64 {
        let grown = self.rss[2] as f64 - self.rss[1] as f64;
        grown / (1024.0 * 1024.0) / self.load_wall.as_secs_f64().max(1e-9) * 60.0
    }

    /// The relay's CPU during the load, % of one core.
    pub fn cpu_pct(&self) -> f64 {
        100.0 * self.cpu_load.as_secs_f64() / self.load_wall.as_secs_f64().max(1e-9)
    }
}

/// How often the relay's RSS is read during the load.
const RSS_EVERY: Duration = Duration::from_secs(5);

/// A student: its session and its connection to the echo server.
struct Student {
    m: Member,
    sock: SocketId,
}

/// Both runs: plain sessions first (the baseline), then rooms.
pub async fn run(relay_bin: &Path, cfg: &Config) -> Result<[ScaleRun; 2]> {
    println!(
        "scale: {} students, on the relay's echo service",
        cfg.students
    );
    let plain = one(relay_bin, cfg, false).await?;
    let rooms = one(relay_bin, cfg, true).await?;
    Ok([plain, rooms])
}

async fn one(relay_bin: &Path, cfg: &Config, rooms: bool) -> Result<ScaleRun> {
    let rooms_n = cfg.rooms.max(1);
    let sessions = cfg.students + rooms_n;
    let max = (sessions + 16).to_string();
    let per_room = cfg.students.div_ceil(rooms_n) + 1;
    let members = per_room.max(60).to_string();
    let mut flags = vec![
        "--max-sessions",
        &max,
        "--max-sessions-per-ip",
        &max,
        "--max-room-members",
        &members,
    ];
    flags.extend(cfg.relay_args.iter().map(String::as_str));
    let relay = procs::start_relay(relay_bin, &flags)?;
    let pid = relay.proc.pid();
    let ticks = stats::clock_ticks();
    let what = if rooms {
        format!("{} rooms", rooms_n)
    } else {
        "no rooms".to_string()
    };
    println!("scale ({what}): relay on ws://{}/ws", relay.addr);
    let rss_fresh = procs::settled_rss(pid, Duration::from_secs(2))?;
    let cpu0 = stats::cpu_time(pid, ticks)?;
    let t_setup = Instant::now();

    // Teachers (or idle sessions in their place), then students.
    let mut teachers = Vec::with_capacity(rooms_n);
    let mut codes = Vec::with_capacity(rooms_n);
    for r in 0..rooms_n {
        let mut t = Member::connect(relay.addr)
            .await
            .with_context(|| format!("opening teacher session {}", r + 1))?;
        if rooms {
            codes.push(t.create_room(&format!("Class {}", r + 1)).await?);
        }
        teachers.push(t);
    }
    let mut students = Vec::with_capacity(cfg.students);
    for i in 0..cfg.students {
        let setup = async {
            let mut m = Member::connect(relay.addr).await?;
            if let Some(code) = codes.get(i % rooms_n) {
                m.join_room(code, &format!("Student {}", i + 1), false)
                    .await?;
            }
            let echo = m.service_port("echo")?;
            let sock = m.connected(echo).await?;
            anyhow::Ok(Student { m, sock })
        };
        students.push(
            setup
                .await
                .with_context(|| format!("setting up student {} of {}", i + 1, cfg.students))?,
        );
        if (i + 1) % 50 == 0 {
            println!("  {} students connected", i + 1);
        }
    }
    // Everyone reads what queued up while the others joined.
    let settled = Instant::now() + cfg.settle;
    for r in join_all(
        teachers
            .iter_mut()
            .chain(students.iter_mut().map(|s| &mut s.m))
            .map(|m| m.drain_until(settled)),
    )
    .await
    {
        r?;
    }
    let setup_wall = t_setup.elapsed();
    let cpu1 = stats::cpu_time(pid, ticks)?;
    let wait1 = stats::sched(pid)?.1;
    let rss_ready = stats::rss_and_peak(pid)?.0;

    // The load.
    println!(
        "  load: {} students × 1 op/s for {:?}…",
        cfg.students, cfg.load
    );
    let views_before: Vec<(u64, u64)> = teachers
        .iter()
        .chain(students.iter().map(|s| &s.m))
        .map(|m| m.views)
        .collect();
    let t0 = Instant::now() + Duration::from_millis(100);
    let end = t0 + cfg.load;
    let n = cfg.students.max(1) as u32;
    let student_runs = join_all(students.iter_mut().enumerate().map(|(i, s)| {
        student(
            s,
            t0 + Duration::from_secs(1) * i as u32 / n,
            end,
            i % 2 == 0,
        )
    }));
    let teacher_runs = join_all(teachers.iter_mut().map(|t| t.drain_until(end)));
    let sampler = async {
        let mut samples = Vec::new();
        let mut at = t0;
        // Bounded by `end`.
        while at < end {
            at = (at + RSS_EVERY).min(end);
            tokio::time::sleep_until(at.into()).await;
            if let Ok((rss, _)) = stats::rss_and_peak(pid) {
                samples.push((at.duration_since(t0).as_secs_f64(), rss));
            }
        }
        samples
    };
    let (outs, teacher_results, rss_samples) = tokio::join!(student_runs, teacher_runs, sampler);
    let load_wall = t0.elapsed();
    let cpu2 = stats::cpu_time(pid, ticks)?;
    let wait2 = stats::sched(pid)?.1;
    let (rss_end, hwm) = stats::rss_and_peak(pid)?;

    let mut run = ScaleRun {
        rooms,
        sessions,
        rss: [rss_fresh, rss_ready, rss_end],
        hwm,
        rss_samples,
        cpu_setup: cpu1.saturating_sub(cpu0),
        cpu_load: cpu2.saturating_sub(cpu1),
        wait_load: wait2.saturating_sub(wait1),
        setup_wall,
        load_wall,
        ..ScaleRun::default()
    };
    for o in outs {
        run.echo.extend(o.echo);
        run.gsn.extend(o.gsn);
        run.refused += o.refused;
        run.raised += o.raised;
        run.late += o.late;
        if let Some(e) = o.failure {
            run.failed += 1;
            run.first_failure.get_or_insert(e);
        }
    }
    for r in teacher_results {
        if let Err(e) = r {
            run.failed += 1;
            run.first_failure
                .get_or_insert(format!("a teacher's session: {e:#}"));
        }
    }
    let members = teachers.iter().chain(students.iter().map(|s| &s.m));
    for (m, before) in members.zip(views_before) {
        run.views.0 += m.views.0 - before.0;
        run.views.1 += m.views.1 - before.1;
    }
    println!(
        "  {} ops, p50 {} p99 {} max {}, {} refused, {} raised, {} failed; relay CPU {:.1} %, RSS {}",
        run.ops(),
        stats::us(run.all().p50),
        stats::us(run.all().p99),
        stats::us(run.all().max),
        run.refused,
        run.raised,
        run.failed,
        run.cpu_pct(),
        stats::mib(rss_end)
    );
    join_all(
        teachers
            .into_iter()
            .chain(students.into_iter().map(|s| s.m))
            .map(Member::close),
    )
    .await;
    drop(relay);
    Ok(run)
}

/// One student's load, and what it saw.
#[derive(Default)]
struct StudentOut {
    echo: Vec<u64>,
    gsn: Vec<u64>,
    refused: u64,
    raised: u64,
    late: u64,
    failure: Option<String>,
}

/// One op a second from `first` until `end`, alternating between an echo
/// exchange and `getsockname()` (starting with the echo if `echo_first`).
async fn student(s: &mut Student, first: Instant, end: Instant, echo_first: bool) -> StudentOut {
    let mut out = StudentOut::default();
    let msg = crate::pattern(64);
    let mut echo_turn = echo_first;
    let mut next = first;
    let work = async {
        // Bounded by `end`: every pass waits for its tick, one second on.
        while next < end {
            s.m.drain_until(next).await?;
            let t = Instant::now();
            let a = if echo_turn {
                s.m.echo_exchange(s.sock, &msg).await?
            } else {
                s.m.call(Op::Getsockname { sock: s.sock }).await?
            };
            let took = t.elapsed().as_nanos() as u64;
            match a {
                Answer::Ok(_) if echo_turn => out.echo.push(took),
                Answer::Ok(_) => out.gsn.push(took),
                Answer::Raised(_) => out.raised += 1,
                Answer::Refused(_) => out.refused += 1,
            }
            echo_turn = !echo_turn;
            next += Duration::from_secs(1);
            let now = Instant::now();
            if next < now {
                out.late += 1;
                next = now;
            }
        }
        // Keep reading until the end, so every member's views are counted
        // over the same time.
        s.m.drain_until(end).await
    };
    if let Err(e) = work.await {
        out.failure = Some(format!("{e:#}"));
    }
    out
}
