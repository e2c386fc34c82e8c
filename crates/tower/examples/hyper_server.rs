//! A WeChat Mini Program plugin's API on hyper 1, behind `X-WECHAT-HOSTSIGN`,
//! with the tower layer in front of a plain handler.
//! `PLUGIN_TOKEN=… cargo run -p wechat-hostsign-tower --example hyper_server`
//! (crates/http-cases/tests/tower.rs serves it on 127.0.0.1 with real requests.)
use bytes::Bytes;
use http::{Request, Response};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::convert::Infallible;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use wechat_hostsign_tower::{HostsignLayer, OwnedVerified, Verifier};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let verifier = Verifier::new(std::env::var("PLUGIN_TOKEN")?)?;
    serve(TcpListener::bind("127.0.0.1:3000").await?, verifier).await?;
    Ok(())
}

/// Serves every connection with the layered handler.
pub async fn serve(listener: TcpListener, verifier: Verifier) -> std::io::Result<()> {
    // Once: the layer shares the verifier with every connection.
    let layer = HostsignLayer::new(verifier);
    loop {
        let (stream, _) = listener.accept().await?;
        let service = ServiceBuilder::new()
            .layer(layer.clone())
            .service_fn(whoami);
        tokio::spawn(async move {
            let service = TowerToHyperService::new(service);
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

// The layer verified the request (401 JSON if not) and left the result in its extensions.
async fn whoami(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let caller = req.extensions().get::<OwnedVerified>();
    let json = serde_json::to_vec(&caller).unwrap_or_default(); // {"appid": …, "tokenIndex": …}
    let mut res = Response::new(Full::new(Bytes::from(json)));
    res.headers_mut().insert(
        "content-type",
        http::HeaderValue::from_static("application/json"),
    );
    Ok(res)
}
