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
//! [`OwnedVerified`]. A refusal is [`HostsignRejection`] (a
//! `std::error::Error`), whose response is `401` with
//! `{"error": CODE, "message": …}`; take `Result<VerifiedHostsign,
//! actix_web::Error>` and `err.as_error::<HostsignRejection>()` to answer
//! refusals yourself. Without a configured verifier every request gets a
//! bare 500 and the server's log (the `log` crate, target
//! `wechat_hostsign_actix_web`) says to add
//! `.app_data(web::Data::new(verifier))`.
//!
//! Everything a handler needs is re-exported: [`Verifier`] and
//! [`VerifierBuilder`], [`Code`], [`Version`], [`VersionKind`],
//! [`OwnedVerified`] and [`Error`]; the default `serde` feature makes the
//! result and the error `Serialize` (`HttpResponse::Ok().json(caller)`).
//!
//! To answer refusals in Chinese (the same codes, the message in WeChat's
//! words), add the [`Locale`] to the app data: `.app_data(Locale::ZhCn)`.
//!
//! To protect a whole scope, name the extractor in a `wrap_fn`, or give
//! each handler the argument.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError, web};
use std::future::{Ready, ready};
use wechat_hostsign::http::{JSON_CONTENT_TYPE, REFERER, X_WECHAT_HOSTSIGN, header_input};
pub use wechat_hostsign::{
    Code, Error, Locale, OwnedVerified, Verifier, VerifierBuilder, Version, VersionKind,
};

/// A verified plugin request: take it as a handler argument to protect the
/// route.
///
/// ```
/// use actix_web::{HttpResponse, ResponseError};
/// use wechat_hostsign_actix_web::{Code, HostsignRejection, VerifiedHostsign};
///
/// // Answer refusals yourself: here, a stale signature gets its own body.
/// async fn whoami(caller: Result<VerifiedHostsign, actix_web::Error>) -> HttpResponse {
///     match caller {
///         Ok(VerifiedHostsign(caller)) => HttpResponse::Ok().body(caller.appid),
///         Err(e) => match e.as_error::<HostsignRejection>() {
///             Some(HostsignRejection(r, _)) if r.code() == Code::Expired => {
///                 HttpResponse::Unauthorized().body("check the server clock")
///             }
///             _ => e.error_response(),
///         },
///     }
/// }
/// ```
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
            log::error!(
                "{} (request {} {})",
                NotConfigured::HINT,
                req.method(),
                req.path()
            );
            return ready(Err(NotConfigured.into()));
        };
        let locale = req.app_data::<Locale>().copied().unwrap_or_default();
        ready(
            verify(verifier, req.headers(), wechat_hostsign::unix_now())
                .map(VerifiedHostsign)
                .map_err(|e| HostsignRejection(e, locale).into()),
        )
    }
}

/// A refused request: responds `401` with `{"error": CODE, "message": …}`,
/// the message in the [`Locale`] (`App::app_data(Locale::ZhCn)`, English
/// without one).
///
/// ```
/// use actix_web::ResponseError;
/// use wechat_hostsign_actix_web::{Error, HostsignRejection, Locale, Verifier};
/// use wechat_hostsign::Input;
///
/// let refused: Error = Verifier::new("token")?.verify(Input::Absent, Input::Absent, 0).unwrap_err();
/// let rejection = HostsignRejection(refused, Locale::En);
/// assert_eq!(rejection.error_response().status(), 401);
/// let as_error: &dyn std::error::Error = &rejection;
/// assert_eq!(as_error.source().map(|e| e.to_string()), Some(refused.to_string()));
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostsignRejection(pub Error, pub Locale);

impl std::fmt::Display for HostsignRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for HostsignRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
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
            .body(self.0.json_body_in(self.1))
    }
}

/// No `web::Data<Verifier>` in the app data: a server configuration error,
/// logged with the fix; the client sees a bare 500.
#[derive(Clone, Copy, Debug)]
struct NotConfigured;

impl NotConfigured {
    const HINT: &'static str = "wechat-hostsign-actix-web: no verifier is configured; add .app_data(web::Data::new(verifier)) to the App";
}

impl std::fmt::Display for NotConfigured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(Self::HINT)
    }
}

impl ResponseError for NotConfigured {
    fn error_response(&self) -> HttpResponse {
        HttpResponse::InternalServerError().finish()
    }
}
