//! `socket-playground`: the relay binary.
//!
//! ```text
//! socket-playground                         # local profile on http://127.0.0.1:8080/
//! socket-playground --listen 0.0.0.0:8080   # shared profile, for a classroom
//! socket-playground --help                  # every flag and its environment variable
//! ```
//!
//! Parses flags, sets up logging, binds, prints where everything is, and
//! serves until Ctrl-C or SIGTERM; then every session is told and every
//! learner socket closed before it exits 0.

use clap::Parser;
use relay::config::{Cli, Subcommand};
use relay::{Config, Relay};
use std::io::IsTerminal as _;
use tracing_subscriber::EnvFilter;

fn main() -> anyhow::Result<std::process::ExitCode> {
    let cli = Cli::parse();
    if let Some(Subcommand::Run(args)) = cli.command {
        return Ok(relay::runner::run(args));
    }
    let config = Config::from_cli(cli)?;
    // One event-loop thread unless TOKIO_WORKER_THREADS says otherwise: a
    // command crosses several tasks (connection, session, socket actor),
    // and on a multi-threaded loop each hop may wake another thread. One
    // thread measured faster in round trips and in bulk (BENCHMARKS.md),
    // and serves a classroom's few hundred ops per second with room to spare.
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if std::env::var_os("TOKIO_WORKER_THREADS").is_none() {
        runtime.worker_threads(1);
    }
    runtime.enable_all().build()?.block_on(serve(config))?;
    Ok(std::process::ExitCode::SUCCESS)
}

async fn serve(config: Config) -> anyhow::Result<()> {
    // Logs go to stderr (stdout is the banner); colours only on a terminal.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("relay=info,socket_playground=info,warn")),
        )
        .init();
    for warning in config.warnings() {
        tracing::warn!("{warning}");
    }
    let relay = Relay::bind(config).await?;
    print_banner(&relay);
    relay.run(shutdown_signal()).await?;
    println!("socket playground stopped");
    Ok(())
}

fn print_banner(relay: &Relay) {
    let config = relay.config();
    let profile = match config.profile {
        shared::Profile::Local => "local profile: reachable from this machine only",
        shared::Profile::Shared => "shared profile: strict rules for a classroom server",
    };
    println!(
        "socket playground relay {} ({profile})",
        env!("CARGO_PKG_VERSION")
    );
    println!("  page:     {}", relay.url());
    println!("  metrics:  {}metrics", relay.url());
    println!(
        "  scripts:  socket-playground run --relay {} script.py",
        relay.url()
    );
    if let Some(key) = config.teacher_key() {
        if config.teacher_key_generated {
            println!(
                "  teacher key (to open rooms; generated, set --teacher-key to choose one): {key}"
            );
        } else {
            println!("  teacher key: as configured (needed to open rooms)");
        }
    }
    println!("  services (also reachable with nc / python from this machine):");
    for s in relay.services() {
        let proto = match s.proto {
            shared::ServiceProto::Tcp => "tcp",
            shared::ServiceProto::Udp => "udp",
        };
        let nc = match s.proto {
            shared::ServiceProto::Tcp => format!("nc {} {}", s.host, s.port),
            shared::ServiceProto::Udp => format!("nc -u {} {}", s.host, s.port),
        };
        println!(
            "    {:<13} {proto} {:>5}   {:<26} {}",
            s.name, s.port, nc, s.description
        );
    }
    println!("press Ctrl-C to stop");
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
