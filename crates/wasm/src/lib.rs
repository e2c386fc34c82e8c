//! The WebAssembly binding used by the npm package: an unpublished member of
//! the workspace, so that the published `wechat-hostsign` crate carries no
//! wasm-bindgen, allocator or panic handler.
//!
//! The hot path passes no JavaScript objects across the boundary. The
//! package's JavaScript writes the two header strings into one reused I/O
//! buffer inside wasm memory ([`Engine::io_ptr`]), calls [`Engine::verify`]
//! with their lengths, and reads the result from a small array of `f64`
//! slots ([`Engine::out_ptr`]); strings in the result are byte spans of that
//! buffer. Nothing allocates per call. Configuration (rare) arrives one
//! value per call through [`WasmBuilder`].
//!
//! The build is `no_std`: this module supplies the allocator and a panic
//! handler that traps without formatting a message, which keeps `core::fmt`
//! out of the .wasm. (The core has no reachable panics; clippy denies the
//! usual sources.)
//!
//! I/O buffer layout (byte offsets, see [`Engine::layout`]):
//! `[REF_OFF, REF_OFF+REF_CAP)` Referer, `[HS_OFF, HS_OFF+HS_CAP)` HostSign,
//! `[TEXT_OFF, IO_LEN)` decoded output text (noncestr, digits, hex).
//!
//! Refusals are returned (or thrown) as 1 + the [`Reason`] index; the
//! package's JavaScript holds the codes and messages, generated from
//! [`Reason`] at build time by `examples/reasons_js.rs` (this crate).
//!
//! Header states (the `*_state` arguments): 0 absent, 1 value, 2 repeated,
//! 3 too large, 4 not text.
//!
//! Result slots (indices into the `f64` array):
//! 0 appid offset, 1 appid length, 2 version kind (0 develop, 1 devtools,
//! 2 release), 3 release number, 4 noncestr offset, 5 noncestr length,
//! 6 timestamp seconds, 7 digits offset, 8 digits length, 9 timestamp form
//! (0 number, 1 string), 10 age, 11 token index, 12 signature hex offset,
//! 13 signature hex length. Offsets are absolute in the I/O buffer.
//!
//! The `#[wasm_bindgen]` macro expands to FFI glue that uses `unsafe`; this
//! module's own `unsafe` is the global allocator's, which forwards each call
//! to `lol_alloc` unchanged.
#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]
#![allow(unsafe_code)]

extern crate alloc;

#[cfg(all(target_arch = "wasm32", not(test)))]
#[global_allocator]
static ALLOCATOR: Allocator = Allocator(
    // SAFETY: a WebAssembly instance without threads runs one call at a time.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) },
);

/// `lol_alloc`'s free-list allocator behind calls the optimiser may not
/// inline: allocation is off the hot path, and inlined it would be copied
/// into every `drop`.
#[cfg(all(target_arch = "wasm32", not(test)))]
struct Allocator(lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator>);

#[cfg(all(target_arch = "wasm32", not(test)))]
// SAFETY: forwards every call unchanged to an allocator that upholds the contract.
unsafe impl core::alloc::GlobalAlloc for Allocator {
    #[inline(never)]
    unsafe fn alloc(&self, layout: core::alloc::Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees, passed on.
        unsafe { self.0.alloc(layout) }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: core::alloc::Layout) {
        // SAFETY: the caller's guarantees, passed on.
        unsafe { self.0.dealloc(ptr, layout) }
    }

    #[inline(never)]
    unsafe fn realloc(
        &self,
        ptr: *mut u8,
        layout: core::alloc::Layout,
        new_size: usize,
    ) -> *mut u8 {
        // SAFETY: the caller's guarantees, passed on.
        unsafe { self.0.realloc(ptr, layout, new_size) }
    }
}

