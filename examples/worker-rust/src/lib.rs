//! A Cloudflare Worker in Rust that protects `/api/*` with wechat-hostsign
//! and answers with the verified AppID. The token is a secret:
//! `npx wrangler secret put PLUGIN_TOKEN` (README.md).
use std::sync::OnceLock;
use wechat_hostsign::Verifier;
use wechat_hostsign::http::joined_header_input;
use worker::{Context, Date, Env, Request, Response, Result, event};

/// Built on the first request, then reused by every request the isolate
/// serves (a new secret means a new deployment, so a new isolate).
static VERIFIER: OnceLock<Verifier> = OnceLock::new();

fn verifier(env: &Env) -> Result<&'static Verifier> {
    if let Some(verifier) = VERIFIER.get() {
        return Ok(verifier);
    }
    let verifier = Verifier::new(env.secret("PLUGIN_TOKEN")?.to_string())
        .map_err(|e| worker::Error::RustError(e.to_string()))?;
    Ok(VERIFIER.get_or_init(|| verifier))
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    if !req.path().starts_with("/api/") {
        return Response::error("not found", 404);
    }
    let verifier = verifier(&env)?;
    // A Worker has no system clock for Rust (verify_now does not compile
    // here): the time comes from JavaScript's Date.now(), in seconds.
    let now = Date::now().as_millis() / 1000;
    // Fetch joins a repeated header with ", ": refuse what can only be a join.
    let referer = req.headers().get("referer")?;
    let hostsign = req.headers().get("x-wechat-hostsign")?;
    let (referer, hostsign) = (
        joined_header_input(referer.as_deref()),
        joined_header_input(hostsign.as_deref()),
    );
    match verifier.verify(referer, hostsign, now) {
        // {"appid": …, "version": …, …} (the serde feature)
        Ok(caller) => Response::from_json(&caller),
        // 401 {"error": CODE, "message": …}
        Err(refused) => {
            let mut res = Response::ok(refused.json_body())?.with_status(401);
            res.headers_mut().set("content-type", "application/json")?;
            Ok(res)
        }
    }
}
