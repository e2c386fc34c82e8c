//! The verifier: configuration, and the checks in their contract order.
//!
//! missing → Referer → AppID/version allowlists → HostSign → signature →
//! freshness. So [`Code::Expired`](crate::Code::Expired) always means
//! "authentic but stale" (a clock or caching problem), never a guess.
//!
//! Verification is stateless: WeChat reuses one HostSign for up to ten
//! minutes, so a nonce cache would reject real traffic. The freshness window
//! (`max_age`, default 660 s: the 10-minute rotation plus a minute) is the
//! control against replay.
//!
//! ```
//! use wechat_hostsign::{Code, Input, SignRequest, Verifier, Version};
//!
//! let verifier = Verifier::builder().token("new-token").token("old-token").build()?;
//!
//! // A request signed with the old token, as WeChat would send it.
//! let signed = SignRequest::new("wx0123456789abcdef", "old-token")
//!     .noncestr("0123456789abcdef0123456789abcdef")
//!     .timestamp(1_711_421_951)
//!     .version(Version::Release(7))
//!     .sign()?;
//!
//! let ok = verifier.verify(signed.referer.as_str(), signed.hostsign.as_str(), 1_711_422_000)?;
//! assert_eq!(ok.appid, "wx0123456789abcdef");
//! assert_eq!(ok.token_index, 1); // the second token matched
//! assert_eq!(ok.age, 49);
//!
//! let late = verifier.verify(signed.referer.as_str(), signed.hostsign.as_str(), 1_711_421_951 + 661);
//! assert_eq!(late.unwrap_err().code(), Code::Expired);
//! assert_eq!(verifier.verify(Input::Absent, Input::Absent, 0).unwrap_err().code(), Code::MissingReferer);
//! # Ok::<(), wechat_hostsign::Error>(())
//! ```
#![forbid(unsafe_code)]

use crate::error::{Error, Reason};
use crate::hostsign::{HostSign, Text, Timestamp, parse_hostsign};
use crate::referer::{Version, VersionKind, is_valid_appid, parse_referer};
use crate::signature::{digest_eq, signature};
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

/// Default `max_age`, 660 s: WeChat rotates the HostSign every 10 minutes;
/// one more minute covers the request in flight and modest clock differences.
///
/// ```
/// use core::time::Duration;
/// assert_eq!(wechat_hostsign::DEFAULT_MAX_AGE, Duration::from_secs(660));
/// ```
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(660);
/// Default `clock_skew`, 60 s: how far in the future a timestamp may be.
///
/// ```
/// use core::time::Duration;
/// assert_eq!(wechat_hostsign::DEFAULT_CLOCK_SKEW, Duration::from_secs(60));
/// ```
pub const DEFAULT_CLOCK_SKEW: Duration = Duration::from_secs(60);
/// At most this many tokens may be configured (rotation needs two or three).
pub const MAX_TOKENS: usize = 16;
/// The longest token accepted, in bytes.
pub const MAX_TOKEN_LEN: usize = 1024;

/// One header value as handed to the verifier.
///
/// `From<&str>`, `From<&String>`, `From<Option<&str>>` and
/// `From<Option<&String>>` (what `HashMap::get` returns) cover the usual
/// cases; the other variants let an HTTP layer report what it saw without
/// copying it. An absent header is `Input::Absent` (a bare `None` would
/// need its type spelled out, `None::<&str>`).
///
/// Exhaustive on purpose: these are all the ways a header can arrive, and an
/// HTTP layer that matches on them should hear of a new one.
///
/// ```
/// use wechat_hostsign::{Code, Input, Verifier};
///
/// let verifier = Verifier::new("token")?;
/// let referer = "https://servicewechat.com/wx0123456789abcdef/0/page-frame.html";
/// let refused = |hostsign: Input<'_>| verifier.verify(referer, hostsign, 0).unwrap_err().code();
/// assert_eq!(refused(Input::Absent), Code::MissingHostsign);
/// assert_eq!(refused(Input::Repeated), Code::MalformedHostsign);
/// assert_eq!(refused(Input::from("{}")), Code::Unsigned);
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input<'a> {
    /// The header was not sent.
    Absent,
    /// The header was sent once with this value.
    Value(&'a str),
    /// The header was sent more than once (malformed).
    Repeated,
    /// The value is longer than the header's limit (malformed); lets a
    /// binding refuse a huge value without copying it.
    TooLarge,
    /// The value is not text, e.g. a number passed from JavaScript (malformed).
    NotText,
}

