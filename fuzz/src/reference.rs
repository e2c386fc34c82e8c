//! CONTRACT §2 written a second time, as directly as the text reads and
//! with none of the core's code: JSON by serde_json (top-level members
//! collected in order, so duplicates are visible), the Referer by an
//! anchored regular expression, JavaScript's sort by comparing
//! `encode_utf16` vectors, SHA-1 by `sha1_smol`.
//!
//! Where the contract leaves a choice open, this follows the implemented
//! reading (listed in fuzz/README.md): unknown keys are ignored, so
//! `{"other":1}` is UNSIGNED like `{}`; duplicate keys are refused at the top
//! level only; nested values inside unknown keys must be valid JSON (paired
//! surrogate escapes included) nested at most 64 levels, the top-level
//! object counting as one; a JSON-number timestamp must be below 2^53.

use crate::{Config, Header};
use regex::Regex;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::collections::HashSet;
use std::sync::LazyLock;
use wechat_hostsign::{Code, Version};

/// A valid HostSign as the reference reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostSign {
    pub noncestr: String,
    /// The timestamp text that is signed: the digits as written (decoded).
    pub digits: String,
    pub seconds: u64,
    /// Written as a JSON number (else a string).
    pub number: bool,
    /// The signature in lowercase hex.
    pub signature: String,
}

/// A verified request as the reference sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    pub appid: String,
    pub version: Version,
    pub hostsign: HostSign,
    pub age: i128,
    pub token_index: usize,
}

static STRICT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\Ahttps://servicewechat\.com/(wx[0-9a-f]{16})/(0|devtools|[1-9][0-9]{0,9})/page-frame\.html\z").unwrap()
});
static LOOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\Ahttps://servicewechat\.com/([A-Za-z0-9_-]{1,64})/(0|devtools|[1-9][0-9]{0,9})/page-frame\.html\z").unwrap()
});

/// `https://servicewechat.com/{appid}/{version}/page-frame.html`, at most 2 KiB.
pub fn referer(s: &str, strict: bool) -> Result<(String, Version), Code> {
    if s.is_empty() || s.len() > 2048 {
        return Err(Code::MalformedReferer);
    }
    let re = if strict { &*STRICT } else { &*LOOSE };
    let caps = re.captures(s).ok_or(Code::MalformedReferer)?;
    let version = match &caps[2] {
        "0" => Version::Develop,
        "devtools" => Version::Devtools,
        n => Version::Release(n.parse().map_err(|_| Code::MalformedReferer)?),
    };
    Ok((caps[1].to_owned(), version))
}

/// The members of the top-level object, in order, values unparsed.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Members<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Members<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Members<'a>, M::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value: &'de RawValue = map.next_value()?;
                    out.push((key, value));
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// Deepest bracket nesting of valid JSON text (0 for a scalar).
fn depth(json: &str) -> usize {
    let (mut d, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for b in json.bytes() {
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_str = true,
                b'[' | b'{' => {
                    d += 1;
                    max = max.max(d);
                }
                b']' | b'}' => d = d.saturating_sub(1),
                _ => {}
            }
        }
    }
    max
}

/// Whether every `\uD800`-`\uDBFF` escape in valid JSON text is directly
/// followed by a `\uDC00`-`\uDFFF` escape, and no low one stands alone.
/// (serde_json checks this when it decodes a string, not when it skips one.)
fn surrogates_paired(json: &str) -> bool {
    let b = json.as_bytes();
    let mut i = 0;
    let mut high = false;
    while i < b.len() {
        if b[i] == b'\\' {
            if b.get(i + 1) == Some(&b'u') {
                let Some(unit) = json
                    .get(i + 2..i + 6)
                    .and_then(|h| u16::from_str_radix(h, 16).ok())
                else {
                    return false;
                };
                let is_low = (0xDC00..=0xDFFF).contains(&unit);
                if high != is_low {
                    return false;
                }
                high = (0xD800..=0xDBFF).contains(&unit);
                i += 6;
                continue;
            }
            if high {
                return false;
            }
            i += 2;
            continue;
        }
        if high {
            return false;
        }
        i += 1;
    }
    !high
}

fn string(raw: &str) -> Option<String> {
    if raw.starts_with('"') {
        serde_json::from_str::<String>(raw).ok()
    } else {
        None
    }
}

/// An `X-WECHAT-HOSTSIGN` value.
pub fn hostsign(s: &str) -> Result<HostSign, Code> {
    const M: Code = Code::MalformedHostsign;
    if s.is_empty() || s.len() > 1024 {
        return Err(M);
    }
    let Members(members) = serde_json::from_str(s).map_err(|_| M)?;
    let mut keys = HashSet::new();
    for (key, value) in &members {
        if !keys.insert(key.as_str()) {
            return Err(M);
        }
        let raw = value.get();
        if 1 + depth(raw) > 64 || !surrogates_paired(raw) {
            return Err(M);
        }
    }
    let get = |name: &str| {
        members
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.get())
    };
    let (n, t, g) = (get("noncestr"), get("timestamp"), get("signature"));
    if n.is_none() && t.is_none() && g.is_none() {
        return Err(Code::Unsigned);
    }
    if n == Some("\"\"") && t == Some("\"\"") && g == Some("\"\"") {
        return Err(Code::Unsigned);
    }
    let noncestr = string(n.ok_or(M)?).ok_or(M)?;
    if noncestr.is_empty() || noncestr.len() > 128 {
        return Err(M);
    }
    let t = t.ok_or(M)?;
    let (digits, number) = match string(t) {
        Some(d) if (1..=12).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) => {
            (d, false)
        }
        Some(_) => return Err(M),
        None if !t.is_empty() && t.len() <= 20 && t.bytes().all(|b| b.is_ascii_digit()) => {
            (t.to_owned(), true)
        }
        None => return Err(M),
    };
    let seconds: u64 = digits.parse().map_err(|_| M)?;
    if number && seconds >= 1 << 53 {
        return Err(M);
    }
    let signature = string(g.ok_or(M)?).ok_or(M)?;
    if signature.len() != 40 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(M);
    }
    Ok(HostSign {
        noncestr,
        digits,
        seconds,
        number,
        signature: signature.to_ascii_lowercase(),
    })
}

