//! A WeChat Mini Program plugin's API on axum 0.8, behind `X-WECHAT-HOSTSIGN`.
//! `PLUGIN_TOKEN=… cargo run -p wechat-hostsign-axum --example axum_server`
//! (crates/http-cases/tests/axum.rs serves both apps on 127.0.0.1 with real requests.)
use axum::{Json, Router, routing::get};
use std::sync::Arc;
use wechat_hostsign_axum::{OwnedVerified, VerifiedHostsign, Verifier};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let verifier = Verifier::new(std::env::var("PLUGIN_TOKEN")?)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(verifier)).await?;
    Ok(())
}

/// One route, protected by its handler's argument.
pub fn app(verifier: Verifier) -> Router {
    Router::new()
        .route("/api/whoami", get(whoami))
        .with_state(Arc::new(verifier))
}

// The extractor verifies the request (401 JSON if not) and hands over the result.
async fn whoami(VerifiedHostsign(caller): VerifiedHostsign) -> Json<OwnedVerified> {
    Json(caller) // {"appid": …, "version": …, "tokenIndex": …} (the serde feature)
}

/// Or every route of a router, with axum's own `from_extractor_with_state`.
pub fn layered_app(verifier: Verifier) -> Router {
    let verifier = Arc::new(verifier);
    let guard =
        axum::middleware::from_extractor_with_state::<VerifiedHostsign, _>(verifier.clone());
    Router::new()
        .route("/api/ping", get(|| async { "pong" }))
        .route_layer(guard)
        .with_state(verifier)
}
