//! The relay's configuration: command-line flags, `SOCKET_PLAYGROUND_*`
//! environment variables and an optional TOML file, merged into one checked
//! [`Config`].
//!
//! Precedence is flag or environment variable, then the file, then the
//! defaults. Every setting has all three spellings: `--max-sockets 8`,
//! `SOCKET_PLAYGROUND_MAX_SOCKETS=8`, `max_sockets = 8`. The profile (see
//! `DESIGN.md`, principle 5) follows from the listen address unless given,
//! and the bind port range follows from the profile unless given.
//!
//! Everything is validated here, once, at start-up, so the rest of the relay
//! can trust the numbers: a bad value stops the relay with a message naming
//! the setting instead of surfacing later as a confusing refusal.

mod cli;
mod limits;

use crate::policy::{AllowRule, AllowRuleError};
pub use cli::{Cli, Subcommand};
pub use limits::LimitsConfig;
use shared::Profile;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the relay listens when nothing says otherwise: loopback, so a fresh
/// relay is in the local profile and unreachable from the network.
pub const DEFAULT_LISTEN: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 8080);
/// First port of the relay's services (echo, discard, …).
pub const DEFAULT_SERVICES_BASE_PORT: u16 = 7000;

/// Connections each TCP service serves at once unless configured.
pub const DEFAULT_SERVICE_CONNECTIONS: usize = 256;
/// Ports a learner may bind in the local profile: every unprivileged port.
pub const LOCAL_BIND_PORTS: RangeInclusive<u16> = 1024..=65535;
/// Ports a learner may bind in the shared profile: a block set apart, so
/// learners cannot squat ports the server's own software uses.
pub const SHARED_BIND_PORTS: RangeInclusive<u16> = 20000..=29999;
/// How much larger than `max_payload` the default `max_message` is: room for
/// the command's envelope and the encoding of a full payload.
pub const MESSAGE_OVERHEAD: u32 = 64 * 1024;

/// The settings a `--config` TOML file may hold: the flags, in snake_case.
/// A random teacher key: 20 characters from the join codes' alphabet.
fn generate_key() -> String {
    use rand::Rng as _;
    let mut rng = rand::rng();
    let alphabet = shared::room::CODE_ALPHABET;
    (0..20)
        .map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())]))
        .collect()
}

/// Unknown keys are errors, so a typo is reported instead of ignored.
#[derive(serde::Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<SocketAddr>,
    profile: Option<Profile>,
    services_host: Option<IpAddr>,
    services_base_port: Option<u16>,
    allow_origin: Option<Vec<String>>,
    page_dir: Option<PathBuf>,
    bind_ports: Option<String>,
    allow_connect: Option<Vec<String>>,
    max_sockets: Option<u32>,
    max_sessions: Option<u32>,
    max_sessions_per_ip: Option<u32>,
    max_payload: Option<u32>,
    max_message: Option<u32>,
    ops_per_second: Option<u32>,
    ops_burst: Option<u32>,
    bytes_per_second: Option<u32>,
    max_buffered_bytes: Option<u64>,
    replay_events: Option<usize>,
    grace_secs: Option<u64>,
    idle_secs: Option<u64>,
    teacher_key: Option<String>,
    max_room_members: Option<u32>,
    room_idle_secs: Option<u64>,
    room_bytes_per_second: Option<u32>,
    relay_id: Option<String>,
    service_connections: Option<usize>,
    trust_proxy: Option<Vec<String>>,
}

impl FileConfig {
    /// Reads `text`; a relative `page_dir` is taken relative to `base` (the
    /// file's directory) so a config file works from any working directory.
    fn parse(text: &str, path: &Path) -> Result<FileConfig, ConfigError> {
        let mut file: FileConfig = toml::from_str(text).map_err(|source| ConfigError::Parse {
            path: path.to_path_buf(),
            source: Box::new(source),
        })?;
        if let (Some(dir), Some(base)) = (&file.page_dir, path.parent()) {
            if dir.is_relative() {
                file.page_dir = Some(base.join(dir));
            }
        }
        Ok(file)
    }

    /// Reads and parses the file at `path`.
    fn load(path: &Path) -> Result<FileConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        FileConfig::parse(&text, path)
    }
}

