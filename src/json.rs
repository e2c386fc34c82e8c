//! A strict RFC 8259 reader, just large enough for the HostSign header.
//!
//! It reads from a `&str` (so the input is already valid UTF-8), decodes
//! escapes into a caller-chosen [`Sink`], refuses unpaired surrogate escapes
//! (they cannot become Rust text), and validates skipped values iteratively
//! with a depth limit, so no input can exhaust the stack. Nothing allocates
//! unless the caller's sink does.
#![forbid(unsafe_code)]

use alloc::vec::Vec;

/// The deepest nesting accepted, the top-level object included.
pub const MAX_DEPTH: u32 = 64;

/// What went wrong while reading JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Not RFC 8259 JSON.
    Syntax,
    /// Nested more than [`MAX_DEPTH`] levels.
    TooDeep,
    /// A `\uD800`..`\uDFFF` escape without its pair.
    LoneSurrogate,
    /// The sink refused the decoded bytes (too long).
    Overflow,
}

/// Receives the decoded bytes of a string; returns `false` when full.
pub(crate) trait Sink {
    fn push(&mut self, bytes: &[u8]) -> bool;
}

/// A sink that keeps nothing.
pub(crate) struct Discard;

impl Sink for Discard {
    fn push(&mut self, _: &[u8]) -> bool {
        true
    }
}

impl Sink for Vec<u8> {
    fn push(&mut self, bytes: &[u8]) -> bool {
        self.extend_from_slice(bytes);
        true
    }
}

/// A string as it appears between its quotes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawStr<'a> {
    /// The text between the quotes, escapes undecoded.
    pub raw: &'a str,
    /// Whether `raw` contains any escape (if not, `raw` is the decoded text).
    pub escaped: bool,
}

/// The length of the leading run of bytes that need no attention inside a
/// string: everything but `"`, `\\` and control characters. Eight bytes at a
/// time (SWAR), then byte by byte.
#[inline(always)]
pub(crate) fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// High bit set in each byte of `v` that is zero (for the first such
    /// byte exactly; enough to know whether there is one).
    fn zero_bytes(v: u64) -> u64 {
        v.wrapping_sub(ONES) & !v & HIGH
    }
    let mut skipped = 0;
    for chunk in bytes.chunks_exact(8) {
        let v = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0; 8]));
        let special = zero_bytes(v ^ (ONES * u64::from(b'"')))
            | zero_bytes(v ^ (ONES * u64::from(b'\\')))
            | (v.wrapping_sub(ONES * 0x20) & !v & HIGH); // a byte below 0x20
        if special != 0 {
            break;
        }
        skipped += 8;
    }
    let rest = bytes.get(skipped..).unwrap_or_default();
    skipped
        + rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(rest.len())
}

