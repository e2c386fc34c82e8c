//! The HostSign signature: `sha1([appid, noncestr, timestamp, token].sort().join(''))`.
//!
//! `.sort()` is JavaScript's default sort, which compares strings by UTF-16
//! code units. That differs from Rust's `str` order (UTF-8 bytes, the same as
//! code point order) in exactly one place: characters above U+FFFF are stored
//! as surrogate pairs (0xD800..0xDFFF) and so sort *before* U+E000..U+FFFF.
//! [`js_cmp`] implements the JavaScript order without allocating, and in
//! time that does not depend on the contents (it is applied to the secret
//! token and the caller's nonce).
//!
//! ```
//! use wechat_hostsign::{js_cmp, signature_hex};
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
///
/// ```
/// use wechat_hostsign::{signature, HexDigest};
/// let digest: [u8; 20] = signature("wx0123456789abcdef", "abc", "1711421951", "token");
/// assert_eq!(HexDigest::new(&digest).to_string(), "2aff2d89cff5c5adafec6d11d921ef517441bd66");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct HexDigest([u8; 2 * DIGEST_LEN]);

impl HexDigest {
    /// Lowercase hex of `digest`.
    ///
    /// ```
    /// assert_eq!(wechat_hostsign::HexDigest::new(&[0xAB; 20]).as_str(), "ab".repeat(20));
    /// ```
    pub fn new(digest: &[u8; DIGEST_LEN]) -> HexDigest {
        let mut out = [0u8; 2 * DIGEST_LEN];
        // Cannot fail: the output is exactly twice the input.
        let _ = hex::encode_to_slice(digest, &mut out);
        HexDigest(out)
    }

