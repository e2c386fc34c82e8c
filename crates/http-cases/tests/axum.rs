//! The example apps over real HTTP on 127.0.0.1 (port 0): every case of
//! wechat-hostsign-http-cases, sent as raw bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs,
    dead_code
)]

mod common;
#[path = "../../axum/examples/axum_server.rs"]
mod server;

use std::net::SocketAddr;
use wechat_hostsign::Verifier;
use wechat_hostsign_http_cases::{TOKENS, check_all, get};

/// Serves `app` on 127.0.0.1:0 in a thread of its own; returns the address.
fn serve(app: axum::Router) -> SocketAddr {
    common::serve_tokio(move |listener| async move {
        axum::serve(listener, app).await.unwrap();
    })
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

/// Refusals in Chinese: the router's `Extension(Locale::ZhCn)`; the codes
/// stay, the message is the Chinese one, the token never appears.
#[test]
fn refusals_in_chinese_with_the_locale_extension() {
    use wechat_hostsign_axum::Locale;
    use wechat_hostsign_http_cases::Expect;
    let zh = serve(server::app(verifier()).layer(axum::Extension(Locale::ZhCn)));
    let en = serve(server::app(verifier()));
    let mut refused = 0;
    for case in wechat_hostsign_http_cases::cases() {
        let Expect::Refused(reason) = case.expect else {
            assert_eq!(
                get(zh, "/api/whoami", &case.headers).status,
                200,
                "{}",
                case.name
            );
            continue;
        };
        let (a, b) = (
            get(zh, "/api/whoami", &case.headers),
            get(en, "/api/whoami", &case.headers),
        );
        assert_eq!((a.status, b.status), (401, 401), "{}", case.name);
        let (a, b) = (a.json(), b.json());
        assert_eq!(a["error"], reason.code().as_str(), "{}", case.name);
        assert_eq!(a["error"], b["error"], "{}", case.name);
        assert_eq!(
            a["message"],
            reason.message_in(Locale::ZhCn),
            "{}",
            case.name
        );
        assert_eq!(b["message"], reason.message(), "{}", case.name);
        for t in TOKENS {
            assert!(!a.to_string().contains(t), "{}", case.name);
        }
        refused += 1;
    }
    assert!(refused >= 8);
}