/// A cursor over JSON text.
pub(crate) struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Cursor<'a> {
        Cursor { text, pos: 0 }
    }

    #[inline(always)]
    pub fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    #[inline(always)]
    fn next_byte(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    /// Skips JSON whitespace (space, tab, LF, CR).
    #[inline(always)]
    pub fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Consumes `byte` if it is next.
    #[inline(always)]
    pub fn eat(&mut self, byte: u8) -> bool {
        let hit = self.peek() == Some(byte);
        if hit {
            self.pos += 1;
        }
        hit
    }

    #[inline(always)]
    pub fn expect(&mut self, byte: u8) -> Result<(), JsonError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(JsonError::Syntax)
        }
    }

    #[inline(always)]
    pub fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.next_byte() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(JsonError::Syntax),
            };
            v = (v << 4) | u32::from(d);
        }
        Ok(v)
    }

    /// Reads one string (the cursor is on its opening quote) and validates
    /// it, every escape included, without decoding it: most strings have no
    /// escape, and their raw text is their value.
    pub fn string(&mut self) -> Result<RawStr<'a>, JsonError> {
        self.expect(b'"')?;
        let start = self.pos;
        let mut escaped = false;
        loop {
            self.pos += plain_run(self.text.as_bytes().get(self.pos..).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    let raw = self.text.get(start..self.pos).ok_or(JsonError::Syntax)?;
                    self.pos += 1;
                    return Ok(RawStr { raw, escaped });
                }
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 1;
                    self.escape(&mut Discard)?;
                }
                Some(0x20..) => self.pos += 1,
                Some(_) | None => return Err(JsonError::Syntax),
            }
        }
    }

    /// Decodes the escapes of a string's raw text (as [`string`](Self::string)
    /// returned it) into `sink`.
    pub fn decode(raw: &str, sink: &mut dyn Sink) -> Result<(), JsonError> {
        let mut c = Cursor::new(raw);
        let mut chunk = 0;
        while let Some(b) = c.peek() {
            if b == b'\\' {
                c.flush(chunk, sink)?;
                c.pos += 1;
                c.escape(sink)?;
                chunk = c.pos;
            } else {
                c.pos += 1;
            }
        }
        c.flush(chunk, sink)
    }

    fn flush(&self, from: usize, sink: &mut dyn Sink) -> Result<(), JsonError> {
        let bytes = self
            .text
            .as_bytes()
            .get(from..self.pos)
            .ok_or(JsonError::Syntax)?;
        if bytes.is_empty() || sink.push(bytes) {
            Ok(())
        } else {
            Err(JsonError::Overflow)
        }
    }

    /// Decodes the escape after a backslash.
    fn escape(&mut self, sink: &mut dyn Sink) -> Result<(), JsonError> {
        let simple = match self.next_byte() {
            Some(b @ (b'"' | b'\\' | b'/')) => b,
            Some(b'b') => 0x08,
            Some(b'f') => 0x0C,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'u') => {
                let hi = self.hex4()?;
                let code = match hi {
                    0xD800..=0xDBFF => {
                        if !(self.eat(b'\\') && self.eat(b'u')) {
                            return Err(JsonError::LoneSurrogate);
                        }
                        let lo = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&lo) {
                            return Err(JsonError::LoneSurrogate);
                        }
                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(JsonError::LoneSurrogate),
                    c => c,
                };
                let c = char::from_u32(code).ok_or(JsonError::LoneSurrogate)?;
                let mut buf = [0u8; 4];
                return if sink.push(c.encode_utf8(&mut buf).as_bytes()) {
                    Ok(())
                } else {
                    Err(JsonError::Overflow)
                };
            }
            _ => return Err(JsonError::Syntax),
        };
        if sink.push(&[simple]) {
            Ok(())
        } else {
            Err(JsonError::Overflow)
        }
    }

    /// Reads one number; returns its text and whether it is a plain
    /// non-negative integer (no sign, fraction or exponent).
    pub fn number(&mut self) -> Result<(&'a str, bool), JsonError> {
        let start = self.pos;
        let negative = self.eat(b'-');
        match self.next_byte() {
            Some(b'0') => {}
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(JsonError::Syntax),
        }
        let mut plain = !negative;
        if self.eat(b'.') {
            plain = false;
            self.one_or_more_digits()?;
        }
        if self.eat(b'e') || self.eat(b'E') {
            plain = false;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            self.one_or_more_digits()?;
        }
        let text = self.text.get(start..self.pos).ok_or(JsonError::Syntax)?;
        Ok((text, plain))
    }

    #[inline(always)]
    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn one_or_more_digits(&mut self) -> Result<(), JsonError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(JsonError::Syntax);
        }
        self.digits();
        Ok(())
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), JsonError> {
        let end = self.pos + word.len();
        if self.text.as_bytes().get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(())
        } else {
            Err(JsonError::Syntax)
        }
    }

    /// Validates and skips one value of any type. `depth` is the nesting
    /// level of the container holding it (1 for a top-level object's member).
    pub fn skip_value(&mut self, depth: u32) -> Result<(), JsonError> {
        // One bit per open container: 1 = object, 0 = array.
        let mut stack: u64 = 0;
        let mut open: u32 = 0;
        loop {
            // A value.
            self.ws();
            match self.peek() {
                Some(b @ (b'{' | b'[')) => {
                    if depth + open + 1 > MAX_DEPTH {
                        return Err(JsonError::TooDeep);
                    }
                    self.pos += 1;
                    let is_object = b == b'{';
                    stack = (stack << 1) | u64::from(is_object);
                    open += 1;
                    self.ws();
                    let close = if is_object { b'}' } else { b']' };
                    if !self.eat(close) {
                        if is_object {
                            self.member_key()?;
                        }
                        continue;
                    }
                    stack >>= 1;
                    open -= 1;
                }
                Some(b'"') => {
                    self.string()?;
                }
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                _ => return Err(JsonError::Syntax),
            }
            // After a value: close containers until one continues.
            loop {
                if open == 0 {
                    return Ok(());
                }
                self.ws();
                let in_object = stack & 1 == 1;
                if self.eat(b',') {
                    if in_object {
                        self.ws();
                        self.member_key()?;
                    }
                    break;
                }
                if self.eat(if in_object { b'}' } else { b']' }) {
                    stack >>= 1;
                    open -= 1;
                } else {
                    return Err(JsonError::Syntax);
                }
            }
        }
    }

    /// `"key" :` inside a skipped object.
    fn member_key(&mut self) -> Result<(), JsonError> {
        self.string()?;
        self.ws();
        self.expect(b':')
    }
}

/// The most bytes an [`InlineBuf`] can hold.
pub(crate) const INLINE_MAX: usize = 128;

