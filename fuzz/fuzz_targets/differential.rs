//! The core against a reference implementation of CONTRACT §2
//! (fuzz/src/reference.rs: serde_json, regex, sha1_smol, UTF-16 sorting):
//! the same outcome code for parse_referer, parse_hostsign and verify, and
//! the same values when verified. Same inputs as the verify target.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(case) = wechat_hostsign_fuzz::Case::decode(data) {
        wechat_hostsign_fuzz::check::differential(&case);
    }
});
