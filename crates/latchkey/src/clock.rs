//! The emulator's clock: system time plus an adjustable offset, optionally frozen.
//!
//! Every expiry decision and every `iat`/`exp`/cookie date reads this clock, so tests and the
//! control plane can move time instead of waiting for it. This is the only place that reads
//! the system clock.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A cheaply clonable handle; clones share one clock.
#[derive(Clone, Debug, Default)]
pub struct Clock(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    /// Milliseconds added to system time.
    offset_ms: AtomicI64,
    frozen: AtomicBool,
    /// While frozen: the emulated time, in epoch milliseconds.
    frozen_at_ms: AtomicI64,
}

/// What the clock reads and how it is set, for display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockState {
    pub now_ms: i64,
    pub system_ms: i64,
    pub offset_ms: i64,
    pub frozen: bool,
}

fn system_ms() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

impl Clock {
    /// The system clock, not offset, not frozen.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock frozen at `epoch_secs` (for tests).
    pub fn frozen_at(epoch_secs: i64) -> Self {
        let clock = Self::default();
        clock
            .0
            .frozen_at_ms
            .store(epoch_secs.saturating_mul(1000), Ordering::SeqCst);
        clock.0.frozen.store(true, Ordering::SeqCst);
        clock.0.offset_ms.store(
            epoch_secs.saturating_mul(1000).saturating_sub(system_ms()),
            Ordering::SeqCst,
        );
        clock
    }

    /// Emulated now, epoch milliseconds.
    pub fn now_ms(&self) -> i64 {
        if self.0.frozen.load(Ordering::SeqCst) {
            self.0.frozen_at_ms.load(Ordering::SeqCst)
        } else {
            system_ms().saturating_add(self.0.offset_ms.load(Ordering::SeqCst))
        }
    }

    /// Emulated now, epoch seconds (what JWT claims carry).
    pub fn now(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Emulated now as a `SystemTime` (for HTTP dates).
    pub fn now_system_time(&self) -> SystemTime {
        let ms = self.now_ms();
        let d = Duration::from_millis(ms.unsigned_abs());
        let t = if ms >= 0 {
            UNIX_EPOCH.checked_add(d)
        } else {
            UNIX_EPOCH.checked_sub(d)
        };
        t.unwrap_or(UNIX_EPOCH)
    }

    pub fn state(&self) -> ClockState {
        let now_ms = self.now_ms();
        let system_ms = system_ms();
        ClockState {
            now_ms,
            system_ms,
            offset_ms: now_ms.saturating_sub(system_ms),
            frozen: self.0.frozen.load(Ordering::SeqCst),
        }
    }

    /// Sets the offset from system time (keeps a frozen clock frozen at system + offset).
    pub fn set_offset_ms(&self, offset_ms: i64) {
        self.0.offset_ms.store(offset_ms, Ordering::SeqCst);
        if self.0.frozen.load(Ordering::SeqCst) {
            self.0
                .frozen_at_ms
                .store(system_ms().saturating_add(offset_ms), Ordering::SeqCst);
        }
    }

    /// Moves emulated time forward (or back, with a negative amount).
    pub fn advance_ms(&self, by_ms: i64) {
        self.0.offset_ms.fetch_add(by_ms, Ordering::SeqCst);
        self.0.frozen_at_ms.fetch_add(by_ms, Ordering::SeqCst);
    }

    /// Stops (true) or restarts (false) emulated time where it stands.
    pub fn set_frozen(&self, frozen: bool) {
        let was = self.0.frozen.load(Ordering::SeqCst);
        if frozen && !was {
            self.0.frozen_at_ms.store(self.now_ms(), Ordering::SeqCst);
            self.0.frozen.store(true, Ordering::SeqCst);
        } else if !frozen && was {
            let at = self.0.frozen_at_ms.load(Ordering::SeqCst);
            self.0
                .offset_ms
                .store(at.saturating_sub(system_ms()), Ordering::SeqCst);
            self.0.frozen.store(false, Ordering::SeqCst);
        }
    }

    /// Back to plain system time.
    pub fn reset(&self) {
        self.0.frozen.store(false, Ordering::SeqCst);
        self.0.offset_ms.store(0, Ordering::SeqCst);
    }
}

/// RFC 3339 UTC with seconds: `2026-11-25T12:00:00Z`.
pub fn rfc3339(epoch_secs: i64) -> String {
    let days = epoch_secs.div_euclid(86_400);
    let secs = epoch_secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// RFC 3339 UTC with milliseconds: `2026-11-25T12:00:00.123Z`.
pub fn rfc3339_ms(epoch_ms: i64) -> String {
    let secs = rfc3339(epoch_ms.div_euclid(1000));
    format!(
        "{}.{:03}Z",
        &secs[..secs.len() - 1],
        epoch_ms.rem_euclid(1000)
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's
/// algorithm); saturates far outside any real date instead of overflowing.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.clamp(-1_000_000_000, 1_000_000_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339_formats_utc() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(1_795_559_005), "2026-11-24T22:23:25Z");
        assert_eq!(super::rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(
            super::rfc3339_ms(1_795_559_005_042),
            "2026-11-24T22:23:25.042Z"
        );
        let _ = super::rfc3339(i64::MIN);
        let _ = super::rfc3339(i64::MAX);
    }

    use super::*;

    #[test]
    fn frozen_clock_moves_only_when_advanced() {
        let c = Clock::frozen_at(1_000);
        assert_eq!(c.now(), 1_000);
        c.advance_ms(16 * 60 * 1000);
        assert_eq!(c.now(), 1_000 + 960);
        c.advance_ms(-2_000_000);
        assert_eq!(c.now(), 1_000 + 960 - 2_000);
    }

    #[test]
    fn unfreezing_keeps_the_emulated_time() {
        let c = Clock::frozen_at(5_000_000_000);
        c.set_frozen(false);
        assert!((c.now() - 5_000_000_000).abs() <= 1);
        c.reset();
        assert!((c.now() - system_ms() / 1000).abs() <= 1);
    }

    #[test]
    fn extreme_offsets_saturate_instead_of_panicking() {
        let c = Clock::system();
        c.set_offset_ms(i64::MAX);
        let _ = c.now();
        let _ = c.now_system_time();
        c.set_offset_ms(i64::MIN);
        let _ = c.now();
        let _ = c.state();
    }
}
