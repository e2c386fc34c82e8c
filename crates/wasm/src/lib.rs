//! The WebAssembly binding used by the npm package: an unpublished member of
//! the workspace, so that the published `wechat-hostsign` crate carries no
//! wasm-bindgen, allocator or panic handler.
//!
//! The hot path passes no JavaScript objects across the boundary. The
//! package's JavaScript writes the two header strings into one reused I/O
//! buffer inside wasm memory ([`Engine::io_ptr`]), calls [`Engine::verify`]
//! with a verifier's slot and their lengths, and reads the result from a
//! small array of `f64` slots ([`Engine::out_ptr`]); strings in the result
//! are byte spans of that buffer. Nothing allocates per call.
//!
//! Verifiers live in the engine, in numbered slots: the JavaScript side
//! writes each option value into the I/O buffer and stages it
//! ([`Engine::stage`]), then [`Engine::build`] returns a slot, which the
//! JavaScript verifier holds until [`Engine::release`] (its `dispose()`, or
//! a `FinalizationRegistry` when it is collected). A configuration equal to
//! one recently built and still live shares its slot (reference-counted),
//! so a verifier created per request with the same options allocates
//! nothing. Released slots are reused.
//!
//! Tokens: staged bytes are zeroed once built, the allocator zeroes every
//! block it frees ([`allocator`], the verifier's copy and wasm-bindgen's
//! argument strings included), and building, releasing and signing end by
//! overwriting the stack the signature was computed on, so once the last
//! verifier with a token is released no byte of it is left in wasm memory.
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
//! crate's own `unsafe` is the global allocator's ([`allocator`]).
#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]
#![allow(unsafe_code)]

extern crate alloc;

#[cfg(all(target_arch = "wasm32", not(test)))]
mod allocator;

#[cfg(all(target_arch = "wasm32", not(test)))]
#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator::new();

#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::time::Duration;
use wasm_bindgen::prelude::*;
use wechat_hostsign::error::Reason;
use wechat_hostsign::hostsign::{MAX_HOSTSIGN_LEN, Timestamp, TimestampForm, parse_hostsign};
use wechat_hostsign::referer::{MAX_REFERER_LEN, Version, VersionKind, parse_referer};
use wechat_hostsign::verifier::{Input, Verifier};
use wechat_hostsign::{
    HexDigest, SignRequest, sign as sign_core, signature_hex as signature_hex_core,
};

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

/// How many recently built verifiers a new configuration is compared with.
const RECENT: usize = 8;
/// What [`Engine::verify`] returns for a slot that holds no verifier (the
/// JavaScript verifier was disposed): more than any `1 + reason`.
const NO_VERIFIER: u32 = u32::MAX;

/// The I/O buffer, the result slots, the verifiers, and the calls that use
/// them.
#[wasm_bindgen]
pub struct Engine {
    io: Vec<u8>,
    out: [f64; OUT_SLOTS],
    /// The options staged for the next [`Engine::build`], as a key: each
    /// value is `[what, length (u16 LE), bytes]`, then the numbers.
    staged: Vec<u8>,
    verifiers: Vec<Option<Slot>>,
    /// Free slot numbers.
    free: Vec<u32>,
    /// Slot numbers of the latest builds, the newest first (`u32::MAX`: none).
    recent: [u32; RECENT],
}

/// A built verifier, the key it was built from, and how many JavaScript
/// verifiers hold it.
struct Slot {
    refs: u32,
    key: Box<[u8]>,
    verifier: Verifier,
}

/// What a staged value is ([`Engine::stage`]'s `what`).
const STAGE_TOKEN: u8 = 0;
const STAGE_APPID: u8 = 1;
const STAGE_VERSION: u8 = 2;
const STAGE_APPIDS: u8 = 3;
const STAGE_VERSIONS: u8 = 4;
const STAGE_NUMBERS: u8 = 0xFF;

