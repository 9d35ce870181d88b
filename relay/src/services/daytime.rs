//! `daytime` over TCP (RFC 867): writes one line with the current date and
//! time, then closes without reading. The simplest server there is: the
//! learner's `recv` gets the line, the next `recv` gets `b''` (C16).
//!
//! RFC 867 fixes no syntax; we use its suggested style, in UTC so the answer
//! does not depend on the server's time zone:
//!
//! ```text
//! Saturday, November 29, 2025 03:08:12-UTC\r\n
//! ```

use super::conn::{Conn, ConnError, End};
use std::time::{SystemTime, UNIX_EPOCH};

/// Writes the date line and ends the connection.
///
/// # Errors
///
/// When the client resets or does not take the line within the idle timeout.
pub(crate) async fn handle(conn: &mut Conn) -> Result<End, ConnError> {
    // A clock before 1970 is a broken host, not a reason to fail: say 1970.
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    conn.write_all(format_line(secs).as_bytes()).await?;
    Ok(End::Done)
}

const WEEKDAYS: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The daytime line for `secs` seconds after the Unix epoch, CRLF included.
pub(crate) fn format_line(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = WEEKDAYS[(days % 7) as usize];
    let month_name = MONTHS[(month - 1) as usize];
    format!(
        "{weekday}, {month_name} {day}, {year} {:02}:{:02}:{:02}-UTC\r\n",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// (year, month 1–12, day 1–31) of a day count since 1970-01-01, by Howard
/// Hinnant's `civil_from_days`: exact for the proleptic Gregorian calendar,
/// and small enough to avoid a date crate for one line.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_line(0), "Thursday, January 1, 1970 00:00:00-UTC\r\n");
        // 2000-02-29 12:34:56 UTC, a leap day.
        assert_eq!(
            format_line(951_827_696),
            "Tuesday, February 29, 2000 12:34:56-UTC\r\n"
        );
        // 2025-11-29 03:08:12 UTC.
        assert_eq!(
            format_line(1_764_385_692),
            "Saturday, November 29, 2025 03:08:12-UTC\r\n"
        );
    }
}
