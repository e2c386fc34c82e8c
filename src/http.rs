//! From an HTTP request's headers to the verifier, and from a refusal to a
//! 401 response, without depending on an HTTP framework.
//!
//! A header may be absent, sent once, sent more than once (malformed: a
//! WeChat request carries exactly one of each) or not UTF-8. A framework
//! hands over a header's values as byte slices; [`header_input`] turns them
//! into the verifier's [`Input`], decoding UTF-8 (so a valid non-ASCII value
//! such as `é` is a value, refused or accepted on its merits, never
//! "missing"). With the `http` feature, `Verifier::verify_header_map` does
//! both headers of an `http::HeaderMap` (axum, hyper,
//! reqwest, tonic). [`Error::json_body`] is the body of the 401 response.
//!
//! ```
//! use wechat_hostsign::http::{header_input, REFERER, X_WECHAT_HOSTSIGN};
//! use wechat_hostsign::{Code, Input, SignRequest, Verifier};
//!
//! // Header values as a framework sees them: (name, bytes), maybe repeated.
//! let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("abc").timestamp(1711421951).sign()?;
//! let headers: Vec<(&str, &[u8])> = vec![
//!     ("referer", signed.referer.as_bytes()),
//!     ("x-wechat-hostsign", signed.hostsign.as_bytes()),
//! ];
//! let values = |name: &'static str| {
//!     headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
//! };
//! let verifier = Verifier::new("token")?;
//! let ok = verifier.verify(header_input(values(REFERER)), header_input(values(X_WECHAT_HOSTSIGN)), 1711421960)?;
//! assert_eq!(ok.appid, "wx0123456789abcdef");
//!
//! // Absent, repeated, not UTF-8, and valid non-ASCII UTF-8:
//! assert_eq!(header_input(Vec::<&[u8]>::new()), Input::Absent);
//! assert_eq!(header_input([b"a".as_slice(), b"b".as_slice()]), Input::Repeated);
//! assert_eq!(header_input([b"\xff".as_slice()]), Input::NotText);
//! assert_eq!(header_input(["é".as_bytes()]), Input::Value("é"));
//!
//! let err = verifier.verify(header_input(["é".as_bytes()]), signed.hostsign.as_str(), 1711421960).unwrap_err();
//! assert_eq!(err.code(), Code::MalformedReferer);
//! assert_eq!(
//!     err.json_body(),
//!     r#"{"error":"MALFORMED_REFERER","message":"The Referer must begin with exactly https://servicewechat.com/ (no other scheme, host, port, user info or encoding)."}"#
//! );
//! # Ok::<(), wechat_hostsign::Error>(())
//! ```
#![forbid(unsafe_code)]

use crate::error::Error;
use crate::hostsign::push_json_string;
use crate::locale::Locale;
use crate::verifier::Input;
use alloc::string::String;

/// The Referer header's name, lowercase (HTTP/2 and `http::HeaderName` form).
pub const REFERER: &str = "referer";
/// The HostSign header's name, lowercase.
pub const X_WECHAT_HOSTSIGN: &str = "x-wechat-hostsign";
/// The status of a refused request: 401 Unauthorized.
pub const UNAUTHORIZED: u16 = 401;
/// The content type of [`Error::json_body`].
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// One header's values, in the order received, as the verifier's input:
/// none → [`Input::Absent`]; one → [`Input::Value`] if it is UTF-8, else
/// [`Input::NotText`]; two or more → [`Input::Repeated`].
///
/// Takes any iterator of byte slices (`&[u8]`, `&str`, `&Vec<u8>`,
/// `&http::HeaderValue`, …). Pass every value of the header, not just the
/// first (`HeaderMap::get_all`, not `get`), or a repeated header slips
/// through.
///
/// ```
/// use wechat_hostsign::http::header_input;
/// use wechat_hostsign::Input;
///
/// assert_eq!(header_input(["{}"]), Input::Value("{}"));
/// assert_eq!(header_input(["{}", "{}"]), Input::Repeated);
/// assert_eq!(header_input([&b"\xff"[..]]), Input::NotText);
/// ```
pub fn header_input<'a, B>(values: impl IntoIterator<Item = &'a B>) -> Input<'a>
where
    B: AsRef<[u8]> + ?Sized + 'a,
{
    let mut values = values.into_iter();
    match (values.next(), values.next()) {
        (None, _) => Input::Absent,
        (Some(_), Some(_)) => Input::Repeated,
        (Some(value), None) => match core::str::from_utf8(value.as_ref()) {
            Ok(text) => Input::Value(text),
            Err(_) => Input::NotText,
        },
    }
}

