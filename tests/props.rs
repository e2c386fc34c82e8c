//! Property tests of the core: JavaScript sort order, sign/verify round
//! trips, single-character tampering, and no panic on any input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use sha1::{Digest, Sha1};
use std::time::Duration;
use wechat_hostsign::js_sorted;
use wechat_hostsign::{
    Code, SignRequest, Verifier, Version, js_cmp, parse_hostsign, parse_referer, sign, signature,
};

/// Characters where UTF-8 byte order and UTF-16 order disagree, and the
/// usual suspects of case, digits and prefixes.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => prop::sample::select(vec![
            'a', 'A', 'z', 'Z', '0', '9', '\u{0}', '\u{7f}', '\u{80}', '\u{7ff}', '\u{800}', '\u{d7ff}',
            '\u{e000}', '\u{ff01}', '\u{fffd}', '\u{ffff}', '\u{10000}', '\u{1f600}', '\u{10ffff}',
        ]),
    ]
}

fn tricky_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..=max).prop_map(|v| v.into_iter().collect())
}

/// The oracle: compare the UTF-16 code unit sequences, as JavaScript does.
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let a: Vec<u16> = a.encode_utf16().collect();
    let b: Vec<u16> = b.encode_utf16().collect();
    a.cmp(&b)
}

const APPID: &str = "wx0123456789abcdef";

fn signed(token: &str, noncestr: &str, ts: u64, version: Version) -> (String, String) {
    let s = sign(
        &SignRequest::new(APPID, token)
            .noncestr(noncestr)
            .timestamp(ts)
            .version(version),
    )
    .unwrap();
    (s.referer, s.hostsign)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn js_cmp_is_utf16_order(a in tricky_string(8), b in tricky_string(8)) {
        prop_assert_eq!(js_cmp(&a, &b), utf16_cmp(&a, &b));
    }

    #[test]
    fn js_cmp_on_shared_prefixes(p in tricky_string(4), a in tricky_string(3), b in tricky_string(3)) {
        let (x, y) = (format!("{p}{a}"), format!("{p}{b}"));
        prop_assert_eq!(js_cmp(&x, &y), utf16_cmp(&x, &y));
    }

    #[test]
    fn four_parts_sort_like_javascript(parts in prop::array::uniform4(tricky_string(5))) {
        let sorted = js_sorted([&parts[0], &parts[1], &parts[2], &parts[3]]);
        let mut oracle: Vec<&str> = parts.iter().map(String::as_str).collect();
        oracle.sort_by(|a, b| utf16_cmp(a, b));
        prop_assert_eq!(sorted.to_vec(), oracle.clone());
        let joined: String = oracle.concat();
        let expected: [u8; 20] = Sha1::digest(joined.as_bytes()).into();
        prop_assert_eq!(signature(&parts[0], &parts[1], &parts[2], &parts[3]), expected);
    }

    #[test]
    fn sign_then_verify(
        token in "[ -~]{1,40}",
        noncestr in tricky_string(20).prop_filter("non-empty, at most 128 bytes", |s| !s.is_empty() && s.len() <= 128),
        ts in 0u64..=9_999_999_999,
        age in -60i64..=660,
        release in 1u64..=9_999_999_999,
    ) {
        let (referer, hostsign) = signed(&token, &noncestr, ts, Version::Release(release));
        let v = Verifier::new(token.clone()).unwrap();
        // Instants are u64: a timestamp ahead of a `now` before 1970 cannot occur.
        let Some(now) = ts.checked_add_signed(age) else { return Ok(()) };
        let ok = v.verify(referer.as_str(), hostsign.as_str(), now).unwrap();
        prop_assert_eq!(ok.appid, APPID);
        prop_assert_eq!(ok.noncestr.as_str(), noncestr.as_str());
        prop_assert_eq!(ok.timestamp.seconds, ts);
        prop_assert_eq!(ok.age, age);
        prop_assert_eq!(ok.version, Version::Release(release));
    }

    #[test]
    fn any_single_character_change_to_the_hostsign_fails(
        noncestr in "[0-9a-f]{32}",
        ts in 1_000_000_000u64..2_000_000_000,
        at in any::<prop::sample::Index>(),
        with in any::<char>(),
    ) {
        let (referer, hostsign) = signed("T", &noncestr, ts, Version::Develop);
        let v = Verifier::builder().token("T").max_age(None).clock_skew(Duration::MAX).build().unwrap();
        let chars: Vec<char> = hostsign.chars().collect();
        let i = at.index(chars.len());
        prop_assume!(chars[i] != with);
        let mut tampered = chars.clone();
        tampered[i] = with;
        let tampered: String = tampered.into_iter().collect();
        // Only the case of a signature hex digit may change without effect.
        let harmless = chars[i].is_ascii_hexdigit()
            && chars[i].eq_ignore_ascii_case(&with)
            && hostsign[..i].contains("\"signature\":\"");
        prop_assume!(!harmless);
        prop_assert!(v.verify(referer.as_str(), tampered.as_str(), ts).is_err(), "{} verified", tampered);
    }

    #[test]
    fn any_single_character_change_to_the_referer_appid_fails(
        at in 0usize..18,
        with in any::<char>(),
    ) {
        let (referer, hostsign) = signed("T", "nonce", 1_711_421_951, Version::Release(3));
        let v = Verifier::new("T").unwrap();
        let mut appid: Vec<char> = APPID.chars().collect();
        prop_assume!(appid[at] != with);
        appid[at] = with;
        let appid: String = appid.into_iter().collect();
        let tampered = referer.replace(APPID, &appid);
        let err = v.verify(tampered.as_str(), hostsign.as_str(), 1_711_421_951).unwrap_err();
        prop_assert!(matches!(err.code(), Code::MalformedReferer | Code::BadSignature), "{:?}", err);
    }

    #[test]
    fn parsers_never_panic(s in any::<String>()) {
        let _ = parse_hostsign(&s);
        let _ = parse_referer(&s, true);
        let _ = parse_referer(&s, false);
    }

    #[test]
    fn json_shaped_input_never_panics(s in r#"[{}\[\]":,0-9a-z\\ .eE+-]{0,80}"#) {
        let _ = parse_hostsign(&s);
        let wrapped = format!("{{\"noncestr\":\"a\",\"timestamp\":1,\"signature\":\"{}\",\"x\":{s}}}", "0".repeat(40));
        let _ = parse_hostsign(&wrapped);
    }
}
