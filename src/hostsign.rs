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
use crate::json::{Cursor, InlineBuf, JsonError, RawStr, Sink, plain_run};
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
///
/// ```
/// use wechat_hostsign::parse_hostsign;
///
/// let plain = parse_hostsign(r#"{"noncestr":"abc","timestamp":1,"signature":"0000000000000000000000000000000000000000"}"#)?;
/// assert_eq!(plain.noncestr, "abc");
/// let escaped = parse_hostsign(r#"{"noncestr":"\u00e9","timestamp":1,"signature":"0000000000000000000000000000000000000000"}"#)?;
/// assert_eq!((escaped.noncestr.as_str(), escaped.noncestr.borrowed()), ("é", None));
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
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
    /// The text, escapes decoded.
    ///
    /// ```
    /// let h = wechat_hostsign::parse_hostsign(r#"{"noncestr":"a\"b","timestamp":1,"signature":"0000000000000000000000000000000000000000"}"#)?;
    /// assert_eq!(h.noncestr.as_str(), "a\"b");
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        match &self.repr {
            TextRepr::Borrowed(s) => s,
            TextRepr::Decoded(s) => s,
        }
    }

    /// The text as a slice of the original header, when it contained no
    /// escapes.
    ///
    /// ```
    /// let header = r#"{"noncestr":"abc","timestamp":1,"signature":"0000000000000000000000000000000000000000"}"#;
    /// let h = wechat_hostsign::parse_hostsign(header)?;
    /// let nonce = h.noncestr.borrowed().unwrap();
    /// assert!(header.as_ptr() < nonce.as_ptr()); // a slice of `header`: nothing copied
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
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

/// How the timestamp was written. Exhaustive: a JSON value that can carry
/// digits is a number or a string.
///
/// ```
/// use wechat_hostsign::{parse_hostsign, TimestampForm};
/// let h = parse_hostsign(r#"{"noncestr":"a","timestamp":"0042","signature":"0000000000000000000000000000000000000000"}"#)?;
/// assert_eq!((h.timestamp.form, h.timestamp.seconds, h.timestamp.digits()), (TimestampForm::String, 42, "0042"));
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampForm {
    /// A JSON number, as real traffic sends it: `"timestamp":1711421951`.
    Number,
    /// A JSON string of digits, as documented: `"timestamp":"1711421951"`.
    String,
}

/// The HostSign timestamp: its value in seconds and the digits that were
/// signed (which may have leading zeros).
///
/// ```
/// use wechat_hostsign::{parse_hostsign, TimestampForm};
/// let h = parse_hostsign(r#"{"noncestr":"a","timestamp":1711421951,"signature":"0000000000000000000000000000000000000000"}"#)?;
/// assert_eq!((h.timestamp.seconds, h.timestamp.form), (1_711_421_951, TimestampForm::Number));
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Timestamp<'a> {
    /// Seconds since the Unix epoch.
    pub seconds: u64,
    /// Whether it was a JSON number or a string.
    pub form: TimestampForm,
    digits: Text<'a>,
}

impl Timestamp<'_> {
    /// The digits exactly as written: the text that is signed.
    ///
    /// ```
    /// let h = wechat_hostsign::parse_hostsign(r#"{"noncestr":"a","timestamp":"007","signature":"0000000000000000000000000000000000000000"}"#)?;
    /// assert_eq!((h.timestamp.digits(), h.timestamp.seconds), ("007", 7));
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn digits(&self) -> &str {
        self.digits.as_str()
    }

    /// The digits as a slice of the original header, when they had no escapes.
    ///
    /// ```
    /// let h = wechat_hostsign::parse_hostsign(r#"{"noncestr":"a","timestamp":"\u0031","signature":"0000000000000000000000000000000000000000"}"#)?;
    /// assert_eq!((h.timestamp.digits(), h.timestamp.borrowed_digits()), ("1", None));
    /// # Ok::<(), wechat_hostsign::Error>(())
    /// ```
    pub fn borrowed_digits(&self) -> Option<&str> {
        self.digits.borrowed()
    }
}

