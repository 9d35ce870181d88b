//! Free disk space, looked at before a long task: `cargo xtask test` from a
//! clean target directory writes several gigabytes, and a disk that fills
//! midway fails with a linker's "Bus error" or "No space left on device",
//! far from the cause. A warning up front names it.

use crate::ctx::probe;
use std::path::Path;

/// About what a clean `cargo xtask test` writes to the target directory,
/// measured on a clean clone (4.0 GB on 2026-11-29), with a margin.
pub const TEST_NEEDS: u64 = 5 << 30;

/// Free bytes on the file system holding `path` (or its nearest existing
/// ancestor: the target directory may not exist yet), from `df -Pk`.
/// `None` if `df` cannot tell.
pub fn free_bytes(path: &Path) -> Option<u64> {
    let existing = path.ancestors().find(|p| p.exists())?;
    let df = probe(Path::new("df"), &["-Pk", existing.to_str()?])?;
    available_kib(&df)?.checked_mul(1024)
}

/// The "Available" column of `df -P`'s one data line, in KiB.
fn available_kib(df: &str) -> Option<u64> {
    df.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()
}

/// `12.3 GB`.
pub fn gigabytes(bytes: u64) -> String {
    format!("{:.1} GB", bytes as f64 / f64::from(1u32 << 30))
}

/// A line for the task's log: how much is free at `path`, with a warning
/// when it is less than `need`.
pub fn report(path: &Path, need: u64) -> String {
    match free_bytes(path) {
        None => format!("disk: cannot tell the free space at {}", path.display()),
        Some(free) if free < need => format!(
            "disk: WARNING: {} free at {}; a run from a clean target needs about {}. \
             A build that fills the disk fails with \"No space left on device\" or a \
             linker's \"Bus error\"; `cargo clean` frees what older builds left.",
            gigabytes(free),
            path.display(),
            gigabytes(need)
        ),
        Some(free) => format!("disk: {} free at {}", gigabytes(free), path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::{available_kib, gigabytes};

    #[test]
    fn reads_dfs_available_column() {
        let df = "Filesystem     1024-blocks     Used Available Capacity Mounted on\n\
                  /dev/vda        263174212 52428800 44040192      55% /\n";
        assert_eq!(available_kib(df), Some(44_040_192));
        assert_eq!(
            available_kib("Filesystem 1024-blocks Used Available\n"),
            None
        );
        assert_eq!(available_kib(""), None);
        assert_eq!(gigabytes(44_040_192 * 1024), "42.0 GB");
    }
}