/// A header value that the runtime may already have joined, as the
/// verifier's input: none → [`Input::Absent`]; a value containing `", "`
/// → [`Input::Repeated`]; any other → [`Input::Value`].
///
/// Fetch's `Headers` (a Cloudflare Worker's `req.headers().get(…)`, Deno,
/// Bun) returns a repeated header as its values joined with `", "`, and two
/// halves can join into a valid HostSign. Where only such a joined value is
/// available, pass it through this function: the header WeChat sends never
/// contains `", "` (an exact Referer URL; a compact JSON HostSign), so only a
/// join (or a hand-made HostSign with a space after a comma) is refused —
/// the npm package applies the same rule to Fetch `Headers`.
///
/// ```
/// use wechat_hostsign::http::joined_header_input;
/// use wechat_hostsign::Input;
///
/// assert_eq!(joined_header_input(None), Input::Absent);
/// assert_eq!(joined_header_input(Some(r#"{"noncestr":"a","#)), Input::Value(r#"{"noncestr":"a","#));
/// assert_eq!(joined_header_input(Some(r#"{"a":["x", "y"]}"#)), Input::Repeated);
/// ```
pub fn joined_header_input(value: Option<&str>) -> Input<'_> {
    match value {
        None => Input::Absent,
        Some(v) if v.contains(", ") => Input::Repeated,
        Some(v) => Input::Value(v),
    }
}

impl Error {
    /// The body of the 401 response: `{"error": CODE, "message": …}`, the
    /// same JSON as the npm package's middleware sends (valid JSON whatever
    /// the message contains; ASCII only). Serve it with status
    /// [`UNAUTHORIZED`] and content type [`JSON_CONTENT_TYPE`].
    ///
    /// ```
    /// use wechat_hostsign::parse_hostsign;
    /// let body = parse_hostsign("{}").unwrap_err().json_body();
    /// assert!(body.starts_with(r#"{"error":"UNSIGNED","message":"The X-WECHAT-HOSTSIGN header carries no signature"#));
    /// ```
    pub fn json_body(&self) -> String {
        self.json_body_in(Locale::En)
    }

    /// [`json_body`](Error::json_body) with the message in `locale` (the
    /// same code): `{"error":"EXPIRED","message":"签名校验通过，…"}`, the
    /// Chinese escaped as `\uXXXX` so the body stays ASCII.
    pub fn json_body_in(&self, locale: Locale) -> String {
        let message = self.message_in(locale);
        let mut body = String::with_capacity(32 + message.len() + message.len() / 8);
        body.push_str("{\"error\":");
        push_json_string(&mut body, self.code().as_str());
        body.push_str(",\"message\":");
        push_json_string(&mut body, message);
        body.push('}');
        body
    }
}

#[cfg(feature = "http")]
mod header_map {
    use super::{REFERER, X_WECHAT_HOSTSIGN, header_input};
    use crate::error::Error;
    use crate::verifier::{Verified, Verifier};
    use ::http::HeaderMap;

