//! Clock times as transcript formats write them, read leniently.
//!
//! `[h:]m:s` with an optional fraction after `.` or `,`: `00:01:02.500`,
//! `1:02:03,5`, Teams' `0:0:0.570`, `102:00:00.000` (hours past 99),
//! `75:30` (minutes past 59 without hours), `00:00:05` (no fraction).
//! Minutes and seconds below 60 when hours are given; seconds below 60
//! always. More than three fraction digits are cut to milliseconds. The
//! house format has a stricter reader of its own (`house::parse_stamp`).

use crate::model::Timestamp;

/// Reads a clock time that is the whole of `s`.
pub fn parse(s: &str) -> Option<Timestamp> {
    let (clock, frac) = match s.rfind(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut parts = clock.split(':');
    let a = number(parts.next()?)?;
    let b = number(parts.next()?)?;
    let c = parts.next().map(number);
    if parts.next().is_some() {
        return None;
    }
    let (h, m, sec) = match c {
        Some(c) => (a, b, c?),
        None => (0, a, b),
    };
    if sec >= 60 || (c.is_some() && m >= 60) {
        return None;
    }
    let millis = match frac {
        None => 0,
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            let three: String = f.chars().chain("00".chars()).take(3).collect();
            three.parse::<u64>().ok()?
        }
        Some(_) => return None,
    };
    let total = h
        .checked_mul(60)?
        .checked_add(m)?
        .checked_mul(60)?
        .checked_add(sec)?
        .checked_mul(1000)?
        .checked_add(millis)?;
    Some(Timestamp(total))
}

/// Seconds as a JSON number gives them (`12.34`), to milliseconds;
/// `None` for negative, non-finite or absurd values.
pub fn from_seconds(s: f64) -> Option<Timestamp> {
    (s.is_finite() && (0.0..1e12).contains(&s)).then(|| Timestamp((s * 1000.0).round() as u64))
}

fn number(p: &str) -> Option<u64> {
    (!p.is_empty() && p.len() <= 12 && p.bytes().all(|b| b.is_ascii_digit()))
        .then(|| p.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_clock_times() {
        let ms = |s| parse(s).map(|t| t.millis());
        assert_eq!(ms("00:01:02.500"), Some(62_500));
        assert_eq!(ms("1:02:03,5"), Some(3_723_500));
        assert_eq!(ms("0:0:0.570"), Some(570));
        assert_eq!(ms("102:00:00.000"), Some(367_200_000));
        assert_eq!(ms("75:30"), Some(4_530_000));
        assert_eq!(ms("00:00:05"), Some(5_000));
        assert_eq!(ms("00:00:01.1234"), Some(1_123));
        assert_eq!(ms("00:02:04,08"), Some(124_080));
        for bad in [
            "",
            "1",
            "00:60:00",
            "00:00:60",
            "a:00",
            "00:00:01.",
            "1:2:3:4",
            "00:00:0x",
        ] {
            assert_eq!(ms(bad), None, "{bad:?}");
        }
        assert_eq!(from_seconds(1.2345).map(|t| t.millis()), Some(1_235));
        assert_eq!(from_seconds(-1.0), None);
        assert_eq!(from_seconds(f64::NAN), None);
    }
}
