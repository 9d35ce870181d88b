//! A host without a relay: it captures what scripts print, for tests of
//! the language itself.
#![allow(dead_code)]

use interp::{Host, HostError, Interp, Limits, Mode, Scope, Stream};
use shared::{Op, OpResult};

/// Captures stdout and stderr; socket calls fail as if the relay were gone.
#[derive(Default)]
pub struct Capture {
    pub stdout: String,
    pub stderr: String,
    pub lines: Vec<u32>,
}

impl Host for Capture {
    async fn call(&mut self, op: Op) -> Result<OpResult, HostError> {
        Err(HostError::Lost(format!(
            "no relay in this test ({})",
            op.name()
        )))
    }

    fn write(&mut self, stream: Stream, text: &str) {
        match stream {
            Stream::Stdout => self.stdout.push_str(text),
            Stream::Stderr => self.stderr.push_str(text),
        }
    }

    async fn sleep(&mut self, _secs: f64) -> Result<(), HostError> {
        Ok(())
    }

    fn monotonic(&self) -> f64 {
        0.0
    }

    fn time(&self) -> f64 {
        0.0
    }

    async fn before_statement(&mut self, line: u32, _scope: &Scope<'_>) -> Result<(), HostError> {
        self.lines.push(line);
        Ok(())
    }
}

/// Runs `source` as a script; returns stdout and the outcome's one-line summary.
pub fn run(source: &str) -> (String, String) {
    run_with(source, Limits::default())
}

/// Runs with the given limits.
pub fn run_with(source: &str, limits: Limits) -> (String, String) {
    let mut i = Interp::new(Capture::default(), limits, vec!["test.py".into()]);
    let outcome = futures::executor::block_on(i.run(source, Mode::Script));
    (i.host.stdout.clone(), outcome.to_string())
}

/// A host whose clock advances one second per reading.
#[derive(Default)]
pub struct Ticking(std::cell::Cell<f64>);

impl Host for Ticking {
    async fn call(&mut self, op: Op) -> Result<OpResult, HostError> {
        Err(HostError::Lost(format!(
            "no relay in this test ({})",
            op.name()
        )))
    }

    fn write(&mut self, _stream: Stream, _text: &str) {}

    async fn sleep(&mut self, _secs: f64) -> Result<(), HostError> {
        Ok(())
    }

    fn monotonic(&self) -> f64 {
        let t = self.0.get() + 1.0;
        self.0.set(t);
        t
    }

    fn time(&self) -> f64 {
        self.monotonic()
    }

    async fn before_statement(&mut self, _line: u32, _scope: &Scope<'_>) -> Result<(), HostError> {
        Ok(())
    }
}
