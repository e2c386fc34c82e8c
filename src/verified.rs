//! The result of a verification, to keep: [`OwnedVerified`] owns its text,
//! so an HTTP layer can hand it to the request handler after the headers
//! are gone ([`Verified`] borrows them). With the `serde` feature both
//! serialise as the npm package's result does (without its `ok` field), and
//! an [`Error`](crate::Error) as `{"code": …, "message": …}`:
//!
//! ```json
//! {"appid":"wx0123456789abcdef","version":{"kind":"release","number":7},
//!  "noncestr":"…","timestamp":1711421951,"age":9,"tokenIndex":0}
//! ```
//!
//! ```
//! use wechat_hostsign::{OwnedVerified, SignRequest, Verifier, Version};
//!
//! let signed = SignRequest::new("wx0123456789abcdef", "token")
//!     .noncestr("abc").timestamp(1711421951).version(Version::Release(7)).sign()?;
//! let verifier = Verifier::new("token")?;
//! let kept: OwnedVerified = {
//!     let headers = (signed.referer.clone(), signed.hostsign.clone());
//!     verifier.verify(&headers.0, &headers.1, 1711421960)?.into_owned()
//! }; // the headers are dropped here; the result lives on
//! assert_eq!(kept.appid, "wx0123456789abcdef");
//! assert_eq!((kept.version, kept.timestamp, kept.age), (Version::Release(7), 1711421951, 9));
//! # Ok::<(), wechat_hostsign::Error>(())
//! ```
#![forbid(unsafe_code)]

use crate::referer::Version;
use crate::verifier::Verified;
use alloc::string::String;

/// A verified request whose text is owned: what [`Verified::into_owned`]
/// returns and what the HTTP adapters hand to handlers. `#[non_exhaustive]`:
/// a field may be added; get one by verifying (a test can sign a request
/// with [`SignRequest`](crate::SignRequest)).
///
/// ```
/// use wechat_hostsign::{OwnedVerified, SignRequest, Verifier};
///
/// let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("n").timestamp(5).sign()?;
/// let owned: OwnedVerified = Verifier::new("token")?.verify(signed.referer.as_str(), signed.hostsign.as_str(), 5)?.into();
/// assert_eq!((owned.appid.as_str(), owned.timestamp, owned.timestamp_text.as_str()), ("wx0123456789abcdef", 5, "5"));
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct OwnedVerified {
    /// The host Mini Program's AppID.
    pub appid: String,
    /// The build's version (not covered by the signature).
    pub version: Version,
    /// The HostSign nonce (escapes decoded).
    pub noncestr: String,
    /// The HostSign timestamp, in seconds since the Unix epoch.
    pub timestamp: u64,
    /// The timestamp's digits exactly as written: the text that was signed.
    pub timestamp_text: String,
    /// `now - timestamp` in seconds (negative within `clock_skew`).
    pub age: i64,
    /// Which configured token matched (0 for the first).
    pub token_index: usize,
}

impl Verified<'_> {
    /// The same result with its text copied, free of the request's lifetime.
    ///
    /// ```
    /// use wechat_hostsign::{SignRequest, Verifier};
    /// let verifier = Verifier::new("token")?;
    /// let kept = {
    ///     let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("n").timestamp(5).sign()?;
    ///     verifier.verify(signed.referer.as_str(), signed.hostsign.as_str(), 5)?.into_owned()
    /// };
    /// assert_eq!(kept.noncestr, "n");
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn into_owned(self) -> OwnedVerified {
        OwnedVerified {
            appid: self.appid.into(),
            version: self.version,
            noncestr: self.noncestr.as_str().into(),
            timestamp: self.timestamp.seconds,
            timestamp_text: self.timestamp.digits().into(),
            age: self.age,
            token_index: self.token_index,
        }
    }
}

impl<'a> From<Verified<'a>> for OwnedVerified {
    fn from(verified: Verified<'a>) -> OwnedVerified {
        verified.into_owned()
    }
}

