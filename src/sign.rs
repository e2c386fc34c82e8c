//! Making a valid header pair, for tests, fixtures and the playground: the
//! same thing WeChat's backend does for a plugin request.
//!
//! [`SignRequest`] mirrors JavaScript's `sign({ appid, token, noncestr?,
//! timestamp?, version?, strictAppid? })`: only the AppID and the token are
//! required. Where the build has a system clock (the `std` feature, on any
//! target but `wasm32-unknown-unknown`), a missing nonce is 32 random
//! lowercase hex digits, as WeChat sends, and a missing timestamp is now.
//! Elsewhere (no `std`, a Cloudflare Worker) there is neither a clock nor a
//! random source: set both, or [`sign`] refuses with
//! [`Reason::SignNeedsClock`].
//!
//! ```
//! use wechat_hostsign::{SignRequest, Version, Verifier};
//!
//! let signed = SignRequest::new("wx0123456789abcdef", "token")
//!     .noncestr("abc")
//!     .timestamp(1711421951)
//!     .sign()?;
//! assert_eq!(signed.referer, "https://servicewechat.com/wx0123456789abcdef/0/page-frame.html");
//! assert_eq!(
//!     signed.hostsign,
//!     r#"{"noncestr":"abc","timestamp":1711421951,"signature":"2aff2d89cff5c5adafec6d11d921ef517441bd66"}"#
//! );
//! let verifier = Verifier::new("token")?;
//! assert!(verifier.verify(signed.referer.as_str(), signed.hostsign.as_str(), 1711421951).is_ok());
//!
//! // A release build, the timestamp as a JSON string (signed as written).
//! let signed = SignRequest::new("wx0123456789abcdef", "token")
//!     .noncestr("abc")
//!     .timestamp_digits("1711421951")
//!     .version(Version::Release(7))
//!     .sign()?;
//! assert!(signed.hostsign.contains(r#""timestamp":"1711421951""#));
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
///
/// ```
/// use wechat_hostsign::{SignRequest, Version, MAX_RELEASE};
/// let req = SignRequest::new("wx0123456789abcdef", "token").noncestr("n").timestamp(1);
/// assert!(req.version(Version::Release(MAX_RELEASE)).sign().is_ok());
/// assert!(req.version(Version::Release(MAX_RELEASE + 1)).sign().is_err());
/// ```
pub const MAX_RELEASE: u64 = 9_999_999_999;

/// The timestamp to sign (what [`SignRequest::timestamp`] and
/// [`SignRequest::timestamp_digits`] set). Exhaustive: JSON's two forms.
///
/// ```
/// use wechat_hostsign::SignTimestamp;
/// assert_ne!(SignTimestamp::Number(7), SignTimestamp::Digits("7")); // signed alike, written apart
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignTimestamp<'a> {
    /// Written as a JSON number, as real traffic does (below 2^53).
    Number(u64),
    /// Written as a JSON string of 1 to 12 digits, signed as written.
    Digits(&'a str),
}

/// What to sign: the AppID and the token, and optionally the nonce, the
/// timestamp, the version (default `0`, develop) and whether the AppID must
/// be strict (default `true`). Build it with [`SignRequest::new`] and the
/// setters, then call [`sign`](Self::sign).
///
/// Its `Debug` output leaves the token out.
///
/// ```
/// use wechat_hostsign::SignRequest;
/// let req = SignRequest::new("wx0123456789abcdef", "s3cr3t");
/// assert!(!format!("{req:?}").contains("s3cr3t"));
/// ```
#[derive(Clone, Copy)]
pub struct SignRequest<'a> {
    appid: &'a str,
    token: &'a str,
    noncestr: Option<&'a str>,
    timestamp: Option<SignTimestamp<'a>>,
    version: Version,
    strict_appid: bool,
}

impl core::fmt::Debug for SignRequest<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SignRequest")
            .field("appid", &self.appid)
            .field("token", &"[redacted]")
            .field("noncestr", &self.noncestr)
            .field("timestamp", &self.timestamp)
            .field("version", &self.version)
            .field("strict_appid", &self.strict_appid)
            .finish()
    }
}

