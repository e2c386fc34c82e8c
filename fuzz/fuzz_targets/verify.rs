//! `Verifier::verify` on a whole request: raw inputs (two header values,
//! tokens, options and a clock; seeded from tests/vectors) and structured
//! ones (sign, then mutate, then verify; first byte 0xFE). Asserts the order
//! of checks, that a verified result was signed by the token it names with
//! exactly the values that were signed, the freshness window, and static
//! messages. See fuzz/src/lib.rs for the input layout.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(case) = wechat_hostsign_fuzz::Case::decode(data) {
        wechat_hostsign_fuzz::check::verify(&case);
    }
});