#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;
use wechat_hostsign::error::Reason;
use wechat_hostsign::hostsign::{MAX_HOSTSIGN_LEN, Timestamp, TimestampForm, parse_hostsign};
use wechat_hostsign::referer::{MAX_REFERER_LEN, Version, VersionKind, parse_referer};
use wechat_hostsign::sign::{SignRequest, sign as sign_core};
use wechat_hostsign::signature::{HexDigest, signature_hex as signature_hex_core};
use wechat_hostsign::verifier::{Input, Verifier, VerifierBuilder};

/// Room for a value of `limit` bytes plus one more character: a value that
/// fills it is over the limit.
const SLACK: usize = 4;
const REF_OFF: usize = 0;
const REF_CAP: usize = MAX_REFERER_LEN + SLACK;
const HS_OFF: usize = align8(REF_OFF + REF_CAP);
const HS_CAP: usize = MAX_HOSTSIGN_LEN + SLACK;
const TEXT_OFF: usize = align8(HS_OFF + HS_CAP);
const TEXT_CAP: usize = 256;
const IO_LEN: usize = TEXT_OFF + TEXT_CAP;
const OUT_SLOTS: usize = 14;

const fn align8(n: usize) -> usize {
    (n + 7) & !7
}

/// The I/O buffer, the result slots, and the calls that use them.
#[wasm_bindgen]
pub struct Engine {
    io: Vec<u8>,
    out: [f64; OUT_SLOTS],
}

/// A configured [`Verifier`], or why the options were refused.
#[wasm_bindgen]
pub struct WasmVerifier {
    inner: Result<Verifier, Reason>,
}

/// The absolute offset of `part` (a view of the I/O buffer that starts at
/// address `io_start`) within the I/O buffer.
fn offset(io_start: usize, part: &str) -> f64 {
    (part.as_ptr() as usize).wrapping_sub(io_start) as f64
}

/// The value of one header as the JavaScript side described it.
fn input(state: u32, bytes: Option<&[u8]>) -> Input<'_> {
    match state {
        0 => Input::Absent,
        1 => bytes
            .and_then(|b| core::str::from_utf8(b).ok())
            .map_or(Input::NotText, Input::Value),
        2 => Input::Repeated,
        3 => Input::TooLarge,
        _ => Input::NotText,
    }
}

/// The return value for a refusal: 1 + the reason's index.
fn refused(r: Reason) -> u32 {
    u32::from(r as u8) + 1
}

/// Where the result's strings go: spans of the input when they were not
/// escaped, else copies in the output region.
struct TextOut<'t> {
    io_start: usize,
    text: &'t mut [u8],
    used: usize,
}

impl TextOut<'_> {
    /// `(offset, length)` of `s`: in place when `borrowed`, else copied.
    fn span(&mut self, borrowed: Option<&str>, s: &str) -> (f64, f64) {
        let off = match borrowed {
            Some(b) => offset(self.io_start, b),
            None => {
                let start = self.used;
                let end = start + s.len();
                if let Some(dst) = self.text.get_mut(start..end) {
                    dst.copy_from_slice(s.as_bytes());
                    self.used = end;
                }
                (TEXT_OFF + start) as f64
            }
        };
        (off, s.len() as f64)
    }
}

/// The result slots.
struct Slots<'o>(&'o mut [f64; OUT_SLOTS]);

impl Slots<'_> {
    fn set(&mut self, slot: usize, value: f64) {
        if let Some(s) = self.0.get_mut(slot) {
            *s = value;
        }
    }

    fn version(&mut self, v: Version) {
        let (kind, number) = match v {
            Version::Develop => (0.0, 0.0),
            Version::Devtools => (1.0, 0.0),
            Version::Release(n) => (2.0, n as f64),
        };
        self.set(2, kind);
        self.set(3, number);
    }

    fn span(&mut self, slot: usize, (off, len): (f64, f64)) {
        self.set(slot, off);
        self.set(slot + 1, len);
    }

    fn timestamp(&mut self, t: &Timestamp<'_>, text: &mut TextOut<'_>) {
        self.set(6, t.seconds as f64);
        self.span(7, text.span(t.borrowed_digits(), t.digits()));
        self.set(
            9,
            match t.form {
                TimestampForm::Number => 0.0,
                TimestampForm::String => 1.0,
            },
        );
    }
}