impl<'a> From<&'a str> for Input<'a> {
    fn from(value: &'a str) -> Self {
        Input::Value(value)
    }
}

impl<'a> From<Option<&'a str>> for Input<'a> {
    fn from(value: Option<&'a str>) -> Self {
        value.map_or(Input::Absent, Input::Value)
    }
}

impl<'a> From<&'a String> for Input<'a> {
    fn from(value: &'a String) -> Self {
        Input::Value(value)
    }
}

/// What `HashMap<String, String>::get` returns: `None` is [`Input::Absent`].
///
/// ```
/// use std::collections::HashMap;
/// use wechat_hostsign::{Code, Input, Verifier};
///
/// let headers: HashMap<String, String> = HashMap::new();
/// assert_eq!(Input::from(headers.get("referer")), Input::Absent);
/// let err = Verifier::new("token")?.verify(headers.get("referer"), headers.get("x-wechat-hostsign"), 0);
/// assert_eq!(err.unwrap_err().code(), Code::MissingReferer);
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
impl<'a> From<Option<&'a String>> for Input<'a> {
    fn from(value: Option<&'a String>) -> Self {
        value.map_or(Input::Absent, |s| Input::Value(s))
    }
}

/// A verified request. It borrows the request's header values (verifying
/// allocates nothing for real traffic); [`into_owned`](Verified::into_owned)
/// makes an [`OwnedVerified`](crate::OwnedVerified) to keep after the request.
/// `#[non_exhaustive]`: a field may be added; read the fields, or
/// destructure with `..`.
///
/// ```
/// use wechat_hostsign::{SignRequest, Verified, Verifier, Version};
///
/// let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("n").timestamp(100).sign()?;
/// let Verified { appid, version, age, token_index, .. } =
///     Verifier::new("token")?.verify(signed.referer.as_str(), signed.hostsign.as_str(), 130)?;
/// assert_eq!((appid, version, age, token_index), ("wx0123456789abcdef", Version::Develop, 30, 0));
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Verified<'a> {
    /// The host Mini Program's AppID.
    pub appid: &'a str,
    /// The build's version (not covered by the signature).
    pub version: Version,
    /// The HostSign nonce.
    pub noncestr: Text<'a>,
    /// The HostSign timestamp.
    pub timestamp: Timestamp<'a>,
    /// `now - timestamp` in seconds: negative (within `clock_skew`) when the
    /// timestamp is ahead of `now`, which is why it is an `i64` and not a
    /// [`Duration`].
    pub age: i64,
    /// Which configured token matched (0 for the first).
    pub token_index: usize,
}

/// Builds a [`Verifier`]; nothing is checked until [`build`](Self::build).
///
/// ```
/// use core::time::Duration;
/// use wechat_hostsign::{Verifier, VersionKind};
///
/// let verifier = Verifier::builder()
///     .token("current-token")
///     .token("previous-token")
///     .max_age(Some(Duration::from_secs(660)))
///     .clock_skew(Duration::from_secs(60))
///     .appids(["wx0123456789abcdef"])
///     .versions([VersionKind::Release, VersionKind::Develop])
///     .build()?;
/// assert_eq!(verifier.token_count(), 2);
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone)]
pub struct VerifierBuilder {
    tokens: Vec<String>,
    max_age: Option<Duration>,
    clock_skew: Duration,
    appids: Option<Vec<String>>,
    versions: Option<Vec<VersionKind>>,
    strict_appid: bool,
}

