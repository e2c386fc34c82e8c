//! Strict, constant-time verification of WeChat Mini Program plugin requests.
//!
//! A plugin's `wx.request` (and `uploadFile`, `downloadFile`, `connectSocket`)
//! reaches its developer's server with two headers:
//!
//! ```text
//! Referer: https://servicewechat.com/{appid}/{version}/page-frame.html
//! X-WECHAT-HOSTSIGN: {"noncestr":"…","timestamp":1711421951,"signature":"…"}
//! signature = sha1([appid, noncestr, timestamp, token].sort().join(''))
//! ```
//!
//! This crate checks them exactly: an anchored Referer match, a strict JSON
//! parser that refuses duplicate keys, JavaScript's UTF-16 sort order, a
//! constant-time digest comparison, several tokens for rotation, and a
//! freshness window. Nothing panics on any input; every refusal has a stable
//! [`Code`] and a one-sentence message that never contains the token.
//!
//! ```
//! # use wechat_hostsign::SignRequest;
//! # let signed = SignRequest::new("wx0123456789abcdef", "old-token").sign()?;
//! # let (referer, hostsign) = (Some(signed.referer.as_str()), Some(signed.hostsign.as_str()));
//! use wechat_hostsign::{Code, Verifier};
//!
//! // Once, at start-up: the plugin's token (and the previous one while rotating).
//! let verifier = Verifier::builder().token("new-token").token("old-token").build()?;
//!
//! // Per request: the two header values (None when absent), checked at the system clock's time.
//! match verifier.verify_now(referer, hostsign) {
//!     Ok(caller) => println!("{} (version {}), token #{}", caller.appid, caller.version, caller.token_index),
//!     Err(e) if e.code() == Code::Expired => eprintln!("authentic but stale: check this server's clock"),
//!     Err(e) => eprintln!("401 {}", e.json_body()), // {"error":"BAD_SIGNATURE","message":"…"}
//! }
//! # assert_eq!(verifier.verify_now(referer, hostsign)?.token_index, 1);
//! # Ok::<(), wechat_hostsign::Error>(())
//! ```
//!
//! Everything is at the crate root: [`signature`] (JS sort + SHA-1) and
//! [`SignRequest`] (making test headers) live only there. The public modules
//! explain one concept each and hold its limits: [`referer`], [`hostsign`]
//! (the JSON header), [`verifier`] (options and the ordered checks),
//! [`verified`] (the owned result), [`http`] (header values in, a 401 JSON
//! body out) and [`error`] (codes and messages). The WebAssembly binding for the npm package is a
//! separate, unpublished crate of the workspace (`crates/wasm`); the axum and
//! actix-web adapters are the companion crates `wechat-hostsign-axum` and
//! `wechat-hostsign-actix-web`.
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `std` | yes | `Verifier::verify_now` and `unix_now` (the system clock, on targets that have one), default nonce and timestamp in [`SignRequest`], `std::error::Error`. Without it the crate is `no_std` + `alloc`. |
//! | `serde` | no | `Serialize` for [`Code`], [`Version`], [`Verified`], [`OwnedVerified`] and [`Error`] |
//! | `http` | no | `Verifier::verify_header_map` for an `http` 1.x `HeaderMap` |
//!
//! # The clock
//!
//! [`Verifier::verify`] takes `now` (seconds since the Unix epoch) and works
//! everywhere. [`Verifier::verify_now`] reads the system clock; it does not
//! exist where there is none (`wasm32-unknown-unknown`, e.g. a Cloudflare
//! Worker, or without `std`): calling it there is a compile error that says
//! to pass `now`. In a Worker: `worker::Date::now().as_millis() / 1000`.
#![cfg_attr(not(any(feature = "std", test)), no_std)]
// docs.rs (nightly, `--cfg docsrs`): label feature-gated items with their feature.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

pub mod error;
pub mod hostsign;
pub mod http;
mod json;
pub mod locale;
pub mod referer;
mod sign;
mod signature;
pub mod verified;
pub mod verifier;

pub use error::{Code, Error, Reason};
pub use hostsign::{HostSign, Text, Timestamp, TimestampForm, parse_hostsign};
pub use locale::Locale;
pub use referer::{Referer, Version, VersionKind, parse_referer};
pub use sign::{MAX_RELEASE, SignRequest, SignTimestamp, Signed, sign};
pub use signature::{DIGEST_LEN, HexDigest, js_cmp, signature, signature_hex};
pub use verified::OwnedVerified;
#[cfg(all(
    feature = "std",
    not(all(target_family = "wasm", target_os = "unknown"))
))]
pub use verifier::unix_now;
pub use verifier::{
    DEFAULT_CLOCK_SKEW, DEFAULT_MAX_AGE, Input, Verified, Verifier, VerifierBuilder,
};

/// Not part of the API (no semver promise): the JavaScript sort of the four
/// signed parts, for the workspace's property tests.
#[doc(hidden)]
pub use signature::js_sorted;
