//! Outcome codes and the reasons behind them.
//!
//! Every way a request can fail verification has one stable [`Code`] (the API
//! of CONTRACT §3) and one more precise [`Reason`] whose message is a single
//! plain English sentence that says what to fix. Messages are static: they
//! never contain header values, and so never the token.
//!
//! ```
//! use wechat_hostsign::{parse_referer, Code};
//!
//! let err = parse_referer("https://evil.example/?https://servicewechat.com/", true).unwrap_err();
//! assert_eq!(err.code(), Code::MalformedReferer);
//! assert_eq!(err.code().as_str(), "MALFORMED_REFERER");
//! assert!(err.message().contains("https://servicewechat.com/"));
//! ```
#![forbid(unsafe_code)]

use crate::locale::{self, Locale};
use core::fmt;

/// The stable outcome codes of a failed verification (and `INVALID_OPTIONS`
/// for a configuration error). `as_str` gives the SCREAMING_SNAKE_CASE name
/// used by the JavaScript API.
///
/// `#[non_exhaustive]`: a code is never renamed or removed, but a later
/// version may add one (say, for a header WeChat adds), so a `match` needs a
/// `_` arm, which should refuse the request:
///
/// ```
/// use wechat_hostsign::{Code, Input, Verifier};
///
/// let err = Verifier::new("token")?.verify(Input::Absent, Input::Absent, 0).unwrap_err();
/// let status = match err.code() {
///     Code::InvalidOptions => 500,
///     Code::Expired | Code::NotYetValid => 401, // and log: check the clock
///     _ => 401,
/// };
/// assert_eq!((status, err.code().as_str()), (401, "MISSING_REFERER"));
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
pub enum Code {
    /// The Referer header is absent.
    MissingReferer,
    /// The X-WECHAT-HOSTSIGN header is absent.
    MissingHostsign,
    /// The Referer is present but not exactly `https://servicewechat.com/{appid}/{version}/page-frame.html`.
    MalformedReferer,
    /// The HostSign is `{}` or has three empty fields: WeChat sent the request without a signature.
    Unsigned,
    /// The HostSign is present but not a valid HostSign.
    MalformedHostsign,
    /// The AppID is well-formed but not in the configured allowlist.
    AppidNotAllowed,
    /// The version kind is well-formed but not in the configured allowlist.
    VersionNotAllowed,
    /// No configured token reproduces the signature.
    BadSignature,
    /// Authentic, but older than `max_age`.
    Expired,
    /// Authentic, but further in the future than `clock_skew`.
    NotYetValid,
    /// The verifier's configuration (or a signing request) is invalid.
    InvalidOptions,
}