/// A buffer of at most `cap` (<= [`INLINE_MAX`]) bytes that decoded text is
/// written into. One type for every field keeps the WebAssembly small.
#[derive(Clone, Copy)]
pub(crate) struct InlineBuf {
    bytes: [u8; INLINE_MAX],
    len: u8,
    cap: u8,
}

impl InlineBuf {
    /// An empty buffer that refuses to grow beyond `cap` bytes.
    pub fn new(cap: usize) -> Self {
        InlineBuf {
            bytes: [0; INLINE_MAX],
            len: 0,
            cap: cap.min(INLINE_MAX) as u8,
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }
}

impl Sink for InlineBuf {
    fn push(&mut self, bytes: &[u8]) -> bool {
        let start = usize::from(self.len);
        let end = start + bytes.len();
        if end > usize::from(self.cap) {
            return false;
        }
        match self.bytes.get_mut(start..end) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                self.len = end as u8;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(s: &str) -> Result<(), JsonError> {
        let mut c = Cursor::new(s);
        c.skip_value(1)?;
        c.ws();
        if c.at_end() {
            Ok(())
        } else {
            Err(JsonError::Syntax)
        }
    }

    fn decode(s: &str) -> Result<String, JsonError> {
        let raw = Cursor::new(s).string()?;
        let mut out = Vec::new();
        Cursor::decode(raw.raw, &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn valid_values() {
        for s in [
            "0",
            "-0",
            "1.5e+10",
            "-12.25E-3",
            "true",
            "false",
            "null",
            "\"\"",
            "[]",
            "{}",
            "[1,[2,{\"a\":[]}],{}]",
            " { \"a\" : { \"b\" : [ null ] } } ",
            "\"\\u00e9\\ud83d\\ude00\"",
        ] {
            assert_eq!(skip(s), Ok(()), "{s}");
        }
    }

    #[test]
    fn invalid_values() {
        for s in [
            "",
            "01",
            "1.",
            ".5",
            "1e",
            "+1",
            "-",
            "tru",
            "nul",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "[1 2]",
            "{\"a\" 1}",
            "\"\\x\"",
            "\"\t\"",
            "\"abc",
            "[",
            "{\"a\":}",
            "NaN",
            "Infinity",
            "'a'",
            "\"\\u12\"",
            "[}",
            "{]",
        ] {
            assert!(skip(s).is_err(), "{s:?} accepted");
        }
    }

    #[test]
    fn depth_limit() {
        let ok = format!("{}{}", "[".repeat(63), "]".repeat(63));
        assert_eq!(skip(&ok), Ok(()));
        let deep = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert_eq!(skip(&deep), Err(JsonError::TooDeep));
        let huge = "[".repeat(100_000);
        assert_eq!(skip(&huge), Err(JsonError::TooDeep));
    }

    #[test]
    fn escapes_decode() {
        assert_eq!(
            decode(r#""a\"b\\c\/d\b\f\n\r\t""#).unwrap(),
            "a\"b\\c/d\u{8}\u{c}\n\r\t"
        );
        assert_eq!(decode(r#""\u006eoncestr""#).unwrap(), "noncestr");
        assert_eq!(decode(r#""\uD83D\uDE00!""#).unwrap(), "\u{1F600}!");
        assert_eq!(decode(r#""\ud800""#), Err(JsonError::LoneSurrogate));
        assert_eq!(decode(r#""\udc00x""#), Err(JsonError::LoneSurrogate));
        assert_eq!(decode(r#""\ud800\u0041""#), Err(JsonError::LoneSurrogate));
        assert_eq!(decode("\"é\""), Ok("é".to_owned()));
    }

    #[test]
    fn plain_run_finds_the_first_special_byte() {
        let naive = |b: &[u8]| {
            b.iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                .unwrap_or(b.len())
        };
        let mut cases: Vec<Vec<u8>> = vec![vec![], b"abc".to_vec(), b"0123456789abcdef".to_vec()];
        for special in [b'"', b'\\', 0x00, 0x1F, 0x0A] {
            for len in 0..20 {
                for at in 0..=len {
                    let mut v: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                    if at < len {
                        v[at] = special;
                    }
                    cases.push(v);
                }
            }
        }
        // Bytes around the thresholds, and non-ASCII.
        cases.push(vec![
            0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xFF, 0xC3, 0xA9, 0x1F,
        ]);
        cases.push("é中\u{1F600}\"".as_bytes().to_vec());
        for c in cases {
            assert_eq!(plain_run(&c), naive(&c), "{c:?}");
        }
    }

    #[test]
    fn inline_buf_overflows_cleanly() {
        let mut b = InlineBuf::new(4);
        assert!(b.push(b"abc"));
        assert!(!b.push(b"de"));
        assert_eq!(b.as_bytes(), b"abc");
        assert!(b.push(b"d"));
        assert_eq!(b.as_bytes(), b"abcd");
    }
}