/// Why the configuration was refused; each message names the setting.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The `--config` file could not be read.
    #[error("cannot read the config file {}: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The `--config` file is not valid TOML or has a wrong key or type.
    #[error("config file {} is not valid: {source}", .path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// The TOML error, with line and column (boxed: it is large).
        source: Box<toml::de::Error>,
    },
    /// A port range is malformed or out of bounds.
    #[error("invalid bind_ports: {0}")]
    BindPorts(#[from] PortRangeError),
    /// An allowlist rule is malformed.
    #[error("invalid allow_connect: {0}")]
    AllowConnect(#[from] AllowRuleError),
    /// An allowed origin is not of the form `scheme://host[:port]`.
    #[error("invalid allow_origin {origin:?}: {reason}")]
    Origin {
        /// The origin as given.
        origin: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// `page_dir` is not a directory.
    #[error("invalid page_dir: {} is not a directory", .0.display())]
    PageDir(PathBuf),
    /// A setting has a value outside what the relay can work with.
    #[error("invalid {setting}: {reason}")]
    Invalid {
        /// The setting's name, as in the file.
        setting: &'static str,
        /// What is wrong and what would do.
        reason: String,
    },
}

/// Why a `LO-HI` port range was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortRangeError {
    /// Not `LO-HI` or `PORT` with numbers 0–65535.
    #[error("{0:?} is not a port range: write LO-HI (e.g. 20000-29999) or one PORT")]
    Syntax(String),
    /// The range includes port 0, which means "any port" and is always allowed.
    #[error(
        "the range must start at 1 or above (port 0, \"let the kernel pick\", is always allowed)"
    )]
    Zero,
    /// LO is above HI.
    #[error("{lo}-{hi} is backwards: write the lower port first")]
    Backwards {
        /// The first number.
        lo: u16,
        /// The second number.
        hi: u16,
    },
}

/// Parses a learner bind range, `LO-HI` or a single `PORT`, and checks that
/// it is non-empty and excludes 0 (which the policy always allows apart).
pub fn parse_port_range(s: &str) -> Result<RangeInclusive<u16>, PortRangeError> {
    let syntax = || PortRangeError::Syntax(s.to_string());
    let (lo, hi) = match s.trim().split_once('-') {
        Some((lo, hi)) => (
            lo.trim().parse().map_err(|_| syntax())?,
            hi.trim().parse().map_err(|_| syntax())?,
        ),
        None => {
            let p = s.trim().parse().map_err(|_| syntax())?;
            (p, p)
        }
    };
    check_port_range(&(lo..=hi))?;
    Ok(lo..=hi)
}

/// The checks of [`parse_port_range`], for ranges built in code.
fn check_port_range(r: &RangeInclusive<u16>) -> Result<(), PortRangeError> {
    let (lo, hi) = (*r.start(), *r.end());
    if lo > hi {
        return Err(PortRangeError::Backwards { lo, hi });
    }
    if lo == 0 {
        return Err(PortRangeError::Zero);
    }
    Ok(())
}

/// Checks an allowed WebSocket origin and writes it the way browsers send
/// the `Origin` header (lower case, no trailing slash), so the comparison in
/// the upgrade handler can be a plain string match.
pub fn normalize_origin(origin: &str) -> Result<String, ConfigError> {
    let bad = |reason| ConfigError::Origin {
        origin: origin.to_string(),
        reason,
    };
    let o = origin.trim();
    if o == "*" || o.eq_ignore_ascii_case("null") {
        return Err(bad(
            "a wildcard or null origin would let any web page drive the relay; list each site",
        ));
    }
    let o = o.strip_suffix('/').unwrap_or(o).to_ascii_lowercase();
    let authority = o
        .strip_prefix("http://")
        .or_else(|| o.strip_prefix("https://"))
        .ok_or_else(|| bad("write it as http://host[:port] or https://host[:port]"))?;
    if authority.is_empty()
        || authority
            .chars()
            .any(|c| matches!(c, '/' | '?' | '#' | '@' | '*') || c.is_whitespace())
    {
        return Err(bad(
            "an origin is only scheme://host[:port], with no path, query or user",
        ));
    }
    let port = if let Some(rest) = authority.strip_prefix('[') {
        let (_, after) = rest
            .split_once(']')
            .ok_or_else(|| bad("an IPv6 host needs its closing bracket"))?;
        after.strip_prefix(':')
    } else {
        authority.split_once(':').map(|(_, port)| port)
    };
    if let Some(port) = port {
        if port.parse::<u16>().is_err() {
            return Err(bad("the port must be a number 0-65535"));
        }
    }
    Ok(o)
}

