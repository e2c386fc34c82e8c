//! Nothing but tests: `tests/decisions.rs` pins each decision of the core
//! (limits at their last accepted value, the `UNSIGNED` rule, duplicate
//! keys against serde_json, the defaults of `sign()`), so that mutation
//! testing (`scripts/mutants rust`) can tell a wrong decision from a right
//! one. It is a crate of its own so that the published crate stays small.
