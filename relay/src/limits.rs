//! Quotas that keep one visitor from starving the others (`DESIGN.md`,
//! principle 5): a token bucket for ops per second, and a shared count of
//! sessions in total and per client address.
//!
//! [`TokenBucket`] is pure (it takes the time as an argument) so its tests
//! use synthetic instants and never sleep. [`SessionQuota`] is the only
//! shared state here; a [`SessionPermit`] gives its slot back when dropped,
//! so a session that ends in any way (close, error, panic) frees it.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// A quota was exhausted. `Display` is one sentence for the learner with the
/// number in force; [`LimitError::limit_name`] names the limit for metrics
/// and for `Rejection::Limit { limit, .. }`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// The relay holds as many sessions as it is configured for.
    #[error("the relay already has {max} sessions (its limit); try again later")]
    Sessions {
        /// `max_sessions`.
        max: u32,
    },
    /// One client address holds as many sessions as it may.
    #[error("too many sessions from your address ({max}); close another playground tab or wait a little for an old session to end")]
    SessionsPerIp {
        /// `max_sessions_per_ip`.
        max: u32,
    },
    /// The session holds as many open sockets as it may.
    #[error("this session already has {max} open sockets (its limit); close one first")]
    Sockets {
        /// `max_sockets`.
        max: u32,
    },
    /// The session sent ops faster than its token bucket refills.
    #[error("more than {rate} ops per second (bursts of up to {burst}); try again in {} ms", millis_ceil(*.retry_after))]
    OpsPerSecond {
        /// `ops_per_second`.
        rate: u32,
        /// `ops_burst`.
        burst: u32,
        /// How long until the next op would be accepted.
        retry_after: Duration,
    },
    /// One op carries more payload than allowed.
    #[error("{len} bytes is more than one op may carry ({max} bytes); send it in pieces")]
    Payload {
        /// The payload's size.
        len: u64,
        /// `max_payload`.
        max: u32,
    },
}

impl LimitError {
    /// The limit's short name, stable for metrics labels and the protocol's
    /// `Rejection::Limit { limit }`.
    pub fn limit_name(&self) -> &'static str {
        match self {
            LimitError::Sessions { .. } => "sessions",
            LimitError::SessionsPerIp { .. } => "sessions_per_ip",
            LimitError::Sockets { .. } => "sockets",
            LimitError::OpsPerSecond { .. } => "ops_per_second",
            LimitError::Payload { .. } => "payload",
        }
    }
}

/// The learner sees an exhausted quota as the protocol's `Rejection::Limit`.
impl From<LimitError> for shared::Rejection {
    fn from(e: LimitError) -> shared::Rejection {
        shared::Rejection::Limit {
            limit: e.limit_name().to_string(),
            detail: e.to_string(),
        }
    }
}

/// Whole milliseconds, rounded up so "try again in 0 ms" never appears.
fn millis_ceil(d: Duration) -> u128 {
    d.as_nanos().div_ceil(1_000_000)
}

/// A rate limiter: `rate_per_sec` ops per second sustained, with bursts of
/// up to `burst` ops after a quiet spell.
///
/// Implemented as GCRA (the "virtual scheduling" form of a token bucket):
/// it keeps one instant, the theoretical arrival time, instead of a
/// fractional token count, so the arithmetic is exact integer nanoseconds and
/// the retry-after it reports is precise. It is pure: the caller passes `now`.
#[derive(Clone, Debug)]
pub struct TokenBucket {
    /// Time one token takes to refill.
    interval: Duration,
    /// `burst × interval`: how far ahead of `now` the schedule may run.
    tolerance: Duration,
    /// When the bucket would be full again if nothing more were taken.
    tat: Instant,
}

impl TokenBucket {
    /// A full bucket. A rate or burst of 0 is treated as 1, because a bucket
    /// that never admits anything would lock a session out silently
    /// (configuration rejects 0 before it gets here).
    pub fn new(rate_per_sec: u32, burst: u32, now: Instant) -> TokenBucket {
        let rate = u64::from(rate_per_sec.max(1));
        let interval = Duration::from_nanos(1_000_000_000u64.div_ceil(rate));
        TokenBucket {
            interval,
            tolerance: interval.saturating_mul(burst.max(1)),
            tat: now,
        }
    }

    /// Take one token at `now`, or say how long until one is available.
    /// Instants earlier than ones already seen are treated as no time passing.
    pub fn try_take(&mut self, now: Instant) -> Result<(), Duration> {
        self.try_take_n(now, 1)
    }

