//! The `X-WECHAT-HOSTSIGN` header:
//! `{"noncestr":"…","timestamp":1711421951,"signature":"<40 hex>"}`.
//!
//! Parsed as one strict JSON object (RFC 8259): whitespace allowed, escapes
//! decoded (`"\u006eoncestr"` is `noncestr`), unknown keys ignored,
//! duplicate keys rejected. `timestamp` may be a string of 1–12 digits or a
//! plain JSON integer below 2^53; the signed text is the digits as written.
//! `{}` (or three empty strings) is [`Code::Unsigned`](crate::Code::Unsigned):
//! WeChat sends that when it has no signature.
//!
//! ```
//! use wechat_hostsign::{parse_hostsign, Code};
//!
//! let h = parse_hostsign(r#"{"noncestr":"abc","timestamp":1711421951,"signature":"2AFF2D89CFF5C5ADAFEC6D11D921EF517441BD66"}"#).unwrap();
//! assert_eq!(h.noncestr.as_str(), "abc");
//! assert_eq!(h.timestamp.seconds, 1711421951);
//! assert_eq!(h.timestamp.digits(), "1711421951");
//!
//! assert_eq!(parse_hostsign("{}").unwrap_err().code(), Code::Unsigned);
//! let dup = r#"{"noncestr":"a","noncestr":"b","timestamp":"1","signature":"2aff2d89cff5c5adafec6d11d921ef517441bd66"}"#;
//! assert_eq!(parse_hostsign(dup).unwrap_err().code(), Code::MalformedHostsign);
//! ```
#![forbid(unsafe_code)]

use crate::error::{Error, Reason};
use crate::json::{Cursor, InlineBuf, JsonError, RawStr, plain_run};
use crate::signature::{DIGEST_LEN, starts_with};
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// A HostSign longer than this many bytes is malformed before any parsing.
pub const MAX_HOSTSIGN_LEN: usize = 1024;
/// The longest `noncestr` accepted, in bytes of UTF-8.
pub const MAX_NONCESTR_LEN: usize = 128;
/// The most digits a string `timestamp` may have.
pub const MAX_TIMESTAMP_DIGITS: usize = 12;
/// The largest JSON-number `timestamp` accepted (2^53 - 1).
pub const MAX_JSON_TIMESTAMP: u64 = (1 << 53) - 1;

/// Text that is borrowed from the header when it had no escapes (always, in
/// real traffic: no allocation), and otherwise decoded into a small heap
/// string.
#[derive(Clone)]
pub struct Text<'a> {
    repr: TextRepr<'a>,
}

#[derive(Clone)]
enum TextRepr<'a> {
    Borrowed(&'a str),
    Decoded(Box<str>),
}

impl<'a> Text<'a> {
    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.repr {
            TextRepr::Borrowed(s) => s,
            TextRepr::Decoded(s) => s,
        }
    }

    /// The text as a slice of the original header, when it contained no
    /// escapes.
    pub fn borrowed(&self) -> Option<&'a str> {
        match &self.repr {
            TextRepr::Borrowed(s) => Some(s),
            TextRepr::Decoded(_) => None,
        }
    }

    fn from_str(s: &'a str) -> Self {
        Text {
            repr: TextRepr::Borrowed(s),
        }
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Text<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// How the timestamp was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampForm {
    /// A JSON number, as real traffic sends it: `"timestamp":1711421951`.
    Number,
    /// A JSON string of digits, as documented: `"timestamp":"1711421951"`.
    String,
}

/// The HostSign timestamp.
#[derive(Clone, Debug)]
pub struct Timestamp<'a> {
    /// Seconds since the Unix epoch.
    pub seconds: u64,
    /// Whether it was a JSON number or a string.
    pub form: TimestampForm,
    digits: Text<'a>,
}

impl Timestamp<'_> {
    /// The digits exactly as written: the text that is signed.
    pub fn digits(&self) -> &str {
        self.digits.as_str()
    }

    /// The digits as a slice of the original header, when they had no escapes.
    pub fn borrowed_digits(&self) -> Option<&str> {
        self.digits.borrowed()
    }
}

