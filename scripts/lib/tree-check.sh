# Sourced by .ci/run and scripts/test: fails, printing the diff, when a step
# changed a tracked file (or left an untracked one that is not ignored).
tree_check_begin() { TREE_CHECK_BEFORE=$(git status --porcelain 2>/dev/null || true); }
tree_check() {
  local now
  now=$(git status --porcelain 2>/dev/null || true)
  [ "$now" = "$TREE_CHECK_BEFORE" ] && return 0
  {
    echo "ci: $1 changed the tree; nothing may change a tracked file:"
    diff <(printf '%s\n' "$TREE_CHECK_BEFORE") <(printf '%s\n' "$now") | sed -n 's/^> /  /p'
    git --no-pager diff --stat
    git --no-pager diff | head -80
  } >&2
  return 1
}
