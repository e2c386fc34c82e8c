//! The HostSign signature: `sha1([appid, noncestr, timestamp, token].sort().join(''))`.
//!
//! `.sort()` is JavaScript's default sort, which compares strings by UTF-16
//! code units. That differs from Rust's `str` order (UTF-8 bytes, the same as
//! code point order) in exactly one place: characters above U+FFFF are stored
//! as surrogate pairs (0xD800..0xDFFF) and so sort *before* U+E000..U+FFFF.
//! [`js_cmp`] implements the JavaScript order without allocating.
//!
//! ```
//! use wechat_hostsign::signature::{js_cmp, signature_hex};
//! use core::cmp::Ordering;
//!
//! // U+1F600 is "\uD83D\uDE00" in UTF-16, so it sorts before U+FF01.
//! assert_eq!(js_cmp("\u{1F600}", "\u{FF01}"), Ordering::Less);
//! assert_eq!("\u{1F600}".cmp("\u{FF01}"), Ordering::Greater); // Rust's byte order
//! assert_eq!(js_cmp("Z", "a"), Ordering::Less); // uppercase first
//! assert_eq!(js_cmp("ab", "abc"), Ordering::Less); // a prefix first
//!
//! // The seed formula: sha1("1711421951" + "abc" + "token" + "wx0123456789abcdef").
//! assert_eq!(
//!     signature_hex("wx0123456789abcdef", "abc", "1711421951", "token").as_str(),
//!     "2aff2d89cff5c5adafec6d11d921ef517441bd66",
//! );
//! ```
#![forbid(unsafe_code)]

use core::cmp::Ordering;
use sha1::{Digest, Sha1};

/// Length of a SHA-1 digest in bytes.
pub const DIGEST_LEN: usize = 20;

/// A SHA-1 digest as 40 lowercase hex digits, without allocating.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct HexDigest([u8; 2 * DIGEST_LEN]);

impl HexDigest {
    /// Lowercase hex of `digest`.
    pub fn new(digest: &[u8; DIGEST_LEN]) -> HexDigest {
        let mut out = [0u8; 2 * DIGEST_LEN];
        // Cannot fail: the output is exactly twice the input.
        let _ = hex::encode_to_slice(digest, &mut out);
        HexDigest(out)
    }

    /// The 40 hex digits.
    pub fn as_str(&self) -> &str {
        // Always ASCII hex, so always valid UTF-8.
        core::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl core::fmt::Debug for HexDigest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::fmt::Display for HexDigest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The UTF-16 sort key of one character: code points stay in place except
/// U+E000..U+FFFF, which move above every supplementary character, because in
/// UTF-16 those are represented by surrogates 0xD800..0xDFFF and so sort before
/// U+E000. (Two supplementary characters compare by their surrogate pairs,
/// which is code point order.)
#[inline]
fn utf16_key(c: char) -> u32 {
    let c = u32::from(c);
    if (0xE000..=0xFFFF).contains(&c) {
        c + 0x20_0000
    } else {
        c
    }
}

/// Compares two strings the way JavaScript's default `Array.prototype.sort`
/// does: by UTF-16 code units, a prefix before its extensions.
pub fn js_cmp(a: &str, b: &str) -> Ordering {
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let Some(i) = ab.iter().zip(bb).position(|(x, y)| x != y) else {
        return ab.len().cmp(&bb.len());
    };
    // Two ASCII bytes: they are whole characters, and ASCII orders the same
    // in every encoding.
    if let (Some(&x), Some(&y)) = (ab.get(i), bb.get(i)) {
        if x.is_ascii() && y.is_ascii() {
            return x.cmp(&y);
        }
    }
    // Both strings share bytes [0, i), hence the same character boundaries up
    // to i; the characters starting at the last boundary <= i differ.
    let start = (0..=i).rev().find(|&j| a.is_char_boundary(j)).unwrap_or(0);
    let ca = a.get(start..).and_then(|s| s.chars().next());
    let cb = b.get(start..).and_then(|s| s.chars().next());
    match (ca, cb) {
        (Some(x), Some(y)) => utf16_key(x).cmp(&utf16_key(y)),
        // Unreachable for valid `str`s; byte order is a total fallback.
        _ => ab.cmp(bb),
    }
}

/// The four parts in JavaScript sort order (a stable insertion sort).
pub fn js_sorted(mut parts: [&str; 4]) -> [&str; 4] {
    for i in 1..parts.len() {
        let mut j = i;
        while j > 0 {
            let (Some(&prev), Some(&cur)) = (parts.get(j - 1), parts.get(j)) else {
                break;
            };
            if js_cmp(prev, cur) != Ordering::Greater {
                break;
            }
            parts.swap(j - 1, j);
            j -= 1;
        }
    }
    parts
}

/// The HostSign signature: SHA-1 over the UTF-8 of the four parts, sorted the
/// JavaScript way and joined with no separator.
pub fn signature(appid: &str, noncestr: &str, timestamp: &str, token: &str) -> [u8; DIGEST_LEN] {
    let mut hasher = Sha1::new();
    for part in js_sorted([appid, noncestr, timestamp, token]) {
        hasher.update(part.as_bytes());
    }
    hasher.finalize().into()
}

/// [`signature`] as 40 lowercase hex digits.
pub fn signature_hex(appid: &str, noncestr: &str, timestamp: &str, token: &str) -> HexDigest {
    HexDigest::new(&signature(appid, noncestr, timestamp, token))
}

/// Compares two digests in constant time.
pub fn digest_eq(a: &[u8; DIGEST_LEN], b: &[u8; DIGEST_LEN]) -> bool {
    use subtle::ConstantTimeEq;
    bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oracle(a: &str, b: &str) -> Ordering {
        a.encode_utf16().cmp(b.encode_utf16())
    }

    #[test]
    fn js_order_edge_cases() {
        let cases = [
            ("", ""),
            ("", "a"),
            ("a", "B"),
            ("B", "a"),
            ("ab", "abc"),
            ("\u{1F600}", "\u{FF01}"),
            ("\u{E000}", "\u{10000}"),
            ("\u{D7FF}", "\u{10000}"),
            ("\u{FFFF}", "\u{10FFFF}"),
            ("\u{10000}", "\u{10001}"),
            ("x\u{1F600}y", "x\u{FFFD}"),
            ("é", "e\u{301}"),
            ("\u{7F}", "\u{80}"),
            ("\u{7FF}", "\u{800}"),
        ];
        for (a, b) in cases {
            assert_eq!(js_cmp(a, b), oracle(a, b), "{a:?} vs {b:?}");
            assert_eq!(js_cmp(b, a), oracle(b, a), "{b:?} vs {a:?}");
        }
    }

    #[test]
    fn sort_is_javascripts() {
        let sorted = js_sorted(["b", "\u{FF01}", "\u{1F600}", "A"]);
        assert_eq!(sorted, ["A", "b", "\u{1F600}", "\u{FF01}"]);
        assert_eq!(js_sorted(["10", "9", "1", "100"]), ["1", "10", "100", "9"]);
    }

    #[test]
    fn known_answer() {
        // `printf %s 1711421951abctokenwx0123456789abcdef | sha1sum`
        let sig = signature_hex("wx0123456789abcdef", "abc", "1711421951", "token");
        assert_eq!(sig.as_str(), "2aff2d89cff5c5adafec6d11d921ef517441bd66");
    }

    #[test]
    fn digest_eq_works() {
        let a = [7u8; DIGEST_LEN];
        let mut b = a;
        assert!(digest_eq(&a, &b));
        b[19] ^= 1;
        assert!(!digest_eq(&a, &b));
    }
}
