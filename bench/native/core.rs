//! Criterion benchmarks of the native core: parsing, the signature, and the
//! full verification path (both header strings in, result out), on the
//! request shape real traffic has. `cargo bench --bench core`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use wechat_hostsign::{
    SignRequest, SignTimestamp, Verifier, Version, parse_hostsign, parse_referer, sign, signature,
};

const APPID: &str = "wx0123456789abcdef";
const TOKEN: &str = "bench-plugin-token-0123456789";
const NONCE: &str = "0123456789abcdef0123456789abcdef";
const TS: u64 = 1_711_421_951;

fn signed(token: &str) -> (String, String) {
    let s = sign(&SignRequest {
        appid: APPID,
        token,
        noncestr: NONCE,
        timestamp: SignTimestamp::Number(TS),
        version: Version::Release(7),
        strict_appid: true,
    })
    .unwrap();
    (s.referer, s.hostsign)
}

/// `hostsign` with two-character unknown keys added up to the 1 KiB limit
/// (the signature does not cover them, so it still verifies): the worst
/// case for the duplicate-key check.
fn with_unknown_keys(hostsign: &str) -> String {
    let mut s = hostsign.strip_suffix('}').unwrap().to_owned();
    'fill: for second in b'0'..=b'9' {
        for first in (b'#'..=b'~').filter(|&c| c != b'\\') {
            let member = format!(r#","{}{}":0"#, char::from(first), char::from(second));
            if s.len() + member.len() + 1 > 1024 {
                break 'fill;
            }
            s.push_str(&member);
        }
    }
    s + "}"
}

fn benches(c: &mut Criterion) {
    let (referer, hostsign) = signed(TOKEN);
    let (_, forged) = signed("forged-token");
    let verifier = Verifier::new(TOKEN).unwrap();
    let escaped = hostsign
        .replace("\"noncestr\"", "\"\\u006eoncestr\"")
        .replace('{', "{ ");
    let many_keys = with_unknown_keys(&hostsign);
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
    g.bench_function(
        "hostsign (worst case: 1 KiB of distinct unknown keys)",
        |b| b.iter(|| parse_hostsign(black_box(&many_keys)).is_ok()),
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

    let mut g = c.benchmark_group("verify");
    g.throughput(Throughput::Elements(1));
    let now = TS as i64 + 30;
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

criterion_group!(core, benches);
criterion_main!(core);
