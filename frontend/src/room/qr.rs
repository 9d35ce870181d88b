//! A join link as a QR code the page draws itself: the `qrcode` crate
//! computes the modules, and they become one SVG path (a run of dark
//! modules per `M x y h n v 1 h -n z`), so the picture is small, sharp at
//! any size and needs no image renderer in the wasm.

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

/// Light modules around the code, as the standard asks, so a phone finds
/// its edges on a projector.
pub const QUIET_ZONE: usize = 4;

/// A QR code ready for `<svg viewBox="0 0 size size"><path d=path/></svg>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrPicture {
    /// Modules across, the quiet zone included.
    pub size: usize,
    /// The dark modules as one path, in module units.
    pub path: String,
}

/// The QR code of `text` (error correction M: a projected code survives a
/// glare), or `None` if the text is too long for any QR version.
pub fn picture(text: &str) -> Option<QrPicture> {
    let code = encode(text.as_bytes())?;
    let width = code.width();
    let colors = code.to_colors();
    Some(QrPicture {
        size: width + 2 * QUIET_ZONE,
        path: path_of(&colors, width),
    })
}

/// The smallest QR code holding `data` as one byte-mode segment. A link is
/// mostly lower-case letters, so the crate's search for an optimal mix of
/// numeric, alphanumeric and byte segments would gain a version at best;
/// skipping it keeps that code out of the page's wasm.
fn encode(data: &[u8]) -> Option<QrCode> {
    (1..=40).find_map(|v| {
        let mut bits = Bits::new(Version::Normal(v));
        bits.push_byte_data(data).ok()?;
        bits.push_terminator(EcLevel::M).ok()?;
        QrCode::with_bits(bits, EcLevel::M).ok()
    })
}

/// The dark modules of a `width`×`width` grid (row by row) as path runs,
/// offset by the quiet zone.
fn path_of(colors: &[Color], width: usize) -> String {
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < row.len() {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < row.len() && row[x] == Color::Dark {
                x += 1;
            }
            let run = x - start;
            path.push_str(&format!(
                "M{} {}h{run}v1h-{run}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE
            ));
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fills a grid from a path made by [`path_of`].
    fn raster(p: &QrPicture) -> Vec<Vec<bool>> {
        let mut grid = vec![vec![false; p.size]; p.size];
        for run in p.path.split('z').filter(|r| !r.is_empty()) {
            let rest = run.strip_prefix('M').expect("a run starts with M");
            let (x, rest) = rest.split_once(' ').expect("x");
            let (y, rest) = rest.split_once('h').expect("y");
            let (n, _) = rest.split_once('v').expect("n");
            let (x, y, n): (usize, usize, usize) = (
                x.parse().expect("x"),
                y.parse().expect("y"),
                n.parse().expect("n"),
            );
            for cell in &mut grid[y][x..x + n] {
                assert!(!*cell, "runs overlap at ({x}, {y})");
                *cell = true;
            }
        }
        grid
    }

    #[test]
    fn the_path_draws_exactly_the_dark_modules_inside_a_quiet_zone() {
        let link = "http://127.0.0.1:8080/#join=K7P3QX";
        let p = picture(link).expect("a short link fits");
        let code = encode(link.as_bytes()).expect("code");
        // As small as the crate's own choice of segments makes it.
        let auto = QrCode::with_error_correction_level(link, EcLevel::M).expect("auto");
        assert_eq!(code.version(), auto.version());
        assert_eq!(code.error_correction_level(), EcLevel::M);
        let w = code.width();
        assert_eq!(p.size, w + 8);
        let grid = raster(&p);
        for (i, color) in code.to_colors().iter().enumerate() {
            let (x, y) = (i % w + QUIET_ZONE, i / w + QUIET_ZONE);
            assert_eq!(grid[y][x], *color == Color::Dark, "module ({x}, {y})");
        }
        // Nothing in the quiet zone.
        for (y, row) in grid.iter().enumerate() {
            for (x, dark) in row.iter().enumerate() {
                let inside = (QUIET_ZONE..QUIET_ZONE + w).contains(&x)
                    && (QUIET_ZONE..QUIET_ZONE + w).contains(&y);
                assert!(inside || !dark, "quiet zone dark at ({x}, {y})");
            }
        }
        // The three finder patterns: a dark 7×7 ring at three corners.
        for (cx, cy) in [(0, 0), (w - 7, 0), (0, w - 7)] {
            for i in 0..7 {
                for (x, y) in [(i, 0), (i, 6), (0, i), (6, i)] {
                    assert!(grid[cy + y + QUIET_ZONE][cx + x + QUIET_ZONE]);
                }
            }
        }
    }

    #[test]
    fn a_longer_address_makes_a_bigger_code_and_too_much_text_none() {
        let short = picture("http://127.0.0.1:1/#join=K7P3QX").expect("short");
        let long = picture(&format!(
            "http://playground.classroom.example:8080/{}#join=K7P3QX",
            "x".repeat(80)
        ))
        .expect("long");
        assert!(long.size > short.size);
        assert_eq!(picture(&"x".repeat(5000)), None);
    }
}
