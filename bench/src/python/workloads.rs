//! The scripts: three CPU-bound workloads a course script might do, and an
//! echo round-trip loop. Each times its own core with `time.monotonic()`
//! (in both CPython and the playground), so start-up and parsing are not
//! counted, and prints `check …` — the same under both interpreters — and
//! its timings as `key value` lines.

/// One language workload.
pub struct Workload {
    /// The script's file name, as `sys.argv[0]` and in the notes.
    pub file: &'static str,
    /// Its source; `sys.argv[1]` is the size.
    pub source: &'static str,
    /// The size of a full run.
    pub size: usize,
    /// The table's label for a size.
    pub label: fn(usize) -> String,
}

/// The language workloads.
pub static LANGUAGE: [Workload; 3] = [
    Workload {
        file: "loop.py",
        source: include_str!("scripts/loop.py"),
        size: 200_000,
        label: |n| {
            format!(
                "`while` loop, {} iterations of integer arithmetic (`*`, `+`, `%`, `if`)",
                thousands(n)
            )
        },
    },
    Workload {
        file: "bytes.py",
        source: include_str!("scripts/bytes.py"),
        size: 25_000,
        label: |n| {
            format!(
                "bytes: {} 4-byte chunks joined with `b''.join` into {} KB, sliced back and decoded",
                thousands(n),
                n * 4 / 1000
            )
        },
    },
    Workload {
        file: "format.py",
        source: include_str!("scripts/format.py"),
        size: 20_000,
        label: |n| {
            format!(
                "text: {} × `%`-format, f-string, dict counter, `list.append`; then join, split, parse",
                thousands(n)
            )
        },
    },
];

/// The round-trip script; arguments: echo port, round trips, warm-up.
pub const RTT: &str = include_str!("scripts/rtt.py");

/// `200000` → `200,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
