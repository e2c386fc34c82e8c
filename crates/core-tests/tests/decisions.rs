//! Decisions the other tests left open, found by mutation testing
//! (`scripts/mutants rust`): each test here catches mutants of the core that
//! survived the rest of `cargo test` — an off-by-one at a limit, a branch of
//! the `UNSIGNED` rule, a formatting impl. Public API only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;
use wechat_hostsign::hostsign::{MAX_HOSTSIGN_LEN, MAX_NONCESTR_LEN};
use wechat_hostsign::referer::MAX_REFERER_LEN;
use wechat_hostsign::{
    Code, Error, Reason, SignRequest, TimestampForm, Verifier, Version, parse_hostsign,
    parse_referer, sign, signature_hex,
};

const APPID: &str = "wx0123456789abcdef";
const SIG: &str = "2aff2d89cff5c5adafec6d11d921ef517441bd66";

fn reason(header: &str) -> Reason {
    parse_hostsign(header).unwrap_err().reason()
}

// ---------------------------------------------------------------------------
// Formatting: what logs and error pages show.

#[test]
fn codes_and_errors_display_their_stable_names() {
    for code in Code::ALL {
        assert_eq!(code.to_string(), code.as_str());
    }
    for &r in Reason::ALL {
        let e = Error::new(r);
        assert_eq!(
            e.to_string(),
            format!("{}: {}", r.code().as_str(), r.message())
        );
    }
    assert_eq!(
        Error::new(Reason::Expired).to_string(),
        "EXPIRED: The signature is authentic but older than the maximum age (maxAge in JavaScript, max_age in Rust; 660 seconds by default); check this server's clock and that no cache or proxy replays old requests."
    );
}

