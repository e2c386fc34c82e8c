//! The WebAssembly binding used by the npm package (feature `wasm`).
//!
//! The hot path passes no JavaScript objects across the boundary. The
//! package's JavaScript writes the two header strings into one reused I/O
//! buffer inside wasm memory ([`Engine::io_ptr`]), calls [`Engine::verify`]
//! with their lengths, and reads the result from a small array of `f64`
//! slots ([`Engine::out_ptr`]); strings in the result are byte spans of that
//! buffer. Nothing allocates per call. Configuration (rare) is read from a
//! JavaScript options object with `js-sys`, so every type error there becomes
//! an `INVALID_OPTIONS` message without the token in it.
//!
//! I/O buffer layout (byte offsets, see [`Engine::layout`]):
//! `[REF_OFF, REF_OFF+REF_CAP)` Referer, `[HS_OFF, HS_OFF+HS_CAP)` HostSign,
//! `[TEXT_OFF, IO_LEN)` decoded output text (noncestr, digits, hex).
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
//! module's own code has no `unsafe` block.
#![allow(unsafe_code)]

use crate::error::Reason;
use crate::hostsign::{MAX_HOSTSIGN_LEN, Timestamp, TimestampForm, parse_hostsign};
use crate::referer::{MAX_REFERER_LEN, Version, VersionKind, parse_referer};
use crate::sign::{SignRequest, SignTimestamp, sign as sign_core};
use crate::signature::{HexDigest, signature_hex as signature_hex_core};
use crate::verifier::{DEFAULT_CLOCK_SKEW, DEFAULT_MAX_AGE, Input, Verifier, VerifierBuilder};
use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::prelude::*;

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

/// A configured [`Verifier`].
#[wasm_bindgen]
pub struct WasmVerifier {
    inner: Verifier,
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

    /// `[REF_OFF, REF_CAP, HS_OFF, HS_CAP, TEXT_OFF, IO_LEN, MAX_REFERER_LEN, MAX_HOSTSIGN_LEN, OUT_SLOTS]`.
    pub fn layout() -> Vec<u32> {
        [
            REF_OFF,
            REF_CAP,
            HS_OFF,
            HS_CAP,
            TEXT_OFF,
            IO_LEN,
            MAX_REFERER_LEN,
            MAX_HOSTSIGN_LEN,
            OUT_SLOTS,
        ]
        .iter()
        .map(|&n| n as u32)
        .collect()
    }

