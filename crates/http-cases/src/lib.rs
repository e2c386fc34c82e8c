//! The cases every Rust HTTP adapter is tested with, sent as raw HTTP/1.1
//! over a real TCP connection to a server on 127.0.0.1, so that what reaches
//! the framework is exactly what a client sent: a header twice, bytes that
//! are not UTF-8, valid non-ASCII UTF-8.
//!
//! The server under test verifies with the tokens [`TOKENS`] and answers a
//! verified request with 200 and the verified result as JSON (the core's
//! `Serialize`), a refused one with the adapter's 401 JSON body.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;
use wechat_hostsign::{Reason, SignRequest, Version, unix_now};

/// The server's tokens: the current one, then the old one (rotation).
pub const TOKENS: [&str; 2] = ["plugin-token-new", "plugin-token-old"];
/// The AppID the cases sign for.
pub const APPID: &str = "wx0123456789abcdef";

/// A response: status, lowercase header names with their values, body.
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The headers, names lowercase.
    pub headers: Vec<(String, String)>,
    /// The body (chunked encoding removed).
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    /// The body as JSON (panics if it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// Sends `GET path` with exactly these header lines (raw bytes, in order)
/// and reads the whole response (`Connection: close`).
pub fn get(addr: SocketAddr, path: &str, headers: &[(&str, Vec<u8>)]) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n").into_bytes();
    for (name, value) in headers {
        request.extend_from_slice(name.as_bytes());
        request.extend_from_slice(b": ");
        request.extend_from_slice(value);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"\r\n");
    stream.write_all(&request).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse(&raw)
}

fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..end]).unwrap().trim(), 16)
                .unwrap();
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[end + 2..end + 2 + size]);
            rest = &rest[end + 2 + size + 2..];
        }
        body = out;
    }
    Response {
        status,
        headers,
        body,
    }
}

/// What a case must get back.
#[derive(Clone, Copy, Debug)]
pub enum Expect {
    /// 200, verified with this token index.
    Verified(usize),
    /// 401 with this reason's code and message.
    Refused(Reason),
}

/// One request: a name, its header lines, and the outcome.
pub struct Case {
    /// What it tests.
    pub name: &'static str,
    /// The header lines, raw.
    pub headers: Vec<(&'static str, Vec<u8>)>,
    /// The outcome.
    pub expect: Expect,
}

fn pair(referer: &[u8], hostsign: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("Referer", referer.to_vec()),
        ("X-WECHAT-HOSTSIGN", hostsign.to_vec()),
    ]
}