impl Default for VerifierBuilder {
    fn default() -> Self {
        VerifierBuilder {
            tokens: Vec::new(),
            max_age: Some(DEFAULT_MAX_AGE),
            clock_skew: DEFAULT_CLOCK_SKEW,
            appids: None,
            versions: None,
            strict_appid: true,
        }
    }
}

impl VerifierBuilder {
    /// Adds a token. Add the current token first, then older ones while
    /// rotating; the result's `token_index` says which one matched.
    ///
    /// ```
    /// use wechat_hostsign::{SignRequest, Verifier};
    /// let verifier = Verifier::builder().token("new").token("old").build()?;
    /// let signed = SignRequest::new("wx0123456789abcdef", "old").noncestr("n").timestamp(1).sign()?;
    /// assert_eq!(verifier.verify(signed.referer.as_str(), signed.hostsign.as_str(), 1)?.token_index, 1);
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.tokens.push(token.into());
        self
    }

    /// Adds several tokens, in order (e.g. from a comma-separated setting).
    ///
    /// ```
    /// use wechat_hostsign::Verifier;
    /// let setting = "new-token,old-token";
    /// let verifier = Verifier::builder().tokens(setting.split(',')).build()?;
    /// assert_eq!(verifier.token_count(), 2);
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn tokens<I: IntoIterator<Item = S>, S: Into<String>>(mut self, tokens: I) -> Self {
        self.tokens.extend(tokens.into_iter().map(Into::into));
        self
    }

    /// The oldest HostSign accepted (default [`DEFAULT_MAX_AGE`], 660 s);
    /// `None` turns the age check off (for base libraries before 2.0.7,
    /// which did not rotate). Timestamps are whole seconds, so a fraction of
    /// a second changes nothing: an age is refused when it exceeds the whole
    /// seconds of `max_age`.
    ///
    /// ```
    /// use core::time::Duration;
    /// use wechat_hostsign::{Code, SignRequest, Verifier};
    ///
    /// let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("n").timestamp(1_000).sign()?;
    /// let (r, h) = (signed.referer.as_str(), signed.hostsign.as_str());
    ///
    /// let strict = Verifier::builder().token("token").max_age(Some(Duration::from_secs(60))).build()?;
    /// assert!(strict.verify(r, h, 1_060).is_ok());
    /// assert_eq!(strict.verify(r, h, 1_061).unwrap_err().code(), Code::Expired);
    ///
    /// let ageless = Verifier::builder().token("token").max_age(None).build()?;
    /// assert!(ageless.verify(r, h, 1_000 + 86_400 * 365).is_ok());
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn max_age(mut self, max_age: Option<Duration>) -> Self {
        self.max_age = max_age;
        self
    }

    /// How far in the future a timestamp may be (default
    /// [`DEFAULT_CLOCK_SKEW`], 60 s), in whole seconds as for
    /// [`max_age`](Self::max_age).
    ///
    /// ```
    /// use core::time::Duration;
    /// use wechat_hostsign::{Code, SignRequest, Verifier};
    ///
    /// let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("n").timestamp(1_000).sign()?;
    /// let (r, h) = (signed.referer.as_str(), signed.hostsign.as_str());
    /// let verifier = Verifier::builder().token("token").clock_skew(Duration::from_secs(5)).build()?;
    /// assert_eq!(verifier.verify(r, h, 995)?.age, -5);
    /// assert_eq!(verifier.verify(r, h, 994).unwrap_err().code(), Code::NotYetValid);
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn clock_skew(mut self, clock_skew: Duration) -> Self {
        self.clock_skew = clock_skew;
        self
    }

    /// Accept only these AppIDs (each checked against `strict_appid`).
    /// Phone previews run inside a WeChat test Mini Program whose AppID
    /// differs from your own: list it too if previews must work.
    ///
    /// ```
    /// use wechat_hostsign::{Code, SignRequest, Verifier};
    /// let verifier = Verifier::builder().token("token").appids(["wx0123456789abcdef"]).build()?;
    /// let other = SignRequest::new("wxfedcba9876543210", "token").noncestr("n").timestamp(1).sign()?;
    /// let err = verifier.verify(other.referer.as_str(), other.hostsign.as_str(), 1).unwrap_err();
    /// assert_eq!(err.code(), Code::AppidNotAllowed);
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn appids<I: IntoIterator<Item = S>, S: Into<String>>(mut self, appids: I) -> Self {
        self.appids = Some(appids.into_iter().map(Into::into).collect());
        self
    }

    /// Accept only these version kinds. The version is not signed: this
    /// guards against misconfiguration, not against an attacker.
    ///
    /// ```
    /// use wechat_hostsign::{Code, Verifier, VersionKind};
    /// assert!(Verifier::builder().token("t").versions([VersionKind::Release]).build().is_ok());
    /// let none = Verifier::builder().token("t").versions([]).build().unwrap_err();
    /// assert_eq!(none.code(), Code::InvalidOptions);
    /// ```
    pub fn versions<I: IntoIterator<Item = VersionKind>>(mut self, versions: I) -> Self {
        self.versions = Some(versions.into_iter().collect());
        self
    }

    /// `true` (the default): AppIDs must be `wx` + 16 lowercase hex digits.
    /// `false`: 1 to 64 of `[A-Za-z0-9_-]`, e.g. `touristappid` in the
    /// developer tools.
    ///
    /// ```
    /// use wechat_hostsign::{Code, SignRequest, Verifier, Version};
    /// let devtools = SignRequest::new("touristappid", "token").strict_appid(false)
    ///     .noncestr("n").timestamp(1).version(Version::Devtools).sign()?;
    /// let (r, h) = (devtools.referer.as_str(), devtools.hostsign.as_str());
    /// let strict = Verifier::new("token")?;
    /// assert_eq!(strict.verify(r, h, 1).unwrap_err().code(), Code::MalformedReferer);
    /// let loose = Verifier::builder().token("token").strict_appid(false).build()?;
    /// assert_eq!(loose.verify(r, h, 1)?.appid, "touristappid");
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn strict_appid(mut self, strict: bool) -> Self {
        self.strict_appid = strict;
        self
    }

    /// Checks the configuration. Errors have [`Code::InvalidOptions`](crate::Code::InvalidOptions).
    ///
    /// ```
    /// use wechat_hostsign::{Reason, Verifier};
    /// assert_eq!(Verifier::builder().build().unwrap_err().reason(), Reason::OptionsNoToken);
    /// assert_eq!(Verifier::builder().token("").build().unwrap_err().reason(), Reason::OptionsEmptyToken);
    /// assert!(Verifier::builder().token("t").build().is_ok());
    /// ```
    pub fn build(self) -> Result<Verifier, Error> {
        if self.tokens.is_empty() {
            return Err(Reason::OptionsNoToken.into());
        }
        if self.tokens.len() > MAX_TOKENS {
            return Err(Reason::OptionsTooManyTokens.into());
        }
        for token in &self.tokens {
            check_token(token)?;
        }
        if let Some(appids) = &self.appids {
            if appids.is_empty() {
                return Err(Reason::OptionsAppids.into());
            }
            if !appids.iter().all(|a| is_valid_appid(a, self.strict_appid)) {
                return Err(Reason::OptionsAppidInvalid.into());
            }
        }
        if matches!(&self.versions, Some(v) if v.is_empty()) {
            return Err(Reason::OptionsVersions.into());
        }
        Ok(Verifier { config: self })
    }
}

