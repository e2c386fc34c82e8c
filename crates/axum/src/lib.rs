//! [axum](https://docs.rs/axum) 0.8 support for
//! [`wechat-hostsign`](https://docs.rs/wechat-hostsign): verify WeChat Mini
//! Program plugin requests (`Referer` + `X-WECHAT-HOSTSIGN`) with one
//! handler argument.
//!
//! ```no_run
//! use axum::{Router, routing::get};
//! use std::sync::Arc;
//! use wechat_hostsign_axum::{VerifiedHostsign, Verifier};
//!
//! async fn hello(VerifiedHostsign(caller): VerifiedHostsign) -> String {
//!     format!("hello, {}", caller.appid)
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let app: Router = Router::new()
//!     .route("/api/hello", get(hello))
//!     .with_state(Arc::new(Verifier::new(std::env::var("PLUGIN_TOKEN")?)?));
//! # let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! # axum::serve(listener, app).await?;
//! # Ok(()) }
//! ```
//!
//! The extractor finds the verifier in the router's state as an
//! `Arc<Verifier>` ([`FromRef`], so an `AppState` with an `Arc<Verifier>`
//! field works too). It reads every value of both headers (a repeated
//! header is refused, not half-read), decodes them as UTF-8 (a non-ASCII
//! value is judged on its merits, never "missing"), verifies at the system
//! clock's time, and hands the handler an owned
//! [`OwnedVerified`]. A refusal is
//! [`HostsignRejection`]: `401` with `{"error": CODE, "message": …}`. Take
//! `Result<VerifiedHostsign, HostsignRejection>` to answer refusals yourself.
//!
//! To answer refusals in Chinese (the same codes, the message in WeChat's
//! words), add the [`Locale`] to the router as an extension:
//! `.layer(axum::Extension(Locale::ZhCn))`.
//!
//! To protect every route of a router without naming the extractor in each
//! handler, use axum's own `middleware::from_extractor_with_state`:
//!
//! ```no_run
//! # use axum::{Router, routing::get};
//! # use std::sync::Arc;
//! # use wechat_hostsign_axum::{VerifiedHostsign, Verifier};
//! # fn app(verifier: Arc<Verifier>) -> Router {
//! Router::new()
//!     .route("/api/ping", get(|| async { "pong" }))
//!     .route_layer(axum::middleware::from_extractor_with_state::<VerifiedHostsign, _>(verifier.clone()))
//!     .with_state(verifier)
//! # }
//! ```
//!
//! # Optional verification
//!
//! `Option<VerifiedHostsign>` serves a route that WeChat and other clients
//! share: `None` when the request has no `X-WECHAT-HOSTSIGN` header at all
//! (not a plugin request), `Some` when it verifies, and the 401 rejection
//! when the header is there but does not verify (a forged or stale
//! signature is refused, never downgraded to `None`). Anyone can leave the
//! header out, so `None` means "unauthenticated", not "not WeChat":
//!
//! ```
//! use wechat_hostsign_axum::VerifiedHostsign;
//!
//! async fn greet(caller: Option<VerifiedHostsign>) -> String {
//!     match caller {
//!         Some(caller) => format!("hello, {}", caller.appid),
//!         None => "hello, stranger".to_owned(),
//!     }
//! }
//! ```
//!
//! # Standing alone
//!
//! Everything a handler needs is re-exported: [`Verifier`] and
//! [`VerifierBuilder`], [`Code`] (to treat `EXPIRED` apart, say),
//! [`Version`], [`VersionKind`], [`OwnedVerified`] and [`Error`]. The
//! default `serde` feature makes [`OwnedVerified`] and [`Error`]
//! `Serialize` (`Json(caller)` as in the example).
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

use axum_core::extract::{FromRef, FromRequestParts, OptionalFromRequestParts};
use axum_core::response::{IntoResponse, Response};
use http::request::Parts;
use http::{HeaderValue, StatusCode, header};
use std::sync::Arc;
use wechat_hostsign::http::{JSON_CONTENT_TYPE, X_WECHAT_HOSTSIGN};
pub use wechat_hostsign::{
    Code, Error, Locale, OwnedVerified, Verifier, VerifierBuilder, Version, VersionKind,
};

/// A verified plugin request: extract it in a handler to protect the route
/// (or `Option<VerifiedHostsign>`: see the [crate] docs).
///
/// ```
/// use wechat_hostsign_axum::{Code, HostsignRejection, VerifiedHostsign};
///
/// // Answer refusals yourself: here, a stale signature gets its own status.
/// async fn whoami(caller: Result<VerifiedHostsign, HostsignRejection>) -> (u16, String) {
///     match caller {
///         Ok(VerifiedHostsign(caller)) => (200, caller.appid),
///         Err(HostsignRejection(e, _)) if e.code() == Code::Expired => (401, "check the server clock".into()),
///         Err(HostsignRejection(e, _)) => (401, e.code().to_string()),
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

impl<S> FromRequestParts<S> for VerifiedHostsign
where
    Arc<Verifier>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = HostsignRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = Arc::<Verifier>::from_ref(state);
        let locale = parts
            .extensions
            .get::<Locale>()
            .copied()
            .unwrap_or_default();
        verifier
            .verify_header_map(&parts.headers, wechat_hostsign::unix_now())
            .map(|verified| VerifiedHostsign(verified.into_owned()))
            .map_err(|e| HostsignRejection(e, locale))
    }
}

/// `None` without an `X-WECHAT-HOSTSIGN` header; otherwise the request must
/// verify (a refusal is the same 401 as without `Option`).
impl<S> OptionalFromRequestParts<S> for VerifiedHostsign
where
    Arc<Verifier>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = HostsignRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        if !parts.headers.contains_key(X_WECHAT_HOSTSIGN) {
            return Ok(None);
        }
        <Self as FromRequestParts<S>>::from_request_parts(parts, state)
            .await
            .map(Some)
    }
}

/// A refused request: responds `401` with `{"error": CODE, "message": …}`,
/// the message in the [`Locale`] (the router's `Extension(Locale)`, English
/// without one).
///
/// ```
/// use axum_core::response::IntoResponse;
/// use wechat_hostsign_axum::{Error, HostsignRejection, Locale, Verifier};
/// use wechat_hostsign::Input;
///
/// let refused: Error = Verifier::new("token")?.verify(Input::Absent, Input::Absent, 0).unwrap_err();
/// let response = HostsignRejection(refused, Locale::En).into_response();
/// assert_eq!(response.status(), 401);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostsignRejection(pub Error, pub Locale);

impl IntoResponse for HostsignRejection {
    fn into_response(self) -> Response {
        (
            StatusCode::UNAUTHORIZED,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(JSON_CONTENT_TYPE),
            )],
            self.0.json_body_in(self.1),
        )
            .into_response()
    }
}

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