/// A parsed `X-WECHAT-HOSTSIGN` header.
#[derive(Clone, Debug)]
pub struct HostSign<'a> {
    /// The nonce (1 to 128 bytes).
    pub noncestr: Text<'a>,
    /// The timestamp.
    pub timestamp: Timestamp<'a>,
    /// The 20-byte signature (it was hex, either case).
    pub signature: [u8; DIGEST_LEN],
}

/// A field as read, before validation.
enum Field<'a> {
    Absent,
    Text(Text<'a>),
}

impl Field<'_> {
    fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }
    fn is_empty_text(&self) -> bool {
        matches!(self, Field::Text(t) if t.as_str().is_empty())
    }
}

/// The three keys a HostSign is made of.
#[derive(Clone, Copy)]
enum Key {
    Noncestr,
    Timestamp,
    Signature,
}

/// The timestamp as read: a string, or a number with whether it is a plain
/// non-negative integer.
enum TimestampField<'a> {
    Absent,
    String(Text<'a>),
    Number(&'a str, bool),
}

/// Unknown keys seen so far, to refuse duplicates. Allocated only when the
/// header has unknown keys (real traffic has none).
#[derive(Default)]
struct SeenKeys {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl SeenKeys {
    /// Records the key decoded at `bytes[start..]`; false if it was seen.
    fn insert_last(&mut self, start: usize) -> bool {
        let (seen, new) = self.bytes.split_at(start.min(self.bytes.len()));
        let mut from = 0;
        for &end in &self.ends {
            if seen.get(from..end) == Some(new) {
                return false;
            }
            from = end;
        }
        self.ends.push(self.bytes.len());
        true
    }
}

fn json_reason(e: JsonError, overflow: Reason) -> Reason {
    match e {
        JsonError::Syntax => Reason::HostsignJson,
        JsonError::TooDeep => Reason::HostsignTooDeep,
        JsonError::LoneSurrogate => Reason::HostsignLoneSurrogate,
        JsonError::Overflow => overflow,
    }
}

/// Reads a string value of at most `cap` bytes into a [`Text`]: borrowed
/// when it has no escapes, decoded otherwise.
fn read_text<'a>(c: &mut Cursor<'a>, cap: usize, overflow: Reason) -> Result<Text<'a>, Reason> {
    let RawStr { raw, escaped } = c.string().map_err(|e| json_reason(e, overflow))?;
    if !escaped {
        return if raw.len() > cap {
            Err(overflow)
        } else {
            Ok(Text::from_str(raw))
        };
    }
    let mut bytes = Vec::with_capacity(raw.len());
    Cursor::decode(raw, &mut bytes).map_err(|e| json_reason(e, overflow))?;
    if bytes.len() > cap {
        return Err(overflow);
    }
    // Decoded from whole characters, so always valid UTF-8.
    let text = String::from_utf8(bytes).map_err(|_| Reason::HostsignJson)?;
    Ok(Text {
        repr: TextRepr::Decoded(text.into_boxed_str()),
    })
}

/// Parses an `X-WECHAT-HOSTSIGN` header value.
///
/// Errors are [`Code::Unsigned`](crate::Code::Unsigned) for `{}` or three
/// empty fields, and [`Code::MalformedHostsign`](crate::Code::MalformedHostsign)
/// for everything else that is not a valid HostSign.
pub fn parse_hostsign(header: &str) -> Result<HostSign<'_>, Error> {
    parse(header).map_err(Error::new)
}

fn parse(header: &str) -> Result<HostSign<'_>, Reason> {
    if header.is_empty() {
        return Err(Reason::HostsignEmpty);
    }
    if header.len() > MAX_HOSTSIGN_LEN {
        return Err(Reason::HostsignTooLarge);
    }
    match parse_compact(header) {
        Some(fast) => Ok(fast),
        None => parse_general(header),
    }
}