/// A token must be non-empty and at most [`MAX_TOKEN_LEN`] bytes.
pub(crate) fn check_token(token: &str) -> Result<(), Error> {
    if token.is_empty() {
        Err(Reason::OptionsEmptyToken.into())
    } else if token.len() > MAX_TOKEN_LEN {
        Err(Reason::OptionsTokenTooLong.into())
    } else {
        Ok(())
    }
}

/// Verifies plugin requests. Build one per configuration and reuse it: it is
/// immutable, `Send` and `Sync`, and verification allocates nothing for
/// well-formed requests. Its `Debug` output shows the options, not the
/// tokens.
///
/// ```
/// use std::sync::Arc;
/// use wechat_hostsign::Verifier;
///
/// // Once, at start-up; shared by every request handler.
/// let verifier = Arc::new(Verifier::new("s3cr3t-token")?);
/// let shown = format!("{verifier:?}");
/// assert!(shown.contains("1 redacted") && !shown.contains("s3cr3t"));
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone)]
pub struct Verifier {
    /// The options, checked by [`VerifierBuilder::build`].
    config: VerifierBuilder,
}

impl core::fmt::Debug for Verifier {
    /// Shows the configuration without the tokens.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Verifier")
            .field(
                "tokens",
                &format_args!("[{} redacted]", self.config.tokens.len()),
            )
            .field("max_age", &self.config.max_age)
            .field("clock_skew", &self.config.clock_skew)
            .field("appids", &self.config.appids)
            .field("versions", &self.config.versions)
            .field("strict_appid", &self.config.strict_appid)
            .finish()
    }
}

