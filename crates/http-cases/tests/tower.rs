//! The tower layer's example (hyper 1, no framework) over real HTTP on
//! 127.0.0.1 (port 0): every case of wechat-hostsign-http-cases, sent as raw
//! bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs,
    dead_code
)]

mod common;
#[path = "../../tower/examples/hyper_server.rs"]
mod server;

use std::net::SocketAddr;
use wechat_hostsign::Verifier;
use wechat_hostsign_http_cases::{TOKENS, check_all};

/// Serves the example on 127.0.0.1:0 in a thread of its own; returns the address.
fn serve(verifier: Verifier) -> SocketAddr {
    common::serve_tokio(move |listener| async move {
        server::serve(listener, verifier).await.unwrap();
    })
}

#[test]
fn layer_over_hyper_over_http() {
    let addr = serve(Verifier::builder().tokens(TOKENS).build().unwrap());
    assert!(check_all(addr, "/api/whoami") >= 13);
}