impl Engine {
    /// The Referer and HostSign regions as the JavaScript side filled them,
    /// the output region, and the result slots.
    fn split(
        &mut self,
        ref_len: u32,
        hs_len: u32,
    ) -> (Option<&[u8]>, Option<&[u8]>, TextOut<'_>, Slots<'_>) {
        let io_start = self.io.as_ptr() as usize;
        let mid = TEXT_OFF.min(self.io.len());
        let (input, text) = self.io.split_at_mut(mid);
        let input: &[u8] = input;
        let r = input.get(REF_OFF..REF_OFF + (ref_len as usize).min(REF_CAP));
        let h = input.get(HS_OFF..HS_OFF + (hs_len as usize).min(HS_CAP));
        (
            r,
            h,
            TextOut {
                io_start,
                text,
                used: 0,
            },
            Slots(&mut self.out),
        )
    }
}

#[wasm_bindgen]
impl Engine {
    /// A new engine with its buffers allocated once.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Engine {
        Engine {
            io: vec![0; IO_LEN],
            out: [0.0; OUT_SLOTS],
        }
    }

    /// Writes `[REF_OFF, REF_CAP, HS_OFF, HS_CAP, TEXT_OFF, IO_LEN,
    /// MAX_REFERER_LEN, MAX_HOSTSIGN_LEN, OUT_SLOTS]` into the first result
    /// slots. (No export returns more than one value: V8 compiles a wrapper
    /// for each multi-value signature when the module is compiled, which
    /// costs cold start.)
    pub fn layout(&mut self) {
        let values = [
            REF_OFF,
            REF_CAP,
            HS_OFF,
            HS_CAP,
            TEXT_OFF,
            IO_LEN,
            MAX_REFERER_LEN,
            MAX_HOSTSIGN_LEN,
            OUT_SLOTS,
        ];
        for (slot, &v) in self.out.iter_mut().zip(values.iter()) {
            *slot = v as f64;
        }
    }

    /// Address of the I/O buffer in wasm memory.
    #[wasm_bindgen(js_name = ioPtr)]
    pub fn io_ptr(&self) -> u32 {
        self.io.as_ptr() as usize as u32
    }

    /// Address of the result slots (`f64`, 8-byte aligned) in wasm memory.
    #[wasm_bindgen(js_name = outPtr)]
    pub fn out_ptr(&self) -> u32 {
        self.out.as_ptr() as usize as u32
    }

    /// Verifies the headers in the I/O buffer at `now` (whole seconds).
    /// Returns 0 when verified (result in the slots), else 1 + reason index.
    pub fn verify(
        &mut self,
        verifier: &WasmVerifier,
        ref_state: u32,
        ref_len: u32,
        hs_state: u32,
        hs_len: u32,
        now: f64,
    ) -> u32 {
        let (r, h, mut text, mut slots) = self.split(ref_len, hs_len);
        // `now` is checked by the JavaScript side; `as` saturates anyway.
        let inner = match &verifier.inner {
            Ok(inner) => inner,
            Err(reason) => return refused(*reason),
        };
        match inner.verify(input(ref_state, r), input(hs_state, h), now as i64) {
            Ok(v) => {
                slots.span(0, (offset(text.io_start, v.appid), v.appid.len() as f64));
                slots.version(v.version);
                slots.span(4, text.span(v.noncestr.borrowed(), v.noncestr.as_str()));
                slots.timestamp(&v.timestamp, &mut text);
                slots.set(10, v.age as f64);
                slots.set(11, v.token_index as f64);
                0
            }
            Err(e) => refused(e.reason()),
        }
    }

    /// Parses the Referer in the I/O buffer. 0 when valid (appid and version
    /// in the slots), else 1 + reason index.
    #[wasm_bindgen(js_name = parseReferer)]
    pub fn parse_referer(&mut self, state: u32, len: u32, strict_appid: bool) -> u32 {
        let (r, _, text, mut slots) = self.split(len, 0);
        let referer = match input(state, r) {
            Input::Value(s) => parse_referer(s, strict_appid).map_err(|e| e.reason()),
            Input::Absent => Err(Reason::MissingReferer),
            Input::Repeated => Err(Reason::RefererRepeated),
            Input::TooLarge => Err(Reason::RefererTooLarge),
            Input::NotText => Err(Reason::RefererNotText),
        };
        match referer {
            Ok(referer) => {
                slots.span(
                    0,
                    (
                        offset(text.io_start, referer.appid),
                        referer.appid.len() as f64,
                    ),
                );
                slots.version(referer.version);
                0
            }
            Err(r) => refused(r),
        }
    }

    /// Parses the HostSign in the I/O buffer. 0 when valid (noncestr,
    /// timestamp and signature in the slots), else 1 + reason index.
    #[wasm_bindgen(js_name = parseHostSign)]
    pub fn parse_hostsign(&mut self, state: u32, len: u32) -> u32 {
        let (_, h, mut text, mut slots) = self.split(0, len);
        let hostsign = match input(state, h) {
            Input::Value(s) => parse_hostsign(s).map_err(|e| e.reason()),
            Input::Absent => Err(Reason::MissingHostsign),
            Input::Repeated => Err(Reason::HostsignRepeated),
            Input::TooLarge => Err(Reason::HostsignTooLarge),
            Input::NotText => Err(Reason::HostsignNotText),
        };
        match hostsign {
            Ok(hs) => {
                slots.span(4, text.span(hs.noncestr.borrowed(), hs.noncestr.as_str()));
                slots.timestamp(&hs.timestamp, &mut text);
                let hex = HexDigest::new(&hs.signature);
                slots.span(12, text.span(None, hex.as_str()));
                0
            }
            Err(r) => refused(r),
        }
    }

    /// `signature(appid, noncestr, timestamp, token)` as 40 lowercase hex
    /// digits, written at `TEXT_OFF` in the I/O buffer.
    #[wasm_bindgen(js_name = signatureHex)]
    pub fn signature_hex(&mut self, appid: &str, noncestr: &str, timestamp: &str, token: &str) {
        let hex = signature_hex_core(appid, noncestr, timestamp, token);
        let hex = hex.as_str().as_bytes();
        if let Some(dst) = self.io.get_mut(TEXT_OFF..TEXT_OFF + hex.len()) {
            dst.copy_from_slice(hex);
        }
    }

    /// Signs a request. `version` is 0 (develop), -1 (devtools) or a release
    /// number; `timestamp_digits` (when given) is signed as a string, else
    /// `timestamp` as a JSON number. Returns 0 with `referer \n hostsign \n
    /// signature` at the start of the I/O buffer and its length in slot 0,
    /// or, when the request is not valid, 1 + the reason index.
    #[allow(clippy::too_many_arguments)]
    pub fn sign(
        &mut self,
        appid: &str,
        token: &str,
        noncestr: &str,
        timestamp: f64,
        timestamp_digits: Option<String>,
        version: f64,
        strict_appid: bool,
    ) -> u32 {
        let out = match sign_checked(
            appid,
            token,
            noncestr,
            timestamp,
            timestamp_digits,
            version,
            strict_appid,
        ) {
            Ok(out) => out,
            Err(reason) => return refused(reason),
        };
        // The package's JavaScript bounds every part, so this always fits.
        match self.io.get_mut(..out.len()) {
            Some(dst) => dst.copy_from_slice(out.as_bytes()),
            None => return refused(Reason::SignNoncestr),
        }
        self.out[0] = out.len() as f64;
        0
    }
}

