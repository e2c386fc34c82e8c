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
#![forbid(unsafe_code)]

use axum_core::extract::{FromRef, FromRequestParts};
use axum_core::response::{IntoResponse, Response};
use http::request::Parts;
use http::{HeaderValue, StatusCode, header};
use std::sync::Arc;
use wechat_hostsign::http::JSON_CONTENT_TYPE;
pub use wechat_hostsign::{Error, Locale, OwnedVerified, Verifier};

/// A verified plugin request: extract it in a handler to protect the route.
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

/// A refused request: responds `401` with `{"error": CODE, "message": …}`,
/// the message in the [`Locale`] (the router's `Extension(Locale)`, English
/// without one).
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

impl std::error::Error for HostsignRejection {}
