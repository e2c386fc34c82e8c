//! The Referer of a plugin request:
//! exactly `https://servicewechat.com/{appid}/{version}/page-frame.html`.
//!
//! The match is exact and anchored: no other scheme or host, no port, user
//! info, subdomain, percent-encoding, extra or missing segment, query or
//! fragment. (Loose patterns let `https://evil.example/?https://servicewechat.com/…`
//! through.)
//!
//! ```
//! use wechat_hostsign::{parse_referer, Version, Code};
//!
//! let r = parse_referer("https://servicewechat.com/wx0123456789abcdef/12/page-frame.html", true).unwrap();
//! assert_eq!(r.appid, "wx0123456789abcdef");
//! assert_eq!(r.version, Version::Release(12));
//!
//! let evil = "https://evil.example/?https://servicewechat.com/wx0123456789abcdef/0/page-frame.html";
//! assert_eq!(parse_referer(evil, true).unwrap_err().code(), Code::MalformedReferer);
//!
//! // The developer tools use the AppID `touristappid`: only with strict_appid off.
//! let dev = "https://servicewechat.com/touristappid/devtools/page-frame.html";
//! assert!(parse_referer(dev, true).is_err());
//! assert_eq!(parse_referer(dev, false).unwrap().version, Version::Devtools);
//! ```
#![forbid(unsafe_code)]

use crate::error::{Error, Reason};
use crate::signature::starts_with;
use alloc::string::String;
use core::fmt;

/// What every Referer must begin with.
pub const PREFIX: &str = "https://servicewechat.com/";
/// The last path segment of every Referer.
pub const PAGE: &str = "page-frame.html";
/// A Referer longer than this many bytes is malformed before any parsing.
pub const MAX_REFERER_LEN: usize = 2048;
/// The longest AppID accepted when `strict_appid` is off.
pub const MAX_LOOSE_APPID_LEN: usize = 64;

/// The version segment of the Referer. It is *not* signed: see
/// [`VersionKind`] for what an allowlist of it can and cannot do.
///
/// Exhaustive, as the Referer's shape is: `0`, `devtools` or a number
/// (anything else is `MALFORMED_REFERER`). With `serde` it serialises as
/// the npm package's `{"kind": "release", "number": 7}`.
///
/// ```
/// use wechat_hostsign::{parse_referer, Version};
///
/// let r = parse_referer("https://servicewechat.com/wx0123456789abcdef/7/page-frame.html", true)?;
/// assert_eq!(r.version, Version::Release(7));
/// assert_eq!(r.version.to_string(), "7");
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "kind", content = "number", rename_all = "lowercase")
)]
pub enum Version {
    /// `0`: a develop, trial or review build.
    Develop,
    /// `devtools`: the WeChat developer tools.
    Devtools,
    /// A release build with this number (1..=9999999999).
    Release(u64),
}

impl Version {
    /// The kind of this version.
    ///
    /// ```
    /// use wechat_hostsign::{Version, VersionKind};
    /// assert_eq!(Version::Release(3).kind(), VersionKind::Release);
    /// ```
    pub const fn kind(self) -> VersionKind {
        match self {
            Version::Develop => VersionKind::Develop,
            Version::Devtools => VersionKind::Devtools,
            Version::Release(_) => VersionKind::Release,
        }
    }

    /// Parses a version segment: `0`, `devtools`, or `[1-9][0-9]{0,9}`.
    ///
    /// ```
    /// use wechat_hostsign::Version;
    /// assert_eq!(Version::parse("0"), Some(Version::Develop));
    /// assert_eq!(Version::parse("devtools"), Some(Version::Devtools));
    /// assert_eq!(Version::parse("795"), Some(Version::Release(795)));
    /// assert_eq!(Version::parse("07"), None);
    /// ```
    pub fn parse(segment: &str) -> Option<Version> {
        match segment {
            "0" => Some(Version::Develop),
            "devtools" => Some(Version::Devtools),
            s if (1..=10).contains(&s.len())
                && !s.starts_with('0')
                && s.bytes().all(|b| b.is_ascii_digit()) =>
            {
                s.parse().ok().map(Version::Release)
            }
            _ => None,
        }
    }
}