    /// The 40 hex digits.
    ///
    /// ```
    /// let hex = wechat_hostsign::signature_hex("wx0123456789abcdef", "abc", "1711421951", "token");
    /// assert_eq!(hex.as_str().len(), 40);
    /// ```
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

/// The low byte of `w` as a sort key in which 0xEE and 0xEF move above
/// 0xF4 (to 0xF5 and 0xF6, which never occur in UTF-8), without a branch.
///
/// Compared as bytes, UTF-8 text orders by code point; JavaScript orders by
/// UTF-16 code unit, which differs in one place: U+E000..U+FFFF (lead bytes
/// 0xEE and 0xEF) sort *after* the supplementary characters (lead bytes
/// 0xF0..0xF4, surrogates in UTF-16). Two valid strings first differ either
/// at a character's lead byte (both share the characters before it) or
/// inside characters with the same lead byte, whose continuation bytes
/// order the same way in both encodings; so with 0xEE and 0xEF moved above
/// 0xF4, the first differing byte decides JavaScript's order.
#[inline(always)]
fn utf16_key(w: u64) -> u32 {
    let b = (w & 0xFF) as u32;
    b + 7 * u32::from(b.wrapping_sub(0xEE) < 2)
}

/// Eight bytes of `s` from `at` as a little-endian word, zero-padded past
/// the end (the branches depend on the lengths only). A `memcpy` here would
/// be a call per word in WebAssembly: whole words are one load, and so is a
/// string's last part word, read as the string's last eight bytes shifted.
#[inline(always)]
fn word_at(s: &[u8], at: usize) -> u64 {
    let load = |from: usize| {
        s.get(from..)
            .and_then(|t| t.get(..8))
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
            .map(u64::from_le_bytes)
    };
    if let Some(w) = load(at) {
        return w;
    }
    let rest = s.len().saturating_sub(at); // 0 to 7 bytes
    if rest == 0 {
        return 0;
    }
    match load(s.len().wrapping_sub(8)) {
        Some(w) => w >> (8 * (8 - rest)),
        None => s
            .get(at..)
            .unwrap_or_default()
            .iter()
            .rev()
            .fold(0, |w, &b| w << 8 | u64::from(b)),
    }
}

/// -1, 0 or 1 as `a` sorts before, with or after `b` in JavaScript's order.
///
/// With `secret`, in time that depends only on the shorter length: every
/// word that holds a byte of the shorter string is read in both (nothing
/// after them can decide the order), the first pair that differs is kept
/// without a branch, the order is read from it at the end, and the lengths
/// decide (also without a branch) only when one string is a prefix of the
/// other. Without `secret`, it stops at the first differing word. Zero
/// padding is sound: a string and the same string with trailing NULs are
/// equal word by word, and then the shorter is first.
#[cfg_attr(target_arch = "wasm32", inline(never))]
fn js_order(a: &[u8], b: &[u8], secret: bool) -> i32 {
    let n = a.len().min(b.len());
    // The first differing words (0 and 0 when none differ), and whether
    // they have been found (all ones) or not (zero).
    let (mut fx, mut fy, mut found) = (0u64, 0u64, 0u64);
    let mut at = 0;
    while at < n {
        let (x, y) = (word_at(a, at), word_at(b, at));
        let differ = u64::from(x != y).wrapping_neg();
        let first = differ & !found;
        fx |= x & first;
        fy |= y & first;
        // Opaque, so that the optimiser cannot end the loop once a
        // difference is found (nothing after it would change the result).
        found = core::hint::black_box(found | differ);
        #[cfg(test)]
        tests::WORDS_READ.with(|w| w.set(w.get() + 1));
        if !secret && found != 0 {
            break;
        }
        at += 8;
    }
    // The first differing byte (the lowest, in little-endian), or the top
    // one (equal) when none differs.
    let shift = ((fx ^ fy) | 1 << 63).trailing_zeros() & !7;
    let (kx, ky) = (utf16_key(fx >> shift), utf16_key(fy >> shift));
    let by_bytes = i32::from(kx > ky) - i32::from(kx < ky);
    let by_length = i32::from(a.len() > b.len()) - i32::from(a.len() < b.len());
    core::hint::black_box(by_bytes | (by_length & -i32::from(by_bytes == 0)))
}

/// Compares two strings the way JavaScript's default `Array.prototype.sort`
/// does: by UTF-16 code units, a prefix before its extensions.
///
/// Constant time in the contents: the time depends on the shorter length
/// only, so comparing an attacker's nonce with the token says nothing about
/// where they first differ.
///
/// ```
/// use core::cmp::Ordering;
/// use wechat_hostsign::js_cmp;
///
/// // U+1F600 is "\uD83D\uDE00" in UTF-16, so it sorts before U+FF01.
/// assert_eq!(js_cmp("\u{1F600}", "\u{FF01}"), Ordering::Less);
/// assert_eq!("\u{1F600}".cmp("\u{FF01}"), Ordering::Greater); // Rust's byte order
/// assert_eq!(js_cmp("Z", "a"), Ordering::Less); // uppercase first
/// assert_eq!(js_cmp("ab", "abc"), Ordering::Less); // a prefix first
/// ```
pub fn js_cmp(a: &str, b: &str) -> Ordering {
    js_order(a.as_bytes(), b.as_bytes(), true).cmp(&0)
}

/// Each part's position in JavaScript sort order (a permutation of 0..4;
/// equal parts keep their order, as in a stable sort). All six pairs are
/// compared, and the positions are sums, so the work is the same whatever
/// the order is; comparisons with the last part (the token) take constant
/// time, the others (public values) stop at their first difference.
fn js_ranks(parts: &[&[u8]; 4]) -> [usize; 4] {
    const PAIRS: [(usize, usize); 6] = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)];
    let mut rank = [0usize; 4];
    for (i, j) in PAIRS {
        let (Some(a), Some(b)) = (parts.get(i), parts.get(j)) else {
            continue;
        };
        // 1 when parts[i] sorts after parts[j] (i < j: equal parts keep their order).
        let order = match (a.first(), b.first()) {
            // Two public parts that differ at once (the usual case).
            (Some(&x), Some(&y)) if j != 3 && x != y => {
                if utf16_key(u64::from(x)) < utf16_key(u64::from(y)) {
                    -1
                } else {
                    1
                }
            }
            _ => js_order(a, b, j == 3),
        };
        let after = usize::from(order > 0);
        if let Some(r) = rank.get_mut(i) {
            *r += after;
        }
        if let Some(r) = rank.get_mut(j) {
            *r += 1 - after;
        }
    }
    rank
}

/// The four parts in JavaScript sort order (the last one, the token in a
/// signature, compared in constant time). Not part of the API: the property
/// tests' view of the sort.
#[doc(hidden)]
pub fn js_sorted(parts: [&str; 4]) -> [&str; 4] {
    let rank = js_ranks(&parts.map(str::as_bytes));
    let mut out = [""; 4];
    for (part, r) in parts.into_iter().zip(rank) {
        if let Some(slot) = out.get_mut(r) {
            *slot = part;
        }
    }
    out
}