/// Builds a verifier from a staged key (see [`Engine::stage`]).
fn verifier_from(
    key: &[u8],
    max_age: f64,
    clock_skew: f64,
    strict: bool,
) -> Result<Verifier, Reason> {
    // NaN: the default.
    let mut builder = Verifier::builder().strict_appid(strict);
    if !max_age.is_nan() {
        builder = builder.max_age((max_age >= 0.0).then_some(Duration::from_secs(max_age as u64)));
    }
    if !clock_skew.is_nan() {
        builder = builder.clock_skew(Duration::from_secs(clock_skew as u64));
    }
    let mut appids: Option<Vec<String>> = None;
    let mut versions = None;
    let mut version_error = None;
    let mut rest = key;
    while let [what, lo, hi, tail @ ..] = rest {
        let len = usize::from(u16::from_le_bytes([*lo, *hi]));
        let (Some(bytes), Some(tail)) = (tail.get(..len), tail.get(len..)) else {
            break;
        };
        rest = tail;
        let text = core::str::from_utf8(bytes).map_err(|_| Reason::OptionsTokenNotUnicode)?;
        match *what {
            STAGE_TOKEN => builder = builder.token(text),
            STAGE_APPID => appids.get_or_insert_with(Vec::new).push(text.into()),
            STAGE_APPIDS => {
                appids.get_or_insert_with(Vec::new);
            }
            STAGE_VERSION => match VersionKind::from_name(text) {
                Ok(kind) => versions.get_or_insert_with(Vec::new).push(kind),
                Err(e) => {
                    version_error.get_or_insert(e.reason());
                }
            },
            STAGE_VERSIONS => {
                versions.get_or_insert_with(Vec::new);
            }
            _ => break,
        }
    }
    if let Some(reason) = version_error {
        return Err(reason);
    }
    if let Some(appids) = appids {
        builder = builder.appids(appids);
    }
    if let Some(versions) = versions {
        builder = builder.versions(versions);
    }
    builder.build().map_err(|e| e.reason())
}

/// Overwrites the stack below the caller with zeros: the signature's
/// message (the token among its parts) is laid out there while it is
/// hashed, and stays until something else is.
#[inline(never)]
fn scrub_stack() {
    let mut zeros = [0u8; 16 * 1024];
    core::hint::black_box(&mut zeros);
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
    fn build_staged(&mut self, max_age: f64, clock_skew: f64, strict_appid: bool) -> u32 {
        let key = self.staged.as_slice();
        for &slot in &self.recent {
            if let Some(Some(s)) = self.verifiers.get_mut(slot as usize) {
                if *s.key == *key {
                    s.refs += 1;
                    return slot << 8;
                }
            }
        }
        let verifier = match verifier_from(key, max_age, clock_skew, strict_appid) {
            Ok(v) => v,
            Err(reason) => return refused(reason),
        };
        let held = Some(Slot {
            refs: 1,
            key: key.into(),
            verifier,
        });
        let slot = match self.free.pop() {
            Some(slot) => {
                if let Some(s) = self.verifiers.get_mut(slot as usize) {
                    *s = held;
                }
                slot
            }
            None => {
                self.verifiers.push(held);
                self.verifiers.len() as u32 - 1
            }
        };
        self.recent.rotate_right(1);
        if let Some(newest) = self.recent.first_mut() {
            *newest = slot;
        }
        slot << 8
    }
}

