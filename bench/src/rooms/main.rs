//! `socket-playground-room-bench`: classrooms on the relay, each number
//! beside a baseline measured in the same run.
//!
//! ```text
//! cargo xtask bench-rooms                          # prints the tables
//! cargo xtask bench-rooms --write BENCHMARKS.md    # and records them
//! cargo xtask bench-rooms --quick                  # a smoke run
//! cargo run --release -p socket-playground-bench --bin socket-playground-room-bench -- --help
//! ```
//!
//! 1. **Fairness** (`fairness.rs`): in one room, a member's op round trips
//!    (a 64-byte echo exchange and `getsockname()`) while another member
//!    of the room is idle (the baseline), floods cheap ops, or floods
//!    max-size `sendall`s; the relay keeps its default limits, and the
//!    flooder's refusals are counted.
//! 2. **Scale** (`scale.rs`): 200 students in 5 rooms of 40 (one teacher
//!    each), one op a second each; latency, errors, the relay's RSS and
//!    CPU time; the baseline is the same load on plain sessions.
//!
//! It builds the relay's release binary (`cargo build --release -p
//! socket-playground-relay`) and starts a fresh process of it, on
//! `127.0.0.1:0` in the local profile, for each part. Every byte goes to
//! 127.0.0.1; every loop is bounded in count or time; every process it
//! starts is ended when it finishes, fails or is interrupted (Ctrl-C).

#[allow(dead_code)] // the parts the other benches use
#[path = "../client.rs"]
mod client;
mod echo;
mod fairness;
#[path = "../machine.rs"]
mod machine;
mod member;
#[allow(dead_code)] // the parts the other benches use
#[path = "../procs.rs"]
mod procs;
mod report;
mod scale;
mod stats;
mod worker;

use anyhow::{Context as _, Result};
use clap::Parser;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Benchmarks the relay's classrooms: fairness inside a room under a
/// flooding member, and 200 students in 5 rooms against 200 plain
/// sessions.
#[derive(Parser, Debug)]
#[command(name = "socket-playground-room-bench", version)]
struct Args {
    /// Write the results into this markdown file, between its
    /// `<!-- bench:rooms:begin … -->` and `<!-- bench:rooms:end -->`
    /// markers.
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    /// A smoke run: 3 s phases, one round, an 8 s load; not for
    /// BENCHMARKS.md.
    #[arg(long)]
    quick: bool,
    /// Use this relay binary instead of building one.
    #[arg(long, value_name = "PATH")]
    relay_bin: Option<PathBuf>,
    /// Measure only these (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "WHAT")]
    only: Vec<Part>,
    /// Fairness: seconds per phase.
    #[arg(long, default_value_t = 10.0)]
    phase_secs: f64,
    /// Fairness: rounds of (no flood, ops flood, bytes flood).
    #[arg(long, default_value_t = 2)]
    rounds: usize,
    /// Fairness: the victim's echo exchanges (each with a `getsockname`)
    /// per second; three ops each, so at most a third of the relay's
    /// per-session rate (100 by default).
    #[arg(long, default_value_t = 25)]
    victim_rate: u32,
    /// Fairness: ops the ops flooder keeps in flight.
    #[arg(long, default_value_t = 64)]
    window: usize,
    /// Fairness: connections the bytes flooder keeps a `sendall` in
    /// flight on (at most 15: the relay allows 16 sockets per session).
    #[arg(long, default_value_t = 8)]
    flood_sockets: usize,
    /// Scale: students.
    #[arg(long, default_value_t = 200)]
    students: usize,
    /// Scale: rooms (one teacher each).
    #[arg(long, default_value_t = 5)]
    rooms: usize,
    /// Scale: seconds of load per run.
    #[arg(long, default_value_t = 30.0)]
    load_secs: f64,
    /// An extra flag for every relay started, e.g. `--relay-arg=--replay-events=64`
    /// to try a setting (repeat for more); named in the results.
    #[arg(long, value_name = "FLAG", allow_hyphen_values = true)]
    relay_arg: Vec<String>,
}

/// What `--only` can select.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// Benchmark 1.
    Fairness,
    /// Benchmark 2.
    Scale,
}

impl Args {
    fn wants(&self, part: Part) -> bool {
        self.only.is_empty() || self.only.contains(&part)
    }
}

/// `len` bytes of a fixed pattern.
pub fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