/// The HostSign signature: SHA-1 over the UTF-8 of the four parts, sorted the
/// JavaScript way and joined with no separator.
///
/// Constant time in the contents for every input a verifier accepts (parts
/// of up to 1271 bytes in all): the sort order is computed with
/// [`js_cmp`]'s comparison, and each part is copied, in argument order, to
/// the offset its rank gives, so neither the comparisons nor the copies
/// depend on where the token falls. What the time does show is the number of
/// SHA-1 blocks, that is the total length of the four parts: with the
/// nonce's length chosen by the caller, that gives the token's length.
///
/// ```
/// use wechat_hostsign::{signature, HexDigest};
/// // sha1("1711421951" + "abc" + "token" + "wx0123456789abcdef"): sorted, then joined.
/// let digest = signature("wx0123456789abcdef", "abc", "1711421951", "token");
/// assert_eq!(HexDigest::new(&digest).as_str(), "2aff2d89cff5c5adafec6d11d921ef517441bd66");
/// ```
pub fn signature(appid: &str, noncestr: &str, timestamp: &str, token: &str) -> [u8; DIGEST_LEN] {
    let parts = [appid, noncestr, timestamp, token];
    let total: usize = parts.iter().map(|p| p.len()).sum();
    if total + 9 <= SHORT_BLOCKS * 64 {
        return signature_laid_out::<SHORT_BLOCKS>(parts, total);
    }
    if total + 9 <= LAYOUT_BLOCKS * 64 {
        return signature_long(parts, total);
    }
    signature_stream(js_sorted(parts))
}

/// Blocks of the common case: real traffic signs 18 + 32 + 10 bytes and a
/// token, which pads into at most two.
const SHORT_BLOCKS: usize = 2;
/// Blocks laid out in place for any longer message a verifier can meet: a
/// 64-byte AppID, a 128-byte nonce, 16 timestamp digits and a 1024-byte
/// token are 1232 bytes, which pad into 20 blocks.
const LAYOUT_BLOCKS: usize = 20;
/// The longest total length of the four parts that [`signature`] hashes in
/// constant time (1271).
#[cfg(test)]
pub(crate) const LAYOUT_MAX: usize = LAYOUT_BLOCKS * 64 - 9;

/// Any message up to [`LAYOUT_MAX`] bytes. Out of line, like the HostSign's
/// general parser: the usual message never needs it, so in WebAssembly V8
/// never compiles it.
#[inline(never)]
fn signature_long(parts: [&str; 4], total: usize) -> [u8; DIGEST_LEN] {
    signature_laid_out::<LAYOUT_BLOCKS>(parts, total)
}

/// Lays the sorted, padded message out in `N` blocks (FIPS 180-4, 5.1.1)
/// and compresses the ones it fills, in one call. `total + 9 <= N * 64`.
#[inline(always)]
fn signature_laid_out<const N: usize>(parts: [&str; 4], total: usize) -> [u8; DIGEST_LEN] {
    let bytes = parts.map(str::as_bytes);
    let rank = js_ranks(&bytes);
    let mut blocks = [[0u8; 64]; N];
    let flat = blocks.as_flattened_mut();
    for (part, &r) in bytes.iter().zip(&rank) {
        // The bytes of the parts that sort before this one.
        let mut at = 0;
        for (other, &o) in bytes.iter().zip(&rank) {
            at += other.len() & usize::from(o < r).wrapping_neg();
        }
        if let Some(dst) = flat.get_mut(at..at + part.len()) {
            dst.copy_from_slice(part);
        }
        #[cfg(test)]
        tests::COPIES.with(|c| c.set(c.get() + 1));
    }
    let n = (total + 9).div_ceil(64);
    if let Some(b) = flat.get_mut(total) {
        *b = 0x80;
    }
    if let Some(len) = flat.get_mut(n * 64 - 8..n * 64) {
        len.copy_from_slice(&(total as u64 * 8).to_be_bytes());
    }
    let mut state = SHA1_H0;
    sha1::block_api::compress(&mut state, blocks.get(..n).unwrap_or_default());
    digest_bytes(state)
}

