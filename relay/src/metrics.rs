//! Counters the relay exposes on `/metrics` in Prometheus text format: how
//! many sessions and sockets are open, ops by kind, bytes, refusals, errors.
//! A teacher watching a classroom relay (or an autoscaler) reads these.

use shared::codec::OP_NAMES;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;

/// All counters; one instance per relay, shared by `Arc`.
#[derive(Debug)]
pub struct Metrics {
    /// Sessions alive now (attached or in their grace period).
    pub sessions_active: AtomicI64,
    /// Sessions ever started.
    pub sessions_total: AtomicU64,
    /// WebSocket connections open now.
    pub connections_active: AtomicI64,
    /// Learner sockets open now.
    pub sockets_open: AtomicI64,
    /// Payload bytes learners' sockets sent.
    pub bytes_sent: AtomicU64,
    /// Payload bytes learners' sockets received.
    pub bytes_received: AtomicU64,
    /// Times a connection stopped reading because its page sent frames
    /// faster than its session could use them (see `session::reads`).
    pub read_pauses: AtomicU64,
    /// Ops run, indexed like [`OP_NAMES`].
    ops: Vec<AtomicU64>,
    /// Labelled counters that are not on a hot path (refusals, rejections,
    /// Python errors). A std mutex: the critical section is one map update
    /// and never spans an `.await`.
    labelled: Mutex<BTreeMap<(&'static str, String), u64>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            sessions_active: AtomicI64::new(0),
            sessions_total: AtomicU64::new(0),
            connections_active: AtomicI64::new(0),
            sockets_open: AtomicI64::new(0),
            bytes_sent: AtomicU64::new(0),
            bytes_received: AtomicU64::new(0),
            read_pauses: AtomicU64::new(0),
            ops: OP_NAMES.iter().map(|_| AtomicU64::new(0)).collect(),
            labelled: Mutex::new(BTreeMap::new()),
        }
    }
}

impl Metrics {
    /// Counts one op by name.
    pub fn op(&self, name: &str) {
        if let Some(i) = OP_NAMES.iter().position(|n| *n == name) {
            if let Some(c) = self.ops.get(i) {
                c.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Counts a refused command (`policy`, or a limit's name).
    pub fn refusal(&self, kind: &str) {
        self.bump("playground_refusals_total", kind);
    }

    /// Counts a rejected frame (malformed, unknown op, unknown socket, …).
    pub fn rejection(&self, kind: &str) {
        self.bump("playground_rejections_total", kind);
    }

    /// Counts a Python exception an op raised, by class.
    pub fn py_error(&self, class: &str) {
        self.bump("playground_python_errors_total", class);
    }

    fn bump(&self, metric: &'static str, label: &str) {
        let mut map = match self.labelled.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        *map.entry((metric, label.to_string())).or_insert(0) += 1;
    }

    /// A labelled counter's value (for tests and the page's status line).
    pub fn labelled(&self, metric: &str, label: &str) -> u64 {
        let map = match self.labelled.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        map.iter()
            .find(|((m, l), _)| *m == metric && l == label)
            .map(|(_, v)| *v)
            .unwrap_or(0)
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let gauge = |out: &mut String, name: &str, help: &str, v: i64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}");
        };
        let counter = |out: &mut String, name: &str, help: &str, v: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}"
            );
        };
        gauge(
            &mut out,
            "playground_sessions",
            "Sessions alive now.",
            self.sessions_active.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "playground_sessions_total",
            "Sessions started.",
            self.sessions_total.load(Ordering::Relaxed),
        );
        gauge(
            &mut out,
            "playground_connections",
            "WebSocket connections open now.",
            self.connections_active.load(Ordering::Relaxed),
        );
        gauge(
            &mut out,
            "playground_sockets",
            "Learner sockets open now.",
            self.sockets_open.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "playground_bytes_sent_total",
            "Payload bytes learner sockets sent.",
            self.bytes_sent.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "playground_bytes_received_total",
            "Payload bytes learner sockets received.",
            self.bytes_received.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "playground_read_pauses_total",
            "Times a connection stopped reading frames sent faster than twice its session's op or byte rate.",
            self.read_pauses.load(Ordering::Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP playground_ops_total Ops run, by op.\n# TYPE playground_ops_total counter"
        );
        for (name, c) in OP_NAMES.iter().zip(&self.ops) {
            let _ = writeln!(
                out,
                "playground_ops_total{{op=\"{name}\"}} {}",
                c.load(Ordering::Relaxed)
            );
        }
        let map = match self.labelled.lock() {
            Ok(m) => m.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        let mut last = "";
        for ((metric, label), v) in &map {
            if *metric != last {
                let _ = writeln!(out, "# TYPE {metric} counter");
                last = metric;
            }
            let key = if *metric == "playground_python_errors_total" {
                "class"
            } else {
                "kind"
            };
            let _ = writeln!(out, "{metric}{{{key}=\"{}\"}} {v}", label.replace('"', "'"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_labels() {
        let m = Metrics::default();
        m.op("recv");
        m.op("recv");
        m.refusal("policy");
        m.py_error("ConnectionRefusedError");
        let text = m.render();
        assert!(
            text.contains("playground_ops_total{op=\"recv\"} 2"),
            "{text}"
        );
        assert!(
            text.contains("playground_refusals_total{kind=\"policy\"} 1"),
            "{text}"
        );
        assert!(text.contains("playground_python_errors_total{class=\"ConnectionRefusedError\"} 1"));
        assert_eq!(m.labelled("playground_refusals_total", "policy"), 1);
    }
}