impl Verifier {
    /// A builder with the defaults: `max_age` 660 s, `clock_skew` 60 s,
    /// every AppID and version accepted, strict AppIDs, and no token yet.
    ///
    /// ```
    /// let verifier = wechat_hostsign::Verifier::builder().token("token").build()?;
    /// assert_eq!(verifier.token_count(), 1);
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn builder() -> VerifierBuilder {
        VerifierBuilder::default()
    }

    /// A verifier with one token and the defaults.
    ///
    /// ```
    /// use wechat_hostsign::{Code, Verifier};
    /// assert!(Verifier::new("plugin-token").is_ok());
    /// assert_eq!(Verifier::new("").unwrap_err().code(), Code::InvalidOptions);
    /// ```
    pub fn new(token: impl Into<String>) -> Result<Verifier, Error> {
        Verifier::builder().token(token).build()
    }

    /// The number of configured tokens.
    ///
    /// ```
    /// let verifier = wechat_hostsign::Verifier::builder().tokens(["a", "b", "c"]).build()?;
    /// assert_eq!(verifier.token_count(), 3);
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn token_count(&self) -> usize {
        self.config.tokens.len()
    }

    /// Verifies one request's two headers at `now` (seconds since the Unix
    /// epoch).
    ///
    /// Each header is an [`Input`]: a `&str` (sent once), `Input::Absent`,
    /// or what an HTTP layer saw ([`Input::Repeated`], [`Input::NotText`];
    /// [`crate::http::header_input`] makes one from a header's values).
    /// The checks run in the contract's order, so the first failure decides
    /// the [`Code`](crate::Code).
    ///
    /// ```
    /// use wechat_hostsign::{Code, Input, Verifier, Version};
    ///
    /// let verifier = Verifier::new("plugin-token")?;
    /// let referer = "https://servicewechat.com/wx0123456789abcdef/7/page-frame.html";
    /// let hostsign = r#"{"noncestr":"abc","timestamp":1711421951,"signature":"2aff2d89cff5c5adafec6d11d921ef517441bd66"}"#;
    ///
    /// // "2aff…" is sha1 of the sorted [appid, noncestr, timestamp, token]
    /// // for the token "token", not "plugin-token".
    /// let err = verifier.verify(referer, hostsign, 1711421960).unwrap_err();
    /// assert_eq!(err.code(), Code::BadSignature);
    ///
    /// let verifier = Verifier::new("token")?;
    /// let ok = verifier.verify(referer, hostsign, 1711421960)?;
    /// assert_eq!((ok.appid, ok.version, ok.age), ("wx0123456789abcdef", Version::Release(7), 9));
    ///
    /// // Ten minutes and more later: authentic, but stale.
    /// let late = verifier.verify(referer, hostsign, 1711421951 + 661).unwrap_err();
    /// assert_eq!(late.code(), Code::Expired);
    /// assert_eq!(verifier.verify(referer, Input::Absent, 0).unwrap_err().code(), Code::MissingHostsign);
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn verify<'a>(
        &self,
        referer: impl Into<Input<'a>>,
        hostsign: impl Into<Input<'a>>,
        now: u64,
    ) -> Result<Verified<'a>, Error> {
        let (referer, hostsign) = (referer.into(), hostsign.into());
        if referer == Input::Absent {
            return Err(Reason::MissingReferer.into());
        }
        if hostsign == Input::Absent {
            return Err(Reason::MissingHostsign.into());
        }
        let referer = match referer {
            Input::Value(s) => parse_referer(s, self.config.strict_appid)?,
            Input::Repeated => return Err(Reason::RefererRepeated.into()),
            Input::TooLarge => return Err(Reason::RefererTooLarge.into()),
            Input::NotText | Input::Absent => return Err(Reason::RefererNotText.into()),
        };
        if let Some(appids) = &self.config.appids {
            if !appids.iter().any(|a| a == referer.appid) {
                return Err(Reason::AppidNotAllowed.into());
            }
        }
        if let Some(versions) = &self.config.versions {
            if !versions.contains(&referer.version.kind()) {
                return Err(Reason::VersionNotAllowed.into());
            }
        }
        let hostsign: HostSign<'a> = match hostsign {
            Input::Value(s) => parse_hostsign(s)?,
            Input::Repeated => return Err(Reason::HostsignRepeated.into()),
            Input::TooLarge => return Err(Reason::HostsignTooLarge.into()),
            Input::NotText | Input::Absent => return Err(Reason::HostsignNotText.into()),
        };
        let token_index = self
            .config
            .tokens
            .iter()
            .position(|token| {
                let expected = signature(
                    referer.appid,
                    hostsign.noncestr.as_str(),
                    hostsign.timestamp.digits(),
                    token,
                );
                digest_eq(&expected, &hostsign.signature)
            })
            .ok_or(Error::new(Reason::BadSignature))?;
        let age = i128::from(now) - i128::from(hostsign.timestamp.seconds);
        if let Some(max_age) = self.config.max_age {
            if age > i128::from(max_age.as_secs()) {
                return Err(Reason::Expired.into());
            }
        }
        if -age > i128::from(self.config.clock_skew.as_secs()) {
            return Err(Reason::NotYetValid.into());
        }
        Ok(Verified {
            appid: referer.appid,
            version: referer.version,
            noncestr: hostsign.noncestr,
            timestamp: hostsign.timestamp,
            // -10^12 < age < 2^64; above i64::MAX (a `max_age` of `None`
            // and a `now` past the year 292 billion) it saturates.
            age: i64::try_from(age).unwrap_or(i64::MAX),
            token_index,
        })
    }

    /// [`verify`](Self::verify) at the system clock's current time
    /// ([`unix_now`]).
    ///
    /// Offered only where there is a system clock: with the `std` feature,
    /// on every target except `wasm32-unknown-unknown` (a Cloudflare Worker,
    /// a browser), where `std`'s clock does not exist and would trap. There,
    /// calling `verify_now` is a compile error that says to call
    /// [`verify`](Self::verify) with `now` instead. In a Worker the clock is
    /// JavaScript's:
    ///
    /// ```ignore
    /// // worker crate
    /// let now = worker::Date::now().as_millis() / 1000;
    /// // js_sys
    /// let now = js_sys::Date::now() as u64 / 1000;
    /// verifier.verify(referer, hostsign, now)
    /// ```
    ///
    /// ```
    /// use wechat_hostsign::{SignRequest, Verifier};
    ///
    /// // Signed just now, with a random nonce (see `SignRequest`).
    /// let signed = SignRequest::new("wx0123456789abcdef", "plugin-token").sign()?;
    /// let verifier = Verifier::new("plugin-token")?;
    /// let ok = verifier.verify_now(signed.referer.as_str(), signed.hostsign.as_str())?;
    /// assert_eq!(ok.appid, "wx0123456789abcdef");
    /// assert!(ok.age.abs() <= 1);
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    #[cfg(all(
        feature = "std",
        not(all(target_family = "wasm", target_os = "unknown"))
    ))]
    pub fn verify_now<'a>(
        &self,
        referer: impl Into<Input<'a>>,
        hostsign: impl Into<Input<'a>>,
    ) -> Result<Verified<'a>, Error> {
        self.verify(referer, hostsign, unix_now())
    }

    /// Not offered without a system clock: this stub only turns a call into
    /// a compile error (its bound has no implementation) that says to pass
    /// `now` to [`verify`](Self::verify).
    #[cfg(not(all(
        feature = "std",
        not(all(target_family = "wasm", target_os = "unknown"))
    )))]
    #[doc(hidden)]
    pub fn verify_now<'a, R, H>(&self, _referer: R, _hostsign: H) -> Result<Verified<'a>, Error>
    where
        R: Into<Input<'a>> + no_clock::SystemClock,
        H: Into<Input<'a>>,
    {
        Err(Reason::OptionsNow.into())
    }
}

