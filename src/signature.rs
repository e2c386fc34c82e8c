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
/// JavaScript way and joined with no separator (the joined string is never
/// built: the parts are hashed one after the other).
pub fn signature(appid: &str, noncestr: &str, timestamp: &str, token: &str) -> [u8; DIGEST_LEN] {
    let parts = js_sorted([appid, noncestr, timestamp, token]);
    let total: usize = parts.iter().map(|p| p.len()).sum();
    if total + 9 <= 128 {
        return signature_short(parts, total);
    }
    signature_long(parts)
}

/// Any longer message, streamed through the block function. Out of line for
/// the same reason as the HostSign's general parser: the usual message never
/// needs it, so in WebAssembly V8 never compiles it.
#[inline(never)]
fn signature_long(parts: [&str; 4]) -> [u8; DIGEST_LEN] {
    let mut hash = Sha1Stream::new();
    for part in parts {
        hash.update(part.as_bytes());
    }
    hash.finish()
}

/// The common case, a message that pads into at most two blocks (real
/// traffic: 18 + 32 + 10 bytes and a token): laid out and padded in place,
/// then compressed in one call.
fn signature_short(parts: [&str; 4], total: usize) -> [u8; DIGEST_LEN] {
    let mut flat = [0u8; 128];
    let mut at = 0;
    for part in parts {
        if let Some(dst) = flat.get_mut(at..at + part.len()) {
            dst.copy_from_slice(part.as_bytes());
        }
        at += part.len();
    }
    let n = if total + 9 <= 64 { 1 } else { 2 };
    if let Some(b) = flat.get_mut(total) {
        *b = 0x80;
    }
    if let Some(len) = flat.get_mut(n * 64 - 8..n * 64) {
        len.copy_from_slice(&(total as u64 * 8).to_be_bytes());
    }
    let mut blocks = [[0u8; 64]; 2];
    for (block, chunk) in blocks.iter_mut().zip(flat.chunks_exact(64)) {
        block.copy_from_slice(chunk);
    }
    let mut state = SHA1_H0;
    sha1::block_api::compress(&mut state, blocks.get(..n).unwrap_or_default());
    digest_bytes(state)
}

/// SHA-1's initial state (FIPS 180-4, 5.3.1).
const SHA1_H0: [u32; 5] = [
    0x6745_2301,
    0xEFCD_AB89,
    0x98BA_DCFE,
    0x1032_5476,
    0xC3D2_E1F0,
];

