//! Would the npm package's cache of verified header pairs
//! (pkg-template/src/cache.js) pay in the Rust crate? A prototype of the
//! same design, outside the crate (a 2-way set-associative table: a tag from
//! bytes of the HostSign outside its signature, the Referer and the prefix
//! compared with ==, the 40 signature bytes in constant time, freshness
//! decided again on every hit, a pair entering on its second verification),
//! against `Verifier::verify`, on real traffic's shape:
//!
//! - repeated: one header pair, as WeChat reuses it (every lookup a hit)
//! - distinct: 20,000 pairs cycled through a 1,024-pair cache (every lookup
//!   a miss), to see what the cache costs when it cannot help
//! - the hit through a `Mutex` (uncontended), as a verifier shared by a
//!   server's threads would need it
//!
//! `cargo bench -p wechat-hostsign-bench --bench cache`. The figures are in docs/performance.md.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::Mutex;
use wechat_hostsign::{Code, SignRequest, Verifier, Version};

const TOKEN: &str = "bench-plugin-token-0123456789";
const TS: u64 = 1_711_421_951;
const SIG: usize = 40;
const TAIL: usize = 55; // "signature":" + 40 + "}

struct Entry {
    referer: String,
    hostsign: String,
    appid: (usize, usize),
    version: Version,
    timestamp: u64,
    token_index: usize,
}

/// What a hit gives back (a real implementation would build `Verified`
/// from the caller's strings at the stored offsets).
struct Hit<'a> {
    appid: &'a str,
    version: Version,
    timestamp: u64,
    age: i64,
    token_index: usize,
}

struct PairCache {
    mask: usize,
    seen: Vec<u32>,
    tags: Vec<u32>,
    slots: Vec<Option<Box<Entry>>>,
    max_age: Option<u64>,
    clock_skew: u64,
}

fn shaped(h: &[u8]) -> bool {
    h.len() >= 71 && h.len() <= 1024 && h.ends_with(b"\"}")
}

fn tag(h: &[u8]) -> u32 {
    let n = h.len();
    let mut x = n as u32;
    for &b in h[13..21].iter().chain(&h[n - TAIL - 2..n - TAIL]) {
        x = (x ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    x ^= x >> 15;
    if x == 0 { 1 } else { x }
}

fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    let mut d = 0u8;
    for (x, y) in a.iter().zip(b) {
        d |= x ^ y;
    }
    black_box(d) == 0 && a.len() == b.len()
}

impl PairCache {
    fn new(size: usize, max_age: Option<u64>, clock_skew: u64) -> Self {
        let buckets = (size / 2).next_power_of_two();
        PairCache {
            mask: buckets - 1,
            seen: vec![0; buckets],
            tags: vec![0; buckets * 2],
            slots: (0..buckets * 2).map(|_| None).collect(),
            max_age,
            clock_skew,
        }
    }

    fn get<'a>(
        &self,
        referer: &'a str,
        hostsign: &'a str,
        now: u64,
    ) -> Option<Result<Hit<'a>, Code>> {
        let h = hostsign.as_bytes();
        if !shaped(h) {
            return None;
        }
        let n = h.len();
        let t = tag(h);
        let i = (t as usize & self.mask) << 1;
        for j in i..i + 2 {
            if self.tags[j] != t {
                continue;
            }
            let e = self.slots[j].as_ref()?;
            if e.referer == referer
                && e.hostsign.len() == n
                && e.hostsign.as_bytes()[..n - SIG - 2] == h[..n - SIG - 2]
            {
                if !ct_eq(
                    &e.hostsign.as_bytes()[n - SIG - 2..n - 2],
                    &h[n - SIG - 2..n - 2],
                ) {
                    return None;
                }
                let age = now as i64 - e.timestamp as i64;
                if self.max_age.is_some_and(|m| age > m as i64) {
                    return Some(Err(Code::Expired));
                }
                if -age > self.clock_skew as i64 {
                    return Some(Err(Code::NotYetValid));
                }
                return Some(Ok(Hit {
                    appid: &referer[e.appid.0..e.appid.1],
                    version: e.version,
                    timestamp: e.timestamp,
                    age,
                    token_index: e.token_index,
                }));
            }
        }
        None
    }

    fn set(
        &mut self,
        referer: &str,
        hostsign: &str,
        appid: (usize, usize),
        version: Version,
        timestamp: u64,
        token_index: usize,
    ) {
        let h = hostsign.as_bytes();
        if !shaped(h) {
            return;
        }
        let n = h.len();
        let t = tag(h);
        let b = t as usize & self.mask;
        if self.seen[b] != t {
            self.seen[b] = t;
            return;
        }
        if &h[n - TAIL..n - TAIL + 13] != b"\"signature\":\""
            || !matches!(h[n - TAIL - 1], b',' | b'{')
        {
            return;
        }
        let i = b << 1;
        if self.tags[i] != 0 {
            self.tags[i + 1] = self.tags[i];
            self.slots[i + 1] = self.slots[i].take();
        }
        self.tags[i] = t;
        self.slots[i] = Some(Box::new(Entry {
            referer: referer.to_owned(),
            hostsign: hostsign.to_owned(),
            appid,
            version,
            timestamp,
            token_index,
        }));
    }

    /// The cached verify: a hit, or the full verify (and the pair offered to the cache).
    fn verify(&mut self, v: &Verifier, referer: &str, hostsign: &str, now: u64) -> bool {
        if let Some(r) = self.get(referer, hostsign, now) {
            return r.is_ok_and(|h| {
                black_box(h.age) >= -60
                    && !h.appid.is_empty()
                    && h.token_index == 0
                    && h.timestamp > 0
                    && matches!(h.version, Version::Release(_))
            });
        }
        match v.verify(referer, hostsign, now) {
            Ok(ok) => {
                let start = ok.appid.as_ptr() as usize - referer.as_ptr() as usize;
                self.set(
                    referer,
                    hostsign,
                    (start, start + ok.appid.len()),
                    ok.version,
                    ok.timestamp.seconds,
                    ok.token_index,
                );
                true
            }
            Err(_) => false,
        }
    }
}

