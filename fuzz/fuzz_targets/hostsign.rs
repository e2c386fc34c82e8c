//! `parse_hostsign` on any text: never panics, results are well-formed and
//! round-trip through `format_hostsign`, refusals are UNSIGNED or
//! MALFORMED_HOSTSIGN with a fixed message.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    wechat_hostsign_fuzz::check::hostsign(&String::from_utf8_lossy(data));
});