    /// Take `n` tokens at once (a byte bucket charges a payload's length),
    /// or say how long until they are available. `n` larger than the burst
    /// is admitted once the bucket is full, rather than never: the caller
    /// bounds single charges (`max_payload`), and a limiter that silently
    /// refuses forever is worse than one burst overshooting.
    pub fn try_take_n(&mut self, now: Instant, n: u64) -> Result<(), Duration> {
        let start = self.tat.max(now);
        let cost = self.cost(n);
        let next = start.checked_add(cost).unwrap_or(start);
        let ahead = next.saturating_duration_since(now);
        let allowed = self.tolerance.max(cost);
        if ahead > allowed {
            return Err(ahead - allowed);
        }
        self.tat = next;
        Ok(())
    }

    /// Take `n` tokens unconditionally, for work already done (bytes a
    /// `recv` returned): the debt delays what the session asks next.
    pub fn charge(&mut self, now: Instant, n: u64) {
        let start = self.tat.max(now);
        self.tat = start.checked_add(self.cost(n)).unwrap_or(start);
    }

    /// Give back `n` tokens taken for work that did not happen (the part
    /// of a payload a `send` did not send). A full bucket stays full: the
    /// tokens cannot be given back beyond what `now` allows.
    pub fn refund(&mut self, now: Instant, n: u64) {
        self.tat = self
            .tat
            .checked_sub(self.cost(n))
            .map_or(now, |t| t.max(now));
    }

    /// How long until one token is available at `now` (zero if one is).
    pub fn wait(&self, now: Instant) -> Duration {
        let next = self.tat.max(now).checked_add(self.interval);
        next.map_or(Duration::ZERO, |next| {
            next.saturating_duration_since(now)
                .saturating_sub(self.tolerance)
        })
    }

    fn cost(&self, n: u64) -> Duration {
        self.interval
            .saturating_mul(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

/// Counts of live sessions, behind the [`SessionQuota`]'s mutex.
#[derive(Debug, Default)]
struct Counts {
    total: u32,
    per_ip: HashMap<IpAddr, u32>,
}

/// The state a [`SessionQuota`] and its permits share.
#[derive(Debug)]
struct QuotaInner {
    max_total: u32,
    max_per_ip: u32,
    // A std mutex, not tokio's: every critical section is a few integer
    // operations with no `.await` inside, and the permit releases its slot
    // in `Drop`, which cannot await an async lock.
    counts: Mutex<Counts>,
}

impl QuotaInner {
    /// The counts, even after a panic elsewhere: every update below completes
    /// without panicking, so a poisoned lock still guards consistent counts.
    fn lock(&self) -> MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// How many sessions the relay holds, in total and per client, so one
/// visitor (or a script opening tabs in a loop) cannot take every slot.
///
/// Cloning shares the same counts. IPv4-mapped clients count as their IPv4
/// address, and IPv6 clients are counted per /64, the block one subscriber
/// usually gets, because counting single IPv6 addresses would let one
/// machine pick a fresh address per session.
#[derive(Clone, Debug)]
pub struct SessionQuota {
    inner: Arc<QuotaInner>,
}

impl SessionQuota {
    /// A quota of `max_total` sessions, at most `max_per_ip` per client.
    pub fn new(max_total: u32, max_per_ip: u32) -> SessionQuota {
        SessionQuota {
            inner: Arc::new(QuotaInner {
                max_total,
                max_per_ip,
                counts: Mutex::new(Counts::default()),
            }),
        }
    }

    /// Reserve a slot for a session from `ip`; the slot is held until the
    /// returned permit is dropped.
    pub fn try_acquire(&self, ip: IpAddr) -> Result<SessionPermit, LimitError> {
        let key = client_key(ip);
        let mut counts = self.inner.lock();
        if counts.total >= self.inner.max_total {
            return Err(LimitError::Sessions {
                max: self.inner.max_total,
            });
        }
        let mine = counts.per_ip.entry(key).or_insert(0);
        if *mine >= self.inner.max_per_ip {
            let max = self.inner.max_per_ip;
            if *mine == 0 {
                counts.per_ip.remove(&key);
            }
            return Err(LimitError::SessionsPerIp { max });
        }
        *mine += 1;
        counts.total += 1;
        Ok(SessionPermit {
            inner: Arc::clone(&self.inner),
            key,
        })
    }

    /// Sessions held now, for metrics.
    pub fn active(&self) -> u32 {
        self.inner.lock().total
    }

    /// Sessions held now by the client `ip` (as counted: per /64 for IPv6).
    pub fn active_for(&self, ip: IpAddr) -> u32 {
        self.inner
            .lock()
            .per_ip
            .get(&client_key(ip))
            .copied()
            .unwrap_or(0)
    }

    /// Distinct clients holding sessions now; after load it returns to 0,
    /// which tests use to check that no entry leaks.
    pub fn clients(&self) -> usize {
        self.inner.lock().per_ip.len()
    }
}

/// One session's slot in a [`SessionQuota`]; dropping it frees the slot.
#[derive(Debug)]
pub struct SessionPermit {
    inner: Arc<QuotaInner>,
    key: IpAddr,
}

impl Drop for SessionPermit {
    fn drop(&mut self) {
        let mut counts = self.inner.lock();
        counts.total = counts.total.saturating_sub(1);
        if let Some(n) = counts.per_ip.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                counts.per_ip.remove(&self.key);
            }
        }
    }
}

/// The key a client is counted under: IPv4 as is (IPv4-mapped unwrapped),
/// IPv6 by its /64 prefix.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !(u128::MAX >> 64))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("test ip")
    }

