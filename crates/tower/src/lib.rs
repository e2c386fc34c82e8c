//! A [tower](https://docs.rs/tower) [`Layer`] for
//! [`wechat-hostsign`](https://docs.rs/wechat-hostsign): verify WeChat Mini
//! Program plugin requests (`Referer` + `X-WECHAT-HOSTSIGN`) in front of any
//! `http` 1.x service — hyper, tonic, axum, or anything built with tower.
//!
//! A verified request goes on to the inner service with its
//! [`OwnedVerified`] result in the request's extensions; a refused one never
//! reaches it and gets `401` with `content-type: application/json` and
//! `{"error": CODE, "message": …}`. Every value of both headers is read (a
//! repeated header is refused, not half-read) and decoded as UTF-8 (a
//! non-ASCII value is judged on its merits, never "missing"); the time is
//! the system clock's.
//!
//! ```
//! use bytes::Bytes;
//! use http::{Request, Response};
//! use http_body_util::Full;
//! use tower::{ServiceBuilder, ServiceExt, service_fn};
//! use wechat_hostsign_tower::{HostsignLayer, OwnedVerified, Verifier};
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Once, at start-up.
//! let layer = HostsignLayer::new(Verifier::new("plugin-token")?);
//!
//! // The handler finds the verified caller in the request's extensions.
//! let service = ServiceBuilder::new().layer(layer).service(service_fn(|req: Request<()>| async move {
//!     let caller = req.extensions().get::<OwnedVerified>().map_or("", |c| c.appid.as_str());
//!     Ok::<_, std::convert::Infallible>(Response::new(Full::new(Bytes::from(format!("hello, {caller}")))))
//! }));
//!
//! // A request without the headers never reaches the handler.
//! let res = service.oneshot(Request::new(())).await?;
//! assert_eq!(res.status(), 401);
//! # Ok(()) }
//! ```
//!
//! With hyper, wrap the layered service in `hyper_util::service::TowerToHyperService`;
//! with axum, `Router::layer(HostsignLayer::new(verifier))` (or use the
//! extractor of `wechat-hostsign-axum`). The response body is
//! [`HostsignBody<B>`]: the inner service's body `B`, or the refusal's JSON.
//!
//! The system clock is read with `wechat_hostsign::unix_now`, so the crate
//! needs a target that has one (not `wasm32-unknown-unknown`).
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::{Either, Full};
use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tower_layer::Layer;
use tower_service::Service;
use wechat_hostsign::http::JSON_CONTENT_TYPE;
pub use wechat_hostsign::{
    Code, Error, OwnedVerified, Verifier, VerifierBuilder, Version, VersionKind,
};

/// The response body: the inner service's `B`, or a refusal's JSON.
pub type HostsignBody<B> = Either<B, Full<Bytes>>;

/// Verifies every request before the inner service sees it.
///
/// Cheap to clone (the verifier is shared behind an `Arc`).
///
/// ```
/// use std::sync::Arc;
/// use wechat_hostsign_tower::{HostsignLayer, Verifier};
///
/// let verifier = Arc::new(Verifier::builder().token("new").token("old").build()?);
/// let layer = HostsignLayer::from_arc(verifier.clone()); // shared with other code
/// let _same = layer.clone();
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct HostsignLayer {
    verifier: Arc<Verifier>,
}

impl HostsignLayer {
    /// A layer that verifies with `verifier`.
    ///
    /// ```
    /// use wechat_hostsign_tower::{HostsignLayer, Verifier};
    /// let layer = HostsignLayer::new(Verifier::new("plugin-token")?);
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn new(verifier: Verifier) -> Self {
        Self::from_arc(Arc::new(verifier))
    }

    /// A layer that verifies with a verifier shared with other code.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use wechat_hostsign_tower::{HostsignLayer, Verifier};
    /// let layer = HostsignLayer::from_arc(Arc::new(Verifier::new("plugin-token")?));
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn from_arc(verifier: Arc<Verifier>) -> Self {
        HostsignLayer { verifier }
    }
}

impl<S> Layer<S> for HostsignLayer {
    type Service = Hostsign<S>;

    fn layer(&self, inner: S) -> Hostsign<S> {
        Hostsign {
            inner,
            verifier: self.verifier.clone(),
        }
    }
}

/// The service [`HostsignLayer`] makes: verifies, then calls `S` with the
/// [`OwnedVerified`] in the request's extensions, or answers 401.
///
/// ```
/// use tower::{Service, ServiceExt, service_fn};
/// use wechat_hostsign_tower::{Hostsign, HostsignLayer, Verifier};
/// use tower::Layer;
///
/// let inner = service_fn(|_req: http::Request<()>| async {
///     Ok::<_, std::convert::Infallible>(http::Response::new(http_body_util::Empty::<bytes::Bytes>::new()))
/// });
/// let service: Hostsign<_> = HostsignLayer::new(Verifier::new("token")?).layer(inner);
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Hostsign<S> {
    inner: S,
    verifier: Arc<Verifier>,
}

impl<S> Hostsign<S> {
    /// The inner service.
    ///
    /// ```
    /// use tower::Layer;
    /// use wechat_hostsign_tower::{HostsignLayer, Verifier};
    /// let service = HostsignLayer::new(Verifier::new("token")?).layer(42);
    /// assert_eq!(*service.get_ref(), 42);
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

/// The 401 response for a refusal.
fn refusal<B>(error: Error) -> Response<HostsignBody<B>> {
    let mut res = Response::new(Either::Right(Full::new(Bytes::from(error.json_body()))));
    *res.status_mut() = StatusCode::UNAUTHORIZED;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(JSON_CONTENT_TYPE),
    );
    res
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for Hostsign<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
{
    type Response = Response<HostsignBody<ResBody>>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<ReqBody>) -> Self::Future {
        let verified = self
            .verifier
            .verify_header_map(req.headers(), wechat_hostsign::unix_now())
            .map(|v| v.into_owned());
        let kind = match verified {
            Ok(caller) => {
                req.extensions_mut().insert(caller);
                Kind::Inner {
                    future: self.inner.call(req),
                }
            }
            Err(error) => Kind::Refused { error },
        };
        ResponseFuture { kind }
    }
}

pin_project! {
    /// The future of [`Hostsign`]'s response.
    pub struct ResponseFuture<F> {
        #[pin]
        kind: Kind<F>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<F> {
        Inner { #[pin] future: F },
        Refused { error: Error },
    }
}

impl<F, B, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
{
    type Output = Result<Response<HostsignBody<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().kind.project() {
            KindProj::Inner { future } => {
                future.poll(cx).map(|res| res.map(|r| r.map(Either::Left)))
            }
            KindProj::Refused { error } => Poll::Ready(Ok(refusal(*error))),
        }
    }
}