#[cfg(feature = "serde")]
mod ser {
    use super::OwnedVerified;
    use crate::error::Error;
    use crate::referer::Version;
    use crate::verifier::Verified;
    use serde::ser::{Serialize, SerializeStruct, Serializer};

    /// The npm package's field names: `appid`, `version`, `noncestr`,
    /// `timestamp`, `age`, `tokenIndex` (and `timestampText`, as its
    /// `parseHostSign` names the signed digits).
    #[allow(clippy::too_many_arguments)]
    fn verified<S: Serializer>(
        serializer: S,
        appid: &str,
        version: &Version,
        noncestr: &str,
        timestamp: u64,
        timestamp_text: &str,
        age: i64,
        token_index: usize,
    ) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Verified", 7)?;
        s.serialize_field("appid", appid)?;
        s.serialize_field("version", version)?;
        s.serialize_field("noncestr", noncestr)?;
        s.serialize_field("timestamp", &timestamp)?;
        s.serialize_field("timestampText", timestamp_text)?;
        s.serialize_field("age", &age)?;
        s.serialize_field("tokenIndex", &token_index)?;
        s.end()
    }

    impl Serialize for Verified<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            verified(
                serializer,
                self.appid,
                &self.version,
                self.noncestr.as_str(),
                self.timestamp.seconds,
                self.timestamp.digits(),
                self.age,
                self.token_index,
            )
        }
    }

    impl Serialize for OwnedVerified {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            verified(
                serializer,
                &self.appid,
                &self.version,
                &self.noncestr,
                self.timestamp,
                &self.timestamp_text,
                self.age,
                self.token_index,
            )
        }
    }

    /// `{"code": "BAD_SIGNATURE", "message": "…"}`.
    impl Serialize for Error {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("Error", 2)?;
            s.serialize_field("code", &self.code())?;
            s.serialize_field("message", self.message())?;
            s.end()
        }
    }
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    use crate::{Code, Error, Reason, SignRequest, Verifier, Version};
    use serde_json::{Value, json};

    #[test]
    fn serialises_like_the_npm_package() {
        let signed = SignRequest::new("wx0123456789abcdef", "token")
            .noncestr("n\u{e9}")
            .timestamp_digits("001711421951")
            .version(Version::Release(7))
            .sign()
            .unwrap();
        let v = Verifier::builder()
            .token("other")
            .token("token")
            .build()
            .unwrap();
        let ok = v
            .verify(
                signed.referer.as_str(),
                signed.hostsign.as_str(),
                1711421950,
            )
            .unwrap();
        let want = json!({
            "appid": "wx0123456789abcdef",
            "version": { "kind": "release", "number": 7 },
            "noncestr": "n\u{e9}",
            "timestamp": 1711421951u64,
            "timestampText": "001711421951",
            "age": -1,
            "tokenIndex": 1,
        });
        assert_eq!(serde_json::to_value(&ok).unwrap(), want);
        assert_eq!(serde_json::to_value(ok.into_owned()).unwrap(), want);
        let develop = SignRequest::new("wx0123456789abcdef", "token")
            .noncestr("n")
            .timestamp(5)
            .sign()
            .unwrap();
        let ok = Verifier::new("token")
            .unwrap()
            .verify(develop.referer.as_str(), develop.hostsign.as_str(), 5)
            .unwrap();
        assert_eq!(
            serde_json::to_value(ok.into_owned()).unwrap()["version"],
            json!({ "kind": "develop" })
        );
    }

    #[test]
    fn errors_serialise_as_code_and_message() {
        for r in Reason::ALL {
            let v: Value = serde_json::to_value(Error::new(*r)).unwrap();
            assert_eq!(
                v,
                json!({ "code": r.code().as_str(), "message": r.message() })
            );
        }
        assert_eq!(
            serde_json::to_value(Error::new(Reason::Expired)).unwrap()["code"],
            json!(Code::Expired.as_str())
        );
    }
}