/// A parsed `X-WECHAT-HOSTSIGN` header. `#[non_exhaustive]`, like every
/// result of this crate: a field may be added, so build one by parsing.
///
/// ```
/// use wechat_hostsign::{parse_hostsign, HexDigest};
///
/// let h = parse_hostsign(r#"{"noncestr":"abc","timestamp":1711421951,"signature":"2AFF2D89CFF5C5ADAFEC6D11D921EF517441BD66"}"#)?;
/// assert_eq!(h.noncestr, "abc");
/// assert_eq!(HexDigest::new(&h.signature).as_str(), "2aff2d89cff5c5adafec6d11d921ef517441bd66");
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
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

/// The most members a HostSign can have: each takes at least five bytes
/// (`"":0,`), and the whole header at most [`MAX_HOSTSIGN_LEN`].
const MAX_MEMBERS: usize = MAX_HOSTSIGN_LEN / 4;

/// The unknown keys of a HostSign, decoded back to back, to refuse
/// duplicates without allocating: sorted once the object is read, so that
/// equal keys are neighbours (O(n log n) comparisons, where comparing each
/// key with every earlier one was quadratic: 150 two-byte keys took 50
/// times as long as a usual header). Decoding never makes a key longer, so
/// the keys of a header that fits [`MAX_HOSTSIGN_LEN`] fit the buffer.
struct UnknownKeys {
    bytes: [u8; MAX_HOSTSIGN_LEN],
    len: u16,
    /// Where each key starts in `bytes` (key `i` ends where `i + 1` starts).
    starts: [u16; MAX_MEMBERS + 1],
    count: u16,
}

impl Sink for UnknownKeys {
    fn push(&mut self, bytes: &[u8]) -> bool {
        let start = usize::from(self.len);
        match self.bytes.get_mut(start..start + bytes.len()) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                self.len += bytes.len() as u16;
                true
            }
            None => false,
        }
    }
}

impl UnknownKeys {
    fn new() -> Self {
        UnknownKeys {
            bytes: [0; MAX_HOSTSIGN_LEN],
            len: 0,
            starts: [0; MAX_MEMBERS + 1],
            count: 0,
        }
    }

    /// Decodes and keeps one key (its raw text between the quotes).
    fn add(&mut self, raw: &str) -> Result<(), Reason> {
        Cursor::decode(raw, self).map_err(|e| json_reason(e, Reason::HostsignTooLarge))?;
        self.count += 1;
        match self.starts.get_mut(usize::from(self.count)) {
            Some(end) => {
                *end = self.len;
                Ok(())
            }
            None => Err(Reason::HostsignTooLarge),
        }
    }

    /// The decoded bytes of key `i`.
    fn key_bytes(&self, i: u16) -> &[u8] {
        let i = usize::from(i);
        let start = self.starts.get(i).copied().unwrap_or(0);
        let end = self.starts.get(i + 1).copied().unwrap_or(0);
        self.bytes
            .get(usize::from(start)..usize::from(end))
            .unwrap_or_default()
    }

    /// Key `i` compared with key `j`: -1, 0 or 1 (byte order).
    fn order(&self, i: u16, j: u16) -> i32 {
        let (a, b) = (self.key_bytes(i), self.key_bytes(j));
        for (x, y) in a.iter().zip(b) {
            if x != y {
                return if x < y { -1 } else { 1 };
            }
        }
        i32::from(a.len() > b.len()) - i32::from(a.len() < b.len())
    }

    /// A key's first seven bytes and, in the top byte, its length (0 to 7,
    /// or 0xFF when longer): equal for equal keys, and different for
    /// different keys of up to seven bytes, which are most of the keys a
    /// 1 KiB header can hold.
    fn fingerprint(key: &[u8]) -> u64 {
        let head = key
            .iter()
            .take(7)
            .rev()
            .fold(0u64, |w, &b| w << 8 | u64::from(b));
        let len = if key.len() > 7 {
            0xFF
        } else {
            key.len() as u64
        };
        len << 56 | head
    }

