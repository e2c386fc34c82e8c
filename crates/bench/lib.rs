//! Native benchmarks of the `wechat-hostsign` core live in this crate's
//! benches (`core.rs`), outside the published crate.
