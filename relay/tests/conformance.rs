//! The proof that the playground's Python is Python: every script in
//! `conformance/` runs under the machine's real `python3` against the
//! relay's services on loopback, and through `socket-playground run`
//! against the same relay; stdout and the uncaught exception must be equal
//! after normalising the values the kernel chooses (ports, fds).
//!
//! Set `CONFORMANCE_ONLY=name` to run the scripts whose file name contains
//! `name`.

mod common;

use common::Harness;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

/// The longest one run of one script may take.
const SCRIPT_PATIENCE: Duration = Duration::from_secs(30);

/// What one run of a script showed.
#[derive(Debug, PartialEq)]
struct Seen {
    stdout: String,
    /// The traceback's last line, if the script ended with an exception.
    exception: Option<String>,
    code: Option<i32>,
}

/// Replaces what the kernel chose with names: the services' ports (given
/// as `name=port`), ephemeral ports, descriptor numbers.
fn normalise(text: &str, ports: &[(String, u16)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut number = String::new();
    let flush = |number: &mut String, out: &mut String| {
        if number.is_empty() {
            return;
        }
        let named = number
            .parse::<u16>()
            .ok()
            .and_then(|n| ports.iter().find(|(_, p)| *p == n));
        match (named, number.parse::<u32>()) {
            (Some((name, _)), _) => out.push_str(&format!("<{name}>")),
            (None, Ok(n)) if (32768..=60999).contains(&n) => out.push_str("<ephemeral>"),
            _ => out.push_str(number),
        }
        number.clear();
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // `fd=5` in a socket's repr.
        if c == 'f' && chars.get(i + 1) == Some(&'d') && chars.get(i + 2) == Some(&'=') {
            flush(&mut number, &mut out);
            out.push_str("fd=");
            i += 3;
            if chars.get(i) == Some(&'-') {
                // `fd=-1`: a closed socket, not a kernel choice.
                continue;
            }
            if chars.get(i).is_some_and(char::is_ascii_digit) {
                out.push_str("<fd>");
                while chars.get(i).is_some_and(char::is_ascii_digit) {
                    i += 1;
                }
            }
            continue;
        }
        // Digits that continue a name (`abc41000`) are not a number.
        let starts_in_word =
            number.is_empty() && i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if c.is_ascii_digit() && !starts_in_word {
            number.push(c);
        } else {
            flush(&mut number, &mut out);
            out.push(c);
        }
        i += 1;
    }
    flush(&mut number, &mut out);
    out
}

fn seen(output: &Output, ports: &[(String, u16)]) -> Seen {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let exception = if output.status.success() {
        None
    } else {
        stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(|l| normalise(l, ports))
    };
    Seen {
        stdout: normalise(&stdout, ports),
        exception,
        code: output.status.code(),
    }
}

fn scripts() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance");
    let only = std::env::var("CONFORMANCE_ONLY").ok();
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .filter(|p| {
            only.as_ref().is_none_or(|o| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().contains(o.as_str()))
            })
        })
        .collect();
    out.sort();
    out
}

async fn run(mut cmd: tokio::process::Command, what: &str) -> Output {
    cmd.kill_on_drop(true);
    match tokio::time::timeout(SCRIPT_PATIENCE, cmd.output()).await {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => panic!("{what}: cannot start: {e}"),
        Err(_) => panic!("{what}: still running after {SCRIPT_PATIENCE:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scripts_print_and_raise_what_cpython_does() {
    // Every run is a session; a finished one need not wait for a resume.
    let mut config = relay::Config::for_tests();
    config.limits.grace = Duration::ZERO;
    let relay = Harness::start_with(config).await;
    let mut ports: Vec<(String, u16)> = Vec::new();
    for s in &relay.services {
        if !ports.iter().any(|(n, _)| *n == s.name) {
            ports.push((s.name.clone(), s.port));
        }
    }
    let args: Vec<String> = ports.iter().map(|(n, p)| format!("{n}={p}")).collect();
    let scripts = scripts();
    assert!(!scripts.is_empty(), "no conformance scripts found");
    let mut failures = Vec::new();
    for script in &scripts {
        let name = script
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let mut python = tokio::process::Command::new("python3");
        python.arg(script).args(&args);
        let cpython = seen(&run(python, &format!("python3 {name}")).await, &ports);
        let mut runner = tokio::process::Command::new(env!("CARGO_BIN_EXE_socket-playground"));
        runner
            .arg("run")
            .arg("--relay")
            .arg(relay.ws_url())
            .arg(script)
            .args(&args);
        let playground = seen(&run(runner, &format!("playground {name}")).await, &ports);
        if cpython != playground {
            failures.push(format!(
                "{name}:\n--- python3 (exit {:?}) ---\n{}{}\n--- playground (exit {:?}) ---\n{}{}\n",
                cpython.code,
                cpython.stdout,
                cpython.exception.as_deref().map(|e| format!("! {e}")).unwrap_or_default(),
                playground.code,
                playground.stdout,
                playground.exception.as_deref().map(|e| format!("! {e}")).unwrap_or_default(),
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scripts differ from CPython:\n\n{}",
        failures.len(),
        scripts.len(),
        failures.join("\n")
    );
}

#[test]
fn normalising_names_kernel_chosen_numbers_only() {
    let ports = vec![
        ("echo".to_string(), 41000_u16),
        ("reset".to_string(), 41006),
    ];
    assert_eq!(
        normalise(
            "('127.0.0.1', 41000) ('127.0.0.1', 50123) 7000 fd=5 fd=-1 abc41000 10.5",
            &ports
        ),
        "('127.0.0.1', <echo>) ('127.0.0.1', <ephemeral>) 7000 fd=<fd> fd=-1 abc41000 10.5"
    );
    assert_eq!(
        normalise("[Errno 111] Connection refused", &ports),
        "[Errno 111] Connection refused"
    );
    assert_eq!(normalise("port 41006!", &ports), "port <reset>!");
}
