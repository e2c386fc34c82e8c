//! The example app over real HTTP on 127.0.0.1 (port 0): every case of
//! wechat-hostsign-http-cases, sent as raw bytes; and an app without a
//! verifier answers a bare 500, not 200.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs,
    dead_code
)]

#[path = "../../actix-web/examples/actix_server.rs"]
mod server;

use actix_web::{App, HttpServer, web};
use std::net::SocketAddr;
use wechat_hostsign::Verifier;
use wechat_hostsign_http_cases::{TOKENS, cases, check_all, get};

/// Serves the example's routes on 127.0.0.1:0 in a thread of its own, with
/// the verifier in the app data or not; returns the address.
fn serve(verifier: Option<Verifier>) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let verifier = verifier.map(web::Data::new);
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(move || {
                let app = App::new().configure(server::configure);
                match &verifier {
                    Some(v) => app.app_data(v.clone()),
                    None => app,
                }
            })
            .workers(1)
            .listen(listener)
            .unwrap()
            .run()
            .await
            .unwrap();
        });
    });
    addr
}

#[test]
fn extractor_over_http() {
    let addr = serve(Some(Verifier::builder().tokens(TOKENS).build().unwrap()));
    assert!(check_all(addr, "/api/whoami") >= 13);
}

#[test]
fn without_a_verifier_every_request_is_a_server_error() {
    let addr = serve(None);
    for case in cases() {
        let res = get(addr, "/api/whoami", &case.headers);
        assert_eq!(res.status, 500, "{}", case.name);
        // The fix is in the server's log (crates/actix-web/tests/extractor.rs
        // checks it), not in the client's response.
        assert!(
            res.body.is_empty(),
            "{}",
            String::from_utf8_lossy(&res.body)
        );
    }
}

/// Refusals in Chinese: `.app_data(Locale::ZhCn)`; the codes stay, the
/// message is the Chinese one, the token never appears.
#[test]
fn refusals_in_chinese_with_the_locale_in_the_app_data() {
    use wechat_hostsign_actix_web::Locale;
    use wechat_hostsign_http_cases::Expect;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let verifier = web::Data::new(Verifier::builder().tokens(TOKENS).build().unwrap());
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(move || {
                App::new()
                    .configure(server::configure)
                    .app_data(verifier.clone())
                    .app_data(Locale::ZhCn)
            })
            .workers(1)
            .listen(listener)
            .unwrap()
            .run()
            .await
            .unwrap();
        });
    });
    let mut refused = 0;
    for case in cases() {
        let res = get(addr, "/api/whoami", &case.headers);
        let Expect::Refused(reason) = case.expect else {
            assert_eq!(res.status, 200, "{}", case.name);
            continue;
        };
        assert_eq!(res.status, 401, "{}", case.name);
        let v = res.json();
        assert_eq!(v["error"], reason.code().as_str(), "{}", case.name);
        assert_eq!(
            v["message"],
            reason.message_in(Locale::ZhCn),
            "{}",
            case.name
        );
        for t in TOKENS {
            assert!(!v.to_string().contains(t), "{}", case.name);
        }
        refused += 1;
    }
    assert!(refused >= 8);
}