/// The general parser: any valid HostSign, and a precise reason for the rest.
/// Kept out of line: real traffic takes the compact path, and in
/// WebAssembly a function V8 never calls is never compiled (inlined into
/// the compact path, it tripled the cost of compiling that on first use).
#[inline(never)]
fn parse_general(header: &str) -> Result<HostSign<'_>, Reason> {
    let mut c = Cursor::new(header);
    let mut noncestr = Field::Absent;
    let mut timestamp = TimestampField::Absent;
    // Decoded signature text: 40 hex digits, or too long to be one.
    let mut signature = Field::Absent;
    let mut unknown: Option<SeenKeys> = None;

    c.ws();
    match c.peek() {
        Some(b'{') => {}
        Some(b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
            // Valid JSON of another type, or not JSON at all?
            return Err(match c.skip_value(0) {
                Ok(()) => {
                    c.ws();
                    if c.at_end() {
                        Reason::HostsignNotObject
                    } else {
                        Reason::HostsignJson
                    }
                }
                Err(e) => json_reason(e, Reason::HostsignJson),
            });
        }
        _ => return Err(Reason::HostsignJson),
    }
    c.expect(b'{')
        .map_err(|e| json_reason(e, Reason::HostsignJson))?;
    c.ws();
    if !c.eat(b'}') {
        loop {
            c.ws();
            let key = c
                .string()
                .map_err(|e| json_reason(e, Reason::HostsignJson))?;
            let mut decoded = None;
            let name = if key.escaped {
                let buf = decoded.insert(InlineBuf::new(16));
                // Longer than 16 bytes: not a known key.
                Cursor::decode(key.raw, buf).ok().map(|()| buf.as_bytes())
            } else {
                Some(key.raw.as_bytes())
            };
            let known = match name {
                Some(b"noncestr") => Some(Key::Noncestr),
                Some(b"timestamp") => Some(Key::Timestamp),
                Some(b"signature") => Some(Key::Signature),
                _ => None,
            };
            if known.is_none() {
                // Keep the decoded key to compare it with the others.
                let seen = unknown.get_or_insert_with(SeenKeys::default);
                let start = seen.bytes.len();
                Cursor::decode(key.raw, &mut seen.bytes)
                    .map_err(|e| json_reason(e, Reason::HostsignJson))?;
                if !seen.insert_last(start) {
                    return Err(Reason::HostsignDuplicateKey);
                }
            }
            c.ws();
            c.expect(b':')
                .map_err(|e| json_reason(e, Reason::HostsignJson))?;
            c.ws();
            match known {
                Some(Key::Noncestr) => {
                    if !noncestr.is_absent() {
                        return Err(Reason::HostsignDuplicateKey);
                    }
                    if c.peek() != Some(b'"') {
                        return Err(type_error(&mut c, Reason::HostsignNoncestr));
                    }
                    noncestr = Field::Text(read_text(
                        &mut c,
                        MAX_NONCESTR_LEN,
                        Reason::HostsignNoncestr,
                    )?);
                }
                Some(Key::Timestamp) => {
                    if !matches!(timestamp, TimestampField::Absent) {
                        return Err(Reason::HostsignDuplicateKey);
                    }
                    timestamp = match c.peek() {
                        Some(b'"') => TimestampField::String(read_text(
                            &mut c,
                            MAX_TIMESTAMP_DIGITS,
                            Reason::HostsignTimestamp,
                        )?),
                        Some(b'-' | b'0'..=b'9') => {
                            let (digits, plain) = c
                                .number()
                                .map_err(|e| json_reason(e, Reason::HostsignJson))?;
                            TimestampField::Number(digits, plain)
                        }
                        _ => return Err(type_error(&mut c, Reason::HostsignTimestamp)),
                    };
                }
                Some(Key::Signature) => {
                    if !signature.is_absent() {
                        return Err(Reason::HostsignDuplicateKey);
                    }
                    if c.peek() != Some(b'"') {
                        return Err(type_error(&mut c, Reason::HostsignSignature));
                    }
                    signature = Field::Text(read_text(
                        &mut c,
                        2 * DIGEST_LEN,
                        Reason::HostsignSignature,
                    )?);
                }
                None => c
                    .skip_value(1)
                    .map_err(|e| json_reason(e, Reason::HostsignJson))?,
            }
            c.ws();
            if c.eat(b',') {
                continue;
            }
            c.expect(b'}')
                .map_err(|e| json_reason(e, Reason::HostsignJson))?;
            break;
        }
    }
    c.ws();
    if !c.at_end() {
        return Err(Reason::HostsignJson);
    }

    let ts_absent = matches!(timestamp, TimestampField::Absent);
    let ts_empty = matches!(&timestamp, TimestampField::String(t) if t.as_str().is_empty());
    if noncestr.is_absent() && ts_absent && signature.is_absent() {
        return Err(Reason::Unsigned);
    }
    if noncestr.is_empty_text() && ts_empty && signature.is_empty_text() {
        return Err(Reason::Unsigned);
    }
    let (Field::Text(noncestr), Field::Text(signature)) = (noncestr, signature) else {
        return Err(Reason::HostsignMissingField);
    };
    if ts_absent || ts_empty || noncestr.as_str().is_empty() || signature.as_str().is_empty() {
        return Err(Reason::HostsignMissingField);
    }
    let timestamp = match timestamp {
        TimestampField::String(text) => {
            let digits = text.as_str();
            if digits.len() > MAX_TIMESTAMP_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Reason::HostsignTimestamp);
            }
            Timestamp {
                seconds: parse_digits(digits).ok_or(Reason::HostsignTimestamp)?,
                form: TimestampForm::String,
                digits: text,
            }
        }
        TimestampField::Number(digits, plain) => {
            // At most 16 digits: 2^53 - 1 = 9007199254740991.
            if !plain || digits.len() > 16 {
                return Err(Reason::HostsignTimestamp);
            }
            let seconds = parse_digits(digits)
                .filter(|&n| n <= MAX_JSON_TIMESTAMP)
                .ok_or(Reason::HostsignTimestamp)?;
            Timestamp {
                seconds,
                form: TimestampForm::Number,
                digits: Text::from_str(digits),
            }
        }
        TimestampField::Absent => return Err(Reason::HostsignMissingField),
    };
    let digest = decode_hex(signature.as_str()).ok_or(Reason::HostsignSignature)?;
    Ok(HostSign {
        noncestr,
        timestamp,
        signature: digest,
    })
}