    /// Every reason as `name \t CODE \t message`, one per line, in index order.
    pub fn reasons() -> String {
        let mut s = String::new();
        for r in Reason::ALL {
            for part in [r.name(), "\t", r.code().as_str(), "\t", r.message(), "\n"] {
                s.push_str(part);
            }
        }
        s
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
        match verifier
            .inner
            .verify(input(ref_state, r), input(hs_state, h), now as i64)
        {
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
}

/// Reads a property of the options object.
fn get(options: &Object, key: &str) -> JsValue {
    Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A string that is valid Unicode, else the given reason.
fn text(value: &JsValue, not_text: Reason, not_unicode: Reason) -> Result<String, Reason> {
    let s = value.dyn_ref::<JsString>().ok_or(not_text)?;
    if !s.is_valid_utf16() {
        return Err(not_unicode);
    }
    s.as_string().ok_or(not_text)
}

/// An array of strings, else `reason`.
fn strings(value: &JsValue, reason: Reason, not_unicode: Reason) -> Result<Vec<String>, Reason> {
    if !Array::is_array(value) {
        return Err(reason);
    }
    Array::from(value)
        .iter()
        .map(|v| text(&v, reason, not_unicode))
        .collect()
}

/// A whole number of seconds, `0 ..= 2^53`.
fn seconds(value: &JsValue, reason: Reason) -> Result<u64, Reason> {
    match value.as_f64() {
        Some(n) if (0.0..=9_007_199_254_740_992.0).contains(&n) && n.fract() == 0.0 => Ok(n as u64),
        _ => Err(reason),
    }
}

const OPTION_NAMES: [&str; 7] = [
    "token",
    "tokens",
    "maxAge",
    "clockSkew",
    "appids",
    "versions",
    "strictAppid",
];

/// The error thrown for bad options: its message (a string).
fn options_error(reason: Reason) -> JsValue {
    JsValue::from_str(reason.message())
}

fn builder_from(options: &JsValue) -> Result<VerifierBuilder, JsValue> {
    let Some(obj) = options
        .dyn_ref::<Object>()
        .filter(|_| !Array::is_array(options))
    else {
        return Err(options_error(Reason::OptionsNotObject));
    };
    for key in Object::keys(obj).iter() {
        let name = key.as_string().unwrap_or_default();
        if !OPTION_NAMES.contains(&name.as_str()) {
            let mut m = String::from("Unknown option '");
            m.extend(name.chars().take(40));
            m.push_str("'; the options are token, tokens, maxAge, clockSkew, appids, versions and strictAppid.");
            return Err(JsValue::from_str(&m));
        }
    }
    read_options(obj).map_err(options_error)
}

fn read_options(obj: &Object) -> Result<VerifierBuilder, Reason> {
    let mut b = Verifier::builder();
    let (token, tokens) = (get(obj, "token"), get(obj, "tokens"));
    match (token.is_undefined(), tokens.is_undefined()) {
        (false, false) => return Err(Reason::OptionsTokenAndTokens),
        (false, true) => {
            b = b.token(text(
                &token,
                Reason::OptionsTokenType,
                Reason::OptionsTokenNotUnicode,
            )?)
        }
        (true, false) => {
            b = b.tokens(strings(
                &tokens,
                Reason::OptionsTokenType,
                Reason::OptionsTokenNotUnicode,
            )?)
        }
        (true, true) => return Err(Reason::OptionsNoToken),
    }
    let max_age = get(obj, "maxAge");
    b = b.max_age(if max_age.is_undefined() {
        Some(DEFAULT_MAX_AGE)
    } else if max_age.is_null() {
        None
    } else {
        Some(seconds(&max_age, Reason::OptionsMaxAge)?)
    });
    let skew = get(obj, "clockSkew");
    b = b.clock_skew(if skew.is_undefined() {
        DEFAULT_CLOCK_SKEW
    } else {
        seconds(&skew, Reason::OptionsClockSkew)?
    });
    let strict = get(obj, "strictAppid");
    b = b.strict_appid(if strict.is_undefined() {
        true
    } else {
        strict.as_bool().ok_or(Reason::OptionsStrictAppid)?
    });
    let appids = get(obj, "appids");
    if !appids.is_undefined() {
        b = b.appids(strings(
            &appids,
            Reason::OptionsAppids,
            Reason::OptionsAppidInvalid,
        )?);
    }
    let versions = get(obj, "versions");
    if !versions.is_undefined() {
        let names = strings(
            &versions,
            Reason::OptionsVersions,
            Reason::OptionsUnknownVersion,
        )?;
        let kinds = names
            .iter()
            .map(|n| VersionKind::from_name(n).map_err(|e| e.reason()))
            .collect::<Result<Vec<_>, _>>()?;
        b = b.versions(kinds);
    }
    Ok(b)
}

#[wasm_bindgen]
impl WasmVerifier {
    /// Reads and checks a JavaScript options object; throws the message of
    /// an `INVALID_OPTIONS` error (a string) when it is not valid.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> Result<WasmVerifier, JsValue> {
        let inner = builder_from(options)?
            .build()
            .map_err(|e| options_error(e.reason()))?;
        Ok(WasmVerifier { inner })
    }
}

/// `signature(appid, noncestr, timestamp, token)` as 40 lowercase hex digits.
#[wasm_bindgen(js_name = signatureHex)]
pub fn signature_hex(appid: &str, noncestr: &str, timestamp: &str, token: &str) -> String {
    signature_hex_core(appid, noncestr, timestamp, token)
        .as_str()
        .to_owned()
}

/// Signs a request. `version` is 0 (develop), -1 (devtools) or a release
/// number; `timestamp_digits` (when given) is signed as a string, else
/// `timestamp` as a JSON number. Returns `referer \n hostsign \n signature`,
/// or throws 1 + the reason index (a number).
#[wasm_bindgen]
pub fn sign(
    appid: &str,
    token: &str,
    noncestr: &str,
    timestamp: f64,
    timestamp_digits: Option<String>,
    version: f64,
    strict_appid: bool,
) -> Result<String, JsValue> {
    let version = if version == 0.0 {
        Version::Develop
    } else if version == -1.0 {
        Version::Devtools
    } else if version >= 1.0 && version.fract() == 0.0 && version <= 1e10 {
        Version::Release(version as u64)
    } else {
        return Err(JsValue::from(refused(Reason::SignVersion)));
    };
    let timestamp = match &timestamp_digits {
        Some(d) => SignTimestamp::Digits(d),
        None if timestamp >= 0.0
            && timestamp.fract() == 0.0
            && timestamp < 9_007_199_254_740_992.0 =>
        {
            SignTimestamp::Number(timestamp as u64)
        }
        None => return Err(JsValue::from(refused(Reason::SignTimestamp))),
    };
    let signed = sign_core(&SignRequest {
        appid,
        token,
        noncestr,
        timestamp,
        version,
        strict_appid,
    })
    .map_err(|e| JsValue::from(refused(e.reason())))?;
    let mut out = signed.referer;
    for part in ["\n", &signed.hostsign, "\n", signed.signature.as_str()] {
        out.push_str(part);
    }
    Ok(out)
}