impl Code {
    /// Every code, in the order of CONTRACT §3. A slice, not an array: its
    /// length is not part of the API (see [`Code`] on adding codes).
    ///
    /// ```
    /// use wechat_hostsign::Code;
    /// assert!(Code::ALL.contains(&Code::Expired));
    /// assert_eq!(Code::ALL.first(), Some(&Code::MissingReferer));
    /// ```
    pub const ALL: &'static [Code] = &[
        Code::MissingReferer,
        Code::MissingHostsign,
        Code::MalformedReferer,
        Code::Unsigned,
        Code::MalformedHostsign,
        Code::AppidNotAllowed,
        Code::VersionNotAllowed,
        Code::BadSignature,
        Code::Expired,
        Code::NotYetValid,
        Code::InvalidOptions,
    ];

    /// The stable name, e.g. `"BAD_SIGNATURE"`.
    ///
    /// ```
    /// assert_eq!(wechat_hostsign::Code::BadSignature.as_str(), "BAD_SIGNATURE");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::MissingReferer => "MISSING_REFERER",
            Code::MissingHostsign => "MISSING_HOSTSIGN",
            Code::MalformedReferer => "MALFORMED_REFERER",
            Code::Unsigned => "UNSIGNED",
            Code::MalformedHostsign => "MALFORMED_HOSTSIGN",
            Code::AppidNotAllowed => "APPID_NOT_ALLOWED",
            Code::VersionNotAllowed => "VERSION_NOT_ALLOWED",
            Code::BadSignature => "BAD_SIGNATURE",
            Code::Expired => "EXPIRED",
            Code::NotYetValid => "NOT_YET_VALID",
            Code::InvalidOptions => "INVALID_OPTIONS",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! reasons {
    ($( $(#[$doc:meta])* $name:ident => $code:ident, $msg:literal; )*) => {
        /// Why a value was refused, more precisely than its [`Code`]. Each
        /// reason belongs to exactly one code and has one fixed message.
        ///
        /// `#[non_exhaustive]`: reasons are added as checks get more precise;
        /// match on the [`Code`] for behaviour, log the reason.
        ///
        /// ```
        /// use wechat_hostsign::{parse_hostsign, Code, Reason};
        ///
        /// let err = parse_hostsign(r#"{"noncestr":"a","noncestr":"b"}"#).unwrap_err();
        /// assert_eq!(err.reason(), Reason::HostsignDuplicateKey);
        /// assert_eq!(err.reason().code(), Code::MalformedHostsign);
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        #[non_exhaustive]
        pub enum Reason {
            $( $(#[$doc])* $name, )*
        }

        impl Reason {
            /// Every reason, in declaration order (`Reason::ALL[r as usize] == r`).
            ///
            /// ```
            /// use wechat_hostsign::{Code, Reason};
            /// let expired: Vec<Reason> = Reason::ALL.iter().copied().filter(|r| r.code() == Code::Expired).collect();
            /// assert_eq!(expired, [Reason::Expired]);
            /// ```
            pub const ALL: &'static [Reason] = &[ $( Reason::$name, )* ];

            /// The outcome code this reason belongs to.
            ///
            /// ```
            /// use wechat_hostsign::{Code, Reason};
            /// assert_eq!(Reason::RefererRepeated.code(), Code::MalformedReferer);
            /// ```
            pub const fn code(self) -> Code {
                match self { $( Reason::$name => Code::$code, )* }
            }

            /// One plain English sentence that says what to fix.
            ///
            /// ```
            /// use wechat_hostsign::Reason;
            /// assert!(Reason::Expired.message().contains("check this server's clock"));
            /// ```
            pub const fn message(self) -> &'static str {
                match self { $( Reason::$name => $msg, )* }
            }

            /// The variant's name, e.g. `"HostsignDuplicateKey"`.
            ///
            /// ```
            /// use wechat_hostsign::Reason;
            /// assert_eq!(Reason::HostsignDuplicateKey.name(), "HostsignDuplicateKey");
            /// ```
            pub const fn name(self) -> &'static str {
                match self { $( Reason::$name => stringify!($name), )* }
            }
        }
    };
}

reasons! {
    /// No Referer header.
    MissingReferer => MissingReferer,
        "The request has no Referer header; WeChat sends it with every plugin request, so make sure every proxy and CDN in front of this server forwards it.";
    /// No X-WECHAT-HOSTSIGN header.
    MissingHostsign => MissingHostsign,
        "The request has no X-WECHAT-HOSTSIGN header; WeChat sends it with every plugin request (wx.request, uploadFile, downloadFile, connectSocket), so make sure every proxy in front of this server forwards it.";

    /// The Referer is the empty string.
    RefererEmpty => MalformedReferer,
        "The Referer header is empty; it must be exactly https://servicewechat.com/{appid}/{version}/page-frame.html.";
    /// The Referer is longer than 2048 bytes.
    RefererTooLarge => MalformedReferer,
        "The Referer header is longer than 2048 bytes; it must be exactly https://servicewechat.com/{appid}/{version}/page-frame.html.";
    /// The Referer header was sent more than once.
    RefererRepeated => MalformedReferer,
        "The Referer header appears more than once; a WeChat request carries exactly one.";
    /// The Referer value handed to the verifier was not text.
    RefererNotText => MalformedReferer,
        "The Referer header value is not text (a string of valid Unicode, or bytes of valid UTF-8); pass the header value exactly as it was received.";
    /// Wrong scheme, host, port, user info or encoding.
    RefererPrefix => MalformedReferer,
        "The Referer must begin with exactly https://servicewechat.com/ (no other scheme, host, port, user info or encoding).";
    /// Not exactly three path segments ending in `page-frame.html`.
    RefererShape => MalformedReferer,
        "The Referer must be exactly https://servicewechat.com/{appid}/{version}/page-frame.html, with no extra path segments, query or fragment.";
    /// The AppID segment is not `wx` + 16 lowercase hex digits.
    RefererAppid => MalformedReferer,
        "The AppID in the Referer must be wx followed by 16 lowercase hex digits; to also accept other AppIDs such as touristappid from the developer tools, turn strict AppIDs off (strictAppid: false in JavaScript, .strict_appid(false) in Rust).";
    /// The AppID segment is not 1-64 of `[A-Za-z0-9_-]`.
    RefererAppidLoose => MalformedReferer,
        "The AppID in the Referer must be 1 to 64 characters of A-Z, a-z, 0-9, underscore or hyphen.";
    /// The version segment is not `0`, `devtools` or a release number.
    RefererVersion => MalformedReferer,
        "The version in the Referer must be 0, devtools, or a release number of 1 to 10 digits without leading zeros.";

    /// The HostSign is `{}` or has three empty fields.
    Unsigned => Unsigned,
        "The X-WECHAT-HOSTSIGN header carries no signature (WeChat could not fetch one when the Mini Program started); reject the request, and the client succeeds once WeChat has a signature again.";

    /// The HostSign is the empty string.
    HostsignEmpty => MalformedHostsign,
        "The X-WECHAT-HOSTSIGN header is empty; it must be a JSON object with noncestr, timestamp and signature.";
    /// The HostSign is longer than 1024 bytes.
    HostsignTooLarge => MalformedHostsign,
        "The X-WECHAT-HOSTSIGN header is longer than 1024 bytes; a WeChat HostSign is a small JSON object with noncestr, timestamp and signature.";
    /// The HostSign header was sent more than once.
    HostsignRepeated => MalformedHostsign,
        "The X-WECHAT-HOSTSIGN header appears more than once; a WeChat request carries exactly one.";
    /// The HostSign value handed to the verifier was not text.
    HostsignNotText => MalformedHostsign,
        "The X-WECHAT-HOSTSIGN header value is not text (a string of valid Unicode, or bytes of valid UTF-8); pass the header value exactly as it was received.";
    /// Not valid JSON.
    HostsignJson => MalformedHostsign,
        "The X-WECHAT-HOSTSIGN header is not valid JSON; it must be one JSON object such as {\"noncestr\":\"...\",\"timestamp\":1711421951,\"signature\":\"...\"}.";
    /// Valid JSON, but not an object.
    HostsignNotObject => MalformedHostsign,
        "The X-WECHAT-HOSTSIGN header must be a JSON object with noncestr, timestamp and signature.";
    /// Nested deeper than the parser accepts.
    HostsignTooDeep => MalformedHostsign,
        "The X-WECHAT-HOSTSIGN header nests JSON arrays or objects more than 64 levels deep; a WeChat HostSign is a flat object.";
    /// A key appears twice.
    HostsignDuplicateKey => MalformedHostsign,
        "The X-WECHAT-HOSTSIGN header repeats a key; each key may appear only once.";
    /// A `\uD800`-style escape without its pair.
    HostsignLoneSurrogate => MalformedHostsign,
        "The X-WECHAT-HOSTSIGN header contains an unpaired UTF-16 surrogate escape; strings must be valid Unicode.";
    /// One or two of the three fields are missing or empty.
    HostsignMissingField => MalformedHostsign,
        "The X-WECHAT-HOSTSIGN header lacks noncestr, timestamp or signature (or has some but not all of them empty); all three are required.";
    /// `noncestr` is not a non-empty string of at most 128 bytes.
    HostsignNoncestr => MalformedHostsign,
        "The noncestr in X-WECHAT-HOSTSIGN must be a non-empty string of at most 128 bytes.";
    /// `timestamp` is not 1-12 digits in a string nor a plain JSON integer below 2^53.
    HostsignTimestamp => MalformedHostsign,
        "The timestamp in X-WECHAT-HOSTSIGN must be a string of 1 to 12 digits or a non-negative JSON integer below 2^53, without sign, fraction or exponent.";
    /// `signature` is not 40 hex digits.
    HostsignSignature => MalformedHostsign,
        "The signature in X-WECHAT-HOSTSIGN must be a string of exactly 40 hexadecimal digits.";

    /// The AppID is outside the `appids` allowlist.
    AppidNotAllowed => AppidNotAllowed,
        "The AppID in the Referer is not in the appids allowlist; add it if this Mini Program may call the plugin (phone previews run inside a WeChat test Mini Program whose AppID differs from your own).";
    /// The version kind is outside the `versions` allowlist.
    VersionNotAllowed => VersionNotAllowed,
        "The Mini Program version kind (develop, devtools or release) is not in the versions allowlist; add it if such builds may call this server.";
    /// No token reproduces the signature.
    BadSignature => BadSignature,
        "The signature matches none of the configured tokens; check that the token is the plugin's current token from its settings page and that the request was not altered.";
    /// `now - timestamp > max_age`.
    Expired => Expired,
        "The signature is authentic but older than the maximum age (maxAge in JavaScript, max_age in Rust; 660 seconds by default); check this server's clock and that no cache or proxy replays old requests.";
    /// `timestamp - now > clock_skew`.
    NotYetValid => NotYetValid,
        "The signature is authentic but its timestamp is further in the future than the clock skew allows (clockSkew in JavaScript, clock_skew in Rust; 60 seconds by default); check this server's clock.";

    /// Not one token configured.
    OptionsNoToken => InvalidOptions,
        "No token is configured; pass token (or tokens for rotation) with the plugin's token from its settings page.";
    /// A configured token is the empty string.
    OptionsEmptyToken => InvalidOptions,
        "A configured token is empty; every token must be the non-empty token from the plugin's settings page.";
    /// A token is not a string. JavaScript only: the Rust API's types rule it out.
    OptionsTokenType => InvalidOptions,
        "token must be a non-empty string and tokens a non-empty array of non-empty strings.";
    /// Both `token` and `tokens`. JavaScript only: the Rust API's types rule it out.
    OptionsTokenAndTokens => InvalidOptions,
        "Pass either token or tokens, not both.";
    /// A token is not valid Unicode (unpaired surrogate). JavaScript only: the Rust API's types rule it out.
    OptionsTokenNotUnicode => InvalidOptions,
        "A configured token contains an unpaired UTF-16 surrogate; tokens must be valid Unicode text.";
    /// Too many tokens.
    OptionsTooManyTokens => InvalidOptions,
        "At most 16 tokens may be configured at once; rotation needs two or three.";
    /// A token longer than the limit.
    OptionsTokenTooLong => InvalidOptions,
        "A configured token is longer than 1024 bytes; use the token from the plugin's settings page.";
    /// `max_age` is not a non-negative integer or null. JavaScript only: the Rust API's types rule it out.
    OptionsMaxAge => InvalidOptions,
        "maxAge must be a non-negative integer number of seconds, or null to turn the age check off.";
    /// `clock_skew` is not a non-negative integer. JavaScript only: the Rust API's types rule it out.
    OptionsClockSkew => InvalidOptions,
        "clockSkew must be a non-negative integer number of seconds.";
    /// `appids` is empty or not a list.
    OptionsAppids => InvalidOptions,
        "appids must be a non-empty list of AppIDs; leave it out to accept every AppID.";
    /// An entry of `appids` is not a valid AppID.
    OptionsAppidInvalid => InvalidOptions,
        "Every entry of appids must be a valid AppID: wx followed by 16 lowercase hex digits (or, with strict AppIDs off, 1 to 64 of A-Z, a-z, 0-9, underscore or hyphen).";
    /// `versions` is empty or not a list.
    OptionsVersions => InvalidOptions,
        "versions must be a non-empty list of version kinds; leave it out to accept every kind.";
    /// An entry of `versions` is not a version kind.
    OptionsUnknownVersion => InvalidOptions,
        "Every entry of versions must be one of develop, devtools or release.";
    /// `strict_appid` is not a boolean. JavaScript only: the Rust API's types rule it out.
    OptionsStrictAppid => InvalidOptions,
        "strictAppid must be true or false.";
    /// The options are not an object. JavaScript only: the Rust API's types rule it out.
    OptionsNotObject => InvalidOptions,
        "The options must be an object such as { token: '...' }.";
    /// An option name that does not exist. JavaScript only: the Rust API's types rule it out.
    OptionsUnknown => InvalidOptions,
        "An option name is not recognised; check its spelling against token, tokens, maxAge, clockSkew, appids, versions and strictAppid.";
    /// `now` is not a usable time. JavaScript only: the Rust API's types rule it out.
    OptionsNow => InvalidOptions,
        "now must be a Date or a non-negative number of seconds since the Unix epoch (not milliseconds: divide Date.now() by 1000).";
    /// A value to sign is not valid.
    SignAppid => InvalidOptions,
        "The appid to sign must be wx followed by 16 lowercase hex digits (or, with strict AppIDs off, 1 to 64 of A-Z, a-z, 0-9, underscore or hyphen).";
    /// A nonce to sign is not valid.
    SignNoncestr => InvalidOptions,
        "The noncestr to sign must be a non-empty string of at most 128 bytes.";
    /// A timestamp to sign is not valid.
    SignTimestamp => InvalidOptions,
        "The timestamp to sign must be a non-negative integer below 2^53 or a string of 1 to 12 digits.";
    /// A version to sign is not valid.
    SignVersion => InvalidOptions,
        "The version to sign must be develop, devtools, or a release number from 1 to 9999999999 (0 means develop).";
    /// An argument that must be a string is not. JavaScript only: the Rust API's types rule it out.
    ArgumentNotString => InvalidOptions,
        "Each argument must be a string of valid Unicode text.";
    /// A sign request without a nonce or timestamp where the build has no
    /// clock or random source (Rust without `std`, or wasm32-unknown-unknown).
    SignNeedsClock => InvalidOptions,
        "This build has no system clock or random source (no std feature, or wasm32-unknown-unknown such as a Cloudflare Worker); set the noncestr and the timestamp to sign.";
    /// `token: undefined` (and no `tokens`): the environment variable it is
    /// read from is not set. JavaScript only: the Rust API's types rule it out.
    OptionsTokenUndefined => InvalidOptions,
        "token is undefined, so the variable it is read from (such as process.env.PLUGIN_TOKEN) is not set; set it to the plugin's token from its settings page.";
}

impl Reason {
    /// The message in `locale`: [`message`](Reason::message) in English, the
    /// same sentence in Chinese for [`Locale::ZhCn`].
    pub const fn message_in(self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.message(),
            Locale::ZhCn => locale::zh_cn(self),
        }
    }

    /// The reason with this discriminant, if any (`Reason::from_index(r as u8) == Some(r)`).
    /// Not part of the API (the WebAssembly binding's wire format).
    #[doc(hidden)]
    pub fn from_index(index: u8) -> Option<Reason> {
        Reason::ALL.get(usize::from(index)).copied()
    }
}

/// A refusal: the outcome [`Code`], and the [`Reason`] with its message.
///
/// `Error` is `Copy` and carries no input data, so it can never leak a token.
/// It implements `core::error::Error` (so `std::error::Error`), and its
/// `Display` is `CODE: message`.
///
/// ```
/// use wechat_hostsign::{Code, Error, Reason, Verifier};
///
/// let err: Error = Verifier::builder().build().unwrap_err();
/// assert_eq!(err.code(), Code::InvalidOptions);
/// assert!(err.to_string().starts_with("INVALID_OPTIONS: No token is configured"));
/// let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
/// assert_eq!(boxed.to_string(), Error::new(Reason::OptionsNoToken).to_string());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Error {
    reason: Reason,
}