fn pairs(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            let appid = format!("wx{:016x}", 0x2000_0000_0000_0000u64 + i as u64 * 104_729);
            let noncestr = format!(
                "{:032x}",
                (i as u128 + 1) * 0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835
            );
            let s = SignRequest::new(&appid, TOKEN)
                .noncestr(&noncestr)
                .timestamp(TS - (i as u64 % 300))
                .version(Version::Release(1 + i as u64 % 800))
                .sign()
                .unwrap();
            (s.referer, s.hostsign)
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let verifier = Verifier::new(TOKEN).unwrap();
    let now = TS + 30;
    let one = pairs(1);
    let (referer, hostsign) = (&one[0].0, &one[0].1);
    let distinct = pairs(20_000);

    let mut g = c.benchmark_group("cache prototype");
    g.throughput(Throughput::Elements(1));
    g.bench_function("repeated: Verifier::verify", |b| {
        b.iter(|| {
            verifier
                .verify(
                    black_box(referer.as_str()),
                    black_box(hostsign.as_str()),
                    now,
                )
                .is_ok()
        })
    });
    let mut cache = PairCache::new(1024, Some(660), 60);
    for _ in 0..2 {
        assert!(cache.verify(&verifier, referer, hostsign, now));
    }
    assert!(cache.get(referer, hostsign, now).is_some());
    g.bench_function("repeated: cache hit", |b| {
        b.iter(|| {
            cache.verify(
                &verifier,
                black_box(referer.as_str()),
                black_box(hostsign.as_str()),
                now,
            )
        })
    });
    let shared = Mutex::new(PairCache::new(1024, Some(660), 60));
    for _ in 0..2 {
        shared
            .lock()
            .unwrap()
            .verify(&verifier, referer, hostsign, now);
    }
    g.bench_function("repeated: cache hit through a Mutex", |b| {
        b.iter(|| {
            shared.lock().unwrap().verify(
                &verifier,
                black_box(referer.as_str()),
                black_box(hostsign.as_str()),
                now,
            )
        })
    });
    let mut k = 0;
    g.bench_function("distinct: Verifier::verify", |b| {
        b.iter(|| {
            k = (k + 1) % distinct.len();
            verifier
                .verify(
                    black_box(distinct[k].0.as_str()),
                    black_box(distinct[k].1.as_str()),
                    now,
                )
                .is_ok()
        })
    });
    let mut cache = PairCache::new(1024, Some(660), 60);
    g.bench_function("distinct: cache miss + verify", |b| {
        b.iter(|| {
            k = (k + 1) % distinct.len();
            cache.verify(
                &verifier,
                black_box(distinct[k].0.as_str()),
                black_box(distinct[k].1.as_str()),
                now,
            )
        })
    });
    g.finish();

    // Two threads at once (a server's workers sharing one verifier): each
    // does half the iterations; time per verification of the pair.
    let mut g = c.benchmark_group("cache prototype, 2 threads");
    g.throughput(Throughput::Elements(1));
    let two = |iters: u64, f: &(dyn Fn() -> bool + Sync)| {
        let start = std::time::Instant::now();
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| {
                    for _ in 0..iters / 2 {
                        black_box(f());
                    }
                });
            }
        });
        start.elapsed()
    };
    g.bench_function("repeated: Verifier::verify", |b| {
        b.iter_custom(|iters| {
            two(iters, &|| {
                verifier
                    .verify(
                        black_box(referer.as_str()),
                        black_box(hostsign.as_str()),
                        now,
                    )
                    .is_ok()
            })
        })
    });
    g.bench_function("repeated: cache hit through one shared Mutex", |b| {
        b.iter_custom(|iters| {
            two(iters, &|| {
                shared.lock().unwrap().verify(
                    &verifier,
                    black_box(referer.as_str()),
                    black_box(hostsign.as_str()),
                    now,
                )
            })
        })
    });
    g.finish();
}

criterion_group!(cache, benches);
criterion_main!(cache);