/// What the safety policy needs from the configuration (see
/// [`crate::policy::Policy::new`]).
#[derive(Clone, Debug)]
pub struct PolicyConfig {
    /// Ports learners may bind besides 0.
    pub bind_ports: RangeInclusive<u16>,
    /// Extra destinations learners' sockets may reach, in both profiles.
    pub allow_connect: Vec<AllowRule>,
}

impl PolicyConfig {
    /// The defaults of `profile`: its port range and an empty allowlist.
    pub fn default_for(profile: Profile) -> PolicyConfig {
        PolicyConfig {
            bind_ports: default_bind_ports(profile),
            allow_connect: Vec::new(),
        }
    }
}

/// The default learner bind range of a profile.
pub fn default_bind_ports(profile: Profile) -> RangeInclusive<u16> {
    match profile {
        Profile::Local => LOCAL_BIND_PORTS,
        Profile::Shared => SHARED_BIND_PORTS,
    }
}

/// The profile a listen address implies: loopback means only this machine's
/// user reaches the relay (local), anything else means the network does
/// (shared, including the wildcard `0.0.0.0`).
pub fn profile_for_listen(listen: SocketAddr) -> Profile {
    if listen.ip().to_canonical().is_loopback() {
        Profile::Local
    } else {
        Profile::Shared
    }
}

/// The relay's whole configuration, checked and ready to use.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address and port of the web server (page, `/ws`, health, metrics).
    pub listen: SocketAddr,
    /// Which safety rules are in force; Hello reports it to the page.
    pub profile: Profile,
    /// Address the relay's services listen on (always loopback).
    pub services_host: IpAddr,
    /// First service port; 0 lets the kernel pick every service port (tests).
    pub services_base_port: u16,
    /// Extra Origins allowed to open the WebSocket, normalized like the
    /// browser's `Origin` header; empty means the page's own origin only.
    pub allowed_origins: Vec<String>,
    /// Serve the page from this directory instead of the embedded one.
    pub page_dir: Option<PathBuf>,
    /// Input to [`crate::policy::Policy::new`].
    pub policy: PolicyConfig,
    /// Quotas.
    pub limits: LimitsConfig,
    /// The key that opens rooms on a shared relay: configured, or
    /// generated at start (then [`Config::teacher_key_generated`]).
    pub teacher_key: Option<String>,
    /// Whether the teacher key was generated rather than configured.
    pub teacher_key_generated: bool,
    /// Rooms' limits.
    pub room_limits: crate::rooms::RoomLimits,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<crate::proxy::TrustedNet>,
    /// This relay's id in a group behind one proxy: the first character of
    /// its room codes and of its `/relay/<id>/ws` route.
    pub relay_id: Option<char>,
    /// Connections each TCP service serves at once (more wait in the
    /// kernel's accept queue): a class that all connects to `echo` at the
    /// same moment needs one each.
    pub service_connections: usize,
}

impl Config {
    /// Merges flags and environment (already in `cli`), the `--config` file
    /// and the defaults, then validates the result.
    pub fn from_cli(cli: Cli) -> Result<Config, ConfigError> {
        let file = match &cli.config {
            Some(path) => FileConfig::load(path)?,
            None => FileConfig::default(),
        };
        Config::merge(cli, file)
    }