/// The workspace root (this crate's parent directory).
fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), PathBuf::from)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let mut args = Args::parse();
    if args.quick {
        args.phase_secs = args.phase_secs.min(3.0);
        args.rounds = 1;
        args.load_secs = args.load_secs.min(8.0);
    }
    anyhow::ensure!(
        args.phase_secs >= 1.0 && args.phase_secs <= 120.0,
        "--phase-secs must be 1 to 120"
    );
    anyhow::ensure!(
        args.load_secs >= 2.0 && args.load_secs <= 600.0,
        "--load-secs must be 2 to 600"
    );
    anyhow::ensure!((1..=20).contains(&args.rounds), "--rounds must be 1 to 20");
    anyhow::ensure!(
        (1..=33).contains(&args.victim_rate),
        "--victim-rate must be 1 to 33 (three ops each, under 100 ops/s)"
    );
    anyhow::ensure!(
        (1..=15).contains(&args.flood_sockets),
        "--flood-sockets must be 1 to 15"
    );
    anyhow::ensure!(
        (1..=4096).contains(&args.window),
        "--window must be 1 to 4096"
    );
    anyhow::ensure!(
        args.rooms >= 1 && args.students >= 1 && args.students <= 2000,
        "--rooms must be at least 1 and --students 1 to 2000"
    );
    // Every process started below is owned by a guard that ends it when
    // dropped; Ctrl-C drops them too, by ending `run` early.
    tokio::select! {
        r = run(args) => r,
        _ = tokio::signal::ctrl_c() => {
            eprintln!("interrupted: stopping everything this run started");
            std::process::exit(130);
        }
    }
}

async fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    // The scale bench's WebSockets and TCP connections, on both sides.
    let want = (args.students as u64 + args.rooms as u64) * 6 + 1024;
    let got = rlimit::increase_nofile_limit(want).context("raising RLIMIT_NOFILE")?;
    if got < want {
        println!("note: open files limited to {got} (wanted {want})");
    }
    let relay_bin = match &args.relay_bin {
        Some(p) => p.clone(),
        None => procs::build_relay(&workspace())?,
    };
    println!("relay: {}", relay_bin.display());

    let fairness = if args.wants(Part::Fairness) {
        let cfg = fairness::Config {
            phase: Duration::from_secs_f64(args.phase_secs),
            rounds: args.rounds,
            period: Duration::from_secs(1) / args.victim_rate,
            settle: Duration::from_millis(500).min(Duration::from_secs_f64(args.phase_secs / 4.0)),
            window: args.window,
            sockets: args.flood_sockets,
            relay_args: args.relay_arg.clone(),
        };
        fairness::run(&relay_bin, &cfg)
            .await
            .map_err(|e| format!("{e:#}"))
    } else {
        Err("not selected (--only)".to_string())
    };
    if let Err(e) = &fairness {
        println!("fairness: {e}");
    }

    let scale = if args.wants(Part::Scale) {
        let cfg = scale::Config {
            students: args.students,
            rooms: args.rooms,
            load: Duration::from_secs_f64(args.load_secs),
            settle: Duration::from_secs(2),
            relay_args: args.relay_arg.clone(),
        };
        scale::run(&relay_bin, &cfg)
            .await
            .map_err(|e| format!("{e:#}"))
    } else {
        Err("not selected (--only)".to_string())
    };
    if let Err(e) = &scale {
        println!("scale: {e}");
    }

    let failed = fairness.is_err() && args.wants(Part::Fairness)
        || scale.is_err() && args.wants(Part::Scale);
    let results = report::Results {
        fairness,
        scale,
        scale_shape: (args.students, args.rooms, args.load_secs),
        quick: args.quick,
        source: match &args.relay_bin {
            Some(p) => format!("`{}` (given with `--relay-bin`)", p.display()),
            None => source(),
        },
        elapsed_s: started.elapsed().as_secs_f64(),
    };
    let mut section = report::render(&results, &machine::machine(), &today());
    if !args.relay_arg.is_empty() {
        section.push_str(&format!(
            "\nEvery relay ran with the extra flags `{}` (`--relay-arg`).\n",
            args.relay_arg.join(" ")
        ));
    }
    println!("\n{section}");
    anyhow::ensure!(!failed, "a benchmark failed (see above); nothing written");
    if let Some(path) = &args.write {
        report::write_into(path, &section)?;
        println!("written into {}", path.display());
    }
    Ok(())
}

/// The commit the relay was built from, and whether `relay/` or `shared/`
/// had uncommitted changes.
fn source() -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(workspace())
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    match git(&["rev-parse", "--short", "HEAD"]) {
        None => "built from this checkout (no git information)".into(),
        Some(commit) => match git(&["status", "--porcelain", "--", "relay", "shared"]) {
            Some(changes) if !changes.is_empty() => format!(
                "built from commit `{commit}` with uncommitted changes in `relay/` or `shared/`"
            ),
            _ => format!("built from commit `{commit}`"),
        },
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Howard Hinnant's civil_from_days.
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
