//! The example apps over real HTTP on 127.0.0.1 (port 0): every case of
//! wechat-hostsign-http-cases, sent as raw bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs,
    dead_code
)]

#[path = "../../axum/examples/axum_server.rs"]
mod server;

use std::net::SocketAddr;
use wechat_hostsign::Verifier;
use wechat_hostsign_http_cases::{TOKENS, check_all, get};

/// Serves `app` on 127.0.0.1:0 in a thread of its own; returns the address.
fn serve(app: axum::Router) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    addr
}

fn verifier() -> Verifier {
    Verifier::builder().tokens(TOKENS).build().unwrap()
}

#[test]
fn extractor_over_http() {
    let addr = serve(server::app(verifier()));
    assert!(check_all(addr, "/api/whoami") >= 13);
}

#[test]
fn from_extractor_layer_over_http() {
    let addr = serve(server::layered_app(verifier()));
    let cases = wechat_hostsign_http_cases::cases();
    for case in &cases {
        let res = get(addr, "/api/ping", &case.headers);
        match case.expect {
            wechat_hostsign_http_cases::Expect::Verified(_) => {
                assert_eq!(
                    (res.status, res.body.as_slice()),
                    (200, &b"pong"[..]),
                    "{}",
                    case.name
                );
            }
            wechat_hostsign_http_cases::Expect::Refused(reason) => {
                assert_eq!(res.status, 401, "{}", case.name);
                assert_eq!(res.json()["error"], reason.code().as_str(), "{}", case.name);
            }
        }
    }
}
