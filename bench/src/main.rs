//! `socket-playground-bench`: the relay side by side with raw loopback TCP,
//! websocat and websockify, on the same TCP echo service, in one run.
//!
//! ```text
//! cargo xtask bench                                   # what the README says
//! cargo run --release -p socket-playground-bench --bin socket-playground-bench -- --write BENCHMARKS.md
//! cargo run --release -p socket-playground-bench --bin socket-playground-bench -- --quick   # a smoke run
//! cargo run --release -p socket-playground-bench --bin socket-playground-bench -- --help
//! ```
//!
//! It builds the relay's release binary (`cargo build --release -p
//! socket-playground-relay`) and runs it as its own process, finds or
//! installs websocat and websockify (pinned, into
//! `~/.cache/socket-playground/tools/`), and measures:
//!
//! - (a) 64-byte round trips (p50/p99/mean) through the relay (`send` then
//!   `recv` until 64 bytes are back), over raw TCP, and through websocat and
//!   websockify used as bare WebSocket↔TCP pipes;
//! - (b) bulk throughput of 64 MiB through each of the same four paths;
//! - (c) the relay's resident memory per idle session, with 1,000 sessions
//!   on a fresh relay process.
//!
//! It prints a markdown table with the targets of issue 3 and, with
//! `--write BENCHMARKS.md`, puts it into that file between its markers.
//! Every byte goes to 127.0.0.1; every loop is bounded; every process it
//! starts is ended when it finishes, fails or is interrupted (Ctrl-C).

mod client;
mod machine;
mod measure;
mod procs;
mod report;
mod tools;

use anyhow::{Context as _, Result};
use clap::Parser;
use measure::{Pipe, Probe, RttRun};
use report::{Cell, Column, Params, Results};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Benchmarks the socket playground's relay against raw loopback TCP,
/// websocat and websockify.
#[derive(Parser, Debug)]
#[command(name = "socket-playground-bench", version, about)]
struct Args {
    /// Write the results into this markdown file, between its
    /// `<!-- bench:begin … -->` and `<!-- bench:end -->` markers.
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    /// Round trips timed per path.
    #[arg(long, default_value_t = 10_000)]
    rtt_ops: usize,
    /// Untimed round trips before them.
    #[arg(long, default_value_t = 1_000)]
    warmup: usize,
    /// MiB per bulk transfer.
    #[arg(long, default_value_t = 64)]
    bulk_mib: usize,
    /// Bulk transfers per path; the median is reported.
    #[arg(long, default_value_t = 5)]
    bulk_repeats: usize,
    /// Idle sessions for the memory measurement.
    #[arg(long, default_value_t = 1_000)]
    sessions: usize,
    /// Smaller numbers for a quick check (2,000 round trips, 16 MiB, 200
    /// sessions); not for BENCHMARKS.md.
    #[arg(long)]
    quick: bool,
    /// Use this relay binary instead of building one.
    #[arg(long, value_name = "PATH")]
    relay_bin: Option<PathBuf>,
    /// Do not install websocat / websockify; skip their columns if missing.
    #[arg(long)]
    no_install: bool,
    /// Measure only these (comma-separated), e.g. `--only relay` while
    /// profiling; the others are reported as skipped.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "WHAT")]
    only: Vec<Part>,
}

/// What `--only` can select.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// The relay's round trips and bulk.
    Relay,
    /// Raw loopback TCP.
    Raw,
    /// websocat.
    Websocat,
    /// websockify.
    Websockify,
    /// RSS per idle session.
    Memory,
}

impl Args {
    fn wants(&self, part: Part) -> bool {
        self.only.is_empty() || self.only.contains(&part)
    }
}

/// Rounds the round trips are interleaved in.
const ROUNDS: usize = 10;