/// Longer messages than a verifier accepts (only [`signature`] called
/// directly meets them), streamed through the block function.
#[inline(never)]
fn signature_stream(parts: [&str; 4]) -> [u8; DIGEST_LEN] {
    let mut hash = Sha1Stream::new();
    for part in parts {
        hash.update(part.as_bytes());
    }
    hash.finish()
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
            state: SHA1_H0,
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
            #[cfg(test)]
            tests::COPIES.with(|c| c.set(c.get() + 1));
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
///
/// ```
/// let hex = wechat_hostsign::signature_hex("wx0123456789abcdef", "abc", "1711421951", "token");
/// assert_eq!(hex.as_str(), "2aff2d89cff5c5adafec6d11d921ef517441bd66");
/// ```
pub fn signature_hex(appid: &str, noncestr: &str, timestamp: &str, token: &str) -> HexDigest {
    HexDigest::new(&signature(appid, noncestr, timestamp, token))
}

/// Compares two digests in constant time with RustCrypto's `subtle`: as
/// three little-endian words (8 + 8 + 4 bytes), each compared by `u64`'s
/// `ct_eq` into a `Choice` kept behind its optimisation barrier, so the time
/// does not depend on where they differ. Words, not bytes: `subtle`'s
/// barrier costs the same per comparison, and byte by byte took ten times
/// as long (crates/bench, group "digest compare").
pub(crate) fn digest_eq(a: &[u8; DIGEST_LEN], b: &[u8; DIGEST_LEN]) -> bool {
    use subtle::ConstantTimeEq;
    let (a, b) = (digest_words(a), digest_words(b));
    a.iter()
        .zip(&b)
        .fold(subtle::Choice::from(1), |equal, (x, y)| equal & x.ct_eq(y))
        .into()
}

/// A digest as three words, the last one zero-padded.
fn digest_words(digest: &[u8; DIGEST_LEN]) -> [u64; 3] {
    let mut words = [0u64; 3];
    for (word, chunk) in words.iter_mut().zip(digest.chunks(8)) {
        let mut bytes = [0u8; 8];
        for (to, from) in bytes.iter_mut().zip(chunk) {
            *to = *from;
        }
        *word = u64::from_le_bytes(bytes);
    }
    words
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

    std::thread_local! {
        /// How many word pairs `js_order` compared on this thread.
        pub(super) static WORDS_READ: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
        /// How many copies into a SHA-1 block the signature paths made on
        /// this thread (one per part laid out, one per chunk streamed).
        pub(super) static COPIES: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
    }

    /// The copies [`signature`] makes for these parts.
    fn copies(appid: &str, noncestr: &str, timestamp: &str, token: &str) -> usize {
        COPIES.with(|c| c.set(0));
        let digest = signature(appid, noncestr, timestamp, token);
        core::hint::black_box(digest);
        COPIES.with(core::cell::Cell::get)
    }

    #[test]
    fn the_work_does_not_depend_on_where_the_token_sorts() {
        // For every length of nonce and token a verifier accepts (and the
        // longest AppID and timestamp), a token that sorts first, in the
        // middle or last costs the same copies: the laid-out path copies
        // each part once wherever it goes. (The streaming path, which only
        // longer messages reach, copies a part in more chunks when it
        // straddles a block boundary, which depends on the order: a
        // threshold that sent an accepted message there would fail this.)
        let long = "a_b-c".repeat(13);
        let appids = ["wx0123456789abcdef", long.get(..64).unwrap_or_default()];
        for appid in appids {
            for timestamp in ["1711421951", "9007199254740992"] {
                for nonce_len in (1..=128).step_by(3) {
                    let nonce = "n".repeat(nonce_len);
                    for token_len in [1, 7, 16, 40, 41, 64, 100, 255, 512, 1000, 1024] {
                        let counts: Vec<usize> = ['0', 'o', '~']
                            .iter()
                            .map(|c| {
                                copies(appid, &nonce, timestamp, &c.to_string().repeat(token_len))
                            })
                            .collect();
                        assert!(
                            counts.windows(2).all(|w| w.first() == w.last()),
                            "appid {}, nonce {nonce_len}, token {token_len}: {counts:?}",
                            appid.len()
                        );
                    }
                }
            }
        }
        // The review's case: 18 + 54 + 10 + 40 bytes.
        let nonce = "n".repeat(54);
        assert_eq!(
            copies("wx0123456789abcdef", &nonce, "1711421951", &"0".repeat(40)),
            copies("wx0123456789abcdef", &nonce, "1711421951", &"~".repeat(40))
        );
    }

    fn oracle(a: &str, b: &str) -> Ordering {
        a.encode_utf16().cmp(b.encode_utf16())
    }

    /// `js_order`'s result and the number of word pairs it read.
    fn counted(a: &str, b: &str, secret: bool) -> (i32, usize) {
        WORDS_READ.with(|w| w.set(0));
        let order = js_order(a.as_bytes(), b.as_bytes(), secret);
        (order, WORDS_READ.with(core::cell::Cell::get))
    }

    #[test]
    fn with_a_secret_every_word_of_the_shorter_string_is_read() {
        // Where the strings first differ must not change how much is read
        // (the constant-time promise); without a secret it stops there.
        for len in 0..40usize {
            let a = "k".repeat(len);
            let words = len.div_ceil(8);
            for at in 0..len {
                let mut b = a.clone().into_bytes();
                b[at] = b'j';
                let b = String::from_utf8(b).unwrap();
                let long = format!("{b}tail");
                assert_eq!(counted(&a, &b, true), (1, words), "{len} {at}");
                assert_eq!(counted(&a, &long, true), (1, words), "{len} {at}");
                assert_eq!(counted(&a, &b, false), (1, at / 8 + 1), "{len} {at}");
            }
            assert_eq!(counted(&a, &a, true), (0, words), "{len}");
            assert_eq!(counted(&a, &format!("{a}k"), true), (-1, words), "{len}");
        }
    }

    #[test]
    fn the_token_is_compared_in_full_and_public_parts_at_their_first_difference() {
        // (parts, word pairs read): the token's comparisons read every word
        // of the shorter string; public parts whose first bytes differ are
        // ordered without reading a word, others stop at the first word
        // that differs.
        let appid = "wx0123456789abcdef"; // 18 bytes: 3 words
        let cases: [([&str; 4], usize); 3] = [
            // Every first byte differs: only the three pairs with the token.
            (
                [
                    appid,
                    "n123456789abcdef0123456789abcdef",
                    "1711421951",
                    &"T".repeat(40),
                ],
                3 + 4 + 2,
            ),
            // The token starts like the AppID, the nonce like the timestamp
            // (one word, where they differ).
            (
                [
                    appid,
                    "1a23456789abcdef0123456789abcdef",
                    "1711421951",
                    &"wT".repeat(20),
                ],
                3 + 4 + 2 + 1,
            ),
            // A short token: its length bounds every comparison with it.
            (
                [
                    appid,
                    "n123456789abcdef0123456789abcdef",
                    "1711421951",
                    "tok",
                ],
                1 + 1 + 1,
            ),
        ];
        for (parts, words) in cases {
            WORDS_READ.with(|w| w.set(0));
            let sorted = js_sorted(parts);
            assert_eq!(WORDS_READ.with(core::cell::Cell::get), words, "{parts:?}");
            let mut want = parts;
            want.sort_by(|a, b| oracle(a, b));
            assert_eq!(sorted, want);
        }
    }

    #[test]
    fn layout_max_is_the_longest_message_of_the_laid_out_blocks() {
        // SHA-1 pads a message with at least 9 bytes (0x80 and the length).
        assert_eq!((LAYOUT_MAX + 9).div_ceil(64), LAYOUT_BLOCKS);
        assert_eq!((LAYOUT_MAX + 10).div_ceil(64), LAYOUT_BLOCKS + 1);
        // Everything a verifier accepts fits: a 64-byte AppID, a 128-byte
        // nonce, 16 digits and a 1024-byte token.
        const {
            assert!(
                64 + crate::hostsign::MAX_NONCESTR_LEN + 16 + crate::verifier::MAX_TOKEN_LEN
                    <= LAYOUT_MAX
            );
        }
    }

    #[test]
    fn js_cmp_at_every_byte_of_a_word() {
        // A first difference at each position of the first three words,
        // between characters of every UTF-8 length, among them pairs whose
        // bytes differ only in their top bit (`B`, 0x42, and the lead byte
        // 0xC2 of U+0080).
        let chars = [
            "\0",
            "\u{1}",
            "A",
            "B",
            "C",
            "\u{7F}",
            "\u{80}",
            "\u{C0}",
            "\u{FF}",
            "\u{7FF}",
            "\u{800}",
            "\u{D7FF}",
            "\u{E000}",
            "\u{FFFF}",
            "\u{10000}",
            "\u{10FFFF}",
        ];
        for p in 0..24 {
            let prefix = "x".repeat(p);
            for c in chars {
                for d in chars {
                    for tail in ["", "z"] {
                        let a = format!("{prefix}{c}{tail}");
                        let b = format!("{prefix}{d}");
                        assert_eq!(js_cmp(&a, &b), oracle(&a, &b), "{a:?} vs {b:?}");
                        assert_eq!(js_cmp(&b, &a), oracle(&b, &a), "{b:?} vs {a:?}");
                        assert_eq!(
                            js_order(a.as_bytes(), b.as_bytes(), false).cmp(&0),
                            oracle(&a, &b)
                        );
                    }
                }
            }
        }
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

    /// Strings that stress the word-wise comparison: shared prefixes across
    /// word boundaries, NULs (the padding value), the lead bytes 0xEE/0xEF
    /// and 0xF0..0xF4, and every length around eight.
    fn tricky() -> Vec<String> {
        let pieces = [
            "",
            "\0",
            "a",
            "A",
            "\u{7F}",
            "\u{80}",
            "\u{7FF}",
            "\u{800}",
            "\u{D7FF}",
            "\u{E000}",
            "\u{EFFF}",
            "\u{F000}",
            "\u{FFFF}",
            "\u{10000}",
            "\u{1F600}",
            "\u{10FFFF}",
            "\u{FF01}",
        ];
        let mut out = Vec::new();
        for prefix in ["", "abcdefg", "abcdefgh", "0123456789abcdef"] {
            for p in pieces {
                for q in pieces {
                    out.push(format!("{prefix}{p}{q}"));
                }
            }
        }
        out
    }

    #[test]
    fn js_order_is_utf16_order_on_tricky_strings() {
        let all = tricky();
        for a in &all {
            for b in &all {
                assert_eq!(js_cmp(a, b), oracle(a, b), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn utf16_key_moves_exactly_ee_and_ef() {
        for byte in 0..=255u8 {
            let want = if byte == 0xEE || byte == 0xEF {
                byte + 7
            } else {
                byte
            };
            assert_eq!(utf16_key(0xABCD_EF00 | u64::from(byte)), u32::from(want));
        }
    }

    #[test]
    fn both_comparisons_agree() {
        let all = tricky();
        for a in all.iter().step_by(3) {
            for b in &all {
                let (x, y) = (a.as_bytes(), b.as_bytes());
                assert_eq!(
                    js_order(x, y, false),
                    js_order(x, y, true),
                    "{a:?} vs {b:?}"
                );
            }
        }
    }

    #[test]
    fn ranks_are_a_stable_sort() {
        let all = tricky();
        let mut k = 0usize;
        for a in all.iter().step_by(7) {
            for b in all.iter().step_by(11) {
                k += 1;
                let c = &all[k * 13 % all.len()];
                let parts = [a.as_str(), b.as_str(), c.as_str(), a.as_str()];
                let mut want = parts;
                want.sort_by(|x, y| oracle(x, y)); // stable
                assert_eq!(js_sorted(parts), want);
                let mut ranks = js_ranks(&parts.map(str::as_bytes));
                ranks.sort_unstable();
                assert_eq!(ranks, [0, 1, 2, 3]);
            }
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
    fn every_path_matches_sha1_at_every_total_length() {
        use sha1::{Digest, Sha1};
        // Totals from 0 to 1400 bytes: one block, two blocks, up to twenty
        // laid out, then the stream.
        for total in (0..300usize).chain(LAYOUT_MAX - 70..LAYOUT_MAX + 90) {
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
        // Against `==`: equal, and a difference in any bit of any byte (each
        // of the three words, the padded last one included).
        let a: [u8; DIGEST_LEN] = core::array::from_fn(|i| (i as u8).wrapping_mul(37));
        assert!(digest_eq(&a, &a));
        for i in 0..DIGEST_LEN {
            for bit in 0..8 {
                let mut b = a;
                b[i] ^= 1 << bit;
                assert!(!digest_eq(&a, &b), "byte {i} bit {bit}");
                assert!(!digest_eq(&b, &a), "byte {i} bit {bit}");
            }
        }
        assert!(!digest_eq(&[0; DIGEST_LEN], &[0xFF; DIGEST_LEN]));
    }
}