/// Collects a verifier's options, one call per value, from the package's
/// JavaScript (which checks the JavaScript types and refuses unknown option
/// names); [`WasmBuilder::build`] applies the core's checks.
#[wasm_bindgen]
#[derive(Default)]
pub struct WasmBuilder {
    inner: VerifierBuilder,
    appids: Option<Vec<String>>,
    versions: Option<Vec<VersionKind>>,
    error: Option<Reason>,
}

#[wasm_bindgen]
impl WasmBuilder {
    /// A builder with the defaults.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmBuilder {
        WasmBuilder::default()
    }

    /// Adds a token.
    pub fn token(&mut self, token: &str) {
        self.inner = core::mem::take(&mut self.inner).token(token);
    }

    /// Sets `maxAge` in whole seconds; a negative value means `null` (off).
    #[wasm_bindgen(js_name = maxAge)]
    pub fn max_age(&mut self, seconds: f64) {
        let max_age = (seconds >= 0.0).then_some(seconds as u64);
        self.inner = core::mem::take(&mut self.inner).max_age(max_age);
    }

    /// Sets `clockSkew` in whole seconds.
    #[wasm_bindgen(js_name = clockSkew)]
    pub fn clock_skew(&mut self, seconds: f64) {
        self.inner = core::mem::take(&mut self.inner).clock_skew(seconds as u64);
    }

    /// Sets `strictAppid`.
    #[wasm_bindgen(js_name = strictAppid)]
    pub fn strict_appid(&mut self, strict: bool) {
        self.inner = core::mem::take(&mut self.inner).strict_appid(strict);
    }

    /// Starts an `appids` allowlist (left empty, it is refused).
    pub fn appids(&mut self) {
        self.appids.get_or_insert_with(Vec::new);
    }

    /// Adds an AppID to the allowlist.
    pub fn appid(&mut self, appid: &str) {
        self.appids.get_or_insert_with(Vec::new).push(appid.into());
    }

    /// Starts a `versions` allowlist (left empty, it is refused).
    pub fn versions(&mut self) {
        self.versions.get_or_insert_with(Vec::new);
    }

    /// Adds a version kind by name (`develop`, `devtools` or `release`).
    pub fn version(&mut self, name: &str) {
        match VersionKind::from_name(name) {
            Ok(kind) => self.versions.get_or_insert_with(Vec::new).push(kind),
            Err(e) => {
                self.error.get_or_insert(e.reason());
            }
        }
    }

    /// Checks everything and builds the verifier; when the options are not
    /// valid, the verifier's [`WasmVerifier::error`] says why.
    pub fn build(self) -> WasmVerifier {
        let inner = match self.error {
            Some(reason) => Err(reason),
            None => {
                let mut b = self.inner;
                if let Some(appids) = self.appids {
                    b = b.appids(appids);
                }
                if let Some(versions) = self.versions {
                    b = b.versions(versions);
                }
                b.build().map_err(|e| e.reason())
            }
        };
        WasmVerifier { inner }
    }
}