impl fmt::Display for Version {
    /// The segment as it appears in the Referer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Version::Develop => f.write_str("0"),
            Version::Devtools => f.write_str("devtools"),
            Version::Release(n) => write!(f, "{n}"),
        }
    }
}

/// The kind of a [`Version`], as named in a `versions` allowlist.
///
/// The version segment is not covered by the signature, so an allowlist of
/// kinds guards against misconfiguration (a develop build pointed at the
/// production server), not against an attacker, who can rewrite the segment.
///
/// ```
/// use wechat_hostsign::{Code, SignRequest, Verifier, Version, VersionKind};
///
/// let production = Verifier::builder().token("token").versions([VersionKind::Release]).build()?;
/// let develop = SignRequest::new("wx0123456789abcdef", "token").noncestr("n").timestamp(1).version(Version::Develop).sign()?;
/// let err = production.verify(develop.referer.as_str(), develop.hostsign.as_str(), 1).unwrap_err();
/// assert_eq!(err.code(), Code::VersionNotAllowed);
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum VersionKind {
    /// `0`.
    Develop,
    /// `devtools`.
    Devtools,
    /// Any release number.
    Release,
}

impl VersionKind {
    /// `"develop"`, `"devtools"` or `"release"`.
    ///
    /// ```
    /// assert_eq!(wechat_hostsign::VersionKind::Devtools.as_str(), "devtools");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            VersionKind::Develop => "develop",
            VersionKind::Devtools => "devtools",
            VersionKind::Release => "release",
        }
    }

    /// The kind named `name` (`"develop"`, `"devtools"` or `"release"`),
    /// e.g. from a configuration file.
    ///
    /// ```
    /// use wechat_hostsign::{Code, VersionKind};
    /// assert_eq!(VersionKind::from_name("release")?, VersionKind::Release);
    /// assert_eq!(VersionKind::from_name("trial").unwrap_err().code(), Code::InvalidOptions);
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn from_name(name: &str) -> Result<VersionKind, Error> {
        match name {
            "develop" => Ok(VersionKind::Develop),
            "devtools" => Ok(VersionKind::Devtools),
            "release" => Ok(VersionKind::Release),
            _ => Err(Error::new(Reason::OptionsUnknownVersion)),
        }
    }
}

/// A parsed Referer (`#[non_exhaustive]`: build one by parsing).
///
/// ```
/// use wechat_hostsign::{parse_referer, Referer, Version};
/// let Referer { appid, version, .. } = parse_referer("https://servicewechat.com/touristappid/devtools/page-frame.html", false)?;
/// assert_eq!((appid, version), ("touristappid", Version::Devtools));
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Referer<'a> {
    /// The host Mini Program's AppID (signed).
    pub appid: &'a str,
    /// The build's version (not signed).
    pub version: Version,
}

/// Whether `appid` is an AppID: `wx` + 16 lowercase hex digits when `strict`,
/// otherwise 1 to 64 of `[A-Za-z0-9_-]`.
pub(crate) fn is_valid_appid(appid: &str, strict: bool) -> bool {
    if strict {
        appid.len() == 18
            && appid.starts_with("wx")
            && appid
                .bytes()
                .skip(2)
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    } else {
        (1..=MAX_LOOSE_APPID_LEN).contains(&appid.len())
            && appid
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    }
}