impl<'a> SignRequest<'a> {
    /// A request for `appid` signed with `token`, with the defaults: a
    /// random nonce and the current time where the build has a clock (see
    /// [`sign`](crate::sign())), version `0` (develop), strict AppID.
    ///
    /// ```
    /// use wechat_hostsign::{SignRequest, Version};
    ///
    /// let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("n").timestamp(1).sign()?;
    /// assert!(signed.referer.ends_with("/wx0123456789abcdef/0/page-frame.html"));
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn new(appid: &'a str, token: &'a str) -> Self {
        SignRequest {
            appid,
            token,
            noncestr: None,
            timestamp: None,
            version: Version::Develop,
            strict_appid: true,
        }
    }

    /// The nonce: 1 to 128 bytes (WeChat sends 32 lowercase hex digits).
    ///
    /// ```
    /// use wechat_hostsign::{SignRequest, Version};
    ///
    /// let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("0123abcd").timestamp(1).sign()?;
    /// assert!(signed.hostsign.starts_with(r#"{"noncestr":"0123abcd","#));
    /// assert!(SignRequest::new("wx0123456789abcdef", "token").noncestr("").timestamp(1).sign().is_err());
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn noncestr(mut self, noncestr: &'a str) -> Self {
        self.noncestr = Some(noncestr);
        self
    }

    /// The timestamp in seconds, written as a JSON number as real traffic
    /// does (at most 2^53 - 1).
    ///
    /// ```
    /// use wechat_hostsign::{SignRequest, Version};
    ///
    /// let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("n").timestamp(1711421951).sign()?;
    /// assert!(signed.hostsign.contains(r#""timestamp":1711421951,"#));
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn timestamp(mut self, seconds: u64) -> Self {
        self.timestamp = Some(SignTimestamp::Number(seconds));
        self
    }

    /// The timestamp as a JSON string of 1 to 12 digits, signed as written
    /// (the documented form; leading zeros are kept).
    ///
    /// ```
    /// use wechat_hostsign::{SignRequest, Version};
    ///
    /// let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("n").timestamp_digits("0042").sign()?;
    /// assert!(signed.hostsign.contains(r#""timestamp":"0042","#));
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn timestamp_digits(mut self, digits: &'a str) -> Self {
        self.timestamp = Some(SignTimestamp::Digits(digits));
        self
    }

    /// The Referer's version segment (not signed). Default: develop (`0`).
    ///
    /// ```
    /// use wechat_hostsign::{SignRequest, Version};
    ///
    /// let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("n").timestamp(1).version(Version::Devtools).sign()?;
    /// assert_eq!(signed.referer, "https://servicewechat.com/wx0123456789abcdef/devtools/page-frame.html");
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn version(mut self, version: Version) -> Self {
        self.version = version;
        self
    }

    /// `true` (the default): the AppID must be `wx` + 16 lowercase hex
    /// digits; `false`: 1 to 64 of `[A-Za-z0-9_-]`, e.g. `touristappid`.
    ///
    /// ```
    /// use wechat_hostsign::{SignRequest, Version};
    ///
    /// let tourist = SignRequest::new("touristappid", "token").noncestr("n").timestamp(1).version(Version::Devtools);
    /// assert!(tourist.sign().is_err());
    /// assert!(tourist.strict_appid(false).sign().is_ok());
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn strict_appid(mut self, strict: bool) -> Self {
        self.strict_appid = strict;
        self
    }

    /// Signs the request: the same as [`sign(&request)`](sign).
    ///
    /// ```
    /// use wechat_hostsign::{SignRequest, Version};
    ///
    /// let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("abc").timestamp(1711421951).sign()?;
    /// assert_eq!(signed.signature.as_str(), "2aff2d89cff5c5adafec6d11d921ef517441bd66");
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn sign(&self) -> Result<Signed, Error> {
        sign(self)
    }
}

/// A signed header pair (`#[non_exhaustive]`: made by signing).
///
/// ```
/// use wechat_hostsign::SignRequest;
/// let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("abc").timestamp(1711421951).sign()?;
/// let headers = [("Referer", signed.referer.as_str()), ("X-WECHAT-HOSTSIGN", signed.hostsign.as_str())];
/// assert!(headers[1].1.ends_with(r#""signature":"2aff2d89cff5c5adafec6d11d921ef517441bd66"}"#));
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[non_exhaustive]
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