/// The Referer and HostSign regions of the I/O buffer as the JavaScript
/// side filled them, the output region, and the result slots.
fn split<'e>(
    io: &'e mut [u8],
    out: &'e mut [f64; OUT_SLOTS],
    ref_len: u32,
    hs_len: u32,
) -> (Option<&'e [u8]>, Option<&'e [u8]>, TextOut<'e>, Slots<'e>) {
    let io_start = io.as_ptr() as usize;
    let mid = TEXT_OFF.min(io.len());
    let (input, text) = io.split_at_mut(mid);
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
        Slots(out),
    )
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
            staged: Vec::new(),
            verifiers: Vec::new(),
            free: Vec::new(),
            recent: [u32::MAX; RECENT],
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

    /// Stages one option value for the next [`build`](Self::build): `len`
    /// bytes of UTF-8 at the start of the I/O buffer (then zeroed), as
    /// `what`: 0 a token, 1 an AppID, 2 a version name, 3 the start of an
    /// `appids` list, 4 the start of a `versions` list (`len` 0).
    pub fn stage(&mut self, what: u8, len: u32) {
        let len = (len as usize).min(self.io.len()).min(usize::from(u16::MAX));
        if let Some(bytes) = self.io.get_mut(..len) {
            self.staged.push(what);
            self.staged.extend_from_slice(&(len as u16).to_le_bytes());
            self.staged.extend_from_slice(bytes);
            bytes.fill(0);
        }
    }

    /// Builds a verifier from the staged values and these numbers
    /// (`max_age` below 0 turns the age check off; NaN keeps a number's
    /// default), or shares the slot of a
    /// recent one with the same configuration. Returns `slot << 8`, or
    /// `1 + reason` (below 256) when the options are not valid. The staged
    /// values are zeroed either way.
    pub fn build(&mut self, max_age: f64, clock_skew: f64, strict_appid: bool) -> u32 {
        self.staged.push(STAGE_NUMBERS);
        self.staged.extend_from_slice(&max_age.to_le_bytes());
        self.staged.extend_from_slice(&clock_skew.to_le_bytes());
        self.staged.push(u8::from(strict_appid));
        let result = self.build_staged(max_age, clock_skew, strict_appid);
        self.staged.fill(0);
        self.staged.clear();
        scrub_stack();
        result
    }

    /// Drops one hold on the verifier in `slot`; the last frees it (and the
    /// allocator zeroes its tokens). An empty slot is left alone.
    pub fn release(&mut self, slot: u32) {
        if let Some(held) = self.verifiers.get_mut(slot as usize) {
            if let Some(s) = held {
                s.refs -= 1;
                if s.refs == 0 {
                    *held = None;
                    self.free.push(slot);
                }
            }
        }
        scrub_stack();
    }

    /// Verifies the headers in the I/O buffer at `now` (whole seconds) with
    /// the verifier in `slot`. Returns 0 when verified (result in the
    /// slots), 1 + reason index when refused, and [`NO_VERIFIER`] when the
    /// slot holds none.
    pub fn verify(
        &mut self,
        slot: u32,
        ref_state: u32,
        ref_len: u32,
        hs_state: u32,
        hs_len: u32,
        now: f64,
    ) -> u32 {
        let Some(Some(Slot { verifier, .. })) = self.verifiers.get(slot as usize) else {
            return NO_VERIFIER;
        };
        let (r, h, mut text, mut slots) = split(&mut self.io, &mut self.out, ref_len, hs_len);
        // `now` is checked by the JavaScript side; `as` saturates anyway.
        match verifier.verify(input(ref_state, r), input(hs_state, h), now as u64) {
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
        let (r, _, text, mut slots) = split(&mut self.io, &mut self.out, len, 0);
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
        let (_, h, mut text, mut slots) = split(&mut self.io, &mut self.out, 0, len);
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
        scrub_stack();
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
        scrub_stack();
        // The package's JavaScript bounds every part, so this always fits.
        match self.io.get_mut(..out.len()) {
            Some(dst) => dst.copy_from_slice(out.as_bytes()),
            None => return refused(Reason::SignNoncestr),
        }
        self.out[0] = out.len() as f64;
        0
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

    /// Stages `what` with `value` the way the package's JavaScript does.
    fn stage(e: &mut Engine, what: u8, value: &str) {
        let len = write(e, 0, value);
        e.stage(what, len);
        assert!(
            e.io[..len as usize].iter().all(|&b| b == 0),
            "staged bytes zeroed"
        );
    }

    /// Builds from what was staged: the slot, or the reason refused.
    fn build(e: &mut Engine, max_age: f64, clock_skew: f64, strict: bool) -> Result<u32, Reason> {
        match e.build(max_age, clock_skew, strict) {
            r if r & 0xFF == 0 => Ok(r >> 8),
            r => Err(reason_of(r)),
        }
    }

    fn verifier(e: &mut Engine, tokens: &[&str]) -> u32 {
        for t in tokens {
            stage(e, STAGE_TOKEN, t);
        }
        build(e, 660.0, 60.0, true).unwrap()
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
        let v = verifier(&mut e, &["new", "old"]);
        let (referer, hostsign) = signed("n\u{e9}\"x", 1_711_421_951.0, "old");
        let rl = write(&mut e, REF_OFF, &referer);
        let hl = write(&mut e, HS_OFF, &hostsign);
        assert_eq!(e.verify(v, 1, rl, 1, hl, 1_711_421_960.0), 0);
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
        assert_eq!(e.verify(v, 1, rl, 1, hl, 1_711_421_951.0), 0);
        assert!(e.out[4] as usize >= HS_OFF && (e.out[4] as usize) < TEXT_OFF);
        assert_eq!(text_at(&e, 4), "plain");
        assert_eq!(e.out[11], 0.0);
    }

    #[wasm_bindgen_test]
    fn refusals_and_header_states() {
        let mut e = Engine::new();
        let v = verifier(&mut e, &["t"]);
        let other = verifier(&mut e, &["other"]);
        let (referer, hostsign) = signed("n", 1000.0, "t");
        let rl = write(&mut e, REF_OFF, &referer);
        let hl = write(&mut e, HS_OFF, &hostsign);
        let code = |r: u32| reason_of(r).code();
        assert_eq!(code(e.verify(v, 0, 0, 1, hl, 1000.0)), Code::MissingReferer);
        assert_eq!(
            code(e.verify(v, 1, rl, 0, 0, 1000.0)),
            Code::MissingHostsign
        );
        assert_eq!(
            reason_of(e.verify(v, 2, 0, 1, hl, 1000.0)),
            Reason::RefererRepeated
        );
        assert_eq!(
            reason_of(e.verify(v, 3, 0, 1, hl, 1000.0)),
            Reason::RefererTooLarge
        );
        assert_eq!(
            reason_of(e.verify(v, 4, 0, 1, hl, 1000.0)),
            Reason::RefererNotText
        );
        assert_eq!(
            reason_of(e.verify(v, 1, rl, 2, 0, 1000.0)),
            Reason::HostsignRepeated
        );
        assert_eq!(
            reason_of(e.verify(v, 1, rl, 9, 0, 1000.0)),
            Reason::HostsignNotText
        );
        assert_eq!(
            code(e.verify(v, 1, rl, 1, hl, 1000.0 + 661.0)),
            Code::Expired
        );
        assert_eq!(
            code(e.verify(v, 1, rl, 1, hl, 1000.0 - 61.0)),
            Code::NotYetValid
        );
        assert_eq!(e.verify(v, 1, rl, 1, hl, 1000.0 + 660.0), 0);
        // Lengths beyond the regions are clamped, never out of bounds.
        assert_eq!(
            code(e.verify(v, 1, u32::MAX, 1, u32::MAX, 0.0)),
            Code::MalformedReferer
        );
        assert_eq!(
            code(e.verify(other, 1, rl, 1, hl, 1000.0)),
            Code::BadSignature
        );
        e.io[HS_OFF] = 0xFF; // invalid UTF-8
        assert_eq!(
            reason_of(e.verify(v, 1, rl, 1, 1, 1000.0)),
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
        let mut e = Engine::new();
        let mut err = |staged: &[(u8, &str)]| {
            for (what, value) in staged {
                stage(&mut e, *what, value);
            }
            build(&mut e, 660.0, 60.0, true).unwrap_err()
        };
        assert_eq!(err(&[]), Reason::OptionsNoToken);
        assert_eq!(err(&[(STAGE_TOKEN, "")]), Reason::OptionsEmptyToken);
        assert_eq!(
            err(&[
                (STAGE_TOKEN, "t"),
                (STAGE_VERSIONS, ""),
                (STAGE_VERSION, "production")
            ]),
            Reason::OptionsUnknownVersion
        );
        assert_eq!(
            err(&[(STAGE_TOKEN, "t"), (STAGE_APPIDS, "")]),
            Reason::OptionsAppids
        );
        assert_eq!(
            err(&[(STAGE_TOKEN, "t"), (STAGE_VERSIONS, "")]),
            Reason::OptionsVersions
        );
        assert_eq!(
            err(&[
                (STAGE_TOKEN, "t"),
                (STAGE_APPIDS, ""),
                (STAGE_APPID, "touristappid")
            ]),
            Reason::OptionsAppidInvalid
        );
        assert!(e.staged.is_empty());
        stage(&mut e, STAGE_TOKEN, "t");
        stage(&mut e, STAGE_APPIDS, "");
        stage(&mut e, STAGE_APPID, "touristappid");
        assert!(build(&mut e, -1.0, 0.0, false).is_ok());
    }

    #[wasm_bindgen_test]
    fn equal_configurations_share_a_slot_until_the_last_release() {
        let mut e = Engine::new();
        let a = verifier(&mut e, &["t"]);
        let b = verifier(&mut e, &["t"]);
        assert_eq!(a, b);
        assert_eq!(e.verifiers.iter().flatten().count(), 1);
        // Different tokens, order or numbers: another slot each.
        let c = verifier(&mut e, &["u"]);
        let d = verifier(&mut e, &["t", "u"]);
        let f = verifier(&mut e, &["u", "t"]);
        stage(&mut e, STAGE_TOKEN, "t");
        let g = build(&mut e, 661.0, 60.0, true).unwrap();
        stage(&mut e, STAGE_TOKEN, "t");
        let h = build(&mut e, 660.0, 60.0, false).unwrap();
        let all = [a, c, d, f, g, h];
        for (i, x) in all.iter().enumerate() {
            assert!(!all[..i].contains(x), "{all:?}");
        }
        // A token that is a prefix of another, with the length bytes
        // around it, cannot collide with it in the key.
        assert_ne!(verifier(&mut e, &["t\u{1}"]), a);
        let (referer, hostsign) = signed("n", 1000.0, "t");
        let rl = write(&mut e, REF_OFF, &referer);
        let hl = write(&mut e, HS_OFF, &hostsign);
        e.release(a);
        assert_eq!(e.verify(b, 1, rl, 1, hl, 1000.0), 0, "one hold left");
        e.release(b);
        assert_eq!(e.verify(b, 1, rl, 1, hl, 1000.0), NO_VERIFIER);
        e.release(b); // a second release of an empty slot is nothing
        assert_eq!(e.verify(u32::MAX, 1, rl, 1, hl, 1000.0), NO_VERIFIER);
        // The freed slot is reused.
        assert_eq!(verifier(&mut e, &["v"]), a);
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