    /// Whether two of the keys are equal. Usually one look-up per key in a
    /// small hash table of fingerprints (linear probing); keys built so that
    /// they collide there exhaust a budget of a few probes per key, and then
    /// a heapsort of the indices by fingerprint, and by bytes when the
    /// fingerprints are equal, decides (in place, O(n log n) comparisons
    /// whatever the keys), with a look at neighbours.
    fn has_duplicate(&self) -> bool {
        const SLOTS: usize = 2 * MAX_MEMBERS;
        let n = usize::from(self.count).min(MAX_MEMBERS);
        let mut fingerprints = [0u64; MAX_MEMBERS];
        let mut heap = [0u8; MAX_MEMBERS];
        for ((i, f), h) in (0..n).zip(fingerprints.iter_mut()).zip(heap.iter_mut()) {
            *f = Self::fingerprint(self.key_bytes(i as u16));
            *h = i as u8;
        }
        let sorted = Sorter {
            keys: self,
            fingerprints: &fingerprints,
        };
        // Index + 1 of the key in each used slot.
        let mut table = [0u16; SLOTS];
        let mut budget = 4 * n + 16;
        'keys: for (i, &f) in fingerprints.iter().enumerate().take(n) {
            // Fibonacci hashing: the top bits of the product.
            let mut slot = (f.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 55) as usize;
            while budget > 0 {
                match table.get_mut(slot % SLOTS) {
                    Some(empty @ 0) => {
                        *empty = i as u16 + 1;
                        continue 'keys;
                    }
                    Some(&mut j) if sorted.order(j as u8 - 1, i as u8) == 0 => return true,
                    _ => {}
                }
                budget -= 1;
                slot += 1;
            }
            // Built to collide: sort instead.
            sorted.sort(&mut heap, n);
            return heap.get(..n).unwrap_or_default().windows(2).any(|w| {
                w.first()
                    .zip(w.last())
                    .is_some_and(|(&a, &b)| sorted.order(a, b) == 0)
            });
        }
        false
    }
}

/// The keys and their fingerprints, as the heapsort compares them.
struct Sorter<'k> {
    keys: &'k UnknownKeys,
    fingerprints: &'k [u64; MAX_MEMBERS],
}

