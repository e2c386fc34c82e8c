//! The invariants the targets assert. A failed assertion is a crash that
//! libFuzzer reports with the input that caused it.

use crate::{APPIDS, Case, Header, reference};
use wechat_hostsign::hostsign::{MAX_HOSTSIGN_LEN, format_hostsign};
use wechat_hostsign::referer::format_referer;
use wechat_hostsign::{
    Code, Error, HexDigest, Reason, SignRequest, TimestampForm, Verified, Version, VersionKind,
    parse_hostsign, parse_referer, sign, signature,
};

/// A refusal's message is one of the fixed sentences, so it cannot carry
/// anything from the input or the configuration (the token included).
fn static_message(e: &Error) {
    assert!(
        Reason::ALL
            .iter()
            .any(|r| std::ptr::eq(r.message(), e.message()) || r.message() == e.message())
    );
    assert_eq!(e.to_string(), format!("{}: {}", e.code(), e.message()));
}

/// `parse_hostsign`: never panics; a result is well-formed and survives
/// being written again by `format_hostsign`.
pub fn hostsign(s: &str) {
    match parse_hostsign(s) {
        Ok(h) => {
            assert!(s.len() <= MAX_HOSTSIGN_LEN);
            let nonce = h.noncestr.as_str();
            assert!(!nonce.is_empty() && nonce.len() <= 128);
            let digits = h.timestamp.digits();
            assert!(!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(digits.parse::<u64>().ok(), Some(h.timestamp.seconds));
            match h.timestamp.form {
                TimestampForm::Number => {
                    assert!(h.timestamp.seconds < 1 << 53 && digits.len() <= 16)
                }
                TimestampForm::String => assert!(digits.len() <= 12),
            }
            if let Some(b) = h.noncestr.borrowed() {
                assert_eq!(b, nonce);
            }
            let hex = HexDigest::new(&h.signature);
            let again = format_hostsign(nonce, digits, h.timestamp.form, hex.as_str());
            let h2 = parse_hostsign(&again).expect("a formatted HostSign parses");
            assert_eq!(h2.noncestr.as_str(), nonce);
            assert_eq!(h2.timestamp.digits(), digits);
            assert_eq!(h2.timestamp.form, h.timestamp.form);
            assert_eq!(h2.signature, h.signature);
        }
        Err(e) => {
            assert!(
                matches!(e.code(), Code::Unsigned | Code::MalformedHostsign),
                "{e:?}"
            );
            if s.len() > MAX_HOSTSIGN_LEN {
                assert_eq!(e.reason(), Reason::HostsignTooLarge);
            }
            static_message(&e);
        }
    }
}

/// `parse_referer`, strict and loose: a result is exactly the canonical
/// Referer of what it returns (so nothing was skipped or decoded), and
/// strict acceptance implies loose acceptance.
pub fn referer(s: &str) {
    let strict = parse_referer(s, true);
    let loose = parse_referer(s, false);
    if let Ok(r) = &strict {
        assert_eq!(loose.as_ref().ok(), Some(r));
        assert!(r.appid.len() == 18 && r.appid.starts_with("wx"));
    }
    match loose {
        Ok(r) => {
            assert_eq!(format_referer(r.appid, r.version), s);
            // The version shows as its segment; its kind round-trips by name.
            let segment = format!("/{}/page-frame.html", r.version);
            assert!(s.ends_with(&segment));
            let kind = r.version.kind();
            assert_eq!(VersionKind::from_name(kind.as_str()), Ok(kind));
            if let Version::Release(n) = r.version {
                assert!((1..=9_999_999_999).contains(&n));
            }
        }
        Err(e) => {
            assert!(strict.is_err());
            assert_eq!(e.code(), Code::MalformedReferer);
            static_message(&e);
        }
    }
    if let Err(e) = strict {
        assert_eq!(e.code(), Code::MalformedReferer);
    }
}

/// The outcome the contract's order of checks gives, composed from the
/// core's own parsers and signature (not the reference): what `verify`
/// must agree with.
fn expected_code(case: &Case) -> Option<Code> {
    let c = &case.config;
    match (&case.referer, &case.hostsign) {
        (Header::Absent, _) => return Some(Code::MissingReferer),
        (_, Header::Absent) => return Some(Code::MissingHostsign),
        _ => {}
    }
    let Some(r) = case.referer.value() else {
        return Some(Code::MalformedReferer);
    };
    let r = match parse_referer(r, c.strict_appid) {
        Ok(r) => r,
        Err(e) => return Some(e.code()),
    };
    if c.appids
        .as_ref()
        .is_some_and(|a| !a.iter().any(|a| a == r.appid))
    {
        return Some(Code::AppidNotAllowed);
    }
    if c.versions
        .as_ref()
        .is_some_and(|v| !v.contains(&r.version.kind()))
    {
        return Some(Code::VersionNotAllowed);
    }
    let Some(h) = case.hostsign.value() else {
        return Some(Code::MalformedHostsign);
    };
    let h = match parse_hostsign(h) {
        Ok(h) => h,
        Err(e) => return Some(e.code()),
    };
    if !c
        .tokens
        .iter()
        .any(|t| signature(r.appid, h.noncestr.as_str(), h.timestamp.digits(), t) == h.signature)
    {
        return Some(Code::BadSignature);
    }
    let age = i128::from(case.now) - i128::from(h.timestamp.seconds);
    if c.max_age.is_some_and(|m| age > i128::from(m)) {
        return Some(Code::Expired);
    }
    if -age > i128::from(c.clock_skew) {
        return Some(Code::NotYetValid);
    }
    None
}

/// `Verifier::verify`: deterministic; the outcome follows the order of
/// checks; a verified result was really signed by the token it names (and
/// by no earlier one), is inside the window and the allowlists; a refusal's
/// message is static; the verifier's Debug output shows no token.
pub fn verify(case: &Case) {
    if let Some(s) = &case.signed {
        sign_then_verify(s);
    }
    let verifier = match case.config.build() {
        Ok(v) => v,
        Err(e) => {
            assert_eq!(e.code(), Code::InvalidOptions);
            return;
        }
    };
    assert_eq!(verifier.token_count(), case.config.tokens.len());
    let shown = format!("{verifier:?}");
    for t in &case.config.tokens {
        if t.len() >= 12 && !APPIDS.iter().any(|a| a.contains(t.as_str())) {
            assert!(!shown.contains(t.as_str()), "Debug shows a token");
        }
    }
    let result = verifier.verify(case.referer.input(), case.hostsign.input(), case.now);
    let again = verifier.verify(case.referer.input(), case.hostsign.input(), case.now);
    assert_eq!(result.as_ref().err(), again.as_ref().err());
    assert_eq!(result.as_ref().err().map(Error::code), expected_code(case));
    http_adapter(case, &verifier, &result);
    match result {
        Ok(v) => verified(case, &v),
        Err(e) => static_message(&e),
    }
    if let Some(s) = &case.signed {
        long_signatures(s);
    }
}

/// The `http` module gives the verifier the same input as the header
/// values themselves: one value as it is, two as repeated, bytes that are
/// not UTF-8 as such; a joined value with ", " as repeated. An error's 401
/// body is JSON with its code and message; a success becomes an owned
/// result with the same values.
fn http_adapter(
    case: &Case,
    verifier: &wechat_hostsign::Verifier,
    result: &Result<Verified<'_>, Error>,
) {
    use wechat_hostsign::Input;
    use wechat_hostsign::http::{header_input, joined_header_input};
    let values = |h: &Header| -> Vec<Vec<u8>> {
        match h {
            Header::Absent => vec![],
            Header::Value(s) => vec![s.as_bytes().to_vec()],
            Header::Repeated => vec![b"a".to_vec(), b"b".to_vec()],
            Header::NotText => vec![vec![0xFF, 0xFE]],
            Header::TooLarge => vec![vec![b'x'; 4096]],
        }
    };
    let (rv, hv) = (values(&case.referer), values(&case.hostsign));
    let (ri, hi) = (header_input(&rv), header_input(&hv));
    if !matches!(case.referer, Header::TooLarge) && !matches!(case.hostsign, Header::TooLarge) {
        let via = verifier.verify(ri, hi, case.now);
        assert_eq!(via.as_ref().err(), result.as_ref().err());
    }
    // A value joined by the runtime.
    for (h, input) in [(&case.referer, ri), (&case.hostsign, hi)] {
        if let Some(v) = h.value() {
            let joined = joined_header_input(Some(v));
            assert_eq!(joined == Input::Repeated, v.contains(", "));
            assert!(matches!(input, Input::Value(x) if x == v));
        }
    }
    assert!(matches!(joined_header_input(None), Input::Absent));
    match result {
        Err(e) => {
            let body: serde_json::Value =
                serde_json::from_str(&e.json_body()).expect("the 401 body is JSON");
            assert_eq!(body["error"], e.code().as_str());
            assert_eq!(body["message"], e.message());
        }
        Ok(v) => {
            let owned = v.clone().into_owned();
            assert_eq!(owned.appid, v.appid);
            assert_eq!(owned.noncestr, v.noncestr.as_str());
            assert_eq!(owned.timestamp, v.timestamp.seconds);
            assert_eq!(owned.timestamp_text, v.timestamp.digits());
            assert_eq!(
                (owned.age, owned.token_index, owned.version),
                (v.age, v.token_index, v.version)
            );
        }
    }
}

/// Signatures of long messages (past the two-block layout and past the
/// laid-out blocks, where the streaming path takes over) against the
/// reference; `js_cmp` against UTF-16 order; `sign()` with its defaults,
/// and its Debug output without the token.
fn long_signatures(s: &crate::mutate::Signed) {
    for times in [3, 25] {
        let nonce = s.noncestr.repeat(times);
        let token = s.token.repeat(times);
        assert_eq!(
            HexDigest::new(&signature(&s.appid, &nonce, &s.digits, &token)).as_str(),
            reference::signature_hex(&s.appid, &nonce, &s.digits, &token)
        );
    }
    let utf16 = |x: &str| x.encode_utf16().collect::<Vec<u16>>();
    assert_eq!(
        wechat_hostsign::js_cmp(&s.noncestr, &s.token),
        utf16(&s.noncestr).cmp(&utf16(&s.token))
    );
    assert_eq!(
        wechat_hostsign::js_cmp(&s.appid, &s.digits),
        utf16(&s.appid).cmp(&utf16(&s.digits))
    );
    let request = SignRequest::new(&s.appid, &s.token);
    // The token never shows: the Debug output is the same with another one.
    assert_eq!(
        format!("{request:?}"),
        format!("{:?}", SignRequest::new(&s.appid, "another token"))
    );
    match request.strict_appid(false).sign() {
        Ok(signed) => {
            let h = parse_hostsign(&signed.hostsign).unwrap();
            assert_eq!(h.noncestr.as_str().len(), 32);
            assert!(h.noncestr.as_str().bytes().all(|b| b.is_ascii_hexdigit()));
        }
        Err(e) => static_message(&e),
    }
    if let Err(e) = request.sign() {
        static_message(&e);
    }
}

fn verified(case: &Case, v: &Verified<'_>) {
    let c = &case.config;
    let r = parse_referer(case.referer.value().unwrap(), c.strict_appid).unwrap();
    assert_eq!((r.appid, r.version), (v.appid, v.version));
    let h = parse_hostsign(case.hostsign.value().unwrap()).unwrap();
    assert_eq!(h.noncestr.as_str(), v.noncestr.as_str());
    assert_eq!(h.timestamp.digits(), v.timestamp.digits());
    // The result's text shows and compares as its string; digits are
    // borrowed exactly when the header wrote them without escapes.
    assert_eq!(v.noncestr.to_string(), v.noncestr.as_str());
    assert_eq!(
        format!("{:?}", v.noncestr),
        format!("{:?}", v.noncestr.as_str())
    );
    assert!(v.noncestr == v.noncestr.as_str() && v.noncestr == *v.noncestr.as_str());
    assert!(v.noncestr != "" && v.noncestr != *"");
    if let Some(d) = v.timestamp.borrowed_digits() {
        assert_eq!(d, v.timestamp.digits());
    }
    let token = &c.tokens[v.token_index];
    let sig = |t: &str| signature(v.appid, v.noncestr.as_str(), v.timestamp.digits(), t);
    assert_eq!(sig(token), h.signature);
    assert!(
        c.tokens[..v.token_index]
            .iter()
            .all(|t| sig(t) != h.signature)
    );
    assert_eq!(
        i128::from(v.age),
        i128::from(case.now) - i128::from(v.timestamp.seconds)
    );
    assert!(c.max_age.is_none_or(|m| i128::from(v.age) <= i128::from(m)));
    assert!(-i128::from(v.age) <= i128::from(c.clock_skew));
    if let Some(s) = &case.signed {
        // Nobody but the signer can make a signature: whatever the
        // mutations did, what verifies is what was signed. The signature
        // covers the sorted, joined string, not the parts (characters can
        // move across a boundary between neighbouring parts: SECURITY.md),
        // so that is what must be equal (with the token that matched).
        let joined = |parts: [&str; 4]| {
            let mut p = parts;
            p.sort_by_key(|x| x.encode_utf16().collect::<Vec<u16>>());
            p.concat()
        };
        assert_eq!(
            joined([v.appid, v.noncestr.as_str(), v.timestamp.digits(), token]),
            joined([&s.appid, &s.noncestr, &s.digits, &s.token])
        );
    }
}

/// The core's own `sign` output verifies with the same values.
fn sign_then_verify(s: &crate::mutate::Signed) {
    let Ok(ts) = s.digits.parse::<u64>() else {
        return;
    };
    let version = Version::Release(3);
    let request = SignRequest::new(&s.appid, &s.token)
        .noncestr(&s.noncestr)
        .timestamp(ts)
        .version(version)
        .strict_appid(false);
    let Ok(signed) = sign(&request) else { return };
    let v = wechat_hostsign::Verifier::builder()
        .token(s.token.as_str())
        .strict_appid(false)
        .build()
        .unwrap();
    let ok = v
        .verify(signed.referer.as_str(), signed.hostsign.as_str(), ts)
        .expect("sign() output verifies");
    assert_eq!(
        (ok.appid, ok.noncestr.as_str(), ok.version),
        (s.appid.as_str(), s.noncestr.as_str(), version)
    );
    assert_eq!(ok.timestamp.seconds, ts);
    assert_eq!(
        signed.signature.as_str(),
        reference::signature_hex(&s.appid, &s.noncestr, &ts.to_string(), &s.token)
    );
    assert_eq!(signed.signature.to_string(), signed.signature.as_str());
    assert_eq!(format!("{:?}", signed.signature), signed.signature.as_str());
    assert_eq!(
        format!("{signed:?}"),
        format!(
            "Signed {{ referer: {:?}, hostsign: {:?} }}",
            signed.referer, signed.hostsign
        )
    );
    // The digits as written, signed as a string (or refused as one).
    let as_digits = request.timestamp_digits(&s.digits).sign();
    if (1..=12).contains(&s.digits.len()) && s.digits.bytes().all(|b| b.is_ascii_digit()) {
        assert_eq!(
            as_digits.unwrap().signature.as_str(),
            reference::signature_hex(&s.appid, &s.noncestr, &s.digits, &s.token)
        );
    } else {
        assert_eq!(as_digits.unwrap_err().reason(), Reason::SignTimestamp);
    }
}

/// The core against the reference: same outcome code, and when verified
/// the same values. Also the two parsers on their own, so a HostSign
/// disagreement is not hidden behind a Referer refusal.
pub fn differential(case: &Case) {
    if let Some(r) = case.referer.value() {
        for strict in [true, false] {
            let core = parse_referer(r, strict)
                .map(|r| (r.appid.to_owned(), r.version))
                .map_err(|e| e.code());
            assert_eq!(
                core,
                reference::referer(r, strict),
                "parse_referer(strict={strict}) {r:?}"
            );
        }
    }
    if let Some(h) = case.hostsign.value() {
        let core = parse_hostsign(h).map(|h| reference::HostSign {
            noncestr: h.noncestr.as_str().to_owned(),
            digits: h.timestamp.digits().to_owned(),
            seconds: h.timestamp.seconds,
            number: h.timestamp.form == TimestampForm::Number,
            signature: HexDigest::new(&h.signature).as_str().to_owned(),
        });
        assert_eq!(
            core.map_err(|e| e.code()),
            reference::hostsign(h),
            "parse_hostsign {h:?}"
        );
    }
    let c = &case.config;
    let verifier = c.build();
    assert_eq!(verifier.is_ok(), reference::config_ok(c), "options {c:?}");
    let Ok(verifier) = verifier else { return };
    let core = verifier.verify(case.referer.input(), case.hostsign.input(), case.now);
    let want = reference::verify(c, &case.referer, &case.hostsign, case.now);
    match (core, want) {
        (Ok(v), Ok(w)) => {
            assert_eq!(v.appid, w.appid);
            assert_eq!(v.version, w.version);
            assert_eq!(v.noncestr.as_str(), w.hostsign.noncestr);
            assert_eq!(v.timestamp.digits(), w.hostsign.digits);
            assert_eq!(v.timestamp.seconds, w.hostsign.seconds);
            assert_eq!(i128::from(v.age), w.age);
            assert_eq!(v.token_index, w.token_index);
        }
        (core, want) => assert_eq!(
            core.map(|_| ()).map_err(|e| e.code()),
            want.map(|_| ()),
            "verify {case:?}"
        ),
    }
}
