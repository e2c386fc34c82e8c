//! Criterion benchmarks of the native core: parsing, the signature, and the
//! full verification path (both header strings in, result out), on the
//! request shape real traffic has. `cargo bench -p wechat-hostsign-bench --bench core`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use wechat_hostsign::{
    SignRequest, Verifier, Version, parse_hostsign, parse_referer, sign, signature,
};

const APPID: &str = "wx0123456789abcdef";
const TOKEN: &str = "bench-plugin-token-0123456789";
const NONCE: &str = "0123456789abcdef0123456789abcdef";
const TS: u64 = 1_711_421_951;

fn signed(token: &str) -> (String, String) {
    let s = sign(
        &SignRequest::new(APPID, token)
            .noncestr(NONCE)
            .timestamp(TS)
            .version(Version::Release(7)),
    )
    .unwrap();
    (s.referer, s.hostsign)
}

/// `hostsign` with unknown keys added up to the 1 KiB limit (the signature
/// does not cover them, so it still verifies): the worst cases for the
/// duplicate-key check.
fn with_keys(hostsign: &str, keys: impl Iterator<Item = String>) -> String {
    let mut s = hostsign.strip_suffix('}').unwrap().to_owned();
    for key in keys {
        let member = format!(r#","{key}":0"#);
        if s.len() + member.len() + 1 > 1024 {
            break;
        }
        s.push_str(&member);
    }
    s + "}"
}

/// The review's keys: distinct, two printable characters each.
fn distinct_keys() -> impl Iterator<Item = String> {
    (b'0'..=b'9').flat_map(|second| {
        (b'#'..=b'~')
            .filter(|&c| c != b'\\')
            .map(move |first| format!("{}{}", char::from(first), char::from(second)))
    })
}

/// Three-character keys that share one slot of the check's hash table (its
/// fingerprint and slot formula, as in tests/lib/keys.mjs), so that it
/// falls back to sorting.
fn colliding_keys() -> impl Iterator<Item = String> {
    let slot = |k: &[u8]| {
        let fp = k.iter().rev().fold(0u64, |w, &b| w << 8 | u64::from(b)) | (k.len() as u64) << 56;
        fp.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 55
    };
    let target = slot(b"aaa");
    let chars = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    chars
        .iter()
        .flat_map(move |&a| {
            chars
                .iter()
                .flat_map(move |&b| chars.iter().map(move |&c| [a, b, c]))
        })
        .filter(move |k| slot(k) == target)
        .map(|k| String::from_utf8(k.to_vec()).unwrap())
}

fn benches(c: &mut Criterion) {
    let (referer, hostsign) = signed(TOKEN);
    let (_, forged) = signed("forged-token");
    let verifier = Verifier::new(TOKEN).unwrap();
    let escaped = hostsign
        .replace("\"noncestr\"", "\"\\u006eoncestr\"")
        .replace('{', "{ ");
    let many_keys = with_keys(&hostsign, distinct_keys());
    let colliding = with_keys(&hostsign, colliding_keys());
    let long_token = "t".repeat(72);

    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Elements(1));
    g.bench_function("referer", |b| {
        b.iter(|| parse_referer(black_box(&referer), true).is_ok())
    });
    g.bench_function("hostsign (compact, real traffic)", |b| {
        b.iter(|| parse_hostsign(black_box(&hostsign)).is_ok())
    });
    g.bench_function("hostsign (general: whitespace, escaped key)", |b| {
        b.iter(|| parse_hostsign(black_box(&escaped)).is_ok())
    });
    g.bench_function("hostsign (1 KiB of distinct unknown keys)", |b| {
        b.iter(|| parse_hostsign(black_box(&many_keys)).is_ok())
    });
    g.bench_function(
        "hostsign (worst case: 1 KiB of keys built to collide)",
        |b| b.iter(|| parse_hostsign(black_box(&colliding)).is_ok()),
    );
    g.finish();

    let mut g = c.benchmark_group("signature");
    g.throughput(Throughput::Elements(1));
    g.bench_function("sort + sha1", |b| {
        b.iter(|| {
            signature(
                black_box(APPID),
                black_box(NONCE),
                black_box("1711421951"),
                black_box(TOKEN),
            )
        })
    });
    g.bench_function("sort + sha1 (72-byte token: three blocks)", |b| {
        b.iter(|| {
            signature(
                black_box(APPID),
                black_box(NONCE),
                black_box("1711421951"),
                black_box(&long_token),
            )
        })
    });
    g.finish();

    // The digest comparison: the hand-written fold the core used before
    // (kept here verbatim as the baseline) and RustCrypto's `subtle`, which
    // the core uses now, side by side on equal digests and on digests that
    // differ in the first byte (a constant-time compare takes the same time).
    let mut g = c.benchmark_group("digest compare");
    g.throughput(Throughput::Elements(1));
    let expected = signature(APPID, NONCE, "1711421951", TOKEN);
    let mut differs = expected;
    differs[0] ^= 1;
    for (name, other) in [("equal", expected), ("first byte differs", differs)] {
        g.bench_function(format!("hand-written fold + black_box, {name}"), |b| {
            b.iter(|| fold_eq(black_box(&expected), black_box(&other)))
        });
        g.bench_function(
            format!("subtle, three u64 words (the core's), {name}"),
            |b| b.iter(|| words_eq(black_box(&expected), black_box(&other))),
        );
        g.bench_function(format!("subtle, byte by byte, {name}"), |b| {
            b.iter(|| {
                bool::from(subtle::ConstantTimeEq::ct_eq(
                    black_box(expected.as_slice()),
                    black_box(other.as_slice()),
                ))
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("verify");
    g.throughput(Throughput::Elements(1));
    let now = TS + 30;
    g.bench_function("valid", |b| {
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
    g.bench_function("forged", |b| {
        b.iter(|| {
            verifier
                .verify(black_box(referer.as_str()), black_box(forged.as_str()), now)
                .is_err()
        })
    });
    g.bench_function("valid, 1 KiB of distinct unknown keys", |b| {
        b.iter(|| {
            verifier
                .verify(
                    black_box(referer.as_str()),
                    black_box(many_keys.as_str()),
                    now,
                )
                .is_ok()
        })
    });
    g.finish();
}

/// The core's digest comparison before it moved to `subtle`: every byte
/// looked at, the differences OR-ed together, the total tested behind
/// `black_box`.
fn fold_eq(a: &[u8; 20], b: &[u8; 20]) -> bool {
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    black_box(diff) == 0
}

/// The core's comparison now (src/signature.rs `digest_eq`, which is
/// private): `subtle`'s `u64` `ct_eq` on 8 + 8 + 4 bytes.
fn words_eq(a: &[u8; 20], b: &[u8; 20]) -> bool {
    use subtle::ConstantTimeEq;
    let words = |d: &[u8; 20]| {
        let mut w = [0u64; 3];
        for (word, chunk) in w.iter_mut().zip(d.chunks(8)) {
            let mut bytes = [0u8; 8];
            bytes[..chunk.len()].copy_from_slice(chunk);
            *word = u64::from_le_bytes(bytes);
        }
        w
    };
    let (a, b) = (words(a), words(b));
    a.iter()
        .zip(&b)
        .fold(subtle::Choice::from(1), |eq, (x, y)| eq & x.ct_eq(y))
        .into()
}

criterion_group!(core, benches);
criterion_main!(core);
