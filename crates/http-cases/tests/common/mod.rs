//! What the tokio-based example servers share in these tests.
#![allow(clippy::unwrap_used, dead_code)]

use std::future::Future;
use std::net::SocketAddr;

/// Binds 127.0.0.1:0, runs `serve` on that listener in a thread of its own
/// (a one-worker tokio runtime) and returns the address.
pub fn serve_tokio<F, Fut>(serve: F) -> SocketAddr
where
    F: FnOnce(tokio::net::TcpListener) -> Fut + Send + 'static,
    Fut: Future<Output = ()>,
{
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
            serve(listener).await;
        });
    });
    addr
}