impl Error {
    /// The error for `reason`.
    ///
    /// ```
    /// use wechat_hostsign::{Code, Error, Reason};
    /// assert_eq!(Error::new(Reason::BadSignature).code(), Code::BadSignature);
    /// ```
    pub const fn new(reason: Reason) -> Error {
        Error { reason }
    }
    /// The stable outcome code.
    ///
    /// ```
    /// use wechat_hostsign::{parse_referer, Code};
    /// assert_eq!(parse_referer("", true).unwrap_err().code(), Code::MalformedReferer);
    /// ```
    pub const fn code(&self) -> Code {
        self.reason.code()
    }
    /// The precise reason.
    ///
    /// ```
    /// use wechat_hostsign::{parse_referer, Reason};
    /// assert_eq!(parse_referer("", true).unwrap_err().reason(), Reason::RefererEmpty);
    /// ```
    pub const fn reason(&self) -> Reason {
        self.reason
    }
    /// One plain English sentence that says what to fix (never a header
    /// value, so never the token).
    ///
    /// ```
    /// use wechat_hostsign::parse_hostsign;
    /// let err = parse_hostsign("{}").unwrap_err();
    /// assert!(err.message().starts_with("The X-WECHAT-HOSTSIGN header carries no signature"));
    /// ```
    pub const fn message(&self) -> &'static str {
        self.reason.message()
    }
    /// The same sentence in Chinese (WeChat's terms: 插件 Token, 校验签名…).
    pub const fn message_zh(&self) -> &'static str {
        self.reason.message_in(Locale::ZhCn)
    }
    /// The message in `locale`.
    pub const fn message_in(&self, locale: Locale) -> &'static str {
        self.reason.message_in(locale)
    }
}

