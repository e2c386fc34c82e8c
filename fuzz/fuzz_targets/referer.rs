//! `parse_referer`, strict and loose, on any text: never panics, a result
//! is exactly the canonical Referer of its AppID and version, strict
//! acceptance implies loose acceptance.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    wechat_hostsign_fuzz::check::referer(&String::from_utf8_lossy(data));
});