/// Signs a request, as JavaScript's `sign()` does. Errors have
/// [`Code::InvalidOptions`](crate::Code::InvalidOptions).
///
/// ```
/// use wechat_hostsign::{sign, Code, SignRequest, Verifier};
///
/// let request = SignRequest::new("wx0123456789abcdef", "token").noncestr("abc").timestamp(1711421951);
/// let signed = sign(&request)?;
/// assert_eq!(signed.signature.as_str(), "2aff2d89cff5c5adafec6d11d921ef517441bd66");
///
/// // What a test of your server sends: a fresh pair, then one signed with
/// // another token.
/// # #[cfg(feature = "std")] {
/// let fresh = SignRequest::new("wx0123456789abcdef", "token").sign()?;
/// assert_eq!(fresh.hostsign.len(), 125); // 32 hex digits of nonce, 10 of time
/// # }
/// let forged = sign(&SignRequest::new("wx0123456789abcdef", "guess").noncestr("abc").timestamp(1711421951))?;
/// let err = Verifier::new("token")?.verify(forged.referer.as_str(), forged.hostsign.as_str(), 1711421951);
/// assert_eq!(err.unwrap_err().code(), Code::BadSignature);
///
/// let bad = sign(&SignRequest::new("touristappid", "token").noncestr("abc").timestamp(1));
/// assert_eq!(bad.unwrap_err().code(), Code::InvalidOptions);
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
pub fn sign(request: &SignRequest<'_>) -> Result<Signed, Error> {
    if !is_valid_appid(request.appid, request.strict_appid) {
        return Err(Reason::SignAppid.into());
    }
    check_token(request.token)?;
    let random;
    let noncestr = match request.noncestr {
        Some(n) => n,
        None => {
            random = defaults::noncestr()?;
            random.as_str()
        }
    };
    if noncestr.is_empty() || noncestr.len() > MAX_NONCESTR_LEN {
        return Err(Reason::SignNoncestr.into());
    }
    if matches!(request.version, Version::Release(n) if n == 0 || n > MAX_RELEASE) {
        return Err(Reason::SignVersion.into());
    }
    let timestamp = match request.timestamp {
        Some(t) => t,
        None => SignTimestamp::Number(defaults::now()?),
    };
    let mut number = String::new();
    let (digits, form) = match timestamp {
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
    let signature = signature_hex(request.appid, noncestr, digits, request.token);
    Ok(Signed {
        referer: format_referer(request.appid, request.version),
        hostsign: format_hostsign(noncestr, digits, form, signature.as_str()),
        signature,
    })
}

/// The nonce and the timestamp of a [`SignRequest`] that leaves them out:
/// from the system clock and `std`'s per-process random keys.
#[cfg(all(
    feature = "std",
    not(all(target_family = "wasm", target_os = "unknown"))
))]
mod defaults {
    use crate::error::Error;
    use alloc::string::String;
    use core::sync::atomic::{AtomicU64, Ordering};
    use std::hash::{BuildHasher, Hasher, RandomState};

    /// 32 random lowercase hex digits, as WeChat sends. The nonce is not a
    /// secret (the token is), so `RandomState`'s keys, which `std` seeds from
    /// the operating system's random source, mixed with a counter and the
    /// time, are random enough for a test header.
    pub(super) fn noncestr() -> Result<String, Error> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let mut out = String::with_capacity(32);
        for half in 0..2u8 {
            let mut h = RandomState::new().build_hasher();
            h.write_u64(count);
            h.write_u128(nanos);
            h.write_u8(half);
            let v = h.finish();
            for shift in (0..16).rev() {
                let nibble = ((v >> (shift * 4)) & 0xF) as u8;
                out.push(char::from(
                    b"0123456789abcdef"
                        .get(usize::from(nibble))
                        .copied()
                        .unwrap_or(b'0'),
                ));
            }
        }
        Ok(out)
    }

    /// Now, in seconds since the Unix epoch.
    pub(super) fn now() -> Result<u64, Error> {
        Ok(crate::verifier::unix_now())
    }
}

/// Without a system clock there is no default nonce or timestamp.
#[cfg(not(all(
    feature = "std",
    not(all(target_family = "wasm", target_os = "unknown"))
)))]
mod defaults {
    use crate::error::{Error, Reason};
    use alloc::string::String;

    pub(super) fn noncestr() -> Result<String, Error> {
        Err(Reason::SignNeedsClock.into())
    }

