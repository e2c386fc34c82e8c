# Sourced by scripts/setup (after it defines say). cargo_install NAME VERSION [cargo install args…]
#
# Installs the crates.io tool NAME at exactly VERSION, first with --locked
# (the dependency versions its release locked). A registry mirror that lags
# by days (what most developers in China are told to use) may not serve a
# version that lockfile names yet; cargo then refuses with "failed to select
# a version for the requirement … (locked to …)". In that case, and only that
# one, the same tool version is installed again with its dependencies
# resolved afresh against what the registry does serve, and one line says so.
# Any other failure (no network, a compile error) stays a failure.
cargo_install() {
  local name=$1 version=$2; shift 2
  local log status
  log=$(mktemp)
  # The tools' builds are kept beside cargo's registry, in
  # $CARGO_HOME/tool-builds, so that a second install of the same version
  # (tests/setup/locked-fallback.sh, in every clone CI makes) links them in
  # seconds instead of compiling again.
  local target=${CARGO_TARGET_DIR:-${CARGO_HOME:-$HOME/.cargo}/tool-builds}
  set +e
  CARGO_TARGET_DIR=$target cargo install "$name" --version "$version" --locked "$@" 2>&1 | tee "$log" >&2
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -eq 0 ]; then rm -f "$log"; return 0; fi
  if grep -q 'failed to select a version for' "$log" && grep -q 'locked to ' "$log"; then
    rm -f "$log"
    say "the registry does not serve every dependency version $name $version locked yet; installing $name $version again with its dependencies resolved afresh (without --locked)"
    CARGO_TARGET_DIR=$target cargo install "$name" --version "$version" "$@" >&2
    return
  fi
  rm -f "$log"
  return "$status"
}