/// Parses a Referer header value. With `strict_appid` the AppID must be `wx`
/// + 16 lowercase hex digits; without, 1 to 64 of `[A-Za-z0-9_-]`.
///
/// ```
/// use wechat_hostsign::{parse_referer, Reason, Version};
///
/// let r = parse_referer("https://servicewechat.com/wx0123456789abcdef/0/page-frame.html", true)?;
/// assert_eq!((r.appid, r.version), ("wx0123456789abcdef", Version::Develop));
///
/// // Anchored: another host, a port or a query is refused.
/// for bad in [
///     "https://evil.example/?https://servicewechat.com/wx0123456789abcdef/0/page-frame.html",
///     "https://servicewechat.com:443/wx0123456789abcdef/0/page-frame.html",
///     "https://servicewechat.com/wx0123456789abcdef/0/page-frame.html?x",
/// ] {
///     assert!(parse_referer(bad, true).is_err(), "{bad}");
/// }
/// let loose = "https://servicewechat.com/touristappid/devtools/page-frame.html";
/// assert_eq!(parse_referer(loose, true).unwrap_err().reason(), Reason::RefererAppid);
/// assert!(parse_referer(loose, false).is_ok());
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
pub fn parse_referer(referer: &str, strict_appid: bool) -> Result<Referer<'_>, Error> {
    if referer.is_empty() {
        return Err(Reason::RefererEmpty.into());
    }
    if referer.len() > MAX_REFERER_LEN {
        return Err(Reason::RefererTooLarge.into());
    }
    if !starts_with(referer.as_bytes(), PREFIX.as_bytes()) {
        return Err(Reason::RefererPrefix.into());
    }
    // `{appid}/{version}/page-frame.html`, exactly three segments. (Byte
    // searches: every delimiter is ASCII, so the splits fall on characters.)
    let path = referer.get(PREFIX.len()..).unwrap_or_default();
    let (appid, version) = path
        .len()
        .checked_sub(PAGE.len() + 1)
        .filter(|&end| path.as_bytes().get(end..) == Some(b"/page-frame.html".as_slice()))
        .and_then(|end| {
            let segments = path.get(..end)?;
            let slash = segments.bytes().position(|b| b == b'/')?;
            let (appid, version) = (segments.get(..slash)?, segments.get(slash + 1..)?);
            (!version.bytes().any(|b| b == b'/')).then_some((appid, version))
        })
        .ok_or(Error::new(Reason::RefererShape))?;
    if !is_valid_appid(appid, strict_appid) {
        return Err(if strict_appid {
            Reason::RefererAppid
        } else {
            Reason::RefererAppidLoose
        }
        .into());
    }
    let version = Version::parse(version).ok_or(Error::new(Reason::RefererVersion))?;
    Ok(Referer { appid, version })
}

/// Writes the Referer for `appid` and `version`. Not part of the API
/// ([`SignRequest`](crate::SignRequest) is): the fuzz targets' round trip.
#[doc(hidden)]
pub fn format_referer(appid: &str, version: Version) -> String {
    let mut out = String::with_capacity(PREFIX.len() + appid.len() + 12 + PAGE.len() + 1);
    out.push_str(PREFIX);
    out.push_str(appid);
    out.push('/');
    match version {
        Version::Develop => out.push('0'),
        Version::Devtools => out.push_str("devtools"),
        Version::Release(n) => push_u64(&mut out, n),
    }
    out.push('/');
    out.push_str(PAGE);
    out
}