    impl Verifier {
        /// Verifies a request's headers at `now` (seconds since the Unix
        /// epoch), every value of each header included: a repeated header is
        /// malformed, a non-UTF-8 value too. Call
        /// [`into_owned`](Verified::into_owned) on the result to keep it
        /// after the request.
        ///
        /// ```
        /// use http::{HeaderMap, HeaderValue};
        /// use wechat_hostsign::{Code, SignRequest, Verifier};
        ///
        /// let signed = SignRequest::new("wx0123456789abcdef", "token").noncestr("abc").timestamp(1711421951).sign()?;
        /// let mut headers = HeaderMap::new();
        /// headers.insert("referer", HeaderValue::from_str(&signed.referer).unwrap());
        /// headers.insert("x-wechat-hostsign", HeaderValue::from_str(&signed.hostsign).unwrap());
        /// let verifier = Verifier::new("token")?;
        /// assert!(verifier.verify_header_map(&headers, 1711421960).is_ok());
        ///
        /// headers.append("x-wechat-hostsign", HeaderValue::from_static("{}"));
        /// let err = verifier.verify_header_map(&headers, 1711421960).unwrap_err();
        /// assert_eq!(err.code(), Code::MalformedHostsign);
        /// # Ok::<(), wechat_hostsign::Error>(())
        /// ```
        pub fn verify_header_map<'a>(
            &self,
            headers: &'a HeaderMap,
            now: u64,
        ) -> Result<Verified<'a>, Error> {
            self.verify(
                header_input(headers.get_all(REFERER)),
                header_input(headers.get_all(X_WECHAT_HOSTSIGN)),
                now,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Code, Reason, SignRequest, Verifier};

    #[test]
    fn every_body_is_json_with_the_code_and_message() {
        for r in Reason::ALL {
            let body = crate::Error::new(*r).json_body();
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert_eq!(v["error"], r.code().as_str());
            assert_eq!(v["message"], r.message());
            assert_eq!(v.as_object().unwrap().len(), 2);
            assert!(body.is_ascii());
        }
        // Some messages contain quotes: the body must still parse.
        assert!(Reason::HostsignJson.message().contains('"'));
    }

    #[test]
    fn header_values_become_inputs() {
        let signed = SignRequest::new("wx0123456789abcdef", "t")
            .noncestr("\u{e9}")
            .timestamp(100)
            .sign()
            .unwrap();
        let v = Verifier::new("t").unwrap();
        fn one(s: &str) -> Input<'_> {
            header_input([s.as_bytes()])
        }
        // A valid non-ASCII nonce, sent as raw UTF-8, verifies.
        let raw = signed.hostsign.replace("\\u00e9", "\u{e9}");
        assert!(raw.contains('\u{e9}'));
        let ok = v.verify(one(&signed.referer), one(&raw), 100).unwrap();
        assert_eq!(ok.noncestr.as_str(), "\u{e9}");
        let code = |r: Input<'_>, h: Input<'_>| v.verify(r, h, 100).unwrap_err().reason();
        let none = header_input(core::iter::empty::<&[u8]>());
        assert_eq!(code(none, one(&raw)), Reason::MissingReferer);
        assert_eq!(code(one(&signed.referer), none), Reason::MissingHostsign);
        let twice = [signed.referer.as_bytes(), signed.referer.as_bytes()];
        assert_eq!(
            code(header_input(twice), one(&raw)),
            Reason::RefererRepeated
        );
        let twice = [raw.as_bytes(), raw.as_bytes()];
        assert_eq!(
            code(one(&signed.referer), header_input(twice)),
            Reason::HostsignRepeated
        );
        let latin1 = [0xe9u8];
        assert_eq!(
            code(header_input([&latin1[..]]), one(&raw)),
            Reason::RefererNotText
        );
        assert_eq!(
            code(one(&signed.referer), header_input([&latin1[..]])),
            Reason::HostsignNotText
        );
        assert_eq!(
            v.verify(one("\u{e9}"), one(&raw), 100).unwrap_err().code(),
            Code::MalformedReferer
        );
    }
}