impl From<Reason> for Error {
    fn from(reason: Reason) -> Error {
        Error { reason }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code().as_str(), self.message())
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_reason_and_names_are_stable() {
        for &code in Code::ALL {
            assert!(
                Reason::ALL.iter().any(|r| r.code() == code),
                "{code} has no reason"
            );
            let name = code.as_str();
            assert!(name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'));
        }
    }

    #[test]
    fn reasons_index_round_trip() {
        for (i, r) in Reason::ALL.iter().enumerate() {
            assert_eq!(*r as usize, i);
            assert_eq!(Reason::from_index(i as u8), Some(*r));
        }
        assert_eq!(Reason::from_index(u8::MAX), None);
    }

    /// Reasons only the npm package's option checks produce (the Rust API's
    /// types rule them out), so their JavaScript spelling is the right one.
    const JS_ONLY: [Reason; 11] = [
        Reason::OptionsTokenType,
        Reason::OptionsTokenUndefined,
        Reason::OptionsTokenAndTokens,
        Reason::OptionsTokenNotUnicode,
        Reason::OptionsMaxAge,
        Reason::OptionsClockSkew,
        Reason::OptionsStrictAppid,
        Reason::OptionsNotObject,
        Reason::OptionsUnknown,
        Reason::OptionsNow,
        Reason::ArgumentNotString,
    ];

    #[test]
    fn messages_read_right_in_rust_too() {
        // Every option named in its JavaScript spelling is also named in its
        // Rust spelling, and no JavaScript-only type word is the only hint.
        let pairs = [
            ("strictAppid", ".strict_appid("),
            ("maxAge", "max_age"),
            ("clockSkew", "clock_skew"),
        ];
        for r in Reason::ALL.iter().filter(|r| !JS_ONLY.contains(r)) {
            let m = r.message();
            for (js, rust) in pairs {
                assert!(
                    !m.contains(js) || m.contains(rust),
                    "{r:?} names {js} but not {rust}: {m}"
                );
            }
            for word in [" array of", " null", "Date", "undefined", "{ "] {
                assert!(
                    !m.contains(word),
                    "{r:?} says {word:?}, a JavaScript word: {m}"
                );
            }
        }
        for r in JS_ONLY {
            assert!(r.name().starts_with("Options") || r.name().starts_with("Argument"));
        }
    }

    #[test]
    fn messages_are_one_sentence() {
        for r in Reason::ALL {
            let m = r.message();
            assert!(m.ends_with('.'), "{r:?}: {m}");
            assert!(m.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_lowercase()));
            // One sentence: no sentence break before the final full stop.
            let body = &m[..m.len() - 1];
            assert!(
                !body.contains(". "),
                "{r:?} has more than one sentence: {m}"
            );
            assert!(m.len() < 300, "{r:?} message is too long");
        }
    }
}
