//! The extractor in process (tower's `oneshot`, no network), with requests
//! signed by the core: what ships in the .crate and runs on its own. The
//! workspace also serves the example app over real HTTP with the shared
//! cases (crates/http-cases/tests/axum.rs).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::type_complexity,
    missing_docs
)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use std::sync::Arc;
use tower::ServiceExt;
use wechat_hostsign::{Input, SignRequest};
use wechat_hostsign_axum::{
    Code, HostsignRejection, OwnedVerified, VerifiedHostsign, Verifier, Version,
};

const APPID: &str = "wx0123456789abcdef";

fn app() -> Router {
    async fn strict(VerifiedHostsign(caller): VerifiedHostsign) -> Json<OwnedVerified> {
        Json(caller)
    }
    async fn optional(caller: Option<VerifiedHostsign>) -> String {
        caller.map_or_else(|| "anonymous".to_owned(), |c| c.appid.clone())
    }
    async fn own(caller: Result<VerifiedHostsign, HostsignRejection>) -> (StatusCode, String) {
        match caller {
            Ok(_) => (StatusCode::OK, "ok".into()),
            Err(HostsignRejection(e, _)) if e.code() == Code::BadSignature => {
                (StatusCode::FORBIDDEN, "forged".into())
            }
            Err(HostsignRejection(e, _)) => (StatusCode::UNAUTHORIZED, e.code().to_string()),
        }
    }
    let verifier = Verifier::builder()
        .token("new")
        .token("old")
        .build()
        .unwrap();
    Router::new()
        .route("/strict", get(strict))
        .route("/optional", get(optional))
        .route("/own", get(own))
        .with_state(Arc::new(verifier))
}

/// Headers signed with `token` just now (the extractor reads the clock).
fn signed(token: &str) -> (String, String) {
    let s = SignRequest::new(APPID, token)
        .version(Version::Release(7))
        .sign()
        .unwrap();
    (s.referer, s.hostsign)
}

async fn send(path: &str, headers: &[(&str, &str)]) -> (StatusCode, Option<String>, Vec<u8>) {
    let mut req = Request::get(path);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = app()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let ctype = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = axum::body::to_bytes(res.into_body(), 1 << 16)
        .await
        .unwrap();
    (status, ctype, body.to_vec())
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap()
}

#[tokio::test]
async fn verified_requests_get_the_result_as_json_with_default_features() {
    let (r, h) = signed("old");
    let (status, _, body) = send("/strict", &[("referer", &r), ("x-wechat-hostsign", &h)]).await;
    assert_eq!(status, StatusCode::OK);
    let v = json_of(&body);
    assert_eq!(v["appid"], APPID);
    assert_eq!(v["version"], json!({ "kind": "release", "number": 7 }));
    assert_eq!(v["tokenIndex"], 1);
}

#[tokio::test]
async fn refusals_are_401_json_with_the_code() {
    let (r, h) = signed("guess");
    let cases: [(&str, Vec<(&str, &str)>, Code); 4] = [
        (
            "forged",
            vec![("referer", &r), ("x-wechat-hostsign", &h)],
            Code::BadSignature,
        ),
        ("no headers", vec![], Code::MissingReferer),
        ("no hostsign", vec![("referer", &r)], Code::MissingHostsign),
        (
            "repeated hostsign",
            vec![
                ("referer", &r),
                ("x-wechat-hostsign", &h),
                ("x-wechat-hostsign", &h),
            ],
            Code::MalformedHostsign,
        ),
    ];
    for (name, headers, code) in cases {
        let (status, ctype, body) = send("/strict", &headers).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}");
        assert_eq!(ctype.as_deref(), Some("application/json"), "{name}");
        assert_eq!(json_of(&body)["error"], code.as_str(), "{name}");
    }
}

#[tokio::test]
async fn option_is_none_only_without_the_hostsign_header() {
    let (r, h) = signed("new");
    let (status, _, body) = send("/optional", &[("referer", &r), ("x-wechat-hostsign", &h)]).await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::OK, APPID.as_bytes())
    );
    // No HostSign (a browser sends a Referer of its own): None.
    for headers in [vec![], vec![("referer", "https://example.com/")]] {
        let (status, _, body) = send("/optional", &headers).await;
        assert_eq!(
            (status, body.as_slice()),
            (StatusCode::OK, &b"anonymous"[..])
        );
    }
    // A HostSign that does not verify is refused, never downgraded to None.
    let (fr, fh) = signed("guess");
    for headers in [
        vec![("referer", fr.as_str()), ("x-wechat-hostsign", fh.as_str())],
        vec![("x-wechat-hostsign", h.as_str())],
        vec![("referer", r.as_str()), ("x-wechat-hostsign", "{}")],
    ] {
        let (status, _, body) = send("/optional", &headers).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{headers:?}");
        assert!(json_of(&body)["error"].is_string());
    }
}

#[tokio::test]
async fn result_extractor_answers_refusals_itself() {
    let (r, h) = signed("guess");
    let (status, _, body) = send("/own", &[("referer", &r), ("x-wechat-hostsign", &h)]).await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::FORBIDDEN, &b"forged"[..])
    );
    let (status, _, body) = send("/own", &[]).await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::UNAUTHORIZED, &b"MISSING_REFERER"[..])
    );
}

#[test]
fn the_rejection_is_an_error_with_the_core_error_as_source() {
    use std::error::Error as _;
    let err = Verifier::new("t")
        .unwrap()
        .verify(Input::Absent, Input::Absent, 0)
        .unwrap_err();
    let rejection = HostsignRejection(err, wechat_hostsign::Locale::En);
    let source = rejection.source().unwrap();
    assert_eq!(source.to_string(), err.to_string());
    assert!(rejection.to_string().starts_with("MISSING_REFERER: "));
}
