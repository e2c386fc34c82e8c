//! Structured inputs: a correctly signed request (signed by the reference,
//! so the starting point does not depend on the core), then a list of
//! mutations at the level of JSON members, escapes, timestamp forms and
//! Referer segments, then byte edits. Read from fuzz bytes with `arbitrary`.

use crate::{APPIDS, Case, Config, Header, KINDS, TOKENS, reference};
use arbitrary::Arbitrary;
use std::fmt::Write;

/// What was signed: a verified result must carry exactly these.
#[derive(Clone, Debug)]
pub struct Signed {
    pub appid: String,
    pub noncestr: String,
    pub digits: String,
    pub token: String,
    /// The Referer and HostSign before any mutation.
    pub referer: String,
    pub hostsign: String,
}

#[derive(Arbitrary, Debug)]
pub enum AppidSel {
    A,
    B,
    Tourist,
    Hex(u64),
    Text(String),
}

impl AppidSel {
    fn text(&self) -> String {
        match self {
            AppidSel::A => APPIDS[0].to_owned(),
            AppidSel::B => APPIDS[1].to_owned(),
            AppidSel::Tourist => APPIDS[2].to_owned(),
            AppidSel::Hex(n) => format!("wx{n:016x}"),
            AppidSel::Text(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum VersionSel {
    Develop,
    Devtools,
    Release(u32),
    Big(u64),
    Text(String),
}

impl VersionSel {
    fn text(&self) -> String {
        match self {
            VersionSel::Develop => "0".into(),
            VersionSel::Devtools => "devtools".into(),
            VersionSel::Release(n) => (u64::from(*n) + 1).to_string(),
            VersionSel::Big(n) => n.to_string(),
            VersionSel::Text(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum NonceSel {
    Hex(u128),
    Text(String),
}

#[derive(Arbitrary, Debug)]
pub enum TsSel {
    /// Seconds near today, as real traffic sends them.
    Number(u32),
    Big(u64),
    /// A string of digits with leading zeros.
    Digits {
        value: u32,
        zeros: u8,
    },
}

#[derive(Arbitrary, Debug)]
pub struct ConfigSel {
    /// Tokens configured before and after the signing one (bitmasks over TOKENS).
    before: u8,
    after: u8,
    max_age: Option<u16>,
    clock_skew: u16,
    loose: bool,
    appids: Option<u8>,
    versions: Option<u8>,
}

/// A JSON value to put somewhere.
#[derive(Arbitrary, Debug, Clone)]
pub enum Value {
    Null,
    True,
    False,
    Zero,
    NegZero,
    Int(u64),
    Float { int: u32, frac: u16 },
    Exp { mantissa: u16, exp: i16 },
    Huge,
    Str(String),
    Empty,
    Hex40(u128),
    Surrogate(u16),
    Nested { depth: u8, objects: bool },
    EmptyArray,
    EmptyObject,
    Raw(String),
}

impl Value {
    fn json(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::True => "true".into(),
            Value::False => "false".into(),
            Value::Zero => "0".into(),
            Value::NegZero => "-0".into(),
            Value::Int(n) => n.to_string(),
            Value::Float { int, frac } => format!("{int}.{frac}"),
            Value::Exp { mantissa, exp } => format!("{mantissa}e{exp}"),
            Value::Huge => "1e400".into(),
            Value::Str(s) => json_string(s, None, false, false),
            Value::Empty => "\"\"".into(),
            Value::Hex40(n) => format!("\"{n:032x}{:08x}\"", (*n >> 96) as u32),
            Value::Surrogate(u) => format!("\"\\u{:04x}\"", 0xD800 | (u & 0x7FF)),
            Value::Nested { depth, objects } => {
                let d = usize::from(*depth % 90);
                if *objects {
                    format!("{}1{}", "{\"a\":".repeat(d), "}".repeat(d))
                } else {
                    format!("{}1{}", "[".repeat(d), "]".repeat(d))
                }
            }
            Value::EmptyArray => "[]".into(),
            Value::EmptyObject => "{}".into(),
            Value::Raw(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub enum Key {
    Noncestr,
    Timestamp,
    Signature,
    /// Near misses of the three names.
    Similar(u8),
    Text(String),
}

const SIMILAR: &[&str] = &[
    "Noncestr",
    "NONCESTR",
    "nonce",
    "noncestr ",
    " noncestr",
    "noncestr\u{0}",
    "timeStamp",
    "timestamps",
    "sign",
    "Signature",
    "signature\t",
    "",
    "\u{FEFF}noncestr",
    "nonce\u{17F}tr",
];

impl Key {
    fn json(&self) -> String {
        let k = match self {
            Key::Noncestr => "noncestr",
            Key::Timestamp => "timestamp",
            Key::Signature => "signature",
            Key::Similar(i) => SIMILAR[usize::from(*i) % SIMILAR.len()],
            Key::Text(s) => s,
        };
        json_string(k, None, false, false)
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Ws {
    Space,
    Tab,
    Lf,
    Cr,
    VerticalTab,
    FormFeed,
    Nbsp,
    Bom,
    Nul,
}

impl Ws {
    fn text(self) -> &'static str {
        match self {
            Ws::Space => " ",
            Ws::Tab => "\t",
            Ws::Lf => "\n",
            Ws::Cr => "\r",
            Ws::VerticalTab => "\u{B}",
            Ws::FormFeed => "\u{C}",
            Ws::Nbsp => "\u{A0}",
            Ws::Bom => "\u{FEFF}",
            Ws::Nul => "\u{0}",
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum Mutation {
    /// Writes one character of a member's key as a `\u` escape.
    EscapeKey {
        member: u8,
        at: u8,
        upper: bool,
    },
    /// Writes one character of a string value as a `\u` escape.
    EscapeValue {
        member: u8,
        at: u8,
        upper: bool,
    },
    /// Repeats a member (with its value or another).
    Duplicate {
        member: u8,
        value: Option<Value>,
    },
    Remove {
        member: u8,
    },
    Swap {
        a: u8,
        b: u8,
    },
    SetValue {
        member: u8,
        value: Value,
    },
    Add {
        key: Key,
        value: Value,
        at: u8,
    },
    Whitespace {
        slot: u8,
        ws: Ws,
    },
    /// Rewrites the timestamp as a string or a number, with leading zeros.
    TimestampForm {
        string: bool,
        zeros: u8,
    },
    /// Changes the case of some signature digits.
    SignatureCase {
        mask: u64,
    },
    RefererVersion(VersionSel),
    RefererAppid(AppidSel),
    RefererEdit {
        at: u16,
        delete: u8,
        insert: String,
    },
    HostSignEdit {
        at: u16,
        delete: u8,
        insert: String,
    },
    Truncate {
        keep: u16,
    },
    /// What WeChat sends without a signature: `{}` (no fields) or three
    /// empty strings, unknown members kept.
    Unsigned {
        empty_strings: bool,
    },
}

/// The AppID a request is signed for (strict-valid except `touristappid`;
/// invalid ones come from the `RefererAppid` mutation).
#[derive(Arbitrary, Debug)]
pub enum BaseAppid {
    A,
    B,
    Tourist,
    Hex(u64),
}

/// The version segment a request starts with (invalid ones come from the
/// `RefererVersion` mutation).
#[derive(Arbitrary, Debug)]
pub enum BaseVersion {
    Develop,
    Devtools,
    Release(u32),
}

/// A structured input.
#[derive(Arbitrary, Debug)]
pub struct Mutant {
    appid: BaseAppid,
    version: BaseVersion,
    nonce: NonceSel,
    ts: TsSel,
    token: u8,
    config: ConfigSel,
    now_delta: i16,
    /// Write non-ASCII nonce characters as `\u` escapes (as the core's sign() does).
    escape_non_ascii: bool,
    mutations: Vec<Mutation>,
}

/// One member of the HostSign object: raw JSON key and value, and the
/// whitespace before the key, before the colon, after it, and after the value.
#[derive(Clone, Debug)]
struct Member {
    key: String,
    value: String,
    ws: [String; 4],
}

/// JSON text for `s`: control characters, `"` and `\` always escaped as
/// `\u`, the character at `escape_at` too, and every non-ASCII one when asked.
pub fn json_string(s: &str, escape_at: Option<usize>, upper: bool, non_ascii: bool) -> String {
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        if Some(i) == escape_at || (non_ascii && !c.is_ascii()) || c < ' ' || c == '"' || c == '\\'
        {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                if upper {
                    let _ = write!(out, "\\u{u:04X}");
                } else {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

fn at_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn edit(s: &mut String, at: u16, delete: u8, insert: &str) {
    let start = at_boundary(s, usize::from(at));
    let end = at_boundary(s, start + usize::from(delete % 8));
    s.replace_range(start..end.max(start), insert);
}

impl Mutant {
    pub fn into_case(self) -> Case {
        let appid = match self.appid {
            BaseAppid::A => AppidSel::A,
            BaseAppid::B => AppidSel::B,
            BaseAppid::Tourist => AppidSel::Tourist,
            BaseAppid::Hex(n) => AppidSel::Hex(n),
        }
        .text();
        let version = match self.version {
            BaseVersion::Develop => VersionSel::Develop,
            BaseVersion::Devtools => VersionSel::Devtools,
            BaseVersion::Release(n) => VersionSel::Release(n),
        }
        .text();
        let noncestr = match &self.nonce {
            NonceSel::Hex(n) => format!("{n:032x}"),
            NonceSel::Text(s) => s.clone(),
        };
        let (digits, number) = match self.ts {
            TsSel::Number(n) => (
                (1_700_000_000u64 + u64::from(n % 100_000_000)).to_string(),
                true,
            ),
            TsSel::Big(n) => (n.to_string(), true),
            TsSel::Digits { value, zeros } => (
                format!("{}{value}", "0".repeat(usize::from(zeros % 4))),
                false,
            ),
        };
        let token = TOKENS[usize::from(self.token) % TOKENS.len()].to_owned();
        let sig = reference::signature_hex(&appid, &noncestr, &digits, &token);
        let mut members = vec![
            Member {
                key: "\"noncestr\"".into(),
                value: json_string(&noncestr, None, false, self.escape_non_ascii),
                ws: Default::default(),
            },
            Member {
                key: "\"timestamp\"".into(),
                value: if number {
                    digits.clone()
                } else {
                    format!("\"{digits}\"")
                },
                ws: Default::default(),
            },
            Member {
                key: "\"signature\"".into(),
                value: format!("\"{sig}\""),
                ws: Default::default(),
            },
        ];
        let mut outer: [String; 2] = Default::default();
        let mut referer = format!("https://servicewechat.com/{appid}/{version}/page-frame.html");
        let serialize = |members: &[Member], outer: &[String; 2]| {
            let body: Vec<String> = members
                .iter()
                .map(|m| {
                    format!(
                        "{}{}{}:{}{}{}",
                        m.ws[0], m.key, m.ws[1], m.ws[2], m.value, m.ws[3]
                    )
                })
                .collect();
            format!("{}{{{}}}{}", outer[0], body.join(","), outer[1])
        };
        let original = (referer.clone(), serialize(&members, &outer));
        let mut edits: Vec<&Mutation> = Vec::new();
        for m in &self.mutations {
            let pick = |i: u8, len: usize| (len > 0).then(|| usize::from(i) % len);
            match m {
                Mutation::EscapeKey { member, at, upper }
                | Mutation::EscapeValue { member, at, upper } => {
                    let Some(i) = pick(*member, members.len()) else {
                        continue;
                    };
                    let field = if matches!(m, Mutation::EscapeKey { .. }) {
                        &mut members[i].key
                    } else {
                        &mut members[i].value
                    };
                    if let Ok(text) = serde_json::from_str::<String>(field) {
                        let n = text.chars().count();
                        if n > 0 {
                            *field = json_string(&text, Some(usize::from(*at) % n), *upper, false);
                        }
                    }
                }
                Mutation::Duplicate { member, value } => {
                    let Some(i) = pick(*member, members.len()) else {
                        continue;
                    };
                    let mut copy = members[i].clone();
                    if let Some(v) = value {
                        copy.value = v.json();
                    }
                    members.push(copy);
                }
                Mutation::Remove { member } => {
                    if let Some(i) = pick(*member, members.len()) {
                        members.remove(i);
                    }
                }
                Mutation::Swap { a, b } => {
                    if let (Some(a), Some(b)) = (pick(*a, members.len()), pick(*b, members.len())) {
                        members.swap(a, b);
                    }
                }
                Mutation::SetValue { member, value } => {
                    if let Some(i) = pick(*member, members.len()) {
                        members[i].value = value.json();
                    }
                }
                Mutation::Add { key, value, at } => {
                    let at = usize::from(*at) % (members.len() + 1);
                    members.insert(
                        at,
                        Member {
                            key: key.json(),
                            value: value.json(),
                            ws: Default::default(),
                        },
                    );
                }
                Mutation::Whitespace { slot, ws } => {
                    let slots = members.len() * 4 + 2;
                    let s = usize::from(*slot) % slots;
                    if s < 2 {
                        outer[s].push_str(ws.text());
                    } else {
                        members[(s - 2) / 4].ws[(s - 2) % 4].push_str(ws.text());
                    }
                }
                Mutation::TimestampForm { string, zeros } => {
                    let z = "0".repeat(usize::from(zeros % 4));
                    for m in members.iter_mut().filter(|m| m.key == "\"timestamp\"") {
                        m.value = if *string {
                            format!("\"{z}{digits}\"")
                        } else {
                            format!("{z}{digits}")
                        };
                    }
                }
                Mutation::SignatureCase { mask } => {
                    for m in members.iter_mut().filter(|m| m.key == "\"signature\"") {
                        m.value = m
                            .value
                            .chars()
                            .enumerate()
                            .map(|(i, c)| {
                                if mask >> (i % 64) & 1 == 1 {
                                    c.to_ascii_uppercase()
                                } else {
                                    c
                                }
                            })
                            .collect();
                    }
                }
                Mutation::RefererVersion(v) => {
                    referer = format!(
                        "https://servicewechat.com/{appid}/{}/page-frame.html",
                        v.text()
                    );
                }
                Mutation::RefererAppid(a) => {
                    referer = format!(
                        "https://servicewechat.com/{}/{version}/page-frame.html",
                        a.text()
                    );
                }
                Mutation::RefererEdit { at, delete, insert } => {
                    edit(&mut referer, *at, *delete, insert)
                }
                Mutation::Unsigned { empty_strings } => {
                    let known = ["\"noncestr\"", "\"timestamp\"", "\"signature\""];
                    if *empty_strings {
                        for m in members
                            .iter_mut()
                            .filter(|m| known.contains(&m.key.as_str()))
                        {
                            m.value = "\"\"".into();
                        }
                    } else {
                        members.retain(|m| !known.contains(&m.key.as_str()));
                    }
                }
                Mutation::HostSignEdit { .. } | Mutation::Truncate { .. } => edits.push(m),
            }
        }
        let mut hostsign = serialize(&members, &outer);
        for m in edits {
            match m {
                Mutation::HostSignEdit { at, delete, insert } => {
                    edit(&mut hostsign, *at, *delete, insert)
                }
                Mutation::Truncate { keep } => {
                    let at = at_boundary(&hostsign, usize::from(*keep));
                    hostsign.truncate(at);
                }
                _ => {}
            }
        }

        let c = &self.config;
        let mask = |m: u8| {
            TOKENS
                .iter()
                .enumerate()
                .filter(move |(i, _)| m & (1 << i) != 0)
                .map(|(_, t)| (*t).to_owned())
        };
        let mut tokens: Vec<String> = mask(c.before).collect();
        tokens.push(token.clone());
        tokens.extend(mask(c.after));
        let config = Config {
            tokens,
            max_age: c.max_age.map(u64::from),
            clock_skew: u64::from(c.clock_skew),
            appids: c.appids.map(|m| {
                APPIDS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| m & (1 << i) != 0)
                    .map(|(_, a)| (*a).to_owned())
                    .collect()
            }),
            versions: c.versions.map(|m| {
                KINDS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| m & (1 << i) != 0)
                    .map(|(_, k)| *k)
                    .collect()
            }),
            strict_appid: !c.loose,
        };
        let seconds: u64 = digits.parse::<u64>().unwrap_or(0);
        Case {
            referer: Header::Value(referer),
            hostsign: Header::Value(hostsign),
            config,
            now: seconds.saturating_add_signed(i64::from(self.now_delta)),
            signed: Some(Signed {
                appid,
                noncestr,
                digits,
                token,
                referer: original.0,
                hostsign: original.1,
            }),
        }
    }
}
