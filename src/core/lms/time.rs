//! Times and identifiers in the forms the specifications ask for: xAPI
//! timestamps and ISO 8601 durations (also SCORM 2004's), SCORM 1.2's
//! `HHHH:MM:SS.SS` timespans and `HH:MM:SS` times, and version 4 UUIDs made
//! from random bytes the browser supplies.

/// `2026-11-30T13:45:27.123Z` for milliseconds since 1970-01-01 UTC.
pub fn timestamp(ms: u64) -> String {
    let (date, time) = civil(ms);
    format!("{date}T{time}.{:03}Z", ms % 1000)
}

/// `2026-11-30T13:45:27` (SCORM 2004's `time(second,10,0)`, in UTC).
pub fn timestamp_seconds(ms: u64) -> String {
    let (date, time) = civil(ms);
    format!("{date}T{time}")
}

/// `13:45:27` (SCORM 1.2's CMITime, in UTC).
pub fn time_of_day(ms: u64) -> String {
    civil(ms).1
}

fn civil(ms: u64) -> (String, String) {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        format!("{year:04}-{month:02}-{day:02}"),
        format!("{:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60),
    )
}

/// An ISO 8601 duration such as `PT1H2M3.45S` (hundredths of a second).
pub fn duration(ms: u64) -> String {
    let hundredths = ms / 10;
    let (hours, minutes) = (hundredths / 360_000, hundredths / 6000 % 60);
    let seconds = hundredths % 6000;
    let mut out = String::from("PT");
    if hours > 0 {
        out.push_str(&format!("{hours}H"));
    }
    if minutes > 0 {
        out.push_str(&format!("{minutes}M"));
    }
    out.push_str(&format!("{}.{:02}S", seconds / 100, seconds % 100));
    out
}

/// SCORM 1.2's CMITimespan, `HHHH:MM:SS.SS`.
pub fn timespan(ms: u64) -> String {
    let hundredths = ms / 10;
    format!(
        "{:04}:{:02}:{:02}.{:02}",
        hundredths / 360_000,
        hundredths / 6000 % 60,
        hundredths / 100 % 60,
        hundredths % 100
    )
}

/// A version 4 UUID from 16 random bytes.
pub fn uuid(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_iso_8601() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00.000Z");
        // 2024-02-29T23:59:59.999Z: a leap day.
        assert_eq!(timestamp(1_709_251_199_999), "2024-02-29T23:59:59.999Z");
        assert_eq!(timestamp_seconds(1_709_251_199_999), "2024-02-29T23:59:59");
        assert_eq!(time_of_day(1_709_251_199_999), "23:59:59");
        assert_eq!(timestamp(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn durations_in_both_forms() {
        assert_eq!(duration(0), "PT0.00S");
        assert_eq!(duration(3_723_450), "PT1H2M3.45S");
        assert_eq!(timespan(3_723_450), "0001:02:03.45");
        assert_eq!(timespan(59_999), "0000:00:59.99");
    }

    #[test]
    fn uuids_are_version_4() {
        let id = uuid([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid([0; 16]), "00000000-0000-4000-8000-000000000000");
    }
}