/// Appends the decimal digits of `n` (without `core::fmt`, which would add
/// kilobytes to the WebAssembly build).
pub(crate) fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    out.push_str(core::str::from_utf8(digits.get(i..).unwrap_or_default()).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    const A: &str = "wx0123456789abcdef";

    fn ok(s: &str) -> Referer<'_> {
        match parse_referer(s, true) {
            Ok(r) => r,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    #[test]
    fn accepts_the_three_version_kinds() {
        let base = "https://servicewechat.com/wx0123456789abcdef";
        assert_eq!(
            ok(&format!("{base}/0/page-frame.html")).version,
            Version::Develop
        );
        assert_eq!(
            ok(&format!("{base}/devtools/page-frame.html")).version,
            Version::Devtools
        );
        assert_eq!(
            ok(&format!("{base}/795/page-frame.html")).version,
            Version::Release(795)
        );
        assert_eq!(
            ok(&format!("{base}/9999999999/page-frame.html")).version,
            Version::Release(9_999_999_999)
        );
    }

    #[test]
    fn format_round_trips() {
        for v in [
            Version::Develop,
            Version::Devtools,
            Version::Release(1),
            Version::Release(9_999_999_999),
        ] {
            let s = format_referer(A, v);
            assert_eq!(
                ok(&s),
                Referer {
                    appid: A,
                    version: v
                }
            );
            assert_eq!(
                s,
                format!("https://servicewechat.com/{A}/{v}/page-frame.html")
            );
        }
    }

    #[test]
    fn push_u64_matches_display() {
        for n in [0u64, 1, 9, 10, 99, 12345, u64::MAX] {
            let mut s = String::new();
            push_u64(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn rejects_every_deviation() {
        let bad = [
            "",
            "http://servicewechat.com/wx0123456789abcdef/0/page-frame.html",
            "https://servicewechat.com:443/wx0123456789abcdef/0/page-frame.html",
            "https://user@servicewechat.com/wx0123456789abcdef/0/page-frame.html",
            "https://evil.servicewechat.com/wx0123456789abcdef/0/page-frame.html",
            "https://servicewechat.com.evil.example/wx0123456789abcdef/0/page-frame.html",
            "https://evil.example/?https://servicewechat.com/wx0123456789abcdef/0/page-frame.html",
            "HTTPS://SERVICEWECHAT.COM/wx0123456789abcdef/0/page-frame.html",
            "https://servicewechat.com/wx0123456789abcdef/0/page-frame.html?x=1",
            "https://servicewechat.com/wx0123456789abcdef/0/page-frame.html#f",
            "https://servicewechat.com/wx0123456789abcdef/0/page-frame.html/",
            "https://servicewechat.com/wx0123456789abcdef/0/x/page-frame.html",
            "https://servicewechat.com/wx0123456789abcdef/page-frame.html",
            "https://servicewechat.com//0/page-frame.html",
            "https://servicewechat.com/wx0123456789abcdef//page-frame.html",
            "https://servicewechat.com/wx0123456789ABCDEF/0/page-frame.html",
            "https://servicewechat.com/wx0123456789abcde/0/page-frame.html",
            "https://servicewechat.com/wx0123456789abcdef0/0/page-frame.html",
            "https://servicewechat.com/wx%30123456789abcdef/0/page-frame.html",
            "https://servicewechat.com/touristappid/devtools/page-frame.html",
            "https://servicewechat.com/wx0123456789abcdef/00/page-frame.html",
            "https://servicewechat.com/wx0123456789abcdef/01/page-frame.html",
            "https://servicewechat.com/wx0123456789abcdef/-1/page-frame.html",
            "https://servicewechat.com/wx0123456789abcdef/+1/page-frame.html",
            "https://servicewechat.com/wx0123456789abcdef/10000000000/page-frame.html",
            "https://servicewechat.com/wx0123456789abcdef/Devtools/page-frame.html",
            "https://servicewechat.com/wx0123456789abcdef/0/page-frame.htm",
            "https://servicewechat.com/wx0123456789abcdef/0/Page-frame.html",
            " https://servicewechat.com/wx0123456789abcdef/0/page-frame.html",
            "https://servicewechat.com/wx0123456789abcdef/0/page-frame.html ",
            "https://servicewechat.com/wx0123456789abcdef/0\\page-frame.html",
            "https://servicewechat.com/wx0123456789abcdef/٣/page-frame.html",
        ];
        for s in bad {
            let err = parse_referer(s, true).expect_err(s);
            assert_eq!(err.code(), Code::MalformedReferer, "{s}");
        }
        let long = format!(
            "https://servicewechat.com/{}/0/page-frame.html",
            "a".repeat(2048)
        );
        assert_eq!(
            parse_referer(&long, false).unwrap_err().reason(),
            Reason::RefererTooLarge
        );
    }

    #[test]
    fn loose_appids() {
        assert!(is_valid_appid("touristappid", false));
        assert!(is_valid_appid("A-z_0", false));
        assert!(is_valid_appid(&"a".repeat(64), false));
        assert!(!is_valid_appid(&"a".repeat(65), false));
        assert!(!is_valid_appid("", false));
        assert!(!is_valid_appid("a.b", false));
        assert!(!is_valid_appid("é", false));
    }
}
