//! [actix-web](https://docs.rs/actix-web) 4 support for
//! [`wechat-hostsign`](https://docs.rs/wechat-hostsign): verify WeChat Mini
//! Program plugin requests (`Referer` + `X-WECHAT-HOSTSIGN`) with one
//! handler argument.
//!
//! ```no_run
//! use actix_web::{App, HttpServer, web};
//! use wechat_hostsign_actix_web::{VerifiedHostsign, Verifier};
//!
//! async fn hello(caller: VerifiedHostsign) -> String {
//!     format!("hello, {}", caller.appid)
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let verifier = web::Data::new(Verifier::new(std::env::var("PLUGIN_TOKEN")?)?);
//! HttpServer::new(move || App::new().app_data(verifier.clone()).route("/api/hello", web::get().to(hello)))
//!     .bind(("127.0.0.1", 8080))?
//!     .run()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! The extractor finds the verifier as `web::Data<Verifier>` in the app data
//! (`App::app_data`, or a scope's). It reads every value of both headers (a
//! repeated header is refused, not half-read), decodes them as UTF-8 (a
//! non-ASCII value is judged on its merits, never "missing"), verifies at
//! the system clock's time, and hands the handler an owned
//! [`OwnedVerified`]. A refusal is
//! [`HostsignRejection`], whose response is `401` with
//! `{"error": CODE, "message": …}`; take `Result<VerifiedHostsign,
//! actix_web::Error>` and `err.as_error::<HostsignRejection>()` to answer
//! refusals yourself. Without a configured verifier every request gets a
//! 500 that says to add `.app_data(web::Data::new(verifier))`.
//!
//! To protect a whole scope, name the extractor in a `wrap_fn`, or give
//! each handler the argument.
#![forbid(unsafe_code)]

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError, web};
use std::future::{Ready, ready};
use wechat_hostsign::http::{JSON_CONTENT_TYPE, REFERER, X_WECHAT_HOSTSIGN, header_input};
pub use wechat_hostsign::{Error, OwnedVerified, Verifier};

/// A verified plugin request: take it as a handler argument to protect the
/// route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedHostsign(pub OwnedVerified);

impl std::ops::Deref for VerifiedHostsign {
    type Target = OwnedVerified;
    fn deref(&self) -> &OwnedVerified {
        &self.0
    }
}

/// Verifies a request's headers at `now` with every value of each header.
fn verify(verifier: &Verifier, headers: &HeaderMap, now: u64) -> Result<OwnedVerified, Error> {
    verifier
        .verify(
            header_input(headers.get_all(REFERER)),
            header_input(headers.get_all(X_WECHAT_HOSTSIGN)),
            now,
        )
        .map(|verified| verified.into_owned())
}

impl FromRequest for VerifiedHostsign {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(verifier) = req.app_data::<web::Data<Verifier>>() else {
            return ready(Err(NotConfigured.into()));
        };
        ready(
            verify(verifier, req.headers(), wechat_hostsign::unix_now())
                .map(VerifiedHostsign)
                .map_err(|e| HostsignRejection(e).into()),
        )
    }
}

/// A refused request: responds `401` with `{"error": CODE, "message": …}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostsignRejection(pub Error);

impl std::fmt::Display for HostsignRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl ResponseError for HostsignRejection {
    fn status_code(&self) -> StatusCode {
        StatusCode::UNAUTHORIZED
    }
    fn error_response(&self) -> HttpResponse {
        HttpResponse::Unauthorized()
            .insert_header((
                header::CONTENT_TYPE,
                HeaderValue::from_static(JSON_CONTENT_TYPE),
            ))
            .body(self.0.json_body())
    }
}

/// No `web::Data<Verifier>` in the app data: a server configuration error.
#[derive(Clone, Copy, Debug)]
struct NotConfigured;

impl std::fmt::Display for NotConfigured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "wechat-hostsign-actix-web: no verifier is configured; add .app_data(web::Data::new(verifier)) to the App",
        )
    }
}

impl ResponseError for NotConfigured {}