/// Why a part was not measured.
pub const NOT_SELECTED: &str = "not selected (--only)";

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
        args.rtt_ops = args.rtt_ops.min(2_000);
        args.warmup = args.warmup.min(200);
        args.bulk_mib = args.bulk_mib.min(16);
        args.sessions = args.sessions.min(200);
    }
    anyhow::ensure!(args.rtt_ops > 0 && args.bulk_mib > 0 && args.bulk_repeats > 0);
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
    // 1,000 client WebSockets here and as many in the relay (which inherits
    // this limit), plus the relay's sockets and services.
    let want = (args.sessions as u64) * 3 + 1024;
    let got = rlimit::increase_nofile_limit(want).context("raising RLIMIT_NOFILE")?;
    if got < want {
        println!(
            "note: open files limited to {got} (wanted {want}); the session count may not fit"
        );
    }

    let websocat = if args.wants(Part::Websocat) {
        tools::websocat(!args.no_install).map_err(|e| format!("{e:#}"))
    } else {
        Err(NOT_SELECTED.to_string())
    };
    if let Err(e) = &websocat {
        println!("websocat: column skipped: {e}");
    }
    let websockify = if args.wants(Part::Websockify) {
        tools::websockify(!args.no_install).map_err(|e| format!("{e:#}"))
    } else {
        Err(NOT_SELECTED.to_string())
    };
    if let Err(e) = &websockify {
        println!("websockify: column skipped: {e}");
    }
    let relay_bin = match &args.relay_bin {
        Some(p) => p.clone(),
        None => procs::build_relay(&workspace())?,
    };
    println!("relay: {}", relay_bin.display());

    // (a) and (b): one relay process, its echo service shared by all paths.
    let relay = procs::start_relay(
        &relay_bin,
        &["--ops-per-second", "1000000", "--ops-burst", "1000000"],
    )?;
    let echo_port = client::Client::connect(relay.addr)
        .await
        .context("greeting the relay")?
        .echo_port()?;
    let echo = SocketAddr::from((Ipv4Addr::LOCALHOST, echo_port));
    println!("relay: ws://{}/ws, TCP echo on {echo}", relay.addr);

    let websocat_pipe = websocat.and_then(|t| {
        start_pipe("websocat", &t, |port| {
            let mut c = Command::new(&t.bin);
            c.args([
                "--binary".to_string(),
                "--buffer-size".into(),
                (2 * measure::BULK_CHUNK).to_string(),
                format!("ws-l:127.0.0.1:{port}"),
                format!("tcp:{echo}"),
            ]);
            c
        })
        .map_err(|e| format!("{e:#}"))
    });
    let websockify_pipe = websockify.and_then(|t| {
        start_pipe("websockify", &t, |port| {
            let mut c = Command::new(&t.bin);
            c.args([format!("127.0.0.1:{port}"), echo.to_string()]);
            c
        })
        .map_err(|e| format!("{e:#}"))
    });

    let n = args.rtt_ops;
    let w = args.warmup;
    let total = args.bulk_mib << 20;
    let reps = args.bulk_repeats;
    let relay_on = args.wants(Part::Relay);
    let raw_on = args.wants(Part::Raw);
    let cell = |r: Result<Probe>| r.map_err(|e| format!("{e:#}"));
    let skipped = || Err::<Probe, String>(NOT_SELECTED.to_string());

    println!("(a) {n} round trips of 64 B per path, in {ROUNDS} interleaved rounds…");
    let mut runs = Vec::new();
    for (name, on, kind) in [
        ("relay", relay_on, 0),
        ("raw TCP", raw_on, 1),
        ("websocat", true, 2),
        ("websockify", true, 3),
        ("relay, pipelined", relay_on, 4),
        ("relay, getdefaulttimeout()", relay_on, 5),
        ("relay, gettimeout()", relay_on, 6),
    ] {
        let probe = match (on, kind) {
            (false, _) => skipped(),
            (true, 0) => cell(Probe::relay(relay.addr, false).await),
            (true, 1) => cell(Probe::raw(echo).await),
            (true, 2) => pipe_probe(&websocat_pipe).await,
            (true, 3) => pipe_probe(&websockify_pipe).await,
            (true, 4) => cell(Probe::relay(relay.addr, true).await),
            (true, 5) => cell(Probe::relay_call(relay.addr, false).await),
            (true, _) => cell(Probe::relay_call(relay.addr, true).await),
        };
        runs.push(RttRun::new(name, probe));
    }
    measure::round_robin(&mut runs, w, n, ROUNDS).await;
    let relay_per_rtt = runs[0]
        .probe
        .as_ref()
        .ok()
        .and_then(Probe::client)
        .map(|c| {
            let all = (w + runs[0].count()).max(1) as f64;
            (
                c.recvs as f64 / all,
                c.pendings as f64 / all,
                c.frames_in.1 as f64 / c.frames_in.0.max(1) as f64,
            )
        });
    for r in &runs {
        match &r.probe {
            Err(e) if e != NOT_SELECTED => println!("{}: skipped: {e}", r.name),
            _ => {}
        }
    }
    let lat: Vec<Cell<measure::Latency>> = runs.iter().map(RttRun::latency).collect();
    drop(runs);

    println!(
        "(b) {reps} × {} MiB bulk per path, interleaved…",
        args.bulk_mib
    );
    let mut bulk: [Result<Vec<f64>, String>; 4] = [
        if relay_on {
            Ok(Vec::new())
        } else {
            Err(NOT_SELECTED.into())
        },
        if raw_on {
            Ok(Vec::new())
        } else {
            Err(NOT_SELECTED.into())
        },
        websocat_pipe
            .as_ref()
            .map(|_| Vec::new())
            .map_err(Clone::clone),
        websockify_pipe
            .as_ref()
            .map(|_| Vec::new())
            .map_err(Clone::clone),
    ];
    let mut relay_recvs = 0u64;
    for _ in 0..reps {
        for (i, slot) in bulk.iter_mut().enumerate() {
            let Ok(done) = slot else { continue };
            let took = match i {
                0 => measure::bulk_relay(relay.addr, total)
                    .await
                    .map(|(t, recvs)| {
                        relay_recvs += recvs;
                        t
                    }),
                1 => measure::bulk_raw(echo, total).await,
                2 => pipe_bulk(&websocat_pipe, total).await,
                _ => pipe_bulk(&websockify_pipe, total).await,
            };
            match took {
                Ok(t) => done.push(measure::mb_s(total, t)),
                Err(e) => *slot = Err(format!("{e:#}")),
            }
        }
    }
    let [relay_bulk, raw_bulk, websocat_bulk, websockify_bulk] =
        bulk.map(|b| b.map(measure::Throughput::from_runs));
    let relay_recvs_per_mib = relay_bulk
        .as_ref()
        .ok()
        .map(|_| relay_recvs as f64 / (args.bulk_mib * reps) as f64);

    let version = |p: &Cell<(procs::Guarded, Pipe, String)>, name: &str| match p {
        Ok((_, _, v)) => format!("{name} {v}"),
        Err(_) => name.to_string(),
    };
    let websocat_name = version(&websocat_pipe, "websocat");
    let websockify_name = version(&websockify_pipe, "websockify");
    drop(websocat_pipe);
    drop(websockify_pipe);
    drop(relay);

    // (c): a fresh relay process, so (a) and (b)'s buffers are not counted.
    let limit = (args.sessions + 16).to_string();
    let memory = if !args.wants(Part::Memory) {
        Err(NOT_SELECTED.to_string())
    } else {
        println!(
            "(c) RSS of a fresh relay with {} idle sessions…",
            args.sessions
        );
        match procs::start_relay(
            &relay_bin,
            &["--max-sessions", &limit, "--max-sessions-per-ip", &limit],
        ) {
            Ok(fresh) => measure::memory(&fresh, args.sessions)
                .await
                .map_err(|e| format!("{e:#}")),
            Err(e) => Err(format!("{e:#}")),
        }
    };

    let [relay_rtt, raw_rtt, websocat_rtt, websockify_rtt, pipelined, module_op, socket_op] =
        <[Cell<measure::Latency>; 7]>::try_from(lat)
            .map_err(|_| anyhow::anyhow!("seven round-trip paths"))?;
    let results = Results {
        relay_per_rtt,
        relay_pipelined: pipelined.ok(),
        relay_floor: module_op.ok().zip(socket_op.ok()),
        relay_recvs_per_mib,
        relay: Column {
            name: "relay (ours)".into(),
            rtt: relay_rtt,
            bulk: relay_bulk,
        },
        raw: Column {
            name: "raw TCP".into(),
            rtt: raw_rtt,
            bulk: raw_bulk,
        },
        websocat: Column {
            name: websocat_name,
            rtt: websocat_rtt,
            bulk: websocat_bulk,
        },
        websockify: Column {
            name: websockify_name,
            rtt: websockify_rtt,
            bulk: websockify_bulk,
        },
        memory,
        params: Params {
            rtt_ops: n,
            warmup: w,
            rounds: ROUNDS,
            bulk_mib: args.bulk_mib,
            bulk_repeats: reps,
            elapsed_s: started.elapsed().as_secs_f64(),
        },
    };
    let section = report::render(&results, &machine::machine(), &today());
    println!("\n{section}");
    if let Some(path) = &args.write {
        report::write_into(path, &section)?;
        println!("written into {}", path.display());
    }
    Ok(())
}

/// Starts a pipe on a free loopback port and waits until it listens.
fn start_pipe(
    name: &str,
    tool: &tools::Tool,
    command: impl Fn(u16) -> Command,
) -> Result<(procs::Guarded, Pipe, String)> {
    let port = procs::free_port()?;
    let mut cmd = command(port);
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    let mut proc = procs::Guarded::spawn(name, &mut cmd)?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    procs::wait_for_port(&mut proc, addr)?;
    let pipe = Pipe {
        addr,
        url: format!("ws://{addr}/"),
        subprotocol: (name == "websockify").then_some("binary"),
    };
    Ok((proc, pipe, tool.version.clone()))
}

async fn pipe_probe(pipe: &Cell<(procs::Guarded, Pipe, String)>) -> Cell<Probe> {
    match pipe {
        Ok((_, p, _)) => Probe::pipe(p).await.map_err(|e| format!("{e:#}")),
        Err(e) => Err(e.clone()),
    }
}

async fn pipe_bulk(
    pipe: &Cell<(procs::Guarded, Pipe, String)>,
    total: usize,
) -> Result<std::time::Duration> {
    match pipe {
        Ok((_, p, _)) => measure::bulk_pipe(p, total).await,
        Err(e) => anyhow::bail!("{e}"),
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
