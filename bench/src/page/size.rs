//! What the browser downloads: the page's wasm and JS (and CSS), raw and
//! gzipped at level 9.

use anyhow::{Context as _, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write as _;
use std::path::Path;

/// Sizes in bytes.
#[derive(Debug, Default)]
pub struct Sizes {
    pub wasm: u64,
    pub wasm_gz: u64,
    pub js: u64,
    pub js_gz: u64,
    pub css: u64,
    pub css_gz: u64,
}

fn gz(bytes: &[u8]) -> Result<u64> {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    e.write_all(bytes)?;
    Ok(e.finish()?.len() as u64)
}

/// Sizes of every `.wasm`, `.js` and `.css` file in `dist`.
pub fn measure(dist: &Path) -> Result<Sizes> {
    let mut s = Sizes::default();
    let entries = std::fs::read_dir(dist)
        .with_context(|| format!("reading {} (build the page first)", dist.display()))?;
    for entry in entries {
        let path = entry?.path();
        let bytes = std::fs::read(&path)?;
        let (raw, packed) = match path.extension().and_then(|e| e.to_str()) {
            Some("wasm") => (&mut s.wasm, &mut s.wasm_gz),
            Some("js") => (&mut s.js, &mut s.js_gz),
            Some("css") => (&mut s.css, &mut s.css_gz),
            _ => continue,
        };
        *raw += bytes.len() as u64;
        *packed += gz(&bytes)?;
    }
    anyhow::ensure!(s.wasm > 0, "no .wasm in {}", dist.display());
    Ok(s)
}
