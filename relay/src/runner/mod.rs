//! `socket-playground run script.py`: runs a Python script through a
//! running relay, printing exactly what the script prints.
//!
//! Every socket call of the script is a command to the relay, as on the
//! page: the relay performs the genuine system call, under its policy. This
//! is how the CPython conformance suite runs, and how a teacher checks a
//! script before class.
//!
//! - `host.rs`: the interpreter's [`interp::Host`] over a WebSocket.

mod host;

use interp::{Interp, Limits, Mode, Outcome};
use std::path::PathBuf;
use std::process::ExitCode;

/// `socket-playground run`'s arguments.
#[derive(clap::Args, Debug, Clone)]
pub struct RunArgs {
    /// The relay's page or WebSocket URL.
    #[arg(
        long,
        env = "SOCKET_PLAYGROUND_RELAY",
        default_value = "http://127.0.0.1:8080/",
        value_name = "URL"
    )]
    pub relay: String,

    /// Statements a run may execute before it is stopped.
    #[arg(long, default_value_t = Limits::default().max_steps, value_name = "N")]
    pub max_steps: u64,

    /// Seconds a run may take, waiting included.
    #[arg(long, default_value_t = Limits::default().max_seconds, value_name = "SECS")]
    pub max_seconds: f64,

    /// The script (`-` reads standard input).
    #[arg(value_name = "SCRIPT")]
    pub script: PathBuf,

    /// The script's own arguments (`sys.argv[1:]`).
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub args: Vec<String>,
}

/// The WebSocket URL for what the user typed: a page URL, a host:port, or
/// the WebSocket URL itself.
pub fn ws_url(relay: &str) -> String {
    let relay = relay.trim_end_matches('/');
    let rest = relay
        .strip_prefix("http://")
        .map(|r| format!("ws://{r}"))
        .or_else(|| relay.strip_prefix("https://").map(|r| format!("wss://{r}")))
        .unwrap_or_else(|| {
            if relay.starts_with("ws://") || relay.starts_with("wss://") {
                relay.to_string()
            } else {
                format!("ws://{relay}")
            }
        });
    if rest.ends_with("/ws") {
        rest
    } else {
        format!("{rest}/ws")
    }
}

/// Runs the script; the exit code is 0 when it finished, 1 when it raised
/// (the traceback is on stderr), `n` for `sys.exit(n)`, and 2 when the
/// playground stopped it or could not start it.
pub fn run(args: RunArgs) -> ExitCode {
    let (name, source) = match read_script(&args.script) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "socket-playground run: cannot read {}: {e}",
                args.script.display()
            );
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("socket-playground run: {e}");
            return ExitCode::from(2);
        }
    };
    let url = ws_url(&args.relay);
    runtime.block_on(async move {
        let host = match host::WsHost::connect(&url).await {
            Ok(h) => h,
            Err(e) => {
                eprintln!("socket-playground run: cannot reach the relay at {url}: {e}");
                eprintln!("  (start it with `cargo xtask run` or `socket-playground`, or pass --relay URL)");
                return ExitCode::from(2);
            }
        };
        let limits = Limits {
            max_steps: args.max_steps,
            max_seconds: args.max_seconds,
            ..Limits::default()
        };
        let mut argv = vec![name.clone()];
        argv.extend(args.args);
        let mut interp = Interp::new(host, limits, argv);
        let run = interp.run(&source, Mode::Script);
        // A limit too large for a Duration is no limit.
        let limit = std::time::Duration::try_from_secs_f64(args.max_seconds.max(0.0))
            .unwrap_or(std::time::Duration::MAX);
        let outcome = match tokio::time::timeout(limit, run).await {
            Ok(o) => o,
            Err(_) => Outcome::Halted(interp::Halt::Seconds(args.max_seconds)),
        };
        // The end of a process closes its sockets.
        for sock in interp.open_sockets() {
            let _ = interp::Host::call(&mut interp.host, shared::Op::Close { sock }).await;
        }
        interp.host.flush();
        eprint!("{}", outcome.report(&name, &source));
        match outcome {
            Outcome::Finished => ExitCode::SUCCESS,
            Outcome::Exit(code) => ExitCode::from(u8::try_from(code & 0xff).unwrap_or(1)),
            Outcome::Raised(_) | Outcome::Syntax(_) => ExitCode::from(1),
            Outcome::Halted(_) => ExitCode::from(2),
        }
    })
}

fn read_script(path: &std::path::Path) -> std::io::Result<(String, String)> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)?;
        return Ok(("<stdin>".into(), s));
    }
    Ok((path.display().to_string(), std::fs::read_to_string(path)?))
}

#[cfg(test)]
mod tests {
    use super::ws_url;

    #[test]
    fn relay_urls_become_websocket_urls() {
        assert_eq!(ws_url("http://127.0.0.1:8080/"), "ws://127.0.0.1:8080/ws");
        assert_eq!(ws_url("127.0.0.1:9000"), "ws://127.0.0.1:9000/ws");
        assert_eq!(ws_url("ws://[::1]:80/ws"), "ws://[::1]:80/ws");
        assert_eq!(
            ws_url("https://class.example.org"),
            "wss://class.example.org/ws"
        );
    }
}
