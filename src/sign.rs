//! Making a valid header pair, for tests, fixtures and the playground: the
//! same thing WeChat's backend does for a plugin request.
//!
//! ```
//! use wechat_hostsign::{sign, SignRequest, SignTimestamp, Version, Verifier};
//!
//! let signed = sign(&SignRequest {
//!     appid: "wx0123456789abcdef",
//!     token: "token",
//!     noncestr: "abc",
//!     timestamp: SignTimestamp::Number(1711421951),
//!     version: Version::Develop,
//!     strict_appid: true,
//! })?;
//! assert_eq!(signed.referer, "https://servicewechat.com/wx0123456789abcdef/0/page-frame.html");
//! assert_eq!(
//!     signed.hostsign,
//!     r#"{"noncestr":"abc","timestamp":1711421951,"signature":"2aff2d89cff5c5adafec6d11d921ef517441bd66"}"#
//! );
//! let verifier = Verifier::new("token")?;
//! assert!(verifier.verify(signed.referer.as_str(), signed.hostsign.as_str(), 1711421951).is_ok());
//! # Ok::<(), wechat_hostsign::Error>(())
//! ```
#![forbid(unsafe_code)]

use crate::error::{Error, Reason};
use crate::hostsign::{
    MAX_JSON_TIMESTAMP, MAX_NONCESTR_LEN, MAX_TIMESTAMP_DIGITS, TimestampForm, format_hostsign,
};
use crate::referer::{Version, format_referer, is_valid_appid, push_u64};
use crate::signature::{HexDigest, signature_hex};
use crate::verifier::check_token;
use alloc::string::String;

/// The largest release number a Referer can carry (10 digits).
pub const MAX_RELEASE: u64 = 9_999_999_999;

/// The timestamp to sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignTimestamp<'a> {
    /// Written as a JSON number, as real traffic does (below 2^53).
    Number(u64),
    /// Written as a JSON string of 1 to 12 digits, signed as written.
    Digits(&'a str),
}

/// What to sign.
#[derive(Clone, Copy, Debug)]
pub struct SignRequest<'a> {
    /// The host Mini Program's AppID.
    pub appid: &'a str,
    /// The plugin's token.
    pub token: &'a str,
    /// The nonce: 1 to 128 bytes (WeChat uses 32 lowercase hex digits).
    pub noncestr: &'a str,
    /// The timestamp, in seconds.
    pub timestamp: SignTimestamp<'a>,
    /// The version segment of the Referer.
    pub version: Version,
    /// Whether the AppID must be `wx` + 16 lowercase hex digits.
    pub strict_appid: bool,
}

/// A signed header pair.
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    /// The `Referer` header value.
    pub referer: String,
    /// The `X-WECHAT-HOSTSIGN` header value (always ASCII).
    pub hostsign: String,
    /// The signature, 40 lowercase hex digits.
    pub signature: HexDigest,
}

impl core::fmt::Debug for Signed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Signed")
            .field("referer", &self.referer)
            .field("hostsign", &self.hostsign)
            .finish()
    }
}

/// Signs a request. Errors have [`Code::InvalidOptions`](crate::Code::InvalidOptions).
pub fn sign(request: &SignRequest<'_>) -> Result<Signed, Error> {
    if !is_valid_appid(request.appid, request.strict_appid) {
        return Err(Reason::SignAppid.into());
    }
    check_token(request.token)?;
    if request.noncestr.is_empty() || request.noncestr.len() > MAX_NONCESTR_LEN {
        return Err(Reason::SignNoncestr.into());
    }
    if matches!(request.version, Version::Release(n) if n == 0 || n > MAX_RELEASE) {
        return Err(Reason::SignVersion.into());
    }
    let mut number = String::new();
    let (digits, form) = match request.timestamp {
        SignTimestamp::Number(n) if n <= MAX_JSON_TIMESTAMP => {
            push_u64(&mut number, n);
            (number.as_str(), TimestampForm::Number)
        }
        SignTimestamp::Digits(d)
            if (1..=MAX_TIMESTAMP_DIGITS).contains(&d.len())
                && d.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (d, TimestampForm::String)
        }
        _ => return Err(Reason::SignTimestamp.into()),
    };
    let signature = signature_hex(request.appid, request.noncestr, digits, request.token);
    Ok(Signed {
        referer: format_referer(request.appid, request.version),
        hostsign: format_hostsign(request.noncestr, digits, form, signature.as_str()),
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    fn req() -> SignRequest<'static> {
        SignRequest {
            appid: "wx0123456789abcdef",
            token: "t",
            noncestr: "n",
            timestamp: SignTimestamp::Number(1),
            version: Version::Develop,
            strict_appid: true,
        }
    }

    #[test]
    fn refuses_bad_requests() {
        let bad = [
            (
                SignRequest {
                    appid: "touristappid",
                    ..req()
                },
                Reason::SignAppid,
            ),
            (
                SignRequest { token: "", ..req() },
                Reason::OptionsEmptyToken,
            ),
            (
                SignRequest {
                    noncestr: "",
                    ..req()
                },
                Reason::SignNoncestr,
            ),
            (
                SignRequest {
                    noncestr: &"n".repeat(129),
                    ..req()
                },
                Reason::SignNoncestr,
            ),
            (
                SignRequest {
                    timestamp: SignTimestamp::Number(1 << 53),
                    ..req()
                },
                Reason::SignTimestamp,
            ),
            (
                SignRequest {
                    timestamp: SignTimestamp::Digits(""),
                    ..req()
                },
                Reason::SignTimestamp,
            ),
            (
                SignRequest {
                    timestamp: SignTimestamp::Digits("1234567890123"),
                    ..req()
                },
                Reason::SignTimestamp,
            ),
            (
                SignRequest {
                    timestamp: SignTimestamp::Digits("-1"),
                    ..req()
                },
                Reason::SignTimestamp,
            ),
            (
                SignRequest {
                    version: Version::Release(0),
                    ..req()
                },
                Reason::SignVersion,
            ),
            (
                SignRequest {
                    version: Version::Release(MAX_RELEASE + 1),
                    ..req()
                },
                Reason::SignVersion,
            ),
        ];
        for (r, reason) in bad {
            let e = sign(&r).unwrap_err();
            assert_eq!(e.reason(), reason);
            assert_eq!(e.code(), Code::InvalidOptions);
        }
        assert!(
            sign(&SignRequest {
                appid: "touristappid",
                strict_appid: false,
                ..req()
            })
            .is_ok()
        );
    }

    #[test]
    fn string_timestamps_are_signed_as_written() {
        let s = sign(&SignRequest {
            timestamp: SignTimestamp::Digits("0001"),
            ..req()
        })
        .unwrap();
        assert!(s.hostsign.contains(r#""timestamp":"0001""#));
        assert_eq!(
            s.signature,
            signature_hex("wx0123456789abcdef", "n", "0001", "t")
        );
    }
}