/// The fast path for the exact shape real traffic has:
/// `{"noncestr":"…","timestamp":…,"signature":"<40 hex>"}`, compact, in that
/// order, without escapes (the timestamp a number or a string of digits).
/// It accepts only input the general parser accepts, with the same result
/// (tested: `compact_path_agrees_with_the_general_parser`); anything else
/// returns `None` and goes to the general parser.
fn parse_compact(header: &str) -> Option<HostSign<'_>> {
    /// `s` without the ASCII `prefix`, if it has it.
    fn after<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
        if starts_with(s.as_bytes(), prefix.as_bytes()) {
            s.get(prefix.len()..)
        } else {
            None
        }
    }
    let rest = after(header, "{\"noncestr\":\"")?;
    let n = plain_run(rest.as_bytes());
    let noncestr = rest.get(..n)?;
    let rest = after(rest.get(n..)?, "\",\"timestamp\":")?;
    if noncestr.is_empty() || noncestr.len() > MAX_NONCESTR_LEN {
        return None;
    }
    let (digits, form, rest) = match rest.strip_prefix('"') {
        Some(quoted) => {
            let end = quoted.find('"')?;
            let (digits, rest) = (quoted.get(..end)?, quoted.get(end + 1..)?);
            if digits.is_empty() || digits.len() > MAX_TIMESTAMP_DIGITS {
                return None;
            }
            (digits, TimestampForm::String, rest)
        }
        None => {
            let end = rest.bytes().position(|b| !b.is_ascii_digit())?;
            let digits = rest.get(..end)?;
            // JSON numbers have no leading zero; below 2^53 means at most 16 digits.
            if digits.is_empty()
                || digits.len() > 16
                || (digits.len() > 1 && digits.starts_with('0'))
            {
                return None;
            }
            (digits, TimestampForm::Number, rest.get(end..)?)
        }
    };
    let seconds = parse_digits(digits)?;
    if form == TimestampForm::Number && seconds > MAX_JSON_TIMESTAMP {
        return None;
    }
    let rest = after(rest, ",\"signature\":\"")?;
    let signature = decode_hex(rest.get(..2 * DIGEST_LEN)?)?;
    if rest.get(2 * DIGEST_LEN..)? != "\"}" {
        return None;
    }
    Some(HostSign {
        noncestr: Text::from_str(noncestr),
        timestamp: Timestamp {
            seconds,
            form,
            digits: Text::from_str(digits),
        },
        signature,
    })
}

