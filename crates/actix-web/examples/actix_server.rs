//! A WeChat Mini Program plugin's API on actix-web 4, behind `X-WECHAT-HOSTSIGN`.
//! `PLUGIN_TOKEN=… cargo run -p wechat-hostsign-actix-web --example actix_server`
//! (crates/http-cases/tests/actix_web.rs serves `configure` on 127.0.0.1 with real requests.)
use actix_web::{App, HttpResponse, HttpServer, web};
use wechat_hostsign_actix_web::{VerifiedHostsign, Verifier};

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let verifier = web::Data::new(Verifier::new(std::env::var("PLUGIN_TOKEN")?)?);
    HttpServer::new(move || App::new().app_data(verifier.clone()).configure(configure))
        .bind(("127.0.0.1", 8080))?
        .run()
        .await?;
    Ok(())
}

/// The routes; the verifier comes from the app data.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/whoami", web::get().to(whoami));
}

// The extractor verifies the request (401 JSON if not) and hands over the result.
async fn whoami(VerifiedHostsign(caller): VerifiedHostsign) -> HttpResponse {
    HttpResponse::Ok().json(caller) // {"appid": …, "version": …, "tokenIndex": …} (the serde feature)
}
