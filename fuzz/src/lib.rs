//! Shared by the fuzz targets (fuzz_targets/*.rs):
//!
//! - [`Case`]: how a fuzz input becomes one request (two header values), a
//!   verifier configuration and a clock. Two input forms:
//!   - *raw* (seeded from tests/vectors): `referer 0xFF hostsign 0xFF tokens
//!     0xFF config`, tokens separated by 0xFE, `config` a few bytes laid out
//!     as in [`Config::decode`]. 0xFE and 0xFF never occur in UTF-8, so the
//!     seeds are the vectors' header values verbatim.
//!   - *structured* (first byte 0xFE): the rest is read with `arbitrary` as a
//!     [`mutate::Mutant`]: a request signed correctly, then changed by a list
//!     of structured mutations (escaped and duplicated keys, timestamp forms,
//!     nesting, whitespace, signature case, Referer edits, byte edits).
//! - [`reference`]: CONTRACT §2 written again with other libraries
//!   (serde_json, regex, sha1_smol, `encode_utf16` sorting), for the
//!   differential target.
//! - [`check`]: the invariants every target asserts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod check;
pub mod mutate;
pub mod reference;

use wechat_hostsign::{Error, Input, Verifier, VersionKind};

/// The tokens of the vectors, and a few that make sort orders interesting.
pub const TOKENS: &[&str] = &[
    "T0k3n-for-vectors-7f3a9c",
    "old-T0k3n-for-vectors-11",
    "\u{1F600}",
    "token",
    "Z",
    "\u{FF01}\u{E000}",
];

/// The AppIDs an `appids` allowlist is made of (bit i of the config byte).
pub const APPIDS: &[&str] = &[
    "wx0123456789abcdef",
    "wxfedcba9876543210",
    "touristappid",
    "wx0000000000000000",
];

/// The version kinds a `versions` allowlist is made of (bit i).
pub const KINDS: [VersionKind; 3] = [
    VersionKind::Develop,
    VersionKind::Devtools,
    VersionKind::Release,
];

/// One header as the HTTP layer hands it over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Header {
    Absent,
    Value(String),
    Repeated,
    TooLarge,
    NotText,
}

impl Header {
    pub fn input(&self) -> Input<'_> {
        match self {
            Header::Absent => Input::Absent,
            Header::Value(s) => Input::Value(s),
            Header::Repeated => Input::Repeated,
            Header::TooLarge => Input::TooLarge,
            Header::NotText => Input::NotText,
        }
    }

    pub fn value(&self) -> Option<&str> {
        match self {
            Header::Value(s) => Some(s),
            _ => None,
        }
    }

    fn from_bytes(bytes: Option<&[u8]>, state: u8) -> Header {
        match (bytes, state % 5) {
            (None, _) | (_, 1) => Header::Absent,
            (_, 2) => Header::Repeated,
            (_, 3) => Header::TooLarge,
            (_, 4) => Header::NotText,
            (Some(b), _) => match std::str::from_utf8(b) {
                Ok(s) => Header::Value(s.to_owned()),
                Err(_) => Header::NotText,
            },
        }
    }
}

/// A verifier configuration, as plain data (the reference reads it too).
#[derive(Clone, Debug)]
pub struct Config {
    pub tokens: Vec<String>,
    pub max_age: Option<u64>,
    pub clock_skew: u64,
    pub appids: Option<Vec<String>>,
    pub versions: Option<Vec<VersionKind>>,
    pub strict_appid: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            tokens: vec![TOKENS[0].to_owned()],
            max_age: Some(660),
            clock_skew: 60,
            appids: None,
            versions: None,
            strict_appid: true,
        }
    }
}

impl Config {
    pub fn build(&self) -> Result<Verifier, Error> {
        let mut b = Verifier::builder()
            .tokens(self.tokens.iter().cloned())
            .max_age(self.max_age.map(std::time::Duration::from_secs))
            .clock_skew(std::time::Duration::from_secs(self.clock_skew))
            .strict_appid(self.strict_appid);
        if let Some(a) = &self.appids {
            b = b.appids(a.iter().cloned());
        }
        if let Some(v) = &self.versions {
            b = b.versions(v.iter().copied());
        }
        b.build()
    }

