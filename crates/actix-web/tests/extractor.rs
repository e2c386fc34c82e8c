//! The extractor in process (actix-web's test service, no network), with
//! requests signed by the core: what ships in the .crate and runs on its
//! own. The workspace also serves the example app over real HTTP with the
//! shared cases (crates/http-cases/tests/actix_web.rs).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::type_complexity,
    missing_docs
)]

use actix_web::http::StatusCode;
use actix_web::test as actix_test;
use actix_web::{App, HttpResponse, ResponseError, web};
use serde_json::{Value, json};
use std::sync::Mutex;
use wechat_hostsign::{Input, SignRequest};
use wechat_hostsign_actix_web::{Code, HostsignRejection, VerifiedHostsign, Verifier, Version};

const APPID: &str = "wx0123456789abcdef";

async fn strict(VerifiedHostsign(caller): VerifiedHostsign) -> HttpResponse {
    HttpResponse::Ok().json(caller)
}

async fn own(caller: Result<VerifiedHostsign, actix_web::Error>) -> HttpResponse {
    match caller {
        Ok(_) => HttpResponse::Ok().finish(),
        Err(e) => match e.as_error::<HostsignRejection>() {
            Some(HostsignRejection(r, _)) if r.code() == Code::BadSignature => {
                HttpResponse::Forbidden().body("forged")
            }
            _ => e.error_response(),
        },
    }
}

fn signed(token: &str) -> (String, String) {
    let s = SignRequest::new(APPID, token)
        .version(Version::Release(7))
        .sign()
        .unwrap();
    (s.referer, s.hostsign)
}

async fn send(
    with_verifier: bool,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, Option<String>, Vec<u8>) {
    let verifier = web::Data::new(
        Verifier::builder()
            .token("new")
            .token("old")
            .build()
            .unwrap(),
    );
    let mut app = App::new()
        .route("/strict", web::get().to(strict))
        .route("/own", web::get().to(own));
    if with_verifier {
        app = app.app_data(verifier);
    }
    let service = actix_test::init_service(app).await;
    let mut req = actix_test::TestRequest::get().uri(path);
    for (name, value) in headers {
        req = req.append_header((*name, *value));
    }
    let res = actix_test::call_service(&service, req.to_request()).await;
    let status = res.status();
    let ctype = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, ctype, actix_test::read_body(res).await.to_vec())
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap()
}

#[actix_web::test]
async fn verified_requests_get_the_result_as_json_with_default_features() {
    let (r, h) = signed("old");
    let (status, _, body) = send(
        true,
        "/strict",
        &[("referer", &r), ("x-wechat-hostsign", &h)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let v = json_of(&body);
    assert_eq!(v["appid"], APPID);
    assert_eq!(v["version"], json!({ "kind": "release", "number": 7 }));
    assert_eq!(v["tokenIndex"], 1);
}

#[actix_web::test]
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
        let (status, ctype, body) = send(true, "/strict", &headers).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}");
        assert_eq!(ctype.as_deref(), Some("application/json"), "{name}");
        assert_eq!(json_of(&body)["error"], code.as_str(), "{name}");
    }
    let (status, _, body) = send(true, "/own", &[("referer", &r), ("x-wechat-hostsign", &h)]).await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::FORBIDDEN, &b"forged"[..])
    );
}

/// Captures what the extractor logs.
struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        if record.target().starts_with("wechat_hostsign_actix_web") {
            let line = format!("{} {}", record.level(), record.args());
            self.0.lock().unwrap().push(line);
        }
    }
    fn flush(&self) {}
}

static LOG: Capture = Capture(Mutex::new(Vec::new()));

#[actix_web::test]
async fn a_missing_verifier_is_a_bare_500_and_logged_with_the_fix() {
    log::set_logger(&LOG).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let (r, h) = signed("new");
    let (status, _, body) = send(
        false,
        "/strict",
        &[("referer", &r), ("x-wechat-hostsign", &h)],
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body.is_empty(), "the client learns nothing: {body:?}");
    let logged = LOG.0.lock().unwrap().clone();
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert!(logged[0].starts_with("ERROR "), "{logged:?}");
    assert!(
        logged[0].contains(".app_data(web::Data::new(verifier))"),
        "{logged:?}"
    );
    assert!(logged[0].contains("GET /strict"), "{logged:?}");
}

#[test]
fn the_rejection_is_an_error_with_the_core_error_as_source() {
    use std::error::Error as _;
    let err = Verifier::new("t")
        .unwrap()
        .verify(Input::Absent, Input::Absent, 0)
        .unwrap_err();
    let rejection = HostsignRejection(err, wechat_hostsign::Locale::En);
    assert_eq!(rejection.source().unwrap().to_string(), err.to_string());
    assert_eq!(rejection.status_code(), StatusCode::UNAUTHORIZED);
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(rejection);
    assert!(boxed.to_string().starts_with("MISSING_REFERER: "));
}
