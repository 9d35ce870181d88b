//! The playground's interpreter run in this process, on a host without a
//! relay (like `interp/tests/common`), with a real clock so that
//! `time.monotonic()` measures.

use anyhow::{bail, Result};
use interp::{Host, HostError, Interp, Limits, Mode, Outcome, Scope, Stream};
use shared::{Op, OpResult};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Captures what a script prints; socket calls fail (the language
/// workloads make none).
struct NoRelay {
    started: Instant,
    stdout: String,
    stderr: String,
}

impl Host for NoRelay {
    async fn call(&mut self, op: Op) -> Result<OpResult, HostError> {
        Err(HostError::Lost(format!(
            "no relay in this benchmark ({})",
            op.name()
        )))
    }

    fn write(&mut self, stream: Stream, text: &str) {
        match stream {
            Stream::Stdout => self.stdout.push_str(text),
            Stream::Stderr => self.stderr.push_str(text),
        }
    }

    async fn sleep(&mut self, secs: f64) -> Result<(), HostError> {
        std::thread::sleep(Duration::from_secs_f64(secs));
        Ok(())
    }

    fn monotonic(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    fn time(&self) -> f64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64())
    }

    async fn before_statement(&mut self, _line: u32, _scope: &Scope<'_>) -> Result<(), HostError> {
        // The page may yield to its event loop here now and then; this host
        // never waits, so the numbers are the evaluator's own.
        Ok(())
    }
}

/// Runs `source` as `name` with `args` (`sys.argv[1:]`) to the end and
/// returns what it printed on stdout. Bounded by the step and time limits.
pub fn run(name: &str, source: &str, args: &[String]) -> Result<String> {
    let host = NoRelay {
        started: Instant::now(),
        stdout: String::new(),
        stderr: String::new(),
    };
    let limits = Limits {
        max_steps: 100_000_000,
        max_seconds: 300.0,
        ..Limits::default()
    };
    let mut argv = vec![name.to_string()];
    argv.extend(args.iter().cloned());
    let mut interp = Interp::new(host, limits, argv);
    let outcome = futures::executor::block_on(interp.run(source, Mode::Script));
    if !matches!(outcome, Outcome::Finished) {
        bail!(
            "the playground's interpreter did not finish {name}:\n{}{}{}",
            interp.host.stdout,
            interp.host.stderr,
            outcome.report(name, source)
        );
    }
    Ok(std::mem::take(&mut interp.host.stdout))
}