/// A field has the wrong JSON type: report the type error if the value is
/// valid JSON, the syntax error otherwise.
fn type_error(c: &mut Cursor<'_>, reason: Reason) -> Reason {
    match c.skip_value(1) {
        Ok(()) => reason,
        Err(e) => json_reason(e, Reason::HostsignJson),
    }
}

/// Each byte's value as a hex digit (either case), or `0x80` when it is not
/// one.
// Built at compile time: an index out of range would fail the build.
#[allow(clippy::indexing_slicing)]
const HEX_VALUE: [u8; 256] = {
    let mut t = [0x80u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

#[inline(always)]
fn hex_value(c: u8) -> u8 {
    HEX_VALUE.get(usize::from(c)).copied().unwrap_or(0x80)
}

/// 40 hex digits, either case, as 20 bytes: one table look-up per digit,
/// no branch until the end (every digit is looked at, valid or not).
#[inline(always)]
fn decode_hex(hex: &str) -> Option<[u8; DIGEST_LEN]> {
    let bytes: &[u8; 2 * DIGEST_LEN] = hex.as_bytes().try_into().ok()?;
    let mut out = [0u8; DIGEST_LEN];
    let mut bad = 0u8;
    for (o, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        if let [hi, lo] = *pair {
            let (h, l) = (hex_value(hi), hex_value(lo));
            bad |= h | l;
            *o = (h << 4) | l;
        }
    }
    (bad & 0x80 == 0).then_some(out)
}

/// 1 to 19 ASCII digits as a number (19 digits cannot overflow a `u64`);
/// `None` for anything else.
fn parse_digits(digits: &str) -> Option<u64> {
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    digits.bytes().try_fold(0u64, |n, b| {
        let d = b.wrapping_sub(b'0');
        (d <= 9).then(|| n * 10 + u64::from(d))
    })
}

/// Writes an `X-WECHAT-HOSTSIGN` value in the compact form real traffic uses:
/// `{"noncestr":"…","timestamp":…,"signature":"…"}`. Non-ASCII characters in
/// the nonce are written as `\u` escapes, so the header is always ASCII.
pub fn format_hostsign(
    noncestr: &str,
    timestamp: &str,
    timestamp_form: TimestampForm,
    signature_hex: &str,
) -> String {
    let mut out =
        String::with_capacity(64 + noncestr.len() * 2 + timestamp.len() + signature_hex.len());
    out.push_str("{\"noncestr\":");
    push_json_string(&mut out, noncestr);
    out.push_str(",\"timestamp\":");
    match timestamp_form {
        TimestampForm::Number => out.push_str(timestamp),
        TimestampForm::String => push_json_string(&mut out, timestamp),
    }
    out.push_str(",\"signature\":");
    push_json_string(&mut out, signature_hex);
    out.push('}');
    out
}

/// Appends `s` as a JSON string, escaping `"`, `\`, control characters and
/// everything outside ASCII.
pub(crate) fn push_json_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str("\\u");
                    for shift in [12u32, 8, 4, 0] {
                        let nibble = usize::from((*unit >> shift) & 0xF);
                        out.push(char::from(HEX.get(nibble).copied().unwrap_or(b'0')));
                    }
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    const SIG: &str = "2aff2d89cff5c5adafec6d11d921ef517441bd66";

    fn reason(s: &str) -> Reason {
        parse_hostsign(s).unwrap_err().reason()
    }

    #[test]
    fn real_traffic_shape() {
        let s = format!(
            r#"{{"noncestr":"0123456789abcdef0123456789abcdef","timestamp":1711421951,"signature":"{SIG}"}}"#
        );
        let h = parse_hostsign(&s).unwrap();
        assert_eq!(h.noncestr, "0123456789abcdef0123456789abcdef");
        assert!(h.noncestr.borrowed().is_some());
        assert_eq!(h.timestamp.seconds, 1_711_421_951);
        assert_eq!(h.timestamp.form, TimestampForm::Number);
        assert_eq!(h.timestamp.digits(), "1711421951");
        assert_eq!(crate::signature::HexDigest::new(&h.signature).as_str(), SIG);
    }

    #[test]
    fn documented_shape_whitespace_unknown_keys_escapes_uppercase() {
        let s = format!(
            " {{ \"\\u006eoncestr\" : \"a\\u00e9\" ,\n\"x\":[1,{{\"y\":null}}], \"timestamp\" : \"001711421951\"\t, \"signature\":\"{}\" }} ",
            SIG.to_uppercase()
        );
        let h = parse_hostsign(&s).unwrap();
        assert_eq!(h.noncestr, "aé");
        assert!(h.noncestr.borrowed().is_none());
        assert_eq!(h.timestamp.digits(), "001711421951");
        assert_eq!(h.timestamp.form, TimestampForm::String);
        assert_eq!(h.timestamp.seconds, 1_711_421_951);
        assert_eq!(crate::signature::HexDigest::new(&h.signature).as_str(), SIG);
    }

    #[test]
    fn unsigned() {
        for s in [
            "{}",
            " { } ",
            r#"{"noncestr":"","timestamp":"","signature":""}"#,
            r#"{"other":1}"#,
        ] {
            assert_eq!(parse_hostsign(s).unwrap_err().code(), Code::Unsigned, "{s}");
        }
    }

    #[test]
    fn malformed() {
        let sig = SIG;
        let cases: Vec<(String, Reason)> = vec![
            (String::new(), Reason::HostsignEmpty),
            ("x".repeat(1025), Reason::HostsignTooLarge),
            ("{".into(), Reason::HostsignJson),
            ("[]".into(), Reason::HostsignNotObject),
            ("null".into(), Reason::HostsignNotObject),
            ("\"{}\"".into(), Reason::HostsignNotObject),
            ("{} {}".into(), Reason::HostsignJson),
            ("{},".into(), Reason::HostsignJson),
            (r#"{"noncestr":"a"}"#.into(), Reason::HostsignMissingField),
            (
                r#"{"noncestr":"","timestamp":"","signature":"", "noncestr":""}"#.into(),
                Reason::HostsignDuplicateKey,
            ),
            (
                format!(r#"{{"noncestr":"","timestamp":"1","signature":"{sig}"}}"#),
                Reason::HostsignMissingField,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":"","signature":"{sig}"}}"#),
                Reason::HostsignMissingField,
            ),
            (
                format!(r#"{{"noncestr":1,"timestamp":"1","signature":"{sig}"}}"#),
                Reason::HostsignNoncestr,
            ),
            (
                format!(
                    r#"{{"noncestr":"{}","timestamp":"1","signature":"{sig}"}}"#,
                    "n".repeat(129)
                ),
                Reason::HostsignNoncestr,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":1.0,"signature":"{sig}"}}"#),
                Reason::HostsignTimestamp,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":-1,"signature":"{sig}"}}"#),
                Reason::HostsignTimestamp,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":-0,"signature":"{sig}"}}"#),
                Reason::HostsignTimestamp,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":1e9,"signature":"{sig}"}}"#),
                Reason::HostsignTimestamp,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":01,"signature":"{sig}"}}"#),
                Reason::HostsignJson,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":9007199254740992,"signature":"{sig}"}}"#),
                Reason::HostsignTimestamp,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":"1234567890123","signature":"{sig}"}}"#),
                Reason::HostsignTimestamp,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":"12a","signature":"{sig}"}}"#),
                Reason::HostsignTimestamp,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":" 1","signature":"{sig}"}}"#),
                Reason::HostsignTimestamp,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":true,"signature":"{sig}"}}"#),
                Reason::HostsignTimestamp,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":null,"signature":"{sig}"}}"#),
                Reason::HostsignTimestamp,
            ),
            (
                r#"{"noncestr":"a","timestamp":"1","signature":"abc"}"#.into(),
                Reason::HostsignSignature,
            ),
            (
                format!(
                    r#"{{"noncestr":"a","timestamp":"1","signature":"{}g"}}"#,
                    &sig[..39]
                ),
                Reason::HostsignSignature,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":"1","signature":"{sig}0"}}"#),
                Reason::HostsignSignature,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":"1","signature":["{sig}"]}}"#),
                Reason::HostsignSignature,
            ),
            (
                format!(
                    r#"{{"noncestr":"a","timestamp":"1","signature":"{sig}","signature":"{sig}"}}"#
                ),
                Reason::HostsignDuplicateKey,
            ),
            (
                format!(
                    r#"{{"noncestr":"a","\u0074imestamp":"1","timestamp":"1","signature":"{sig}"}}"#
                ),
                Reason::HostsignDuplicateKey,
            ),
            (
                format!(
                    r#"{{"x":1,"\u0078":2,"noncestr":"a","timestamp":"1","signature":"{sig}"}}"#
                ),
                Reason::HostsignDuplicateKey,
            ),
            (
                format!(r#"{{"noncestr":"\ud800","timestamp":"1","signature":"{sig}"}}"#),
                Reason::HostsignLoneSurrogate,
            ),
            (
                format!(
                    r#"{{"x":{},"noncestr":"a","timestamp":"1","signature":"{sig}"}}"#,
                    "[".repeat(70)
                ),
                Reason::HostsignTooDeep,
            ),
            (
                format!(r#"{{'noncestr':"a","timestamp":"1","signature":"{sig}"}}"#),
                Reason::HostsignJson,
            ),
            (
                format!(r#"{{"noncestr":"a","timestamp":"1","signature":"{sig}",}}"#),
                Reason::HostsignJson,
            ),
            (
                format!(r#"{{"noncestr":"a" "timestamp":"1","signature":"{sig}"}}"#),
                Reason::HostsignJson,
            ),
            (
                format!(r#"{{"noncestr":"a\x","timestamp":"1","signature":"{sig}"}}"#),
                Reason::HostsignJson,
            ),
            (
                format!("{{\"noncestr\":\"a\u{1}\",\"timestamp\":\"1\",\"signature\":\"{sig}\"}}"),
                Reason::HostsignJson,
            ),
        ];
        for (s, want) in cases {
            assert_eq!(reason(&s), want, "{s}");
            assert_eq!(want.code(), Code::MalformedHostsign);
        }
    }

    /// The compact fast path never disagrees with the general parser.
    fn same(a: &HostSign<'_>, b: &HostSign<'_>) -> bool {
        a.noncestr.as_str() == b.noncestr.as_str()
            && a.timestamp.seconds == b.timestamp.seconds
            && a.timestamp.form == b.timestamp.form
            && a.timestamp.digits() == b.timestamp.digits()
            && a.signature == b.signature
    }

    #[test]
    fn compact_path_agrees_with_the_general_parser() {
        let base = format!(r#"{{"noncestr":"abc","timestamp":1711421951,"signature":"{SIG}"}}"#);
        let mut inputs = vec![
            base.clone(),
            format!(
                r#"{{"noncestr":"abc","timestamp":"0017","signature":"{}"}}"#,
                SIG.to_uppercase()
            ),
            format!(r#"{{"noncestr":"abc","timestamp":0,"signature":"{SIG}"}}"#),
            format!(r#"{{"noncestr":"abc","timestamp":9007199254740991,"signature":"{SIG}"}}"#),
            format!(
                r#"{{"noncestr":"{}","timestamp":1,"signature":"{SIG}"}}"#,
                "n".repeat(128)
            ),
            format!(r#"{{"noncestr":"é中","timestamp":1,"signature":"{SIG}"}}"#),
        ];
        // Every single-byte deletion, duplication and replacement of the base.
        let b = base.as_bytes();
        for i in 0..b.len() {
            let mut del = b.to_vec();
            del.remove(i);
            let mut dup = b.to_vec();
            dup.insert(i, b[i]);
            inputs.push(String::from_utf8_lossy(&del).into_owned());
            inputs.push(String::from_utf8_lossy(&dup).into_owned());
            for with in [
                b'"', b'\\', b'0', b'9', b'a', b'G', b' ', b'}', b',', b':', b'-', b'.', b'e', 0x01,
            ] {
                let mut rep = b.to_vec();
                rep[i] = with;
                inputs.push(String::from_utf8_lossy(&rep).into_owned());
            }
        }
        let mut fast_hits = 0;
        for s in &inputs {
            let fast = parse_compact(s);
            let slow = if s.is_empty() || s.len() > MAX_HOSTSIGN_LEN {
                parse(s)
            } else {
                parse_general(s)
            };
            if let Some(f) = &fast {
                fast_hits += 1;
                let g = slow
                    .as_ref()
                    .unwrap_or_else(|e| panic!("{s}: fast accepted, general refused: {e:?}"));
                assert!(same(f, g), "{s}");
            }
            // And the public function gives the general parser's verdict.
            match (parse(s), slow) {
                (Ok(a), Ok(b)) => assert!(same(&a, &b), "{s}"),
                (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "{s}"),
                (a, b) => panic!("{s}: {:?} vs {:?}", a.map(|_| ()), b.map(|_| ())),
            }
        }
        assert!(fast_hits >= 6, "{fast_hits}");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn compact_path_agrees_on_near_canonical_input(
            nonce in r#"[0-9a-f"\\\x00-\x1f é]{0,130}"#,
            ts in r#"(0|[0-9]{1,17}|"[0-9a-z ]{0,13}")"#,
            sig in "[0-9a-fA-FgG]{39,41}",
            tail in r#"(\}|\} |\},|)"#,
        ) {
            let s = format!(r#"{{"noncestr":"{nonce}","timestamp":{ts},"signature":"{sig}"{tail}"#);
            if let Some(f) = parse_compact(&s) {
                let g = parse_general(&s);
                proptest::prop_assert!(g.as_ref().is_ok_and(|g| same(&f, g)), "{}", s);
            }
        }
    }

    #[test]
    fn decode_hex_accepts_exactly_hex_digits() {
        for b in 0..=255u8 {
            let hex: String = core::iter::repeat_n(char::from(b), 40).collect();
            let want = b.is_ascii_hexdigit();
            assert_eq!(decode_hex(&hex).is_some(), want, "{b:#x}");
            if want {
                let v = u8::from_str_radix(&hex[..2], 16).unwrap();
                assert_eq!(decode_hex(&hex), Some([v; DIGEST_LEN]));
            }
        }
        assert_eq!(decode_hex(&"a".repeat(39)), None);
        assert_eq!(decode_hex(&"a".repeat(41)), None);
        assert_eq!(
            decode_hex(SIG)
                .map(|d| crate::signature::HexDigest::new(&d))
                .unwrap()
                .as_str(),
            SIG
        );
    }

    #[test]
    fn max_json_timestamp_is_accepted() {
        let s = format!(r#"{{"noncestr":"a","timestamp":9007199254740991,"signature":"{SIG}"}}"#);
        let h = parse_hostsign(&s).unwrap();
        assert_eq!(h.timestamp.seconds, MAX_JSON_TIMESTAMP);
        assert_eq!(h.timestamp.digits(), "9007199254740991");
    }

    #[test]
    fn format_round_trips() {
        for nonce in ["abc", "a\"b\\c", "é\u{1F600}\u{0}\n", "\u{FFFF}"] {
            for (ts, form) in [
                ("1711421951", TimestampForm::Number),
                ("0017", TimestampForm::String),
            ] {
                let s = format_hostsign(nonce, ts, form, SIG);
                assert!(s.is_ascii());
                let h = parse_hostsign(&s).unwrap();
                assert_eq!(h.noncestr, nonce);
                assert_eq!(h.timestamp.digits(), ts);
                assert_eq!(h.timestamp.form, form);
            }
        }
    }
}