/// The digest of a final state: its words, big-endian.
fn digest_bytes(state: [u32; 5]) -> [u8; DIGEST_LEN] {
    let mut out = [0u8; DIGEST_LEN];
    for (o, word) in out.chunks_exact_mut(4).zip(state) {
        o.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// SHA-1 over `sha1`'s compression function: bytes go straight into one
/// 64-byte block, padded here (FIPS 180-4, 5.1.1). Leaner than the `Digest`
/// wrapper on this path, which matters most in WebAssembly.
struct Sha1Stream {
    state: [u32; 5],
    block: [u8; 64],
    fill: usize,
    length: u64,
}

impl Sha1Stream {
    fn new() -> Self {
        Sha1Stream {
            state: [
                0x6745_2301,
                0xEFCD_AB89,
                0x98BA_DCFE,
                0x1032_5476,
                0xC3D2_E1F0,
            ],
            block: [0; 64],
            fill: 0,
            length: 0,
        }
    }

    fn update(&mut self, mut bytes: &[u8]) {
        self.length = self.length.wrapping_add(bytes.len() as u64);
        while !bytes.is_empty() {
            let take = (64 - self.fill).min(bytes.len());
            let (head, tail) = bytes.split_at(take);
            if let Some(dst) = self.block.get_mut(self.fill..self.fill + take) {
                dst.copy_from_slice(head);
            }
            self.fill += take;
            bytes = tail;
            if self.fill == 64 {
                sha1::block_api::compress(&mut self.state, core::slice::from_ref(&self.block));
                self.fill = 0;
            }
        }
    }

    fn finish(mut self) -> [u8; DIGEST_LEN] {
        let bits = self.length.wrapping_mul(8);
        // 0x80, then zeros up to 56 mod 64, then the length in bits.
        let pad = if self.fill < 56 {
            56 - self.fill
        } else {
            120 - self.fill
        };
        let mut padding = [0u8; 64];
        padding[0] = 0x80;
        self.update(padding.get(..pad).unwrap_or_default());
        self.update(&bits.to_be_bytes());
        digest_bytes(self.state)
    }
}

/// [`signature`] as 40 lowercase hex digits.
pub fn signature_hex(appid: &str, noncestr: &str, timestamp: &str, token: &str) -> HexDigest {
    HexDigest::new(&signature(appid, noncestr, timestamp, token))
}

/// Compares two digests in constant time: every byte is looked at, the
/// differences are OR-ed together without a branch, and only the total is
/// tested (behind an optimisation barrier), so the time does not depend on
/// where they differ.
pub fn digest_eq(a: &[u8; DIGEST_LEN], b: &[u8; DIGEST_LEN]) -> bool {
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    core::hint::black_box(diff) == 0
}

/// Whether `bytes` begins with `prefix`, comparing eight bytes at a time
/// (WebAssembly's `memcmp` goes byte by byte).
#[inline]
pub(crate) fn starts_with(bytes: &[u8], prefix: &[u8]) -> bool {
    let Some(head) = bytes.get(..prefix.len()) else {
        return false;
    };
    let word = |c: &[u8]| u64::from_le_bytes(<[u8; 8]>::try_from(c).unwrap_or([0; 8]));
    let (mut xs, mut ys) = (head.chunks_exact(8), prefix.chunks_exact(8));
    let words_equal = (&mut xs).zip(&mut ys).all(|(x, y)| word(x) == word(y));
    words_equal && xs.remainder() == ys.remainder()
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
    fn starts_with_matches_the_slice_method() {
        let text = b"https://servicewechat.com/wx0123456789abcdef/0/page-frame.html";
        for end in 0..=text.len() {
            for start in 0..end.min(3) {
                let prefix = &text[start..end];
                assert_eq!(
                    starts_with(text, prefix),
                    text.starts_with(prefix),
                    "{start}..{end}"
                );
                let mut changed = prefix.to_vec();
                if let Some(last) = changed.last_mut() {
                    *last ^= 1;
                    assert_eq!(starts_with(text, &changed), text.starts_with(&changed));
                }
            }
        }
        assert!(!starts_with(b"abc", b"abcd"));
    }

    #[test]
    fn sha1_stream_matches_sha1_at_every_length() {
        use sha1::{Digest, Sha1};
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..data.len() {
            for split in [0, len / 3, len / 2, len] {
                let mut h = Sha1Stream::new();
                h.update(&data[..split]);
                h.update(&data[split..len]);
                let want: [u8; DIGEST_LEN] = Sha1::digest(&data[..len]).into();
                assert_eq!(h.finish(), want, "len {len} split {split}");
            }
        }
    }

    #[test]
    fn both_paths_match_sha1_at_every_total_length() {
        use sha1::{Digest, Sha1};
        // Totals from 0 to 200 bytes: one block, two blocks, the stream.
        for total in 0..200usize {
            let text: String = (0..total)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            let (a, rest) = text.split_at(total / 4);
            let (b, rest) = rest.split_at(rest.len() / 3);
            let (c, d) = rest.split_at(rest.len() / 2);
            let mut parts = [a, b, c, d];
            parts = js_sorted(parts);
            let want: [u8; DIGEST_LEN] = Sha1::digest(parts.concat().as_bytes()).into();
            assert_eq!(signature(a, b, c, d), want, "total {total}");
        }
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
