//! Every output of the core's public API over a fixed set of inputs, as one
//! digest: the differential proof behind each Rust entry of
//! mutants/equivalent.md (`scripts/equivalence rust` builds this against the
//! original and against each listed mutant; an entry stands only when the
//! digests agree).
//!
//! Inputs: every file of fuzz/corpus-min and fuzz/seeds (the fuzz targets'
//! cases), then GENERATED structured cases (a correctly signed request
//! changed by `mutate::Mutant`'s structured mutations, from a fixed-seed
//! PRNG) and as many byte-level edits of the corpus files. Each case is
//! decoded as the fuzz targets decode it ([`Case::decode`]) and run through
//! `Verifier::verify` (with its configuration), `parse_referer` (strict and
//! not), `parse_hostsign`, `signature`, `js_cmp` and `sign`, every result
//! written out in full (values, codes, reasons, English and Chinese
//! messages).
//!
//!   cargo run --release --example equivalence-dump -- [--generated N] [--lines FILE]
//!
//! Prints `cases N digest HEX`; `--lines` also writes every output line (to
//! find the first case where two builds differ).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fmt::Write as _;
use std::io::Write as _;

use wechat_hostsign::{
    Error, Locale, SignRequest, Version, js_cmp, parse_hostsign, parse_referer, sign, signature,
};
use wechat_hostsign_fuzz::Case;

/// A fixed-seed xorshift64*: the same cases on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn error(e: &Error) -> String {
    format!(
        "{:?} {:?} {} | {} | {}",
        e.code(),
        e.reason(),
        e,
        e.message_zh(),
        e.message_in(Locale::ZhCn)
    )
}

fn dump(data: &[u8], out: &mut String) {
    let Some(case) = Case::decode(data) else {
        out.push_str("undecodable\n");
        return;
    };
    if let Some(r) = case.referer.value() {
        for strict in [true, false] {
            match parse_referer(r, strict) {
                Ok(p) => writeln!(
                    out,
                    "referer {strict} ok {} {:?} {}",
                    p.appid, p.version, p.version
                ),
                Err(e) => writeln!(out, "referer {strict} {}", error(&e)),
            }
            .unwrap();
        }
    }
    if let Some(h) = case.hostsign.value() {
        match parse_hostsign(h) {
            Ok(p) => writeln!(
                out,
                "hostsign ok {:?} {} {:?} {:?} {:?}",
                p.noncestr.as_str(),
                p.noncestr,
                p.timestamp,
                p.timestamp.digits(),
                p.signature
            ),
            Err(e) => writeln!(out, "hostsign {}", error(&e)),
        }
        .unwrap();
    }
    match case.config.build() {
        Err(e) => writeln!(out, "build {}", error(&e)).unwrap(),
        Ok(v) => match v.verify(case.referer.input(), case.hostsign.input(), case.now) {
            Ok(r) => writeln!(
                out,
                "verify ok {} {:?} {:?} {:?} {:?} {} {}",
                r.appid,
                r.version,
                r.noncestr.as_str(),
                r.timestamp,
                r.timestamp.digits(),
                r.age,
                r.token_index
            )
            .unwrap(),
            Err(e) => writeln!(out, "verify {}", error(&e)).unwrap(),
        },
    }
    if let Some(s) = &case.signed {
        let parts = [
            s.appid.as_str(),
            s.noncestr.as_str(),
            s.digits.as_str(),
            s.token.as_str(),
        ];
        writeln!(
            out,
            "signature {:?}",
            signature(parts[0], parts[1], parts[2], parts[3])
        )
        .unwrap();
        for a in parts {
            for b in parts {
                write!(out, "{:?} ", js_cmp(a, b)).unwrap();
            }
        }
        out.push('\n');
        for (version, strict) in [
            (Version::Develop, true),
            (Version::Release(7), false),
            (Version::Devtools, false),
        ] {
            let request = SignRequest::new(parts[0], parts[3])
                .noncestr(parts[1])
                .timestamp_digits(parts[2])
                .version(version)
                .strict_appid(strict);
            match sign(&request) {
                Ok(signed) => writeln!(
                    out,
                    "sign {} {} {}",
                    signed.referer, signed.hostsign, signed.signature
                ),
                Err(e) => writeln!(out, "sign {}", error(&e)),
            }
            .unwrap();
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let generated: usize =
        flag("--generated").map_or(100_000, |n| n.parse().expect("--generated N"));
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["corpus-min", "seeds"] {
        let Ok(targets) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for target in targets.flatten() {
            let Ok(entries) = std::fs::read_dir(target.path()) else {
                continue;
            };
            for entry in entries.flatten() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    let corpus: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("a corpus file"))
        .collect();
    assert!(!corpus.is_empty(), "no corpus under {}", root.display());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut inputs = corpus.clone();
    for _ in 0..generated {
        // A structured case: 0xFE, then bytes for `arbitrary`.
        let len = 16 + rng.below(240);
        let mut data = vec![0xFE];
        data.extend((0..len).map(|_| rng.next() as u8));
        inputs.push(data);
        // A byte-level edit of a corpus case.
        let mut data = corpus[rng.below(corpus.len())].clone();
        for _ in 0..1 + rng.below(4) {
            let at = if data.is_empty() {
                0
            } else {
                rng.below(data.len() + 1)
            };
            match rng.below(3) {
                0 if at < data.len() => data[at] = rng.next() as u8,
                1 => {
                    let bytes = b"{}\",:\\u0 9aZ\xff\xfe";
                    data.insert(at, bytes[rng.below(bytes.len())]);
                }
                _ if at < data.len() => {
                    data.remove(at);
                }
                _ => data.push(rng.next() as u8),
            }
        }
        inputs.push(data);
    }
    let mut lines = flag("--lines")
        .map(|f| std::io::BufWriter::new(std::fs::File::create(f).expect("--lines FILE")));
    let mut digest = sha1_smol::Sha1::new();
    let mut out = String::new();
    for (i, data) in inputs.iter().enumerate() {
        out.clear();
        writeln!(out, "# {i}").unwrap();
        dump(data, &mut out);
        digest.update(out.as_bytes());
        if let Some(w) = lines.as_mut() {
            w.write_all(out.as_bytes()).unwrap();
        }
    }
    println!("cases {} digest {}", inputs.len(), digest.digest());
}
