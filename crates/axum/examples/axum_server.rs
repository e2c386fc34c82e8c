//! A WeChat Mini Program plugin's API on axum 0.8, behind `X-WECHAT-HOSTSIGN`.
//! `PLUGIN_TOKEN=… cargo run -p wechat-hostsign-axum --example axum_server`
//! (crates/axum/tests/http.rs serves both apps on 127.0.0.1 with real requests.)
use axum::{Json, Router, routing::get};
use std::sync::Arc;
use wechat_hostsign::OwnedVerified;
use wechat_hostsign_axum::{VerifiedHostsign, Verifier};

// The extractor protects the route and hands over what was verified.
async fn whoami(VerifiedHostsign(caller): VerifiedHostsign) -> Json<OwnedVerified> {
    Json(caller)
}

/// The app: one route, protected by its handler's argument.
pub fn app(verifier: Verifier) -> Router {
    Router::new()
        .route("/api/whoami", get(whoami))
        .with_state(Arc::new(verifier))
}

// Or every route of a router, with axum's own `from_extractor_with_state`.
/// The app: every route behind the extractor, as a route layer.
pub fn layered_app(verifier: Verifier) -> Router {
    let verifier = Arc::new(verifier);
    Router::new()
        .route("/api/ping", get(|| async { "pong" }))
        .route_layer(axum::middleware::from_extractor_with_state::<
            VerifiedHostsign,
            _,
        >(verifier.clone()))
        .with_state(verifier)
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let verifier = Verifier::new(std::env::var("PLUGIN_TOKEN")?)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(verifier)).await?;
    Ok(())
}