/// The compile error of `verify_now` where there is no system clock.
#[cfg(not(all(
    feature = "std",
    not(all(target_family = "wasm", target_os = "unknown"))
)))]
mod no_clock {
    /// Implemented for no type, so that calling `verify_now` fails to compile
    /// with this message. Unnameable outside the crate: nobody can implement it.
    #[diagnostic::on_unimplemented(
        message = "`Verifier::verify_now` needs a system clock, and this build has none (wasm32-unknown-unknown, or no `std` feature)",
        label = "no system clock to read here",
        note = "call `verifier.verify(referer, hostsign, now)` with `now` in seconds since the Unix epoch",
        note = "in a Cloudflare Worker: `let now = worker::Date::now().as_millis() / 1000;` (or `js_sys::Date::now() as u64 / 1000`)"
    )]
    pub trait SystemClock {}
}

/// Seconds since the Unix epoch by the system clock (0 if it is before 1970).
///
/// Where there is no system clock (no `std` feature, or
/// `wasm32-unknown-unknown`) this function does not exist: pass the time
/// from the host instead (see [`Verifier::verify_now`]).
///
/// ```
/// let now: u64 = wechat_hostsign::unix_now();
/// assert!(now > 1_700_000_000);
/// ```
#[cfg(all(
    feature = "std",
    not(all(target_family = "wasm", target_os = "unknown"))
))]
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    #[test]
    fn bad_options() {
        let cases = [
            (Verifier::builder(), Reason::OptionsNoToken),
            (Verifier::builder().token(""), Reason::OptionsEmptyToken),
            (
                Verifier::builder().token("a").token(""),
                Reason::OptionsEmptyToken,
            ),
            (
                Verifier::builder().token("x".repeat(1025)),
                Reason::OptionsTokenTooLong,
            ),
            (
                Verifier::builder().tokens((0..17).map(|i| i.to_string())),
                Reason::OptionsTooManyTokens,
            ),
            (
                Verifier::builder().token("a").appids(Vec::<String>::new()),
                Reason::OptionsAppids,
            ),
            (
                Verifier::builder().token("a").appids(["touristappid"]),
                Reason::OptionsAppidInvalid,
            ),
            (
                Verifier::builder()
                    .token("a")
                    .appids(["WX0123456789ABCDEF"]),
                Reason::OptionsAppidInvalid,
            ),
            (
                Verifier::builder().token("a").versions([]),
                Reason::OptionsVersions,
            ),
        ];
        for (builder, reason) in cases {
            let err = builder.build().unwrap_err();
            assert_eq!(err.reason(), reason);
            assert_eq!(err.code(), Code::InvalidOptions);
        }
        assert!(
            Verifier::builder()
                .token("a")
                .strict_appid(false)
                .appids(["touristappid"])
                .build()
                .is_ok()
        );
    }

    #[test]
    fn debug_redacts_tokens() {
        let v = Verifier::builder().token("s3cr3t-token").build().unwrap();
        let shown = format!("{v:?}");
        assert!(!shown.contains("s3cr3t"));
        assert!(shown.contains("1 redacted"));
    }

    #[test]
    fn verifier_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Verifier>();
    }
}