    /// The config bytes of a raw input (missing bytes are 0, and all zeros
    /// is the default configuration):
    ///
    /// | byte | meaning |
    /// |---|---|
    /// | 0 | flags: 1 loose AppIDs, 2 `maxAge: null`, 4 `now` absolute (else relative to the HostSign's timestamp), 8 `appids` allowlist, 16 `versions` allowlist |
    /// | 1, 2 | Referer / HostSign state: 0 value, 1 absent, 2 repeated, 3 too large, 4 not text |
    /// | 3-4 | `maxAge` XOR 660 (u16 LE) |
    /// | 5-6 | `clockSkew` XOR 60 (u16 LE) |
    /// | 7-14 | `now` (u64 LE) or, when relative, seconds after the timestamp (i32 LE in 7-10) |
    /// | 15 | `appids`: bit i = [`APPIDS`]\[i\] |
    /// | 16 | `versions`: bit i = [`KINDS`]\[i\] |
    ///
    /// Returns the config, the two header states, whether `now` is
    /// absolute, and the `now` bytes.
    pub fn decode(tokens: Option<&[u8]>, bytes: &[u8]) -> (Config, u8, u8, bool, i64) {
        let byte = |i: usize| bytes.get(i).copied().unwrap_or(0);
        let u16_at = |i: usize| u16::from_le_bytes([byte(i), byte(i + 1)]);
        let flags = byte(0);
        let tokens = match tokens {
            Some(t) if !t.is_empty() => t
                .split(|&b| b == 0xFE)
                .map(|t| String::from_utf8_lossy(t).into_owned())
                .collect(),
            _ => vec![TOKENS[0].to_owned()],
        };
        let now_bytes: [u8; 8] = std::array::from_fn(|i| byte(7 + i));
        let absolute = flags & 4 != 0;
        // Absolute: the bits of a u64 (read back with `as u64` in `Case::decode`).
        let now = if absolute {
            i64::from_le_bytes(now_bytes)
        } else {
            i64::from(i32::from_le_bytes([
                now_bytes[0],
                now_bytes[1],
                now_bytes[2],
                now_bytes[3],
            ]))
        };
        let config = Config {
            tokens,
            max_age: (flags & 2 == 0).then_some(u64::from(u16_at(3) ^ 660)),
            clock_skew: u64::from(u16_at(5) ^ 60),
            appids: (flags & 8 != 0).then(|| {
                APPIDS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| byte(15) & (1 << i) != 0)
                    .map(|(_, a)| (*a).to_owned())
                    .collect()
            }),
            versions: (flags & 16 != 0).then(|| {
                KINDS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| byte(16) & (1 << i) != 0)
                    .map(|(_, k)| *k)
                    .collect()
            }),
            strict_appid: flags & 1 == 0,
        };
        (config, byte(1), byte(2), absolute, now)
    }
}

/// One request to verify.
#[derive(Clone, Debug)]
pub struct Case {
    pub referer: Header,
    pub hostsign: Header,
    pub config: Config,
    pub now: u64,
    /// For structured inputs: what was signed (appid, noncestr, timestamp
    /// digits, token). Whatever the mutations did, a verified result must
    /// carry exactly these: nobody can sign anything else.
    pub signed: Option<mutate::Signed>,
}

impl Case {
    /// Decodes a fuzz input (see the module docs); `None` for a structured
    /// input that `arbitrary` cannot read.
    pub fn decode(data: &[u8]) -> Option<Case> {
        if let Some(rest) = data.strip_prefix(&[0xFE]) {
            let mut u = arbitrary::Unstructured::new(rest);
            let m: mutate::Mutant = u.arbitrary().ok()?;
            return Some(m.into_case());
        }
        let mut parts = data.splitn(4, |&b| b == 0xFF);
        let (referer, hostsign, tokens, config) =
            (parts.next(), parts.next(), parts.next(), parts.next());
        let (config, rs, hs, absolute, now) = Config::decode(tokens, config.unwrap_or_default());
        let referer = Header::from_bytes(referer, rs);
        let hostsign = Header::from_bytes(hostsign, hs);
        let now = if absolute {
            now as u64
        } else {
            // Relative to the timestamp, so that raw inputs reach the
            // freshness checks and their edges.
            let ts = hostsign
                .value()
                .and_then(|h| wechat_hostsign::parse_hostsign(h).ok())
                .map_or(0, |h| h.timestamp.seconds);
            ts.saturating_add_signed(now)
        };
        Some(Case {
            referer,
            hostsign,
            config,
            now,
            signed: None,
        })
    }
}

