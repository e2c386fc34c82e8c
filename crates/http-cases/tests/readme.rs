//! The crate READMEs (README.crate.md and its Chinese twin, and the adapter
//! and tower crates' READMEs): every Rust block names the file it comes from with
//! `<!-- file: PATH -->` on the line before, and is an exact excerpt of it
//! (of a doc example, for `src/` files: `//!` and `///` removed). The files
//! are the tested examples and doctests, so no snippet can drift.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Block {
    lang: String,
    file: Option<String>,
    code: String,
}

fn blocks(md: &str) -> Vec<Block> {
    let lines: Vec<&str> = md.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(lang) = lines[i].strip_prefix("```") {
            let marker = i.checked_sub(1).map(|p| lines[p].trim());
            let file = marker
                .and_then(|m| m.strip_prefix("<!-- file: "))
                .and_then(|m| m.strip_suffix(" -->"))
                .map(str::to_owned);
            let end = (i + 1..lines.len())
                .find(|&j| lines[j].trim_end() == "```")
                .expect("an unclosed code block");
            out.push(Block {
                lang: lang.trim().to_owned(),
                file,
                code: lines[i + 1..end].join("\n"),
            });
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

fn norm(s: &str) -> String {
    s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

/// The file as written, and (for Rust) its doc examples' text.
fn texts(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let docs = text
        .lines()
        .map(|l| {
            let t = l.trim_start();
            for prefix in ["//! ", "/// "] {
                if let Some(rest) = t.strip_prefix(prefix) {
                    return rest;
                }
            }
            if t == "//!" || t == "///" { "" } else { l }
        })
        .collect::<Vec<_>>()
        .join("\n");
    vec![norm(&text), norm(&docs)]
}

/// Checks one README; returns the files its snippets come from.
fn check(readme: &str) -> BTreeSet<String> {
    let md = std::fs::read_to_string(root().join(readme)).unwrap();
    let mut files = BTreeSet::new();
    let mut rust = 0;
    for b in blocks(&md) {
        rust += usize::from(b.lang == "rust");
        let Some(file) = b.file else {
            assert_ne!(
                b.lang, "rust",
                "{readme}: a Rust block has no <!-- file: … --> marker:\n{}",
                b.code
            );
            continue;
        };
        let code = norm(&b.code);
        assert!(
            texts(&file).iter().any(|t| t.contains(&code)),
            "{readme}: the snippet is not in {file}:\n{code}"
        );
        files.insert(file);
    }
    assert!(rust > 0, "{readme} has no Rust block");
    files
}

#[test]
fn crate_readmes_are_excerpts_of_tested_files() {
    let every = [
        "src/lib.rs",
        "src/sign.rs",
        "crates/axum/examples/axum_server.rs",
        "crates/actix-web/examples/actix_server.rs",
        "examples/worker-rust/src/lib.rs",
    ];
    for readme in ["README.crate.md", "README.crate.zh-CN.md"] {
        let files = check(readme);
        for f in every {
            assert!(files.contains(f), "{readme} has no snippet from {f}");
        }
    }
    assert!(check("crates/axum/README.md").contains("crates/axum/examples/axum_server.rs"));
    assert!(
        check("crates/actix-web/README.md").contains("crates/actix-web/examples/actix_server.rs")
    );
    assert!(check("crates/tower/README.md").contains("crates/tower/examples/hyper_server.rs"));
}

#[test]
fn the_check_catches_a_drifted_snippet() {
    let md = std::fs::read_to_string(root().join("README.crate.md")).unwrap();
    let drifted = md.replace(".with_state(Arc::new(verifier))", ".with_state(verifier)");
    assert_ne!(drifted, md);
    let b = blocks(&drifted)
        .into_iter()
        .find(|b| b.code.contains(".with_state(verifier)"))
        .unwrap();
    let code = norm(&b.code);
    assert!(
        !texts(b.file.as_deref().unwrap())
            .iter()
            .any(|t| t.contains(&code))
    );
}