#[test]
fn text_formats_and_compares_as_its_string() {
    let plain = format!(r#"{{"noncestr":"a\"b","timestamp":"17","signature":"{SIG}"}}"#);
    let decoded = format!(r#"{{"noncestr":"\u00e9\n","timestamp":"17","signature":"{SIG}"}}"#);
    for (header, nonce) in [(plain.as_str(), "a\"b"), (decoded.as_str(), "é\n")] {
        let h = parse_hostsign(header).unwrap();
        let t = &h.noncestr;
        assert_eq!(format!("{t}"), nonce);
        assert_eq!(format!("{t:?}"), format!("{nonce:?}"));
        // Both PartialEq impls, both ways.
        assert!(<_ as PartialEq<str>>::eq(t, nonce));
        assert!(!<_ as PartialEq<str>>::eq(t, "other"));
        assert!(*t == nonce);
        assert!(*t != "other");
        assert!(*t != "");
    }
}

#[test]
fn timestamp_digits_are_borrowed_only_when_unescaped() {
    let number = format!(r#"{{"noncestr":"n","timestamp":1711421951,"signature":"{SIG}"}}"#);
    let string = format!(r#"{{"noncestr":"n", "timestamp":"0017","signature":"{SIG}"}}"#);
    let escaped = format!(r#"{{"noncestr":"n","timestamp":"\u00317","signature":"{SIG}"}}"#);
    let h = parse_hostsign(&number).unwrap();
    assert_eq!(h.timestamp.borrowed_digits(), Some("1711421951"));
    assert_eq!(h.timestamp.form, TimestampForm::Number);
    let h = parse_hostsign(&string).unwrap();
    assert_eq!(h.timestamp.borrowed_digits(), Some("0017"));
    let h = parse_hostsign(&escaped).unwrap();
    assert_eq!(h.timestamp.borrowed_digits(), None);
    assert_eq!(h.timestamp.digits(), "17");
    assert_eq!(h.timestamp.seconds, 17);
}

// ---------------------------------------------------------------------------
// Limits: the last accepted size and the first refused one.

/// A valid, signed HostSign padded with whitespace to exactly `len` bytes.
fn padded_hostsign(len: usize) -> String {
    let base = format!(r#"{{"noncestr":"n","timestamp":1711421951,"signature":"{SIG}"}}"#);
    assert!(len >= base.len());
    let mut s = String::from("{");
    s.push_str(&" ".repeat(len - base.len()));
    s.push_str(&base[1..]);
    assert_eq!(s.len(), len);
    s
}

#[test]
fn hostsign_of_exactly_the_limit_is_parsed() {
    let ok = padded_hostsign(MAX_HOSTSIGN_LEN);
    let h = parse_hostsign(&ok).unwrap();
    assert_eq!(h.noncestr.as_str(), "n");
    let v = Verifier::new("token").unwrap();
    let referer = format!("https://servicewechat.com/{APPID}/0/page-frame.html");
    let signed = signature_hex(APPID, "n", "1711421951", "token");
    let real = ok.replace(SIG, signed.as_str());
    assert_eq!(real.len(), MAX_HOSTSIGN_LEN);
    assert!(
        v.verify(referer.as_str(), real.as_str(), 1_711_421_951)
            .is_ok()
    );
    assert_eq!(
        reason(&padded_hostsign(MAX_HOSTSIGN_LEN + 1)),
        Reason::HostsignTooLarge
    );
}

#[test]
fn referer_of_exactly_the_limit_is_parsed_not_refused_for_size() {
    let at = |len: usize| {
        let base = "https://servicewechat.com/";
        format!("{base}{}", "a".repeat(len - base.len()))
    };
    let e = parse_referer(&at(MAX_REFERER_LEN), false).unwrap_err();
    assert_eq!(e.reason(), Reason::RefererShape);
    let e = parse_referer(&at(MAX_REFERER_LEN + 1), false).unwrap_err();
    assert_eq!(e.reason(), Reason::RefererTooLarge);
}

#[test]
fn escaped_noncestr_of_exactly_the_limit_is_accepted() {
    // 64 × "é" = 128 bytes of UTF-8, written as escapes (the decoded path).
    let at = |chars: usize, extra: &str| {
        format!(
            r#"{{"noncestr":"{}{extra}","timestamp":"1","signature":"{SIG}"}}"#,
            "\\u00e9".repeat(chars)
        )
    };
    let exact = at(64, "");
    let h = parse_hostsign(&exact).unwrap();
    assert_eq!(h.noncestr.as_str().len(), MAX_NONCESTR_LEN);
    assert!(h.noncestr.borrowed().is_none());
    assert_eq!(reason(&at(64, "x")), Reason::HostsignNoncestr);
    assert_eq!(reason(&at(65, "")), Reason::HostsignNoncestr);
    // The unescaped path, outside the compact shape (a space after the colon).
    let plain = |n: usize| {
        format!(
            r#"{{"noncestr": "{}","timestamp":"1","signature":"{SIG}"}}"#,
            "n".repeat(n)
        )
    };
    assert_eq!(
        parse_hostsign(&plain(128)).unwrap().noncestr.as_str().len(),
        128
    );
    assert_eq!(reason(&plain(129)), Reason::HostsignNoncestr);
}

// ---------------------------------------------------------------------------
// UNSIGNED is exactly "none of the three" or "all three empty".

#[test]
fn unsigned_only_when_all_three_fields_are_empty_or_absent() {
    let fields = [
        ("noncestr", r#""n""#),
        ("timestamp", r#""1""#),
        ("signature", "\"2aff2d89cff5c5adafec6d11d921ef517441bd66\""),
    ];
    // Each field present with its value, present but empty, or absent.
    for states in 0..27u32 {
        let mut members = Vec::new();
        let (mut empty, mut absent) = (0, 0);
        for (i, (key, value)) in fields.iter().enumerate() {
            match (states / 3u32.pow(i as u32)) % 3 {
                0 => members.push(format!(r#""{key}":{value}"#)),
                1 => {
                    members.push(format!(r#""{key}":"""#));
                    empty += 1;
                }
                _ => absent += 1,
            }
        }
        let header = format!("{{{}}}", members.join(","));
        let got = parse_hostsign(&header);
        let want = if empty == 3 || absent == 3 {
            Some(Code::Unsigned)
        } else if empty + absent > 0 {
            Some(Code::MalformedHostsign)
        } else {
            None
        };
        assert_eq!(got.as_ref().err().map(|e| e.code()), want, "{header}");
        if want == Some(Code::MalformedHostsign) {
            assert_eq!(
                got.unwrap_err().reason(),
                Reason::HostsignMissingField,
                "{header}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Signing produces what verifies.

#[test]
fn signed_release_versions_round_trip() {
    for version in [
        Version::Develop,
        Version::Devtools,
        Version::Release(1),
        Version::Release(9_999_999_999),
    ] {
        let s = sign(
            &SignRequest::new(APPID, "t")
                .noncestr("n")
                .timestamp(1)
                .version(version),
        )
        .unwrap();
        assert_eq!(parse_referer(&s.referer, true).unwrap().version, version);
    }
}

#[test]
fn version_kinds_are_named_as_the_allowlist_names_them() {
    use wechat_hostsign::VersionKind;
    for (kind, name) in [
        (VersionKind::Develop, "develop"),
        (VersionKind::Devtools, "devtools"),
        (VersionKind::Release, "release"),
    ] {
        assert_eq!(kind.as_str(), name);
        assert_eq!(VersionKind::from_name(kind.as_str()), Ok(kind));
    }
    assert_eq!(
        VersionKind::from_name("").unwrap_err().reason(),
        Reason::OptionsUnknownVersion
    );
}

#[test]
fn sign_accepts_a_nonce_of_exactly_the_limit() {
    let nonce = "n".repeat(MAX_NONCESTR_LEN);
    let req = |noncestr| {
        SignRequest::new(APPID, "t")
            .noncestr(noncestr)
            .timestamp(1)
            .version(Version::Develop)
    };
    let s = sign(&req(&nonce)).unwrap();
    assert_eq!(
        parse_hostsign(&s.hostsign).unwrap().noncestr.as_str(),
        nonce
    );
    let long = "n".repeat(MAX_NONCESTR_LEN + 1);
    assert_eq!(
        sign(&req(&long)).unwrap_err().reason(),
        Reason::SignNoncestr
    );
}

#[test]
fn digests_and_signed_pairs_show_what_they_hold_and_never_the_token() {
    let s = sign(
        &SignRequest::new(APPID, "the-secret-token")
            .noncestr("abc")
            .timestamp(1_711_421_951)
            .version(Version::Develop),
    )
    .unwrap();
    let hex = s.signature.as_str();
    assert_eq!(hex.len(), 40);
    assert_eq!(format!("{}", s.signature), hex);
    assert_eq!(format!("{:?}", s.signature), hex);
    let shown = format!("{s:?}");
    assert_eq!(
        shown,
        format!(
            "Signed {{ referer: {:?}, hostsign: {:?} }}",
            s.referer, s.hostsign
        )
    );
    assert!(!shown.contains("the-secret-token"));
    assert_eq!(
        signature_hex(APPID, "abc", "1711421951", "token").to_string(),
        "2aff2d89cff5c5adafec6d11d921ef517441bd66"
    );
}

#[test]
fn token_limits_at_the_last_accepted_value() {
    use wechat_hostsign::verifier::{MAX_TOKEN_LEN, MAX_TOKENS};
    let v = Verifier::builder()
        .tokens((0..MAX_TOKENS).map(|i| format!("t{i}")))
        .build()
        .unwrap();
    assert_eq!(v.token_count(), MAX_TOKENS);
    assert_eq!(Verifier::new("one").unwrap().token_count(), 1);
    assert_eq!(
        Verifier::builder()
            .tokens((0..=MAX_TOKENS).map(|i| format!("t{i}")))
            .build()
            .unwrap_err()
            .reason(),
        Reason::OptionsTooManyTokens
    );
    let long = "k".repeat(MAX_TOKEN_LEN);
    let v = Verifier::new(long.as_str()).unwrap();
    let referer = format!("https://servicewechat.com/{APPID}/0/page-frame.html");
    let sig = signature_hex(APPID, "n", "5", &long);
    let hostsign = format!(r#"{{"noncestr":"n","timestamp":5,"signature":"{sig}"}}"#);
    assert_eq!(
        v.verify(referer.as_str(), hostsign.as_str(), 5)
            .unwrap()
            .token_index,
        0
    );
    assert_eq!(
        Verifier::new("k".repeat(MAX_TOKEN_LEN + 1))
            .unwrap_err()
            .reason(),
        Reason::OptionsTokenTooLong
    );
}

#[test]
fn verify_now_reads_the_system_clock() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let s = sign(
        &SignRequest::new(APPID, "t")
            .noncestr("n")
            .timestamp(now)
            .version(Version::Develop),
    )
    .unwrap();
    let v = Verifier::builder()
        .token("t")
        .max_age(Some(Duration::from_secs(30)))
        .clock_skew(Duration::from_secs(30))
        .build()
        .unwrap();
    let ok = v
        .verify_now(s.referer.as_str(), s.hostsign.as_str())
        .unwrap();
    assert!((0..30).contains(&ok.age), "age {}", ok.age);
    // What it verified, not a default.
    assert_eq!(ok.appid, APPID);
    assert_eq!(ok.noncestr, "n");
    assert_eq!(ok.version, Version::Develop);
    assert_eq!(ok.timestamp.seconds, now);
}

// ---------------------------------------------------------------------------
// Duplicate keys: the look-up table and the sort it falls back to.

/// A fixed xorshift generator: the same cases on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// A key as JSON text: each character as it is, or (one in six) escaped.
fn written(key: &str, rng: &mut Rng) -> String {
    key.chars()
        .map(|c| match rng.below(6) {
            0 => format!("\\u{:04x}", u32::from(c)),
            _ => c.to_string(),
        })
        .collect()
}

#[test]
fn duplicate_unknown_keys_are_found_whatever_their_fingerprints() {
    // Keys that share their first seven bytes and are longer share their
    // fingerprint (and so their slot of the table): many of them exhaust the
    // probe budget, and the sort decides, by fingerprint and then by bytes,
    // between keys that differ after the seventh byte or only in length.
    // Beside them, seven-byte keys and short ones (other fingerprints).
    let mut universe: Vec<String> = ["", "x", "y", "xy", "yx", "é"].map(String::from).to_vec();
    for prefix in ["collide", "abcdefg", "abcdefh"] {
        universe.push(prefix.to_string());
        let mut suffixes = vec![String::new()];
        for _ in 0..3 {
            suffixes = suffixes
                .iter()
                .flat_map(|s| ["a", "b", "é"].map(|c| format!("{s}{c}")))
                .chain(suffixes.iter().cloned())
                .collect();
        }
        suffixes.sort();
        suffixes.dedup();
        universe.extend(
            suffixes
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| format!("{prefix}{s}")),
        );
    }
    assert_eq!(universe.len(), 6 + 3 * 40);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut accepted, mut refused, mut large) = (0, 0, 0);
    for _ in 0..4000 {
        // Distinct keys, then (every other case) one of them again, written
        // alike or otherwise, anywhere.
        let mut pool = universe.clone();
        let n = rng.below(46);
        let mut keys: Vec<String> = (0..n)
            .map(|_| pool.swap_remove(rng.below(pool.len())))
            .collect();
        if n > 0 && rng.below(2) == 0 {
            let again = keys[rng.below(n)].clone();
            keys.insert(rng.below(n + 1), again);
        }
        let keys: Vec<String> = keys.iter().map(|k| written(k, &mut rng)).collect();
        let members: String = keys.iter().map(|k| format!(r#""{k}":0,"#)).collect();
        let s = format!(r#"{{{members}"noncestr":"a","timestamp":1,"signature":"{SIG}"}}"#);
        if s.len() > MAX_HOSTSIGN_LEN {
            large += 1;
            continue;
        }
        // The reference: the keys decoded by serde_json, compared pairwise.
        let decoded: Vec<String> = keys
            .iter()
            .map(|k| serde_json::from_str(&format!("\"{k}\"")).unwrap())
            .collect();
        let dup = (0..decoded.len()).any(|i| (0..i).any(|j| decoded[i] == decoded[j]));
        match parse_hostsign(&s) {
            Ok(_) => {
                assert!(!dup, "a duplicate key was not found: {s}");
                accepted += 1;
            }
            Err(e) => {
                assert!(dup, "keys that differ were taken for duplicates: {s}");
                assert_eq!(e.reason(), Reason::HostsignDuplicateKey, "{s}");
                refused += 1;
            }
        }
    }
    assert!(
        accepted > 1000 && refused > 1000 && large < 400,
        "{accepted} {refused} {large}"
    );
}

#[test]
fn keys_that_differ_only_in_length_after_seven_bytes_are_not_duplicates() {
    for (a, b) in [
        ("abcdefgh", "abcdefghi"),
        ("abcdefghij", "abcdefgh"),
        ("abcdefg", "abcdefgh"),
    ] {
        let s = format!(r#"{{"{a}":0,"noncestr":"a","{b}":0,"timestamp":1,"signature":"{SIG}"}}"#);
        assert!(parse_hostsign(&s).is_ok(), "{s}");
        let dup =
            format!(r#"{{"{a}":0,"noncestr":"a","{a}":0,"timestamp":1,"signature":"{SIG}"}}"#);
        assert_eq!(reason(&dup), Reason::HostsignDuplicateKey, "{dup}");
    }
}

// ---------------------------------------------------------------------------
// sign() without a nonce or a timestamp: the defaults.

#[test]
fn default_nonces_are_fresh_lowercase_hex_from_independent_bits() {
    let nonces: Vec<String> = (0..400)
        .map(|_| {
            let s = sign(&SignRequest::new(APPID, "t").timestamp(1)).unwrap();
            parse_hostsign(s.hostsign.as_str())
                .unwrap()
                .noncestr
                .to_string()
        })
        .collect();
    for n in &nonces {
        assert!(
            n.len() == 32 && n.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
            "{n}"
        );
    }
    let distinct: std::collections::HashSet<&String> = nonces.iter().collect();
    assert_eq!(distinct.len(), nonces.len(), "a default nonce repeated");
    // Every digit position varies, and neighbours do not share bits (a
    // digit taken from a window of bits that overlaps the next one's would
    // make `a & 7 == b >> 1` hold every time; at random it holds 1 in 8).
    let digit = |n: &String, i: usize| u8::from_str_radix(&n[i..=i], 16).unwrap();
    for i in 0..32 {
        let seen: std::collections::HashSet<u8> = nonces.iter().map(|n| digit(n, i)).collect();
        assert!(seen.len() >= 12, "position {i} took {} digits", seen.len());
    }
    for i in 0..31 {
        let linked = nonces
            .iter()
            .filter(|n| digit(n, i) & 7 == digit(n, i + 1) >> 1)
            .count();
        assert!(
            linked < nonces.len() / 3,
            "positions {i} and {}: {linked}",
            i + 1
        );
    }
}

#[test]
fn the_default_timestamp_is_now() {
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let s = sign(&SignRequest::new(APPID, "t").noncestr("n")).unwrap();
    let after = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let h = parse_hostsign(s.hostsign.as_str()).unwrap();
    assert!(
        (before..=after).contains(&h.timestamp.seconds),
        "{before} {} {after}",
        h.timestamp.seconds
    );
    let v = Verifier::builder().token("t").build().unwrap();
    assert!(
        v.verify_now(s.referer.as_str(), s.hostsign.as_str())
            .is_ok()
    );
}

// ---------------------------------------------------------------------------
// Locale: the Chinese messages (src/locale.rs), the same codes.

#[test]
fn every_reason_has_a_chinese_sentence_that_keeps_its_code() {
    use wechat_hostsign::Locale;
    for r in Reason::ALL {
        let zh = r.message_in(Locale::ZhCn);
        assert!(zh.ends_with('。'), "{r:?}: {zh}");
        assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        assert!(
            !zh.contains("密钥"),
            "{r:?} calls the plugin Token 密钥 (WeChat's word for the AppSecret)"
        );
        assert_eq!(r.message_in(Locale::En), r.message());
        let e = Error::new(*r);
        assert_eq!(e.message_zh(), zh);
        assert_eq!(e.message_in(Locale::ZhCn), zh);
        assert_eq!(e.code(), r.code());
        // The Chinese body: the same code, valid JSON, ASCII (the Chinese escaped).
        let body: serde_json::Value = serde_json::from_str(&e.json_body_in(Locale::ZhCn)).unwrap();
        assert_eq!(body["error"], r.code().as_str());
        assert_eq!(body["message"], zh);
        assert!(e.json_body_in(Locale::ZhCn).is_ascii());
        assert_eq!(e.json_body_in(Locale::En), e.json_body());
    }
}

#[test]
fn locale_tags_round_trip() {
    use wechat_hostsign::Locale;
    for l in [Locale::En, Locale::ZhCn] {
        assert_eq!(l.as_str().parse::<Locale>(), Ok(l));
        assert_eq!(l.to_string(), l.as_str());
    }
    for bad in ["zh", "zh-cn", "en-US", ""] {
        assert!(bad.parse::<Locale>().is_err(), "{bad}");
    }
    assert_eq!(Locale::default(), Locale::En);
    let err = "zh".parse::<Locale>().unwrap_err();
    assert_eq!(err, wechat_hostsign::locale::UnknownLocale);
    assert_eq!(err.to_string(), "the locale must be en or zh-CN");
}