/// `sha1([appid, noncestr, timestamp, token].sort().join(''))`, JavaScript's
/// sort: by UTF-16 code units.
pub fn signature_hex(appid: &str, noncestr: &str, timestamp: &str, token: &str) -> String {
    let mut parts = [appid, noncestr, timestamp, token];
    parts.sort_by_key(|s| s.encode_utf16().collect::<Vec<u16>>());
    sha1_smol::Sha1::from(parts.concat()).digest().to_string()
}

/// Whether the verifier options are valid.
pub fn config_ok(c: &Config) -> bool {
    let appid_ok = |a: &str| {
        referer(
            &format!("https://servicewechat.com/{a}/0/page-frame.html"),
            c.strict_appid,
        )
        .is_ok()
    };
    (1..=16).contains(&c.tokens.len())
        && c.tokens.iter().all(|t| !t.is_empty() && t.len() <= 1024)
        && c.appids
            .as_ref()
            .is_none_or(|a| !a.is_empty() && a.iter().all(|a| appid_ok(a)))
        && c.versions.as_ref().is_none_or(|v| !v.is_empty())
}

/// The outcome, in the contract's order of checks: missing → Referer →
/// AppID/version allowlists → HostSign → signature → freshness.
pub fn verify(
    c: &Config,
    referer_header: &Header,
    hostsign_header: &Header,
    now: u64,
) -> Result<Verified, Code> {
    if *referer_header == Header::Absent {
        return Err(Code::MissingReferer);
    }
    if *hostsign_header == Header::Absent {
        return Err(Code::MissingHostsign);
    }
    let (appid, version) = referer(
        referer_header.value().ok_or(Code::MalformedReferer)?,
        c.strict_appid,
    )?;
    if c.appids.as_ref().is_some_and(|a| !a.contains(&appid)) {
        return Err(Code::AppidNotAllowed);
    }
    if c.versions
        .as_ref()
        .is_some_and(|v| !v.contains(&version.kind()))
    {
        return Err(Code::VersionNotAllowed);
    }
    let hs = hostsign(hostsign_header.value().ok_or(Code::MalformedHostsign)?)?;
    let token_index = c
        .tokens
        .iter()
        .position(|t| signature_hex(&appid, &hs.noncestr, &hs.digits, t) == hs.signature)
        .ok_or(Code::BadSignature)?;
    let age = i128::from(now) - i128::from(hs.seconds);
    if c.max_age.is_some_and(|m| age > i128::from(m)) {
        return Err(Code::Expired);
    }
    if -age > i128::from(c.clock_skew) {
        return Err(Code::NotYetValid);
    }
    Ok(Verified {
        appid,
        version,
        hostsign: hs,
        age,
        token_index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_reads_the_contract() {
        let sig = "2aff2d89cff5c5adafec6d11d921ef517441bd66";
        assert_eq!(
            signature_hex("wx0123456789abcdef", "abc", "1711421951", "token"),
            sig
        );
        assert_eq!(hostsign("{}"), Err(Code::Unsigned));
        assert_eq!(hostsign(r#"{"other":[1,{"a":null}]}"#), Err(Code::Unsigned));
        assert_eq!(hostsign(r#"{"x":1,"x":1}"#), Err(Code::MalformedHostsign));
        assert_eq!(hostsign(r#"{"x":"\ud800"}"#), Err(Code::MalformedHostsign));
        assert_eq!(hostsign(r#"{"x":1e400}"#), Err(Code::Unsigned));
        let deep = format!(r#"{{"x":{}{}}}"#, "[".repeat(63), "]".repeat(63));
        assert_eq!(hostsign(&deep), Err(Code::Unsigned));
        let deeper = format!(r#"{{"x":{}{}}}"#, "[".repeat(64), "]".repeat(64));
        assert_eq!(hostsign(&deeper), Err(Code::MalformedHostsign));
        let h = hostsign(&format!(
            r#" {{"\u006eoncestr":"a\u00e9","timestamp":"0017","signature":"{}"}} "#,
            sig.to_uppercase()
        ))
        .unwrap();
        assert_eq!(
            (h.noncestr.as_str(), h.digits.as_str(), h.seconds, h.number),
            ("aé", "0017", 17, false)
        );
        assert_eq!(h.signature, sig);
        assert!(
            hostsign(&format!(
                r#"{{"noncestr":"a","timestamp":9007199254740992,"signature":"{sig}"}}"#
            ))
            .is_err()
        );
        assert!(
            hostsign(&format!(
                r#"{{"noncestr":"a","timestamp":9007199254740991,"signature":"{sig}"}}"#
            ))
            .is_ok()
        );
        assert!(
            referer(
                "https://servicewechat.com/wx0123456789abcdef/0/page-frame.html\n",
                true
            )
            .is_err()
        );
        assert_eq!(
            referer(
                "https://servicewechat.com/touristappid/devtools/page-frame.html",
                false
            ),
            Ok(("touristappid".to_owned(), Version::Devtools))
        );
    }
}
