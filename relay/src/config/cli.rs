//! The `socket-playground` command line: every flag with its environment
//! variable. [`super::Config::from_cli`] merges it with the file and defaults.

use super::parse_port_range;
use crate::policy::AllowRule;
use shared::Profile;
use std::net::{IpAddr, SocketAddr};
use std::ops::RangeInclusive;
use std::path::PathBuf;

/// The `socket-playground` command line. Every flag also reads the
/// environment variable shown in `--help`, and the file given by `--config`.
///
/// All fields are optional so that [`Config::from_cli`] can tell "not given"
/// from "given the default" and let the file fill the gaps.
#[derive(clap::Parser, Debug, Clone, Default)]
#[command(name = "socket-playground", version, about, long_about = None)]
pub struct Cli {
    /// `run SCRIPT`: run a Python script through a running relay instead
    /// of serving (see `socket-playground run --help`).
    #[command(subcommand)]
    pub command: Option<Subcommand>,

    /// Read settings from this TOML file (keys are the flag names in
    /// snake_case; flags and environment variables win over it).
    #[arg(long, env = "SOCKET_PLAYGROUND_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Address and port of the web server [default: 127.0.0.1:8080]. A
    /// loopback address selects the local profile, any other the shared one.
    #[arg(long, env = "SOCKET_PLAYGROUND_LISTEN", value_name = "ADDR:PORT")]
    pub listen: Option<SocketAddr>,

    /// Safety rules: `local` (learners bind anything, reach any loopback
    /// port) or `shared` (loopback binds in a port range, reach only the
    /// relay's services and their own sockets) [default: from --listen].
    #[arg(long, env = "SOCKET_PLAYGROUND_PROFILE", value_name = "PROFILE", value_parser = profile_parser())]
    pub profile: Option<Profile>,

    /// Address the echo and other services listen on; must be loopback
    /// [default: 127.0.0.1].
    #[arg(long, env = "SOCKET_PLAYGROUND_SERVICES_HOST", value_name = "IP")]
    pub services_host: Option<IpAddr>,