/// The cases, signed now (nonce random unless given).
pub fn cases() -> Vec<Case> {
    let now = unix_now();
    let fresh = SignRequest::new(APPID, TOKENS[0])
        .version(Version::Release(7))
        .sign()
        .unwrap();
    let old_token = SignRequest::new(APPID, TOKENS[1]).sign().unwrap();
    let (r, h) = (fresh.referer.as_bytes(), fresh.hostsign.as_bytes());
    // A nonce with non-ASCII text, sent as raw UTF-8 (valid JSON).
    let accented = SignRequest::new(APPID, TOKENS[0])
        .noncestr("caf\u{e9}")
        .sign()
        .unwrap();
    let accented_raw = accented.hostsign.replace("\\u00e9", "\u{e9}");
    assert!(accented_raw.contains('\u{e9}'));
    let tampered = {
        let last = fresh.signature.as_str().chars().last().unwrap();
        let swap = if last == '0' { "1" } else { "0" };
        let sig = fresh.signature.as_str();
        fresh
            .hostsign
            .replace(sig, &format!("{}{swap}", &sig[..39]))
    };
    let expired = SignRequest::new(APPID, TOKENS[0])
        .timestamp(now - 1000)
        .sign()
        .unwrap();
    let future = SignRequest::new(APPID, TOKENS[0])
        .timestamp(now + 1000)
        .sign()
        .unwrap();
    let accented_referer = fresh
        .referer
        .replace("wx0123456789abcdef", "wx0123456789abcd\u{e9}");
    let mut latin1_hostsign = fresh.hostsign.clone().into_bytes();
    latin1_hostsign.splice(2..2, [0xe9u8]); // {"\xe9noncestr": not UTF-8
    let mut both_twice = pair(r, h);
    both_twice.push(("x-wechat-hostsign", h.to_vec()));
    let mut referer_twice = pair(r, h);
    referer_twice.push(("referer", r.to_vec()));
    vec![
        Case {
            name: "valid",
            headers: pair(r, h),
            expect: Expect::Verified(0),
        },
        Case {
            name: "valid, old token",
            headers: pair(old_token.referer.as_bytes(), old_token.hostsign.as_bytes()),
            expect: Expect::Verified(1),
        },
        Case {
            name: "valid, non-ASCII nonce as raw UTF-8",
            headers: pair(accented.referer.as_bytes(), accented_raw.as_bytes()),
            expect: Expect::Verified(0),
        },
        Case {
            name: "tampered signature",
            headers: pair(r, tampered.as_bytes()),
            expect: Expect::Refused(Reason::BadSignature),
        },
        Case {
            name: "HostSign twice",
            headers: both_twice,
            expect: Expect::Refused(Reason::HostsignRepeated),
        },
        Case {
            name: "Referer twice",
            headers: referer_twice,
            expect: Expect::Refused(Reason::RefererRepeated),
        },
        Case {
            name: "non-ASCII Referer (valid UTF-8)",
            headers: pair(accented_referer.as_bytes(), h),
            expect: Expect::Refused(Reason::RefererAppid),
        },
        Case {
            name: "HostSign not UTF-8",
            headers: pair(r, &latin1_hostsign),
            expect: Expect::Refused(Reason::HostsignNotText),
        },
        Case {
            name: "expired",
            headers: pair(expired.referer.as_bytes(), expired.hostsign.as_bytes()),
            expect: Expect::Refused(Reason::Expired),
        },
        Case {
            name: "from the future",
            headers: pair(future.referer.as_bytes(), future.hostsign.as_bytes()),
            expect: Expect::Refused(Reason::NotYetValid),
        },
        Case {
            name: "unsigned",
            headers: pair(r, b"{}"),
            expect: Expect::Refused(Reason::Unsigned),
        },
        Case {
            name: "HostSign missing",
            headers: vec![("Referer", r.to_vec())],
            expect: Expect::Refused(Reason::MissingHostsign),
        },
        Case {
            name: "both missing",
            headers: vec![],
            expect: Expect::Refused(Reason::MissingReferer),
        },
    ]
}

/// Sends every case to `path` on `addr` and checks each response; returns
/// how many were checked.
pub fn check_all(addr: SocketAddr, path: &str) -> usize {
    let cases = cases();
    for case in &cases {
        check(addr, path, case);
    }
    cases.len()
}

/// Sends one case and checks the response.
pub fn check(addr: SocketAddr, path: &str, case: &Case) {
    let res = get(addr, path, &case.headers);
    let name = case.name;
    match case.expect {
        Expect::Verified(token_index) => {
            assert_eq!(
                res.status,
                200,
                "{name}: {:?}",
                String::from_utf8_lossy(&res.body)
            );
            let v = res.json();
            assert_eq!(v["appid"], APPID, "{name}: {v}");
            assert_eq!(v["tokenIndex"], token_index, "{name}: {v}");
            assert!(v["age"].as_i64().unwrap().abs() <= 2, "{name}: {v}");
        }
        Expect::Refused(reason) => {
            assert_eq!(
                res.status,
                401,
                "{name}: {:?}",
                String::from_utf8_lossy(&res.body)
            );
            let ct = res.header("content-type").unwrap_or_default();
            assert!(
                ct.starts_with("application/json"),
                "{name}: content-type {ct}"
            );
            let v = res.json();
            assert_eq!(v["error"], reason.code().as_str(), "{name}: {v}");
            assert_eq!(v["message"], reason.message(), "{name}: {v}");
            assert_eq!(v.as_object().unwrap().len(), 2, "{name}: {v}");
        }
    }
}