impl Sorter<'_> {
    /// Key `i` compared with key `j`: by fingerprint, then by bytes.
    fn order(&self, i: u8, j: u8) -> i32 {
        let f = |k: u8| self.fingerprints.get(usize::from(k)).copied().unwrap_or(0);
        let (fi, fj) = (f(i), f(j));
        if fi != fj {
            return if fi < fj { -1 } else { 1 };
        }
        self.keys.order(u16::from(i), u16::from(j))
    }

    /// Heapsorts the key indices in `heap[..n]` by [`Sorter::order`],
    /// ascending: in place, O(n log n) comparisons whatever the keys.
    fn sort(&self, heap: &mut [u8; MAX_MEMBERS], n: usize) {
        for root in (0..n / 2).rev() {
            self.sift_down(heap, root, n);
        }
        for end in (1..n).rev() {
            heap.swap(0, end % MAX_MEMBERS);
            self.sift_down(heap, 0, end);
        }
    }

    /// Restores the max-heap below `root` in `heap[..end]`.
    #[inline(never)]
    fn sift_down(&self, heap: &mut [u8; MAX_MEMBERS], mut root: usize, end: usize) {
        let at = |heap: &[u8; MAX_MEMBERS], i: usize| heap.get(i).copied().unwrap_or(0);
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && self.order(at(heap, child), at(heap, child + 1)) < 0 {
                child += 1;
            }
            if self.order(at(heap, root), at(heap, child)) >= 0 {
                return;
            }
            heap.swap(root % MAX_MEMBERS, child % MAX_MEMBERS);
            root = child;
        }
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
///
/// ```
/// use wechat_hostsign::{parse_hostsign, Code, Reason};
///
/// let h = parse_hostsign(r#"{"noncestr":"abc","timestamp":1711421951,"signature":"2aff2d89cff5c5adafec6d11d921ef517441bd66"}"#)?;
/// assert_eq!((h.noncestr.as_str(), h.timestamp.seconds), ("abc", 1711421951));
///
/// assert_eq!(parse_hostsign("{}").unwrap_err().code(), Code::Unsigned);
/// assert_eq!(parse_hostsign(r#"{"noncestr":"abc"}"#).unwrap_err().reason(), Reason::HostsignMissingField);
/// assert_eq!(parse_hostsign(r#"{"timestamp":1.5}"#).unwrap_err().code(), Code::MalformedHostsign);
/// # Ok::<(), wechat_hostsign::Error>(())
/// ```
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
    let mut unknown: Option<UnknownKeys> = None;

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
                // Kept, decoded, to look for duplicates once the object is read.
                unknown.get_or_insert_with(UnknownKeys::new).add(key.raw)?;
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
    if unknown.as_ref().is_some_and(UnknownKeys::has_duplicate) {
        return Err(Reason::HostsignDuplicateKey);
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
/// Not part of the API ([`SignRequest`](crate::SignRequest) is): the fuzz
/// targets' round trip.
#[doc(hidden)]
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

    /// A fixed xorshift generator: the same cases on every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn fingerprints_tell_keys_of_up_to_seven_bytes_apart() {
        // Every key of up to seven bytes over four bytes (NUL, 1, `a`, 0xFF):
        // a NUL byte at the end must not read as a shorter key.
        let alphabet = [0u8, 1, b'a', 0xFF];
        let mut keys: Vec<Vec<u8>> = vec![Vec::new()];
        let mut last = keys.clone();
        for _ in 0..7 {
            last = last
                .iter()
                .flat_map(|k| {
                    alphabet.iter().map(move |&b| {
                        let mut k = k.clone();
                        k.push(b);
                        k
                    })
                })
                .collect();
            keys.extend(last.iter().cloned());
        }
        assert_eq!(keys.len(), (0..=7).map(|l| 4usize.pow(l)).sum::<usize>());
        let fingerprints: std::collections::HashSet<u64> =
            keys.iter().map(|k| UnknownKeys::fingerprint(k)).collect();
        assert_eq!(
            fingerprints.len(),
            keys.len(),
            "two short keys share a fingerprint"
        );
        // Longer keys share their first seven bytes' fingerprint, whatever follows.
        let long = UnknownKeys::fingerprint(b"abcdefgh");
        assert_eq!(long, UnknownKeys::fingerprint(b"abcdefgXYZ"));
        assert_ne!(long, UnknownKeys::fingerprint(b"abcdefg"));
    }

    #[test]
    fn the_heapsort_orders_keys_by_fingerprint_then_bytes() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for case in 0..3000 {
            // Keys from a small set (so that some repeat) of words over `a`
            // and `b`, 0 to 10 letters: many share a fingerprint.
            let n = rng.below(48);
            let mut keys = UnknownKeys::new();
            let mut words = Vec::new();
            for _ in 0..n {
                let len = rng.below(11);
                let word: String = (0..len)
                    .map(|_| if rng.below(2) == 0 { 'a' } else { 'b' })
                    .collect();
                keys.add(&word).unwrap();
                words.push(word);
            }
            let mut fingerprints = [0u64; MAX_MEMBERS];
            let mut heap = [0u8; MAX_MEMBERS];
            for i in 0..n {
                fingerprints[i] = UnknownKeys::fingerprint(keys.key_bytes(i as u16));
                heap[i] = i as u8;
            }
            let sorter = Sorter {
                keys: &keys,
                fingerprints: &fingerprints,
            };
            sorter.sort(&mut heap, n);
            let mut indices: Vec<u8> = heap[..n].to_vec();
            let got: Vec<(u64, &str)> = indices
                .iter()
                .map(|&i| (fingerprints[usize::from(i)], words[usize::from(i)].as_str()))
                .collect();
            let mut want: Vec<(u64, &str)> = (0..n)
                .map(|i| (fingerprints[i], words[i].as_str()))
                .collect();
            want.sort();
            assert_eq!(got, want, "case {case}: {words:?}");
            indices.sort_unstable();
            assert!(
                indices.iter().copied().eq(0..n as u8),
                "case {case}: not a permutation"
            );
        }
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

    /// The review's worst case: over 130 distinct two-character unknown
    /// keys filling 1 KiB (quadratic to check before), with `extra` last.
    fn many_keys(extra: &str) -> String {
        let head = format!(r#"{{"noncestr":"abc","timestamp":1711421951,"signature":"{SIG}""#);
        let mut s = head;
        'fill: for second in b'0'..=b'9' {
            for first in b'#'..=b'~' {
                if first == b'\\' || first == b'"' {
                    continue;
                }
                let member = format!(r#","{}{}":0"#, char::from(first), char::from(second));
                if s.len() + member.len() + extra.len() + 1 > MAX_HOSTSIGN_LEN {
                    break 'fill;
                }
                s.push_str(&member);
            }
        }
        s.push_str(extra);
        s.push('}');
        s
    }

    #[test]
    fn many_unknown_keys() {
        let distinct = many_keys("");
        assert!(distinct.len() > 1000, "{}", distinct.len());
        assert!(distinct.matches(':').count() > 130);
        let h = parse_hostsign(&distinct).unwrap();
        assert_eq!(h.noncestr, "abc");
        for dup in [
            r##","#0":1"##,
            r#","\u00230":1"#,
            r#","~0":1"#,
            r#","\u007e0":1"#,
        ] {
            let s = many_keys(dup);
            assert!(s.len() <= MAX_HOSTSIGN_LEN);
            assert_eq!(reason(&s), Reason::HostsignDuplicateKey, "{dup}");
        }
    }

    /// Three-character keys whose fingerprints share a slot of the table,
    /// as an attacker would build them to make the look-ups collide.
    fn colliding_keys(max: usize) -> Vec<String> {
        let slot = |k: &str| {
            UnknownKeys::fingerprint(k.as_bytes()).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 55
        };
        let target = slot("aaa");
        let mut out = Vec::new();
        for a in b'a'..=b'z' {
            for b in b'A'..=b'z' {
                for c in b'0'..=b'z' {
                    let k = String::from_utf8(vec![a, b, c]).unwrap();
                    if k.bytes().all(|x| x.is_ascii_alphanumeric())
                        && slot(&k) == target
                        && out.len() < max
                    {
                        out.push(k);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn keys_built_to_collide_fall_back_to_the_sort() {
        let keys = colliding_keys(100);
        assert_eq!(keys.len(), 100);
        let header = |keys: &[String]| {
            let members: String = keys.iter().map(|k| format!(r#","{k}":0"#)).collect();
            format!(r#"{{"noncestr":"a","timestamp":1,"signature":"{SIG}"{members}}}"#)
        };
        // Distinct: accepted (the table gives up, the sort finds nothing).
        let s = header(&keys);
        assert!(s.len() <= MAX_HOSTSIGN_LEN, "{}", s.len());
        assert!(parse_hostsign(&s).is_ok());
        // A duplicate found after the table gave up, and one found before.
        for at in [99, 1] {
            let mut dup = keys.clone();
            dup[at] = keys[0].clone();
            assert_eq!(reason(&header(&dup)), Reason::HostsignDuplicateKey, "{at}");
            // Escaped, too.
            dup[at] = keys[0].bytes().map(|b| format!("\\u{b:04x}")).collect();
            assert_eq!(
                reason(&header(&dup)),
                Reason::HostsignDuplicateKey,
                "{at} escaped"
            );
        }
    }

    #[test]
    fn duplicate_unknown_keys_match_a_naive_check() {
        // Keys from a small alphabet, some escaped: sets of up to 12 keys
        // drawn by a fixed generator, against a quadratic reference.
        let alphabet = [
            "a", "b", "", "ab", "ba", "\\u0061", "\\u0062", "é", "\\u00e9", "\\/", "/",
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..3000 {
            let mut keys = Vec::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed % 12) as usize;
            for i in 0..n {
                let pick = (seed >> (i * 5)) as usize;
                keys.push(format!(
                    "{}{}",
                    alphabet[pick % alphabet.len()],
                    alphabet[(pick / 11) % alphabet.len()]
                ));
            }
            let decoded: Vec<String> = keys
                .iter()
                .map(|k| serde_json::from_str::<String>(&format!("\"{k}\"")).unwrap())
                .collect();
            let dup = (0..n).any(|i| (0..i).any(|j| decoded[i] == decoded[j]));
            let members: String = keys.iter().map(|k| format!(r#""{k}":0,"#)).collect();
            let s = format!(r#"{{{members}"noncestr":"a","timestamp":1,"signature":"{SIG}"}}"#);
            match parse_hostsign(&s) {
                Ok(_) => assert!(!dup, "{s}"),
                Err(e) => {
                    assert!(dup, "{s}: {e:?}");
                    assert_eq!(e.reason(), Reason::HostsignDuplicateKey, "{s}");
                }
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
