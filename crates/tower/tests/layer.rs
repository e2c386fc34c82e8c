//! The layer in process (tower's `oneshot`, no network), with requests
//! signed by the core: what ships in the .crate and runs on its own. The
//! workspace also serves it with hyper over 127.0.0.1 with the shared cases
//! (crates/http-cases/tests/tower.rs).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use serde_json::Value;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tower::{Layer, ServiceExt, service_fn};
use wechat_hostsign::SignRequest;
use wechat_hostsign_tower::{Code, HostsignLayer, OwnedVerified, Verifier, Version};

const APPID: &str = "wx0123456789abcdef";

/// Sends one request through the layer; returns the status, the content
/// type, the body, and how many times the inner service ran.
async fn send(headers: &[(&str, &str)]) -> (StatusCode, Option<String>, Vec<u8>, usize) {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let inner = service_fn(move |req: Request<()>| {
        seen.fetch_add(1, Ordering::SeqCst);
        let caller = req.extensions().get::<OwnedVerified>().cloned();
        async move {
            let body = serde_json::to_vec(&caller.unwrap()).unwrap();
            Ok::<_, Infallible>(Response::new(Full::new(Bytes::from(body))))
        }
    });
    let verifier = Verifier::builder()
        .token("new")
        .token("old")
        .build()
        .unwrap();
    let service = HostsignLayer::new(verifier).layer(inner);
    let mut req = Request::get("/api");
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = service.oneshot(req.body(()).unwrap()).await.unwrap();
    let status = res.status();
    let ctype = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, ctype, body, calls.load(Ordering::SeqCst))
}

fn signed(token: &str) -> (String, String) {
    let s = SignRequest::new(APPID, token)
        .version(Version::Release(7))
        .sign()
        .unwrap();
    (s.referer, s.hostsign)
}

#[tokio::test]
async fn a_verified_request_reaches_the_service_with_its_result() {
    let (r, h) = signed("old");
    let (status, _, body, calls) = send(&[("referer", &r), ("x-wechat-hostsign", &h)]).await;
    assert_eq!((status, calls), (StatusCode::OK, 1));
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["appid"], APPID);
    assert_eq!(v["tokenIndex"], 1);
    assert_eq!(v["version"]["number"], 7);
}

#[tokio::test]
async fn a_refused_request_never_reaches_the_service() {
    let (r, h) = signed("guess");
    let cases = [
        (
            vec![("referer", r.as_str()), ("x-wechat-hostsign", h.as_str())],
            Code::BadSignature,
        ),
        (vec![], Code::MissingReferer),
        (vec![("referer", r.as_str())], Code::MissingHostsign),
        (
            vec![("referer", r.as_str()), ("x-wechat-hostsign", "{}")],
            Code::Unsigned,
        ),
        (
            vec![
                ("referer", r.as_str()),
                ("referer", r.as_str()),
                ("x-wechat-hostsign", h.as_str()),
            ],
            Code::MalformedReferer,
        ),
    ];
    for (headers, code) in cases {
        let (status, ctype, body, calls) = send(&headers).await;
        assert_eq!((status, calls), (StatusCode::UNAUTHORIZED, 0), "{code}");
        assert_eq!(ctype.as_deref(), Some("application/json"), "{code}");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"], code.as_str());
        assert!(v["message"].is_string());
    }
}