#[cfg(test)]
mod tests {
    //! On stable, without libFuzzer (`cargo test --lib` in fuzz/): the
    //! reference agrees with the generated vectors, and every committed
    //! seed, plus pseudo-random structured inputs, passes every check.
    use super::*;
    use std::path::Path;

    fn seeds(target: &str) -> Vec<Vec<u8>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("seeds")
            .join(target);
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert!(!paths.is_empty());
        paths.sort();
        paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
    }

    #[test]
    fn the_reference_agrees_with_the_vectors() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/cases.json");
        let cases: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let inputs = seeds("verify");
        let raw: Vec<&Vec<u8>> = inputs.iter().filter(|s| s.first() != Some(&0xFE)).collect();
        let mut checked = 0;
        for (c, seed) in cases.as_array().unwrap().iter().zip(raw) {
            let case = Case::decode(seed).unwrap();
            let got = reference::verify(&case.config, &case.referer, &case.hostsign, case.now);
            let expect = &c["expect"];
            match got {
                Ok(v) => {
                    assert_eq!(expect["ok"], true, "{}", c["name"]);
                    assert_eq!(expect["appid"], v.appid.as_str());
                    assert_eq!(expect["noncestr"], v.hostsign.noncestr.as_str());
                    assert_eq!(expect["age"].as_i64().map(i128::from), Some(v.age));
                    assert_eq!(expect["tokenIndex"].as_u64(), Some(v.token_index as u64));
                }
                Err(code) => assert_eq!(expect["code"], code.as_str(), "{}", c["name"]),
            }
            checked += 1;
        }
        assert!(checked >= 100, "{checked}");
    }

    #[test]
    fn every_seed_passes_every_check() {
        for s in seeds("hostsign") {
            check::hostsign(&String::from_utf8_lossy(&s));
        }
        for s in seeds("referer") {
            check::referer(&String::from_utf8_lossy(&s));
        }
        for s in seeds("verify") {
            let case = Case::decode(&s).unwrap();
            check::verify(&case);
            check::differential(&case);
        }
    }

    #[test]
    fn pseudo_random_structured_inputs() {
        let mut state = 0x1234_5678_9abc_def0u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut outcomes = std::collections::BTreeMap::new();
        for i in 0..20_000 {
            let len = 8 + (next() % 200) as usize;
            let mut data = vec![0xFE];
            data.extend((0..len).map(|_| next() as u8));
            if let Some(case) = Case::decode(&data) {
                check::verify(&case);
                check::differential(&case);
                let outcome =
                    reference::verify(&case.config, &case.referer, &case.hostsign, case.now)
                        .map_or_else(|c| c.as_str(), |_| "ok");
                *outcomes.entry(outcome).or_insert(0u32) += 1;
            }
            // Raw inputs too: bytes of the vectors' alphabet.
            if i % 4 == 0 {
                const ALPHABET: &[u8] =
                    b"{}\":,[]0123456789abcdefnoncestrtimestampsignature\\u /\xff";
                let raw: Vec<u8> = (0..len)
                    .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                    .collect();
                if let Some(case) = Case::decode(&raw) {
                    check::verify(&case);
                    check::differential(&case);
                }
                check::hostsign(&String::from_utf8_lossy(&raw));
            }
        }
        // The structured inputs reach every verdict, valid requests included
        // (else the differential would compare refusals only).
        println!("structured outcomes: {outcomes:?}");
        for code in wechat_hostsign::Code::ALL
            .iter()
            .filter(|c| **c != wechat_hostsign::Code::InvalidOptions)
        {
            assert!(
                outcomes.contains_key(code.as_str()) || code.as_str().starts_with("MISSING"),
                "{code} never reached"
            );
        }
        assert!(
            outcomes.get("ok").copied().unwrap_or(0) >= 200,
            "{outcomes:?}"
        );
    }
}
