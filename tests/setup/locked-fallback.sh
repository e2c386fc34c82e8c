#!/usr/bin/env bash
# scripts/setup against a registry that lags behind (issue 20): a `cargo`
# earlier on PATH refuses every `cargo install … --locked` exactly as a
# lagging crates.io mirror does, and passes everything else to the real
# cargo. With wasm-bindgen hidden from PATH, `scripts/setup core` must still
# succeed, install wasm-bindgen-cli at Cargo.lock's version (resolving its
# dependencies afresh, saying so in one line) and change no tracked file.
# The control: a cargo that fails --locked for another reason (a compile
# error) must make setup fail, not fall back.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
real_cargo=$(command -v cargo)
cargo_bin=$(dirname "$real_cargo")
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail() { echo "locked-fallback: FAIL: $*" >&2; exit 1; }

# The shim directory: a fake cargo, and the rustup proxies setup and cargo use.
mkdir -p "$t/shim" "$t/root/bin"
for p in rustup rustc rustdoc; do ln -s "$cargo_bin/$p" "$t/shim/$p"; done
cat >"$t/shim/cargo" <<SH
#!/usr/bin/env bash
printf '%s\n' "\$*" >>"$t/calls"
if [ "\${1:-}" = install ]; then
  for a in "\$@"; do
    if [ "\$a" = --locked ]; then
      if [ "\${FAKE_FAILURE:-lag}" = lag ]; then
        cat >&2 <<'ERR'
    Updating crates.io index
error: failed to select a version for the requirement \`webpki-roots = "^1.0.10"\` (locked to 1.0.11)
candidate versions found which didn't match: 1.0.10, 1.0.9, 1.0.8, ...
location searched: crates.io index
required by package \`ureq v3.5.0\`
ERR
      else
        echo 'error: could not compile \`wasm-bindgen-cli\` (bin "wasm-bindgen") due to 1 previous error' >&2
      fi
      exit 101
    fi
  done
  [ "\${FAKE_FAILURE:-lag}" = lag ] || { echo 'error: could not compile' >&2; exit 101; }
fi
exec "$real_cargo" "\$@"
SH
chmod +x "$t/shim/cargo"

# PATH without the directory that holds the installed wasm-bindgen.
path=$t/shim:$t/root/bin
IFS=: read -r -a parts <<<"$PATH"
for p in "${parts[@]}"; do
  [ "$p" = "$cargo_bin" ] && continue
  [ -x "$p/wasm-bindgen" ] && continue
  path=$path:$p
done
PATH=$path command -v wasm-bindgen >/dev/null && fail "wasm-bindgen is still on the test's PATH"

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
before=$(git status --porcelain)

echo "--- a registry that refuses the locked versions: setup falls back"
# The tool builds share $CARGO_HOME/tool-builds with scripts/setup's own
# installs, so on a machine whose setup already built the tool this links
# what it built.
if ! PATH=$path CARGO_INSTALL_ROOT=$t/root scripts/setup core 2>"$t/log"; then
  tail -30 "$t/log" >&2; fail "scripts/setup failed behind a lagging registry"
fi
grep -q -- "install wasm-bindgen-cli --version $want --locked" "$t/calls" || fail "setup never tried --locked first"
grep -v -- --locked "$t/calls" | grep -q -- "install wasm-bindgen-cli --version $want" \
  || fail "setup did not install the same version without --locked"
[ "$(grep -c 'resolved afresh' "$t/log")" = 1 ] || { cat "$t/log" >&2; fail "setup did not say once that it resolved afresh"; }
got=$("$t/root/bin/wasm-bindgen" --version | awk '{print $2}')
[ "$got" = "$want" ] || fail "installed wasm-bindgen $got, Cargo.lock has $want"
grep 'resolved afresh' "$t/log"
echo "installed: wasm-bindgen $got (Cargo.lock: $want)"
[ "$(git status --porcelain)" = "$before" ] || { git status --porcelain >&2; fail "setup changed the tree"; }

echo "--- another failure of --locked (a compile error) is not a lagging registry: setup fails"
rm -rf "$t/root/bin/wasm-bindgen" "$t/calls"
if PATH=$path CARGO_INSTALL_ROOT=$t/root FAKE_FAILURE=compile scripts/setup core 2>"$t/log2"; then
  fail "setup succeeded although cargo install failed for another reason"
fi
grep -q 'resolved afresh' "$t/log2" && fail "setup fell back on an error that is not a lagging registry"
[ "$(grep -c -- 'install wasm-bindgen-cli' "$t/calls")" = 1 ] || fail "setup retried after a compile error"
echo "setup failed as it should: $(grep -m1 'could not compile' "$t/log2")"
[ "$(git status --porcelain)" = "$before" ] || fail "setup changed the tree"
echo "locked-fallback: 2 passed, 0 failed"