    #[test]
    fn bucket_allows_a_burst_then_the_rate() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(10, 3, t0);
        for _ in 0..3 {
            assert_eq!(b.try_take(t0), Ok(()));
        }
        assert_eq!(b.try_take(t0), Err(ms(100)));
        assert_eq!(b.try_take(t0 + ms(40)), Err(ms(60)));
        assert_eq!(b.try_take(t0 + ms(100)), Ok(()));
        assert_eq!(b.try_take(t0 + ms(100)), Err(ms(100)));
        // Steady at the rate: one every 100 ms is always accepted.
        for i in 2..20 {
            assert_eq!(b.try_take(t0 + ms(100 * i)), Ok(()), "tick {i}");
        }
    }

    #[test]
    fn byte_bucket_charges_lengths_and_admits_one_oversized_charge_when_full() {
        let t0 = Instant::now();
        // 1000 bytes/s, bursts of 500.
        let mut b = TokenBucket::new(1000, 500, t0);
        assert_eq!(b.try_take_n(t0, 300), Ok(()));
        assert_eq!(b.try_take_n(t0, 200), Ok(()));
        assert_eq!(b.try_take_n(t0, 100), Err(ms(100)));
        assert_eq!(b.wait(t0), ms(1));
        // Full again after 500 ms; 800 is over the burst, admitted once.
        assert_eq!(b.try_take_n(t0 + ms(500), 800), Ok(()));
        assert_eq!(b.try_take_n(t0 + ms(500), 1), Err(ms(301)));
        // A charge for work done always lands and pushes the next take out.
        b.charge(t0 + ms(1300), 1000);
        assert_eq!(b.try_take_n(t0 + ms(1300), 1), Err(ms(501)));
        assert_eq!(b.wait(t0 + ms(1300)), ms(501));
        assert_eq!(b.try_take_n(t0 + ms(1801), 1), Ok(()));
    }

    #[test]
    fn a_refund_gives_back_what_was_not_used_but_never_more_than_full() {
        let t0 = Instant::now();
        // 1000 tokens a second, bursts of 1000.
        let mut b = TokenBucket::new(1000, 1000, t0);
        assert_eq!(b.try_take_n(t0, 1000), Ok(()));
        assert!(b.try_take_n(t0, 500).is_err(), "empty");
        b.refund(t0, 500);
        assert_eq!(b.try_take_n(t0, 500), Ok(()), "half given back");
        assert!(b.try_take_n(t0, 1).is_err());
        // Refunding more than was taken leaves the bucket full, not fuller.
        let mut b = TokenBucket::new(1000, 1000, t0);
        assert_eq!(b.try_take_n(t0, 10), Ok(()));
        b.refund(t0, 5000);
        assert_eq!(b.try_take_n(t0, 1000), Ok(()));
        assert!(b.try_take_n(t0, 1).is_err(), "no more than a full bucket");
    }

    #[test]
    fn bucket_refills_to_burst_and_no_further() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(100, 5, t0);
        for _ in 0..5 {
            assert_eq!(b.try_take(t0), Ok(()));
        }
        assert!(b.try_take(t0).is_err());
        let later = t0 + Duration::from_secs(3600);
        for _ in 0..5 {
            assert_eq!(b.try_take(later), Ok(()));
        }
        assert_eq!(b.try_take(later), Err(ms(10)));
    }

    #[test]
    fn bucket_counts_exactly_over_a_second() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(100, 200, t0);
        let mut taken = 0;
        for i in 0..=1000u64 {
            while b.try_take(t0 + ms(i)).is_ok() {
                taken += 1;
            }
        }
        // The burst plus one second of refill.
        assert_eq!(taken, 300);
    }

    #[test]
    fn bucket_tolerates_odd_inputs() {
        let t0 = Instant::now() + Duration::from_secs(10);
        let mut zero = TokenBucket::new(0, 0, t0);
        assert_eq!(zero.try_take(t0), Ok(()));
        assert_eq!(zero.try_take(t0), Err(Duration::from_secs(1)));
        // Time going backwards is treated as no time passing.
        let mut b = TokenBucket::new(10, 1, t0);
        assert_eq!(b.try_take(t0), Ok(()));
        assert!(b.try_take(t0 - Duration::from_secs(5)).is_err());
        // A rate that does not divide a second rounds the interval up.
        let mut third = TokenBucket::new(3, 1, t0);
        assert_eq!(third.try_take(t0), Ok(()));
        assert_eq!(third.try_take(t0), Err(Duration::from_nanos(333_333_334)));
    }

    #[test]
    fn quota_counts_total_and_per_ip() {
        let q = SessionQuota::new(3, 2);
        let a1 = q.try_acquire(ip("192.0.2.1")).expect("first");
        let a2 = q.try_acquire(ip("192.0.2.1")).expect("second");
        assert_eq!(
            q.try_acquire(ip("192.0.2.1")).expect_err("per ip"),
            LimitError::SessionsPerIp { max: 2 }
        );
        let b1 = q.try_acquire(ip("192.0.2.2")).expect("other client");
        assert_eq!(
            q.try_acquire(ip("192.0.2.3")).expect_err("total"),
            LimitError::Sessions { max: 3 }
        );
        assert_eq!(q.active(), 3);
        assert_eq!(q.active_for(ip("192.0.2.1")), 2);
        drop(a1);
        assert_eq!(q.active(), 2);
        let a3 = q.try_acquire(ip("192.0.2.1")).expect("slot freed");
        drop((a2, a3, b1));
        assert_eq!(q.active(), 0);
        assert_eq!(q.clients(), 0, "no entries left behind");
    }

    #[test]
    fn quota_refusals_leave_no_entries() {
        let q = SessionQuota::new(0, 1);
        assert!(q.try_acquire(ip("192.0.2.1")).is_err());
        let q = SessionQuota::new(5, 0);
        assert!(q.try_acquire(ip("192.0.2.1")).is_err());
        assert_eq!(q.clients(), 0);
    }

    #[test]
    fn quota_keys_mapped_and_ipv6_clients() {
        let q = SessionQuota::new(10, 1);
        let _v4 = q.try_acquire(ip("192.0.2.1")).expect("v4");
        assert!(q.try_acquire(ip("::ffff:192.0.2.1")).is_err());
        let _v6 = q.try_acquire(ip("2001:db8:1:2::1")).expect("v6");
        assert!(
            q.try_acquire(ip("2001:db8:1:2:ffff::9")).is_err(),
            "same /64"
        );
        assert!(q.try_acquire(ip("2001:db8:1:3::1")).is_ok(), "other /64");
    }

    #[test]
    fn quota_is_shared_across_clones_and_threads() {
        let q = SessionQuota::new(1000, 1000);
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let q = q.clone();
                std::thread::spawn(move || {
                    let permits: Vec<_> = (0..100)
                        .filter_map(|_| q.try_acquire(ip("127.0.0.1")).ok())
                        .collect();
                    permits.len()
                })
            })
            .collect();
        let mut total = 0;
        for h in handles {
            total += h.join().expect("thread");
        }
        assert_eq!(total, 400);
        assert_eq!(q.active(), 0);
    }

    #[test]
    fn messages_and_names() {
        assert_eq!(
            LimitError::Sessions { max: 256 }.to_string(),
            "the relay already has 256 sessions (its limit); try again later"
        );
        assert!(LimitError::SessionsPerIp { max: 32 }
            .to_string()
            .starts_with("too many sessions from your address (32)"));
        let rate = LimitError::OpsPerSecond {
            rate: 100,
            burst: 200,
            retry_after: Duration::from_micros(1500),
        };
        assert!(rate.to_string().ends_with("try again in 2 ms"));
        let names: Vec<_> = [
            LimitError::Sessions { max: 1 },
            LimitError::SessionsPerIp { max: 1 },
            LimitError::Sockets { max: 1 },
            rate,
            LimitError::Payload { len: 2, max: 1 },
        ]
        .iter()
        .map(LimitError::limit_name)
        .collect();
        assert_eq!(
            names,
            [
                "sessions",
                "sessions_per_ip",
                "sockets",
                "ops_per_second",
                "payload"
            ]
        );
        let r: shared::Rejection = LimitError::Sockets { max: 16 }.into();
        assert_eq!(
            r,
            shared::Rejection::Limit {
                limit: "sockets".into(),
                detail: "this session already has 16 open sockets (its limit); close one first"
                    .into()
            }
        );
    }
}