    /// The precedence rule itself, separate from file reading so tests can
    /// feed TOML text directly.
    fn merge(cli: Cli, file: FileConfig) -> Result<Config, ConfigError> {
        let listen = cli.listen.or(file.listen).unwrap_or(DEFAULT_LISTEN);
        let profile = cli
            .profile
            .or(file.profile)
            .unwrap_or_else(|| profile_for_listen(listen));
        let bind_ports = match (cli.bind_ports, file.bind_ports) {
            (Some(r), _) => r,
            (None, Some(s)) => parse_port_range(&s)?,
            (None, None) => default_bind_ports(profile),
        };
        check_port_range(&bind_ports)?;
        let allow_connect = if !cli.allow_connect.is_empty() {
            cli.allow_connect
        } else {
            file.allow_connect
                .unwrap_or_default()
                .iter()
                .map(|s| s.parse::<AllowRule>())
                .collect::<Result<_, _>>()?
        };
        let origins = if !cli.allow_origin.is_empty() {
            cli.allow_origin
        } else {
            file.allow_origin.unwrap_or_default()
        };
        let allowed_origins = origins
            .iter()
            .map(|o| normalize_origin(o))
            .collect::<Result<_, _>>()?;

        let defaults = LimitsConfig::default();
        let max_payload = cli
            .max_payload
            .or(file.max_payload)
            .unwrap_or(defaults.max_payload);
        let limits = LimitsConfig {
            max_sockets: cli
                .max_sockets
                .or(file.max_sockets)
                .unwrap_or(defaults.max_sockets),
            max_sessions: cli
                .max_sessions
                .or(file.max_sessions)
                .unwrap_or(defaults.max_sessions),
            max_sessions_per_ip: cli
                .max_sessions_per_ip
                .or(file.max_sessions_per_ip)
                .unwrap_or(defaults.max_sessions_per_ip),
            max_payload,
            max_message: cli
                .max_message
                .or(file.max_message)
                .unwrap_or_else(|| max_payload.saturating_add(MESSAGE_OVERHEAD)),
            ops_per_second: cli
                .ops_per_second
                .or(file.ops_per_second)
                .unwrap_or(defaults.ops_per_second),
            ops_burst: cli
                .ops_burst
                .or(file.ops_burst)
                .unwrap_or(defaults.ops_burst),
            bytes_per_second: cli
                .bytes_per_second
                .or(file.bytes_per_second)
                .unwrap_or(defaults.bytes_per_second),
            max_buffered_bytes: cli
                .max_buffered_bytes
                .or(file.max_buffered_bytes)
                .unwrap_or(defaults.max_buffered_bytes),
            replay_events: cli
                .replay_events
                .or(file.replay_events)
                .unwrap_or(defaults.replay_events),
            grace: cli
                .grace_secs
                .or(file.grace_secs)
                .map_or(defaults.grace, Duration::from_secs),
            idle: cli
                .idle_secs
                .or(file.idle_secs)
                .map_or(defaults.idle, Duration::from_secs),
        };
        let config = Config {
            listen,
            profile,
            services_host: cli
                .services_host
                .or(file.services_host)
                .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            services_base_port: cli
                .services_base_port
                .or(file.services_base_port)
                .unwrap_or(DEFAULT_SERVICES_BASE_PORT),
            allowed_origins,
            page_dir: cli.page_dir.or(file.page_dir),
            policy: PolicyConfig {
                bind_ports,
                allow_connect,
            },
            limits,
            trusted_proxies: if !cli.trust_proxy.is_empty() {
                cli.trust_proxy
            } else {
                file.trust_proxy
                    .unwrap_or_default()
                    .iter()
                    .map(|s| {
                        s.parse().map_err(|reason| ConfigError::Invalid {
                            setting: "trust_proxy",
                            reason,
                        })
                    })
                    .collect::<Result<_, _>>()?
            },
            teacher_key_generated: false,
            service_connections: cli
                .service_connections
                .or(file.service_connections)
                .unwrap_or(DEFAULT_SERVICE_CONNECTIONS),
            relay_id: cli
                .relay_id
                .or(file.relay_id)
                .map(|id| {
                    crate::rooms::code::parse_relay_id(&id).map_err(|reason| ConfigError::Invalid {
                        setting: "relay_id",
                        reason,
                    })
                })
                .transpose()?,
            teacher_key: cli
                .teacher_key
                .or(file.teacher_key)
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty()),
            room_limits: crate::rooms::RoomLimits {
                max_members: cli
                    .max_room_members
                    .or(file.max_room_members)
                    .unwrap_or(crate::rooms::RoomLimits::default().max_members),
                idle: cli.room_idle_secs.or(file.room_idle_secs).map_or(
                    crate::rooms::RoomLimits::default().idle,
                    Duration::from_secs,
                ),
                bytes_per_second: cli
                    .room_bytes_per_second
                    .or(file.room_bytes_per_second)
                    .unwrap_or(crate::rooms::RoomLimits::default().bytes_per_second),
                ..crate::rooms::RoomLimits::default()
            },
        };
        let mut config = config;
        if config.profile == Profile::Shared && config.teacher_key.is_none() {
            config.teacher_key = Some(generate_key());
            config.teacher_key_generated = true;
        }
        config.validate()?;
        Ok(config)
    }

    /// Checks the settings that depend on each other or on the machine.
    fn validate(&self) -> Result<(), ConfigError> {
        check_port_range(&self.policy.bind_ports)?;
        if self.service_connections == 0 {
            return Err(ConfigError::Invalid {
                setting: "service_connections",
                reason: "must be at least 1 (0 would leave every service unanswered)".into(),
            });
        }
        if !self.services_host.to_canonical().is_loopback() {
            return Err(ConfigError::Invalid {
                setting: "services_host",
                reason: format!(
                    "{} is not a loopback address: the services must stay on loopback, where the policy lets learners reach them and the network cannot",
                    self.services_host
                ),
            });
        }
        if let Some(dir) = &self.page_dir {
            if !dir.is_dir() {
                return Err(ConfigError::PageDir(dir.clone()));
            }
        }
        self.limits.validate()?;
        if self.room_limits.bytes_per_second < self.limits.max_payload {
            return Err(ConfigError::Invalid {
                setting: "room_bytes_per_second",
                reason: format!(
                    "{} must be at least max_payload ({}) so one full payload fits in a room's second of bytes",
                    self.room_limits.bytes_per_second, self.limits.max_payload
                ),
            });
        }
        Ok(())
    }

    /// A configuration for tests: loopback on kernel-chosen ports (so tests
    /// run in parallel), local profile, default limits, no page directory.
    pub fn for_tests() -> Config {
        Config {
            listen: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            profile: Profile::Local,
            services_host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            services_base_port: 0,
            allowed_origins: Vec::new(),
            page_dir: None,
            policy: PolicyConfig::default_for(Profile::Local),
            limits: LimitsConfig::default(),
            teacher_key: None,
            teacher_key_generated: false,
            room_limits: crate::rooms::RoomLimits::default(),
            trusted_proxies: Vec::new(),
            relay_id: None,
            service_connections: DEFAULT_SERVICE_CONNECTIONS,
        }
    }

    /// The key needed to open a room: `None` in the local profile, where
    /// anyone may (it is one person's machine).
    pub fn teacher_key(&self) -> Option<String> {
        match self.profile {
            Profile::Local => None,
            Profile::Shared => self.teacher_key.clone(),
        }
    }

    /// The limits as the page sees them in Hello, so it can show "3 of 16
    /// sockets" and explain a refusal before sending the op.
    pub fn hello_limits(&self) -> shared::Limits {
        let l = &self.limits;
        shared::Limits {
            max_sockets: l.max_sockets,
            max_payload: l.max_payload,
            max_message: l.max_message,
            ops_per_second: l.ops_per_second,
            ops_burst: l.ops_burst,
            bytes_per_second: l.bytes_per_second,
            room_bytes_per_second: self.room_limits.bytes_per_second,
            max_buffered_bytes: l.max_buffered_bytes,
            grace_secs: l.grace.as_secs(),
            idle_secs: l.idle.as_secs(),
            bind_port_min: *self.policy.bind_ports.start(),
            bind_port_max: *self.policy.bind_ports.end(),
        }
    }

    /// Things that are allowed but probably not meant, for the caller to log
    /// once logging is set up (the config is read before that).
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.profile == Profile::Local && profile_for_listen(self.listen) == Profile::Shared {
            out.push(format!(
                "the local profile is in force while listening on {}: anyone who reaches this address can make the relay connect to any port on its loopback",
                self.listen
            ));
        }
        for rule in &self.policy.allow_connect {
            if rule.is_everything() {
                out.push(format!(
                    "allow_connect rule {rule} lets learners' sockets reach every address of its family"
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
