//! The generated vectors (tests/vectors/*.json, made by generate.mjs with
//! node:crypto and the seed formula) against the native core.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::Value;
use std::time::Duration;
use wechat_hostsign::{Code, Input, Verifier, Version, VersionKind, signature_hex};

fn load(name: &str) -> Vec<Value> {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

#[test]
fn signatures_match_the_seed_formula() {
    let vectors = load("signature.json");
    assert!(vectors.len() >= 400);
    for v in &vectors {
        let got = signature_hex(
            s(&v["appid"]),
            s(&v["noncestr"]),
            s(&v["timestamp"]),
            s(&v["token"]),
        );
        assert_eq!(got.as_str(), s(&v["signature"]), "{v}");
    }
}

fn verifier(options: &Value) -> Verifier {
    let mut b = Verifier::builder();
    if let Some(t) = options.get("token") {
        b = b.token(s(t));
    }
    if let Some(ts) = options.get("tokens") {
        b = b.tokens(ts.as_array().unwrap().iter().map(|t| s(t).to_owned()));
    }
    if let Some(m) = options.get("maxAge") {
        b = b.max_age(m.as_u64().map(Duration::from_secs));
    }
    if let Some(c) = options.get("clockSkew") {
        b = b.clock_skew(Duration::from_secs(c.as_u64().unwrap()));
    }
    if let Some(a) = options.get("appids") {
        b = b.appids(a.as_array().unwrap().iter().map(|x| s(x).to_owned()));
    }
    if let Some(v) = options.get("versions") {
        b = b.versions(
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| VersionKind::from_name(s(x)).unwrap()),
        );
    }
    if let Some(x) = options.get("strictAppid") {
        b = b.strict_appid(x.as_bool().unwrap());
    }
    b.build().unwrap()
}

fn header(v: Option<&Value>) -> Input<'_> {
    match v {
        Some(Value::String(s)) => Input::Value(s),
        _ => Input::Absent,
    }
}

#[test]
fn cases_have_their_expected_outcomes() {
    let cases = load("cases.json");
    let mut seen = std::collections::BTreeSet::new();
    for case in &cases {
        let name = s(&case["name"]);
        let v = verifier(&case["options"]);
        let h = &case["headers"];
        let now = case["now"].as_u64().unwrap();
        let result = v.verify(header(h.get("referer")), header(h.get("hostsign")), now);
        let want = &case["expect"];
        match (result, want["ok"].as_bool().unwrap()) {
            (Ok(got), true) => {
                assert_eq!(got.appid, s(&want["appid"]), "{name}");
                let version = &want["version"];
                let expected = match s(&version["kind"]) {
                    "develop" => Version::Develop,
                    "devtools" => Version::Devtools,
                    _ => Version::Release(version["number"].as_u64().unwrap()),
                };
                assert_eq!(got.version, expected, "{name}");
                assert_eq!(got.noncestr.as_str(), s(&want["noncestr"]), "{name}");
                assert_eq!(
                    got.timestamp.seconds,
                    want["timestamp"].as_u64().unwrap(),
                    "{name}"
                );
                assert_eq!(got.age, want["age"].as_i64().unwrap(), "{name}");
                assert_eq!(
                    got.token_index as u64,
                    want["tokenIndex"].as_u64().unwrap(),
                    "{name}"
                );
                seen.insert("OK");
            }
            (Err(e), false) => {
                assert_eq!(e.code().as_str(), s(&want["code"]), "{name}: {e}");
                seen.insert(e.code().as_str());
            }
            (got, _) => panic!("{name}: got {got:?}, want {want}"),
        }
    }
    // Every returned outcome code has at least one case.
    for code in Code::ALL.iter().filter(|c| **c != Code::InvalidOptions) {
        assert!(seen.contains(code.as_str()), "no case for {code}");
    }
}