    pub(super) fn now() -> Result<u64, Error> {
        Err(Reason::SignNeedsClock.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    fn req() -> SignRequest<'static> {
        SignRequest::new("wx0123456789abcdef", "t")
            .noncestr("n")
            .timestamp(1)
    }

    #[test]
    fn refuses_bad_requests() {
        let long = "n".repeat(129);
        let bad = [
            (
                SignRequest::new("touristappid", "t")
                    .noncestr("n")
                    .timestamp(1),
                Reason::SignAppid,
            ),
            (
                SignRequest::new("wx0123456789abcdef", "")
                    .noncestr("n")
                    .timestamp(1),
                Reason::OptionsEmptyToken,
            ),
            (req().noncestr(""), Reason::SignNoncestr),
            (req().noncestr(&long), Reason::SignNoncestr),
            (req().timestamp(1 << 53), Reason::SignTimestamp),
            (req().timestamp_digits(""), Reason::SignTimestamp),
            (
                req().timestamp_digits("1234567890123"),
                Reason::SignTimestamp,
            ),
            (req().timestamp_digits("-1"), Reason::SignTimestamp),
            (req().version(Version::Release(0)), Reason::SignVersion),
            (
                req().version(Version::Release(MAX_RELEASE + 1)),
                Reason::SignVersion,
            ),
        ];
        for (r, reason) in bad {
            let e = r.sign().unwrap_err();
            assert_eq!(e.reason(), reason, "{r:?}");
            assert_eq!(e.code(), Code::InvalidOptions);
        }
        assert!(
            SignRequest::new("touristappid", "t")
                .noncestr("n")
                .timestamp(1)
                .strict_appid(false)
                .sign()
                .is_ok()
        );
    }

    #[test]
    fn string_timestamps_are_signed_as_written() {
        let s = req().timestamp_digits("0001").sign().unwrap();
        assert!(s.hostsign.contains(r#""timestamp":"0001""#));
        assert_eq!(
            s.signature,
            signature_hex("wx0123456789abcdef", "n", "0001", "t")
        );
    }

    #[test]
    fn debug_leaves_the_token_out() {
        let shown = format!("{:?}", SignRequest::new("wx0123456789abcdef", "s3cr3t"));
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("wx0123456789abcdef"));
    }

    #[cfg(not(feature = "std"))]
    #[test]
    fn without_a_clock_the_nonce_and_timestamp_are_required() {
        let no_nonce = SignRequest::new("wx0123456789abcdef", "t").timestamp(1);
        assert_eq!(
            no_nonce.sign().unwrap_err().reason(),
            Reason::SignNeedsClock
        );
        let no_time = SignRequest::new("wx0123456789abcdef", "t").noncestr("n");
        assert_eq!(no_time.sign().unwrap_err().reason(), Reason::SignNeedsClock);
        assert!(req().sign().is_ok());
    }

    #[cfg(feature = "std")]
    #[test]
    fn defaults_are_a_random_nonce_and_now() {
        let before = crate::verifier::unix_now();
        let a = SignRequest::new("wx0123456789abcdef", "t").sign().unwrap();
        let b = SignRequest::new("wx0123456789abcdef", "t").sign().unwrap();
        let after = crate::verifier::unix_now();
        let (ha, hb) = (
            crate::parse_hostsign(&a.hostsign).unwrap(),
            crate::parse_hostsign(&b.hostsign).unwrap(),
        );
        for h in [&ha, &hb] {
            let n = h.noncestr.as_str();
            assert_eq!(n.len(), 32, "{n}");
            assert!(
                n.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')),
                "{n}"
            );
            assert_eq!(h.timestamp.form, TimestampForm::Number);
            assert!((before..=after).contains(&h.timestamp.seconds));
        }
        assert_ne!(ha.noncestr.as_str(), hb.noncestr.as_str());
        // A given nonce or timestamp is kept.
        let c = SignRequest::new("wx0123456789abcdef", "t")
            .noncestr("fixed")
            .sign()
            .unwrap();
        assert_eq!(
            crate::parse_hostsign(&c.hostsign)
                .unwrap()
                .noncestr
                .as_str(),
            "fixed"
        );
        let d = SignRequest::new("wx0123456789abcdef", "t")
            .timestamp(5)
            .sign()
            .unwrap();
        assert_eq!(
            crate::parse_hostsign(&d.hostsign)
                .unwrap()
                .timestamp
                .seconds,
            5
        );
    }
}