#[wasm_bindgen]
impl WasmVerifier {
    /// 0 when the options were valid, else 1 + the reason index. (No
    /// exception crosses the boundary: that keeps the .wasm smaller.)
    pub fn error(&self) -> u32 {
        self.inner.as_ref().err().map_or(0, |r| refused(*r))
    }
}

/// `n` as a whole number `0 ..= 2^53`, if it is one.
fn whole(n: f64) -> Option<u64> {
    let w = n as u64; // saturating; NaN becomes 0
    ((0.0..=9_007_199_254_740_992.0).contains(&n) && w as f64 == n).then_some(w)
}

fn sign_checked(
    appid: &str,
    token: &str,
    noncestr: &str,
    timestamp: f64,
    timestamp_digits: Option<String>,
    version: f64,
    strict_appid: bool,
) -> Result<String, Reason> {
    let version = if version == 0.0 {
        Version::Develop
    } else if version == -1.0 {
        Version::Devtools
    } else if let Some(n) = whole(version).filter(|&n| n >= 1) {
        Version::Release(n)
    } else {
        return Err(Reason::SignVersion);
    };
    let request = SignRequest::new(appid, token)
        .noncestr(noncestr)
        .version(version)
        .strict_appid(strict_appid);
    let request = match &timestamp_digits {
        Some(d) => request.timestamp_digits(d),
        None => match whole(timestamp) {
            Some(n) => request.timestamp(n),
            None => return Err(Reason::SignTimestamp),
        },
    };
    let signed = sign_core(&request).map_err(|e| e.reason())?;
    let mut out = signed.referer;
    for part in ["\n", &signed.hostsign, "\n", signed.signature.as_str()] {
        out.push_str(part);
    }
    Ok(out)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    //! The binding layer as the package's JavaScript drives it: values are
    //! written into the I/O buffer, results read from the slots. Run with
    //! `wasm-bindgen-test-runner` (scripts/test).
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;
    use wechat_hostsign::Code;

    const APPID: &str = "wx0123456789abcdef";

    fn write(e: &mut Engine, off: usize, s: &str) -> u32 {
        e.io[off..off + s.len()].copy_from_slice(s.as_bytes());
        s.len() as u32
    }

    fn verifier(tokens: &[&str]) -> WasmVerifier {
        let mut b = WasmBuilder::new();
        for t in tokens {
            b.token(t);
        }
        let v = b.build();
        assert_eq!(v.error(), 0);
        v
    }

    /// What `Engine::sign` wrote, or the reason it refused.
    #[allow(clippy::too_many_arguments)]
    fn sign(
        appid: &str,
        token: &str,
        noncestr: &str,
        timestamp: f64,
        timestamp_digits: Option<String>,
        version: f64,
        strict_appid: bool,
    ) -> Result<String, Reason> {
        let mut e = Engine::new();
        match e.sign(
            appid,
            token,
            noncestr,
            timestamp,
            timestamp_digits,
            version,
            strict_appid,
        ) {
            0 => Ok(String::from_utf8(e.io[..e.out[0] as usize].to_vec()).unwrap()),
            r => Err(reason_of(r)),
        }
    }

    fn signed(nonce: &str, ts: f64, token: &str) -> (String, String) {
        let out = sign(APPID, token, nonce, ts, None, 3.0, true).unwrap();
        let mut parts = out.split('\n');
        (
            parts.next().unwrap().to_owned(),
            parts.next().unwrap().to_owned(),
        )
    }

    fn reason_of(result: u32) -> Reason {
        Reason::from_index((result - 1) as u8).unwrap()
    }

    fn text_at(e: &Engine, slot: usize) -> String {
        let (off, len) = (e.out[slot] as usize, e.out[slot + 1] as usize);
        String::from_utf8(e.io[off..off + len].to_vec()).unwrap()
    }

    #[wasm_bindgen_test]
    fn layout_is_consistent() {
        let mut e = Engine::new();
        e.layout();
        let l = e.out;
        assert!(l[0] + l[1] <= l[2] && l[2] + l[3] <= l[4] && l[4] < l[5]);
        assert_eq!(l[1] as usize, MAX_REFERER_LEN + SLACK);
        assert_eq!(l[5] as usize, e.io.len());
        assert_eq!(l[8] as usize, OUT_SLOTS);
        assert_eq!(e.out_ptr() % 8, 0);
        assert_ne!(e.io_ptr(), 0);
    }

    #[wasm_bindgen_test]
    fn verifies_through_the_io_buffer() {
        let mut e = Engine::new();
        let v = verifier(&["new", "old"]);
        let (referer, hostsign) = signed("n\u{e9}\"x", 1_711_421_951.0, "old");
        let rl = write(&mut e, REF_OFF, &referer);
        let hl = write(&mut e, HS_OFF, &hostsign);
        assert_eq!(e.verify(&v, 1, rl, 1, hl, 1_711_421_960.0), 0);
        assert_eq!(text_at(&e, 0), APPID);
        assert_eq!((e.out[2], e.out[3]), (2.0, 3.0));
        assert_eq!(text_at(&e, 4), "n\u{e9}\"x");
        assert_eq!(e.out[6], 1_711_421_951.0);
        assert_eq!(text_at(&e, 7), "1711421951");
        assert_eq!(e.out[9], 0.0);
        assert_eq!((e.out[10], e.out[11]), (9.0, 1.0));
        // A second call with a plain nonce borrows it from the input.
        let (referer, hostsign) = signed("plain", 1_711_421_951.0, "new");
        let rl = write(&mut e, REF_OFF, &referer);
        let hl = write(&mut e, HS_OFF, &hostsign);
        assert_eq!(e.verify(&v, 1, rl, 1, hl, 1_711_421_951.0), 0);
        assert!(e.out[4] as usize >= HS_OFF && (e.out[4] as usize) < TEXT_OFF);
        assert_eq!(text_at(&e, 4), "plain");
        assert_eq!(e.out[11], 0.0);
    }

    #[wasm_bindgen_test]
    fn refusals_and_header_states() {
        let mut e = Engine::new();
        let v = verifier(&["t"]);
        let (referer, hostsign) = signed("n", 1000.0, "t");
        let rl = write(&mut e, REF_OFF, &referer);
        let hl = write(&mut e, HS_OFF, &hostsign);
        let code = |r: u32| reason_of(r).code();
        assert_eq!(
            code(e.verify(&v, 0, 0, 1, hl, 1000.0)),
            Code::MissingReferer
        );
        assert_eq!(
            code(e.verify(&v, 1, rl, 0, 0, 1000.0)),
            Code::MissingHostsign
        );
        assert_eq!(
            reason_of(e.verify(&v, 2, 0, 1, hl, 1000.0)),
            Reason::RefererRepeated
        );
        assert_eq!(
            reason_of(e.verify(&v, 3, 0, 1, hl, 1000.0)),
            Reason::RefererTooLarge
        );
        assert_eq!(
            reason_of(e.verify(&v, 4, 0, 1, hl, 1000.0)),
            Reason::RefererNotText
        );
        assert_eq!(
            reason_of(e.verify(&v, 1, rl, 2, 0, 1000.0)),
            Reason::HostsignRepeated
        );
        assert_eq!(
            reason_of(e.verify(&v, 1, rl, 9, 0, 1000.0)),
            Reason::HostsignNotText
        );
        assert_eq!(
            code(e.verify(&v, 1, rl, 1, hl, 1000.0 + 661.0)),
            Code::Expired
        );
        assert_eq!(
            code(e.verify(&v, 1, rl, 1, hl, 1000.0 - 61.0)),
            Code::NotYetValid
        );
        assert_eq!(e.verify(&v, 1, rl, 1, hl, 1000.0 + 660.0), 0);
        // Lengths beyond the regions are clamped, never out of bounds.
        assert_eq!(
            code(e.verify(&v, 1, u32::MAX, 1, u32::MAX, 0.0)),
            Code::MalformedReferer
        );
        assert_eq!(
            code(e.verify(&verifier(&["other"]), 1, rl, 1, hl, 1000.0)),
            Code::BadSignature
        );
        e.io[HS_OFF] = 0xFF; // invalid UTF-8
        assert_eq!(
            reason_of(e.verify(&v, 1, rl, 1, 1, 1000.0)),
            Reason::HostsignNotText
        );
    }

    #[wasm_bindgen_test]
    fn parse_calls() {
        let mut e = Engine::new();
        let (referer, hostsign) = signed("n", 1000.0, "t");
        let rl = write(&mut e, REF_OFF, &referer);
        assert_eq!(e.parse_referer(1, rl, true), 0);
        assert_eq!(text_at(&e, 0), APPID);
        let hl = write(
            &mut e,
            HS_OFF,
            &hostsign
                .to_uppercase()
                .replace("NONCESTR", "noncestr")
                .replace("TIMESTAMP", "timestamp")
                .replace("SIGNATURE", "signature"),
        );
        assert_eq!(e.parse_hostsign(1, hl), 0);
        assert_eq!(text_at(&e, 12).len(), 40);
        assert!(text_at(&e, 12).bytes().all(|b| !b.is_ascii_uppercase()));
        let hl = write(&mut e, HS_OFF, "{}");
        assert_eq!(reason_of(e.parse_hostsign(1, hl)), Reason::Unsigned);
        assert_eq!(
            reason_of(e.parse_referer(0, 0, true)),
            Reason::MissingReferer
        );
    }

    #[wasm_bindgen_test]
    fn builder_checks() {
        let err = |b: WasmBuilder| match b.build().error() {
            0 => panic!("accepted"),
            e => reason_of(e),
        };
        assert_eq!(err(WasmBuilder::new()), Reason::OptionsNoToken);
        let mut b = WasmBuilder::new();
        b.token("");
        assert_eq!(err(b), Reason::OptionsEmptyToken);
        let mut b = WasmBuilder::new();
        b.token("t");
        b.version("production");
        assert_eq!(err(b), Reason::OptionsUnknownVersion);
        let mut b = WasmBuilder::new();
        b.token("t");
        b.appids();
        assert_eq!(err(b), Reason::OptionsAppids);
        let mut b = WasmBuilder::new();
        b.token("t");
        b.versions();
        assert_eq!(err(b), Reason::OptionsVersions);
        let mut b = WasmBuilder::new();
        b.token("t");
        b.appid("touristappid");
        assert_eq!(err(b), Reason::OptionsAppidInvalid);
        let mut b = WasmBuilder::new();
        b.token("t");
        b.strict_appid(false);
        b.appid("touristappid");
        b.max_age(-1.0);
        b.clock_skew(0.0);
        assert_eq!(b.build().error(), 0);
    }

    #[wasm_bindgen_test]
    fn sign_and_signature() {
        let mut e = Engine::new();
        e.signature_hex(APPID, "abc", "1711421951", "token");
        assert_eq!(
            &e.io[TEXT_OFF..TEXT_OFF + 40],
            wechat_hostsign::signature_hex(APPID, "abc", "1711421951", "token")
                .as_str()
                .as_bytes()
        );
        let bad = |r: Result<String, Reason>| r.unwrap_err();
        assert_eq!(
            bad(sign(APPID, "t", "n", 1.5, None, 0.0, true)),
            Reason::SignTimestamp
        );
        assert_eq!(
            bad(sign(APPID, "t", "n", f64::NAN, None, 0.0, true)),
            Reason::SignTimestamp
        );
        assert_eq!(
            bad(sign(APPID, "t", "n", 1.0, None, 0.5, true)),
            Reason::SignVersion
        );
        assert_eq!(
            bad(sign(APPID, "t", "n", 1.0, None, -2.0, true)),
            Reason::SignVersion
        );
        assert_eq!(
            bad(sign(APPID, "t", "n", 1.0, Some("1a".into()), 0.0, true)),
            Reason::SignTimestamp
        );
        assert_eq!(
            bad(sign("touristappid", "t", "n", 1.0, None, -1.0, true)),
            Reason::SignAppid
        );
        let ok = sign(
            "touristappid",
            "t",
            "n",
            1.0,
            Some("0001".into()),
            -1.0,
            false,
        )
        .unwrap();
        assert!(
            ok.starts_with("https://servicewechat.com/touristappid/devtools/page-frame.html\n{")
        );
        assert!(ok.contains("\"timestamp\":\"0001\""));
    }
}