    /// First service port; the services take consecutive ports from it, and
    /// 0 lets the kernel pick each one [default: 7000].
    #[arg(
        long,
        env = "SOCKET_PLAYGROUND_SERVICES_BASE_PORT",
        value_name = "PORT"
    )]
    pub services_base_port: Option<u16>,

    /// An extra Origin allowed to open the WebSocket, e.g.
    /// `https://class.example.org` (repeat or comma-separate) [default: the
    /// page's own origin only].
    #[arg(
        long,
        env = "SOCKET_PLAYGROUND_ALLOW_ORIGIN",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub allow_origin: Vec<String>,

    /// Serve the page from this directory instead of the one built in.
    #[arg(long, env = "SOCKET_PLAYGROUND_PAGE_DIR", value_name = "DIR")]
    pub page_dir: Option<PathBuf>,

    /// Ports learners may bind besides 0, as LO-HI or one PORT [default:
    /// 1024-65535 local, 20000-29999 shared].
    #[arg(long, env = "SOCKET_PLAYGROUND_BIND_PORTS", value_name = "LO-HI", value_parser = parse_port_range)]
    pub bind_ports: Option<RangeInclusive<u16>>,

    /// Let learners' sockets also reach this address or network:
    /// `HOST:PORT`, `HOST:*`, `HOST:LO-HI`, `[IPV6]:PORT`, `10.0.0.0/8:80`
    /// (repeat or comma-separate) [default: none].
    #[arg(
        long,
        env = "SOCKET_PLAYGROUND_ALLOW_CONNECT",
        value_name = "RULE",
        value_delimiter = ','
    )]
    pub allow_connect: Vec<AllowRule>,

    /// Open sockets per session [default: 16].
    #[arg(long, env = "SOCKET_PLAYGROUND_MAX_SOCKETS", value_name = "N")]
    pub max_sockets: Option<u32>,

    /// Sessions on the whole relay [default: 256].
    #[arg(long, env = "SOCKET_PLAYGROUND_MAX_SESSIONS", value_name = "N")]
    pub max_sessions: Option<u32>,

    /// Sessions from one client address (one /64 for IPv6) [default: 32].
    #[arg(long, env = "SOCKET_PLAYGROUND_MAX_SESSIONS_PER_IP", value_name = "N")]
    pub max_sessions_per_ip: Option<u32>,

    /// Bytes of payload in one op [default: 1048576].
    #[arg(long, env = "SOCKET_PLAYGROUND_MAX_PAYLOAD", value_name = "BYTES")]
    pub max_payload: Option<u32>,

    /// Bytes in one WebSocket message; must exceed --max-payload [default:
    /// max-payload + 65536].
    #[arg(long, env = "SOCKET_PLAYGROUND_MAX_MESSAGE", value_name = "BYTES")]
    pub max_message: Option<u32>,

    /// Sustained ops per second per session [default: 100].
    #[arg(long, env = "SOCKET_PLAYGROUND_OPS_PER_SECOND", value_name = "N")]
    pub ops_per_second: Option<u32>,

    /// Ops a session may issue in a burst above that rate [default: 200].
    #[arg(long, env = "SOCKET_PLAYGROUND_OPS_BURST", value_name = "N")]
    pub ops_burst: Option<u32>,

    /// Payload bytes per second per session, sent and received together;
    /// at least --max-payload [default: 8388608].
    #[arg(long, env = "SOCKET_PLAYGROUND_BYTES_PER_SECOND", value_name = "BYTES")]
    pub bytes_per_second: Option<u32>,

    /// Bytes of events queued or kept for replay per session [default:
    /// 8388608].
    #[arg(
        long,
        env = "SOCKET_PLAYGROUND_MAX_BUFFERED_BYTES",
        value_name = "BYTES"
    )]
    pub max_buffered_bytes: Option<u64>,

    /// Events kept per session for a reconnecting page [default: 4096].
    #[arg(long, env = "SOCKET_PLAYGROUND_REPLAY_EVENTS", value_name = "N")]
    pub replay_events: Option<usize>,

    /// Seconds a dropped page's sockets stay open for it to resume; 0 closes
    /// them at once [default: 30].
    #[arg(long, env = "SOCKET_PLAYGROUND_GRACE_SECS", value_name = "SECS")]
    pub grace_secs: Option<u64>,

    /// A reverse proxy (address or network) whose `X-Forwarded-For` names the
    /// client, for the per-address limits behind TLS termination (repeat or
    /// comma-separate) [default: none; the header is ignored].
    #[arg(
        long,
        env = "SOCKET_PLAYGROUND_TRUST_PROXY",
        value_name = "IP[/PREFIX]",
        value_delimiter = ','
    )]
    pub trust_proxy: Vec<crate::proxy::TrustedNet>,

    /// The key a teacher gives to open a room on a shared relay [default:
    /// generated at start and printed once; the local profile needs none].
    #[arg(
        long,
        env = "SOCKET_PLAYGROUND_TEACHER_KEY",
        value_name = "KEY",
        hide_env_values = true
    )]
    pub teacher_key: Option<String>,

    /// Members per room, the teacher included [default: 60].
    #[arg(long, env = "SOCKET_PLAYGROUND_MAX_ROOM_MEMBERS", value_name = "N")]
    pub max_room_members: Option<u32>,

    /// Seconds without any member's op before a room closes [default: 7200].
    #[arg(long, env = "SOCKET_PLAYGROUND_ROOM_IDLE_SECS", value_name = "SECS")]
    pub room_idle_secs: Option<u64>,

    /// Payload bytes per second of all a room's members together
    /// [default: 33554432].
    #[arg(
        long,
        env = "SOCKET_PLAYGROUND_ROOM_BYTES_PER_SECOND",
        value_name = "BYTES"
    )]
    pub room_bytes_per_second: Option<u32>,

    /// This relay's id when several run behind one proxy: a letter of the
    /// join-code alphabet, or a number 0-24 (a StatefulSet pod index). Its
    /// room codes start with it, and it answers `/relay/<id>/ws`.
    #[arg(long, env = "SOCKET_PLAYGROUND_RELAY_ID", value_name = "ID")]
    pub relay_id: Option<String>,

    /// Connections each TCP service serves at once; more wait in the
    /// kernel's accept queue [default: 256].
    #[arg(long, env = "SOCKET_PLAYGROUND_SERVICE_CONNECTIONS", value_name = "N")]
    pub service_connections: Option<usize>,

    /// Seconds without any op before a session is closed [default: 1800].
    #[arg(long, env = "SOCKET_PLAYGROUND_IDLE_SECS", value_name = "SECS")]
    pub idle_secs: Option<u64>,
}

/// What the binary does besides serving.
#[derive(clap::Subcommand, Debug, Clone)]
pub enum Subcommand {
    /// Run a Python script through a running relay, printing what it prints.
    Run(crate::runner::RunArgs),
}

/// Parses `local` / `shared` for clap, listing both in `--help` and errors.
fn profile_parser() -> impl clap::builder::TypedValueParser<Value = Profile> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(["local", "shared"]).map(|s| match s.as_str() {
        "shared" => Profile::Shared,
        _ => Profile::Local,
    })
}
